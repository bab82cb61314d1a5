"""What every action shares: settings, the content store and the triage rules (loaded and
validated once, when the action server imports this package, so a bad file stops start-up) and
sending a `Reply` rendered for the user's channel."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content import ContentStore, load_content
from bot.render import render
from bot.replies import Reply
from bot.settings import Settings, get_settings
from bot.triage import RuleBook, default_rules

settings: Settings = get_settings()
content: ContentStore = load_content(settings.content_dir)
triage_rules: RuleBook = default_rules()


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> None:
    dispatcher.utter_message(**render(reply, tracker.get_latest_input_channel()))
