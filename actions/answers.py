"""Composes the reader-facing answers from the knowledge base: pure functions, no Rasa objects, easy to test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Sequence

from actions.knowledge_base import ROLE_IDS, KnowledgeBase, Role

# Topics that are about the two careers in general, not about one role.
ROLE_AGNOSTIC_TOPICS = ("fit", "alignment", "source")
TOPICS = ("definition", "responsibilities", "difference", "skills", "salary", "outlook") + ROLE_AGNOSTIC_TOPICS


@dataclass
class Answer:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def button(title: str, intent: str, **entities: str) -> Dict[str, str]:
    """A button in Rasa's generic format: the payload is an intent with optional entities."""
    payload = "/" + intent
    if entities:
        payload += "{" + ",".join(f'"{k}":"{v}"' for k, v in entities.items()) + "}"
    return {"title": title, "payload": payload}


def money(kb: KnowledgeBase, amount: int) -> str:
    return f"{kb.raw['salary']['currency_symbol']}{amount:,}"


def _role_fields(role: Role) -> Dict[str, str]:
    return {
        "name": role.name,
        "plural": role.plural,
        "title": role.title,
        "article": role.article,
        "article_cap": role.article.capitalize(),
    }


def _with_source(kb: KnowledgeBase, body: str, section: str, sub: str | None = None) -> str:
    return f"{body}\n\n{kb.source_line(section, sub)}"


def _other_role_button(kb: KnowledgeBase, roles: Sequence[str]) -> List[Dict[str, str]]:
    if len(roles) != 1:
        return []
    other = kb.roles[kb.other_role(roles[0])]
    return [button(f"And {other.article} {other.name}?", "inform_role", role=other.id)]


def definition(kb: KnowledgeBase, roles: Sequence[str]) -> Answer:
    parts = []
    for role_id in roles:
        role = kb.roles[role_id]
        heading = kb.answers["definition_heading"].format(**_role_fields(role))
        parts.append(heading + "\n" + "\n\n".join(role.definition))
    buttons = [button(kb.topics["responsibilities"]["label"], "ask_responsibilities", role=r) for r in roles[:1]]
    return Answer(_with_source(kb, "\n\n".join(parts), "overview"), buttons + _other_role_button(kb, roles))


def _bulleted(kb: KnowledgeBase, roles: Sequence[str], heading_key: str, items: str, section: str) -> Answer:
    """A heading and the article's bullet list (responsibilities or skills) for each role asked about."""
    parts = []
    for role_id in roles:
        role = kb.roles[role_id]
        heading = kb.answers[heading_key].format(**_role_fields(role))
        parts.append(heading + "\n" + "\n".join(f"• {item}" for item in getattr(role, items)))
    return Answer(_with_source(kb, "\n\n".join(parts), section), _other_role_button(kb, roles))


def responsibilities(kb: KnowledgeBase, roles: Sequence[str]) -> Answer:
    return _bulleted(kb, roles, "responsibilities_heading", "responsibilities", "responsibilities")


def skills(kb: KnowledgeBase, roles: Sequence[str]) -> Answer:
    return _bulleted(kb, roles, "skills_heading", "skills", "skills")


def salary_gap(kb: KnowledgeBase) -> Dict[str, object]:
    """The difference between the two averages, computed from the knowledge file's figures."""
    ranked = sorted((kb.roles[r] for r in ROLE_IDS), key=lambda role: role.salary["average"], reverse=True)
    higher, lower = ranked
    gap = higher.salary["average"] - lower.salary["average"]
    return {
        "higher": higher,
        "lower": lower,
        "gap": gap,
        "percent": round(100 * gap / lower.salary["average"]),
    }


def salary(kb: KnowledgeBase, roles: Sequence[str]) -> Answer:
    facts = kb.raw["salary"]
    if len(roles) == 1:
        role = kb.roles[roles[0]]
        body = kb.answers["salary_one"].format(
            **_role_fields(role),
            region=facts["region"],
            period=facts["period"],
            range_word=facts["range_word"],
            average=money(kb, role.salary["average"]),
            low=money(kb, role.salary["low"]),
            high=money(kb, role.salary["high"]),
        )
        compare = button(kb.topics["salary"]["example"], "ask_salary", role="both")
        return Answer(_with_source(kb, body, "outlook_salary"), _other_role_button(kb, roles) + [compare])
    lines = [kb.answers["salary_compare"].format(region=facts["region"])]
    for role_id in ROLE_IDS:
        role = kb.roles[role_id]
        lines.append(
            kb.answers["salary_compare_line"].format(
                title=role.title,
                period=facts["period"],
                average=money(kb, role.salary["average"]),
                low=money(kb, role.salary["low"]),
                high=money(kb, role.salary["high"]),
            )
        )
    gap = salary_gap(kb)
    lines.append(
        kb.answers["salary_gap"].format(
            higher_plural=gap["higher"].plural.capitalize(),
            lower_plural=gap["lower"].plural,
            gap=money(kb, gap["gap"]),
            percent=gap["percent"],
        )
    )
    return Answer(_with_source(kb, "\n".join(lines), "outlook_salary"))


