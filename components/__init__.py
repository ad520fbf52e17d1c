"""Custom Rasa NLU components of this assistant, and a speed-up of Rasa's hot path (loaded with the model)."""

from components import speedups  # noqa: F401  (applies the speed-ups to Rasa on import)
