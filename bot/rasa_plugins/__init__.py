"""What config.yml and endpoints.yml load into Rasa by dotted path: the crisis check's NLU
component (`crisis.py`), the tracker store that erases a conversation on "delete my chat"
(`tracker_store.py`) and one measured speed fix to Rasa 3.6 (`speedups.py`).

With bot/channels/, the only part of bot/ that imports Rasa. The Rasa server imports this package
when it loads the model or the tracker store, so the fix is installed here, once per process.
"""

from bot.rasa_plugins import speedups

speedups.install()
