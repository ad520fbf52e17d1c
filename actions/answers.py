"""Topic answers: what each role does, its responsibilities and skills, the differences, salaries, the outlook,
the fit factors. Pure functions from the knowledge base to reply parts; actions/compose.py puts parts together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Sequence, Tuple

from actions import figures
from actions.knowledge_base import ROLE_IDS, Fact, KnowledgeBase, Role

# Topics that are about the two careers in general, not about one role.
ROLE_AGNOSTIC_TOPICS = ("fit", "alignment", "source")
TOPICS = ("definition", "responsibilities", "difference", "skills", "salary", "outlook") + ROLE_AGNOSTIC_TOPICS


@dataclass
class Part:
    """One part of a reply: its text, where in the article it comes from, and what it showed."""

    text: str
    section: str | None = None
    buttons: List[Dict[str, str]] = field(default_factory=list)
    facts: Tuple[str, ...] = ()
    listed: Dict[str, Any] | None = None  # a numbered list shown: {"kind", "role", "facts"}
    declined: bool = False
    roles: Tuple[str, ...] = ()  # the role(s) the answer concluded ("the account manager"), for "their", "the other"


def button(title: str, intent: str, **entities: str) -> Dict[str, str]:
    """A button in Rasa's generic format: the payload is an intent with optional entities."""
    payload = "/" + intent
    if entities:
        payload += "{" + ",".join(f'"{k}":"{v}"' for k, v in entities.items()) + "}"
    return {"title": title, "payload": payload}


def money(kb: KnowledgeBase, amount: int) -> str:
    return figures.money(kb, amount)


def role_fields(role: Role) -> Dict[str, str]:
    return {
        "name": role.name,
        "plural": role.plural,
        "title": role.title,
        "article": role.article,
        "article_cap": role.article.capitalize(),
    }


def other_role_button(kb: KnowledgeBase, roles: Sequence[str]) -> List[Dict[str, str]]:
    if len(roles) != 1:
        return []
    other = kb.roles[kb.other_role(roles[0])]
    return [button(f"And {other.article} {other.name}?", "inform_role", role=other.id)]


def ordered(roles: Sequence[str]) -> Tuple[str, ...]:
    return tuple(roles) if roles else ROLE_IDS


def definition(kb: KnowledgeBase, roles: Sequence[str]) -> Part:
    """What a role does; for one role, its five responsibilities too (numbered, so "the third one" works)."""
    parts, ids = [], []
    for role_id in ordered(roles):
        role = kb.roles[role_id]
        heading = kb.answers["definition_heading"].format(**role_fields(role))
        parts.append(heading + "\n" + " ".join(role.definition))
        ids += [f.id for f in kb.facts_of("definition", role_id)]
    part = Part("\n\n".join(parts), kb.section_path("overview"), other_role_button(kb, roles), tuple(ids))
    if len(roles) == 1:
        listing = numbered_list(kb, roles, "responsibility")
        part.text += f" {kb.answers['cite'].format(section=part.section)}\n\n{listing.text}"
        part.section, part.listed, part.facts = listing.section, listing.listed, part.facts + listing.facts
    return part


def numbered_list(kb: KnowledgeBase, roles: Sequence[str], kind: str) -> Part:
    """A role's responsibilities or skills as a numbered list, remembered so "the second one" can refer to it."""
    heading_key, section = {
        "responsibility": ("responsibilities_heading", "responsibilities"),
        "skill": ("skills_heading", "skills"),
    }[kind]
    blocks, listed = [], None
    ids: List[str] = []
    for role_id in ordered(roles):
        role = kb.roles[role_id]
        facts = kb.facts_of(kind, role_id)
        lines = [kb.answers[heading_key].format(**role_fields(role))]
        lines += [kb.answers["list_item"].format(number=f.index, text=f.text) for f in facts]
        blocks.append("\n".join(lines))
        ids += [f.id for f in facts]
        listed = {"kind": section, "role": role_id if len(ordered(roles)) == 1 else None, "facts": ids}
    return Part("\n\n".join(blocks), kb.section_path(section), other_role_button(kb, roles), tuple(ids), listed)


def salary(kb: KnowledgeBase, roles: Sequence[str]) -> Part:
    facts = kb.raw["salary"]
    roles = ordered(roles)
    if len(roles) == 1:
        role = kb.roles[roles[0]]
        body = kb.answers["salary_one"].format(
            **role_fields(role),
            region=facts["region"],
            period=facts["period"],
            range_word=facts["range_word"],
            average=money(kb, role.salary["average"]),
            low=money(kb, role.salary["low"]),
            high=money(kb, role.salary["high"]),
        )
        compare = button(kb.topics["salary"]["example"], "ask_salary", role="both")
        return Part(body, kb.section_path("outlook_salary"), other_role_button(kb, roles) + [compare])
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
    lines.append(salary_gap_line(kb))
    return Part("\n".join(lines), kb.section_path("outlook_salary"))


