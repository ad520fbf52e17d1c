"""Shared fixtures: trackers built the way Rasa builds them, with entities from the project's spaCy pipeline."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent
SPACY_MODEL = ROOT / "build" / "spacy_model"


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.load(SPACY_MODEL)


def spacy_entities(text: str) -> List[Dict[str, Any]]:
    """Entities exactly as Rasa's SpacyEntityExtractor reports them for this pipeline."""
    doc = _nlp()(text)
    return [
        {
            "entity": ent.label_,
            "value": ent.text,
            "start": ent.start_char,
            "end": ent.end_char,
            "extractor": "SpacyEntityExtractor",
        }
        for ent in doc.ents
    ]


def make_tracker(
    text: str,
    intent: str,
    slots: Dict[str, Any] | None = None,
    active_loop: str | None = None,
    intent_ranking: List[Dict[str, Any]] | None = None,
    entities: List[Dict[str, Any]] | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": spacy_entities(text) if entities is None else entities,
        "intent_ranking": intent_ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker(
        sender_id="unit-test",
        slots=dict(slots or {}),
        latest_message=message,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run_action(action, tracker: Tracker):
    """Runs an action as the action server would; returns (texts, buttons, events)."""
    import asyncio
    import inspect

    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, {})
    events = asyncio.run(result) if inspect.isawaitable(result) else result
    texts = [m.get("text") or "" for m in dispatcher.messages]
    buttons = [b for m in dispatcher.messages for b in (m.get("buttons") or [])]
    return "\n".join(texts), buttons, events


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def kb():
    from actions import knowledge_base

    return knowledge_base.load()


class Conversation:
    """A conversation with the answering engine alone (no Rasa): what a reader would read, turn by turn."""

    def __init__(self, kb) -> None:
        from actions.answer_actions import engine
        from actions.frames import Memory

        self.kb = kb
        self.understanding, self.composer = engine(kb)
        self.memory = Memory()
        self.reply = None

    def ask(self, text: str, intent: str | None = None) -> str:
        from actions import context

        frames = self.understanding.understand(text, intent, self.memory)
        self.reply = self.composer.reply(frames, self.memory)
        self.memory = context.load(context.after(self.memory, self.reply))
        return self.reply.text

    def frames(self, text: str):
        return self.understanding.understand(text, None, self.memory)


@pytest.fixture
def talk(kb) -> Conversation:
    return Conversation(kb)
