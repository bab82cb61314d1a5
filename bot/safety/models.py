"""What the crisis check says, as values: the kinds of danger, the tiers, one pattern match,
and the entity names the NLU component passes to the actions.

No spaCy here: the action server reads the entity names (`CRISIS_KIND_ENTITY` ...) from this
module without loading the pipeline (tests/actions/test_light_imports.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# How the crisis check's NLU component (bot/rasa_plugins/crisis.py) passes a signal on to the
# actions: entity names and values.
CRISIS_KIND_ENTITY = "crisis_kind"  # danger now: which danger
CRISIS_LANGUAGE_ENTITY = "crisis_language"  # en / es: the language of the matched patterns
RISK_MENTIONED_ENTITY = "risk_mentioned"  # not now: OWN_PAST when it is the person's own
OWN_PAST = "own"

NOT_CRISIS = "not_crisis"  # the patterns' section of figures of speech that veto a match


class Tier(str, Enum):
    DANGER_NOW = "danger_now"
    MENTIONED = "mentioned"  # risk mentioned, not happening now


@dataclass(frozen=True)
class Reading:
    """How a match was read (bot/safety/tiers.py): happening now or not, and why."""

    now: bool
    why: str  # negation | now | intent | past | unsure
    own: bool  # about the person writing


class CrisisKind(str, Enum):
    SELF_HARM = "self_harm"
    OVERDOSE = "overdose"
    MEDICAL = "medical"  # withdrawal emergencies, seizures, chest pain after using
    VIOLENCE = "violence"


# Most urgent first: an overdose or medical emergency needs 911 before anything else.
PRIORITY: tuple[CrisisKind, ...] = (
    CrisisKind.OVERDOSE,
    CrisisKind.MEDICAL,
    CrisisKind.SELF_HARM,
    CrisisKind.VIOLENCE,
)


@dataclass(frozen=True)
class CrisisSignal:
    kind: CrisisKind | None  # None: the learned back-up fired (detector.py, rule 6)
    matched: str  # the matched span text (of the normalised message)
    language: str = "en"  # of the patterns file that matched: the language to reply in
    tier: Tier = Tier.DANGER_NOW
    own: bool = True  # about the person writing (a "not now" mention: their own past)


@dataclass(frozen=True)
class CrisisMatch:
    """One pattern match, for diagnostics (`CrisisDetector.matches`)."""

    kind: str  # a CrisisKind value or NOT_CRISIS
    rule: str
    start: int
    end: int
    text: str
    language: str = "en"
    reading: Reading | None = None  # now or not now (bot/safety/tiers.py), for crisis kinds


class PatternError(ValueError):
    """crisis_patterns.yml cannot be used."""
