"""Turns the latest message and the conversation's context into one request: topic, roles and aspect.

Follow-ups work because the last role, topic and aspect are kept in slots: "and a project manager?" reuses the
topic, "what skills do they need?" reuses the role, "the other role" flips it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Tuple

from actions.answers import ROLE_AGNOSTIC_TOPICS
from actions.knowledge_base import BOTH, OTHER, PREVIOUS, ROLE_IDS, KnowledgeBase

INTENT_TOPICS: Dict[str, str | None] = {
    "ask_definition": "definition",
    "ask_responsibilities": "responsibilities",
    "ask_difference": "difference",
    "ask_skills": "skills",
    "ask_salary": "salary",
    "ask_outlook": "outlook",
    "ask_fit": "fit",
    "ask_alignment": "alignment",
    "ask_source": "source",
    "inform_role": None,
}
# Intents whose topic a named difference aspect ("what does a PM focus on?") refines into that difference.
ASPECT_REFINES = ("definition", "responsibilities", "difference", None)
LABELS = ("role", "aspect", "not_covered")


@dataclass(frozen=True)
class Request:
    topic: str
    roles: Tuple[str, ...]
    aspect: str | None = None
    not_covered: str | None = None
    ambiguous_other: bool = False


def named_entities(kb: KnowledgeBase, message: Dict[str, Any]) -> Dict[str, List[str]]:
    """Canonical ids per label: the NLU's entities first, then a typo-tolerant scan of the text."""
    named: Dict[str, List[str]] = {label: [] for label in LABELS}
    for entity in message.get("entities") or []:
        label = entity.get("entity")
        if label in named:
            value = kb.canonical(label, str(entity.get("value", "")))
            if value and value not in named[label]:
                named[label].append(value)
    text = message.get("text") or ""
    if not text.startswith("/"):
        for label in LABELS:
            for value in kb.find(label, text, fuzzy=label != "not_covered"):
                if value not in named[label]:
                    named[label].append(value)
    return named


def resolve_roles(
    kb: KnowledgeBase, named: List[str], last_role: str | None, follow_up: bool = False
) -> Tuple[Tuple[str, ...], bool]:
    """The roles a question is about, and whether "the other one" could not be resolved.

    A question naming no role is about both, unless it refers back ("they", "that role") or is a bare follow-up.
    """
    specific = [r for r in named if r in ROLE_IDS]
    if len(specific) >= 2 or BOTH in named:
        return ROLE_IDS, False
    if specific:
        return (specific[0],), False
    if OTHER in named:
        if last_role in ROLE_IDS:
            return (kb.other_role(last_role),), False
        return ROLE_IDS, True
    if last_role in ROLE_IDS and (follow_up or PREVIOUS in named):
        return (last_role,), False
    return ROLE_IDS, False


def resolve(
    kb: KnowledgeBase,
    intent: str,
    message: Dict[str, Any],
    last_role: str | None = None,
    last_topic: str | None = None,
    last_aspect: str | None = None,
) -> Request:
    named = named_entities(kb, message)
    not_covered = named["not_covered"][0] if named["not_covered"] else None
    topic = INTENT_TOPICS.get(intent)
    aspect = named["aspect"][0] if named["aspect"] else None
    if topic is None:  # a bare follow-up: keep the subject, change the role
        topic = last_topic if last_topic and last_topic not in ROLE_AGNOSTIC_TOPICS else "definition"
        aspect = aspect or (last_aspect if topic == "difference" else None)
    if aspect and topic in ASPECT_REFINES:
        topic = "difference"
    if topic != "difference":
        aspect = None
    roles, ambiguous = resolve_roles(kb, named["role"], last_role, follow_up=INTENT_TOPICS.get(intent, "") is None)
    return Request(topic=topic, roles=roles, aspect=aspect, not_covered=not_covered, ambiguous_other=ambiguous)
