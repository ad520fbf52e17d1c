"""Loads the assessment's data file and scores a set of answers: pure functions, no Rasa objects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

from actions.knowledge_base import ROLE_IDS, KnowledgeBase, knowledge_dir

ASSESSMENT_FILE = "assessment.yml"
ANSWER_VALUES = ROLE_IDS + ("both", "unsure", "skipped")


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    options: Dict[str, str]
    weight: float
    basis: Dict[str, str]

    @property
    def slot(self) -> str:
        return f"q_{self.id}"


@dataclass(frozen=True)
class Assessment:
    questions: Tuple[Question, ...]
    points: Dict[str, Dict[str, float]]
    near_tie_margin: float
    max_reasons: int
    max_misses: int
    common_options: Dict[str, str]
    texts: Dict[str, str]
    intro: str
    progress: str

    @property
    def slots(self) -> List[str]:
        return [q.slot for q in self.questions]

    def question_for_slot(self, slot: str | None) -> Question | None:
        return next((q for q in self.questions if q.slot == slot), None)


@dataclass(frozen=True)
class Result:
    scores: Dict[str, float]
    recommended: str | None
    near_tie: bool
    answered: int


def load(directory: Path | None = None) -> Assessment:
    with open(Path(directory or knowledge_dir()) / ASSESSMENT_FILE, encoding="utf-8") as handle:
        raw: Dict[str, Any] = yaml.safe_load(handle)
    points = {answer: {r: float(p) for r, p in by_role.items()} for answer, by_role in raw["scoring"]["points"].items()}
    if set(points) != set(ANSWER_VALUES):
        raise ValueError(f"scoring.points must cover {ANSWER_VALUES}")
    questions = tuple(
        Question(
            id=q["id"], text=q["text"], options=dict(q["options"]), weight=float(q["weight"]), basis=dict(q["basis"])
        )
        for q in raw["questions"]
    )
    return Assessment(
        questions=questions,
        points=points,
        near_tie_margin=float(raw["scoring"]["near_tie_margin"]),
        max_reasons=int(raw["scoring"]["max_reasons"]),
        max_misses=int(raw["scoring"]["max_misses"]),
        common_options=raw["common_options"],
        texts=raw["texts"],
        intro=raw["intro"],
        progress=raw["progress"],
    )


@lru_cache(maxsize=1)
def get() -> Assessment:
    return load()


def score(assessment: Assessment, answers: Mapping[str, str | None]) -> Result:
    """Adds up each answer's points times its question's weight; a lead within the margin is a near-tie."""
    totals = {role: 0.0 for role in ROLE_IDS}
    answered = 0
    for question in assessment.questions:
        value = answers.get(question.id)
        if value not in assessment.points:
            continue
        answered += value in ROLE_IDS or value == "both"
        for role in ROLE_IDS:
            totals[role] += assessment.points[value][role] * question.weight
    lead = abs(totals[ROLE_IDS[0]] - totals[ROLE_IDS[1]])
    near_tie = answered > 0 and lead <= assessment.near_tie_margin
    recommended = None if near_tie or answered == 0 else max(ROLE_IDS, key=lambda r: totals[r])
    return Result(scores=totals, recommended=recommended, near_tie=near_tie, answered=answered)


def basis_quote(kb: KnowledgeBase, question: Question, role: str, all_skills: bool = False) -> str:
    """The article's own words behind a question, for one role (for skills, the first skill, or all of them)."""
    kind = question.basis["kind"]
    if kind == "difference":
        return kb.differences[question.basis["key"]].by_role[role]
    if kind == "skills":
        return " ".join(kb.roles[role].skills) if all_skills else kb.roles[role].skills[0]
    if kind == "fit":
        return kb.roles[role].fit
    raise ValueError(f"question {question.id}: unknown basis {kind!r}")


def basis_section(kb: KnowledgeBase, question: Question) -> str:
    kind = question.basis["kind"]
    if kind == "difference":
        diff = kb.differences[question.basis["key"]]
        return kb.section_path("differences", f"{diff.number}. {diff.title}")
    return kb.section_path("skills" if kind == "skills" else "fit")


def reasons(
    assessment: Assessment, kb: KnowledgeBase, answers: Mapping[str, str | None], role: str, limit: int
) -> List[Tuple[Question, str]]:
    """The person's answers that point to `role`, heaviest first, each with the article's quote."""
    chosen = [q for q in assessment.questions if answers.get(q.id) == role]
    chosen.sort(key=lambda q: -q.weight)
    return [(q, basis_quote(kb, q, role)) for q in chosen[:limit]]


def format_points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def score_line(assessment: Assessment, kb: KnowledgeBase, result: Result) -> str:
    am, pm = ROLE_IDS
    return assessment.texts["score"].format(
        account_manager=kb.roles[am].title,
        account_score=format_points(result.scores[am]),
        project_score=format_points(result.scores[pm]),
        project_manager=kb.roles[pm].name,
    )


def render_result(assessment: Assessment, kb: KnowledgeBase, answers: Mapping[str, str | None]) -> str:
    """The result message: recommendation (or near-tie), score, reasons quoted from the article, skills, next steps."""
    texts = assessment.texts
    result = score(assessment, answers)
    if result.answered == 0:
        return texts["nothing_answered"]
    line = score_line(assessment, kb, result)
    lines: List[str] = []
    if result.recommended is None:
        lines.append(texts["tie_heading"].format(score=line))
        for role in ROLE_IDS:
            lines.append(f"• {kb.roles[role].fit}")
        picked = [r for role in ROLE_IDS for r in reasons(assessment, kb, answers, role, 1)]
    else:
        role = kb.roles[result.recommended]
        lines.append(texts["result_heading"].format(role=role.title, score=line))
        picked = reasons(assessment, kb, answers, result.recommended, assessment.max_reasons)
    if picked:
        lines += ["", texts["reasons_heading"]]
        for question, quote in picked:
            answer = question.options[answers[question.id]]
            lines.append(texts["reason"].format(answer=answer, quote=quote))
    for role_id in ROLE_IDS if result.recommended is None else (result.recommended,):
        role = kb.roles[role_id]
        lines += ["", texts["skills_heading"].format(article=role.article, name=role.name)]
        lines += [f"• {skill}" for skill in role.skills]
    lines += ["", texts["next_steps"]]
    return "\n".join(lines)


def why(assessment: Assessment, kb: KnowledgeBase, question: Question) -> str:
    am, pm = ROLE_IDS
    return assessment.texts["why"].format(
        section=basis_section(kb, question),
        account_manager=basis_quote(kb, question, am),
        project_manager=basis_quote(kb, question, pm),
    )
