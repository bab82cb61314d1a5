"""`python -m bot.triage` (`make content`): checks the triage rules file and its translations
(rules.py), and lists translations not yet signed off by the center's reviewer."""

from __future__ import annotations

import sys

from bot.language.conversation_language import LANGUAGES
from bot.triage.rules import (
    DEFAULT_LANGUAGE,
    RULES_FILE,
    TriageRulesError,
    load_rules,
    load_translation,
    translation_file,
)


def main() -> int:
    try:
        book = load_rules(RULES_FILE)
        translations = [
            load_translation(book, translation_file(language))
            for language in LANGUAGES
            if language != DEFAULT_LANGUAGE
        ]
    except TriageRulesError as error:
        print(f"triage rules error: {error}", file=sys.stderr)
        return 1
    print(f"triage rules OK: {len(book.rules)} rules, {len(book.notes)} notes in {book.source}")
    for translation in translations:
        reviewed = translation.translation_reviewed
        status = f"reviewed {reviewed}" if reviewed else "NOT REVIEWED yet"
        print(
            f"triage rules in {translation.language}: {status} "
            f"(translated by {translation.translated_by}) in {translation.source}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
