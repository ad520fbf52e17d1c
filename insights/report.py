"""The insights report: one ordered pass over a period's stored events, conversation by conversation.

Why one pass with a small state machine per conversation: a store of 100,000 conversations must report in
seconds, so nothing is loaded whole (no trackers, no Rasa) and nothing is read twice.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Tuple

import orjson
import yaml

from insights import classify
from insights.store import Row, Store, load

DEFAULT_DAYS = 30
MAX_DAYS = 3660  # ten years: a longer period is a typing error
REQUESTED_SLOT, RESULT_SLOT = "requested_slot", "assessment_last"
RESULT_ACTION = "action_assessment_result"
NEAR_TIE = "near_tie"


class PeriodError(ValueError):
    """A period an operator asked for that cannot be reported (bad date, start after end, too long)."""


@dataclass(frozen=True)
class Period:
    """From the start of `first` to the end of `last` (UTC days, both included)."""

    first: date
    last: date

    @property
    def start(self) -> float:
        return datetime(self.first.year, self.first.month, self.first.day, tzinfo=timezone.utc).timestamp()

    @property
    def end(self) -> float:
        day = self.last + timedelta(days=1)
        return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def parse_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PeriodError(f"{name}={value!r} is not a date: use YYYY-MM-DD, e.g. 2024-05-31") from None


def period(first: str | None = None, last: str | None = None, days: int | str | None = None, today=None) -> Period:
    """The period an operator asked for: `first`/`last` dates (YYYY-MM-DD, both included), or the last `days`
    days up to today (default 30). Raises PeriodError with a sentence saying what is wrong."""
    today = today or datetime.now(timezone.utc).date()
    if days not in (None, ""):
        try:
            count = int(days)
        except (TypeError, ValueError):
            raise PeriodError(f"days={days!r} is not a whole number") from None
        if not 1 <= count <= MAX_DAYS:
            raise PeriodError(f"days={count} must be between 1 and {MAX_DAYS}")
        end_day = parse_day(last, "to") if last else today
        return Period(end_day - timedelta(days=count - 1), end_day)
    end_day = parse_day(last, "to") if last else today
    start_day = parse_day(first, "from") if first else end_day - timedelta(days=DEFAULT_DAYS - 1)
    if start_day > end_day:
        raise PeriodError(f"the period starts ({start_day}) after it ends ({end_day})")
    if (end_day - start_day).days >= MAX_DAYS:
        raise PeriodError(f"the period is longer than {MAX_DAYS} days")
    return Period(start_day, end_day)


@dataclass
class Question:
    """Similar declined or not-understood questions, grouped; the newest wording and reply shown."""

    key: str
    kind: str
    text: str
    reply: str
    sender: str
    channel: str | None
    newest: float
    count: int = 0
    kinds: Counter = field(default_factory=Counter)


@dataclass
class Funnel:
    questions: List[str]
    started: int = 0
    finished: int = 0
    reached: Counter = field(default_factory=Counter)
    abandoned: Counter = field(default_factory=Counter)  # question id (or "start") -> attempts left there

    @property
    def abandoned_total(self) -> int:
        return sum(self.abandoned.values())


@dataclass
class Report:
    period: Period
    where: str
    conversations: int = 0
    turns: int = 0
    kinds: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)
    results: Counter = field(default_factory=Counter)
    questions: List[Question] = field(default_factory=list)
    funnel: Funnel = field(default_factory=lambda: Funnel([]))
    seconds: float = 0.0
    events: int = 0

    def share(self, kind: str) -> float:
        return self.kinds[kind] / self.turns if self.turns else 0.0


@dataclass
class Attempt:
    """One run through the assessment form."""

    reached: List[str] = field(default_factory=list)
    closed: bool = False  # the form deactivated; finished if the result follows before the next message
    finished: bool = False


class Builder:
    """Feeds stored rows in; `report` holds the figures once `finish()` ran."""

    def __init__(
        self,
        report: Report,
        patterns: classify.Patterns,
        question_ids: List[str],
        result_of: Callable[[Dict[str, Any]], str],
    ) -> None:
        self.report, self.patterns, self.result_of = report, patterns, result_of
        self.slot_to_question = {f"q_{q}": q for q in question_ids}
        report.funnel = Funnel(list(question_ids))
        self.groups: Dict[str, Question] = {}
        self.sender: str | None = None
        self.turn: classify.Turn | None = None
        self.attempt: Attempt | None = None
        self.talked = False

    # ---- a conversation -------------------------------------------------------------------------------------------
    def feed(self, rows: Iterable[Row]) -> None:
        """The hot loop (millions of rows): locals instead of attribute look-ups, JSON parsed inline."""
        loads, slow_load, new_turn = orjson.loads, load, classify.Turn
        count = 0
        sender_now: str | None = self.sender
        for sender, type_name, timestamp, action_name, intent_name, data in rows:
            count += 1
            if sender != sender_now:
                self.end_conversation()
                self.sender = sender_now = sender
            if type_name == "action":
                turn = self.turn
                if turn is not None and action_name:
                    turn.actions.append(action_name)
                if action_name == RESULT_ACTION and self.attempt is not None:
                    self.attempt.finished = True
                continue
            try:
                event = loads(data) if data else {}
            except orjson.JSONDecodeError:
                event = slow_load(data)
            if type_name == "user":
                self.end_turn()
                if self.attempt is not None and self.attempt.closed:
                    self.close_attempt()
                parse = event.get("parse_data") or {}
                self.turn = new_turn(
                    sender,
                    timestamp or 0.0,
                    event.get("text") or "",
                    intent_name or (parse.get("intent") or {}).get("name"),
                    event.get("input_channel"),
                )
            elif type_name == "bot":
                if self.turn is not None:
                    self.turn.bots.append({"text": event.get("text"), "metadata": event.get("metadata") or {}})
            elif type_name == "slot":
                self.slot(event.get("name"), event.get("value"))
            elif type_name == "active_loop":
                self.active_loop(event.get("name"))
        self.report.events += count
        self.end_conversation()

    def slot(self, name: Any, value: Any) -> None:
        if not isinstance(name, str):
            return
        if self.turn is not None:
            self.turn.slots[name] = value
        if name == REQUESTED_SLOT and self.attempt is not None and value in self.slot_to_question:
            question = self.slot_to_question[value]
            if question not in self.attempt.reached:
                self.attempt.reached.append(question)
        elif name == RESULT_SLOT and isinstance(value, dict) and value:
            self.report.results[self.result_of(value)] += 1
            if self.attempt is not None:
                self.attempt.finished = True

    def active_loop(self, name: Any) -> None:
        if name == classify.FORM:
            if self.attempt is None or self.attempt.closed:
                self.close_attempt()
                self.attempt = Attempt()
                self.report.funnel.started += 1
            return
        if self.attempt is not None:
            self.attempt.closed = True

    def close_attempt_if_done(self) -> None:
        if self.attempt is not None and self.attempt.closed:
            self.close_attempt()

    def close_attempt(self) -> None:
        attempt, self.attempt = self.attempt, None
        if attempt is None:
            return
        funnel = self.report.funnel
        for question in attempt.reached:
            funnel.reached[question] += 1
        if attempt.finished:
            funnel.finished += 1
        else:
            funnel.abandoned[attempt.reached[-1] if attempt.reached else "start"] += 1

    def end_turn(self) -> None:
        turn, self.turn = self.turn, None
        if turn is None:
            return
        report = self.report
        kind, topics = classify.classify(turn, self.patterns)
        report.turns += 1
        report.kinds[kind] += 1
        report.channels[turn.channel or "unknown"] += 1
        if kind != classify.SMALL_TALK:
            for topic in topics:
                report.topics[topic] += 1
        if not self.talked:
            self.talked = True
            report.conversations += 1
        if kind in classify.UNANSWERED and turn.text.strip():
            key = classify.question_key(turn.text) or turn.text.strip().lower()
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = Question(key, kind, "", "", turn.sender, turn.channel, -1.0)
            group.count += 1
            group.kinds[kind] += 1
            if turn.timestamp >= group.newest:
                group.newest, group.text, group.reply = turn.timestamp, turn.text, turn.reply
                group.sender, group.channel, group.kind = turn.sender, turn.channel, kind

    def end_conversation(self) -> None:
        self.end_turn()
        self.close_attempt()
        self.sender, self.talked = None, False

    def finish(self) -> Report:
        self.end_conversation()
        self.report.questions = sorted(self.groups.values(), key=lambda q: q.newest, reverse=True)
        return self.report


def assessment_questions(knowledge_dir: Path) -> List[str]:
    """The assessment's question ids in the order it asks them (knowledge/assessment.yml)."""
    try:
        raw = yaml.safe_load((knowledge_dir / "assessment.yml").read_text(encoding="utf-8")) or {}
    except OSError:
        return []
    return [str(q["id"]) for q in raw.get("questions") or [] if isinstance(q, dict) and "id" in q]


def result_scorer(knowledge_dir: Path) -> Callable[[Dict[str, Any]], str]:
    """The assessment's own scoring (actions/assessment/scoring.py): answers -> recommended role or near tie."""
    try:
        from actions.assessment import scoring

        assessment = scoring.load(knowledge_dir)
    except Exception:  # another version of the engine: results are still counted, unnamed
        return lambda answers: "unknown"

    def result_of(answers: Dict[str, Any]) -> str:
        try:
            result = scoring.score(assessment, answers)
        except Exception:
            return "unknown"
        return result.recommended or NEAR_TIE

    return result_of


def build(store: Store, chosen: Period, knowledge_dir: Path) -> Report:
    """The report of one period, read from the store."""
    started = time.perf_counter()
    report = Report(period=chosen, where=store.where)
    builder = Builder(
        report,
        classify.load_patterns(knowledge_dir),
        assessment_questions(knowledge_dir),
        result_scorer(knowledge_dir),
    )
    builder.feed(store.rows(chosen.start, chosen.end))
    builder.finish()
    report.seconds = time.perf_counter() - started
    return report


def ranked(counter: Counter, limit: int | None = None) -> List[Tuple[str, int]]:
    """Most first, then by name (stable output for the same data)."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]
