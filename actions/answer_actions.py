"""The custom action that answers every message outside the assessment's own steps (and questions asked inside it).

Rasa's NLU classifies the message and its rules route it here; the action understands the words themselves
(actions/frames.py), with the intent as one signal, and composes the answer from the knowledge files
(actions/compose.py). The conversation's memory is the `context` slot (actions/context.py).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import charts, context, knowledge_base
from actions.assessment import scoring
from actions.assessment.form_actions import LAST_RESULT_SLOT, offer
from actions.compose import Composer, Reply
from actions.frames import (
    COMPUTE,
    LOOKUP,
    RECALL,
    SMALL_TALK,
    START_ASSESSMENT,
    START_INTENTS,
    UNKNOWN,
    WHICH,
    Frame,
    Understanding,
)
from actions.knowledge_base import ROLE_IDS, KnowledgeBase

FORM = "assessment_form"
# Intents a button sends; their payload is answered without reading any words.
BUTTON_TOPICS = {
    "ask_definition",
    "ask_responsibilities",
    "ask_difference",
    "ask_skills",
    "ask_salary",
    "ask_outlook",
    "ask_fit",
    "ask_alignment",
    "ask_source",
}
BARE_WORDS = 3  # "yes", "no thanks", "ok sure": a reply to the last offer, not a question
# The assessment's commands; said with no assessment running and nothing else understood, the assessment is offered.
ASSESSMENT_COMMANDS = {
    "stop": "no_assessment",
    "skip_question": "no_assessment",
    "go_back": "no_assessment",
    "ask_why_question": "why_idle",
}
WH_STARTS = (
    "what",
    "which",
    "who",
    "whose",
    "how",
    "when",
    "where",
    "why",
    "is",
    "are",
    "do",
    "does",
    "can",
    "could",
    "will",
    "would",
    "should",
    "tell",
)


@lru_cache(maxsize=4)
def engine(kb: KnowledgeBase) -> Tuple[Understanding, Composer]:
    """The parser and composer for a knowledge base, built once per action-server process."""
    understanding = Understanding(kb)
    return understanding, Composer(kb, understanding)


def get_engine() -> Tuple[KnowledgeBase, Understanding, Composer]:
    kb = knowledge_base.get()
    understanding, composer = engine(kb)
    return kb, understanding, composer


get_engine()  # built when the action server loads its actions, not on the first person's message


def payload_frames(kb: KnowledgeBase, intent: str, message: Dict[str, Any], memory) -> List[Frame] | None:
    """A button's payload ("/ask_salary{"role":"both"}") as frames, or None if it is not a question button."""
    entities = {e.get("entity"): e.get("value") for e in message.get("entities") or []}
    text = message.get("text") or ""
    if "{" in text:
        try:
            entities.update(json.loads(text[text.index("{") :]))
        except ValueError:
            pass
    role = entities.get("role")
    roles = ROLE_IDS if role == knowledge_base.BOTH else (role,) if role in ROLE_IDS else ()
    if intent == "inform_role" and roles and memory.last:
        last = memory.last[0]
        return [Frame(**{**last.__dict__, "roles": roles, "claimed_role": None, "claims": ()})]
    if intent == "inform_role" and roles:
        return [Frame(LOOKUP, roles=roles, topic="definition")]
    if intent in BUTTON_TOPICS:
        topic = kb.lexicon["intent_topics"][intent]
        aspect = entities.get("aspect") if entities.get("aspect") in kb.differences else None
        return [Frame(LOOKUP, roles=roles, topic=topic, aspect=aspect)]
    return None


ANSWERED, DECLINED, REPHRASE, SMALL_TALK_KIND, ASSESSMENT_MISS = (
    "answered",
    "declined",
    "rephrase",
    "small_talk",
    "miss",
)


def answer_summary(reply: Reply) -> Dict[str, Any]:
    """What kind of reply this was, stored with the bot message (Rasa keeps extra message fields as the BotUttered
    event's metadata): the operators' insights count answered, declined and rephrase-prompted replies from it."""
    ops = [f.op for f in reply.frames]
    if reply.small_talk:
        kind = SMALL_TALK_KIND
    elif ops and all(op == UNKNOWN for op in ops):
        kind = REPHRASE
    elif reply.declined and not any(op not in ("not_covered", "neighbour", "meta", UNKNOWN) for op in ops):
        kind = DECLINED
    else:
        kind = ANSWERED
    topics = sorted({f.topic for f in reply.frames if f.topic})
    return {"kind": kind, "topics": topics, "ops": ops, "declined_part": reply.declined}


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    if reply.text:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None, answer=answer_summary(reply))


