"""Load generator: many concurrent conversations over the REST channel, every reply checked for its own conversation.

Each simulated user follows a script of questions whose right answers depend on that user's own earlier messages
(half the users start with project managers, half with account managers, and every follow-up — "what about the
other role?", "what skills do they need?" — must answer for the role that user last asked about), so a reply meant
for another conversation, or a lost context, is an error. Users run concurrently; each sends its messages one after
the other, like a person would.

Bounded: at most MAX_USERS users and MAX_MESSAGES messages each, a time limit for the whole run, a timeout per
request, and loopback URLs only.

    python -m bench.load                      # starts the default set-up (`make run`'s), 50 users x 20 messages
    python -m bench.load --users 10 --messages 5
    python -m bench.load --url http://localhost:5005/webhooks/rest/webhook   # against a running server
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple
from urllib.parse import urlsplit

import aiohttp

MAX_USERS = 200
MAX_MESSAGES = 100
LOOPBACK = {"localhost", "127.0.0.1", "::1"}

# (message, texts the reply must contain, texts it must not contain); {role}/{other} are filled per user.
SALARY = {"pm": "$90,074", "am": "$70,110"}
DUTIES = {"pm": "overseeing specific projects", "am": "maintaining strong relationships with clients"}
SKILLS = {"pm": "Gantt charts", "am": "interpersonal skills"}
NAMES = {"pm": "project managers", "am": "account managers"}
SHORT = {"pm": "a PM", "am": "an AM"}
Step = Tuple[str, Tuple[str, ...], Tuple[str, ...]]


def script(first: str) -> List[Step]:
    """One round of questions for a user who starts with role `first` ("pm" or "am"); every follow-up depends on it."""
    other = "am" if first == "pm" else "pm"
    return [
        (f"How much do {NAMES[first]} make?", (SALARY[first],), (SALARY[other],)),
        (f"what about {NAMES[other]}?", (SALARY[other],), (SALARY[first],)),
        (f"what does {SHORT[first]} do", (DUTIES[first],), ()),
        ("what skills do they need?", (SKILLS[first],), ()),
        ("the other role", (SKILLS[other],), ()),
    ]


def user_script(index: int, messages: int) -> List[Step]:
    first = "pm" if index % 2 == 0 else "am"
    rounds = script(first) + script("am" if first == "pm" else "pm")
    return [rounds[i % len(rounds)] for i in range(messages)]


@dataclass
class Result:
    users: int
    messages: int
    sent: int = 0
    ok: int = 0
    errors: List[str] = field(default_factory=list)
    latencies: List[float] = field(default_factory=list)
    seconds: float = 0.0
    senders: List[str] = field(default_factory=list)
    # per sender: (message, reply texts) in the order sent
    transcripts: Dict[str, List[Tuple[str, List[str]]]] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> Dict[str, object]:
        return {
            "users": self.users,
            "messages_per_user": self.messages,
            "sent": self.sent,
            "correct": self.ok,
            "errors": len(self.errors),
            "seconds": round(self.seconds, 1),
            "messages_per_second": round(self.sent / self.seconds, 1) if self.seconds else 0,
            "latency_p50_s": round(self.percentile(50), 3),
            "latency_p95_s": round(self.percentile(95), 3),
            "latency_max_s": round(max(self.latencies, default=0.0), 3),
        }


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"refusing to send load to {url}: loopback addresses only")


async def _user(
    session: aiohttp.ClientSession,
    urls: Sequence[str],
    index: int,
    steps: List[Step],
    result: Result,
    run_id: str,
    request_timeout: float,
) -> None:
    sender = f"load-{run_id}-{index:03d}"
    result.senders.append(sender)
    transcript = result.transcripts.setdefault(sender, [])
    for number, (message, must, must_not) in enumerate(steps):
        url = urls[(index + number) % len(urls)]  # alternate between servers when there are several
        result.sent += 1
        started = time.monotonic()
        try:
            async with session.post(
                url,
                json={"sender": sender, "message": message},
                timeout=aiohttp.ClientTimeout(total=request_timeout),
            ) as reply:
                body = await reply.text()
                status = reply.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            result.errors.append(f"{sender} #{number} {message!r}: {type(error).__name__} {error}")
            transcript.append((message, []))
            continue
        result.latencies.append(time.monotonic() - started)
        try:
            texts = [m.get("text") or "" for m in json.loads(body)] if status == 200 else []
        except (ValueError, AttributeError):
            texts = []
        transcript.append((message, texts))
        text = "\n".join(texts)
        missing = [m for m in must if m not in text]
        wrong = [m for m in must_not if m in text]
        if status != 200 or not text or missing or wrong:
            result.errors.append(
                f"{sender} #{number} {message!r}: HTTP {status}, missing {missing}, wrong {wrong}: {text[:160]!r}"
            )
        else:
            result.ok += 1


async def run(
    urls: Sequence[str] | str,
    users: int = 50,
    messages: int = 20,
    time_limit: float = 600.0,
    request_timeout: float = 60.0,
    concurrency: int | None = None,
) -> Result:
    """Runs `users` concurrent conversations of `messages` messages each against the REST webhook URL(s)."""
    urls = [urls] if isinstance(urls, str) else list(urls)
    if not 1 <= users <= MAX_USERS or not 1 <= messages <= MAX_MESSAGES:
        raise ValueError(f"users must be 1..{MAX_USERS} and messages 1..{MAX_MESSAGES}")
    for url in urls:
        check_loopback(url)
    result = Result(users, messages)
    run_id = uuid.uuid4().hex[:8]
    limit = asyncio.Semaphore(concurrency or users)

    async def bounded(session: aiohttp.ClientSession, index: int) -> None:
        async with limit:
            await _user(session, urls, index, user_script(index, messages), result, run_id, request_timeout)

    started = time.monotonic()
    connector = aiohttp.TCPConnector(limit=users + 10)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.ensure_future(bounded(session, i)) for i in range(users)]
        done, pending = await asyncio.wait(tasks, timeout=time_limit)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
            result.errors.append(f"time limit of {time_limit:.0f} s reached: {len(pending)} users unfinished")
        for task in done:
            if task.exception() is not None:
                result.errors.append(f"user task failed: {task.exception()!r}")
    result.seconds = time.monotonic() - started
    return result


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(pids: Dict[str, int]) -> Dict[str, float]:
    return {name: round(rss_mb(pid), 1) for name, pid in pids.items()}


def measure(
    urls: Sequence[str], pids: Dict[str, int], users: int, messages: int, time_limit: float
) -> Dict[str, object]:
    """A warm-up round at full concurrency (so caches, lazy imports and peak buffers do not count as growth), RSS,
    the load, RSS again."""
    asyncio.run(run(urls, users=users, messages=min(messages, 2), time_limit=time_limit))
    before = memory(pids)
    result = asyncio.run(run(urls, users=users, messages=messages, time_limit=time_limit))
    after = memory(pids)
    return {
        **result.summary(),
        "rss_before_mb": before,
        "rss_after_mb": after,
        "rss_growth_mb": {name: round(after[name] - before[name], 1) for name in pids},
        "error_samples": result.errors[:10],
    }


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=900.0, help="seconds for the whole run")
    parser.add_argument("--url", action="append", help="REST webhook(s) of running servers (loopback only)")
    parser.add_argument("--pid", action="append", type=int, default=[], help="process ids whose RSS to watch")
    parser.add_argument("--max-rss-growth-mb", type=float, default=200.0)
    parser.add_argument("--out", type=Path, help="write the report as JSON here")
    parser.add_argument("--log-dir", type=Path, default=Path("test-output/logs"), help="server logs (own set-up)")
    args = parser.parse_args(argv)

    stack = None
    if args.url:
        urls = args.url
        pids = {f"pid-{pid}": pid for pid in args.pid}
    else:  # the default set-up of `make run` (SQLite tracker store), on free ports, with a throw-away database
        from service import launcher
        from service.ports import free_port

        data = Path(tempfile.mkdtemp(prefix="am-pm-load-"))  # removed below
        args.log_dir.mkdir(parents=True, exist_ok=True)
        env = {"SQLITE_PATH": str(data / "load.db")}
        stack = launcher.start(free_port(), free_port(), extra_env=env, log_dir=args.log_dir)
        urls = [stack.rest_url]
        pids = {"actions": stack.processes[0].pid, "rasa": stack.processes[-1].pid}
    try:
        report = measure(urls, pids, args.users, args.messages, args.time_limit)
    finally:
        if stack is not None:
            stack.stop()
            shutil.rmtree(data, ignore_errors=True)
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2))
    growth = max(report["rss_growth_mb"].values(), default=0.0)
    failed = report["errors"] or report["correct"] != report["sent"] or growth > args.max_rss_growth_mb
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
