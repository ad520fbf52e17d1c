"""The conversation's memory for follow-ups, kept in one Rasa slot (`context`) between turns: the frames last
answered (with the facts said), the numbered lists shown, the last role answered about alone (overall and per
topic, for "going back to pay..."), and whether the assessment was just offered. Small and JSON-serialisable, so
it survives restarts in any tracker store."""

from __future__ import annotations

from typing import Any, Dict, List

from actions.compose import Reply
from actions.frames import OPS, Frame, Memory

SLOT = "context"
MAX_LISTS = 4


def load(value: Any) -> Memory:
    if not isinstance(value, dict):
        return Memory()
    try:
        last = [Frame.from_dict(f) for f in value.get("last") or [] if isinstance(f, dict)]
    except (TypeError, ValueError):  # written by an older version: start afresh rather than fail the turn
        last = []
    last = [f for f in last if f.op in OPS]
    lists = [entry for entry in value.get("lists") or [] if isinstance(entry, dict) and entry.get("facts")]
    return Memory(
        last=last,
        lists=lists,
        role=value.get("role"),
        topic=value.get("topic"),
        offered_assessment=bool(value.get("offered_assessment")),
        recommended=value.get("recommended"),
        topic_roles={k: v for k, v in (value.get("topic_roles") or {}).items() if isinstance(v, str)},
        people={k: v for k, v in (value.get("people") or {}).items() if isinstance(v, str)},
        own_pay=value.get("own_pay") if isinstance(value.get("own_pay"), dict) else None,
    )


def keeps_thread(frame: Frame) -> bool:
    """Whether a frame becomes the subject of the next follow-up. A detour (small talk, something unrelated, "who
    says so?") does not: "and what do they earn?" afterwards still means the role discussed before it."""
    if frame.op in ("small_talk", "unknown", "start_assessment", "source", "per_year", "meta"):
        return False
    if "detour" in frame.also:
        return False  # "what's a Kanban board?" (not covered), then "now the same for AMs": the question before
    return not (frame.op == "not_covered" and not frame.roles and not frame.topic)


def after(memory: Memory, reply: Reply) -> Dict[str, Any]:
    """The memory after a reply: what it answered replaces the last frames; a reply about nothing keeps them."""
    # A question about where the last answer comes from is not a new subject: "and the other role?" after
    # "who says so?" still means the question before it.
    answered = [f for f in reply.frames if keeps_thread(f)]
    last: List[Frame] = list(reversed(answered)) if answered else memory.last  # newest first
    role = memory.role
    topic = memory.topic
    recommended = memory.recommended
    topic_roles = dict(memory.topic_roles)
    people = dict(memory.people)
    own_pay = memory.own_pay
    for frame in reply.frames:
        for who, held in frame.people:
            people[who] = held  # "I'm an AM", "Dana is our PM": "my role", "she" later
        if (frame.subject == "own" or "own" in frame.also) and frame.numbers:
            own_pay = dict(frame.numbers[0])  # "I make 85k": what later "how far below?" is measured from
        if frame.op == "source" and len(frame.roles) == 1:
            role = frame.roles[0]  # "who says AMs are more strategic?" then "does the other role do that too?"
    for frame in answered:
        if len(frame.roles) == 1:
            role = frame.roles[0]
            if frame.op == "personal":
                people[frame.subject or "me"] = frame.roles[0]
                if (frame.subject or "me") == "me":
                    recommended = frame.roles[0]
            if frame.topic:
                topic_roles[frame.topic] = frame.roles[0]
        topic = frame.topic or topic
    lists = (reply.lists + memory.lists)[:MAX_LISTS]
    return {
        "last": [{k: v for k, v in f.to_dict().items() if k != "text"} for f in last[:2]],
        "lists": lists,
        "role": role,
        "topic": topic,
        "offered_assessment": reply.offered_assessment,
        "recommended": recommended,
        "topic_roles": topic_roles,
        "people": people,
        "own_pay": own_pay,
    }
