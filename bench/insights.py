"""The insights report on a generated tracker store: how long `make insights` takes on N conversations.

    python -m bench.insights --conversations 100000 [--db var/bench/insights.db] [--out bench/results.md]

The store is a SQLite file with Rasa's `events` table and rows shaped as Rasa 3.6 stores them (user messages with
parse data, actions, bot messages with the engine's `metadata.answer`, slots, the assessment form's loop events),
spread over 30 days: answered questions, declines, rephrase prompts, small talk and assessments finished or left at
a random question. `generate()` returns what it wrote, so a test can check the report's numbers against it.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from insights import report  # noqa: E402
from insights.store import METADATA  # noqa: E402
from settings import Settings  # noqa: E402

QUESTIONS = report.assessment_questions(Settings().knowledge_dir)
SCORE = report.result_scorer(Settings().knowledge_dir)
ANSWERED = [
    ("salary", "ask_salary", "what do project managers earn?"),
    ("definition", "ask_definition", "what is an account manager?"),
    ("skills", "ask_skills", "which skills does a PM need"),
    ("difference", "ask_difference", "how are the two roles different"),
    ("outlook", "ask_outlook", "is there demand for account managers"),
]
DECLINED = ["how much do PMs earn in the UK?", "do I need a PMP certificate", "what about product managers?"]
REPHRASE = ["banana phone", "asdf qwerty", "hmm the thing with the stuff"]


@dataclass
class Written:
    conversations: int = 0
    turns: int = 0
    events: int = 0
    kinds: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    started: int = 0
    finished: int = 0
    abandoned: Counter = field(default_factory=Counter)
    results: Counter = field(default_factory=Counter)


class Writer:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection, self.rows, self.written = connection, [], Written()

    def event(self, sender: str, data: Dict[str, Any]) -> None:
        intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
        self.rows.append((sender, data["event"], data["timestamp"], intent, data.get("name"), json.dumps(data)))
        self.written.events += 1
        if len(self.rows) >= 50_000:
            self.flush()

    def flush(self) -> None:
        self.connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            self.rows,
        )
        self.rows = []


def user(ts: float, text: str, intent: str, channel: str) -> Dict[str, Any]:
    parse = {"intent": {"name": intent, "confidence": 0.93}, "entities": [], "text": text, "message_id": "m"}
    return {"event": "user", "timestamp": ts, "metadata": {}, "text": text, "parse_data": parse,
            "input_channel": channel, "message_id": "m"}  # fmt: skip


def action(ts: float, name: str) -> Dict[str, Any]:
    return {"event": "action", "timestamp": ts, "name": name, "policy": "RulePolicy", "confidence": 1.0}


def bot(ts: float, text: str, kind: str | None, topics: List[str]) -> Dict[str, Any]:
    metadata = {"answer": {"kind": kind, "topics": topics, "ops": ["lookup"]}} if kind else {}
    return {"event": "bot", "timestamp": ts, "text": text, "data": {"buttons": None}, "metadata": metadata}


def slot(ts: float, name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "timestamp": ts, "name": name, "value": value}


def generate(path: Path, conversations: int, seed: int = 14, days: int = 30, now: float | None = None) -> Written:
    """Writes `conversations` conversations into a fresh SQLite store at `path`; returns what it wrote."""
    import sqlalchemy as sa

    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    engine = sa.create_engine(f"sqlite:///{path}")
    METADATA.create_all(engine)  # Rasa's table, with its index on sender_id
    engine.dispose()
    rng = random.Random(seed)
    now = now or time.time()
    connection = sqlite3.connect(path)
    writer = Writer(connection)
    w = writer.written
    for number in range(conversations):
        sender = f"bench-{number:06d}"
        channel = rng.choice(("rest", "rest", "socketio", "slack"))
        ts = now - rng.uniform(0, days * 86_400 - 3_600)
        w.conversations += 1
        writer.event(sender, action(ts, "action_session_start"))
        writer.event(sender, {"event": "session_started", "timestamp": ts})
        writer.event(sender, action(ts, "action_listen"))
        for _ in range(rng.randint(1, 4)):
            ts += rng.uniform(2, 30)
            roll = rng.random()
            w.turns += 1
            if roll < 0.12:  # an assessment
                writer.event(sender, user(ts, "can you assess me?", "start_assessment", channel))
                writer.event(sender, action(ts, "action_start_assessment"))
                writer.event(sender, action(ts, "assessment_form"))
                writer.event(sender, {"event": "active_loop", "timestamp": ts, "name": "assessment_form"})
                writer.event(sender, slot(ts, "requested_slot", "q_" + QUESTIONS[0]))
                writer.event(sender, bot(ts, f"Question 1 of {len(QUESTIONS)}", None, []))
                writer.event(sender, action(ts, "action_listen"))
                w.kinds["assessment"] += 1
                w.started += 1
                stop_at = rng.choice([None, None, *range(1, len(QUESTIONS))])  # None: all the way
                answers: Dict[str, str] = {}
                for index, question in enumerate(QUESTIONS):
                    if stop_at is not None and index == stop_at:
                        break
                    ts += rng.uniform(1, 10)
                    value = rng.choice(("account_manager", "project_manager", "both"))
                    answers[question] = value
                    w.turns += 1
                    w.kinds["assessment"] += 1
                    writer.event(sender, user(ts, value.replace("_", " "), "prefer_account", channel))
                    writer.event(sender, action(ts, "assessment_form"))
                    writer.event(sender, slot(ts, "q_" + question, value))
                    if index + 1 < len(QUESTIONS):
                        writer.event(sender, slot(ts, "requested_slot", "q_" + QUESTIONS[index + 1]))
                        writer.event(sender, bot(ts, f"Question {index + 2} of {len(QUESTIONS)}", None, []))
                    else:
                        writer.event(sender, slot(ts, "requested_slot", None))
                        writer.event(sender, {"event": "active_loop", "timestamp": ts, "name": None})
                        writer.event(sender, action(ts, "action_assessment_result"))
                        writer.event(sender, bot(ts, "Your result …", None, []))
                        writer.event(sender, slot(ts, "assessment_last", answers))
                    writer.event(sender, action(ts, "action_listen"))
                if stop_at is None:
                    w.finished += 1
                    w.results[SCORE(answers)] += 1
                else:
                    w.abandoned[QUESTIONS[stop_at]] += 1
                    ts += 1
                    writer.event(sender, user(ts, "stop", "stop", channel))
                    writer.event(sender, action(ts, "action_assessment_stop"))
                    writer.event(sender, {"event": "active_loop", "timestamp": ts, "name": None})
                    writer.event(sender, bot(ts, "Stopped.", None, []))
                    writer.event(sender, action(ts, "action_listen"))
                    w.turns += 1
                    w.kinds["assessment"] += 1
                break
            if roll < 0.22:
                text = rng.choice(DECLINED)
                kind, topics, reply = "declined", [], "The article doesn't cover that, so I can't answer."
                intent = "out_of_scope"
            elif roll < 0.30:
                text = rng.choice(REPHRASE)
                kind, topics, reply = "rephrase", [], "Sorry, I'm not sure I understood. Did you mean one of these?"
                intent = "nlu_fallback"
            elif roll < 0.38:
                text, kind, topics, reply, intent = "hi", "small_talk", [], "Hello! Ask me about the roles.", "greet"
            else:
                topic, intent, text = rng.choice(ANSWERED)
                kind, topics, reply = "answered", [topic], f"Here is what the article says about {topic}."
            writer.event(sender, user(ts, text, intent, channel))
            writer.event(sender, action(ts, "action_answer_question"))
            writer.event(sender, bot(ts, reply, kind, topics))
            writer.event(
                sender, slot(ts, "context", {"last": [{"op": "lookup", "topic": topics[0]}]} if topics else {})
            )
            writer.event(sender, action(ts, "action_listen"))
            w.kinds[kind] += 1
            for topic in topics:
                w.topics[topic] += 1
    writer.flush()
    connection.commit()
    connection.close()
    return w


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "insights.db"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"), help="append the result line here")
    args = parser.parse_args(argv)
    db = Path(args.db)
    started = time.perf_counter()
    written = generate(db, args.conversations)
    generated_s = time.perf_counter() - started
    settings = Settings.from_env({"TRACKER_STORE": "sqlite", "SQLITE_PATH": str(db)})
    from insights.store import Store

    store = Store.open(settings)
    try:
        built = report.build(store, report.period(days=31), settings.knowledge_dir)
    finally:
        store.close()
    assert built.conversations == written.conversations and built.turns == written.turns, "report != store"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    line = (
        f"| insights report, {written.conversations:,} conversations ({written.events:,} events, SQLite) | "
        f"{built.seconds:.1f} s | generated in {generated_s:.0f} s; {stamp}, `make bench-insights` |"
    )
    print(line)
    if args.out:
        out = Path(args.out)
        text = out.read_text() if out.exists() else ""
        heading = "\n## Insights report on a generated store\n\n| run | report | notes |\n|---|---|---|\n"
        if "## Insights report on a generated store" not in text:
            text = text.rstrip("\n") + "\n" + heading
        out.write_text(text.rstrip("\n") + "\n" + line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
