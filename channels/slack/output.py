"""The Slack output channel: each bot message as one Slack message (mrkdwn + Block Kit buttons), in its thread."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.channels.slack import SlackBot
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from channels.slack.formatting import chosen_blocks, message_blocks, to_mrkdwn

DEFAULT_API_URL = "https://slack.com/api/"


class SlackReplies(SlackBot):
    """Posts each bot message as one Slack message (mrkdwn + buttons), in the thread it answers."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client.base_url = api_url if api_url.endswith("/") else api_url + "/"
        self.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # legacy: refused or ignored for apps with bot tokens
        kwargs.setdefault("unfurl_links", False)
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        kwargs.pop("buttons", None)
        await self.send_text_with_buttons(recipient_id, text, [], **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        blocks = message_blocks(text.strip(), buttons)
        await self._post_message(
            channel=self.slack_channel or recipient_id, text=to_mrkdwn(text.strip())[:3000], blocks=blocks
        )

    async def show_choice(self, clicked: Dict[str, Any]) -> None:
        """Replaces a clicked message's buttons with the choice made (best effort)."""
        await self.client.chat_update(
            channel=clicked["channel"],
            ts=clicked["ts"],
            blocks=chosen_blocks(clicked["blocks"], clicked["title"]),
            text=clicked["title"],
        )
