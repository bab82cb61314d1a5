"""rasa-sdk actions: thin adapters between Rasa trackers and the plain functions in `bot/`."""
