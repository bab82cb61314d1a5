"""Transcripts of whole conversations, as a visitor sees them over REST.

    python -m ops.transcripts [--model PATH] [--file ops/transcripts.yml] [--only NAME ...]

Starts the action server and a Rasa server on free ports (embedded defaults, as
`ops.understanding` does), sends each conversation of the file turn by turn from its own
sender, and prints every reply with its buttons: the transcripts the issues' closing notes ask
for (withdrawal emergencies, a grieving relative, a relative's statement, a triage with free-text
answers, a callback...). `--model` defaults to models/ccr.tar.gz (`make train`).

The file maps a conversation's name to the messages the visitor sends:

    grieving_relative:
      - my uncle passed from an overdose last winter, what does IOP offer families?
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.launch.processes import Assistant
from bot.settings import PROJECT_ROOT
from ops.load import say
from ops.understanding import WORK, _settings

DEFAULT_FILE = Path(__file__).with_name("transcripts.yml")


def read_conversations(path: Path) -> dict[str, list[str]]:
    """Raises ValueError naming the conversation that is not a list of messages."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{path}: expected a mapping of conversation names to messages")
    conversations = {}
    for name, messages in raw.items():
        if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
            raise ValueError(f"{path}: {name} must be a list of messages (quote them)")
        conversations[str(name)] = messages
    return conversations


def render(replies: Sequence[Mapping[str, Any]]) -> list[str]:
    """One bot message per block; its buttons on one line under it."""
    lines = []
    for reply in replies:
        text = str(reply.get("text") or "").strip()
        lines.extend(f"  bot:  {line}" if i == 0 else f"        {line}"
                     for i, line in enumerate(text.splitlines() or [""]))  # fmt: skip
        buttons = [str(b.get("title")) for b in reply.get("buttons") or []]
        if buttons:
            lines.append(f"        [{'] ['.join(buttons)}]")
    return lines or ["  bot:  (no reply)"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "ccr.tar.gz")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--only", nargs="*", default=None, help="conversation names to run")
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"no model at {args.model}: run `make train` or pass --model", file=sys.stderr)
        return 2
    conversations = read_conversations(args.file)
    chosen = {n: m for n, m in conversations.items() if args.only is None or n in args.only}
    var_dir = WORK / "var" / "transcripts"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True, exist_ok=True)
    with (
        (WORK / "transcripts.servers.log").open("w") as log,
        Assistant(_settings(var_dir), args.model, log=log) as assistant,
    ):
        for name, messages in chosen.items():
            print(f"### {name}")
            for message in messages:
                print(f"  user: {message}")
                print("\n".join(render(say(assistant.rasa_url, f"transcript-{name}", message))))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
