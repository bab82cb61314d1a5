"""The one place that reads configuration.

Values come from the process environment, with `.env` in the project root loaded first
(python-dotenv, never overriding variables that are already set). Every setting has a default,
so the assistant runs without any `.env`. Each is declared once, in `variables.py` (variable,
field, reader, default, meaning); `values.py` reads one text; `model.py` holds the `Settings`
they make and checks them together. `.env.example` and the README's table follow the
declarations (tests/settings/ fails when they disagree).
"""

from bot.settings.model import SPACY_MODEL_DIR, Settings, get_settings
from bot.settings.values import PROJECT_ROOT, SettingsError

__all__ = ["PROJECT_ROOT", "SPACY_MODEL_DIR", "Settings", "SettingsError", "get_settings"]
