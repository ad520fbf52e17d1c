"""Custom actions that answer questions about the two roles from the knowledge base."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, charts, knowledge_base
from actions.assessment.form_actions import offer
from actions.knowledge_base import ROLE_IDS
from actions.understanding import INTENT_TOPICS, named_entities, resolve

# Assessment answers typed outside the assessment: a bare role ("project manager") is a follow-up, the rest an offer.
ANSWER_INTENTS = ("prefer_account", "prefer_project", "prefer_both", "unsure")
# Intents whose ranking may be offered back as "did you mean" suggestions.
SUGGESTABLE = tuple(i for i in INTENT_TOPICS if i != "inform_role") + ("start_assessment",)
MAX_SUGGESTIONS = 3


def send(dispatcher: CollectingDispatcher, answer: answers.Answer) -> None:
    if answer.buttons:
        dispatcher.utter_message(text=answer.text, buttons=answer.buttons)
    else:
        dispatcher.utter_message(text=answer.text)


def send_salary_chart(dispatcher: CollectingDispatcher, tracker: Tracker, kb: knowledge_base.KnowledgeBase) -> None:
    """The chart of both roles' salary ranges and averages, on channels that show images (the web widget)."""
    if charts.can_show_images(tracker.get_latest_input_channel()):
        dispatcher.utter_message(image=charts.salary_chart_url(kb))


class ActionAnswerQuestion(Action):
    """Answers any question about the article, following up on the last role, topic and aspect."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        kb = knowledge_base.get()
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or ""
        if intent in ANSWER_INTENTS:
            if not any(r in ROLE_IDS for r in named_entities(kb, message)["role"]):
                offer(dispatcher, "offer")
                return []
            intent = "inform_role"
        request = resolve(
            kb,
            intent,
            message,
            last_role=tracker.get_slot("role"),
            last_topic=tracker.get_slot("topic"),
            last_aspect=tracker.get_slot("aspect"),
        )
        if request.not_covered:
            send(dispatcher, answers.not_covered(kb, request.not_covered))
            return []
        if request.ambiguous_other:
            buttons = [answers.button(kb.roles[r].title, "inform_role", role=r) for r in ROLE_IDS]
            dispatcher.utter_message(text=kb.answers["which_other"], buttons=buttons)
            return []
        send(dispatcher, answers.compose(kb, request.topic, request.roles, request.aspect))
        if request.topic == "salary" and len(request.roles) == 2:
            send_salary_chart(dispatcher, tracker, kb)
        role = request.roles[0] if len(request.roles) == 1 else knowledge_base.BOTH
        return [SlotSet("topic", request.topic), SlotSet("aspect", request.aspect), SlotSet("role", role)]


class ActionOutOfScope(Action):
    """Says honestly that the article does not cover a question, and what it can answer instead."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        kb = knowledge_base.get()
        uncovered = named_entities(kb, tracker.latest_message or {})["not_covered"]
        send(dispatcher, answers.not_covered(kb, uncovered[0] if uncovered else None))
        return []


class ActionShowMenu(Action):
    """Greets or answers "what can you do?" with the topics the article covers, as suggestion buttons."""

    def name(self) -> str:
        return "action_show_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        kb = knowledge_base.get()
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        opening = kb.answers["greeting"] if intent == "greet" else kb.answers["capabilities"]
        text = opening.format(title=kb.source["title"], publisher=kb.source["publisher"])
        topics = "\n".join(f"• {t['label']} — “{t['example']}”" for t in kb.topics.values())
        dispatcher.utter_message(text=f"{text}\n{topics}", buttons=answers.menu_buttons(kb))
        return []


class ActionSuggestRephrase(Action):
    """On low NLU confidence, asks to rephrase and offers the likeliest topics instead of guessing."""

    def name(self) -> str:
        return "action_suggest_rephrase"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        kb = knowledge_base.get()
        message = tracker.latest_message or {}
        roles = [r for r in named_entities(kb, message)["role"] if r in ROLE_IDS]
        buttons = []
        for candidate in message.get("intent_ranking") or []:
            intent = candidate.get("name")
            if intent not in SUGGESTABLE or len(buttons) >= MAX_SUGGESTIONS:
                continue
            topic = INTENT_TOPICS.get(intent)
            if topic is None:
                buttons.append(answers.button(kb.raw["assessment_buttons"]["start"], intent))
            elif roles and topic not in answers.ROLE_AGNOSTIC_TOPICS:
                buttons.append(
                    answers.button(f"{kb.topics[topic]['label']}: {kb.roles[roles[0]].plural}", intent, role=roles[0])
                )
            else:
                buttons.append(answers.button(kb.topics[topic]["label"], intent))
        if not buttons:
            buttons = answers.menu_buttons(kb, limit=MAX_SUGGESTIONS)
        dispatcher.utter_message(text=kb.answers["rephrase"], buttons=buttons)
        return []
