"""The crisis check, run on every message before anything else: `detector.py` says how a
message is read and owns the behaviour; `models.py` the values it gives (light: no spaCy);
`normalise.py`, `patterns.py` (+ crisis_patterns*.yml), `matcher.py` and `tiers.py` its parts.

Nothing is imported here, so `bot.safety.models` stays light for the action server.
"""
