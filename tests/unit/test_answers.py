"""Answers read like the article and carry its figures; computed figures follow the knowledge file."""

import shutil

from actions import answers, knowledge_base
from tests.conftest import ROOT


def test_salary_comparison_has_both_averages_ranges_and_computed_gap(kb):
    text = answers.salary(kb, ("account_manager", "project_manager")).text
    for figure in ("$70,110", "$90,074", "$37,870", "$129,796", "$57,237", "$141,749"):
        assert figure in text
    assert "$19,964" in text  # 90,074 - 70,110
    assert "Project managers earn" in text
    assert "Job Outlook & Salary" in text


def test_gap_is_computed_from_the_knowledge_file(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "k")
    path = tmp_path / "k" / "article.yml"
    path.write_text(path.read_text().replace("average: 70110", "average: 100000"))
    kb = knowledge_base.load(tmp_path / "k")
    text = answers.salary(kb, ("account_manager", "project_manager")).text
    assert "$100,000" in text and "$9,926" in text
    assert text.index("Account managers earn") >= 0


def test_one_role_salary(kb):
    text = answers.salary(kb, ("project_manager",)).text
    assert "$90,074" in text and "$57,237" in text and "$141,749" in text
    assert "$70,110" not in text


def test_difference_aspect_for_one_role_leads_with_that_role(kb):
    text = answers.difference(kb, "sales_involvement", ("project_manager",)).text
    assert text.index("Project Managers are usually not involved in sales") < text.index("Account Managers are often")
    assert "Differences Between Account Manager and Project Manager → 6. Sales Involvement" in text


def test_difference_overview_lists_all_six(kb):
    answer = answers.difference(kb, None, ("account_manager", "project_manager"))
    for title in (
        "Focus Areas",
        "Timeline",
        "Client Interaction",
        "Communication Style",
        "Strategic vs Operational",
        "Sales Involvement",
    ):
        assert title in answer.text
    assert len(answer.buttons) == 6


def test_outlook_names_its_source(kb):
    text = answers.outlook(kb, ("account_manager", "project_manager")).text
    assert "33%" in text and "2.1 million" in text and "23,800" in text
    assert "Bureau of Labor Statistics" in text


def test_skills_include_tools(kb):
    text = answers.skills(kb, ("project_manager",)).text
    assert "Gantt charts" in text and "Kanban boards" in text


def test_fit_offers_the_assessment(kb):
    answer = answers.fit(kb)
    assert "building relationships" in answer.text and "organizing tasks" in answer.text
    assert answer.buttons[0]["payload"] == "/start_assessment"


def test_every_answer_names_its_section(kb):
    both = ("account_manager", "project_manager")
    for topic in ("definition", "responsibilities", "skills", "salary", "outlook", "fit", "alignment"):
        assert "_Source: BrainWaveTrail.com" in answers.compose(kb, topic, both).text, topic


def test_not_covered_is_honest_and_offers_topics(kb):
    answer = answers.not_covered(kb, "certification")
    assert "doesn't cover certifications" in answer.text
    assert answer.buttons
    assert "$" not in answer.text


def test_button_payloads_use_rasa_format():
    assert answers.button("X", "inform_role", role="project_manager") == {
        "title": "X",
        "payload": '/inform_role{"role":"project_manager"}',
    }
