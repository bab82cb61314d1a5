"""Triage: up to 8 short questions, then one suggested level of care as a starting point, and
why. Never a diagnosis. The questions and answers are values (`models.py`), read from the
person's words (`parsing.py`, with `duration.py`, `history.py`, `circumstances.py`, on the
shared readers of bot/language/), decided by the reviewed rules (`rules.py` + `rules.yml`,
`recommend.py`); what the conversation already said fills answers ahead (`prefill.py`).
`python -m bot.triage` checks the rules (`__main__.py`)."""
