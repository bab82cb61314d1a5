"""`python -m bot.retention`, as operators' cron lines call it: see bot/privacy/retention.py."""

import sys

from bot.privacy.retention import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
