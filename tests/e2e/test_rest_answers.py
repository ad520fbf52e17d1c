"""Asks the real servers over REST, as a reader would, and checks the figures and sources in the replies."""

import pytest

from tests.e2e.conftest import Chat, post

pytestmark = pytest.mark.e2e


def test_salary_questions_and_follow_ups(chat):
    reply = chat.text("How much do PMs make?")
    assert "$90,074" in reply and "$57,237" in reply and "Job Outlook & Salary" in reply
    reply = chat.text("what about account managers?")
    assert "$70,110" in reply and "$90,074" not in reply
    reply = chat.text("who earns more")
    assert "$19,964" in reply and "$70,110" in reply and "$90,074" in reply


def test_role_follow_ups(chat):
    assert "maintaining strong relationships with clients" in chat.text("what does an AM do")
    assert "overseeing specific projects" in chat.text("and a project manager?")
    assert "Gantt charts" in chat.text("what skills do they need?")
    assert "interpersonal skills" in chat.text("the other role")


def test_differences_outlook_and_source(chat):
    reply = chat.text("are PMs salespeople?")
    assert "usually not involved in sales" in reply and "6. Sales Involvement" in reply
    reply = chat.text("whats the job outlook")  # the thread is about PMs: their outlook and its source
    assert "33%" in reply and "Bureau of Labor Statistics" in reply and "23,800" not in reply
    assert "23,800" in chat.text("and for account managers?")
    assert "BrainWaveTrail.com" in chat.text("where does this info come from?")


def test_uncovered_questions_are_declined_honestly(chat):
    for question in (
        "Do PMs need a PMP certification?",
        "how much do product managers earn",
        "what's the weather like",
    ):
        reply = chat.text(question)
        assert "doesn't cover" in reply or "not something the article covers" in reply or "outside" in reply, question
        assert "$" not in reply, question


def test_a_near_miss_is_declined_then_answered_with_what_the_article_gives(chat):
    reply = chat.text("what do account managers earn in the UK")
    assert "doesn't cover" in reply and "U.S." in reply and "$70,110" in reply
    reply = chat.text("How many account manager jobs will there be by 2030?")
    assert "doesn't give a figure for 2030" in reply and "23,800" in reply


def test_every_part_of_a_message_is_answered_and_yes_no_opens_with_the_answer(chat):
    reply = chat.text("What does a PM earn, and is demand growing?")
    assert "$90,074" in reply and "33%" in reply
    assert chat.text("do PMs usually get involved in sales?").startswith("**No**, usually not")
    assert chat.text("PMs make around 60k, right?").startswith("**No**: the article gives $90,074")


def test_greeting_and_menu_offer_buttons(chat):
    messages = chat.say("hi")
    assert "BrainWaveTrail.com" in messages[0]["text"]
    assert any(b["payload"] == "/start_assessment" for b in messages[0]["buttons"])


@pytest.mark.parametrize("message", ["😀😀😀", "<img src=x onerror=alert(1)>", "hello\x07\x1b world", "x" * 4999])
def test_odd_messages_get_a_polite_reply_then_normal_service(stack, message):
    chat = Chat(stack.rest_url)
    replies = chat.say(message)
    assert replies and all(r.get("text") for r in replies)
    assert "$70,110" in chat.text("what's the average account manager salary?")


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"", 400),
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 400),
        (b'"hi"', 400),
        (b"42", 400),
        (b"null", 400),
        (b'{"sender": "a"}', 400),
        (b'{"message": "hi"}', 400),
        (b'{"sender": 5, "message": "hi"}', 400),
        (b'{"sender": "a", "message": ["hi"]}', 400),
        (b'{"sender": "a", "message": null}', 400),
        (b'{"sender": "a", "message": "   "}', 400),
        (b'{"sender": "a", "message": "' + b"x" * 5001 + b'"}', 413),
        (b'{"sender": "a", "message": "' + b"x" * 20000 + b'"}', 413),
        (b"sender=a&message=hi", 400),
    ],
)
def test_bad_requests_get_a_4xx_with_a_reason(stack, raw, status):
    code, body = post(stack.rest_url, None, raw=raw)
    assert code == status and body["error"]
    code, body = post(stack.rest_url, None, raw=raw, content_type="application/x-www-form-urlencoded")
    assert code == status and body["error"]
    assert "$90,074" in Chat(stack.rest_url).text("PM salary")
