"""Text in and out of Slack: Slack's encoded message text as a person typed it, and the answers' Markdown as mrkdwn
in Block Kit blocks (buttons carry the Rasa payload)."""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List

from channels.rest import clean_text

# Block Kit limits (https://api.slack.com/reference/block-kit).
SECTION_TEXT_MAX = 3000
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
BUTTONS_PER_ACTIONS_BLOCK = 25


_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")
_CHANNEL_REF = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def incoming_text(text: str, bot_user_ids: Iterable[str] = ()) -> str:
    """Slack's encoded message text as a person typed it: bot mentions dropped, links and entities decoded."""
    for uid in bot_user_ids:
        text = re.sub(rf"\s*<@{re.escape(uid)}(?:\|[^>]*)?>\s*", " ", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    text = _CHANNEL_REF.sub(lambda m: "#" + m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return clean_text(text)


def escape(text: str) -> str:
    """Escapes the three characters Slack's mrkdwn reserves."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str) -> str:
    """Markdown as the answers write it (**bold**, "• " bullets) in Slack's mrkdwn (*bold*)."""
    return _BOLD.sub(lambda m: f"*{m.group(1)}*", escape(text))


def _chunks(text: str, limit: int) -> List[str]:
    """Splits text at paragraph, then line, then hard boundaries into pieces of at most `limit` characters."""
    pieces: List[str] = []
    rest = text
    while len(rest) > limit:
        cut = max(rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit))
        cut = cut if cut > 0 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n")
    if rest.strip():
        pieces.append(rest)
    return pieces


def message_blocks(text: str, buttons: List[Dict[str, Any]] | None = None) -> List[Dict[str, Any]]:
    """Block Kit blocks for one reply: mrkdwn sections, then the buttons (value = the Rasa payload)."""
    blocks: List[Dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in _chunks(to_mrkdwn(text), 3000)
    ]
    usable = [b for b in buttons or [] if b.get("payload") and b.get("title")]
    for start in range(0, len(usable), BUTTONS_PER_ACTIONS_BLOCK):
        elements = []
        for index, item in enumerate(usable[start : start + BUTTONS_PER_ACTIONS_BLOCK], start=start):
            title = str(item["title"])
            if len(title) > BUTTON_TEXT_MAX:
                title = title[: BUTTON_TEXT_MAX - 1] + "…"
            elements.append(
                {
                    "type": "button",
                    "action_id": f"rasa_button_{index}",
                    "text": {"type": "plain_text", "text": title, "emoji": True},
                    "value": str(item["payload"])[:BUTTON_VALUE_MAX],
                }
            )
        blocks.append({"type": "actions", "block_id": f"rasa_buttons_{start}", "elements": elements})
    return blocks


def chosen_blocks(blocks: List[Dict[str, Any]], title: str) -> List[Dict[str, Any]]:
    """A clicked message's blocks with its buttons replaced by the choice made."""
    kept = [block for block in blocks if block.get("type") != "actions"]
    return kept + [{"type": "context", "elements": [{"type": "mrkdwn", "text": f"✓ *{escape(title)}*"}]}]
