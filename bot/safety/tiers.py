"""Is a crisis match happening now? The tier rules of the crisis check (bot/safety/detector.py).

A match of the crisis patterns is read in its clause and sentence, with the cue words of its
language (the `tiers` section of bot/safety/crisis_patterns*.yml), by these rules, in order:

0. a figure of speech: a frame of `tiers.figures` in the match's sentence, for the kinds it
   lists, and when it says so only if the message laughs ("lol", "haha") -> not now ("i'd
   rather die than sit in a group", "my boss would kill me if i missed work"). Fixed idioms
   are vetoed by the patterns themselves (`not_crisis`: "dying to know").
1. negated: for self-harm and violence, a negation comes before the match in its clause with
   only bridge words between ("no thoughts of [hurting myself]", "i'm not going to [hurt
   anyone]"; not "i don't think i [want to die]": "think" is no bridge) -> not now. Overdose
   and medical matches carry their own denials in the patterns ("no chest pain"); rules listed
   in `negation_is_danger` mean danger after a negation ("no [reason to live]").
   1b. for overdose and medical, the same denial when the match holds no negation of its own
   ("he's not [unresponsive]", "nadie tuvo [sobredosis]", "no tengo [dolor de pecho]"; but
   "[not breathing]" is the danger itself), unless the clause compares (`tiers.worse`: "i've
   never had [chest pain] this bad") -> not now.
2. a now cue in the match's clause ("tonight", "right now", "just took"), or a recurring one
   ("again", "still") in its sentence when it is the person's own ("tried last year and
   thinking about it again"), in its clause when it is someone else's ("a friend died by
   suicide years ago, and i still think about him") -> now, unless the recurring cue's own
   clause is about someone else ("tried in 2019, my family still worries"); a negation before
   the cue in its clause cancels it ("so it never happens again"), and so does a word of
   recovery right before it (`tiers.settled`: "those thoughts are gone now", "sober now").
3. the match states an intent ("want to", "going to", "thinking about") and its clause has no
   past cue -> now ("sober for 2 years and i want to die").
4. a past cue in the match's sentence, up to a "but" ("in 2019", "three years ago", "used to",
   "when she was 15", "in high school") -> not now. Only long-ago cues: "last night", "3 days
   ago" or "since monday" are not past (a withdrawal emergency starts days after a stop).
5. otherwise now: when the rules cannot tell, a missed crisis is worse than an extra message.

Who it is about decides only the closing line of a "not now" answer (the person's own past
gets one): the first person or other person word in the match, else the nearest one before it
in the sentence ("my brother" is someone else; "my" counts only right before the match: "after
[my od]", not "someone in my old group"); the person's own when nothing says. A denial or a
figure of speech gets no closing line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from bot.safety.models import Reading

# only these kinds are read for negation (rule 1)
NEGATABLE_KINDS = frozenset({"self_harm", "violence"})
# an overdose or medical match is denied by a negation before it only when the match holds no
# negation of its own: "he's not [unresponsive]", "no tengo [dolor de pecho]" are denials, but
# "[not breathing]", "[won't wake up]" are the danger itself (rule 1b)
DENIABLE_KINDS = frozenset({"overdose", "medical"})
# negations that join a list ("no veo [cosas ni tiemblo]"): inside a match they deny it too
LIST_NEGATIONS = frozenset({"ni", "nor", "neither"})
SENTENCE_ENDS = frozenset({".", "!", "?", ";", "...", "\u2026"})
CLAUSE_PUNCTUATION = SENTENCE_ENDS | {",", ":", "-", "--", "(", ")", "\u2014"}
CUE_LISTS = (
    "humor",
    "negation",
    "bridge",
    "clause_breaks",
    "span_breaks",
    "intent",
    "first_person",
    "possessive",
    "other_person",
)
CUE_PATTERNS = ("now", "recurring", "past", "worse")


@dataclass(frozen=True)
class Figure:
    """A figure-of-speech frame: the kinds it may defuse, and whether the message must laugh."""

    kinds: frozenset[str]
    humor: bool
    patterns: list[list[dict[str, Any]]]


@dataclass(frozen=True)
class TierCues:
    """The cue words of one language (the `tiers` section of its patterns file)."""

    humor: frozenset[str]
    negation: frozenset[str]
    bridge: frozenset[str]
    clause_breaks: frozenset[str]
    span_breaks: frozenset[str]
    intent: frozenset[str]
    first_person: frozenset[str]
    possessive: frozenset[str]
    other_person: frozenset[str]
    now: Mapping[str, list[list[dict[str, Any]]]]
    recurring: Mapping[str, list[list[dict[str, Any]]]]
    past: Mapping[str, list[list[dict[str, Any]]]]
    worse: Mapping[str, list[list[dict[str, Any]]]]
    negation_is_danger: frozenset[str]
    figures: Mapping[str, Figure]
    settled: frozenset[str] = frozenset()

    @classmethod
    def from_yaml(cls, raw: Mapping[str, Any], where: str) -> TierCues:
        """Raises ValueError naming what is wrong (the loader adds the file)."""
        missing = [key for key in (*CUE_LISTS, *CUE_PATTERNS) if not raw.get(key)]
        if missing:
            raise ValueError(f"{where}: tiers needs {missing}")
        optional = {"negation_is_danger", "figures", "settled"}
        unknown = set(raw) - set(CUE_LISTS) - set(CUE_PATTERNS) - optional
        if unknown:
            raise ValueError(f"{where}: unknown tiers keys {sorted(unknown)}")
        words = {}
        for key in CUE_LISTS:
            values = raw[key]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"{where}: tiers.{key} must be a list of words (quote them)")
            words[key] = frozenset(v.lower() for v in values)
        patterns = {}
        for key in CUE_PATTERNS:
            section = raw[key]
            if not isinstance(section, Mapping):
                raise ValueError(f"{where}: tiers.{key} must map rule names to patterns")
            patterns[key] = {str(rule): list(p) for rule, p in section.items()}
        rules = raw.get("negation_is_danger") or []
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise ValueError(f"{where}: tiers.negation_is_danger must list rule names")
        settled = raw.get("settled") or []
        if not isinstance(settled, list) or not all(isinstance(w, str) for w in settled):
            raise ValueError(f"{where}: tiers.settled must be a list of words (quote them)")
        figures = {}
        for name, figure in (raw.get("figures") or {}).items():
            if not isinstance(figure, Mapping) or set(figure) != {"kinds", "humor", "patterns"}:
                raise ValueError(f"{where}: tiers.figures.{name} needs kinds, humor, patterns")
            figures[str(name)] = Figure(
                frozenset(figure["kinds"]), bool(figure["humor"]), list(figure["patterns"])
            )
        return cls(
            **words,
            **patterns,
            negation_is_danger=frozenset(rules),
            figures=figures,
            settled=frozenset(w.lower() for w in settled),
        )


class TierReader:
    """Reads crisis matches as now or not now (the rules above). One per detector."""

    def __init__(self, vocab: Vocab, cues: Mapping[str, TierCues]) -> None:
        self.cues = dict(cues)
        self._matchers: dict[str, Matcher] = {}
        for language, one in self.cues.items():
            matcher = Matcher(vocab, validate=True)
            for kind in CUE_PATTERNS:
                for rule, patterns in getattr(one, kind).items():
                    matcher.add(f"{kind}:{rule}", patterns)
            for name, figure in one.figures.items():
                matcher.add(f"figure:{name}", figure.patterns)
            self._matchers[language] = matcher
        self._vocab = vocab

    def read(
        self,
        doc: Doc,
        matches: Iterable[tuple[str, str, int, int, str]],
        message_language: str | None = None,
    ) -> list[Reading]:
        """One reading per (kind, rule, start, end, language) crisis match of `doc`.

        A match is read with the cues of its pattern's language and, when the message is in
        another language (`message_language`: an English word such as "suicidas" or
        "convulsion" inside a Spanish sentence), with that language's cues too (`_either`)."""
        cue_spans: dict[str, dict[str, list[tuple[int, int]]]] = {}

        def reading(kind: str, rule: str, start: int, end: int, language: str) -> Reading:
            cues = self.cues.get(language)
            if cues is None:  # a language without cue words: when unsure, danger now
                return Reading(True, "unsure", True)
            if language not in cue_spans:
                cue_spans[language] = self._cue_spans(doc, language)
            return self._read(doc, kind, rule, start, end, cues, cue_spans[language])

        readings = []
        for kind, rule, start, end, language in matches:
            first = reading(kind, rule, start, end, language)
            if message_language in self.cues and message_language != language:
                second = reading(kind, rule, start, end, message_language)
                first = _either(first, second)
            readings.append(first)
        return readings

    def _cue_spans(self, doc: Doc, language: str) -> dict[str, list[tuple[int, int]]]:
        """Where each cue kind is found: {"now": [(start, end)], ..., "figure:<name>": [...]}"""
        found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in CUE_PATTERNS}
        matcher = self._matchers[language]
        for match_id, start, end in matcher(doc):
            kind, name = self._vocab.strings[match_id].split(":", 1)
            found.setdefault(name if kind == "figure" else kind, []).append((start, end))
        return found

    def _read(
        self,
        doc: Doc,
        kind: str,
        rule: str,
        start: int,
        end: int,
        cues: TierCues,
        spans: Mapping[str, list[tuple[int, int]]],
    ) -> Reading:
        end = _trimmed(doc, start, end, cues)
        clause = _around(doc, start, end, lambda t: _ends_clause(t, cues))
        sentence = _around(doc, start, end, lambda t: _ends_sentence(t, cues))
        own = _is_own(doc, start, end, sentence[0], cues)
        laughs = _laughs(doc, cues)
        for name, figure in cues.figures.items():
            defuses = kind in figure.kinds and (laughs or not figure.humor)
            if defuses and any(_within(cue, sentence) for cue in spans.get(name, ())):
                return Reading(False, "figure", False)
        if (
            kind in NEGATABLE_KINDS
            and rule not in cues.negation_is_danger
            and _negated(doc, start, clause[0], cues)
        ):
            return Reading(False, "negation", False)  # a denial: no closing line
        if (
            kind in DENIABLE_KINDS
            and rule not in cues.negation_is_danger
            and not any(
                t.lower_ in cues.negation and t.lower_ not in LIST_NEGATIONS for t in doc[start:end]
            )
            and not any(_within(cue, clause) for cue in spans["worse"])
            and _negated(doc, start, clause[0], cues)
        ):
            return Reading(False, "negation", False)  # "he's not unresponsive", "ni sobredosis"

        def live(cue: tuple[int, int], bounds: tuple[int, int]) -> bool:
            """A now cue inside `bounds` that no negation in its own clause cancels, and not a
            recovery told as now ("they're [gone] now", "[sober] now")."""
            cue_clause = _around(doc, cue[0], cue[1], lambda t: _ends_clause(t, cues))
            settled = cue[0] > 0 and doc[cue[0] - 1].lower_ in cues.settled
            return (
                _within(cue, bounds)
                and not settled
                and not _negated_before(doc, cue[0], cue_clause[0], cues)
            )

        def still_theirs(cue: tuple[int, int]) -> bool:
            """A recurring cue in another clause whose subject is someone else: "i tried in
            2019, [my family] still worries" says nothing of the person now."""
            cue_clause = _around(doc, cue[0], cue[1], lambda t: _ends_clause(t, cues))
            subject = doc[cue_clause[0] : cue[0]]
            return cue_clause != clause and _person(subject, cues) is False

        recurring_scope = sentence if own else clause
        if any(live(cue, clause) for cue in spans["now"]) or any(
            live(cue, recurring_scope) and not still_theirs(cue) for cue in spans["recurring"]
        ):
            return Reading(True, "now", own)
        past_in_clause = any(_within(cue, clause) for cue in spans["past"])
        if not past_in_clause and any(t.lower_ in cues.intent for t in doc[start:end]):
            return Reading(True, "intent", own)
        if any(_within(cue, sentence) for cue in spans["past"]):
            return Reading(False, "past", own)
        return Reading(True, "unsure", own)


