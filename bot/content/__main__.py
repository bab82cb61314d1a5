"""`python -m bot.content` (`make content`): validates the content store after an edit and lists
the topics due for medical review and the translations not yet reviewed
(bot/content/reviews.py). Exits 1 on a broken store; what is due is reported, never an error."""

from __future__ import annotations

import datetime as dt
import sys

from bot.content.reviews import review_status, translation_status
from bot.content.store import ContentError, load_content
from bot.settings import SettingsError, get_settings


def main() -> int:
    try:
        settings = get_settings()
    except SettingsError as error:
        print(f"settings error: {error}", file=sys.stderr)
        return 1
    directory = settings.content_dir
    try:
        store = load_content(directory)
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 1
    print(f"content OK: {len(store)} topics in {directory}")
    # due reviews are reported, never an error: the topics are still served
    for line in review_status(store, settings.content_review_months, dt.date.today()):
        print(line)
    for line in translation_status(store):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
