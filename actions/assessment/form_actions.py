"""The assessment form's actions: asking, validating, explaining, going back, stopping and giving the result."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base
from actions.answers import button
from actions.assessment import scoring
from actions.assessment.matching import Matcher, answer_value
from actions.frames import START_INTENTS

FORM = "assessment_form"
MISSES_SLOT = "assessment_misses"
CONFIRM_STOP_SLOT = "confirm_stop"
LAST_RESULT_SLOT = "assessment_last"
# The intent each answer button sends (actions/assessment/matching.py maps them back to answer values).
ANSWER_INTENTS = {
    "account_manager": "prefer_account",
    "project_manager": "prefer_project",
    "both": "prefer_both",
    "unsure": "unsure",
}


def current_answers(tracker: Tracker) -> Dict[str, str | None]:
    return {q.id: tracker.get_slot(q.slot) for q in scoring.get().questions}


def reset_events() -> List[EventType]:
    assessment = scoring.get()
    return [SlotSet(slot, None) for slot in assessment.slots] + [
        SlotSet(MISSES_SLOT, 0),
        SlotSet(CONFIRM_STOP_SLOT, False),
    ]


def question_buttons(question: scoring.Question) -> List[Dict[str, str]]:
    common = scoring.get().common_options
    return [
        button(question.options["account_manager"], ANSWER_INTENTS["account_manager"]),
        button(question.options["project_manager"], ANSWER_INTENTS["project_manager"]),
        button(common["both"], ANSWER_INTENTS["both"]),
        button(common["unsure"], ANSWER_INTENTS["unsure"]),
    ]


class ActionStartAssessment(Action):
    """Clears any earlier answers and introduces the assessment; the form then asks question 1. Reached by the
    start_assessment intent, it first lets the answering engine judge the words: "help me choose between the two"
    starts it, "which of the two earns more?" is a question, answered instead (the form does not
    start). Deciding here rather than in a step before saves the turn one action-server call."""

    def name(self) -> str:
        return "action_start_assessment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        assessment = scoring.get()
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        judged: List[EventType] = []
        if intent in START_INTENTS and (tracker.active_loop or {}).get("name") != FORM:
            from actions.answer_actions import ActionAnswerQuestion

            judged = ActionAnswerQuestion().run(dispatcher, tracker, domain)

            def starts(event: EventType) -> bool:
                return event.get("event") == "followup" and event.get("name") == self.name()

            if not any(starts(e) for e in judged):
                return judged  # answered as a question; it ends with FollowupAction(action_listen)
            judged = [e for e in judged if not starts(e)]
        if intent == "restart_assessment" and tracker.active_loop.get("name") == FORM:
            dispatcher.utter_message(text=assessment.texts["restarted"])
        dispatcher.utter_message(text=assessment.intro.format(count=len(assessment.questions)))
        return judged + reset_events()


@lru_cache(maxsize=4)
def matcher(kb: knowledge_base.KnowledgeBase) -> Matcher:
    from actions.answer_actions import engine

    return Matcher(kb, engine(kb)[0].index)


def answers_fresh_message(tracker: Tracker) -> bool:
    """The form runs again after an answered side question or "no, keep going"; the same words must not then be
    taken as an answer. True only when the form runs straight after the person's message."""
    actions = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    # the validation's tracker ends with the form's own run; the action before it shows what came before
    return len(actions) >= 2 and actions[-2] == "action_listen"


class ValidateAssessmentForm(Action):
    """Takes an answer for the question being asked only: a button, or words that match one of its options.

    Anything else sets nothing, so Rasa's form rejects the turn and the rules route it: a question about the roles
    is answered, filler or an unmatched answer gets "couldn't tell which option", and the question is asked again.
    """

    def name(self) -> str:
        return f"validate_{FORM}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        question = scoring.get().question_for_slot(tracker.get_slot("requested_slot"))
        if question is None or not answers_fresh_message(tracker):
            return []
        kb = knowledge_base.get()
        value = answer_value(matcher(kb), question, tracker.latest_message or {})
        if value is None:
            return []
        return [SlotSet(question.slot, value), SlotSet(MISSES_SLOT, 0)]


