"""Input channels: Rasa's REST channel hardened against bad input (and, later, Slack and the web widget)."""
