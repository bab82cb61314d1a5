"""The content store: every treatment fact the assistant says comes from `content/topics/`.

One YAML file per topic, written from the center's medically reviewed article, and the UI texts
in `content/ui.yml`. Every topic also carries its Spanish text (an `es:` block: title, label, web,
sms, `translated_by` and `translation_reviewed`, empty until the center's reviewer signs it off),
and `content/ui.es.yml` has the UI texts in Spanish; `ContentStore.in_language("es")` is the same
store speaking Spanish, so the code that builds replies never chooses a language itself.
The store is loaded and validated once (when the action server starts); a bad file raises
`ContentError` naming the file and the field, so a broken edit never reaches a visitor.
`python -m bot.content` validates it after an edit (bot/content/__main__.py).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path
from types import MappingProxyType

import yaml

from bot.language.conversation_language import ENGLISH, LANGUAGES

SMS_MAX_CHARS = 320
LABEL_MAX_CHARS = 24
ALLOWED_PLACEHOLDERS = frozenset({"hotline"})
# UI texts may also name the facts the actions fill in (who reviewed a topic, what was said)
UI_PLACEHOLDERS = ALLOWED_PLACEHOLDERS | {"reviewer", "verified", "facts"}
REQUIRED_FIELDS = (
    "id",
    "title",
    "label",
    "web",
    "sms",
    "source_section",
    "reviewed_by",
    "verified",
    "follow_ups",
    "program",
)
# keeps_program: asked without naming a program, the topic is answered as it is, not moved to
# its counterpart for the program the conversation was about (evening sessions are an OP
# option: "evenings?" after an IOP answer is still answered with them)
# time_of_day: the topic tells when in the day the program's sessions happen (daytime, evenings):
# "and for OP?" after a question about evenings or nights is answered with the other program's
# time_of_day topic rather than its usual counterpart
OPTIONAL_FIELDS = ("in_context", "keeps_program", "time_of_day")
# the languages a conversation can be in; English is the topic's own fields, every other one a
# block of the topic file named after it, with these fields (all required, the date may be empty)
DEFAULT_LANGUAGE = ENGLISH
TRANSLATED_LANGUAGES = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)
TRANSLATED_FIELDS = ("title", "label", "web", "sms")
TRANSLATION_FIELDS = (*TRANSLATED_FIELDS, "translated_by", "translation_reviewed")
# which program a topic is about: a follow-up ("and for OP?") moves to the other one
PROGRAMS = ("iop", "op", "both")
# what a context-dependent follow-up maps to, per topic (`in_context:` in a topic file);
# the intent `ask_<kind>` asks it ("what about regular outpatient?" = ask_other_program)
IN_CONTEXT_KINDS = ("other_program", "more_detail", "program_name", "next_step")
UI_KEYS = (
    "talk_to_someone",
    "help_me_choose",
    "call_hotline",
    "hotline_handoff",
    "hotline_handoff_sms",
    "suggest_topics",
    "suggest_topics_sms",
    "schedule_intake",
    "ask_another_question",
    "intake_consent",
    "consent_yes",
    "consent_no",
    "intake_asap",
    "intake_attach_note",
    "empty_message",
    "long_message_note",
    "rate_limited",
    "turn_failed",
    "turn_failed_crisis",
    "too_many_connections",
    "or_were_you_asking",
    "not_in_article",
    "content_source",
    "content_source_sms",
    "situation_opening",
    "situation_opening_loved_one",
    "situation_works",
    "situation_next",
    "situation_sms",
    "help_them_choose",
    "triage_prefilled",
    "form_noted_unsure",
    "own_past_line",
    "language_switched",
)
_TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MARKDOWN = re.compile(r"\*\*|__|^\s*[-*] |\[[^\]]*\]\(", re.MULTILINE)


class ContentError(ValueError):
    """A content file is missing, malformed or inconsistent."""

    def __init__(self, file: Path | str, field: str | None, problem: str) -> None:
        self.file = str(file)
        self.field = field
        where = f"{self.file}: field '{field}'" if field else self.file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Translation:
    """A topic's text in another language, and who translated it; `reviewed` stays None until
    the center's reviewer has checked it against the article (`make content` lists those)."""

    title: str
    label: str
    web: str
    sms: str
    translated_by: str
    reviewed: dt.date | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    label: str
    web: str
    sms: str
    source_section: str
    reviewed_by: str
    verified: dt.date
    follow_ups: tuple[str, ...]
    program: str = "both"
    in_context: Mapping[str, str] = dataclass_field(default_factory=dict)
    keeps_program: bool = False
    time_of_day: bool = False
    translations: Mapping[str, Translation] = dataclass_field(default_factory=dict)

    def web_text(self, **values: str) -> str:
        return self.web.strip().format_map(_Strict(values))

    def sms_text(self, **values: str) -> str:
        return " ".join(self.sms.split()).format_map(_Strict(values))


def _translated(topic: Topic, language: str) -> Topic:
    translation = topic.translations[language]
    return replace(
        topic,
        **{field: getattr(translation, field) for field in TRANSLATED_FIELDS},
    )


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"content placeholder {{{key}}} has no value")


