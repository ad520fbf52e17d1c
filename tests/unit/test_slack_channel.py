"""The Slack channel's pure parts: signatures, dedupe, text in and out, events and clicks, runtime credentials."""

import pytest
from slack_sdk.signature import SignatureVerifier

from channels import slack
from channels.slack import dedupe, events, formatting, verification
from service import runtime_config

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT = "UBOT123"


# --- signatures ------------------------------------------------------------------------------------------------


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)


def check(timestamp, given, body, now):
    return verification.rejection(SignatureVerifier(SECRET, verification.FixedClock(now)), timestamp, given, body)


def test_signature_matches_slacks_documented_example():
    # The example from https://api.slack.com/authentication/verifying-requests-from-slack
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
        b"channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
        b"response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
        b"trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert sign(SECRET, "1531420618", body) == expected
    assert check("1531420618", expected, body, now=1531420618 + 10) is None


@pytest.mark.parametrize(
    "timestamp, sign_with, age, reason",
    [
        (None, SECRET, 0, "missing"),
        ("1700000000", None, 0, "missing"),
        ("soon", SECRET, 0, "malformed"),
        ("1700000000", "not-the-secret", 0, "wrong"),
        ("1700000000", SECRET, 301, "stale"),
        ("1700000000", SECRET, -301, "stale"),
    ],
)
def test_unsigned_forged_and_stale_requests_are_refused(timestamp, sign_with, age, reason):
    body = b'{"type":"event_callback"}'
    given = sign(sign_with, timestamp or "0", body) if sign_with else None
    assert reason in check(timestamp, given, body, now=1700000000 + age)


def test_a_changed_body_breaks_the_signature():
    given = sign(SECRET, "1700000000", b'{"a":1}')
    assert "wrong" in check("1700000000", given, b'{"a":2}', now=1700000000)
    assert "wrong" in check("1700000000", given, b"\xff\xfe not UTF-8", now=1700000000)


# --- dedupe ----------------------------------------------------------------------------------------------------


def test_seen_cache_expires_and_stays_bounded():
    now = [0.0]
    seen = dedupe.SeenCache(ttl_s=60, max_keys=3, clock=lambda: now[0])
    assert seen.first_time("event:1", "message:C:1")
    assert not seen.first_time("event:1")
    assert not seen.first_time("event:2", "message:C:1")  # same message, other event id (mention + message)
    now[0] = 61
    assert seen.first_time("event:1")
    for key in "abcde":
        seen.first_time(key)
    assert len(seen) == 3 and seen.first_time("a")


# --- text ------------------------------------------------------------------------------------------------------


def test_incoming_text_drops_the_bot_mention_and_decodes_slack_markup():
    text = f"<@{BOT}> how much do PMs make &amp; earn? see <https://x.org/a|x.org> in <#C1|general> &lt;3"
    assert formatting.incoming_text(text, [BOT]) == "how much do PMs make & earn? see x.org in #general <3"
    assert formatting.incoming_text(f"<@{BOT}>", [BOT]) == ""
    assert formatting.incoming_text("mail <mailto:a@b.c|a@b.c> or <https://y.org>") == "mail a@b.c or https://y.org"


def test_markdown_bold_becomes_mrkdwn_and_reserved_characters_are_escaped():
    text = "**Job outlook**\n• Project managers: average **$90,074** a year\nR&D <3"
    assert formatting.to_mrkdwn(text) == "*Job outlook*\n• Project managers: average *$90,074* a year\nR&amp;D &lt;3"


def test_message_blocks_render_buttons_with_their_payload_as_value():
    buttons = [{"title": f"Option {i}", "payload": f"/intent_{i}"} for i in range(6)]
    blocks = formatting.message_blocks("**Question 1 of 8**: pick one", buttons)
    assert blocks[0] == {"type": "section", "text": {"type": "mrkdwn", "text": "*Question 1 of 8*: pick one"}}
    assert blocks[1]["type"] == "actions"
    elements = blocks[1]["elements"]
    assert [e["value"] for e in elements] == [f"/intent_{i}" for i in range(6)]  # more than Rasa's 5
    assert all(e["type"] == "button" and e["text"]["type"] == "plain_text" for e in elements)
    assert len({e["action_id"] for e in elements}) == 6


