"""How well the assistant understands realistic messages, scored by what a visitor sees.

    python -m ops.understanding [--seeds 7,13] [--nlu tests/nlu/realistic.yml]
        [--followups tests/conversations/followups.yml] [--source DIR] [--label NAME]

For each DIET/TED random seed: trains a model (config.yml with that seed, cached by fingerprint
in build/understanding/), starts the action server and a Rasa server on free ports, and sends
every message over REST, each single message from a new sender and each follow-up conversation
turn by turn from one sender. A reply is scored by what is in it:

- a content question (`ask_<topic>`): **right** if the topic's own text is in the reply, **wrong**
  if another topic's text is, **menu** if the "did you mean" suggestions came instead (and whether
  the right topic was among them), **other** for anything else;
- any other intent: right if the reply holds one of that intent's expected responses (the texts
  in `EXPECTED_REPLIES`, looked up in domain.yml and content/ui.yml).

The same server's `/model/parse` gives the intent ranking of every message, so intent accuracy
and the answer/menu trade-off at other thresholds (`bot.content.answers.decide`) come from the
same run.
`--language es` scores a Spanish set: right means the topic's Spanish text (a reply right only in
English is counted apart, as `right_in_english`).
`--source DIR` trains from DIR's config.yml, domain.yml and data/ instead (e.g. a `git archive` of
an earlier commit, to measure "before"). Results: results/understanding/<label>.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.content.store import UI_PLACEHOLDERS, ContentStore, load_content
from bot.launch.processes import RASA, Assistant
from bot.settings import PROJECT_ROOT, Settings
from ops.bench import server_settings
from ops.load import say

WORK = PROJECT_ROOT / "build" / "understanding"
RESULTS = PROJECT_ROOT / "results" / "understanding"
API_TOKEN = "understanding-run-token-0123456789abcdef"
TOPIC_PREFIX = "ask_"
# intent -> domain responses / ui keys whose text shows the intent was understood
EXPECTED_REPLIES: dict[str, tuple[str, ...]] = {
    "greet": ("utter_greet",),
    "goodbye": ("utter_goodbye",),
    "thank": ("utter_you_are_welcome",),
    "bot_challenge": ("utter_iamabot",),
    "request_hotline": ("ui:hotline_handoff",),
    "request_intake": ("utter_intake_intro",),
    "request_triage": ("utter_triage_intro",),
    "out_of_scope": ("utter_out_of_scope",),
    "tell_situation": ("ui:situation_opening", "ui:situation_opening_loved_one"),
    "ask_content_source": ("ui:content_source",),
    # "yes" / "no" / "what can you do?" with nothing pending: the offer of what it can answer
    "affirm": ("utter_how_can_i_help",),
    "deny": ("utter_how_can_i_help",),
    "request_topics": ("utter_how_can_i_help",),
}


# --- what the reply was ----------------------------------------------------------------------


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip().lower()


def _signature(text: str, length: int = 60) -> str:
    """The start of a text, placeholders cut off: enough to recognise it in a reply."""
    return _normal(text.split("{", 1)[0])[:length]


def _unique_signatures(texts: dict[str, str]) -> dict[str, str]:
    """Each topic's signature, long enough that no other topic's text starts with it (several
    Spanish topics open with the same words: "Un programa ambulatorio intensivo (IOP, ...")."""
    full = {topic: _signature(text, 10_000) for topic, text in texts.items()}
    signatures = {}
    for topic, text in full.items():
        length = 60
        while length < len(text) and any(
            other != topic and full[other].startswith(text[:length]) for other in full
        ):
            length += 20
        signatures[topic] = text[:length]
    return signatures


def variation_language(variation: dict[str, Any]) -> str:
    """The `language` slot value a response variation is for (English when it names none)."""
    for condition in variation.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return "en"


@dataclass(frozen=True)
class ReplyKinds:
    topics: dict[str, str]  # topic id -> signature of its web text
    expected: dict[str, tuple[str, ...]]  # intent -> signatures
    menu: str

    @classmethod
    def load(cls, store: ContentStore, domain: dict[str, Any], language: str = "en") -> ReplyKinds:
        """The texts of replies in `language`: its topics, UI words and response variations."""
        responses = domain.get("responses", {})
        store = store.in_language(language)

        def texts(key: str) -> list[str]:
            if key.startswith("ui:"):
                try:
                    return [store.ui(key[3:], **{name: "{" for name in UI_PLACEHOLDERS})]
                except KeyError:
                    return []
            return [
                v["text"]
                for v in responses.get(key, [])
                if v.get("text") and variation_language(v) == language
            ]

        expected = {
            intent: tuple(_signature(t) for key in keys for t in texts(key))
            for intent, keys in EXPECTED_REPLIES.items()
        }
        return cls(
            topics=_unique_signatures({t.id: t.web for t in store}),
            expected=expected,
            menu=_signature(store.ui("suggest_topics", hotline="{")),
        )

    def is_content(self, intent: str) -> bool:
        return intent.startswith(TOPIC_PREFIX) and intent[len(TOPIC_PREFIX) :] in self.topics

    def topics_in(self, reply: str) -> list[str]:
        text = _normal(reply)
        found = [(text.find(sig), topic) for topic, sig in self.topics.items() if sig in text]
        return [topic for _, topic in sorted(found)]

    def score(self, intent: str, replies: list[dict[str, Any]]) -> str:
        text = "\n".join(r.get("text", "") for r in replies)
        payloads = [b.get("payload", "") for r in replies for b in r.get("buttons", [])]
        topics = self.topics_in(text)
        if self.is_content(intent):
            wanted = intent[len(TOPIC_PREFIX) :]
            if topics and topics[0] == wanted:
                return "right"
            if topics:
                return "wrong"
            if self.menu in _normal(text):
                return "menu_with_right" if f"/{intent}" in payloads else "menu"
            return "other"
        if any(sig and sig in _normal(text) for sig in self.expected.get(intent, ())):
            return "right"
        if topics:
            return "wrong"
        return "menu" if self.menu in _normal(text) else "other"


# --- the sets --------------------------------------------------------------------------------


def nlu_examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text())
    pairs = []
    for block in data.get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((block["intent"], line[2:].strip()))
    return pairs


def conversations(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text()).get("conversations", [])


# --- models and servers ----------------------------------------------------------------------


def seeded_config(source: Path, seed: int) -> str:
    text = (source / "config.yml").read_text()
    return re.sub(r"random_seed:\s*\d+", f"random_seed: {seed}", text)


def _fingerprint(source: Path, config: str) -> str:
    digest = hashlib.sha256(config.encode())
    for name in ("domain.yml", "data"):
        path = source / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(source)).encode() + file.read_bytes())
    stamp = PROJECT_ROOT / "build" / "spacy" / "en_ccr" / "ccr_build_fingerprint.txt"
    digest.update(stamp.read_bytes() if stamp.exists() else b"")
    return digest.hexdigest()[:16]


def trained(source: Path, seed: int, label: str) -> Path:
    config = seeded_config(source, seed)
    fingerprint = _fingerprint(source, config)
    model = WORK / f"{label}-seed{seed}-{fingerprint}.tar.gz"
    if model.exists():
        return model
    WORK.mkdir(parents=True, exist_ok=True)
    config_file = WORK / f"{label}-seed{seed}.config.yml"
    config_file.write_text(config)
    print(f"training {model.name} ...", flush=True)
    subprocess.run(
        [RASA, "train", "--config", str(config_file), "--domain", str(source / "domain.yml"),
         "--data", str(source / "data"), "--out", str(WORK), "--fixed-model-name", model.stem[:-4]],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"},
    )  # fmt: skip
    return model


def _settings(var_dir: Path) -> Settings:
    # the HTTP API for /model/parse; no per-visitor limit, since the load is a program
    extra = {"RASA_API_TOKEN": API_TOKEN, "RATE_LIMIT_PER_MINUTE": "100000"}
    return server_settings(var_dir, extra)


def parse(base_url: str, text: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base_url}/model/parse?token={API_TOKEN}",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


# --- one run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorer:
    """Scores replies in the set's language; a reply that would be right in English counts as
    `right_in_english` (the visitor got the facts, not in their language)."""

    kinds: ReplyKinds
    english: ReplyKinds | None = None

    def is_content(self, intent: str) -> bool:
        return self.kinds.is_content(intent)

    def score(self, intent: str, replies: list[dict[str, Any]]) -> str:
        outcome = self.kinds.score(intent, replies)
        if outcome != "right" and self.english and self.english.score(intent, replies) == "right":
            return "right_in_english"
        return outcome


def run_singles(url: str, kinds: Scorer, examples: Sequence[tuple[str, str]], tag: str):
    rows = []
    for i, (intent, text) in enumerate(examples):
        replies = say(url, f"{tag}-s{i}", text)
        parsed = parse(url, text)
        ranking = [(r["name"], round(r["confidence"], 4)) for r in parsed.get("intent_ranking", [])]
        rows.append(
            {
                "intent": intent,
                "content": kinds.is_content(intent),
                "text": text,
                "outcome": kinds.score(intent, replies),
                "predicted": (parsed.get("intent") or {}).get("name"),
                "ranking": ranking[:5],
                "reply": "\n".join(r.get("text", "") for r in replies)[:300],
            }
        )
    return rows


def run_followups(url: str, kinds: Scorer, convs: Iterable[dict[str, Any]], tag: str):
    rows = []
    for i, conversation in enumerate(convs):
        sender = f"{tag}-c{i}"
        turns = conversation["turns"]
        got, rankings = [], []
        for turn in turns:
            replies = say(url, sender, str(turn["user"]))
            got.append(kinds.score(f"{TOPIC_PREFIX}{turn['topic']}", replies))
            last_reply = "\n".join(r.get("text", "") for r in replies)[:300]
            parsed = parse(url, str(turn["user"]))
            rankings.append(
                [(r["name"], round(r["confidence"], 4)) for r in parsed.get("intent_ranking", [])]
            )
        rows.append(
            {
                "id": conversation.get("id", str(i)),
                "turns": [t["user"] for t in turns],
                "expected": [t["topic"] for t in turns],
                "outcomes": got,
                "last": got[-1],
                "last_reply": last_reply,
                "rankings": rankings,  # each turn's intent ranking, without the conversation
            }
        )
    return rows


def summarise(singles: list[dict], followups: list[dict]) -> dict[str, Any]:
    content = [r for r in singles if r["content"]]
    others = [r for r in singles if not r["content"]]
    outcomes = Counter(r["outcome"] for r in content)
    n = len(content) or 1

    def share(count: int, total: int) -> float:
        return round(100 * count / (total or 1), 1)

    return {
        "messages": len(singles),
        "intent_accuracy": share(sum(r["predicted"] == r["intent"] for r in singles), len(singles)),
        "content_messages": len(content),
        "content_right": share(outcomes["right"], n),
        "content_wrong": share(outcomes["wrong"], n),
        "content_menu": share(outcomes["menu"] + outcomes["menu_with_right"], n),
        "content_menu_with_right": share(outcomes["menu_with_right"], n),
        "content_other": share(outcomes["other"], n),
        "content_right_in_english": share(outcomes["right_in_english"], n),
        "other_intents_right": share(sum(r["outcome"] == "right" for r in others), len(others)),
        "followups": len(followups),
        "followups_last_right": share(sum(r["last"] == "right" for r in followups), len(followups)),
        "followups_last_right_in_english": share(
            sum(r["last"] == "right_in_english" for r in followups), len(followups)
        ),
    }


def measure(
    model: Path, nlu: Path, followups: Path | None, tag: str, language: str = "en"
) -> dict[str, Any]:
    var_dir = WORK / "var" / tag
    shutil.rmtree(var_dir, ignore_errors=True)  # every run starts with no conversations
    var_dir.mkdir(parents=True, exist_ok=True)
    log = (WORK / f"{tag}.servers.log").open("w")
    store = load_content(PROJECT_ROOT / "content")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    kinds = Scorer(
        ReplyKinds.load(store, domain, language),
        ReplyKinds.load(store, domain) if language != "en" else None,
    )
    with Assistant(_settings(var_dir), model, log=log) as assistant:
        singles = run_singles(assistant.rasa_url, kinds, nlu_examples(nlu), tag)
        convs = conversations(followups) if followups and followups.exists() else []
        follow_rows = run_followups(assistant.rasa_url, kinds, convs, tag)
    return {
        "summary": summarise(singles, follow_rows),
        "singles": singles,
        "followups": follow_rows,
    }


# --- the answer/menu trade-off ----------------------------------------------------------------

FALLBACK_THRESHOLD = 0.5  # config.yml's FallbackClassifier
FALLBACK_AMBIGUITY = 0.1


def simulated_outcome(intent: str, ranking: Sequence[Sequence[Any]], answer_at: float,
                      lead: float) -> str:  # fmt: skip
    """What a content question would get with these thresholds, from its intent ranking:
    the FallbackClassifier first (config.yml), then `bot.content.answers.decide`'s rule."""
    ranked = [(n, c) for n, c in ranking if n != "nlu_fallback"]
    if not ranked:
        return "menu"
    (top, confidence), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    sure = confidence >= FALLBACK_THRESHOLD and confidence - second >= FALLBACK_AMBIGUITY
    if sure or (top.startswith(TOPIC_PREFIX) and confidence >= answer_at
                and confidence - second >= lead):  # fmt: skip
        if not top.startswith(TOPIC_PREFIX):
            return "other"
        return "right" if top == intent else "wrong"
    return "menu"