def _either(pattern_reading: Reading, message_reading: Reading) -> Reading:
    """Two readings of one match, by the cues of two languages: a cue that says "now" (a now
    word, an intent) wins; then one that says "not now" (past, negation, a figure); when
    neither language's cues tell, danger now."""
    for reading in (pattern_reading, message_reading):
        if reading.now and reading.why != "unsure":
            return reading
    for reading in (pattern_reading, message_reading):
        if not reading.now:
            return reading
    return pattern_reading


def _laughs(doc: Doc, cues: TierCues) -> bool:
    """A humor marker in the message ("lol", "hahaha"; not "not kidding")."""
    for i, token in enumerate(doc):
        word = token.lower_
        laugh = word in cues.humor or any(len(h) >= 3 and word.startswith(h) for h in cues.humor)
        if laugh and (i == 0 or doc[i - 1].lower_ not in cues.negation):
            return True
    return False


def _ends_sentence(token: Any, cues: TierCues) -> bool:
    return token.text in SENTENCE_ENDS or token.lower_ in cues.span_breaks


def _ends_clause(token: Any, cues: TierCues) -> bool:
    return token.text in CLAUSE_PUNCTUATION or token.lower_ in cues.clause_breaks


def _trimmed(doc: Doc, start: int, end: int, cues: TierCues) -> int:
    """The end of doc[start:end] without the breaks a pattern may take as its last token
    ("narcan saved me [,]", "suicide attempt [and]"): a match is read in its own clause."""
    while end - start > 1 and _ends_clause(doc[end - 1], cues):
        end -= 1
    return end