def test_long_texts_and_titles_fit_block_kit_limits():
    text = "\n\n".join("x" * 1000 for _ in range(7))
    blocks = formatting.message_blocks(text, [{"title": "t" * 100, "payload": "/p"}] + [{"title": "", "payload": "/q"}])
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) >= 3 and all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert "".join(b["text"]["text"] for b in sections).count("x") == 7000
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    assert len(actions["elements"]) == 1 and len(actions["elements"][0]["text"]["text"]) == 75


def test_chosen_blocks_replace_the_buttons_with_the_choice():
    blocks = formatting.message_blocks("Question?", [{"title": "Clients", "payload": "/prefer_account"}])
    chosen = formatting.chosen_blocks(blocks, "Clients & people")
    assert [b["type"] for b in chosen] == ["section", "context"]
    assert "Clients &amp; people" in chosen[-1]["elements"][0]["text"]


# --- events ----------------------------------------------------------------------------------------------------


def event_body(event, event_id="Ev1"):
    return {
        "type": "event_callback",
        "event_id": event_id,
        "event": event,
        "authorizations": [{"user_id": BOT, "is_bot": True}],
    }


def test_direct_message_is_answered_in_place():
    body = event_body(
        {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hi", "ts": "1.1"}
    )
    incoming = events.parse_event(body, None)
    assert (incoming.text, incoming.user, incoming.channel, incoming.thread_ts) == ("hi", "U1", "D1", None)
    assert incoming.keys == ["event:Ev1", "message:D1:1.1"]


def test_mention_in_a_thread_is_answered_in_the_thread():
    event = {"type": "app_mention", "channel": "C1", "user": "U1", "text": f"<@{BOT}> salary?", "ts": "2.2"}
    incoming = events.parse_event(event_body({**event, "thread_ts": "1.0"}), None)
    assert incoming.text == "salary?" and incoming.thread_ts == "1.0"
    assert events.parse_event(event_body({**event, "text": f"<@{BOT}>"}), None).text == "hello"


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel": "C1", "user": "U1", "text": "chatter", "channel_type": "channel"},
        {"type": "message", "channel": "D1", "bot_id": "B1", "user": BOT, "text": "my own reply", "channel_type": "im"},
        {"type": "message", "channel": "D1", "user": BOT, "text": "my own reply", "channel_type": "im"},
        {"type": "message", "subtype": "message_changed", "channel": "D1", "user": "U1", "text": "x"},
        {"type": "reaction_added", "user": "U1", "channel": "D1", "text": "x"},
        {"type": "message", "channel": "D1", "channel_type": "im", "text": "no user"},
    ],
)
def test_other_events_are_not_answered(event):
    assert events.parse_event(event_body(event), None) is None


def test_every_message_in_the_answer_channel_is_answered():
    event = {"type": "message", "channel": "C9", "user": "U1", "text": "who earns more", "channel_type": "channel"}
    assert events.parse_event(event_body(event), "C9").text == "who earns more"
    assert events.parse_event(event_body(event), "C8") is None


# --- clicks ----------------------------------------------------------------------------------------------------


def click_payload(value="/prefer_account", thread_ts=None):
    message = {"type": "message", "ts": "5.5", "text": "Q", "blocks": formatting.message_blocks("Q", [])}
    container = {"type": "message", "message_ts": "5.5", "channel_id": "C1", "is_ephemeral": False}
    if thread_ts:
        message["thread_ts"] = container["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": "U1", "username": "ann", "team_id": "T1"},
        "container": container,
        "channel": {"id": "C1", "name": "careers"},
        "message": message,
        "actions": [
            {
                "type": "button",
                "action_id": "rasa_button_0",
                "block_id": "rasa_buttons_0",
                "text": {"type": "plain_text", "text": "Clients"},
                "value": value,
                "action_ts": "5.6",
            }
        ],
    }


def test_a_button_click_becomes_its_payload():
    incoming = events.parse_interaction(click_payload(thread_ts="1.0"))
    assert (incoming.text, incoming.user, incoming.channel, incoming.thread_ts) == (
        "/prefer_account",
        "U1",
        "C1",
        "1.0",
    )
    assert incoming.keys == ["click:C1:5.5"] and incoming.clicked["title"] == "Clients"
    assert events.parse_interaction(click_payload()).thread_ts is None


def test_clicks_without_a_value_and_other_payloads_are_ignored():
    assert events.parse_interaction(click_payload(value=None)) is None
    assert events.parse_interaction({**click_payload(), "type": "view_submission"}) is None
    assert events.parse_interaction({**click_payload(), "actions": []}) is None


# --- runtime credentials ---------------------------------------------------------------------------------------


