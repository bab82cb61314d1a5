"""What happens to every visitor message on every channel before the assistant sees it:
`guard.py` owns the behaviour (the one place it is described); `text.py` cleans the text,
`payloads.py` lets through only the bot's own button payloads, `rate_limit.py` counts."""
