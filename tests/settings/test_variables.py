"""Each setting is declared once (bot/settings/variables.py); the dataclass, `.env.example` and
the README's "Settings" table must say the same."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.settings import PROJECT_ROOT, Settings
from bot.settings.variables import VARIABLES, Variable

ENV_EXAMPLE = PROJECT_ROOT / ".env.example"
README = PROJECT_ROOT / "README.md"
_ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")
_README_ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \| (.*) \| (.*) \|$")
NOT_SETTINGS = {"spacy_model_dir"}  # a build path config.yml names, not a variable


def env_example() -> dict[str, str]:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    return {m.group(1): m.group(2) for line in lines if (m := _ASSIGNMENT.match(line))}


def readme_rows() -> list[tuple[str, str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return [m.groups() for line in section.splitlines() if (m := _README_ROW.match(line))]


def test_names_and_fields_are_declared_once():
    names = [v.name for v in VARIABLES]
    fields = [v.field for v in VARIABLES]
    assert len(set(names)) == len(names)
    assert len(set(fields)) == len(fields)


def test_the_dataclass_has_a_field_for_every_variable_and_nothing_else():
    declared = {f.name for f in dataclasses.fields(Settings)} - NOT_SETTINGS
    assert declared == {v.field for v in VARIABLES}


def test_secrets_are_kept_out_of_the_repr():
    hidden = {f.name for f in dataclasses.fields(Settings) if not f.repr}
    assert hidden == {v.field for v in VARIABLES if v.secret}


def test_env_example_sets_every_variable_and_nothing_else():
    assert list(env_example()) == [v.name for v in VARIABLES]


@pytest.mark.parametrize("variable", VARIABLES, ids=lambda v: v.name)
def test_env_example_shows_the_default_or_leaves_a_computed_one_empty(variable: Variable):
    shown = env_example()[variable.name]
    if variable.derive:
        assert shown in ("", variable.shown_default)
    else:
        assert shown == variable.default


def test_the_readme_table_is_the_declarations():
    expected = [(v.name, v.readme_default, v.meaning) for v in VARIABLES]
    table = "\n".join(f"| `{n}` | {d} | {m} |" for n, d, m in expected)
    assert readme_rows() == expected, f"README.md's Settings table should read:\n{table}"


@pytest.mark.parametrize("variable", VARIABLES, ids=lambda v: v.name)
def test_every_default_is_readable(variable: Variable):
    defaults = Settings.from_environ({})
    value = getattr(defaults, variable.field)
    assert variable.parse(variable.to_text(value), variable.name) == value


@pytest.mark.parametrize(
    "variable", [v for v in VARIABLES if not v.derive and v.default], ids=lambda v: v.name
)
def test_an_empty_variable_takes_its_default(variable: Variable):
    assert Settings.from_environ({variable.name: "  "}) == Settings.from_environ({})