def test_slack_is_off_without_both_variables_and_says_why():
    config, notes = runtime_config.credentials({})
    assert runtime_config.SLACK_CHANNEL_CLASS not in config and "channels.rest.ValidatingRestInput" in config
    assert any(n.startswith("Slack: off (set SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode") for n in notes)
    config, notes = runtime_config.credentials({"SLACK_BOT_TOKEN": "xoxb-1"})
    assert runtime_config.SLACK_CHANNEL_CLASS not in config
    assert any("SLACK_SIGNING_SECRET is not set" in note for note in notes)


def test_slack_is_on_with_both_variables_and_no_secret_is_written():
    env = {
        "SLACK_BOT_TOKEN": "xoxb-secret-token",
        "SLACK_SIGNING_SECRET": "signing-secret",
        "SLACK_CHANNEL": "C0123",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "RASA_PORT": "5099",
    }
    config, notes = runtime_config.credentials(env)
    assert config[runtime_config.SLACK_CHANNEL_CLASS] == {
        "slack_token": "${SLACK_BOT_TOKEN}",
        "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
        "slack_channel": "C0123",
        "api_url": "http://127.0.0.1:9/api/",
    }
    assert any(n.startswith("Slack: on at http://localhost:5099/webhooks/slack/webhook") for n in notes)
    assert "xoxb-secret-token" not in repr(config) and "signing-secret" not in repr(config)


