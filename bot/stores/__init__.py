"""Rasa storage classes named in endpoints.yml (like bot/channels/ and bot/components/, the
modules of this package import Rasa; this file does not, so the action server can share it)."""

# The action that asks the tracker store to erase the conversation (actions/privacy.py,
# bot/stores/tracker.py).
DELETE_CHAT_ACTION = "action_delete_chat"
