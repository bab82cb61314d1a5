"""Follow-ups in context: what "what about regular outpatient?", "is that done by a doctor?" or
"what's the full name of that again?" mean after the topic just answered.

What each follow-up maps to lives in the content store, per topic (`program:` and `in_context:`
in `content/topics/*.yml`, validated by `make content`); this module only reads it:

- `ask_other_program` -> the topic's `in_context.other_program` (its counterpart for the other
  program); with no topic yet, the definition of the program named ("and for OP?");
- `ask_more_detail` -> `in_context.more_detail` (may be the topic itself: the answer is in it);
- `ask_program_name` -> the definition of the program named, else `in_context.program_name`;
- `ask_next_step` ("and after that?") -> `in_context.next_step`, the article's next step
  (assessment, detox, treatment plan, after the IOP).

A program-specific question that names no program ("how many hours a week?") is read for the
program of the conversation (`contextual_topic`): after an OP answer, the IOP-hours intent is
answered with its OP counterpart. A topic that has no answer for a follow-up gives
`NOT_IN_ARTICLE`: the bot says the article does not cover it and offers a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from bot.content.store import IN_CONTEXT_KINDS, ContentStore

FOLLOW_UP_PREFIX = "ask_"
PROGRAMS_WITH_COUNTERPART = ("iop", "op")
NOT_IN_ARTICLE: Final = "not_in_article"
# follow-ups that, with no topic before them, still mean the program they name ("and for OP?")
NAMED_BY_PROGRAM = ("other_program", "program_name")
BOTH_PROGRAMS = "both"
# a topic and its counterpart both at least this likely: the question did not say which program
SPLIT_AT = 0.1


# "the other one", "that other program", "the alternative": the program the conversation was
# not about
_THE_OTHER_ONE = re.compile(
    r"\b(?:the|that|this)\s+other\b(?!\s+(?:day|week|time|thing)s?\b)"
    r"|\b(?:the|an?|that)\s+alternative\b",
    re.IGNORECASE,
)


def programs_meant(named: list[str], text: str, last_program: str | None) -> list[str]:
    """The programs a message is about: those it names; with none named, "the other one" or
    "the alternative" after an IOP answer means OP (and the other way round)."""
    other = _other(last_program)
    if named or other is None or not _THE_OTHER_ONE.search(text):
        return named
    return [other]


def follow_up_kind(intent: str | None) -> str | None:
    """`ask_other_program` -> `other_program`; any other intent -> None."""
    if intent and intent.startswith(FOLLOW_UP_PREFIX):
        kind = intent[len(FOLLOW_UP_PREFIX) :]
        return kind if kind in IN_CONTEXT_KINDS else None
    return None


def named_program(programs: Iterable[str]) -> str | None:
    """The one program (iop / op) a message names, or None if it names none or both."""
    named = {p for p in programs if p in PROGRAMS_WITH_COUNTERPART}
    return named.pop() if len(named) == 1 else None


def definition_of(store: ContentStore, program: str | None) -> str | None:
    """The topic that defines `program` (iop / op): the one whose `program_name` follow-up is
    itself."""
    if program not in PROGRAMS_WITH_COUNTERPART:
        return None
    for topic in store:
        if topic.program == program and topic.in_context.get("program_name") == topic.id:
            return topic.id
    return None


def program_of(store: ContentStore, topic_id: str | None) -> str | None:
    topic = store.get(topic_id or "")
    return topic.program if topic and topic.program in PROGRAMS_WITH_COUNTERPART else None


def resolve_follow_up(
    store: ContentStore,
    kind: str,
    last_topic: str | None,
    programs: Iterable[str] = (),
    last_program: str | None = None,
    asked: str | None = None,
    when_in_the_day: bool = False,
) -> str | None:
    """The topic that answers a follow-up; `NOT_IN_ARTICLE` when the topic has none; None when
    there is no context to read it in (the caller shows the menu).

    `asked` is the topic the classifier gave the previous question before it was read for the
    conversation's program: "how many hours is OP?" is answered with OP's frequency (the IOP
    hours' counterpart), and "and IOP?" after it wants the IOP hours that were asked about, not
    the OP frequency's own counterpart. `last_program` is the conversation's program: "what is
    it?" after a topic about both programs is that program's definition. `when_in_the_day`: the
    previous question asked when in the day ("is iop days or evenings?"), so "and OP?" wants the
    other program's `time_of_day` topic (OP's evening sessions), not its usual counterpart."""
    named = named_program(programs)
    topic = store.get(last_topic or "")
    if topic is None:
        return definition_of(store, named) if kind in NAMED_BY_PROGRAM else None
    if kind == "other_program" and (named == topic.program or topic.program == BOTH_PROGRAMS):
        # "and the intensive one?" right after IOP, "same for OP?" after a topic about both
        # programs: the same answer
        return topic.id
    if kind == "other_program" and _folded_into(store, asked, topic.id):
        return asked
    if kind == "other_program" and when_in_the_day:
        timed = _time_of_day_topic(store, named or _other(topic.program))
        if timed:
            return timed
    if kind == "program_name" and named:
        return definition_of(store, named)  # "what's the intensive one called?": that one
    if kind == "program_name" and topic.program == BOTH_PROGRAMS:
        return definition_of(store, last_program) or topic.in_context.get(kind) or NOT_IN_ARTICLE
    return topic.in_context.get(kind) or NOT_IN_ARTICLE


def _other(program: str | None) -> str | None:
    """The other program than `program` (iop <-> op); None for any other value."""
    if program not in PROGRAMS_WITH_COUNTERPART:
        return None
    return next(p for p in PROGRAMS_WITH_COUNTERPART if p != program)


def _time_of_day_topic(store: ContentStore, program: str | None) -> str | None:
    """The topic that tells when in the day `program`'s sessions happen (`time_of_day: true`)."""
    return next((t.id for t in store if t.time_of_day and t.program == program), None)