def test_channel_is_built_from_the_credentials_rasa_reads(tmp_path, monkeypatch):
    import rasa.shared.utils.io
    import yaml

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret-from-env")
    config, _ = runtime_config.credentials({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"})
    path = tmp_path / "credentials.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    read = rasa.shared.utils.io.read_config_file(path)[runtime_config.SLACK_CHANNEL_CLASS]
    channel = slack.SlackChannel.from_credentials(read)
    assert channel.name() == "slack"
    assert (channel.slack_token, channel.slack_signing_secret) == ("xoxb-from-env", "secret-from-env")
    output = channel.get_output_channel("D1", "1.0")
    assert output.client.base_url == slack.DEFAULT_API_URL and output.thread_id == "1.0"


# --- output ----------------------------------------------------------------------------------------------------


def test_replies_are_one_message_each_in_the_thread_they_answer():
    import asyncio

    output = slack.SlackReplies("xoxb-1", "C1", "1.0", api_url="http://127.0.0.1:9/api")
    posted = []

    async def record(**kwargs):
        posted.append(kwargs)

    output.client.chat_postMessage = record
    message = {"text": "**Salary**\n\nPMs earn more.", "buttons": None}
    asyncio.run(output.send_response("U1", dict(message)))
    asyncio.run(output.send_response("U1", {"text": "Pick", "buttons": [{"title": "A", "payload": "/a"}]}))
    assert output.client.base_url == "http://127.0.0.1:9/api/"
    assert [p["channel"] for p in posted] == ["C1", "C1"] and all(p["thread_ts"] == "1.0" for p in posted)
    assert "as_user" not in posted[0] and posted[0]["text"] == "*Salary*\n\nPMs earn more."
    assert posted[1]["blocks"][-1]["elements"][0]["value"] == "/a"


# --- Socket Mode -----------------------------------------------------------------------------------------------


def test_socket_mode_is_chosen_by_the_app_token_and_no_secret_is_written():
    env = {"SLACK_APP_TOKEN": "xapp-1-secret", "SLACK_BOT_TOKEN": "xoxb-secret", "SLACK_API_URL": "http://127.0.0.1:9/"}
    config, notes = runtime_config.credentials(env)
    assert runtime_config.SLACK_CHANNEL_CLASS not in config
    assert config[runtime_config.SLACK_SOCKET_MODE_CLASS] == {
        "slack_token": "${SLACK_BOT_TOKEN}",
        "slack_app_token": "${SLACK_APP_TOKEN}",
        "api_url": "http://127.0.0.1:9/",
    }
    assert any(n.startswith("Slack: on (Socket Mode)") for n in notes)
    assert "secret" not in repr(config)
    # With a signing secret too, Socket Mode still wins: no webhook is served.
    config, _ = runtime_config.credentials({**env, "SLACK_SIGNING_SECRET": "s"})
    assert runtime_config.SLACK_CHANNEL_CLASS not in config and runtime_config.SLACK_SOCKET_MODE_CLASS in config


def test_socket_mode_needs_a_bot_token_and_an_app_level_token():
    config, notes = runtime_config.credentials({"SLACK_APP_TOKEN": "xapp-1"})
    assert runtime_config.SLACK_SOCKET_MODE_CLASS not in config
    assert any("SLACK_BOT_TOKEN is not set" in n for n in notes)
    with pytest.raises(runtime_config.ConfigError, match="app-level token"):
        runtime_config.credentials({"SLACK_APP_TOKEN": "xoxb-a-bot-token", "SLACK_BOT_TOKEN": "xoxb-1"})
    with pytest.raises(ValueError, match="SLACK_APP_TOKEN"):
        slack.SlackSocketModeChannel("xoxb-1", "")


def test_socket_mode_channel_is_built_from_the_credentials_rasa_reads(tmp_path, monkeypatch):
    import rasa.shared.utils.io
    import yaml

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-from-env")
    config, _ = runtime_config.credentials({"SLACK_BOT_TOKEN": "x", "SLACK_APP_TOKEN": "xapp-y"})
    path = tmp_path / "credentials.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    read = rasa.shared.utils.io.read_config_file(path)[runtime_config.SLACK_SOCKET_MODE_CLASS]
    channel = slack.SlackSocketModeChannel.from_credentials(read)
    assert channel.name() == "slack" and not channel.slack_signing_secret
    assert (channel.slack_token, channel.slack_app_token) == ("xoxb-from-env", "xapp-from-env")


def envelope(kind, payload, envelope_id="E1"):
    from slack_sdk.socket_mode.request import SocketModeRequest

    return SocketModeRequest.from_dict({"type": kind, "envelope_id": envelope_id, "payload": payload})


def test_socket_mode_envelopes_carry_the_webhooks_payloads():
    channel = slack.SlackSocketModeChannel("xoxb-1", "xapp-1")
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hi", "ts": "1.1"}
    incoming = channel.parse(envelope("events_api", event_body(event)))
    assert (incoming.text, incoming.channel) == ("hi", "D1")
    assert incoming.keys == ["event:Ev1", "message:D1:1.1", "envelope:E1"]
    click = channel.parse(envelope("interactive", click_payload(), "E2"))
    assert click.text == "/prefer_account" and click.keys == ["click:C1:5.5", "envelope:E2"]
    assert channel.parse(envelope("slash_commands", {"command": "/x"})) is None
    assert channel.parse(envelope("events_api", {"type": "event_callback", "event": "nope"})) is None


def test_a_refused_app_token_stops_the_connection_with_a_clear_error(caplog):
    """Slack answers `invalid_auth` to a wrong token: no endless reconnect loop, and the log says what to fix."""
    import asyncio

    from tests.e2e.fake_slack import FakeSlackAPI

    api = FakeSlackAPI()  # answers apps.connections.open with invalid_auth (no Socket Mode server)
    channel = slack.SlackSocketModeChannel("xoxb-1", "xapp-wrong", api_url=api.url, ping_interval=0.2)

    async def scenario():
        async def on_new_message(message):
            raise AssertionError("nothing should arrive")

        await channel.start(on_new_message)
        await asyncio.wait_for(channel._connecting, timeout=10)
        state = channel.state()
        await channel.stop()
        return state

    try:
        assert asyncio.run(scenario()) == {"connected": False, "error": "invalid_auth"}
    finally:
        api.stop()
    assert len(api.calls_to("apps.connections.open")) == 1
    assert "Slack refused the app token (invalid_auth)" in caplog.text


def test_a_wrong_slack_app_token_stops_the_launcher_before_any_server_starts(monkeypatch):
    from service import launcher

    started = []
    monkeypatch.setattr(launcher.subprocess, "Popen", lambda *args, **kwargs: started.append(args))
    env = {"SLACK_APP_TOKEN": "xoxb-a-bot-token", "SLACK_BOT_TOKEN": "xoxb-1"}
    with pytest.raises(runtime_config.ConfigError, match="app-level token"):
        launcher.start(45901, 45902, extra_env=env)
    assert started == []  # no half-started action server left to be interrupted


def test_the_readmes_app_manifest_is_valid_yaml_with_what_the_app_needs():
    """People paste it into Slack's "create app from manifest": it must parse and ask for what the code uses."""
    import re

    import yaml

    from tests.conftest import ROOT

    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    (manifest,) = [yaml.safe_load(b) for b in blocks if "socket_mode_enabled" in b]
    assert {"chat:write", "app_mentions:read", "im:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mention", "message.im"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