def salary_gap_line(kb: KnowledgeBase) -> str:
    gap = figures.salary_gap(kb)
    return kb.answers["salary_gap"].format(
        higher_plural=gap["higher"].plural.capitalize(),
        lower_plural=gap["lower"].plural,
        gap=money(kb, gap["gap"]),
        percent_more=gap["percent_more"],
        percent_less=gap["percent_less"],
    )


def outlook(kb: KnowledgeBase, roles: Sequence[str]) -> Part:
    roles = ordered(roles)
    lines = [kb.answers["outlook_heading"]]
    ids = [f"{kb.roles[r].key}.outlook" for r in roles]
    if len(roles) == 2:
        lines.append(kb.raw["outlook"]["summary"])
        ids.insert(0, "outlook.summary")
    lines += [kb.roles[r].outlook for r in roles]
    if len(roles) == 2:
        lines.append(kb.raw["outlook"]["closing"])
    pm = kb.roles[ROLE_IDS[1]].outlook_figures
    if ROLE_IDS[1] in roles:
        lines.append(kb.answers["outlook_source"].format(source=pm["source"]))
    return Part("\n".join(lines), kb.section_path("outlook_salary"), other_role_button(kb, roles), tuple(ids))


def difference(kb: KnowledgeBase, aspect: str | None, roles: Sequence[str]) -> Part:
    if aspect is None:
        lines = [kb.raw["differences_intro"], "", kb.answers["difference_overview_heading"]]
        diffs = sorted(kb.differences.values(), key=lambda d: d.number)
        for diff in diffs:
            lines.append(
                kb.answers["difference_overview_item"].format(
                    number=diff.number, title=diff.title, summary=diff.summary
                )
            )
        lines += ["", kb.answers["difference_overview_tail"]]
        buttons = [button(d.title, "ask_difference", aspect=d.id) for d in diffs]
        listed = {"kind": "differences", "role": None, "facts": [d.id for d in diffs]}
        return Part("\n".join(lines), kb.section_path("differences"), buttons, (), listed)
    diff = kb.differences[aspect]
    order = list(roles) + [r for r in ROLE_IDS if r not in roles]
    heading = kb.answers["difference_aspect_heading"].format(title=diff.title, number=diff.number)
    lines = [heading, diff.by_role[order[0]]]
    contrast = diff.by_role[order[1]]
    lines.append(kb.answers["difference_contrast"].format(text=contrast) if len(roles) == 1 else contrast)
    ids = tuple(f"difference.{aspect}.{kb.roles[r].key}" for r in order)
    return Part("\n".join(lines), kb.fact_section(kb.facts[ids[0]]), [], ids)


def fit(kb: KnowledgeBase) -> Part:
    lines = [kb.raw["fit"]["intro"]] + [f"• {kb.roles[r].fit}" for r in ROLE_IDS] + ["", kb.answers["fit_offer"]]
    return Part("\n".join(lines), kb.section_path("fit"), assessment_buttons(kb), ("fit.intro", "am.fit", "pm.fit"))


def assessment_buttons(kb: KnowledgeBase) -> List[Dict[str, str]]:
    return [
        button(kb.raw["assessment_buttons"]["start"], "start_assessment"),
        button(kb.raw["assessment_buttons"]["decline"], "deny"),
    ]


def alignment(kb: KnowledgeBase) -> Part:
    ids = tuple(f.id for f in kb.facts_of("alignment"))
    return Part(" ".join(kb.facts[i].text for i in ids), kb.section_path("alignment"), [], ids)


def source(kb: KnowledgeBase) -> Part:
    text = kb.answers["source"].format(
        title=kb.source["title"], publisher=kb.source["publisher"], sections="; ".join(kb.sections.values())
    )
    return Part(f"{text}\n\n{kb.source['scope_note']}")


def not_covered(kb: KnowledgeBase, subject: str | None) -> Part:
    if subject and subject in kb.not_covered:
        text = kb.answers["not_covered"].format(label=kb.not_covered[subject]["label"])
        text += " " + kb.answers["not_covered_menu"]
    else:
        text = kb.answers["not_covered_generic"]
    return Part(text, None, menu_buttons(kb), declined=True)


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


def topic_part(kb: KnowledgeBase, topic: str, roles: Sequence[str], aspect: str | None = None) -> Part:
    """The answer for one topic, the roles it concerns and, for differences, one aspect."""
    if topic == "difference":
        return difference(kb, aspect, roles)
    if topic == "responsibilities":
        return numbered_list(kb, roles, "responsibility")
    if topic == "skills":
        return numbered_list(kb, roles, "skill")
    simple = {"fit": fit, "alignment": alignment, "source": source}
    if topic in simple:
        return simple[topic](kb)
    builders = {"definition": definition, "salary": salary, "outlook": outlook}
    return builders[topic](kb, roles)


def quote(kb: KnowledgeBase, fact: Fact) -> str:
    """A fact in the article's words, framed by the list it belongs to where it has one."""
    framing = kb.answers["fact_in_list"].get(fact.kind)
    if framing and fact.role:
        role = kb.roles[fact.role]
        count = len(kb.facts_of(fact.kind, fact.role))
        return framing.format(count=count, plural=role.plural, text=fact.text)
    return kb.answers["fact_quote"].format(text=fact.text)
