"""What never imports what (../shared/docs/ARCHITECTURE.md, "What never imports what"), read
from the source with `ast`, imports inside functions included.

The rules cover the packages already in the feature layout (issue #15 moves the rest one
feature at a time; each move adds its package here):
- a feature imports only itself and the shared modules, never another feature's internals, Rasa,
  rasa-sdk or Sanic;
- the channels and what Rasa loads by dotted path never import the actions or start-up code;
- `actions/` never imports Rasa, the channels, what Rasa loads by dotted path, or start-up code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

SHARED = ("bot.settings", "bot.replies", "bot.language")
SERVER_LIBRARIES = ("rasa", "rasa_sdk", "sanic")
# feature package -> what it may import from bot/ besides itself and SHARED
FEATURES: dict[str, tuple[str, ...]] = {
    "bot.safety": (),
    # the daily retention job empties every store; each store owns its own delete
    "bot.privacy": ("bot.intake.store", "bot.channels.sms.store"),
    "bot.content": (),
    "bot.triage": (),
    "bot.intake": (),
    # the staff report reads what other features say: their values, never their workings
    "bot.insights": (
        "bot.content.reviews",
        "bot.content.store",
        "bot.intake.availability",
        "bot.privacy.log_redaction",
        "bot.safety.models",
    ),
}
START_UP = ("bot.launch",)
# never imported by actions/: Rasa itself, channels, Rasa plugins, start-up
NOT_FROM_ACTIONS = ("rasa", "sanic", "bot.channels", "bot.rasa_plugins", *START_UP)


def module_name(path: Path, root: Path = PROJECT_ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = PROJECT_ROOT) -> set[str]:
    """Every module `path` imports (and each name it imports from one, which may be a module),
    at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the file's own package
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1],
                                 *([base] if base else [])])  # fmt: skip
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in prefixes)


def sources(package: str) -> list[Path]:
    folder = PROJECT_ROOT.joinpath(*package.split("."))
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]


@pytest.mark.parametrize("module", ["bot.settings", "bot.replies"])
def test_the_shared_modules_import_nothing_from_bot(module):
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in sources(module)
        for name in imports_of(path)
        if name.startswith("bot.") and not within(name, (module,))
    }
    assert not wrong, sorted(wrong)


def test_the_shared_readers_import_nothing_else_from_bot():
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in sources("bot.language")
        for name in imports_of(path)
        if name.startswith("bot.") and not within(name, ("bot.language", "bot.settings"))
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_a_feature_imports_only_itself_and_the_shared_modules(feature):
    allowed = (feature, *SHARED, *FEATURES[feature])
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in sources(feature)
        for name in imports_of(path)
        if (name.startswith("bot.") and not within(name, allowed)) or within(name, SERVER_LIBRARIES)
    }
    assert not wrong, sorted(wrong)


def test_only_ops_scripts_and_the_makefile_reach_start_up():
    wrong = {
        f"{module_name(path)} imports {name}"
        for package in ("bot", "actions")
        for path in sources(package)
        if not within(module_name(path), START_UP)
        for name in imports_of(path)
        if within(name, START_UP)
    }
    assert not wrong, sorted(wrong)


def test_channels_and_plugins_never_import_actions_or_start_up():
    wrong = {
        f"{module_name(path)} imports {name}"
        for package in ("bot.channels", "bot.rasa_plugins")
        for path in sources(package)
        for name in imports_of(path)
        if within(name, ("actions", *START_UP))
    }
    assert not wrong, sorted(wrong)


def test_actions_never_import_rasa_channels_plugins_or_start_up():
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in sources("actions")
        for name in imports_of(path)
        if within(name, NOT_FROM_ACTIONS)
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import bot.content\n", {"bot.content"}),
        ("from bot.intake import store\n", {"bot.intake", "bot.intake.store"}),
        ("def f():\n    from bot.triage import run\n", {"bot.triage", "bot.triage.run"}),
        ("from .models import Tier\n", {"bot.safety.models", "bot.safety.models.Tier"}),
    ],
)
def test_imports_are_found_at_the_top_and_inside_functions(tmp_path, source, expected):
    package = tmp_path / "bot" / "safety"
    package.mkdir(parents=True)
    path = package / "detector.py"
    path.write_text(source)
    assert imports_of(path, root=tmp_path) == expected


def import_graph(packages: tuple[str, ...] = ("bot", "actions")) -> dict[str, set[str]]:
    """Module -> the project modules it imports (a name imported from a module counts as that
    module; a package's `__init__` is left out: ours import nothing)."""
    paths = {module_name(path): path for package in packages for path in sources(package)}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets = set()
        for name in imports_of(path):
            while name and name not in paths:
                name = name.rpartition(".")[0]
            if name and name != module and paths[name].name != "__init__.py":
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the list of modules around it."""
    found: list[list[str]] = []
    seen: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circle = path[path.index(module) :]
            if not any(set(circle) == set(c) for c in found):
                found.append(circle)
            return
        if module in seen:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        seen.add(module)

    for module in sorted(graph):
        visit(module, [])
    return found


def test_no_module_imports_itself_round_a_circle():
    assert cycles(import_graph()) == []


def test_a_circle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
