"""The model graph runs like it does under dask: same nodes, same inputs, same outputs."""

from rasa_patches import graph


def _graph_runner_classes():
    from typing import Any, Dict

    from rasa.engine.graph import GraphComponent

    ran: list = []

    class Add(GraphComponent):
        def __init__(self, config: Dict[str, Any]) -> None:
            self.config = config

        @classmethod
        def create(cls, config, model_storage, resource, execution_context, **kwargs):  # noqa: ANN001
            return cls(config)

        def add(self, **numbers: Any) -> int:
            ran.append(self.config["name"])
            return self.config["value"] + sum(numbers.values())

    return Add, ran


def test_graph_runs_like_dask(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from rasa_patches import _core

    add, ran = _graph_runner_classes()

    def node(name: str, value: int, needs: dict) -> SchemaNode:
        return SchemaNode(needs, add, "create", "add", {"name": name, "value": value}, is_target=True)

    schema = GraphSchema(
        {
            "a": node("a", 1, {"x": "__input__"}),
            "b": node("b", 10, {"x": "a"}),
            "c": node("c", 100, {"x": "a", "y": "b"}),
            "d": node("d", 1000, {"x": "c"}),
            "unused": node("unused", 5, {}),
        }
    )
    runner = DaskGraphRunner(schema, LocalModelStorage(tmp_path), ExecutionContext(schema))
    rasa_run = _core.original(DaskGraphRunner, "run")
    assert DaskGraphRunner.run is not rasa_run and DaskGraphRunner.run.__wrapped__ is rasa_run
    for targets in (["c"], ["d", "b"], None):
        assert runner.run({"__input__": 7}, targets) == rasa_run(runner, {"__input__": 7}, targets)
    assert runner.run({"__input__": 7}, ["d"])["d"] == 1000 + 100 + (1 + 7) + (10 + 1 + 7)
    ran.clear()
    graph.run_graph(runner, {"__input__": 7}, ["b"])
    assert ran == ["a", "b"]  # only what the target needs, parents first
