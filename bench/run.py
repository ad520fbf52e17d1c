"""Benchmarks this assistant against Rasa's own `rasa init` bot, side by side, over the REST channel.

Both bots run in the project's venv on this machine; every latency measurement alternates between them so both
see the same background load. Writes bench/results.md (or --out). `--quick` runs the same steps with tiny counts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import launcher  # noqa: E402
from service.ports import free_port  # noqa: E402

BIN = Path(sys.executable).parent
CACHE = ROOT / "bench" / "cache"
TARGETS = {
    "p50_ratio_max": 0.5,
    "p95_ratio_max": 0.5,
    "flatness_max": 1.5,
    "throughput_ratio_min": 2.0,
    "startup_s_max": 15,
    "train_scratch_s_max": 180,
    "retrain_s_max": 30,
    "rss_gib_max": 1.5,
}
# What each bot is asked: real questions, follow-ups and assessment steps for ours; its own intents for Rasa's.
OURS = [
    "hi",
    "what does an AM do",
    "and a project manager?",
    "How much do PMs make?",
    "what about account managers?",
    "who earns more",
    "are PMs salespeople?",
    "what skills do they need?",
    "take the quiz",
    "/prefer_account",
    "I love talking to clients",
    "why do you ask?",
    "/prefer_project",
    "stop",
    "yes",
    "whats the job outlook",
    "which role is right for me",
    "do PMs need a PMP certification",
    "thanks",
]
BASELINE = ["hi", "I am great", "hello", "I am sad", "yes", "no", "are you a bot?", "good morning", "bye"]
# The long conversation cycles 10 messages, so turns 1-20 (two cycles) and 291-300 (one) hold the same messages and
# their ratio measures how the cost of a turn grows with the conversation, not which messages fell in the window.
LONG_OURS = [
    "what does an AM do",
    "and a project manager?",
    "who earns more",
    "take the quiz",
    "/prefer_account",
    "why do you ask?",
    "stop",
    "yes",
    "whats the job outlook",
    "thanks",
]
LONG_BASELINE = BASELINE + ["good afternoon"]


class Client:
    """One user over a persistent HTTP connection; returns per-turn latency in ms."""

    def __init__(self, port: int, require_reply: bool = True) -> None:
        self.port = port
        self.require_reply = require_reply
        self.sender = f"bench-{uuid.uuid4().hex[:12]}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def say(self, text: str) -> float:
        body = json.dumps({"sender": self.sender, "message": text})
        started = time.perf_counter()
        self.conn.request("POST", "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
        reply = self.conn.getresponse()
        payload = reply.read()
        elapsed = (time.perf_counter() - started) * 1000
        if reply.status != 200 or (self.require_reply and not json.loads(payload)):
            raise RuntimeError(f"{text!r}: HTTP {reply.status} {payload[:200]!r}")
        return elapsed


@dataclass
class Bot:
    name: str
    messages: List[str]
    long_messages: List[str]
    port: int = 0
    always_replies: bool = True  # Rasa's default bot legitimately stays silent on some turns
    pids: Callable[[], List[int]] = lambda: []
    stop: Callable[[], None] = lambda: None
    results: Dict[str, object] = field(default_factory=dict)


def rss_mib(pids: List[int]) -> float:
    """Resident memory of the processes and all their descendants."""
    seen, todo, total = set(), list(pids), 0
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            todo += [int(c) for c in children]
        except (OSError, StopIteration):
            continue
    return total / 1024


def timed(command: List[str], cwd: Path, env: Dict[str, str] | None = None) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def quiet_env() -> Dict[str, str]:
    return launcher.base_env(0)


# ---- training ---------------------------------------------------------------------------------------------------
def baseline_dir() -> Path:
    """Rasa's `rasa init` project (its template, copied; trained by train_times or on first use)."""
    import rasa.cli

    target = CACHE / "baseline"
    if not (target / "domain.yml").exists():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(rasa.cli.__file__).parent / "initial_project", target)
    return target


def train_times(project: Path, domain: str, response_file: Path, response_key: str) -> tuple[Dict[str, float], Path]:
    """Training from scratch (empty cache) and after changing one response text only; returns the times and a
    temporary folder holding the trained model (the caller removes it)."""
    work = Path(tempfile.mkdtemp(prefix="bench-train-"))
    ignore = shutil.ignore_patterns(
        ".venv", "models", ".rasa", "bench", "node_modules", "var", "test-output", "results"
    )
    shutil.copytree(project, work / "p", ignore=ignore)
    p = work / "p"
    env = {**quiet_env(), "RASA_CACHE_DIRECTORY": str(work / "cache")}
    command = [str(BIN / "rasa"), "train", "--domain", domain, "--out", "models", "--fixed-model-name", "m"]
    scratch = timed(command, p, env)
    edited = p / response_file.relative_to(project)
    lines = edited.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == f"{response_key}:")
    at = next(i for i in range(at, len(lines)) if "text:" in lines[i])
    lines[at] = lines[at][: lines[at].index("text:")] + 'text: "An edited response."'
    edited.write_text("\n".join(lines) + "\n")
    retrain = timed(command, p, env)
    return {"train_scratch_s": scratch, "retrain_s": retrain}, work


