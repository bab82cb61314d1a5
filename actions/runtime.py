"""What every action shares: settings, the content store and the triage rules (loaded and
validated once, when the action server imports this package, so a bad file stops start-up) and
sending a `Reply` rendered for the user's channel. Topics due for medical review are only
warned about at start-up: they are still served."""

from __future__ import annotations

import datetime as dt
import logging

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.reviews import reviews_due
from bot.content.store import ContentStore, load_content
from bot.intake.availability import Availability
from bot.language.conversation_language import ENGLISH, LANGUAGES
from bot.render import render
from bot.replies import Reply
from bot.settings import Settings, get_settings
from bot.triage.rules import RuleBook, default_rules

logger = logging.getLogger(__name__)


def warn_about_reviews_due(store: ContentStore, months: int, today: dt.date) -> None:
    """One warning line when topics are due for medical review; nothing when none is."""
    due = reviews_due(store, months, today)
    if due:
        span = f"{months} month" if months == 1 else f"{months} months"
        verb = "is" if len(due) == 1 else "are"
        logger.warning(
            f"{len(due)} of {len(store)} content topics {verb} due for medical review "
            f"(verified {span} ago or more); run `make content` to list them."
        )


settings: Settings = get_settings()
intake_hours: Availability = Availability.checked(settings)
content: ContentStore = load_content(settings.content_dir)
warn_about_reviews_due(content, settings.content_review_months, dt.date.today())
# every language's rules, so that a broken translation stops start-up too
triage_rules: dict[str, RuleBook] = {language: default_rules(language) for language in LANGUAGES}


def content_for(tracker: Tracker) -> ContentStore:
    """The content store in the conversation's language (the `language` slot, which
    actions/language.py keeps)."""
    return content.in_language(tracker.get_slot("language"))


def rules_for(tracker: Tracker) -> RuleBook:
    """The triage rules worded in the conversation's language (the same decisions in each)."""
    return triage_rules.get(tracker.get_slot("language") or "", triage_rules[ENGLISH])


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> None:
    dispatcher.utter_message(**render(reply, tracker.get_latest_input_channel()))
