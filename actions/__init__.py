"""Custom actions of the account-manager vs project-manager assistant (served by `rasa run actions`)."""
