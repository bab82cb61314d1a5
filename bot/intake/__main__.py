"""`python -m bot.intake ...`: the staff command (see bot/intake/cli.py)."""

from bot.intake.cli import main

raise SystemExit(main())
