"""Keeps Rasa 3.6's per-turn cost small and flat, without changing what the assistant says.

Each module patches one part of Rasa's hot path, found with py-spy on the Rasa server, and has a unit test that it
gives what Rasa itself gives: action_calls (the action-server reply check and connection), graph (running the model
graph), rules (RulePolicy's rule lookup), trackers (event classes, applied events, slot copies) and sessions
(bounded, flat sessions). Importing the package applies them; `components/__init__.py` does, at model load.
"""

from components.speedups import action_calls, graph, rules, sessions, trackers  # noqa: F401  (applied on import)