# ---- starting ---------------------------------------------------------------------------------------------------
def wait_first_answer(port: int, deadline_s: float = 240) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            Client(port).say("hi")
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.1)
    raise TimeoutError(f"no answer on port {port}")


def start_baseline(directory: Path) -> Bot:
    bot = Bot("rasa init (baseline)", BASELINE, LONG_BASELINE, port=free_port(), always_replies=False)
    started = time.monotonic()
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", "models", "--port", str(bot.port), "--credentials", "credentials.yml"],
        cwd=directory,
        env=quiet_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_first_answer(bot.port)
    bot.results["startup_s"] = time.monotonic() - started
    bot.pids = lambda: [process.pid]

    def stop() -> None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    bot.stop = stop
    return bot


def start_ours() -> Bot:
    bot = Bot("this assistant", OURS, LONG_OURS, port=free_port())
    started = time.monotonic()
    stack = launcher.start(bot.port, free_port(), with_web=True, web_port=free_port())  # as `make run` does
    wait_first_answer(bot.port)
    bot.results["startup_s"] = time.monotonic() - started
    bot.pids = lambda: [p.pid for p in stack.processes]
    bot.stop = stack.stop
    return bot


# ---- measuring --------------------------------------------------------------------------------------------------
def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def single_user(bots: List[Bot], rounds: int) -> None:
    """Alternates bots turn by turn, each in its own fresh conversation per pass over its message mix."""
    samples: Dict[str, List[float]] = {b.name: [] for b in bots}
    for _ in range(rounds):
        clients = {b.name: Client(b.port, b.always_replies) for b in bots}
        for turn in range(max(len(b.messages) for b in bots)):
            for bot in bots:
                samples[bot.name].append(clients[bot.name].say(bot.messages[turn % len(bot.messages)]))
    for bot in bots:
        bot.results["p50_ms"] = statistics.median(samples[bot.name])
        bot.results["p95_ms"] = percentile(samples[bot.name], 0.95)