class ContentStore:
    """Validated topics by id (iteration is in id order) and the UI words around them."""

    def __init__(
        self,
        topics: Mapping[str, Topic],
        ui: Mapping[str, str],
        ui_translations: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self._topics = dict(sorted(topics.items()))
        self._ui = dict(ui)
        self.language = DEFAULT_LANGUAGE
        self._views: dict[str, ContentStore] = {DEFAULT_LANGUAGE: self}
        for language, words in (ui_translations or {}).items():
            view = ContentStore(
                {
                    topic_id: _translated(topic, language)
                    for topic_id, topic in self._topics.items()
                },
                words,
            )
            view.language = language
            view._views = self._views
            self._views[language] = view

    def in_language(self, language: str | None) -> ContentStore:
        """The same topics and UI words in `language`; English for None or a language the store
        has no text for."""
        return self._views.get(language or DEFAULT_LANGUAGE, self._views[DEFAULT_LANGUAGE])

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._views)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._topics

    def __iter__(self) -> Iterator[Topic]:
        return iter(self._topics.values())

    def __len__(self) -> int:
        return len(self._topics)

    def get(self, topic_id: str) -> Topic | None:
        return self._topics.get(topic_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._topics)

    def ui(self, key: str, **values: str) -> str:
        return " ".join(self._ui[key].split()).format_map(_Strict(values))


def load_content(directory: Path) -> ContentStore:
    topics_dir = Path(directory) / "topics"
    files = sorted(topics_dir.glob("*.yml"))
    if not files:
        raise ContentError(topics_dir, None, "no topic files (*.yml) found")
    topics = {}
    for file in files:
        topic = _load_topic(file)
        topics[topic.id] = topic
    for topic in topics.values():
        for follow_up in topic.follow_ups:
            if follow_up not in topics:
                raise ContentError(
                    topics_dir / f"{topic.id}.yml", "follow_ups", f"unknown topic '{follow_up}'"
                )
        for kind, target in topic.in_context.items():
            if target not in topics:
                raise ContentError(
                    topics_dir / f"{topic.id}.yml",
                    f"in_context.{kind}",
                    f"unknown topic '{target}'",
                )
        other = topic.in_context.get("other_program")
        if other is not None and topics[other].program in (topic.program, "both"):
            raise ContentError(
                topics_dir / f"{topic.id}.yml",
                "in_context.other_program",
                f"'{other}' must be about the other program than '{topic.program}'",
            )
    timed: dict[str, str] = {}
    for topic in topics.values():
        if topic.time_of_day and topic.program in timed:
            raise ContentError(
                topics_dir / f"{topic.id}.yml",
                "time_of_day",
                f"is set on '{timed[topic.program]}' too: one topic per program",
            )
        if topic.time_of_day:
            timed[topic.program] = topic.id
    ui = _load_ui(Path(directory) / "ui.yml")
    ui_translations = {}
    for language in TRANSLATED_LANGUAGES:
        file = Path(directory) / f"ui.{language}.yml"
        ui_translations[language] = _load_ui(file)
        for key in UI_KEYS:
            _check_same_placeholders(file, key, ui_translations[language][key], ui[key])
    return ContentStore(topics, ui, ui_translations)


