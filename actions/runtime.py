"""What every action shares: settings, the content store (loaded and validated once, when the
action server imports this package) and sending a `Reply` rendered for the user's channel."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content import ContentStore, load_content
from bot.render import render
from bot.replies import Reply
from bot.settings import Settings, get_settings

settings: Settings = get_settings()
content: ContentStore = load_content(settings.content_dir)


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> None:
    dispatcher.utter_message(**render(reply, tracker.get_latest_input_channel()))
