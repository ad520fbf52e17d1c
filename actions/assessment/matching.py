"""Matches an answer typed in the person's own words to the options of the question being asked, and only that one.

"happy clients who stick with us" is the account-manager option of "What would you rather your work be measured
by?" because it shares its concepts (actions/retrieval.py) with that option and with the article's sentences behind
it; "I'd hate selling" picks the option that does not sell. Filler ("hmm", "ok", "idk") and words that match
neither option are no answer: the question is asked again. Buttons send their option's intent directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping

from actions.assessment import scoring
from actions.knowledge_base import ROLE_IDS, KnowledgeBase
from actions.language import PhraseMatcher, phrase_set
from actions.retrieval import FactIndex

# The intents an answer button sends, one per kind of answer.
ANSWER_INTENTS = {
    "prefer_account": "account_manager",
    "prefer_project": "project_manager",
    "prefer_both": "both",
    "unsure": "unsure",
    "skip_question": "skipped",
}
# Intents that steer the assessment rather than answer it (handled by rules).
CONTROL_INTENTS = ("go_back", "stop", "restart_assessment", "start_assessment", "ask_why_question", "ask_result")
QUESTION_STARTS = {
    "what",
    "which",
    "who",
    "whose",
    "how",
    "when",
    "where",
    "why",
    "is",
    "are",
    "do",
    "does",
    "can",
    "could",
    "will",
    "would",
    "should",
    "tell",
    "btw",
    "wait",
}
MIN_MARGIN = 1.0  # the winning option's weight must beat the other's by this much (idf units)


@dataclass
class Matcher:
    kb: KnowledgeBase
    index: FactIndex

    def __post_init__(self) -> None:
        lexicon = self.kb.lexicon["assessment"]
        a = self.kb.analyzer
        self.filler = {a.clean(f).lower().strip(" ?!.") for f in lexicon["filler"]}
        self.both: PhraseMatcher = phrase_set(a, lexicon["both"])
        self.unsure: PhraseMatcher = phrase_set(a, lexicon["unsure"])
        self.skip: PhraseMatcher = phrase_set(a, lexicon["skip"])
        self.go_back: PhraseMatcher = phrase_set(a, lexicon["go_back"])
        self.first: PhraseMatcher = phrase_set(a, lexicon["first_option"])
        self.second: PhraseMatcher = phrase_set(a, lexicon["second_option"])
        self.negations: PhraseMatcher = phrase_set(a, lexicon["negations"])
        self._options: Dict[str, Dict[str, FrozenSet[str]]] = {}

    def option_concepts(self, question: scoring.Question) -> Dict[str, FrozenSet[str]]:
        """Each role option's concepts: its own words and the article's sentences the question is built on."""
        if question.id not in self._options:
            concepts = {}
            for role in ROLE_IDS:
                text = question.options[role] + " " + scoring.basis_quote(self.kb, question, role, all_skills=True)
                concepts[role] = self.index.concepts.of_text(text)
            self._options[question.id] = concepts
        return self._options[question.id]

    def negative(self, lemmas: str) -> bool:
        return lemmas in self.negations

    def match(self, question: scoring.Question, text: str, intent: str | None) -> str | None:
        """The answer value (a role id, both, unsure, skipped) the words give this question, or None."""
        if text.startswith("/"):
            return ANSWER_INTENTS.get(intent or "")
        if intent in CONTROL_INTENTS:
            return None
        a = self.kb.analyzer
        cleaned = a.clean(text)
        plain = cleaned.lower().strip(" ?!.")
        if not plain or plain in self.filler:
            return None
        if text.rstrip().endswith("?") or (cleaned.split() or [""])[0].lower() in QUESTION_STARTS:
            return None  # a question, answered by the rules, then the assessment question is asked again
        tokens = a.tokens(cleaned)
        words = [t.lower for t in tokens]
        if not words or all(w in self.filler for w in words):
            return None
        lemmas = " ".join(t.lemma for t in tokens)
        if lemmas in self.skip and len(words) <= 4:
            return "skipped"
        if lemmas in self.both:
            return "both"
        if lemmas in self.unsure:
            return "unsure"
        named = [r for r in self.kb.find("role", cleaned) if r in ROLE_IDS]
        negated = self.negative(lemmas)
        if len(set(named)) == 1:
            role = named[0]
            return self.kb.other_role(role) if negated else role
        if len(words) <= 4:
            if lemmas in self.first:
                return ROLE_IDS[0]
            if lemmas in self.second:
                return ROLE_IDS[1]
        return self.by_concepts(question, lemmas, negated)

    def answer_not_command(self, question: scoring.Question, text: str) -> str | None:
        """The option words heard as "go back" name, when they say no "go back" of their own, or None."""
        if text.startswith("/") or self.kb.analyzer.lemma_text(text) in self.go_back:
            return None
        value = self.match(question, text, None)
        return value if value not in (None, "skipped") else None

    def by_concepts(self, question: scoring.Question, lemmas: str, negated: bool) -> str | None:
        answer = self.index.concepts.of_lemmas(lemmas)
        if not answer:
            return None
        votes: Dict[str, float] = {role: 0.0 for role in ROLE_IDS}
        for role, concepts in self.option_concepts(question).items():
            option_negative = self.negative(self.kb.analyzer.lemma_text(question.options[role]))
            weight = sum(self.index.weight(c) for c in answer & concepts)
            target = role if negated == option_negative else self.kb.other_role(role)
            votes[target] += weight
        ranked: List[str] = sorted(votes, key=votes.get, reverse=True)
        if votes[ranked[0]] - votes[ranked[1]] < MIN_MARGIN:
            return None
        return ranked[0]


def answer_value(matcher: Matcher, question: scoring.Question, message: Mapping) -> str | None:
    intent = (message.get("intent") or {}).get("name")
    return matcher.match(question, message.get("text") or "", intent)
