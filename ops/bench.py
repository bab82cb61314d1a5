"""`make bench`: this assistant against a bare `rasa init` bot, measured the same way in one run.

    python -m ops.bench [--levels 1,10,30] [--skip-training] [--skip-cluster]
    python -m ops.bench --insights-only     # the staff report on 10k / 30k / 100k events

Both bots are driven over REST by the same load generator (ops/load.py, on the same 2 cores):
at each level, that many conversations at once, each its own sender with turns in order. Only
the ratios ours/bare mean much on a noisy shared machine. Also measured: start to first answer
(trained model), resident memory of the Rasa and action servers after the run, training from
scratch, the production topology (PostgreSQL + Redis) with one and with two Rasa servers, and
the staff report (`make insights`) on made-up tracker stores of 10 000 to 100 000 events.
Results: results/bench/bench.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.launch.processes import RASA, Assistant, wait_for_http
from bot.launch.training import ensure_model, train
from bot.settings import PROJECT_ROOT, Settings, get_settings
from ops.load import (
    BARE_SCRIPTS,
    Conversation,
    alternate,
    mixed_conversations,
    run_load,
    say,
)
from ops.services import free_port

RESULTS = PROJECT_ROOT / "results" / "bench"
BARE_DIR = PROJECT_ROOT / "build" / "bench" / "bare"
CONVERSATIONS_PER_LEVEL = {1: 8, 10: 40, 30: 90}
TARGETS = {
    "p95_at_1_vs_bare": 1.5,  # at most
    "throughput_at_10_vs_bare": 0.6,  # at least
    "first_answer_s": 40.0,  # at most
    "rasa_rss_mb": 1536.0,  # at most
    "training_s": 300.0,  # at most
}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total_kb = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def _conversations(level: int, prefix: str, bare: bool) -> list[Conversation]:
    count = CONVERSATIONS_PER_LEVEL.get(level, level * 3)
    if bare:
        return mixed_conversations(count, prefix, BARE_SCRIPTS, tuple(BARE_SCRIPTS))
    return mixed_conversations(count, prefix)


def measure_levels(url: str, levels: Sequence[int], prefix: str, bare: bool) -> dict[str, Any]:
    run_load([url], _conversations(1, f"{prefix}-warmup", bare), concurrency=1)
    results = {}
    for level in levels:
        result = run_load([url], _conversations(level, f"{prefix}-{level}", bare), level)
        results[str(level)] = result.summary()
        print(f"  {prefix:>5} at {level:>2} conversations: {results[str(level)]}", flush=True)
    return results


def server_settings(var_dir: Path, extra: dict[str, str] | None = None) -> Settings:
    """Settings for servers on free loopback ports with their own tracker store in `var_dir`."""
    return Settings.from_environ(
        {
            **os.environ,
            "RASA_INTERFACE": "127.0.0.1",
            "RASA_PORT": str(free_port()),
            "ACTION_SERVER_PORT": str(free_port()),
            "CCR_VAR_DIR": str(var_dir),
            "TRACKER_DB": str(var_dir / "tracker.db"),
            "RASA_API_TOKEN": "",
            **(extra or {}),
        }
    )


def first_answer_seconds(assistant: Assistant) -> float:
    """Starts both servers and returns the seconds until the first REST answer."""
    started = time.monotonic()
    assistant.start()
    while not say(assistant.rasa_url, "bench-first", "hi"):
        time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def bench_ours(model: Path, work: Path, levels: Sequence[int], log) -> dict[str, Any]:
    assistant = Assistant(server_settings(work / "ours"), model, log=log)
    try:
        first = first_answer_seconds(assistant)
        print(f"  ours: first answer {first} s after start", flush=True)
        levels_result = measure_levels(assistant.rasa_url, levels, "ours", bare=False)
        actions, rasa = assistant.processes
        return {
            "first_answer_s": first,
            "levels": levels_result,
            "rasa_rss_mb": rss_mb(rasa.pid),
            "actions_rss_mb": rss_mb(actions.pid),
        }
    finally:
        assistant.stop()


def bare_model(log) -> Path:
    """`rasa init` into build/bench/bare once (it trains the starter bot); reused after."""
    models = sorted((BARE_DIR / "models").glob("*.tar.gz"))
    if models:
        return models[-1]
    BARE_DIR.mkdir(parents=True, exist_ok=True)
    print("  generating and training the bare `rasa init` bot (once)...", flush=True)
    subprocess.run(
        [RASA, "init", "--no-prompt", "--init-dir", str(BARE_DIR)],
        cwd=BARE_DIR, stdout=log, stderr=subprocess.STDOUT, check=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )  # fmt: skip
    return sorted((BARE_DIR / "models").glob("*.tar.gz"))[-1]


@contextmanager
def bare_server(model: Path, work: Path, log) -> Iterator[tuple[str, subprocess.Popen, float]]:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [RASA, "run", "--model", str(model), "--interface", "127.0.0.1", "--port", str(port)],
        cwd=work, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/webhooks/rest/", process, 180, "bare Rasa server")
        while not say(url, "bench-first", "hi"):
            time.sleep(0.2)
        yield url, process, round(time.monotonic() - started, 1)
    finally:
        process.terminate()
        process.wait(timeout=30)


def bench_bare(work: Path, levels: Sequence[int], log) -> dict[str, Any]:
    model = bare_model(log)
    (work / "bare").mkdir(parents=True, exist_ok=True)
    with bare_server(model, work / "bare", log) as (url, process, first):
        print(f"  bare: first answer {first} s after start", flush=True)
        return {
            "first_answer_s": first,
            "levels": measure_levels(url, levels, "bare", bare=True),
            "rasa_rss_mb": rss_mb(process.pid),
        }


def training_from_scratch(work: Path, log) -> float:
    """`rasa train` with an empty model directory and an empty Rasa training cache."""
    os.environ["RASA_CACHE_DIRECTORY"] = str(work / "empty-cache")
    try:
        settings = server_settings(work / "train", {"CCR_MODELS_DIR": str(work / "train-models")})
        return round(train(settings, output=log), 1)
    finally:
        del os.environ["RASA_CACHE_DIRECTORY"]


def bench_cluster(model: Path, work: Path, log, level: int = 10) -> dict[str, Any]:
    """Throughput of the production topology with one and with two Rasa servers."""
    from ops.cluster import production_environ, start_cluster
    from ops.services import install_services, start_postgres, start_redis

    install_services()
    postgres, redis_server = start_postgres(), start_redis()
    results: dict[str, Any] = {}
    try:
        for servers in (1, 2):
            environ = production_environ(
                postgres, redis_server, f"bench{servers}", work / f"cluster{servers}"
            )
            cluster = start_cluster(environ, model, rasa_servers=servers, log=log)
            try:
                urls = cluster.rasa_urls
                route = alternate if servers == 2 else (lambda c, t: 0)
                run_load(urls, mixed_conversations(4, f"c{servers}-warmup"), 4, route)
                conversations = mixed_conversations(CONVERSATIONS_PER_LEVEL[level], f"c{servers}")
                summary = run_load(urls, conversations, level, route).summary()
                results[f"{servers}_servers"] = summary
                print(f"  PostgreSQL+Redis, {servers} Rasa server(s): {summary}", flush=True)
            finally:
                cluster.stop()
    finally:
        postgres.stop(remove=True)
        redis_server.stop(remove=True)
    return results


def ratios(ours: dict[str, Any], bare: dict[str, Any]) -> dict[str, float | None]:
    def ratio(a: float | None, b: float | None) -> float | None:
        return round(a / b, 2) if a is not None and b else None

    out: dict[str, float | None] = {}
    for level in ours["levels"]:
        o, b = ours["levels"][level], bare["levels"].get(level, {})
        out[f"p95_at_{level}_vs_bare"] = ratio(o["p95_ms"], b.get("p95_ms"))
        out[f"throughput_at_{level}_vs_bare"] = ratio(o["messages_per_s"], b.get("messages_per_s"))
    out["rasa_rss_vs_bare"] = ratio(ours["rasa_rss_mb"], bare["rasa_rss_mb"])
    return out


def verdicts(report: dict[str, Any]) -> dict[str, str]:
    measured = {
        "p95_at_1_vs_bare": report["ratios"].get("p95_at_1_vs_bare"),
        "throughput_at_10_vs_bare": report["ratios"].get("throughput_at_10_vs_bare"),
        "first_answer_s": report["ours"]["first_answer_s"],
        "rasa_rss_mb": report["ours"]["rasa_rss_mb"],
        "training_s": report.get("training_s"),
    }
    out = {}
    for name, value in measured.items():
        if value is None:
            out[name] = "not measured"
            continue
        at_least = name.startswith("throughput")
        met = value >= TARGETS[name] if at_least else value <= TARGETS[name]
        out[name] = (
            f"{value} ({'≥' if at_least else '≤'} {TARGETS[name]}: {'met' if met else 'MISSED'})"
        )
    errors_30 = report["ours"]["levels"].get("30", {}).get("errors")
    out["errors_at_30"] = "not measured" if errors_30 is None else f"{errors_30} (target 0)"
    return out


def table(report: dict[str, Any]) -> str:
    lines = [
        "| conversations at once | ours p50 / p95 / p99 ms | bare p50 / p95 / p99 ms "
        "| ours msg/s | bare msg/s | p95 ratio | throughput ratio | errors ours/bare |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for level, o in report["ours"]["levels"].items():
        b = report["bare"]["levels"].get(level, {})
        lines.append(
            f"| {level} | {o['p50_ms']} / {o['p95_ms']} / {o['p99_ms']} "
            f"| {b.get('p50_ms')} / {b.get('p95_ms')} / {b.get('p99_ms')} "
            f"| {o['messages_per_s']} | {b.get('messages_per_s')} "
            f"| {report['ratios'].get(f'p95_at_{level}_vs_bare')} "
            f"| {report['ratios'].get(f'throughput_at_{level}_vs_bare')} "
            f"| {o['errors']} / {b.get('errors')} |"
        )
    return "\n".join(lines)


INSIGHTS_SIZES = (10_000, 30_000, 100_000)


def bench_insights(work: Path) -> dict[str, Any]:
    """Seconds to build the staff report (read, count, group, render) from SQLite tracker stores
    of made-up conversations (ops/synthetic_store.py), and seconds per 10 000 events: flat
    per-event time means the report grows linearly with the store."""
    from bot.insights.__main__ import make_report
    from bot.insights.groups import group_unanswered
    from bot.insights.html import render_html
    from ops.synthetic_store import write_store

    results: dict[str, Any] = {}
    now = dt.datetime.now(dt.timezone.utc)
    for size in INSIGHTS_SIZES:
        path = work / f"insights-{size}.db"
        made = write_store(f"sqlite:///{path}", size, now)
        settings = Settings.from_environ({**os.environ, "TRACKER_DB": str(path), "DB_HOST": ""})
        today = now.date()
        started = time.perf_counter()
        report = make_report(settings, today - dt.timedelta(days=31), today, today)
        render_html(report, group_unanswered(report.unanswered), "bench", now)
        took = time.perf_counter() - started
        results[str(made.events)] = {
            "report_s": round(took, 2),
            "s_per_10k_events": round(took / made.events * 10_000, 3),
            "conversations": report.total_conversations,
        }
        print(f"  staff report, {made.events} events: {took:.1f} s", flush=True)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,30", help="conversations at once, e.g. 1,10,30")
    parser.add_argument("--skip-training", action="store_true", help="skip training from scratch")
    parser.add_argument("--skip-cluster", action="store_true", help="skip PostgreSQL + Redis")
    parser.add_argument("--insights-only", action="store_true", help="only the staff report")
    args = parser.parse_args(argv)
    if args.insights_only:
        with tempfile.TemporaryDirectory(prefix="ccr-bench-") as tmp:
            result = bench_insights(Path(tmp))
        print(json.dumps(result, indent=2))
        return 0
    levels = [int(level) for level in args.levels.split(",")]
    RESULTS.mkdir(parents=True, exist_ok=True)
    model = ensure_model(get_settings())
    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}",
    }
    with (
        tempfile.TemporaryDirectory(prefix="ccr-bench-") as tmp,
        (RESULTS / "servers.log").open("w") as log,
    ):
        work = Path(tmp)
        print("this assistant (SQLite, one Rasa server + action server):", flush=True)
        report["ours"] = bench_ours(model, work, levels, log)
        print("bare `rasa init` bot:", flush=True)
        report["bare"] = bench_bare(work, levels, log)
        report["ratios"] = ratios(report["ours"], report["bare"])
        if not args.skip_cluster:
            print("production topology:", flush=True)
            report["cluster"] = bench_cluster(model, work, log)
            one, two = (report["cluster"][f"{n}_servers"]["messages_per_s"] for n in (1, 2))
            report["ratios"]["cluster_2_vs_1_servers"] = round(two / one, 2) if one else None
        print("staff report:", flush=True)
        report["insights"] = bench_insights(work)
        if not args.skip_training:
            print("training from scratch...", flush=True)
            report["training_s"] = training_from_scratch(work, log)
    report["targets"] = verdicts(report)
    (RESULTS / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n{report['date']}, {report['machine']}\n{table(report)}\n")
    print(
        f"first answer after start: ours {report['ours']['first_answer_s']} s, "
        f"bare {report['bare']['first_answer_s']} s; RSS after the run: Rasa server "
        f"{report['ours']['rasa_rss_mb']} MB (bare {report['bare']['rasa_rss_mb']} MB), "
        f"action server {report['ours']['actions_rss_mb']} MB"
    )
    if "cluster" in report:
        print(f"PostgreSQL + Redis at 10 conversations: {report['cluster']}")
    for name, verdict in report["targets"].items():
        print(f"  {name}: {verdict}")
    print(f"\nwritten: {RESULTS / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
