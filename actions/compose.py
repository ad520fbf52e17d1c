"""Answers question frames (actions/frames.py) from the knowledge base: a look-up quotes the facts asked about, a
yes/no opens with Yes / No and the evidence, a claim is confirmed or corrected with the article's figure, a
computation is done on the knowledge file's figures, and what the article does not give is declined, followed by
what it says that is closest. Every part names its section; the reply ends with the article as its source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Sequence, Tuple

from actions import answers, figures
from actions.answers import Part, button, quote
from actions.frames import (
    COMPUTE,
    COUNT,
    EVERY_CASE,
    ITEM,
    LIST_FACT_KINDS,
    LOOKUP,
    META,
    NEIGHBOUR,
    NOT_COVERED,
    PER_YEAR,
    PERSONAL,
    RECALL,
    SMALL_TALK,
    SOURCE,
    START_ASSESSMENT,
    TOPIC_FACT_KINDS,
    UNKNOWN,
    VERIFY,
    WHICH,
    YES_NO,
    Frame,
    Memory,
    Understanding,
    years_span,
)
from actions.knowledge_base import PREVIOUS, ROLE_IDS, Fact, KnowledgeBase
from actions.retrieval import Hit

FORECAST_WORDS = re.compile(r"\b(?:forecasts?|forecasted|bls|bureau|33 ?%)")
ASKS_ARTICLE = re.compile(
    r"\b(?:article|it|you)\b.{0,20}\b(?:give|gives|say|says|mention|list|include|provide|show)", re.IGNORECASE
)
MAINLY = re.compile(r"\b(?:mainly|mostly|primarily|main(?:ly)? about|all about|chiefly)\b", re.IGNORECASE)
# "is sales their main thing?": whether something is the role's main focus
MAIN_FOCUS = re.compile(
    r"\b(?:main|primary|core|biggest|number one|#1) (?:thing|focus|job|part|priority|goal|task|duty|role)\b"
    r"|\b(?:mainly|primarily|chiefly) about\b|\ball about\b",
    re.IGNORECASE,
)
YEAR_ASKED = re.compile(r"\byear|\bwhen\b|\bdate\b", re.IGNORECASE)
PERCENT_ASKED = re.compile(r"percent|%|\brate\b|per cent", re.IGNORECASE)

# Sentences that carry their own reason: each difference says what the role concentrates on; others say "to …".
EXPLAINED_KINDS = ("difference", "fit")
REASON_WORDS = (" to ", "so that", "ensuring", "aiming", "focusing", "concentrating", "looking for", "because")
# Words that make a claim absolute ("always", "never", "only"): a hedged sentence answers them "not quite".
PERSONAL_SKIP_KINDS = ("fit", "intro", "alignment", "outlook")  # not reasons a person would recognise
# "which role doesn't sell?", "which one is less strategic?": the question asks for the role it is not said of
INVERTED = re.compile(r"\b(?:not|never|less|least|fewer|rarely|hardly|without)\b|n't\b|\bno longer\b")
COMPARATIVES = {"more", "most", "greater", "bigger", "higher", "stronger", "closer", "longer", "frequent"}
GLOOMY = {"bad", "poor", "weak", "shrinking", "declining", "dying", "bleak", "grim", "worse", "negative", "falling"}
RANKING = {"better", "best", "superior", "preferable", "worse", "winner"}  # "is one role better than the other?"
ABSOLUTES = {"always", "never", "only", "every", "exclusively", "all"}
# Words that ask whether the two roles are the same in some respect ("do both interact with clients equally?").
SAMENESS = {"equally", "equal", "same", "alike", "similarly", "identical", "both equally"}


def sentence(text: str) -> str:
    """A figure's description opens some sentences ("the top of the PM range is …"): capitalised there."""
    return text[:1].upper() + text[1:]


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    frames: List[Frame] = field(default_factory=list)  # as answered (with the facts said), for the memory
    lists: List[Dict[str, Any]] = field(default_factory=list)
    start_assessment: bool = False
    offered_assessment: bool = False
    declined: bool = False
    small_talk: str | None = None


