"""`python -m bot.triage` (`make content`): checks the triage rules file (rules.py)."""

from __future__ import annotations

import sys

from bot.triage.rules import RULES_FILE, TriageRulesError, load_rules


def main() -> int:
    try:
        book = load_rules(RULES_FILE)
    except TriageRulesError as error:
        print(f"triage rules error: {error}", file=sys.stderr)
        return 1
    print(f"triage rules OK: {len(book.rules)} rules, {len(book.notes)} notes in {book.source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
