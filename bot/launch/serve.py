"""Starts the action server and the Rasa server (or `rasa shell`) with settings from `.env`.

    python -m bot.launch.serve                # REST + socket.io on RASA_PORT, actions on
                                              #   ACTION_SERVER_PORT (`make run`)
    python -m bot.launch.serve --shell        # the action server and `rasa shell` (`make shell`)
    python -m bot.launch.serve --only rasa    # one server per process/container (deploy/):
    python -m bot.launch.serve --only actions #   Rasa servers and action servers scale apart

Once the servers answer, the supervisor (`supervisor.py`) restarts one that crashes, and gives up
(exit code 1) after CRASH_LIMIT crashes in a row. A server that does not come up at start-up is
an error at once (exit code 1, no restarts). Ctrl+C and SIGTERM stop both servers and exit with
code 0. `--shell` is not supervised. The processes themselves are `processes.py`'s `Assistant`.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.intake.availability import Availability
from bot.launch.environment import rasa_environment
from bot.launch.processes import SERVERS, Assistant, rasa_shell_command
from bot.launch.supervisor import Supervised, supervise
from bot.launch.training import ensure_model
from bot.settings import PROJECT_ROOT, Settings, get_settings


def _serve(settings: Settings, model: Path, servers: tuple[str, ...]) -> int:
    started = time.monotonic()
    assistant = Assistant(settings, model)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        to_run = [assistant.server(name) for name in servers]
        supervised = [Supervised(server, assistant.launch(server)) for server in to_run]
        api = (
            "on (token required)" if settings.api_enabled else "off (set RASA_API_TOKEN to enable)"
        )
        pids = ", ".join(f"{each.server.label} {each.process.pid}" for each in supervised)
        print(
            f"\n{settings.center_name} assistant is ready ({time.monotonic() - started:.0f} s):\n"
            f"  REST:      POST {assistant.rasa_url}/webhooks/rest/webhook "
            '{"sender": "me", "message": "what is iop?"}\n'
            f"  web chat:  {assistant.rasa_url}/demo  (demo page with the website widget)\n"
            f"  socket.io: {assistant.rasa_url}/socket.io/\n"
            f"  actions:   {settings.action_server_url}\n"
            f"  stores:    {_describe_stores(settings)}\n"
            f"  HTTP API:  {api}\n"
            f"  pids:      {pids} (restarted if they crash)\n"
            "Press Ctrl+C to stop.",
            flush=True,
        )
        return supervise(assistant, supervised)
    except KeyboardInterrupt:
        return 0
    finally:
        assistant.stop()


def _describe_stores(settings: Settings) -> str:
    tracker = (
        f"PostgreSQL {settings.db_host}:{settings.db_port}/{settings.db_name}"
        if settings.db_host
        else f"SQLite {settings.tracker_db}"
    )
    lock = f"Redis {settings.redis_host}:{settings.redis_port}" if settings.redis_host else "memory"
    return f"tracker {tracker}, locks {lock} ({settings.endpoints_file.name})"


def _shell(settings: Settings, model: Path) -> int:
    assistant = Assistant(settings, model)
    try:
        assistant.start_actions()
        return subprocess.call(
            rasa_shell_command(settings, model), cwd=PROJECT_ROOT, env=rasa_environment(settings)
        )
    finally:
        assistant.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Start the assistant.")
    parser.add_argument(
        "--shell", action="store_true", help="talk to it in the terminal (rasa shell)"
    )
    parser.add_argument(
        "--only",
        choices=SERVERS,
        help="start only this server (production: Rasa servers and action servers apart)",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    Availability.checked(settings)  # the intake hours, before anything starts
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if args.only == "actions":
        return _serve(settings, Path(), ("actions",))
    model = ensure_model(settings)
    if args.shell:
        return _shell(settings, model)
    return _serve(settings, model, (args.only,) if args.only else SERVERS)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