def _folded_into(store: ContentStore, asked: str | None, answered: str) -> bool:
    """`asked` was answered with its counterpart `answered` (a question read for the other
    program)."""
    topic = store.get(asked or "")
    return (
        topic is not None
        and topic.id != answered
        and (topic.in_context.get("other_program") == answered)
    )


def only_for_the_other_program(
    store: ContentStore, topic_id: str | None, programs: Iterable[str]
) -> bool:
    """The message names one program and asks about a topic the article gives only for the
    other one ("how long is OP?": the article gives IOP's length, and no OP counterpart exists
    in the content store): the article is silent on it for the program asked about."""
    topic = store.get(topic_id or "")
    named = named_program(programs)
    return bool(
        topic is not None
        and named is not None
        and topic.program in PROGRAMS_WITH_COUNTERPART
        and topic.program != named
        and not topic.in_context.get("other_program")
    )


def contextual_topic(
    store: ContentStore,
    topic_id: str,
    last_program: str | None,
    programs: Iterable[str] = (),
    split: bool = False,
) -> str:
    """The topic to answer for a program-specific question, given the program the message names
    or, if it names none, the program of the conversation. A `keeps_program` topic keeps its
    program unless the classifier was `split` between it and its counterpart (a question that
    does not say which: "who is it for?")."""
    topic = store.get(topic_id)
    if topic is None or topic.program not in PROGRAMS_WITH_COUNTERPART:
        return topic_id
    programs = [p for p in programs if p in PROGRAMS_WITH_COUNTERPART]
    if programs and named_program(programs) is None:
        return topic_id  # both programs named: as classified
    if not programs and topic.keeps_program and not split:
        return topic_id  # "evenings?" after IOP: the OP evening sessions (content: keeps_program)
    wanted = named_program(programs) or last_program
    counterpart = topic.in_context.get("other_program")
    if wanted in PROGRAMS_WITH_COUNTERPART and wanted != topic.program and counterpart:
        return counterpart
    return topic_id


def near(store: ContentStore, topic_id: str | None) -> frozenset[str]:
    """The topics a follow-up to `topic_id` most likely asks about: the topic itself, its
    `follow_ups` and its `in_context` topics (content store)."""
    topic = store.get(topic_id or "")
    if topic is None:
        return frozenset()
    return frozenset({topic.id, *topic.follow_ups, *topic.in_context.values()})


def with_context_prior(
    store: ContentStore, ranking: list[dict], last_topic: str | None, weight: float
) -> list[dict]:
    """`ranking` with the topics near `last_topic` made `weight` times likelier (then scaled
    back to the same total): after an answer, a short question is more likely about what was
    just said than about anything else."""
    close = {f"{FOLLOW_UP_PREFIX}{t}" for t in near(store, last_topic)}
    if not close or weight == 1.0:
        return ranking
    total = sum(float(e["confidence"]) for e in ranking)
    weighted = [(e["name"], float(e["confidence"]) * (weight if e["name"] in close else 1.0))
                for e in ranking]  # fmt: skip
    scale = total / (sum(c for _, c in weighted) or 1.0)
    ordered = sorted(weighted, key=lambda item: -item[1])
    return [{"name": name, "confidence": round(c * scale, 6)} for name, c in ordered]


def in_context_ranking(
    store: ContentStore,
    ranking: Iterable[dict],
    last_program: str | None,
    programs: Iterable[str] = (),
    last_topic: str | None = None,
    near_weight: float = 1.0,
    asked: str | None = None,
    when_in_the_day: bool = False,
) -> list[dict]:
    """The classifier's ranking read in context: each program-specific topic folded into its
    counterpart for the program asked about (`contextual_topic`), and each follow-up intent
    into the topic it stands for after `last_topic` (`resolve_follow_up`). "Who is it for?",
    split between the IOP and the OP topic right after an OP answer, is the OP topic with both
    confidences; "and the intensive one, how many hours?" split between `ask_other_program` and
    `ask_iop_hours` after OP hours is IOP hours with both."""
    programs = list(programs)
    ranking = list(ranking)
    confidence = {str(e.get("name")): float(e.get("confidence") or 0.0) for e in ranking}

    def split(topic_id: str) -> bool:
        topic = store.get(topic_id)
        other = topic.in_context.get("other_program") if topic else None
        return confidence.get(f"{FOLLOW_UP_PREFIX}{other}", 0.0) >= SPLIT_AT

    merged: dict[str, float] = {}
    for entry in ranking:
        name = str(entry.get("name"))
        kind = follow_up_kind(name)
        resolved = None
        if kind is not None and last_topic in store:
            resolved = resolve_follow_up(
                store, kind, last_topic, programs, last_program, asked, when_in_the_day
            )
            if resolved in store:
                name = f"{FOLLOW_UP_PREFIX}{resolved}"
        # a resolved follow-up already is the topic for its program ("and the regular one?"
        # after IOP is the OP counterpart): not folded back into the conversation's program
        topic_id = name[len(FOLLOW_UP_PREFIX) :] if name.startswith(FOLLOW_UP_PREFIX) else None
        if resolved is None and topic_id in store:
            topic = contextual_topic(store, topic_id, last_program, programs, split(topic_id))
            name = f"{FOLLOW_UP_PREFIX}{topic}"
        merged[name] = merged.get(name, 0.0) + float(entry.get("confidence") or 0.0)
    ordered = sorted(merged.items(), key=lambda item: -item[1])
    folded = [{"name": name, "confidence": round(confidence, 6)} for name, confidence in ordered]
    return with_context_prior(store, folded, last_topic, near_weight) if not programs else folded
