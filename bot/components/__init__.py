"""Custom Rasa graph components (this package and bot/channels are the only parts of bot/ that
import Rasa). config.yml names one of them, so the Rasa server imports this package when it
loads the model: the place to install Rasa-side fixes (bot/rasa_speedups.py)."""

from bot import rasa_speedups

rasa_speedups.install()
