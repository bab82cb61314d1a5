"""How the crisis check's NLU component (bot/components/crisis.py) passes a signal on to the
actions: entity names and values. A module of its own so the action server can read them
without importing spaCy (bot/safety.py re-exports them)."""

CRISIS_KIND_ENTITY = "crisis_kind"  # danger now: which danger
CRISIS_LANGUAGE_ENTITY = "crisis_language"  # en / es: the language of the matched patterns
RISK_MENTIONED_ENTITY = "risk_mentioned"  # not now: OWN_PAST when it is the person's own
OWN_PAST = "own"