def long_conversation(bots: List[Bot], turns: int) -> None:
    window = min(10, turns // 3) or 1
    clients = {b.name: Client(b.port, b.always_replies) for b in bots}
    latencies: Dict[str, List[float]] = {b.name: [] for b in bots}
    for turn in range(turns):
        for bot in bots:
            latencies[bot.name].append(clients[bot.name].say(bot.long_messages[turn % len(bot.long_messages)]))
    for bot in bots:
        series = latencies[bot.name]
        first = statistics.mean(series[: 2 * window])
        last = statistics.mean(series[-window:])
        bot.results["first_turns_ms"] = first
        bot.results["last_turns_ms"] = last
        bot.results["flatness"] = last / first
        bot.results["long_turns"] = turns


def concurrent(bot: Bot, users: int, messages: int) -> Dict[str, float]:
    errors: List[str] = []
    done = [0]
    lock = threading.Lock()

    def user() -> None:
        try:
            client = Client(bot.port, bot.always_replies)
            for i in range(messages):
                client.say(bot.messages[i % len(bot.messages)])
                with lock:
                    done[0] += 1
        except Exception as error:  # counted, reported
            with lock:
                errors.append(repr(error))

    threads = [threading.Thread(target=user) for _ in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - started
    return {"throughput": done[0] / elapsed, "errors": len(errors)}


def throughput(bots: List[Bot], users: int, messages: int, rounds: int) -> None:
    runs: Dict[str, List[Dict[str, float]]] = {b.name: [] for b in bots}
    for _ in range(rounds):
        for bot in bots:
            runs[bot.name].append(concurrent(bot, users, messages))
    for bot in bots:
        bot.results["throughput_msg_s"] = statistics.mean(r["throughput"] for r in runs[bot.name])
        bot.results["errors"] = sum(r["errors"] for r in runs[bot.name])
        bot.results["users"] = users
        bot.results["messages_each"] = messages


# ---- report -----------------------------------------------------------------------------------------------------
def report(base: Bot, ours: Bot) -> tuple[str, bool]:
    b, o = base.results, ours.results
    rows = []
    verdicts = []

    def row(label: str, key: str, fmt: str, target: str, ok: bool | None, ratio: bool = True) -> None:
        bv, ov = b.get(key), o.get(key)
        r = f"{ov / bv:.2f}x" if ratio and isinstance(bv, (int, float)) and bv else ""
        mark = "" if ok is None else ("PASS" if ok else "MISS")
        verdicts.append(ok is not False)
        rows.append(
            f"| {label} | {format(bv, fmt) if bv is not None else '-'} | "
            f"{format(ov, fmt) if ov is not None else '-'} | {r} | {target} | {mark} |"
        )

    row("p50 latency, 1 user (ms)", "p50_ms", ".1f", "<= 0.5x", o["p50_ms"] <= TARGETS["p50_ratio_max"] * b["p50_ms"])
    row("p95 latency, 1 user (ms)", "p95_ms", ".1f", "<= 0.5x", o["p95_ms"] <= TARGETS["p95_ratio_max"] * b["p95_ms"])
    row(f"turns 1-{2 * min(10, o['long_turns'] // 3)} mean (ms)", "first_turns_ms", ".1f", "", None)
    row(f"last turns up to {o['long_turns']} mean (ms)", "last_turns_ms", ".1f", "", None)
    row("last / first turns", "flatness", ".2f", "<= 1.5", o["flatness"] <= TARGETS["flatness_max"], ratio=False)
    row(
        f"throughput, {o['users']} users x {o['messages_each']} msgs (msg/s)",
        "throughput_msg_s",
        ".1f",
        ">= 2x",
        o["throughput_msg_s"] >= TARGETS["throughput_ratio_min"] * b["throughput_msg_s"] and o["errors"] == 0,
    )
    row("errors under load", "errors", "d", "0", o["errors"] == 0, ratio=False)
    row("start-up to first answer (s)", "startup_s", ".1f", "<= 15 s", o["startup_s"] <= TARGETS["startup_s_max"])
    row(
        "resident memory after load (MiB)",
        "rss_mib",
        ".0f",
        "<= 1536 MiB",
        o["rss_mib"] <= TARGETS["rss_gib_max"] * 1024,
    )
    if "train_scratch_s" in o:
        row(
            "training from scratch (s)",
            "train_scratch_s",
            ".1f",
            "<= 180 s",
            o["train_scratch_s"] <= TARGETS["train_scratch_s_max"],
        )
        row(
            "retraining after a response-only change (s)",
            "retrain_s",
            ".1f",
            "<= 30 s",
            o["retrain_s"] <= TARGETS["retrain_s_max"],
        )
    header = ["| measure | rasa init bot | this assistant | ratio | target | verdict |", "|---|---|---|---|---|---|"]
    return "\n".join(header + rows), all(verdicts)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts, so `make test` keeps the script honest")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--no-training", action="store_true", help="skip the training-time measurements")
    args = parser.parse_args(argv)
    counts = (
        dict(rounds=1, long=24, users=4, messages=3, tp_rounds=1)
        if args.quick
        else dict(rounds=4, long=300, users=20, messages=10, tp_rounds=2)
    )
    started = time.monotonic()
    base_dir = baseline_dir()
    base_model = base_dir / "models"
    trained_times: Dict[str, Dict[str, float]] = {}
    if not args.no_training:
        print("training both bots from scratch, then after a response-only change ...", flush=True)
        trained_times["ours"], work = train_times(ROOT, "domain", ROOT / "domain" / "conversation.yml", "utter_goodbye")
        shutil.rmtree(work, ignore_errors=True)
        trained_times["base"], work = train_times(base_dir, "domain.yml", base_dir / "domain.yml", "utter_goodbye")
        shutil.rmtree(base_model, ignore_errors=True)
        shutil.copytree(work / "p" / "models", base_model)
        shutil.rmtree(work, ignore_errors=True)
    if not any(base_model.glob("*.tar.gz")):
        subprocess.run(
            [str(BIN / "rasa"), "train", "--out", "models"],
            cwd=base_dir,
            env=quiet_env(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    print("starting both bots ...", flush=True)
    base = start_baseline(base_dir)
    ours = start_ours()
    try:
        print("single user, long conversation, concurrent users ...", flush=True)
        single_user([base, ours], counts["rounds"])
        long_conversation([base, ours], counts["long"])
        throughput([base, ours], counts["users"], counts["messages"], counts["tp_rounds"])
        for bot in (base, ours):
            bot.results["rss_mib"] = rss_mib(bot.pids())
    finally:
        ours.stop()
        base.stop()
    if trained_times:
        base.results.update(trained_times["base"])
        ours.results.update(trained_times["ours"])
    table, all_met = report(base, ours)
    mode = "quick run (tiny counts, not a measurement)" if args.quick else "full run"
    text = (
        f"# Benchmark: this assistant vs Rasa's `rasa init` bot\n\n"
        f"{mode}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"{time.monotonic() - started:.0f} s. Both bots in the same venv (Rasa 3.6.21), over the REST channel, "
        f"measurements alternating between them. Produced by `make bench` (bench/run.py).\n\n"
        "One-user latency: each bot's message mix (OURS, BASELINE in bench/run.py), a fresh conversation per pass. "
        "The long conversation cycles 10 messages (LONG_OURS, LONG_BASELINE), so turns 1-20 and 291-300 hold the "
        f"same messages.\n\n{table}\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    print("all targets met" if all_met else "some targets missed: see the MISS rows", flush=True)
    return 0  # a benchmark reports; the tests decide


if __name__ == "__main__":
    sys.exit(main())
