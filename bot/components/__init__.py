"""Custom Rasa graph components (this package and bot/channels are the only parts of bot/ that
import Rasa)."""
