"""What kind of reply one turn (a user message and everything the assistant did until the next one) got.

The answering engine says it itself: every bot message it sends carries `{"answer": {"kind": …, "topics": […],
"ops": […]}}`, which Rasa stores as the BotUttered event's `metadata` (rasa_sdk's `utter_message(**kwargs)` puts
unknown keys in the message; Rasa's `create_bot_utterance` keeps them as metadata). That field is read first.
Conversations stored before it existed, or replies that do not carry it (Rasa's own fallback, domain responses),
are classified from what Rasa stored anyway: the actions run, the intent, and the wording of the knowledge file's
decline and rephrase answers. Why here and not in each reader: the insights report and the Rasa server's metrics
must count the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple

ANSWERED, DECLINED, REPHRASE, SMALL_TALK = "answered", "declined", "rephrase", "small_talk"
ASSESSMENT, UNAVAILABLE, OTHER = "assessment", "unavailable", "other"
KINDS = (ANSWERED, DECLINED, REPHRASE, SMALL_TALK, ASSESSMENT, UNAVAILABLE, OTHER)
# What an operator reads in the inbox: the assistant could not help with the question.
UNANSWERED = (DECLINED, REPHRASE)
LABELS = {
    ANSWERED: "answered",
    DECLINED: "declined (not covered)",
    REPHRASE: "asked to rephrase",
    SMALL_TALK: "small talk",
    ASSESSMENT: "assessment",
    UNAVAILABLE: "apology (action server down or slow)",
    OTHER: "other",
}
# `metadata.answer.kind` as the engine writes it -> our kind ("miss": an assessment answer it could not read).
ENGINE_KINDS = {"answered": ANSWERED, "declined": DECLINED, "rephrase": REPHRASE, "small_talk": SMALL_TALK}
ENGINE_KINDS["miss"] = REPHRASE

APOLOGY = "utter_action_unavailable"
FORM = "assessment_form"
REPHRASE_ACTIONS = {
    "action_default_fallback",
    "action_default_ask_rephrase",
    "action_suggest_rephrase",
    "action_assessment_miss",
    "utter_default",
    "utter_ask_rephrase",
}
DECLINE_ACTIONS = {"action_out_of_scope"}
ANSWER_ACTIONS = {"action_answer_question"}
SMALL_TALK_ACTIONS = {"action_show_menu", "utter_greet", "utter_goodbye", "utter_thanks", "utter_iamabot"}
IGNORED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots", "action_unlikely_intent"}
FALLBACK_INTENTS = {"nlu_fallback"}
DECLINE_INTENTS = {"out_of_scope"}


@dataclass(frozen=True)
class Patterns:
    """Openings of the knowledge file's decline and rephrase answers, for replies stored without metadata."""

    declined: Tuple[str, ...] = ()
    rephrase: Tuple[str, ...] = ()

    def kind_of(self, text: str) -> str | None:
        lowered = text.strip().lower()
        if any(lowered.startswith(p) for p in self.declined):
            return DECLINED
        if any(lowered.startswith(p) for p in self.rephrase):
            return REPHRASE
        return None


def _opening(template: str, words: int = 5) -> str:
    """The first fixed words of a template, before any placeholder ("The article doesn't cover {label}" -> "the
    article doesn't cover"): enough to recognise the answer, not so many that a rewording elsewhere breaks it."""
    fixed = template.split("{", 1)[0].lower().split()
    return " ".join(fixed[:words])


# The knowledge files that may hold the reply wording (`answers`): replies.yml since the answering engine split the
# wording from the article's facts; article.yml held it before.
ANSWER_FILES = ("article.yml", "replies.yml")


def load_patterns(knowledge_dir: Path) -> Patterns:
    """Decline/rephrase openings from the knowledge files' `answers`; empty if none has them."""
    import yaml

    answers: Dict[str, Any] = {}
    for name in ANSWER_FILES:
        try:
            raw = yaml.safe_load((knowledge_dir / name).read_text(encoding="utf-8")) or {}
        except OSError:
            continue
        if isinstance(raw, dict) and isinstance(raw.get("answers"), dict):
            answers.update(raw["answers"])
    declined = [_opening(v) for k, v in answers.items() if k.startswith("not_covered") and isinstance(v, str)]
    rephrase = [_opening(v) for k, v in answers.items() if k.startswith("rephrase") and isinstance(v, str)]
    return Patterns(tuple(p for p in declined if len(p) >= 12), tuple(p for p in rephrase if len(p) >= 12))


