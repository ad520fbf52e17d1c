"""The REST channel refuses malformed requests with a 4xx and a reason, and cleans what it accepts."""

import json

import pytest

from channels.rest import BadRequest, clean_text, parse_body


def parse(body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return parse_body(raw, max_message_chars=5000, max_sender_chars=128)


@pytest.mark.parametrize(
    "body, status",
    [
        (b"not json", 400),
        (b"", 400),
        (["hi"], 400),
        ("hi", 400),
        ({"sender": "a"}, 400),
        ({"message": "hi"}, 400),
        ({"sender": 5, "message": "hi"}, 400),
        ({"sender": "a", "message": 5}, 400),
        ({"sender": "a", "message": "   "}, 400),
        ({"sender": "a", "message": "\x00\x07"}, 400),
        ({"sender": "a", "message": "x" * 5001}, 413),
        ({"sender": "a" * 129, "message": "hi"}, 400),
        ({"sender": "a", "message": "hi", "metadata": [1]}, 400),
    ],
)
def test_bad_requests(body, status):
    with pytest.raises(BadRequest) as raised:
        parse(body)
    assert raised.value.status == status and raised.value.error


def test_good_request_is_cleaned():
    assert parse({"sender": "a", "message": "  hi\x00 there\x1b "}) == ("a", "hi  there", None)


def test_emoji_and_html_pass_through_as_text():
    assert clean_text("😀😀") == "😀😀"
    assert clean_text("<b>hi</b>") == "<b>hi</b>"
