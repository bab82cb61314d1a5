"""Environment for the Rasa and action-server processes, derived from settings.

endpoints.yml and endpoints.production.yml read `${ACTION_SERVER_URL}`, `${TRACKER_DB}`,
`${DB_*}` and `${REDIS_*}`; rasa-sdk binds to `SANIC_HOST`.
Every setting is passed on resolved (`Settings.to_environ`), so servers started with other
settings (the end-to-end tests') use exactly those, not the project's .env or var/.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.settings import Settings

QUIET_LIBRARIES = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "RASA_TELEMETRY_ENABLED": "false",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}


def rasa_environment(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.update(QUIET_LIBRARIES)
    env.update(settings.to_environ())
    env.update(
        {
            "SANIC_HOST": settings.action_host,
            "LOG_LEVEL_LIBRARIES": "ERROR",
        }
    )
    return env