@dataclass
class Turn:
    """One user message and what followed it, as stored (timestamps in seconds since the epoch)."""

    sender: str
    timestamp: float
    text: str = ""
    intent: str | None = None
    channel: str | None = None
    actions: List[str] = field(default_factory=list)
    bots: List[Dict[str, Any]] = field(default_factory=list)  # {"text": …, "metadata": {…}}
    slots: Dict[str, Any] = field(default_factory=dict)  # the last value each slot was set to in the turn

    @property
    def reply(self) -> str:
        return "\n".join(b.get("text") or "" for b in self.bots if b.get("text"))


def engine_answer(bots: Iterable[Mapping[str, Any]]) -> Dict[str, Any] | None:
    """The first `metadata.answer` the engine wrote on this turn's bot messages, if any."""
    for bot in bots:
        answer = (bot.get("metadata") or {}).get("answer")
        if isinstance(answer, dict) and answer.get("kind") in ENGINE_KINDS:
            return answer
    return None


def kind_of(turn: Turn, patterns: Patterns = Patterns()) -> str:
    """The turn's kind: the engine's own word when stored, else what the stored actions and wording show."""
    answer = engine_answer(turn.bots)
    if answer is not None:
        return ENGINE_KINDS[answer["kind"]]
    utters = {(b.get("metadata") or {}).get("utter_action") for b in turn.bots}
    actions = set(turn.actions)
    if APOLOGY in utters or APOLOGY in actions:
        return UNAVAILABLE
    if actions & REPHRASE_ACTIONS or utters & REPHRASE_ACTIONS or turn.intent in FALLBACK_INTENTS:
        return REPHRASE
    if actions & DECLINE_ACTIONS or turn.intent in DECLINE_INTENTS:
        return DECLINED
    worded = next((k for k in (patterns.kind_of(b.get("text") or "") for b in turn.bots) if k), None)
    if worded:
        return worded
    if FORM in actions or any(a.startswith(("action_assessment", "action_start_assessment")) for a in actions):
        # before the answering action: "take the quiz" passes through it (it says nothing) on its way to the form
        return ASSESSMENT
    if actions & ANSWER_ACTIONS:
        return ANSWERED
    if actions & SMALL_TALK_ACTIONS or utters & SMALL_TALK_ACTIONS:
        return SMALL_TALK
    if any(a.startswith("utter_") for a in actions | {u for u in utters if u}):
        return SMALL_TALK
    return OTHER


def topics_of(turn: Turn) -> List[str]:
    """What the question was about: the engine's topics, else the `topic` slot set in the turn, else the frames
    of the `context` slot, else the intent's name (ask_salary -> salary)."""
    answer = engine_answer(turn.bots)
    if answer is not None and answer.get("topics"):
        return [str(t) for t in answer["topics"] if t]
    if isinstance(turn.slots.get("topic"), str) and turn.slots["topic"]:
        return [turn.slots["topic"]]
    context = turn.slots.get("context")
    if isinstance(context, dict):
        found = [f.get("topic") for f in context.get("last") or [] if isinstance(f, dict) and f.get("topic")]
        if found:
            return sorted(set(found))
    if turn.intent and turn.intent.startswith("ask_"):
        return [turn.intent[len("ask_") :]]
    return []


STOPWORDS = frozenset(
    "a an and are as at be but by can could do does did for from how i if in is it me my of on or please so "
    "tell than that the their them there they this to was what when where which who why will with would you "
    "your about any there's what's i'm much many".split()
)


def question_key(text: str) -> str:
    """Similar questions share a key: lower case, words only, no filler words, crude plural folding, sorted."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
    content = [w for w in words if w not in STOPWORDS] or words
    return " ".join(sorted({w[:-1] if len(w) > 2 and w.endswith("s") and not w.endswith("ss") else w for w in content}))


def classify(turn: Turn, patterns: Patterns = Patterns()) -> Tuple[str, Sequence[str]]:
    return kind_of(turn, patterns), topics_of(turn)