def sweep(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    content = [r for r in rows if r.get("content", r["intent"].startswith(TOPIC_PREFIX))]
    table = []
    for answer_at in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        for lead in (0.0, 0.05, 0.1, 0.15, 0.2):
            got = Counter(simulated_outcome(r["intent"], r["ranking"], answer_at, lead)
                          for r in content)  # fmt: skip
            n = len(content) or 1
            shares = {k: round(100 * got[k] / n, 1) for k in ("right", "wrong", "menu", "other")}
            table.append({"answer_at": answer_at, "lead": lead, **shares})
    return table


def main(argv: list[str]) -> int:
    if argv[:1] == ["sweep"]:
        report = json.loads(Path(argv[1]).read_text())
        for seed, run in report.items():
            print(f"seed {seed}: answer_at lead -> right / wrong / menu / other (% of content)")
            for row in sweep(run["singles"]):
                print("  {answer_at:.2f} {lead:.2f} -> {right} / {wrong} / {menu} / {other}"
                      .format(**row))  # fmt: skip
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="7,13")
    parser.add_argument("--nlu", type=Path, default=PROJECT_ROOT / "tests/nlu/realistic.yml")
    parser.add_argument(
        "--followups", type=Path, default=PROJECT_ROOT / "tests/conversations/followups.yml"
    )
    parser.add_argument("--source", type=Path, default=PROJECT_ROOT)
    parser.add_argument("--label", default="current")
    parser.add_argument(
        "--language", default="en", help="the set's language: replies are scored in it"
    )
    parser.add_argument("--rescore", type=Path, help="re-summarise a results file and exit")
    args = parser.parse_args(argv)
    if args.rescore:
        store = load_content(PROJECT_ROOT / "content")
        domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
        kinds = Scorer(
            ReplyKinds.load(store, domain, args.language),
            ReplyKinds.load(store, domain) if args.language != "en" else None,
        )
        for seed, run in json.loads(args.rescore.read_text()).items():
            # the first 300 characters of each reply are kept: enough to score it again
            for row in run["singles"]:
                row["content"] = kinds.is_content(row["intent"])
                row["outcome"] = kinds.score(row["intent"], [{"text": row["reply"]}])
            for row in run["followups"]:
                row["last"] = kinds.score(
                    f"{TOPIC_PREFIX}{row['expected'][-1]}", [{"text": row["last_reply"]}]
                )
            print(f"seed {seed}: {json.dumps(summarise(run['singles'], run['followups']))}")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {}
    for seed in [int(s) for s in args.seeds.split(",")]:
        model = trained(args.source.resolve(), seed, args.label)
        tag = f"{args.label}-{args.nlu.stem}-seed{seed}"
        report[seed] = measure(model, args.nlu, args.followups, tag, args.language)
        print(f"seed {seed}: {json.dumps(report[seed]['summary'])}", flush=True)
    out = RESULTS / f"{args.label}-{args.nlu.stem}.json"
    out.write_text(json.dumps(report, indent=1))
    print(f"written: {out.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
