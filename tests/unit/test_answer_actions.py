"""The answer action, run as the action server runs it: what the reader sees, and what the conversation keeps."""

from actions import context
from actions.answer_actions import ActionAnswerQuestion
from actions.assessment.form_actions import FORM
from tests.conftest import make_tracker, run_action


def answer(text, intent, memory=None, active_loop=None, **slots):
    slots = dict(slots)
    if memory is not None:
        slots[context.SLOT] = memory
    return run_action(ActionAnswerQuestion(), make_tracker(text, intent, slots=slots, active_loop=active_loop))


def memory_after(events):
    return next(e["value"] for e in events if e.get("event") == "slot" and e["name"] == context.SLOT)


def test_an_answer_names_its_section_and_source_and_offers_the_other_role():
    text, buttons, events = answer("what does an AM do", "ask_definition")
    assert "maintaining strong relationships with clients" in text
    assert "(Getting To Know the Account Manager and Project Manager)" in text and "_Source: BrainWaveTrail.com" in text
    assert any(b["payload"] == '/inform_role{"role":"project_manager"}' for b in buttons)
    assert memory_after(events)["role"] == "account_manager"


def test_the_memory_slot_carries_a_follow_up_to_the_next_turn():
    _, _, events = answer("How much do PMs make?", "ask_salary")
    text, _, _ = answer("what about account managers?", "inform_role", memory=memory_after(events))
    assert "$70,110" in text and "$90,074" not in text


def test_a_button_payload_is_answered_without_reading_words():
    text, _, _ = answer('/ask_salary{"role":"both"}', "ask_salary")
    assert "$70,110" in text and "$90,074" in text and "$19,964" in text


def test_asking_for_the_quiz_in_own_words_starts_the_assessment():
    _, _, events = answer("can we do the quiz? I'll type my answers", "ask_fit")
    assert {"event": "followup", "name": "action_start_assessment"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_yes_after_the_offer_starts_the_assessment_and_no_is_fine():
    _, buttons, events = answer("which role is right for me?", "ask_fit")
    assert buttons[0]["payload"] == "/start_assessment"
    memory = memory_after(events)
    _, _, events = answer("yes", "affirm", memory=memory)
    assert any(e.get("event") == "followup" and e["name"] == "action_start_assessment" for e in events)
    text, _, events = answer("no", "deny", memory=memory)
    assert not any(e.get("event") == "followup" for e in events)


def test_mid_assessment_filler_is_not_an_option_and_a_question_is_answered():
    text, _, events = answer("hmm", "affirm", active_loop=FORM)
    assert "couldn't tell which option" in text
    assert any(e.get("name") == "assessment_misses" and e["value"] == 1 for e in events)
    text, buttons, _ = answer("wait, what do PMs earn on average?", "ask_salary", active_loop=FORM)
    assert "$90,074" in text and not buttons  # the form asks its question again, with its own buttons


def test_small_talk_is_declined_with_what_the_assistant_can_do():
    text, buttons, _ = answer("tell me a joke", "out_of_scope")
    assert "outside what I can help with" in text and buttons
    assert "bye" not in text.lower()


def test_an_assessment_command_without_an_assessment_offers_one():
    text, buttons, _ = answer("stop", "stop")
    assert "no assessment in progress" in text.lower() and buttons[0]["payload"] == "/start_assessment"


def test_an_unreadable_memory_slot_starts_afresh_instead_of_failing():
    text, _, _ = answer("what about account managers?", "inform_role", memory={"last": [{"op": "nonsense!"}]})
    assert text
