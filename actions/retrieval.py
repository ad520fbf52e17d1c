"""Finds the article's sentences a question is about, by meaning rather than by exact words.

Each fact's clauses and each question are reduced to concepts: lexicon phrases ("keep customers happy" and
"customer satisfaction" are both `client` + `satisfaction`, knowledge/lexicon.yml `concepts`) and, for any other
word, its lemma. A clause scores the inverse document frequency of the concepts it shares with the question
(BM25's idea without its length terms: the article's clauses are all short), and `coverage` is that score over the
question's own total, so "how much of what was asked does this sentence speak to". `settings.retrieval` in
lexicon.yml holds the thresholds, tested on the development suite.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Dict, FrozenSet, Iterable, List, Sequence, Tuple

from actions.knowledge_base import Clause, Fact, KnowledgeBase
from actions.language import Analyzer, PhraseMatcher

WORD = "w:"
ARTICLES = {"a", "an", "the"}


def without_articles(lemma_text: str) -> str:
    """ "build the schedule" and "build a schedule" match "build schedule" alike."""
    return " ".join(w for w in lemma_text.split() if w not in ARTICLES)


@dataclass(frozen=True)
class Hit:
    fact: Fact
    clause: Clause
    score: float
    coverage: float  # share of the question's weight this clause matches
    size: int = 0  # concepts in the clause (the more specific clause wins a tie)
    shared: FrozenSet[str] = frozenset()  # the question's concepts this clause speaks to


class Concepts:
    """Maps text to the set of concepts it mentions."""

    def __init__(self, analyzer: Analyzer, groups: Dict[str, Sequence[str]], stopwords: Iterable[str]) -> None:
        self.analyzer = analyzer
        phrases: Dict[str, List[str]] = {}
        for label, items in groups.items():
            for phrase in items:
                labels = phrases.setdefault(without_articles(analyzer.lemma_text(str(phrase))), [])
                labels += [label] if label not in labels else []
        self.matcher = PhraseMatcher(phrases)
        self.stopwords = {analyzer.lemma(w.lower()) for w in stopwords} | {w.lower() for w in stopwords}

    def of_lemmas(self, lemma_text: str) -> FrozenSet[str]:
        lemma_text = without_articles(lemma_text)
        found = set()
        covered = [False] * len(lemma_text)
        for labels, _, start, end in self.matcher.find(lemma_text):
            found.update(labels)
            for i in range(start, end):
                covered[i] = True
        position = 0
        for word in lemma_text.split(" "):
            if word and not covered[position] and word not in self.stopwords and word.isalpha() and len(word) > 1:
                found.add(WORD + word)
            position += len(word) + 1
        return frozenset(found)

    def of_text(self, text: str) -> FrozenSet[str]:
        return self.of_lemmas(self.analyzer.lemma_text(text))


class FactIndex:
    """Every clause of every fact, as concepts, with inverse document frequencies."""

    def __init__(self, kb: KnowledgeBase) -> None:
        lexicon = kb.lexicon
        self.kb = kb
        self.concepts = Concepts(kb.analyzer, lexicon["concepts"], lexicon["stopwords"])
        self.entries: List[Tuple[Fact, Clause, FrozenSet[str]]] = []
        self.whole: List[Tuple[Fact, Clause, FrozenSet[str]]] = []  # one entry per fact, all its clauses' concepts
        for fact in kb.facts.values():
            parts = [(fact, clause, self.concepts.of_text(clause.text)) for clause in fact.clauses]
            self.entries += parts
            union = frozenset().union(*(concepts for _, _, concepts in parts))
            self.whole.append((fact, parts[0][1], union))
        counts = Counter(c for _, _, concepts in self.entries for c in concepts)
        total = len(self.entries)
        self.idf: Dict[str, float] = {c: math.log((total + 1) / (n + 0.5)) for c, n in counts.items()}
        self.unseen_idf = math.log((total + 1) / 0.5)

    def weight(self, concept: str) -> float:
        return self.idf.get(concept, self.unseen_idf)

    def search(
        self,
        query: FrozenSet[str],
        roles: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
        whole: bool = False,
    ) -> List[Hit]:
        """Clauses (or, with `whole`, whole sentences) sharing concepts with the query, best first; only the given
        roles' and kinds' facts if set."""
        if not query:
            return []
        total = sum(self.weight(c) for c in query)
        hits: List[Hit] = []
        for fact, clause, concepts in self.whole if whole else self.entries:
            if roles is not None and fact.role not in roles:
                continue
            if kinds is not None and fact.kind not in kinds:
                continue
            shared = query & concepts
            if not shared:
                continue
            score = sum(self.weight(c) for c in shared)
            hits.append(Hit(fact, clause, score, score / total, len(concepts), shared))
        hits.sort(key=lambda h: (-h.score, h.size))
        return hits

    @cached_property
    def known_concepts(self) -> FrozenSet[str]:
        return frozenset(self.idf)
