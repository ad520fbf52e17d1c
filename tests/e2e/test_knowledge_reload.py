"""One source of truth: a figure changed in the knowledge file is answered after an action-server restart."""

import shutil

import pytest

from tests.e2e.conftest import ROOT, Chat

pytestmark = pytest.mark.e2e


def test_changed_salary_is_answered_without_retraining(stack, tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    article = knowledge / "article.yml"
    article.write_text(article.read_text().replace("average: 90074", "average: 91234"))
    try:
        stack.start_actions({"KNOWLEDGE_DIR": str(knowledge)})
        reply = Chat(stack.rest_url).text("who earns more?")
        assert "$91,234" in reply and "$21,124" in reply  # the gap is recomputed: 91,234 - 70,110
    finally:
        stack.start_actions()
    assert "$90,074" in Chat(stack.rest_url).text("who earns more?")
