"""Running the model graph without dask's scheduler.

Rasa: `DaskGraphRunner.run` runs the model graph (NLU pipeline, policies) through dask's scheduler on every message
and every action prediction: building the task graph, ordering it and dispatching it cost ~4 ms of Rasa CPU per
message (measured with py-spy) around components that simply run one after another.

Here: the nodes the targets need run in dependency order, from a plan made once per set of targets; each node
receives exactly the inputs dask would pass it (a missing input is passed as its name, as dask does), and errors
are raised as Rasa raises them (`GraphRunError`).

Why: per-message CPU of the Rasa server.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.exceptions import GraphRunError

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"


def _plan(self: Any, targets: tuple) -> List[tuple]:
    """(node name, parent names) for every node the targets depend on, parents first."""
    plans = self.__dict__.setdefault("_rasa_patches_plans", {})
    if targets not in plans:
        nodes = self._graph_schema.minimal_graph_schema(list(targets)).nodes
        ordered: List[tuple] = []
        done: set = set()

        def visit(name: str) -> None:
            if name in done or name not in nodes:  # not a node: an input placeholder
                return
            done.add(name)
            parents = list(nodes[name].needs.values())
            for parent in parents:
                visit(parent)
            ordered.append((name, parents))

        for target in targets:
            visit(target)
        plans[targets] = ordered
    return plans[targets]


def run_graph(self: Any, inputs: Dict[str, Any] | None = None, targets: List[str] | None = None) -> Dict[str, Any]:
    """DaskGraphRunner.run without dask: same nodes, same inputs, same results, same errors."""
    run_targets = targets if targets else self._graph_schema.target_names
    plan = _plan(self, tuple(run_targets))
    node_names = {name for name, _ in plan}
    results: Dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in node_names:
            raise GraphRunError(f"Input value '{value}' clashes with a node name.")
        results[name] = (name, value)
    try:
        for name, parents in plan:
            results[name] = self._instantiated_nodes[name](*(results.get(parent, parent) for parent in parents))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def apply(settings: Any) -> str:
    from rasa.engine.runner.dask import DaskGraphRunner

    original = _core.original(DaskGraphRunner, "run")
    _core.replace(DaskGraphRunner, "run", _core.wraps(original)(run_graph))
    return "model graph run in dependency order from a plan made once (no dask scheduler)"