def asks_something(text: str, intent: str, confidence: float) -> bool:
    """Mid-assessment, is this a question to answer ("wait, what do PMs earn?") rather than a failed answer?"""
    words = text.lower().split()
    return (
        "?" in text
        or bool(words and words[0].strip(",") in WH_STARTS)
        or (intent.startswith("ask_") and confidence >= 0.8 and len(words) >= 3)
    )


def shows_both_salaries(frames: List[Frame]) -> bool:
    return any(f.topic == "salary" and f.op in (LOOKUP, WHICH, COMPUTE) and len(f.roles) != 1 for f in frames)


class ActionAnswerQuestion(Action):
    """Answers a message: every part of it, from the article, following up on the conversation so far."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        kb, understanding, composer = get_engine()
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name") or ""
        confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
        memory = context.load(tracker.get_slot(context.SLOT))
        last_result = tracker.get_slot(LAST_RESULT_SLOT)
        if memory.recommended is None and isinstance(last_result, dict):
            memory.recommended = scoring.score(scoring.get(), last_result).recommended  # "the one you recommended"
        in_assessment = (tracker.active_loop or {}).get("name") == FORM

        frames = payload_frames(kb, intent, message, memory) if text.startswith("/") else None
        if frames is None and text.startswith("/"):
            frames = [Frame(SMALL_TALK, subject="greeting")] if intent == "greet" else None
        if frames is None:
            frames = understanding.understand(text, intent, memory, confidence)
            short = len(understanding.clause(understanding.analyzer.clean(text)).words) <= BARE_WORDS
            nothing = all(f.op == UNKNOWN for f in frames)
            if intent in ("affirm", "deny") and short and nothing and not in_assessment:
                return self.bare_answer(dispatcher, intent, memory)
            if intent == "ask_result" and nothing and not in_assessment:
                return [FollowupAction("action_assessment_recall")]

        if any(f.op == RECALL for f in frames) and not in_assessment:
            return [FollowupAction("action_assessment_recall")]
        unanswerable = all(f.op in (UNKNOWN, SMALL_TALK, START_ASSESSMENT, RECALL) for f in frames)
        if in_assessment:
            if unanswerable or not asks_something(text, intent, confidence):
                return self.not_an_option(dispatcher, tracker)
            frames = [f for f in frames if f.op not in (START_ASSESSMENT, SMALL_TALK)]
        elif intent in ASSESSMENT_COMMANDS and all(f.op == UNKNOWN for f in frames):
            offer(dispatcher, ASSESSMENT_COMMANDS[intent])
            return []

        reply = composer.reply(frames, memory)
        if reply.small_talk in ("thanks", "goodbye") and not reply.text:
            dispatcher.utter_message(
                response="utter_you_are_welcome" if reply.small_talk == "thanks" else "utter_goodbye",
                answer=answer_summary(reply),
            )
        else:
            if in_assessment:
                reply.buttons = []
            send(dispatcher, reply)
        if shows_both_salaries(frames) and charts.can_show_images(tracker.get_latest_input_channel()):
            dispatcher.utter_message(image=charts.salary_chart_url(kb))
        events: List[EventType] = [SlotSet(context.SLOT, context.after(memory, reply))]
        if reply.start_assessment and not in_assessment:
            events.append(FollowupAction("action_start_assessment"))
        elif intent in START_INTENTS and not in_assessment:
            events.append(FollowupAction("action_listen"))  # answered something else: the start rule stops here
        return events

    def bare_answer(self, dispatcher: CollectingDispatcher, intent: str, memory) -> List[EventType]:
        """ "Yes" after the assessment was offered starts it; otherwise yes shows the menu and no is fine."""
        if intent == "affirm" and memory.offered_assessment:
            return [FollowupAction("action_start_assessment")]
        if intent == "deny":
            dispatcher.utter_message(response="utter_no_problem", answer={"kind": SMALL_TALK_KIND, "topics": []})
            return []
        kb, _, composer = get_engine()
        send(dispatcher, composer.reply([Frame(SMALL_TALK, subject="capabilities")], memory))
        return []

    def not_an_option(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        """Inside the assessment, words that answer no option ("hmm", "idk"): say so; the question is asked again."""
        assessment = scoring.get()
        misses = int(tracker.get_slot("assessment_misses") or 0) + 1
        if misses >= assessment.max_misses:
            from actions.answers import button

            dispatcher.utter_message(
                text=assessment.texts["miss_offer_skip"],
                buttons=[button(assessment.common_options["skip"], "skip_question")],
                answer={"kind": ASSESSMENT_MISS, "topics": []},
            )
        else:
            dispatcher.utter_message(text=assessment.texts["miss"], answer={"kind": ASSESSMENT_MISS, "topics": []})
        return [SlotSet("assessment_misses", misses)]
