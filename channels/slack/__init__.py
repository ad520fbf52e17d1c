"""Slack: direct messages, @mentions (answered in their thread) and Block Kit buttons, on Rasa's Slack connector,
delivered by `webhook.SlackChannel`: signed HTTP requests to `/webhooks/slack/webhook`.

The rest is shared: `verification` (request signatures, slack_sdk's SignatureVerifier), `dedupe` (at most one
answer per message), `events` (Slack payloads -> the message to answer), `formatting` (mrkdwn and Block Kit),
`output` (the replies), `base` (answering in the background, in the right conversation).
"""

from channels.slack.output import DEFAULT_API_URL, SlackReplies
from channels.slack.webhook import SlackChannel

__all__ = ["DEFAULT_API_URL", "SlackChannel", "SlackReplies"]