class Composer:
    def __init__(self, kb: KnowledgeBase, understanding: Understanding) -> None:
        self.kb = kb
        self.u = understanding
        self.t = kb.answers
        self.settings = kb.lexicon["retrieval"]

    # ---- the reply -------------------------------------------------------------------------------------------
    def reply(self, frames: Sequence[Frame], memory: Memory) -> Reply:
        result = Reply("")
        texts: List[str] = []
        cited = False
        parts: List[Tuple[Frame, Part, Frame]] = []
        lists = list(memory.lists)
        for frame in frames:
            resolved = False
            if parts and self._refers_to_part_before(frame):
                # "the sixth difference, does it apply to PMs?": "it" is what the part before just said
                again = self.u.understand(frame.text, None, memory)
                if len(again) == 1 and again[0].op == frame.op and (again[0].concepts or again[0].facts):
                    frame, resolved = again[0], True
            part, answered = self.part(frame, memory)
            if part is None:
                continue
            if resolved and parts[-1][0].op == ITEM and set(parts[-1][1].facts) <= set(part.facts):
                parts.pop()  # the answer quotes the item it is about: the item only said what "it" is
            parts.append((frame, part, answered))
            if part.listed:
                lists.insert(0, part.listed)
            memory = Memory([answered], lists, memory.role, memory.topic)  # later parts refer to earlier ones
        understood = [p for p in parts if p[1].text != self.t["rephrase"]]
        if understood and len(understood) < len(parts):
            parts = understood  # "who's the main contact, am or pm?": the part not understood adds nothing
        for frame, part, answered in parts:
            if frame.op == START_ASSESSMENT:
                result.start_assessment = True
            if frame.op == SMALL_TALK:
                result.small_talk = frame.subject
            text = sentence(part.text)
            if part.section:
                text += " " + self.t["cite"].format(section=part.section)
                cited = True
            texts.append(text)
            for b in part.buttons:
                if b not in result.buttons:
                    result.buttons.append(b)
            if part.listed:
                result.lists.insert(0, part.listed)
            result.declined |= part.declined
            result.frames.append(answered)
        if cited:
            texts.append(self.kb.source_line())
        result.text = "\n\n".join(t for t in texts if t)
        result.offered_assessment = any(b["payload"] == "/start_assessment" for b in result.buttons)
        return result

    def _refers_to_part_before(self, frame: Frame) -> bool:
        """A yes/no part that names nothing of its own but a pronoun ("does it apply to PMs?")."""
        if frame.op != YES_NO or frame.facts or frame.claims or frame.topic or frame.aspect:
            return False
        if any(not c.startswith("w:") for c in frame.concepts):
            return False
        return bool(re.search(r"\b(?:it|that|this|they|those|these)\b", frame.text.lower()))

    def part(self, frame: Frame, memory: Memory) -> Tuple[Part | None, Frame]:
        handler = {
            LOOKUP: self.lookup,
            WHICH: self.which,
            YES_NO: self.yes_no,
            VERIFY: self.verify,
            COMPUTE: self.compute,
            COUNT: self.count,
            NOT_COVERED: self.not_covered,
            NEIGHBOUR: self.neighbour,
            META: self.meta,
            SOURCE: self.source,
            ITEM: self.item,
            PERSONAL: self.personal,
            SMALL_TALK: self.small_talk,
            START_ASSESSMENT: lambda f, m: Part(""),
            PER_YEAR: self.per_year,
            RECALL: lambda f, m: Part(""),
            UNKNOWN: self.unknown,
        }[frame.op]
        part = handler(frame, memory)
        if part is None:
            return None, frame
        answered = Frame(**{**frame.__dict__, "said": part.facts, "roles": part.roles or frame.roles})
        return part, answered

    # ---- look-ups --------------------------------------------------------------------------------------------
    def lookup(self, frame: Frame, memory: Memory) -> Part:
        if "focus" in frame.also and len(frame.roles) == 1:
            return self.focus(frame)
        if frame.facts:
            return self.quote_facts(frame)
        if frame.topic in ("salary", "outlook") and frame.attribute:
            return self.figure_lookup(frame)
        if frame.topic:
            roles = frame.roles
            if frame.topic == "difference" and not frame.aspect and len(roles) == 1:
                roles = ()
            part = answers.topic_part(self.kb, frame.topic, roles, frame.aspect)
            if frame.topic == "difference" and frame.aspect and "retarget" in frame.also and len(roles) == 1:
                fact = self.kb.facts[f"difference.{frame.aspect}.{self.kb.roles[roles[0]].key}"]
                part = Part(quote(self.kb, fact), self.kb.fact_section(fact), [], (fact.id,))
            return part
        return self.unknown(frame, memory)

    def focus(self, frame: Frame) -> Part:
        """ "What does a PM focus on?": the article lists a PM's focus as its bullets ("While a project manager
        focuses on: …"), and names the focus as the first difference."""
        listing = answers.numbered_list(self.kb, frame.roles, "responsibility")
        key = self.kb.roles[frame.roles[0]].key
        focus = [self.kb.facts[f"difference.{aspect}.{key}"] for aspect in ("focus_areas", "strategic_operational")]
        quoted = "\n".join(quote(self.kb, f) for f in focus)
        text = f"{quoted} {self.t['cite'].format(section=self.sections(focus))}\n\n{listing.text}"
        return Part(text, listing.section, listing.buttons, tuple(f.id for f in focus) + listing.facts, listing.listed)

    def quote_facts(self, frame: Frame) -> Part:
        facts = [self.kb.facts[f] for f in frame.facts if f in self.kb.facts]
        if "why" in frame.also:
            return self.why(facts)
        lines = []
        for fact in facts:
            lines.append(quote(self.kb, fact))
            contrast = self.contrast(fact, frame.roles, frame)
            if contrast:
                lines.append(contrast)
        return Part("\n".join(lines), self.sections(facts), [], tuple(f.id for f in facts))

    def why(self, facts: Sequence[Fact]) -> Part:
        with_reason = [f for f in facts if f.kind in EXPLAINED_KINDS or any(w in f.text.lower() for w in REASON_WORDS)]
        if with_reason:
            return Part(
                "\n".join(quote(self.kb, f) for f in with_reason),
                self.sections(with_reason),
                [],
                tuple(f.id for f in with_reason),
            )
        text = self.t["why_not_given"] + "\n" + "\n".join(quote(self.kb, f) for f in facts)
        return Part(text, self.sections(facts), [], tuple(f.id for f in facts))

    def contrast(self, fact: Fact, roles: Sequence[str], frame: Frame | None = None) -> str | None:
        """For a difference, the other role's side, so one fact is not mistaken for the whole comparison (not
        after "no, I meant …": the person has just set the other role aside)."""
        if fact.kind != "difference" or not fact.role or (frame is not None and "retarget" in frame.also):
            return None
        other = self.kb.facts[f"difference.{fact.aspect}.{self.kb.roles[self.kb.other_role(fact.role)].key}"]
        return self.t["difference_contrast"].format(text=other.text)

    def sections(self, facts: Sequence[Fact]) -> str | None:
        names: List[str] = []
        for fact in facts:
            name = self.kb.fact_section(fact)
            if name not in names:
                names.append(name)
        return "; ".join(names) or None

    def figure_lookup(self, frame: Frame) -> Part:
        roles = answers.ordered(frame.roles)
        if frame.topic == "outlook":
            part = answers.outlook(self.kb, roles)
            missing = [r for r in roles if figures.figure(self.kb, r, frame.attribute or "") is None]
            if frame.attribute in ("growth_percent", "by_year") and missing and len(roles) == 1:
                role = self.kb.roles[missing[0]]
                if frame.attribute == "growth_percent" and not PERCENT_ASKED.search(frame.text):
                    # "how fast will AM jobs grow?": the article answers in new roles, not a rate
                    part.text = self.t["growth_in_roles"].format(plural=role.plural) + "\n" + part.text
                    return part
                period = role.outlook_figures.get("period")
                if frame.attribute == "by_year" and period and not YEAR_ASKED.search(frame.text):
                    # "over what period?": the article gives a period, not a year
                    part.text = self.t["growth_period"].format(plural=role.plural, period=period) + "\n" + part.text
                    return part
                label = "a growth percentage" if frame.attribute == "growth_percent" else "a year"
                what = f"{label} for {role.plural}"
                part.text = self.t["not_covered"].format(label=what) + " " + self.t["year_closest"] + "\n" + part.text
                part.declined = True
            return part
        part = answers.salary(self.kb, roles)
        if frame.attribute == "range" and len(roles) == 1:
            fig = figures.figure(self.kb, roles[0], "width")
            part.text += " " + self.t["width_one"].format(
                name=self.kb.roles[roles[0]].name,
                low=figures.money(self.kb, self.kb.roles[roles[0]].salary["low"]),
                high=figures.money(self.kb, self.kb.roles[roles[0]].salary["high"]),
                width=figures.show(self.kb, fig),
            )
        return part

    # ---- which role ------------------------------------------------------------------------------------------
    def best_by_role(self, frame: Frame, positive_only: bool = True) -> Dict[str, Hit | None]:
        query = frozenset(frame.concepts)
        best: Dict[str, Hit | None] = {}
        for role in ROLE_IDS:
            hits = self.u.index.search(query, roles=[role])
            if positive_only:
                hits = [h for h in hits if not h.clause.negative]
            kinds = TOPIC_FACT_KINDS.get(frame.topic or "")
            in_kind = [h for h in hits if kinds and h.fact.kind in kinds]
            if in_kind and in_kind[0].score >= self.settings["which_kind_ratio"] * hits[0].score:
                hits = in_kind  # "who is responsible for keeping customers satisfied?": a responsibility first
            if frame.aspect:
                # the difference the words name ("more client contact": client interaction) unless another sentence
                # matches at least twice as well
                aspect_hits = [h for h in hits if h.fact.aspect == frame.aspect]
                if aspect_hits and (
                    not hits or aspect_hits[0].score >= self.settings["which_aspect_ratio"] * hits[0].score
                ):
                    hits = aspect_hits
            best[role] = hits[0] if hits else None
        return best

    def which(self, frame: Frame, memory: Memory) -> Part:
        if frame.compute == "compare":
            return self.compare_figures(frame)
        if not frame.concepts and frame.aspect:
            words = self.u.index.concepts.of_text(frame.text) - self.u.generic_concepts
            if not words:
                return answers.difference(self.kb, frame.aspect, ())
            frame = replace(frame, concepts=tuple(sorted(words)))  # "which of those two is the more direct one?"
        best = self.best_by_role(frame)
        scored = {r: h.coverage for r, h in best.items() if h}
        if frame.aspect and (not scored or max(scored.values()) < self.settings["which_coverage"]):
            # "which role works on short-term assignments?": the difference named decides it; words its sentences
            # never use ("assignments") do not make the answer less certain
            spoken = frozenset().union(*(c for f, _, c in self.u.index.entries if f.aspect == frame.aspect))
            if spoken & set(frame.concepts):
                frame = replace(frame, concepts=tuple(sorted(spoken & set(frame.concepts))))
                best = self.best_by_role(frame)
                scored = {r: h.coverage for r, h in best.items() if h}
        if not scored or max(scored.values()) < self.settings["which_coverage"]:
            return self.unknown(frame, memory)
        winner = max(scored, key=scored.get)
        other = self.kb.other_role(winner)
        close = scored.get(other, 0) >= self.settings["which_margin"] * scored[winner]
        if close:
            # a near tie on one sentence: the role whose sentences, together, speak to more of the question
            attested = {r: self.attested(frame, r) for r in ROLE_IDS}
            leader = max(attested, key=attested.get)
            if attested[self.kb.other_role(leader)] < self.settings["which_margin"] * attested[leader]:
                winner, other, close = leader, self.kb.other_role(leader), False
                best[winner] = best[winner] or self.best_by_role(frame)[winner]
        if close and set(frame.text.lower().split()) & COMPARATIVES and all(best[r] for r in ROLE_IDS):
            # "which one has more client contact?": the role the article says it of without a limit ("mostly")
            unhedged = [r for r in ROLE_IDS if not best[r].clause.hedge]
            if len(unhedged) == 1:
                winner, other, close = unhedged[0], self.kb.other_role(unhedged[0]), False
        if INVERTED.search(frame.text.lower()):
            # "which role doesn't sell?", "which one is less strategic?": the role the article does not say it of
            if close and all(best[r] for r in ROLE_IDS):
                hedged = [r for r in ROLE_IDS if best[r].clause.hedge or best[r].clause.negative]
                if len(hedged) == 1:  # "talks to clients less often": the one with a limit ("mostly")
                    winner, other, close = hedged[0], self.kb.other_role(hedged[0]), False
            elif not close:
                return self._which_not(frame, best, winner)
        if close:
            facts = [best[r].fact for r in ROLE_IDS if best[r]]
            lines = [self.t["which_both"]] + [f"• {quote(self.kb, f)}" for f in facts]
            return Part("\n".join(lines), self.sections(facts), [], tuple(f.id for f in facts))
        fact = best[winner].fact
        role = self.kb.roles[winner]
        if frame.claimed_role:
            key = "which_claim_right" if frame.claimed_role == winner else "which_claim_wrong"
            opening = self.t[key].format(name=role.name)
        else:
            opening = self.t["which_one"].format(name=role.name)
        lines = [opening, quote(self.kb, fact)]
        contrast = self.contrast(fact, (winner,))
        if contrast:
            lines.append(contrast)
        return Part(
            "\n".join(lines),
            self.sections([fact]),
            answers.other_role_button(self.kb, (winner,)),
            (fact.id,),
            roles=(winner,),
        )

    def _which_not(self, frame: Frame, best: Dict[str, Any], said_of: str) -> Part:
        """The role a sentence is not said of: its own side of the difference when the article has one, otherwise
        the sentence, said to be about the other role."""
        winner = self.kb.other_role(said_of)
        fact = best[said_of].fact
        counterpart = self.u.counterpart(fact.id, (winner,))
        lines = [self.t["which_one"].format(name=self.kb.roles[winner].name)]
        if counterpart and counterpart in self.kb.facts:
            own = self.kb.facts[counterpart]
            lines += [quote(self.kb, own), self.contrast(own, (winner,)) or quote(self.kb, fact)]
            facts = [own, fact]
        else:
            plural, other_plural = self.kb.roles[said_of].plural, self.kb.roles[winner].plural
            lines += [
                self.t["other_role_has_it"].format(plural=plural, other_plural=other_plural),
                quote(self.kb, fact),
            ]
            facts = [fact]
        return Part(
            "\n".join(lines),
            self.sections(facts),
            answers.other_role_button(self.kb, (winner,)),
            tuple(f.id for f in facts),
            roles=(winner,),
        )

    def attested(self, frame: Frame, role: str) -> float:
        """The share of the question's concept weight found in any of the role's positive sentences."""
        query = frozenset(frame.concepts)
        seen = set()
        for hit in self.u.index.search(query, roles=[role]):
            if not hit.clause.negative:
                seen |= query & self.u.index.concepts.of_text(hit.clause.text)
        total = sum(self.u.index.weight(c) for c in query) or 1.0
        return sum(self.u.index.weight(c) for c in seen) / total

    def compare_figures(self, frame: Frame) -> Part:
        operands = list(frame.operands)
        attribute = frame.attribute or ("average" if frame.topic == "salary" else "new_positions")
        if len({r for r, _ in operands}) < 2 or len(operands) < 2:
            attribute = operands[0][1] if operands else attribute
            operands = [(r, attribute) for r in ROLE_IDS]
        figs = figures.operand_figures(self.kb, operands)
        if len(figs) < 2:
            return self.figure_lookup(Frame(LOOKUP, roles=ROLE_IDS, topic=frame.topic, attribute=attribute))
        a, b = figs[0], figs[1]
        greater = frame.direction != "lesser"
        winner = a if (a.value >= b.value) == greater else b
        loser = b if winner is a else a
        relation = "greater" if winner.value > loser.value else "lesser" if winner.value < loser.value else "equal"
        role = self.kb.roles[winner.role]
        if frame.yes_no and frame.claimed_role:
            opening = self.t["openings"]["yes" if frame.claimed_role == winner.role else "no"]
        elif frame.claimed_role:
            key = "which_claim_right" if frame.claimed_role == winner.role else "which_claim_wrong"
            opening = self.t[key].format(name=role.name)
        else:
            opening = self.t["which_one"].format(name=role.name)
        line = self.t["compare"].format(
            a=figures.describe(self.kb, winner),
            b=figures.describe(self.kb, loser),
            relation=self.t["relation"][relation],
            difference=figures.show(
                self.kb, figures.Figure(winner.role, "x", abs(winner.value - loser.value), winner.unit)
            ),
        )
        every_case = frame.topic == "salary" and winner.attribute == loser.attribute == "average"
        every_case = (
            every_case and bool(EVERY_CASE.search(frame.text)) and relation == ("greater" if greater else "lesser")
        )
        if every_case:
            opening = self.t["openings"]["not_always"]  # "will I always earn more as a PM?": the ranges overlap
        text = f"{opening} {line[0].upper()}{line[1:]}"
        if winner.unit == "money" and winner.attribute == loser.attribute == "average":
            text += " " + answers.salary_gap_line(self.kb)
        if every_case:
            top = figures.figure(self.kb, loser.role, "high")
            bottom = figures.figure(self.kb, winner.role, "low")
            if top and bottom and top.value > bottom.value:
                text += "\n" + self.t["ranges_overlap"].format(
                    high=figures.describe(self.kb, top), low=figures.describe(self.kb, bottom)
                )
        roles = () if frame.yes_no else (winner.role,)
        return Part(text, self.kb.section_path("outlook_salary"), roles=roles)

    # ---- yes / no --------------------------------------------------------------------------------------------
    def yes_no(self, frame: Frame, memory: Memory) -> Part:
        if frame.topic in ("salary", "outlook") and not frame.concepts:
            part = self.figure_lookup(frame)
            gloomy = frame.topic == "outlook" and set(frame.text.lower().replace("?", " ").split()) & GLOOMY
            # "is the outlook bad?": no; "does it give a growth rate for AMs?": no, it gives new roles instead
            opening = "no" if gloomy or part.declined else "yes"
            part.text = self.t["openings"][opening] + " " + part.text
            return part
        if frame.claims:
            return self.judge_claims(frame)
        query = frozenset(frame.concepts)
        if not query and frame.aspect:
            query = frozenset(self.u.index.concepts.of_text(self.kb.differences[frame.aspect].title))
        roles = list(frame.roles) if frame.roles else []
        if frame.claimed_role in ROLE_IDS:
            roles = [frame.claimed_role]  # "isn't the PM the more operational of the two?" is about the PM
        ranks = bool(set(frame.text.lower().replace("?", " ").split()) & RANKING)
        if frame.topic == "fit" and (len(frame.roles) != 1 or ranks):
            # "is PM simply the better career?": neither is, by the article; it depends on the person
            part = answers.fit(self.kb)
            part.text = self.t["openings"]["neither_better" if ranks else "depends"] + " " + part.text
            return part
        if not query:
            if frame.topic:
                part = self.lookup(replace_op(frame, LOOKUP), memory)
                # "is PM a good career for me?": the article says it depends on the person
                opening = "depends" if frame.topic == "fit" else "yes"
                part.text = self.t["openings"][opening] + " " + part.text
                return part
            return self.unknown(frame, memory)
        if len(roles) == 1:
            return self.judge_role(frame, roles[0], query, memory)
        if len(roles) == 2:
            return self.judge_both(frame, query, memory)
        return self.judge_any(frame, query, memory)

    def _not_main_focus(self, frame: Frame, role: str, query, own_best: Hit) -> Part | None:
        """ "is sales their main thing?": the role does it, but its focus (the first difference) is something else."""
        focus = self.kb.facts.get(f"difference.focus_areas.{self.kb.roles[role].key}")
        if not MAIN_FOCUS.search(frame.text) or focus is None or own_best.fact.id == focus.id:
            return None
        if re.search(r"\b(?:main|primarily|focus(?:es|ed)? on)\b", own_best.clause.text, re.IGNORECASE):
            return None  # "their main job is to handle the internal logistics": the article says it is the main thing
        asked = frozenset(query) - self.u.generic_concepts
        in_focus = asked & self.u.index.concepts.of_text(focus.text)
        weight = self.u.index.weight
        # a question names what it asks; "is that their main thing?" carries the whole last sentence's words
        share = 0.5 if "that" in frame.also else 0.0
        if in_focus and sum(weight(c) for c in in_focus) >= share * sum(weight(c) for c in asked):
            return None  # what was asked is the focus itself
        facts = [focus, own_best.fact]
        lines = [self.t["openings"]["not_main"].format(plural=self.kb.roles[role].plural)]
        lines += [f"• {quote(self.kb, f)}" for f in facts]
        return Part("\n".join(lines), self.sections(facts), [], tuple(f.id for f in facts), roles=(role,))

    def _hits(self, query, role, aspect, whole: bool = False):
        """The role's sentences best matching the question; the named difference's first, unless another sentence
        matches clearly better ("do AMs focus on short-term projects?" is about the timeline, not the focus)."""
        hits = self.u.index.search(query, roles=[role], whole=whole)
        if aspect:
            in_aspect = [h for h in hits if h.fact.aspect == aspect]
            if in_aspect and (not hits or in_aspect[0].score >= self.settings["close_ratio"] * hits[0].score):
                return in_aspect + [h for h in hits if h.fact.aspect != aspect]
        return hits

    def judge_role(self, frame: Frame, role: str, query, memory: Memory) -> Part:
        threshold = self.settings["yes_no_coverage"]
        own = [h for h in self._hits(query, role, frame.aspect) if h.coverage >= threshold]
        other_role = self.kb.other_role(role)
        other = [h for h in self._hits(query, other_role, frame.aspect) if h.coverage >= threshold]
        general = [h for h in self.u.index.search(query, roles=[None]) if h.coverage >= threshold]
        if "retarget" in frame.also and memory.last and len(own) > 1:
            own = self._same_section_first(own, memory.last[0])
        own_best = own[0] if own else None
        other_best = other[0] if other else None
        ratio = self.settings["yes_no_own_ratio"]
        if own_best and "that" in frame.also:
            # "does the other role do that too?": the words are the last answer's sentence, so the other role always
            # matches them best; the role asked about does it if it has a sentence matching them well enough
            side_line = self._not_main_focus(frame, role, query, own_best) if not frame.negated else None
            return side_line or self.opened(own_best, frame.negated, frame.roles, own[1:3], frame.text)
        if own_best and (not other_best or own_best.score >= ratio * other_best.score or other_best.clause.negative):
            if not (other_best and self._belongs_to_other(own_best, other_best)):
                side_line = self._not_main_focus(frame, role, query, own_best) if not frame.negated else None
                return side_line or self.opened(own_best, frame.negated, frame.roles, own[1:3], frame.text)
        if other_best and not other_best.clause.negative:
            r, o = self.kb.roles[other_role], self.kb.roles[role]
            opening = self.t["openings"]["yes" if frame.negated else "no"]
            lines = [
                opening,
                self.t["other_role_has_it"].format(plural=r.plural, other_plural=o.plural),
                quote(self.kb, other_best.fact),
            ]
            facts = [other_best.fact]
            contrast = self.contrast(other_best.fact, (other_role,))
            if not contrast and other_best.fact.kind != "skill":
                # "does the PM have anything like #5 (growing business)?": where the two roles differ on it, the
                # asked role's side of that difference says what it does instead
                difference = next(
                    (
                        h.fact
                        for h in self._hits(query, other_role, frame.aspect)
                        if h.fact.kind == "difference" and h.coverage >= threshold / 2
                    ),
                    None,
                )
                contrast = self.contrast(difference, (other_role,)) if difference else None
                if contrast:
                    facts.append(difference)
                    other_best = Hit(difference, difference.clauses[0], 0.0, 0.0)
            nearest = next(
                (h for h in self._hits(query, role, frame.aspect, whole=True) if h.coverage >= threshold / 2), None
            )
            if MAINLY.search(frame.text):  # "is PM mainly about client relationships?": what it is mainly about
                focus = self.kb.facts.get(f"difference.focus_areas.{o.key}")
                nearest = Hit(focus, focus.clauses[0], 0.0, 0.0) if focus else nearest
            said = list(facts)
            own_list = self.kb.facts_of(other_best.fact.kind, role) if other_best.fact.kind == "skill" else []
            if contrast:
                lines.append(contrast)
                said.append(self.kb.facts[f"difference.{other_best.fact.aspect}.{o.key}"])  # for "why not?"
            elif own_list:
                # "is that the same for the other one?" after an AM skill: the skills the article lists for the PM
                listed = answers.numbered_list(self.kb, (role,), "skill")
                lines.append(listed.text)
                facts += own_list
                said += own_list
            elif nearest:
                # what the article does say of the role asked about, nearest to the question
                lines.append(self.t["for_role"].format(plural=o.plural) + " " + quote(self.kb, nearest.fact))
                facts.append(nearest.fact)
                said.append(nearest.fact)
            return Part("\n".join(lines), self.sections(facts), [], tuple(f.id for f in said))
        by_aspect = self._judged_by_aspect(frame, role, query) if frame.aspect in self.kb.differences else None
        if by_aspect is not None:
            return by_aspect
        if general:
            return self.opened(general[0], frame.negated, frame.roles, text=frame.text)
        return self.unknown(frame, memory)

    def _same_section_first(self, hits: List[Hit], last: Frame) -> List[Hit]:
        """ "do AMs get into the technical details?" then "sorry, I meant PMs": of the role's sentences that match
        about as well, the one in the section of the last answer (its "by contrast" sentence) comes first."""
        sections = {self.kb.facts[f].section for f in last.said if f in self.kb.facts}
        close = self.settings["same_section_ratio"] * hits[0].score
        candidates = [h for h in hits if h.score >= close and h.fact.section in sections]
        said = " ".join(self.kb.facts[f].text for f in last.said if f in self.kb.facts)
        asked = set(re.findall(r"[a-z]+", said.lower()))
        same = max(
            candidates,
            key=lambda h: (h.score, len(asked & set(re.findall(r"[a-z]+", h.clause.text.lower())))),
            default=None,
        )
        return [same] + [h for h in hits if h is not same] if same else hits

    def _judged_by_aspect(self, frame: Frame, role: str, query) -> Part | None:
        """The question names a difference but matches no sentence well ("is project management work usually
        long-term?"): the side of that difference whose words it uses decides, and both sides are quoted."""
        own = self.kb.facts[f"difference.{frame.aspect}.{self.kb.roles[role].key}"]
        other = self.kb.facts[f"difference.{frame.aspect}.{self.kb.roles[self.kb.other_role(role)].key}"]
        asked = frozenset(query) - self.u.generic_concepts
        in_own = asked & self.u.index.concepts.of_text(own.text)
        in_other = asked & self.u.index.concepts.of_text(other.text)
        if bool(in_own) == bool(in_other):
            return None
        says = bool(in_own) != frame.negated
        lines = [self.t["openings"]["yes" if says else "no"], quote(self.kb, own)]
        contrast = self.contrast(own, (role,))
        if contrast:
            lines.append(contrast)
        return Part("\n".join(lines), self.sections([own]), [], (own.id, other.id))

    def _belongs_to_other(self, own: Hit, other: Hit) -> bool:
        """What sets the question apart is said of the other role ("do PMs talk to clients continuously?": the
        article says AMs do, PMs mostly during planning): the other role's sentence matches the question's
        distinctive words, the asked role's only the shared ones."""
        if own.clause.negative or other.clause.negative or other.score <= own.score:
            return False
        generic = self.u.generic_concepts
        weight = self.u.index.weight
        theirs = sum(weight(c) for c in other.shared - own.shared - generic)
        ours = sum(weight(c) for c in own.shared - other.shared - generic)
        return theirs > ours

    def judge_both(self, frame: Frame, query, memory: Memory) -> Part:
        threshold = self.settings["yes_no_coverage"]
        best = {
            r: next((h for h in self._hits(query, r, frame.aspect) if h.coverage >= threshold), None) for r in ROLE_IDS
        }
        found = [h for h in best.values() if h]
        if not found:
            general = [h for h in self.u.index.search(query, roles=[None]) if h.coverage >= threshold]
            return (
                self.opened(general[0], frame.negated, frame.roles, text=frame.text)
                if general
                else self.unknown(frame, memory)
            )
        positive = [h for h in found if not h.clause.negative]
        alike = bool(set(frame.text.lower().split()) & SAMENESS)
        if len(positive) == 2 and alike and positive[0].fact.text != positive[1].fact.text:
            opening = self.t["openings"]["not_equally"]
        elif len(positive) == 2:
            opening = self.t["openings"]["both_yes"]
        elif positive:
            opening = self.t["openings"]["partly"]
        else:
            opening = self.t["openings"]["no"]
        facts = [h.fact for h in found]
        for role in ROLE_IDS:
            if best[role] is None and found[0].fact.aspect:
                # the role with no such sentence: its side of the same difference
                facts.append(self.kb.facts[f"difference.{found[0].fact.aspect}.{self.kb.roles[role].key}"])
        lines = [opening] + [f"• {quote(self.kb, f)}" for f in facts]
        return Part("\n".join(lines), self.sections(facts), [], tuple(f.id for f in facts))

    def judge_any(self, frame: Frame, query, memory: Memory) -> Part:
        threshold = self.settings["yes_no_coverage"]
        hits = [h for h in self.u.index.search(query) if h.coverage >= threshold]
        if not hits:
            return self.unknown(frame, memory)
        best = hits[0]
        others = [
            h
            for h in hits[1:3]
            if h.fact.role and h.fact.role != best.fact.role and h.score >= self.settings["close_ratio"] * best.score
        ]
        if best.fact.role and others:
            return self.judge_both(replace_roles(frame, ROLE_IDS), query, memory)
        return self.opened(best, frame.negated, frame.roles, text=frame.text)

    def opened(self, hit: Hit, negated: bool, roles: Sequence[str], near: Sequence[Hit] = (), text: str = "") -> Part:
        """ "Yes, often: …" / "No, usually not: …", from the sentence's own hedge and whether it says "not"; a
        sentence of the same role that matches the question nearly as well is quoted too."""
        clause = hit.clause
        words = set(text.lower().replace("?", " ").split())
        if words & {"only", "just", "solely"} and hit.fact.kind in ("responsibility", "skill") and hit.fact.role:
            # "is managing the budget the only thing a PM does?": no, it is one item of the article's list
            part = answers.numbered_list(self.kb, (hit.fact.role,), hit.fact.kind)
            count = len(self.kb.facts_of(hit.fact.kind, hit.fact.role))
            part.text = self.t["openings"]["one_of"].format(count=count) + "\n" + part.text
            return part
        agrees = clause.negative == negated
        openings, hedges = self.t["openings"], self.t["hedges"]
        hedge = hedges.get((clause.hedge or "").replace(" ", "_")) if clause.hedge else None
        absolute = bool(set(text.lower().replace("?", " ").replace("at all", " ").split()) & ABSOLUTES)
        if absolute and hedge and clause.negative and not negated:
            opening = openings["hedged_no"].format(hedge=hedge)  # "always involved?" -> "no, not always"
        elif absolute and hedge:
            opening = openings["not_quite"].format(hedge=hedge)  # "always in sales?" -> "not quite: often"
        elif agrees and negated:
            opening = openings["right_hedged"].format(hedge=hedge) if hedge else openings["right"]
        elif agrees and self._asks_extent(clause, text):
            opening = openings["partly"]  # "is the PM client-facing?": "mostly during planning" is only partly
        elif agrees:
            opening = openings["hedged_yes"].format(hedge=hedge) if hedge and not clause.negative else openings["yes"]
        else:
            opening = openings["hedged_no"].format(hedge=hedge) if hedge and clause.negative else openings["no"]
        facts = [hit.fact]
        for other in near:
            close = other.score >= self.settings["close_ratio"] * hit.score
            if (
                close
                and other.fact.id != hit.fact.id
                and other.fact.role == hit.fact.role
                and (other.clause.negative == clause.negative)
            ):
                facts.append(other.fact)
                break
        lines = [opening] + [quote(self.kb, f) for f in facts]
        contrast = self.contrast(hit.fact, roles)
        if contrast:
            lines.append(contrast)
        return Part("\n".join(lines), self.sections(facts), [], tuple(f.id for f in facts))

    def _asks_extent(self, clause, text: str) -> bool:
        """How much of the job it is, asked of a sentence that limits it ("mostly during planning"); a limiting
        hedge is never on a negative sentence (knowledge_base._clause keeps only "usually not", "not always")."""
        extent = self.kb.lexicon["extent"]
        if clause.hedge not in extent["limiting_hedges"]:
            return False
        lower = " " + re.sub(r"[^a-z\- ]", " ", text.lower()) + " "
        return any(f" {w} " in lower for w in extent["words"])

    def judge_claims(self, frame: Frame) -> Part:
        """ "AMs are the operational ones and PMs the strategic ones?": each claim checked; swapped is said so."""
        threshold = self.settings["yes_no_coverage"]
        verdicts, facts = [], []
        # "PMs handle long-term projects and AMs handle the short-term stuff": what tells the claims apart is
        # what they do not share, nor the role's own name ("projects" for PMs)
        shared = (
            frozenset.intersection(*(frozenset(c) for _, c in frame.claims)) if len(frame.claims) > 1 else frozenset()
        )
        for role, concepts in frame.claims:
            own_name = self.u.index.concepts.of_text(self.kb.roles[role].name)
            query = frozenset(concepts) - shared - own_name or frozenset(concepts)
            telling = frozenset(c for c in query if not c.startswith("w:")) - self.u.generic_concepts
            query = telling or query  # "PMs keep the long-term client relationships": long-term relationships
            own = next((h for h in self._hits(query, role, None) if h.coverage >= threshold), None)
            other_role = self.kb.other_role(role)
            other = next((h for h in self._hits(query, other_role, None) if h.coverage >= threshold), None)
            ratio = self.settings["yes_no_own_ratio"]
            holds = bool(own and not own.clause.negative and (not other or own.score >= ratio * other.score))
            verdicts.append((holds, bool(other and not holds)))
            facts += [h.fact for h in (own, other) if h]
        if all(v for v, _ in verdicts):
            opening = self.t["openings"]["yes"]
        elif all(swapped for _, swapped in verdicts):
            opening = self.t["claim_swapped"]
        else:
            opening = self.t["openings"]["no"] if not any(v for v, _ in verdicts) else self.t["openings"]["partly"]
        unique = list(dict.fromkeys(facts))
        lines = [opening] + [f"• {quote(self.kb, f)}" for f in unique]
        return Part("\n".join(lines), self.sections(unique), [], tuple(f.id for f in unique))

    # ---- figures ---------------------------------------------------------------------------------------------
    def verify(self, frame: Frame, memory: Memory) -> Part:
        if frame.subject in ("responsibilities", "skills", "differences", "sections", "factors"):
            return self.count(frame, memory, verify=True)
        if frame.subject in ("against", "within"):
            return self.against(frame)
        stated = [n for n in frame.numbers if n["kind"] != "year"]
        years = [n for n in frame.numbers if n["kind"] == "year"]
        tolerance = self.settings["claim_tolerance_about" if "about" in frame.also else "claim_tolerance"]
        roles = answers.ordered(frame.roles)
        if frame.compute:
            actual = self.computed_value(frame)
            part = self.compute(frame, memory)
            if actual is None or not stated:
                return part
            if frame.yes_no and frame.direction:
                reversed_claim = part.text.startswith(self.t["openings"]["no"])
                if reversed_claim:
                    return part  # "do AMs make 20k more than PMs?": no, they make less; the gap follows
                # the claim's own verdict below replaces the comparison's "Yes."
                part = self.compute(replace(frame, yes_no=False), memory)
            claim = min(stated, key=lambda n: abs(n["value"] - actual) / max(abs(actual), 1))
            right = figures.close_enough(claim["value"], actual, tolerance)
            rough = False
            if claim["kind"] == "percent" and "about" in frame.also and not right:
                # "roughly 30% more?" for 28.5%: a rough percentage is judged in points, not as a share of itself
                right = rough = abs(claim["value"] - actual) <= self.settings["claim_points_about"]
            opening = (
                self.t["claim_close"].format(actual=self._show_value(actual, frame))
                if rough
                else self.t["claim_right"]
                if right
                else self.t["claim_wrong"].format(actual=self._show_value(actual, frame), stated=claim["text"])
            )
            part.text = f"{opening} {part.text}" if right else f"{opening}\n{part.text}"
            return part
        if frame.topic == "outlook":
            return self.verify_outlook(frame, stated, years, roles)
        attributes = [a for _, a in frame.operands] or [frame.attribute or "average"]
        checks = []
        values = [n for n in stated if n["kind"] in ("money", "plain", "count")]
        if frame.direction and len(values) == 1 and frame.topic == "salary":
            return self.threshold(frame, values[0])
        if len(values) >= 2 and ("range" in attributes or len(attributes) == 1):
            attributes = ["low", "high"]
        for role in roles[:1] if len(roles) == 1 else roles:
            for attribute, number in zip(attributes * len(values), values, strict=False):
                attribute = "average" if attribute == "range" and len(values) == 1 else attribute
                fig = figures.figure(self.kb, role, attribute)
                if fig:
                    checks.append((fig, number))
            if checks:
                break
        if not checks:
            return answers.salary(self.kb, roles)
        wrong = [(f, n) for f, n in checks if not figures.close_enough(n["value"], f.value, tolerance)]
        if not wrong:
            opening = (
                self.t["claim_right"]
                if all(abs(n["value"] - f.value) < 1 for f, n in checks)
                else self.t["claim_close"].format(actual=", ".join(figures.show(self.kb, f) for f, _ in checks))
            )
        else:
            f, n = wrong[0]
            opening = self.t["claim_wrong"].format(actual=figures.show(self.kb, f), stated=n["text"])
        part = answers.salary(self.kb, (checks[0][0].role,))
        part.text = f"{opening}\n{part.text}"
        return part

    def own_gap(self, frame: Frame, section: str) -> Part:
        """The person's own pay against a role's figure: "your 60k is $30,074 lower than the average PM salary"."""
        kb, t = self.kb, self.t
        number = frame.numbers[0]
        fig = figures.figure(kb, *frame.operands[0])
        gap = fig.value - number["value"]
        relation = t["relation_own"]["lesser" if gap > 0 else "greater" if gap < 0 else "equal"]
        text = t["own_gap"].format(
            stated=number["text"], gap=figures.money(kb, abs(gap)), relation=relation, figure=figures.describe(kb, fig)
        )
        return Part(sentence(text), section, roles=frame.roles)

    def against(self, frame: Frame) -> Part:
        """The person's figure against the article's: "is 65k below the AM average?" (yes: the average is $70,110)."""
        kb, t = self.kb, self.t
        number = next(n for n in frame.numbers if n["kind"] == "money")
        role = (frame.operands[0][0] if frame.operands else None) or (frame.roles[0] if frame.roles else ROLE_IDS[0])
        r = kb.roles[role]
        low, high = r.salary["low"], r.salary["high"]
        if frame.subject == "within":
            holds = low <= number["value"] <= high
            text = t["within"].format(
                stated=number["text"],
                name=r.name,
                low=figures.money(kb, low),
                high=figures.money(kb, high),
                inside="inside" if holds else "outside",
            )
        else:
            attribute = frame.operands[0][1] if frame.operands and frame.operands[0][1] != "range" else "average"
            fig = figures.figure(kb, role, attribute)
            below = number["value"] < fig.value
            holds = below if frame.direction == "lesser" else not below
            relation = t["relation_own"]["lesser" if below else "greater"]
            text = t["against"].format(stated=number["text"], relation=relation, figure=figures.describe(kb, fig))
        if not frame.yes_no and frame.subject == "against":
            return Part(sentence(text), kb.section_path("outlook_salary"), roles=(role,))  # "above or below?"
        opening = t["openings"]["yes" if holds else "no"]
        return Part(f"{opening} {sentence(text)}", kb.section_path("outlook_salary"), roles=(role,))

    def threshold(self, frame: Frame, number: Dict[str, Any]) -> Part:
        """ "Does either job pay more than $140,000?": each role's average and top of range against the figure."""
        kb, t = self.kb, self.t
        roles = answers.ordered(frame.roles)
        greater = frame.direction != "lesser"
        lines, verdicts = [], []
        # the average says what is typical; the end of the range says whether it happens at all. "does the bottom of
        # the AM range fall below 40 grand?" asks about that end only.
        named_end = frame.attribute in ("low", "high")
        checked = (frame.attribute,) if named_end else ("average", "high" if greater else "low")
        for role_id in roles:
            for attribute in checked:
                fig = figures.figure(kb, role_id, attribute)
                holds = fig.value > number["value"] if greater else fig.value < number["value"]
                verdicts.append((attribute, holds))
                relation = t["relation"]["greater" if fig.value > number["value"] else "lesser"]
                lines.append(f"• {sentence(figures.describe(kb, fig))} is {relation} {number['text']}")
        typical = all(h for _, h in verdicts) if named_end else all(h for a, h in verdicts if a == "average")
        possible = any(h for _, h in verdicts)
        asks_possible = bool(set(frame.text.lower().split()) & {"either", "any", "ever", "can", "could", "possible"})
        key = "yes" if typical or (possible and asks_possible) else "threshold_some" if possible else "no"
        opening = t["openings"][key]
        return Part(opening + "\n" + "\n".join(lines), kb.section_path("outlook_salary"))

    def verify_outlook(self, frame: Frame, stated, years, roles) -> Part:
        tolerance = self.settings["claim_tolerance_about" if "about" in frame.also else "claim_tolerance"]
        role = roles[0] if len(roles) == 1 else None
        problems, checked = [], False
        for number in stated:
            attribute = "growth_percent" if number["kind"] == "percent" else "new_positions"
            candidates = [role] if role else list(ROLE_IDS)
            figs = [figures.figure(self.kb, r, attribute) for r in candidates]
            figs = [f for f in figs if f]
            if not figs and role:
                other = figures.figure(self.kb, self.kb.other_role(role), attribute)
                if other and figures.close_enough(number["value"], other.value, tolerance):
                    checked = True
                    problems.append(
                        self.t["claim_other_role"].format(
                            figure=number["text"],
                            plural=self.kb.roles[other.role].plural,
                            asked=self.kb.roles[role].plural,
                        )
                    )
                    role = None
                continue
            match = next((f for f in figs if figures.close_enough(number["value"], f.value, tolerance)), None)
            checked = True
            if match is None:
                problems.append(
                    self.t["claim_wrong"].format(actual=figures.show(self.kb, figs[0]), stated=number["text"])
                )
            else:
                role = match.role
        for year in years:
            fig = figures.figure(self.kb, role or ROLE_IDS[1], "by_year")
            checked = True
            if fig is None:
                period = self.kb.roles[role].outlook_figures.get("period")
                problems.append(self.t["claim_wrong_detail"].format(detail=f"{period}, not by {year['text']}."))
            elif fig.value != year["value"]:
                problems.append(self.t["claim_wrong"].format(actual=str(int(fig.value)), stated=year["text"]))
        lower = frame.text.lower()
        span = years_span(lower)
        period = self.kb.roles[role].outlook_figures.get("period", "") if role else ""
        if span and "decade" in period and span != 10 and not years:
            # "23,800 new AM roles over the next five years": the figure is right, the period is not
            checked = True
            problems.append(
                self.t["claim_wrong_detail"].format(detail=f"the figure is for {period}, not {span} years.")
            )
        if role and "next year" in lower or "this year" in lower:
            period = self.kb.roles[role or ROLE_IDS[0]].outlook_figures.get("period")
            if period:
                problems.append(self.t["claim_wrong_detail"].format(detail=f"{period}, not next year."))
        part = answers.outlook(self.kb, (role,) if role else ROLE_IDS)
        if not checked:
            return part
        opening = problems[0] if problems else self.t["claim_right"]
        part.text = f"{opening}\n{part.text}"
        return part

    def _show_value(self, value: float, frame: Frame) -> str:
        if frame.compute in ("percent",):
            return f"{figures.number(round(value, 1))}%"
        if frame.compute == "ratio":
            return figures.number(round(value))
        if frame.topic == "salary":
            return figures.money(self.kb, value)
        return figures.number(value)

    def computed_value(self, frame: Frame) -> float | None:
        if frame.compute == "monthly" and len({r for r, _ in frame.operands} | set(frame.roles)) == 1:
            # "a PM makes about $7,500 a month?": that role's yearly figure over 12 months
            role = frame.operands[0][0] if frame.operands else frame.roles[0]
            attribute = frame.operands[0][1] if frame.operands else frame.attribute or "average"
            fig = figures.figure(self.kb, role, "average" if attribute == "range" else attribute)
            return fig.value / 12 if fig else None
        figs = self._compute_operands(frame)
        if frame.compute == "width":
            return figs[0].value if figs else None
        if len(figs) < 2:
            return None
        a, b = figs
        if frame.compute == "percent":
            high, low = max(a.value, b.value), min(a.value, b.value)
            # "AMs make about 20% less?" is a share of the higher figure; "PMs make 28% more?" of the lower
            return 100 * (high - low) / (high if frame.direction == "lesser" else low)
        if frame.compute == "ratio":
            return max(a.value, b.value) / min(a.value, b.value)
        if frame.compute == "share":
            return 100 * a.value / b.value
        if frame.compute == "sum":
            return a.value + b.value
        if frame.compute == "mean":
            return (a.value + b.value) / 2
        return abs(a.value - b.value)

    def _compute_operands(self, frame: Frame) -> List[figures.Figure]:
        default = frame.attribute or ("average" if frame.topic == "salary" else "new_positions")
        operands = list(frame.operands)
        if frame.compute == "width":
            # "and the account manager one, how wide is it?" after the PM range: the role asked about now
            named = list(dict.fromkeys(r for r, _ in operands))
            roles = list(frame.roles) if len(frame.roles) == 1 and len(named) <= 1 else named or list(ROLE_IDS)
            return [figures.figure(self.kb, r, "width") for r in dict.fromkeys(roles)]
        if frame.compute == "mean" and len({r for r, _ in operands} | set(frame.roles)) == 1:
            role = operands[0][0] if operands else frame.roles[0]
            if not operands or operands[0][1] in ("range", "low", "high"):
                return figures.operand_figures(self.kb, [(role, "low"), (role, "high")])  # the midpoint of a range
        if len(operands) < 2:
            attribute = operands[0][1] if operands else default
            if attribute == "range":
                attribute = "average"
            # the role named comes first: "do PMs make 20k more?" compares the PM's figure with the AM's
            first = operands[0][0] if operands else None
            order = [first, self.kb.other_role(first)] if first in ROLE_IDS else list(ROLE_IDS)
            operands = [(r, attribute) for r in order]
        return figures.operand_figures(self.kb, operands[:2])

    def compute(self, frame: Frame, memory: Memory) -> Part:
        kb, t = self.kb, self.t
        section = kb.section_path("outlook_salary")
        if frame.subject == "own" and frame.numbers and frame.operands:
            return self.own_gap(frame, section)
        if frame.compute == "monthly_gap":
            figs = figures.operand_figures(kb, list(frame.operands)) if len(frame.operands) == 2 else []
            if len(figs) == 2 and {f.attribute for f in figs} != {"average"}:
                # "and per month?" after the gap between the bottom ends: that gap, per month
                gap = abs(figs[0].value - figs[1].value)
                text = t["monthly_gap_of"].format(
                    a=figures.describe(kb, figs[0]),
                    b=figures.describe(kb, figs[1]),
                    gap=figures.money(kb, gap),
                    monthly=figures.money(kb, gap / figures.MONTHS_PER_YEAR),
                )
                return Part(sentence(text), section)
            return self.closest("salary_monthly", replace(frame, compute="difference")) or Part("", section)
        if frame.compute == "monthly":
            lines = []
            for role_id in answers.ordered(frame.roles):
                r = kb.roles[role_id]
                lines.append(
                    t["monthly"].format(
                        average=figures.money(kb, r.salary["average"]),
                        monthly=figures.money(kb, r.salary["average"] / figures.MONTHS_PER_YEAR),
                    )
                    + f" ({r.plural})"
                )
            return Part("\n".join(lines), section)
        if frame.compute == "share" and frame.subject == "gap" and len(frame.operands) == 3:
            a, b, base = figures.operand_figures(kb, list(frame.operands))
            gap = figures.Figure(a.role, "x", abs(a.value - b.value), a.unit)
            text = t["share_gap"].format(
                gap=figures.show(kb, gap), base=figures.describe(kb, base), share=figures.percent(gap.value, base.value)
            )
            return Part(sentence(text), section)
        figs = self._compute_operands(frame)
        if frame.compute == "width" and frame.yes_no and frame.direction and len(figs) == 1:
            other = self.kb.other_role(figs[0].role)  # "does the other role have a wider range?"
            figs = figs + [figures.figure(kb, other, "width")]
        if frame.compute == "width":
            lines = []
            for fig in figs:
                r = kb.roles[fig.role]
                lines.append(
                    t["width_one"].format(
                        name=r.name,
                        low=figures.money(kb, r.salary["low"]),
                        high=figures.money(kb, r.salary["high"]),
                        width=figures.show(kb, fig),
                    )
                )
            if len(figs) == 2:
                wide, narrow = sorted(figs, key=lambda f: -f.value)
                first_wider = figs[0].value > figs[1].value
                holds = first_wider if frame.direction == "greater" else not first_wider
                if frame.yes_no and frame.direction:
                    lines.insert(0, self.t["openings"]["yes" if holds else "no"])
                elif frame.direction and not holds and len(frame.operands) == 2:
                    lines.insert(0, self.t["claim_swapped"])  # "how much wider is the PM range?": it is narrower
                lines.append(
                    t["width_compare"].format(
                        wider_name=kb.roles[wide.role].name,
                        wider_width=figures.show(kb, wide),
                        narrower_width=figures.show(kb, narrow),
                        narrower_plural=kb.roles[narrow.role].plural,
                        difference=figures.money(kb, wide.value - narrow.value),
                    )
                )
            return Part("\n".join(lines), section)
        if len(figs) < 2 or figs[0].unit != figs[1].unit:
            # a percentage against a number of jobs is no figure at all: the figures themselves
            return self.figure_lookup(Frame(LOOKUP, roles=frame.roles, topic=frame.topic, attribute=frame.attribute))
        a, b = figs
        opening = ""
        if frame.yes_no and frame.direction:
            holds = a.value > b.value if frame.direction == "greater" else a.value < b.value
            opening = self.t["openings"]["yes" if holds else "no"] + " "
        da, db = figures.describe(kb, a), figures.describe(kb, b)
        high, low = (a, b) if a.value >= b.value else (b, a)
        dh, dl = figures.describe(kb, high), figures.describe(kb, low)
        if frame.compute == "share":
            asked = re.search(
                r"\b(?:what|which)\s+(?:percent|percentage|share|fraction|proportion)\s+of\b", frame.text.lower()
            )
            if asked and len(frame.text[: asked.start()].split()) <= 2 and "ordered" not in frame.also:
                a, b, da, db = b, a, db, da  # "what percentage of X is Y": Y as a share of X (not "Y is what % of X")
            text = t["share"].format(a=da, b=db, share=figures.percent(a.value, b.value))
        elif frame.compute == "ratio":
            ratio = high.value / low.value
            text = t["ratio"].format(a=dh, b=dl, ratio=figures.number(round(ratio) if ratio >= 10 else round(ratio, 1)))
        elif frame.compute == "sum":
            total = figures.Figure(a.role, "x", a.value + b.value, a.unit)
            text = t["total"].format(total=figures.show(kb, total), parts=f"{da} + {db}")
        elif frame.compute == "mean":
            mean = figures.Figure(a.role, "x", (a.value + b.value) / 2, a.unit)
            text = t["mean"].format(a=da, b=db, mean=figures.show(kb, mean))
        else:
            diff = figures.Figure(a.role, "x", high.value - low.value, a.unit)
            text = t["compare"].format(
                a=dh,
                b=dl,
                relation=t["relation"]["greater" if diff.value else "equal"],
                difference=figures.show(kb, diff),
            )
            if a.unit == "money" or frame.compute == "percent":
                percent = sentence(
                    t["percent"].format(
                        a=dh,
                        b=dl,
                        more_percent=figures.percent(high.value - low.value, low.value),
                        less_percent=figures.percent(high.value - low.value, high.value),
                    )
                )
                # the figure asked for comes first: "by what percent …?" opens with the percentage
                text = f"{percent} {sentence(text)}" if frame.compute == "percent" else f"{text} {percent}"
        return Part(opening + sentence(text), section, roles=tuple(dict.fromkeys(f.role for f in (a, b))))

    def count(self, frame: Frame, memory: Memory, verify: bool = False) -> Part:
        kb, t = self.kb, self.t
        kind = frame.subject
        if kind == "differences":
            part = answers.difference(kb, None, ())
            count = len(kb.differences)
            text = t["count_differences"].format(count=count) + "\n" + part.text
            return self._verified(frame, count, Part(text, part.section, part.buttons, (), part.listed), verify)
        if kind == "sections":
            names = list(kb.sections.values())
            return self._verified(
                frame, len(names), Part(t["count_sections"].format(count=len(names), sections="; ".join(names))), verify
            )
        fact_kind = {**LIST_FACT_KINDS, "factors": "fit"}[kind]
        roles = answers.ordered(frame.roles)
        counts = {r: len(kb.facts_of(fact_kind, r)) for r in roles}
        if len(roles) == 2 and len(set(counts.values())) == 1:
            count = counts[roles[0]]
            text = t["count_both"].format(count=count, things=kind, total=sum(counts.values()))
        else:
            count = counts[roles[0]]
            text = " ".join(
                t["count"].format(count=c, things=kind, plural=kb.roles[r].plural) for r, c in counts.items()
            )
        listing = answers.topic_part(kb, kind, roles) if kind in ("responsibilities", "skills") else None
        body = text + ("\n" + listing.text if listing else "")
        part = Part(
            body,
            listing.section if listing else kb.section_path("fit"),
            [],
            listing.facts if listing else (),
            listing.listed if listing else None,
        )
        if frame.compute == "sum":
            count = sum(counts.values())
        return self._verified(frame, count, part, verify)

    def _verified(self, frame: Frame, actual: int, part: Part, verify: bool) -> Part:
        if not verify or not frame.numbers:
            return part
        stated = frame.numbers[0]
        if stated["value"] == actual:
            part.text = f"{self.t['claim_right']} {part.text}"
        else:
            part.text = self.t["claim_wrong"].format(actual=actual, stated=stated["text"]) + "\n" + part.text
        return part

    # ---- what the article does not give ---------------------------------------------------------------------
    def not_covered(self, frame: Frame, memory: Memory) -> Part:
        kb, t = self.kb, self.t
        item = kb.not_covered[frame.subject]
        if item.get("small_talk"):
            return self.small_talk(Frame(SMALL_TALK, subject=frame.subject), memory)
        text = t["not_covered"].format(label=item["label"])
        years = [n["text"] for n in frame.numbers if n.get("kind") == "year"]
        if frame.subject == "growth_other_years" and years:
            text = t["no_figure_for"].format(what=years[0])
        kind = item.get("closest", "none")
        if frame.topic == "salary" and kind not in ("salary_monthly", "salary_region", "salary_seniority"):
            kind = "salary"  # "what does a PM at Google make?": the salary the article does give
        elif frame.topic == "outlook" and kind == "none":
            kind = "outlook"
        elif kind == "tools" and frame.roles and frame.roles[0] == ROLE_IDS[0]:
            kind = "skills"  # "do AMs need Excel?": the skills the article names for AMs
        closest = self.closest(kind, frame)
        if closest is None:
            part = answers.not_covered(kb, frame.subject)
            return part
        intro_key = {
            "salary_region": "region_closest",
            "salary_seniority": "seniority_closest",
            "tools": "tools_closest",
            "skills": "experience_closest",
            "outlook_year": "year_closest",
        }.get(kind, "not_covered_closest")
        closest.text = f"{text} {t[intro_key]}\n{closest.text}"
        closest.declined = True
        return closest

    def closest(self, kind: str, frame: Frame) -> Part | None:
        roles = answers.ordered(frame.roles)
        if kind in ("salary", "salary_region", "salary_seniority"):
            return answers.salary(self.kb, roles)
        if kind == "salary_monthly":
            if frame.compute == "difference":  # "what's the gap per month?"
                gap = figures.salary_gap(self.kb)
                text = self.t["monthly_gap"].format(
                    gap=figures.money(self.kb, gap["gap"]),
                    monthly=figures.money(self.kb, gap["gap"] / figures.MONTHS_PER_YEAR),
                )
                return Part(text, self.kb.section_path("outlook_salary"))
            return self.compute(Frame(COMPUTE, roles=roles, topic="salary", compute="monthly"), Memory())
        if kind in ("outlook", "outlook_year"):
            return answers.outlook(self.kb, roles)
        if kind == "skills":
            return answers.numbered_list(self.kb, roles, "skill")
        if kind.startswith("difference."):  # "how many months do projects take?": the timeline difference
            return answers.difference(self.kb, kind.split(".", 1)[1], roles)
        if kind == "tools":
            fact = self.kb.facts[f"{self.kb.roles[ROLE_IDS[1]].key}.skill.3"]
            return Part(quote(self.kb, fact), self.sections([fact]), [], (fact.id,))
        return None

    def neighbour(self, frame: Frame, memory: Memory) -> Part:
        kb, t = self.kb, self.t
        item = kb.lexicon["neighbours"][frame.subject]
        text = t["neighbour"].format(label=item["label"])
        if not frame.roles:
            part = answers.not_covered(kb, None)
            part.text = text + " " + t["not_covered_menu"]
            return part
        role = kb.roles[frame.roles[0]]
        topic = frame.topic if frame.topic in answers.TOPICS else "definition"
        if topic == "difference":
            topic = "definition"
        closest = answers.topic_part(kb, topic, frame.roles, None)
        closest.text = f"{text} {t['neighbour_nearest'].format(name=role.name)}\n{closest.text}"
        closest.declined = True
        return closest

    def meta(self, frame: Frame, memory: Memory) -> Part:
        source = self.kb.source
        fields = {
            "title": source["title"],
            "publisher": source["publisher"],
            "source": self.kb.roles[ROLE_IDS[1]].outlook_figures["source"],
        }
        key = {"author": "no_author", "date": "no_date", "link": "source_link"}.get(frame.subject)
        if key is None:
            return answers.source(self.kb)
        return Part(self.t[key].format(**fields), None, [], (), None, declined=key != "source_link")

    def source(self, frame: Frame, memory: Memory) -> Part:
        """Where the last answer's figure or claim comes from."""
        kb, t = self.kb, self.t
        if frame.subject == "article" and frame.claimed_role == "named":
            # "is it a BLS report?": no, the article is the publisher's; the BLS is only cited
            lines = [t["openings"]["no"], t["article_is"].format(publisher=kb.source["publisher"]), self._only_source()]
            return Part(" ".join(x for x in lines if x), kb.section_path("outlook_salary"))
        if frame.subject == "article":
            only = self._only_source()
            lines = [t["openings"]["yes" if only else "no"]] if frame.yes_no else []
            lines += [only, t["article_unsourced"]]
            return Part(" ".join(x for x in lines if x), kb.section_path("outlook_salary"), declined=True)
        facts = [kb.facts[f] for f in frame.facts if f in kb.facts]
        outlook_roles = [f.role for f in facts if f.kind == "outlook" and f.role]
        if frame.topic == "outlook" or outlook_roles:
            roles = outlook_roles or list(frame.roles) or list(ROLE_IDS)
            forecast = FORECAST_WORDS.search(frame.text.lower())
            if forecast and not frame.roles and not outlook_roles:
                # "where does the growth forecast come from?", "who forecast that?": the one forecast the
                # article attributes to someone, not every role's figure
                roles = [r for r in ROLE_IDS if kb.roles[r].outlook_figures.get("source")] or roles
            lines = []
            for role_id in dict.fromkeys(roles):
                r = kb.roles[role_id]
                src = r.outlook_figures.get("source")
                if src:
                    lines.append(t["source_of_figure"].format(source=src) + " " + r.outlook)
                else:
                    lines.append(t["no_source_for"].format(what=f"the {r.name} figure") + " " + r.outlook)
            declined = any(not kb.roles[r].outlook_figures.get("source") for r in roles)
            only = self._only_source()
            if declined and len(roles) == 1 and only:
                lines.append(only)  # "is the AM figure from the BLS as well?": no; the one source named is the PM's
            if frame.yes_no:
                named_right = frame.claimed_role == "named" and all(
                    kb.roles[r].outlook_figures.get("source") for r in roles
                )
                lines.insert(0, self.t["openings"]["yes" if named_right else "no"])
            return Part(
                "\n".join(lines),
                kb.section_path("outlook_salary"),
                [],
                tuple(f"{kb.roles[r].key}.outlook" for r in roles),
                declined=declined,
            )
        if frame.topic == "salary":
            only = self._only_source()
            return Part(
                t["no_source_for"].format(what="its salary figures")
                + " "
                + kb.source["scope_note"]
                + (" " + only if only else ""),
                kb.section_path("outlook_salary"),
                declined=True,
            )
        text = t["source_of_fact"].format(title=kb.source["title"], publisher=kb.source["publisher"])
        if facts:
            return Part(
                text + "\n" + "\n".join(quote(kb, f) for f in facts),
                self.sections(facts),
                [],
                tuple(f.id for f in facts),
            )
        return answers.source(kb)

    def _only_source(self) -> str:
        """ "The only source the article names is the BLS, for the PM forecast", or "" if it names none."""
        role = next((self.kb.roles[r] for r in ROLE_IDS if self.kb.roles[r].outlook_figures.get("source")), None)
        if role is None:
            return ""
        return self.t["only_source"].format(source=role.outlook_figures["source"], name=role.name)

    def per_year(self, frame: Frame, memory: Memory) -> Part:
        """What the figures are per and where they are for, said back as asked (yes, no, or which)."""
        section = self.kb.section_path("outlook_salary")
        if frame.subject == "us":
            opening = {"us": "us_figures_yes", "other": "us_figures_no", "which": "us_figures_which"}
            return Part(
                self.t[opening.get(frame.attribute or "us", "us_figures_yes")] + " " + self.kb.source["scope_note"],
                section,
            )
        if frame.subject == "period":
            opening = {"yearly": "per_year_yes", "other": "per_year_not_other", "both": "per_year_which"}
            key = opening[frame.attribute or "yearly"]
            if key == "per_year_not_other" and ASKS_ARTICLE.search(frame.text):
                key = "per_year_not_given"  # "does the article give monthly salaries?": no, it doesn't
            text = self.t[key]
            if frame.attribute != "yearly":
                roles = answers.ordered(frame.roles or ROLE_IDS)
                monthly = [
                    self.t["monthly_each"].format(
                        plural=self.kb.roles[r].plural,
                        average=figures.money(self.kb, self.kb.roles[r].salary["average"]),
                        monthly=figures.money(self.kb, self.kb.roles[r].salary["average"] / figures.MONTHS_PER_YEAR),
                    )
                    for r in roles
                ]
                text += " " + "; ".join(monthly) + "."
            return Part(text, section)
        if frame.topic == "outlook":  # "is that per year?" after a forecast: no, it is for a period
            part = answers.outlook(self.kb, answers.ordered(frame.roles))
            part.text = self.t["per_year_no"] + "\n" + part.text
            return part
        return Part(self.t["per_year_yes"], self.kb.section_path("outlook_salary"))

    # ---- the list just shown ---------------------------------------------------------------------------------
    def item(self, frame: Frame, memory: Memory) -> Part:
        kb, t = self.kb, self.t
        lists = memory.lists
        if frame.subject:
            lists = [entry for entry in lists if entry["kind"] == frame.subject] or self._article_list(frame, memory)
        if frame.roles and len(frame.roles) == 1:
            with_role = [e for e in lists if e.get("role") == frame.roles[0]]
            if not with_role and frame.subject in ("responsibilities", "skills"):
                fact_kind = "responsibility" if frame.subject == "responsibilities" else "skill"
                with_role = [
                    {
                        "kind": frame.subject,
                        "role": frame.roles[0],
                        "facts": [f.id for f in kb.facts_of(fact_kind, frame.roles[0])],
                    }
                ]
            lists = with_role or [e for e in lists if e["kind"] == "differences"] or lists
        if not lists:
            return Part(t["no_list"])
        entry = lists[0]
        items = entry["facts"]
        if entry["kind"] == "differences":
            index = frame.item - 1 if frame.item and frame.item > 0 else len(items) - 1
            if not 0 <= index < len(items):
                return Part(t["no_item"].format(count=len(items)))
            part = answers.difference(kb, items[index], frame.roles if len(frame.roles) == 1 else ())
            if frame.yes_no and memory.last and memory.last[0].said:
                # "is that the fifth difference?": the difference just shown, checked against the list
                shown = {kb.facts[f].aspect for f in memory.last[0].said if f in kb.facts}
                part.text = t["openings"]["yes" if items[index] in shown else "no"] + "\n" + part.text
            return part
        if frame.roles and len(frame.roles) == 1 and entry.get("role") is None:
            items = [f for f in items if kb.facts[f].role == frame.roles[0]]
        elif entry.get("role") is None and len({kb.facts[f].role for f in items}) > 1:
            role = memory.role if memory.role in ROLE_IDS else kb.facts[items[0]].role
            items = [f for f in items if kb.facts[f].role == role]
        index = frame.item - 1 if frame.item and frame.item > 0 else len(items) - 1
        if not 0 <= index < len(items):
            return Part(t["no_item"].format(count=len(items)))
        fact = kb.facts[items[index]]
        facts = (fact.id,)
        if frame.aspect and fact.role and fact.aspect != frame.aspect:
            # "the last one sounds like sales?": the item, and what the article says of that role and sales
            facts += (f"difference.{frame.aspect}.{kb.roles[fact.role].key}",)
        part = self.quote_facts(Frame(LOOKUP, roles=(fact.role,), facts=facts, also=frame.also))
        part.roles = (fact.role,) if fact.role else ()
        if frame.yes_no and len(facts) == 2:
            part.text = self._item_is_like(fact, kb.facts[facts[1]]) + "\n" + part.text
        return part

    def _item_is_like(self, item: Fact, side: Fact) -> str:
        """ "the last one sounds like sales, is it?": yes when the role's side of that difference says the role
        does it in the item's own terms, no when it says the role does not, partly otherwise."""
        if any(clause.negative for clause in side.clauses):
            return self.t["openings"]["no"]
        of_text = self.u.index.concepts.of_text
        shared = (of_text(item.text) & of_text(side.text)) - self.u.generic_concepts
        return self.t["openings"]["yes" if shared else "partly"]

    def _article_list(self, frame: Frame, memory: Memory) -> List[Dict[str, Any]]:
        """The article's own list when none was shown yet ("what's the first difference?")."""
        if frame.subject == "differences":
            return [
                {
                    "kind": "differences",
                    "role": None,
                    "facts": [d.id for d in sorted(self.kb.differences.values(), key=lambda d: d.number)],
                }
            ]
        role = frame.roles[0] if len(frame.roles) == 1 else memory.role
        if frame.subject in ("responsibilities", "skills") and role in ROLE_IDS:
            fact_kind = "responsibility" if frame.subject == "responsibilities" else "skill"
            return [{"kind": frame.subject, "role": role, "facts": [f.id for f in self.kb.facts_of(fact_kind, role)]}]
        return memory.lists

    # ---- the person --------------------------------------------------------------------------------------------
    def personal(self, frame: Frame, memory: Memory) -> Part:
        kb, t = self.kb, self.t
        leaning: Dict[str, List[str]] = {r: [] for r in ROLE_IDS}
        chosen: Tuple[str, ...] = ()
        for entry in frame.concepts:
            role, phrase = entry.split("=", 1)
            if phrase not in leaning[role]:
                leaning[role].append(phrase)
        counts = {r: len(v) for r, v in leaning.items()}
        lines: List[str] = []
        if counts[ROLE_IDS[0]] == counts[ROLE_IDS[1]] or min(counts.values()) * 2 > max(counts.values()):
            if max(counts.values()) == 0:
                lines.append(answers.fit(kb).text)
            else:
                lines.append(
                    t["personal_fit_both"].format(
                        am_likes=", ".join(f"“{p}”" for p in leaning[ROLE_IDS[0]]) or "—",
                        pm_likes=", ".join(f"“{p}”" for p in leaning[ROLE_IDS[1]]) or "—",
                    )
                )
                lines += [f"• {kb.roles[r].fit}" for r in ROLE_IDS]
        else:
            winner = max(counts, key=counts.get)
            role = kb.roles[winner]
            title = role.plural.replace("managers", "management")
            likes = ", ".join(f"“{p}”" for p in leaning[winner])
            them = t["people_objects"].get(frame.subject or "")  # "my friend … what about her?"
            key = "personal_fit_one_other" if them else "personal_fit_one"
            lines.append(t[key].format(title=title, likes=likes, fit=role.fit, them=them))
            chosen = (winner,)
            claimed = memory.role if frame.claimed_role == PREVIOUS else frame.claimed_role
            if frame.yes_no and claimed in ROLE_IDS:
                lines.insert(0, self.t["openings"]["yes" if claimed == winner else "no"])
        evidence = self._personal_evidence(frame, chosen or tuple(r for r in ROLE_IDS if leaning[r]))
        if evidence:
            lines.append(t["personal_evidence"])
            lines += [f"• {quote(kb, f)}" for f in evidence]
        if "salary" in frame.also:
            lines.append(t["personal_salary"] + " " + answers.salary_gap_line(kb))
        lines.append(t["personal_fit_offer"])
        said = tuple(f"{kb.roles[r].key}.fit" for r in (chosen or ROLE_IDS)) + tuple(f.id for f in evidence)
        return Part("\n".join(lines), kb.section_path("fit"), answers.assessment_buttons(kb), said, roles=chosen)

    def _personal_evidence(self, frame: Frame, roles: Sequence[str]) -> List[Fact]:
        """The article's sentences about the leaning role(s) that match the person's own words ("I love upselling"
        -> "Account Managers are often involved in sales … upsell …"): the reasons behind the suggestion."""
        index = self.u.index
        query = index.concepts.of_text(frame.text) - self.u.generic_concepts
        per_role = 2 if len(roles) == 1 else 1
        found: List[Fact] = []
        for role in roles:
            hits = [
                h
                for h in index.search(query, roles=[role])
                if h.fact.kind not in PERSONAL_SKIP_KINDS and self._backs(h)
            ]
            for hit in hits:
                if len([f for f in found if f.role == role]) >= per_role:
                    break
                if hit.fact not in found:
                    found.append(hit.fact)
        return found

    def _backs(self, hit: Hit) -> bool:
        shared = hit.shared - self.u.generic_concepts
        enough = len(shared) >= self.settings["personal_evidence_shared"]
        return enough or any(self.u.index.weight(c) >= self.settings["personal_evidence_weight"] for c in shared)

    def small_talk(self, frame: Frame, memory: Memory) -> Part:
        kb, t = self.kb, self.t
        topics = "\n".join(f"• {x['label']} — “{x['example']}”" for x in kb.topics.values())
        key = {
            "how_are_you": "how_are_you",
            "insult": "insult",
            "bot_identity": "about_me",
            "unclear": "unclear",
            "testing": "unclear",
        }.get(frame.subject, "small_talk")
        if frame.subject in ("greeting", "capabilities"):
            opening = t["greeting"] if frame.subject == "greeting" else t["capabilities"]
            text = opening.format(title=kb.source["title"], publisher=kb.source["publisher"])
            return Part(f"{text}\n{topics}", None, answers.menu_buttons(kb))
        if frame.subject in ("thanks", "goodbye"):
            return Part("", None)
        return Part(f"{t[key]}\n{topics}", None, answers.menu_buttons(kb), declined=key != "how_are_you")

    def unknown(self, frame: Frame, memory: Memory) -> Part:
        t = self.t
        if frame.subject == "which_other":
            buttons = [button(self.kb.roles[r].title, "inform_role", role=r) for r in ROLE_IDS]
            return Part(t["which_other"], None, buttons)
        unseen = [c for c in frame.concepts if c not in self.u.index.known_concepts and c.startswith("w:")]
        if unseen and len(frame.concepts) >= 1 and not self.u.analyzer.is_gibberish(frame.text):
            return answers.not_covered(self.kb, None)
        return Part(t["rephrase"], None, answers.menu_buttons(self.kb, limit=4))


def replace_op(frame: Frame, op: str) -> Frame:
    return Frame(**{**frame.__dict__, "op": op})


def replace_roles(frame: Frame, roles: Tuple[str, ...]) -> Frame:
    return Frame(**{**frame.__dict__, "roles": roles})
