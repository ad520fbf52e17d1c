"""A conversation whose stored events hold characters or numbers that only Python's json reads back (a lone
surrogate, NaN, both of which Rasa writes) still loads: the next message is answered, with its context."""

import json

import pytest

from tests.e2e.conftest import Chat, post

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("odd", ['"half an emoji \\ud83d"', "NaN", "Infinity"])
def test_a_message_after_odd_metadata_is_answered(stack, odd):
    chat = Chat(stack.rest_url)
    raw = f'{{"sender": "{chat.sender}", "message": "How much do PMs make?", "metadata": {{"note": {odd}}}}}'
    status, first = post(stack.rest_url, None, raw=raw.encode())
    assert status == 200 and "$90,074" in json.dumps(first)
    reply = chat.text("what about account managers?")  # read back from the store: the role follow-up resolves
    assert "$70,110" in reply