def _around(doc: Doc, start: int, end: int, is_break: Any) -> tuple[int, int]:
    """[lo, hi): the tokens around doc[start:end] up to the nearest breaks on either side (a
    break inside the match does not count)."""
    lo = start
    while lo > 0 and not is_break(doc[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(doc) and not is_break(doc[hi]):
        hi += 1
    return lo, hi


def _within(cue: tuple[int, int], bounds: tuple[int, int]) -> bool:
    return bounds[0] <= cue[0] and cue[1] <= bounds[1]


def _negated(doc: Doc, start: int, lo: int, cues: TierCues) -> bool:
    """A negation before `start`, back to `lo`, with only bridge words between."""
    for i in range(start - 1, lo - 1, -1):
        word = doc[i].lower_
        if word in cues.negation:
            return True
        if word not in cues.bridge:
            return False
    return False


def _negated_before(doc: Doc, position: int, lo: int, cues: TierCues) -> bool:
    """Any negation in the clause before `position` ("never again", "not anymore")."""
    return any(doc[i].lower_ in cues.negation for i in range(lo, position))


def _person(tokens: Span | list[Any], cues: TierCues) -> bool | None:
    """True: the first person; False: someone else ("my brother" too); None: nobody named."""
    words = [t.lower_ for t in tokens]
    for i, word in enumerate(words):
        if word in cues.first_person:
            following = words[i + 1] if i + 1 < len(words) else ""
            return following not in cues.other_person
        if word in cues.other_person:
            return False
    return None


def _is_own(doc: Doc, start: int, end: int, lo: int, cues: TierCues) -> bool:
    inside = _person(doc[start:end], cues)
    if inside is not None:
        return inside
    for i in range(start - 1, lo - 1, -1):
        word = doc[i].lower_
        if word in cues.possessive and i + 1 < start:
            continue  # "someone in [my] old group passed from an od": not the writer's
        if word in cues.first_person or word in cues.other_person:
            return bool(_person(doc[i : i + 2], cues))
    return True
