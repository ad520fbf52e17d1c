"""The action-server guard: its setting, its time budget, its clock, and the apology it says (from the domain)."""

import pytest
import yaml

from service import resilience
from service.runtime_config import ROOT


def test_the_apology_is_a_domain_response():
    responses = yaml.safe_load((ROOT / "domain" / "conversation.yml").read_text())["responses"]
    text = responses[resilience.APOLOGY_RESPONSE][0]["text"]
    assert text.startswith("Sorry") and len(text) < 120


def test_action_timeout_setting():
    assert resilience.action_timeout({}) == 10
    assert resilience.action_timeout({"ACTION_TIMEOUT_SECONDS": "2.5"}) == 2.5
    for bad in ("0", "-1", "soon", "601"):
        with pytest.raises(ValueError):
            resilience.action_timeout({"ACTION_TIMEOUT_SECONDS": bad})


def test_one_budget_per_message_counted_from_the_first_action_call():
    turn = resilience._Turn()
    assert resilience.budget(10, turn, now=100.0) == 9.0  # 1 s kept for saving the conversation
    assert resilience.budget(10, turn, now=104.0) == 5.0
    assert resilience.budget(10, turn, now=120.0) == 0.0
    assert resilience.budget(2, None, now=0.0) == pytest.approx(1.8)


def test_loop_clock_does_not_count_a_blocked_event_loop():
    import asyncio
    import time

    async def scenario():
        clock = resilience.LoopClock()
        start = clock.now()
        await asyncio.sleep(0.2)
        idle = clock.now() - start
        start = clock.now()
        time.sleep(0.5)  # other work hogging the loop
        await asyncio.sleep(0.1)
        return idle, clock.now() - start

    idle, busy = asyncio.run(scenario())
    assert 0.15 < idle < 0.35 and busy < 0.3