def offer(dispatcher: CollectingDispatcher, text_key: str) -> None:
    """Offers the assessment with a start button (and a way to decline)."""
    kb_buttons = knowledge_base.get().raw["assessment_buttons"]
    buttons = [button(kb_buttons["start"], "start_assessment"), button(kb_buttons["decline"], "deny")]
    dispatcher.utter_message(text=scoring.get().texts[text_key], buttons=buttons)


class ActionOfferAssessment(Action):
    """ "Stop", "skip" or "go back" with no assessment running: say so and offer one."""

    def name(self) -> str:
        return "action_offer_assessment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        offer(dispatcher, "no_assessment")
        return []


class ActionAssessmentWhy(Action):
    """Explains the open question with the article's factor behind it."""

    def name(self) -> str:
        return "action_assessment_why"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        assessment = scoring.get()
        question = assessment.question_for_slot(tracker.get_slot("requested_slot"))
        if question is None or tracker.active_loop.get("name") != FORM:
            offer(dispatcher, "why_idle")
            return []
        dispatcher.utter_message(text=scoring.why(assessment, knowledge_base.get(), question))
        return []


class ActionAssessmentGoBack(Action):
    """Clears the previous answer so the form asks that question again."""

    def name(self) -> str:
        return "action_assessment_go_back"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        assessment = scoring.get()
        slots = assessment.slots
        current = tracker.get_slot("requested_slot")
        index = slots.index(current) if current in slots else len(slots)
        question = assessment.question_for_slot(current)
        text = (tracker.latest_message or {}).get("text") or ""
        answer = matcher(knowledge_base.get()).answer_not_command(question, text) if question else None
        if answer is not None:  # an answer the classifier heard as a command: the form asks the next question
            return [SlotSet(question.slot, answer), SlotSet(MISSES_SLOT, 0)]
        if index == 0:
            dispatcher.utter_message(text=assessment.texts["go_back_first"])
            return []
        dispatcher.utter_message(text=assessment.texts["go_back"])
        return [SlotSet(slots[index - 1], None), SlotSet(MISSES_SLOT, 0)]


class ActionAssessmentConfirmStop(Action):
    def name(self) -> str:
        return "action_assessment_confirm_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        texts = scoring.get().texts
        buttons = [button(texts["confirm_stop_yes"], "affirm"), button(texts["confirm_stop_no"], "deny")]
        dispatcher.utter_message(text=texts["confirm_stop"], buttons=buttons)
        return [SlotSet(CONFIRM_STOP_SLOT, True)]


class ActionAssessmentStop(Action):
    """Cancels the assessment after the person confirmed; nothing half-done is kept."""

    def name(self) -> str:
        return "action_assessment_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(text=scoring.get().texts["stopped"])
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + reset_events()


class ActionAssessmentResume(Action):
    def name(self) -> str:
        return "action_assessment_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(text=scoring.get().texts["resumed"])
        return [SlotSet(CONFIRM_STOP_SLOT, False)]


def result_buttons(answers: Dict[str, str | None]) -> List[Dict[str, str]]:
    assessment = scoring.get()
    recommended = scoring.score(assessment, answers).recommended
    texts = assessment.texts
    return [
        button(texts["compare_salaries"], "ask_salary", role="both"),
        button(texts["outlook"], "ask_outlook", role=recommended or "both"),
        button(texts["again"], "start_assessment"),
    ]


class ActionAssessmentResult(Action):
    """Scores the completed form, explains the result and keeps the answers for "what was my result?"."""

    def name(self) -> str:
        return "action_assessment_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        answers = current_answers(tracker)
        text = scoring.render_result(scoring.get(), knowledge_base.get(), answers)
        dispatcher.utter_message(text=text, buttons=result_buttons(answers))
        return [SlotSet(LAST_RESULT_SLOT, answers)]


class ActionAssessmentRecall(Action):
    def name(self) -> str:
        return "action_assessment_recall"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        assessment = scoring.get()
        answers = tracker.get_slot(LAST_RESULT_SLOT)
        if not answers:
            offer(dispatcher, "no_result")
            return []
        text = scoring.render_result(assessment, knowledge_base.get(), answers)
        dispatcher.utter_message(text=f"{assessment.texts['recall_heading']}\n{text}", buttons=result_buttons(answers))
        return []
