"""Slack: direct messages, @mentions (answered in their thread) and Block Kit buttons, on Rasa's Slack connector,
delivered either way Slack offers:

- `webhook.SlackChannel`: signed HTTP requests to `/webhooks/slack/webhook` (needs a public HTTPS URL);
- `socket_mode.SlackSocketModeChannel`: a WebSocket the assistant opens to Slack (needs no public URL).

The rest is shared: `verification` (request signatures, slack_sdk's SignatureVerifier), `dedupe` (at most one
answer per message), `events` (Slack payloads -> the message to answer), `formatting` (mrkdwn and Block Kit),
`output` (the replies), `base` (answering in the background, in the right conversation).
"""

from channels.slack.output import DEFAULT_API_URL, SlackReplies
from channels.slack.socket_mode import SlackSocketModeChannel
from channels.slack.webhook import SlackChannel

__all__ = ["DEFAULT_API_URL", "SlackChannel", "SlackReplies", "SlackSocketModeChannel"]
