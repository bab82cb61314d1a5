"""What the assistant keeps about people, and for how long: personal data redacted from every
log line (`log_redaction.py`), the daily retention job over every store (`retention.py`, run as
`python -m bot.retention`), and the tracker-store queries it uses (`tracker_events.py`).
"Delete my chat" and "start over" are actions (actions/privacy.py)."""
