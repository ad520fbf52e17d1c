"""The article's figures as values, and arithmetic on them: every number the assistant says is read or computed
here from knowledge/article.yml, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

from actions.knowledge_base import ROLE_IDS, KnowledgeBase

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Figure:
    role: str
    attribute: str  # average, low, high, width, growth_percent, by_year, new_positions
    value: float
    unit: str  # money, percent, year, count


def figure(kb: KnowledgeBase, role: str, attribute: str) -> Figure | None:
    """One figure of the article for a role, or None if the article gives none (e.g. the AM growth rate)."""
    r = kb.roles[role]
    if attribute in ("average", "low", "high"):
        return Figure(role, attribute, float(r.salary[attribute]), "money")
    if attribute in ("width", "range"):
        return Figure(role, "width", float(r.salary["high"] - r.salary["low"]), "money")
    outlook = r.outlook_figures
    if attribute == "growth_percent" and outlook.get("growth_percent") is not None:
        return Figure(role, attribute, float(outlook["growth_percent"]), "percent")
    if attribute == "by_year" and outlook.get("by_year") is not None:
        return Figure(role, attribute, float(outlook["by_year"]), "year")
    if attribute == "new_positions" and outlook.get("new_positions") is not None:
        return Figure(role, attribute, float(outlook["new_positions"]), "count")
    return None


def money(kb: KnowledgeBase, amount: float) -> str:
    return f"{kb.raw['salary']['currency_symbol']}{round(amount):,}"


def number(value: float) -> str:
    """2100000 -> "2.1 million", 23800 -> "23,800", 28.47 -> "28.5"."""
    if value >= 1_000_000 and round(value / 100_000) * 100_000 == value:
        return f"{value / 1_000_000:g} million"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def show(kb: KnowledgeBase, fig: Figure) -> str:
    if fig.unit == "money":
        return money(kb, fig.value)
    if fig.unit == "percent":
        return f"{number(fig.value)}%"
    if fig.unit == "year":
        return str(int(fig.value))
    return number(fig.value)


def describe(kb: KnowledgeBase, fig: Figure) -> str:
    """ "the average project manager salary ($90,074 a year)"."""
    r = kb.roles[fig.role]
    template = kb.answers["figure"][fig.attribute]
    values = {
        "name": r.name,
        "average": money(kb, r.salary["average"]),
        "low": money(kb, r.salary["low"]),
        "high": money(kb, r.salary["high"]),
        "width": money(kb, r.salary["high"] - r.salary["low"]),
        "growth_percent": f"{r.outlook_figures.get('growth_percent')}%",
        "by_year": r.outlook_figures.get("by_year"),
        "new_positions": number(r.outlook_figures.get("new_positions") or 0),
        "period": r.outlook_figures.get("period") or f"by {r.outlook_figures.get('by_year')}",
    }
    return template.format(**values)


def percent(part: float, whole: float) -> str:
    return number(round(100 * part / whole, 1))


def salary_gap(kb: KnowledgeBase) -> Dict[str, object]:
    """The difference between the two averages, computed from the knowledge file's figures."""
    ranked = sorted((kb.roles[r] for r in ROLE_IDS), key=lambda role: role.salary["average"], reverse=True)
    higher, lower = ranked
    gap = higher.salary["average"] - lower.salary["average"]
    return {
        "higher": higher,
        "lower": lower,
        "gap": gap,
        "percent_more": percent(gap, lower.salary["average"]),
        "percent_less": percent(gap, higher.salary["average"]),
    }


def operand_figures(kb: KnowledgeBase, operands: Sequence[Tuple[str, str]]) -> List[Figure]:
    return [f for f in (figure(kb, role, attribute) for role, attribute in operands) if f is not None]


def close_enough(stated: float, actual: float, tolerance: float) -> bool:
    return actual != 0 and abs(stated - actual) / abs(actual) <= tolerance
