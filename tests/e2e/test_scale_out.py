"""Scale-out profile: two Rasa servers share a real PostgreSQL tracker store and a real Redis lock store, and one
action server (behind a pass-through proxy that can be made slow); users alternate between the two servers."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from bench import load
from service import launcher
from tests.e2e.conftest import LOG_DIR, Chat, free_port, post
from tests.e2e.fake_actions import SlowActionProxy
from tests.e2e.services import Postgres, Redis, ensure_packages
from tests.e2e.test_faults import APOLOGY

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(stack):
    ensure_packages()
    started = []
    try:
        postgres = Postgres(uuid.uuid4().hex).start()
        started.append(postgres)
        redis = Redis(uuid.uuid4().hex).start()
        started.append(redis)
        proxy = SlowActionProxy(free_port(), f"http://127.0.0.1:{stack.action_port}").start()
        started.append(proxy)
        env = {
            **postgres.tracker_store_env(),
            "LOCK_STORE": "redis",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis.port),
            "REDIS_PASSWORD": redis.password,
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{proxy.port}/webhook",
            "ACTION_TIMEOUT_SECONDS": "3",
        }
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(
                    launcher.start, free_port(), stack.action_port, extra_env=env, log_dir=LOG_DIR, with_actions=False
                )
                for _ in range(2)
            ]
            for future in futures:  # keep every server that started, so that it is stopped below
                if future.exception() is None:
                    started.append(future.result())
            for future in futures:
                future.result()
        servers = started[-2:]
        yield SimpleNamespace(postgres=postgres, redis=redis, proxy=proxy, servers=servers)
    finally:
        for service in reversed(started):
            service.stop()


def stored_events(postgres: Postgres, sender: str):
    connection = postgres.connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            return [(type_name, json.loads(data)) for type_name, data in cursor.fetchall()]
    finally:
        connection.close()


def test_twenty_users_alternating_between_two_servers(cluster):
    urls = [server.rest_url for server in cluster.servers]
    result = asyncio.run(load.run(urls, users=20, messages=6, time_limit=300))
    assert not result.errors, result.errors[:5]
    assert result.ok == 120
    for sender, transcript in result.transcripts.items():
        events = stored_events(cluster.postgres, sender)
        said = [data["text"] for kind, data in events if kind == "user"]
        answered = [data["text"] for kind, data in events if kind == "bot"]
        assert said == [message for message, _ in transcript], sender  # complete, in order, none twice
        assert answered == [text for _, replies in transcript for text in replies], sender
        rows = Counter((kind, data.get("timestamp"), json.dumps(data, sort_keys=True)) for kind, data in events)
        assert max(rows.values()) == 1, sender
        assert [kind for kind, _ in events].count("session_started") == 1, sender


def test_follow_up_on_the_other_server_keeps_the_context(cluster):
    first, second = cluster.servers
    for ask, follow_up, right, wrong in (
        ("how much do PMs make?", "what about account managers?", "$70,110", "$90,074"),
        ("how much do AMs make?", "what about project managers?", "$90,074", "$70,110"),
    ):
        chat = Chat(first.rest_url)
        assert wrong in chat.text(ask)
        chat.url = second.rest_url
        reply = chat.text(follow_up)
        assert right in reply and wrong not in reply


def test_simultaneous_messages_of_one_user_are_handled_one_at_a_time(cluster):
    """Redis locks: two messages of one user arriving at both servers at once are processed in turn."""
    senders = [f"twin-{uuid.uuid4().hex[:8]}" for _ in range(10)]
    jobs = [(server.rest_url, sender) for sender in senders for server in cluster.servers]
    with ThreadPoolExecutor(len(jobs)) as pool:
        replies = list(pool.map(lambda job: post(job[0], {"sender": job[1], "message": "PM salary"}), jobs))
    assert all(status == 200 and "$90,074" in body[0]["text"] for status, body in replies)
    for sender in senders:
        events = stored_events(cluster.postgres, sender)
        kinds = [kind for kind, _ in events]
        assert kinds.count("user") == 2 and kinds.count("bot") == 2
        second_user = [i for i, kind in enumerate(kinds) if kind == "user"][1]
        # The first message's turn ended (bot reply, then listening) before the second message was logged.
        assert "bot" in kinds[:second_user] and events[second_user - 1][1].get("name") == "action_listen"


def test_slow_action_server_behind_both_servers(cluster):
    """ACTION_TIMEOUT_SECONDS=3 here: an action server needing 5 s gets an apology in < 3 s, then answers resume."""
    cluster.proxy.delay = 5
    try:
        for server in cluster.servers:
            chat = Chat(server.rest_url)
            started = time.monotonic()
            assert chat.text("How much do PMs make?") == APOLOGY
            assert time.monotonic() - started < 3
    finally:
        cluster.proxy.delay = 0
    for server in cluster.servers:
        assert "$90,074" in Chat(server.rest_url).text("How much do PMs make?")
