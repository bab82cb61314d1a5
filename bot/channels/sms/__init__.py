"""SMS by Twilio: the input channel (`twilio.py`: signed webhook, keywords, options, opt-outs),
one bot turn as one SMS (`format.py`, with `segments.py`, `options.py`, `keywords.py`), and what
the channel remembers per sender (`store.py`)."""
