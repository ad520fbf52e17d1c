"""What both Slack connectors share once a message has arrived: answer each message at most once, in the
background, in the conversation of that person in that channel, and apologise in Slack if answering fails."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Set

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput

from channels.slack.dedupe import SeenCache
from channels.slack.events import Incoming
from channels.slack.output import DEFAULT_API_URL, SlackReplies

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class SlackConnector(SlackInput):
    """Rasa's Slack input channel without its webhook: dedupe, background answers, replies via `SlackReplies`.

    Subclasses receive Slack's deliveries (signed HTTP requests, or a Socket Mode connection) and hand each
    parsed message to `accept`.
    """

    def __init__(
        self,
        slack_token: str,
        slack_channel: str | None = None,
        api_url: str = DEFAULT_API_URL,
        conversation_granularity: str = "channel",
        dedupe_ttl_s: float = 3600,
        dedupe_max_keys: int = 10_000,
        max_message_chars: int = 5000,
        error_reply: str = "Sorry, something went wrong on my side. Please try again in a moment.",
        proxy: str | None = None,
        slack_signing_secret: str = "",
    ) -> None:
        if not slack_token:
            raise ValueError("The Slack channel needs a bot token (SLACK_BOT_TOKEN).")
        super().__init__(
            slack_token,
            slack_channel or None,
            proxy,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        self.api_url = api_url or DEFAULT_API_URL
        self.max_message_chars = int(max_message_chars)
        self.error_reply = error_reply
        self.seen = SeenCache(float(dedupe_ttl_s), int(dedupe_max_keys))
        self._tasks: Set[asyncio.Task] = set()

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> SlackConnector:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(**credentials)

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackReplies(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)

    def conversation_id(self, incoming: Incoming) -> str:
        return self._get_conversation_id(incoming.user, incoming.channel, incoming.thread_ts) or incoming.user

    def accept(self, incoming: Incoming | None, on_new_message: OnNewMessage) -> bool:
        """Starts answering in the background, only the first time the message is seen; False if it is not
        answered (nothing to answer, or already answered)."""
        if incoming is None:
            return False
        if not self.seen.first_time(*incoming.keys):
            logger.info("Slack delivered %s again: not answering twice.", incoming.keys)
            return False
        task = asyncio.create_task(self.answer(incoming, on_new_message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def answer(self, incoming: Incoming, on_new_message: OnNewMessage) -> None:
        output = self.get_output_channel(incoming.channel, incoming.thread_ts)
        if incoming.clicked is not None and isinstance(output, SlackReplies):
            try:
                await output.show_choice(incoming.clicked)
            except Exception:  # the answer matters more than the tick
                logger.warning("Could not update the clicked Slack message", exc_info=True)
        metadata = {
            "out_channel": incoming.channel,
            "thread_id": incoming.thread_ts,
            "users": incoming.bot_user_ids,
            "slack_user": incoming.user,
        }
        sender = self.conversation_id(incoming)
        try:
            await on_new_message(
                UserMessage(incoming.text, output, sender, input_channel=self.name(), metadata=metadata)
            )
        except Exception:
            logger.exception("Failed to answer a Slack message from %s", sender)
            try:
                await output.send_text_message(incoming.channel, self.error_reply)
            except Exception:
                logger.exception("Could not post the apology to Slack either")