def _load_ui(file: Path) -> dict[str, str]:
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(file, None, "is missing") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ContentError(file, None, f"not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ContentError(file, None, "must be a mapping of keys to text")
    for key in UI_KEYS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ContentError(file, key, "is missing or not text")
        _check_placeholders(file, key, raw[key], UI_PLACEHOLDERS)
    unknown = sorted(set(raw) - set(UI_KEYS))
    if unknown:
        raise ContentError(file, unknown[0], "is not a known key")
    return {key: raw[key] for key in UI_KEYS}


def _load_topic(file: Path) -> Topic:
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ContentError(file, None, f"not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ContentError(file, None, "must be a mapping of fields")

    for field in REQUIRED_FIELDS:
        if raw.get(field) in (None, "", []):
            raise ContentError(file, field, "is missing or empty")
    unknown = sorted(
        set(raw) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS) - set(TRANSLATED_LANGUAGES)
    )
    if unknown:
        raise ContentError(file, unknown[0], "is not a known field")
    if raw["program"] not in PROGRAMS:
        raise ContentError(file, "program", f"must be one of {', '.join(PROGRAMS)}")
    in_context = raw.get("in_context") or {}
    if not isinstance(in_context, dict) or not all(isinstance(v, str) for v in in_context.values()):
        raise ContentError(file, "in_context", "must map follow-up kinds to topic ids")
    for kind in in_context:
        if kind not in IN_CONTEXT_KINDS:
            raise ContentError(
                file, f"in_context.{kind}", f"is not a kind ({', '.join(IN_CONTEXT_KINDS)})"
            )

    for flag in ("keeps_program", "time_of_day"):
        if not isinstance(raw.get(flag, False), bool):
            raise ContentError(file, flag, "must be true or false")

    for field in ("id", "title", "label", "web", "sms", "source_section", "reviewed_by"):
        if not isinstance(raw[field], str):
            raise ContentError(file, field, "must be text")
    if raw["id"] != file.stem:
        raise ContentError(file, "id", f"'{raw['id']}' must match the file name '{file.stem}'")
    if not _TOPIC_ID.match(raw["id"]):
        raise ContentError(file, "id", "must be snake_case (it is also the intent ask_<id>)")
    if len(raw["label"]) > LABEL_MAX_CHARS:
        raise ContentError(file, "label", f"must be at most {LABEL_MAX_CHARS} characters")
    if not isinstance(raw["verified"], dt.date):
        raise ContentError(file, "verified", "must be a date like 2024-02-01")
    follow_ups = raw["follow_ups"]
    if not isinstance(follow_ups, list) or not all(isinstance(t, str) for t in follow_ups):
        raise ContentError(file, "follow_ups", "must be a list of topic ids")
    if raw["id"] in follow_ups:
        raise ContentError(file, "follow_ups", "must not point to the topic itself")

    for field in ("web", "sms", "title"):
        _check_placeholders(file, field, raw[field])
    _check_sms(file, "sms", raw["sms"])
    translations = {
        language: _load_translation(file, language, raw) for language in TRANSLATED_LANGUAGES
    }

    return Topic(
        id=raw["id"],
        title=raw["title"].strip(),
        label=raw["label"].strip(),
        web=raw["web"],
        sms=raw["sms"],
        source_section=raw["source_section"].strip(),
        reviewed_by=raw["reviewed_by"].strip(),
        verified=raw["verified"],
        follow_ups=tuple(follow_ups),
        program=raw["program"],
        in_context=MappingProxyType(dict(in_context)),
        keeps_program=raw.get("keeps_program", False),
        time_of_day=raw.get("time_of_day", False),
        translations=MappingProxyType(translations),
    )


def _check_sms(file: Path, field: str, text: str) -> None:
    if _MARKDOWN.search(text):
        raise ContentError(file, field, "must be plain text (no Markdown)")
    if len(" ".join(text.split()).replace("{hotline}", "866-797-7962")) > SMS_MAX_CHARS:
        raise ContentError(file, field, f"must be at most {SMS_MAX_CHARS} characters")


def _load_translation(file: Path, language: str, raw: Mapping[str, object]) -> Translation:
    """The topic's `<language>:` block: every translated field, the same placeholders as the
    English, the same limits (label, SMS), who translated it and when it was reviewed."""
    block = raw.get(language)
    if not isinstance(block, dict):
        raise ContentError(
            file, language, f"is missing: every topic needs its text in '{language}'"
        )
    for key in TRANSLATION_FIELDS:
        if key not in block:
            raise ContentError(file, f"{language}.{key}", "is missing")
    unknown = sorted(set(block) - set(TRANSLATION_FIELDS))
    if unknown:
        raise ContentError(file, f"{language}.{unknown[0]}", "is not a known field")
    for key in (*TRANSLATED_FIELDS, "translated_by"):
        if not isinstance(block[key], str) or not block[key].strip():
            raise ContentError(file, f"{language}.{key}", "is missing or not text")
    for key in ("title", "web", "sms"):
        _check_same_placeholders(file, f"{language}.{key}", block[key], str(raw[key]))
    if len(block["label"].strip()) > LABEL_MAX_CHARS:
        raise ContentError(
            file, f"{language}.label", f"must be at most {LABEL_MAX_CHARS} characters"
        )
    _check_sms(file, f"{language}.sms", block["sms"])
    reviewed = block["translation_reviewed"]
    if reviewed is not None and not isinstance(reviewed, dt.date):
        raise ContentError(
            file, f"{language}.translation_reviewed", "must be empty or a date like 2027-01-15"
        )
    return Translation(
        title=block["title"].strip(),
        label=block["label"].strip(),
        web=block["web"],
        sms=block["sms"],
        translated_by=block["translated_by"].strip(),
        reviewed=reviewed,
    )


def _placeholders(file: Path, field: str, text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ContentError(file, field, f"has a broken {{placeholder}}: {error}") from None


def _check_same_placeholders(file: Path, field: str, text: str, original: str) -> None:
    """A translation fills in exactly what the English fills in."""
    have, want = _placeholders(file, field, text), _placeholders(file, field, original)
    if have != want:
        names = ", ".join(f"{{{name}}}" for name in sorted(want)) or "none"
        raise ContentError(file, field, f"must have the English text's placeholders ({names})")


def _check_placeholders(
    file: Path, field: str, text: str, allowed: frozenset[str] = ALLOWED_PLACEHOLDERS
) -> None:
    unknown = _placeholders(file, field, text) - allowed
    if unknown:
        names_allowed = ", ".join(f"{{{name}}}" for name in sorted(allowed))
        raise ContentError(
            file, field, f"unknown placeholder {{{sorted(unknown)[0]}}} (allowed: {names_allowed})"
        )