def outlook(kb: KnowledgeBase, roles: Sequence[str]) -> Answer:
    facts = kb.raw["outlook"]
    lines = [kb.answers["outlook_heading"]]
    if len(roles) == 2:
        lines.append(facts["summary"])
    lines += [kb.roles[r].outlook for r in roles]
    if len(roles) == 2:
        lines.append(facts["closing"])
    lines.append(kb.answers["outlook_source"].format(source=facts["source"]))
    return Answer(_with_source(kb, "\n".join(lines), "outlook_salary"), _other_role_button(kb, roles))


def difference(kb: KnowledgeBase, aspect: str | None, roles: Sequence[str]) -> Answer:
    if aspect is None:
        lines = [kb.raw["overview"]["differences_intro"], "", kb.answers["difference_overview_heading"]]
        for diff in sorted(kb.differences.values(), key=lambda d: d.number):
            lines.append(
                kb.answers["difference_overview_item"].format(
                    number=diff.number, title=diff.title, summary=diff.summary
                )
            )
        lines += ["", kb.answers["difference_overview_tail"]]
        buttons = [button(d.title, "ask_difference", aspect=d.id) for d in kb.differences.values()]
        return Answer(_with_source(kb, "\n".join(lines), "differences"), buttons)
    diff = kb.differences[aspect]
    order = list(roles) + [r for r in ROLE_IDS if r not in roles]
    lines = [kb.answers["difference_aspect_heading"].format(title=diff.title), diff.by_role[order[0]]]
    contrast = diff.by_role[order[1]]
    lines.append(kb.answers["difference_contrast"].format(text=contrast) if len(roles) == 1 else contrast)
    return Answer(_with_source(kb, "\n".join(lines), "differences", f"{diff.number}. {diff.title}"))


def fit(kb: KnowledgeBase) -> Answer:
    lines = [kb.raw["fit"]["intro"]] + [f"• {kb.roles[r].fit}" for r in ROLE_IDS] + ["", kb.answers["fit_offer"]]
    buttons = [
        button(kb.raw["assessment_buttons"]["start"], "start_assessment"),
        button(kb.raw["assessment_buttons"]["decline"], "deny"),
    ]
    return Answer(_with_source(kb, "\n".join(lines), "fit"), buttons)


def alignment(kb: KnowledgeBase) -> Answer:
    return Answer(_with_source(kb, kb.raw["alignment"]["text"], "alignment"))


def source(kb: KnowledgeBase) -> Answer:
    text = kb.answers["source"].format(
        title=kb.source["title"], publisher=kb.source["publisher"], sections="; ".join(kb.sections.values())
    )
    return Answer(f"{text}\n\n{kb.source['scope_note']}")


def not_covered(kb: KnowledgeBase, subject: str | None) -> Answer:
    if subject and subject in kb.not_covered:
        text = kb.answers["not_covered"].format(label=kb.not_covered[subject]["label"])
    else:
        text = kb.answers["not_covered_generic"]
    return Answer(text, menu_buttons(kb))


def menu_buttons(kb: KnowledgeBase, limit: int = 6) -> List[Dict[str, str]]:
    """Suggestions that show what the article covers."""
    wanted = [
        ("difference", "ask_difference"),
        ("salary", "ask_salary"),
        ("skills", "ask_skills"),
        ("outlook", "ask_outlook"),
    ]
    buttons = [button(kb.topics[topic]["example"], intent) for topic, intent in wanted]
    buttons.append(button(kb.raw["assessment_buttons"]["start"], "start_assessment"))
    return buttons[:limit]


def compose(kb: KnowledgeBase, topic: str, roles: Sequence[str], aspect: str | None = None) -> Answer:
    """The answer for a resolved request: one topic, the roles it concerns and, for differences, one aspect."""
    if topic == "difference":
        return difference(kb, aspect, roles)
    if topic in ROLE_AGNOSTIC_TOPICS:
        return {"fit": fit, "alignment": alignment, "source": source}[topic](kb)
    builders = {
        "definition": definition,
        "responsibilities": responsibilities,
        "skills": skills,
        "salary": salary,
        "outlook": outlook,
    }
    return builders[topic](kb, roles)
