"""Input channels: Rasa's REST and socket.io channels hardened against bad input, and Slack (webhook or Socket Mode)."""
