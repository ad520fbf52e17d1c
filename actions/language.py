"""Turns what people type into tokens the rest of the assistant can match: chat style undone, lemmas, typos fixed.

People write "@careerbot acct mgr $$ lol :thinking_face:" as often as "What does an account manager earn?". Both
must mean the same, so every message goes through one pipeline: mentions, emoji and :shortcodes: removed, chat
shorthand rewritten (knowledge/lexicon.yml `rewrites`), contractions expanded, words lemmatised with spaCy's
English lookup table (read straight from spacy-lookups-data: no model to load), and unknown words corrected to the
nearest word of the article or the lexicon. Phrases from the lexicon are lemmatised the same way, so "earns" in a
question matches "earn" in the lexicon.
"""

from __future__ import annotations

import difflib
import gzip
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Sequence, Tuple

# Contractions expanded before tokenising; a remaining "'s" is a possessive and dropped ("a PM's salary"), or, at
# the end of a part, stands for what was asked ("…, and a PM's?" is "a PM one").
_CONTRACTIONS = [
    (r"\b(what|who|it|that|there|here|how|where|he|she|when|why)'s\b", r"\1 is"),
    (r"\blet's\b", "let us"),
    (r"\bcan't\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bain't\b", "is not"),
    (r"n't\b", " not"),
    (r"\bi'm\b", "i am"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    # "what's an AM's salary, and a PM's?": "a PM one"
    (r"(?<!\brole)(?<!\bone)'s(?=\s*(?:[,?!;]|$|\s(?:and|or|too)\b))", " one"),
    (r"'s\b", ""),
    (r"s'(?=\s|$)", "s"),
]
_CONTRACTION_RES = [(re.compile(p, re.IGNORECASE), r) for p, r in _CONTRACTIONS]
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>|^\s*@[\w.-]+[:,]?")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_TOKEN = re.compile(
    r"\$|%|#|\?|\d+(?:st|nd|rd|th)\b|\d+(?:[.,]\d+)*(?:\s?(?:k|m|bn)\b)?|[^\W\d_]+(?:\.[^\W\d_]\.?)*", re.UNICODE
)
_HYPHEN = re.compile(r"(?<=[^\W\d_])[-/](?=[^\W\d_])")
TYPO_MIN_CHARS = 4
TYPO_CUTOFF = 0.8


@dataclass(frozen=True)
class Token:
    text: str  # as typed (after shorthand rewrites), case kept
    lower: str  # lowercase, typo corrected
    lemma: str


def _lookup_table_path() -> Path | None:
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "en_lemma_lookup.json.gz"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def lemma_table() -> Dict[str, str]:
    """spaCy's English lemma lookup table (word -> lemma); empty if spacy-lookups-data is not installed."""
    path = _lookup_table_path()
    if path is None:
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def strip_chat(text: str) -> str:
    """Removes a leading @mention or Slack <@U…> mention, :shortcodes: and emoji; keeps everything else."""
    text = _MENTION.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    return "".join(" " if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") else ch for ch in text)


def expand_contractions(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    for pattern, replacement in _CONTRACTION_RES:
        text = pattern.sub(replacement, text)
    return text


class Analyzer:
    """The message pipeline, built once from the lexicon and the words of the article."""

    def __init__(
        self,
        rewrites: Mapping[str, str],
        noise: Iterable[str],
        vocabulary: Iterable[str],
        lemma_overrides: Mapping[str, str] | None = None,
    ) -> None:
        self.lemmas = dict(lemma_table())
        self.lemmas.update(lemma_overrides or {})
        ordered = sorted(rewrites.items(), key=lambda kv: -len(kv[0]))
        self._rewrites = [
            (re.compile(r"(?<![\w$])" + re.escape(src) + r"(?![\w$])", re.IGNORECASE), dst) for src, dst in ordered
        ]
        self.noise = {n.lower() for n in noise}
        self.vocabulary = {w for w in vocabulary if w.isalpha()}
        self._known = self.vocabulary | set(self.lemmas) | set(self.lemmas.values())
        self._by_initial: Dict[str, List[str]] = {}
        for word in self.vocabulary:
            if len(word) >= TYPO_MIN_CHARS:
                self._by_initial.setdefault(word[0], []).append(word)
        self._corrections: Dict[str, str] = {}

    # ---- cleaning ----------------------------------------------------------------------------------------------
    def clean(self, text: str) -> str:
        """The message as a sentence again: chat decorations gone, shorthand rewritten, contractions expanded."""
        text = strip_chat(text).replace("’", "'").replace("‘", "'")
        for pattern, replacement in self._rewrites:
            text = pattern.sub(replacement, text)
        text = _HYPHEN.sub(" ", expand_contractions(text))
        return re.sub(r"\s+", " ", text).strip()

    def is_gibberish(self, text: str) -> bool:
        """No word of it is English, the article's or the lexicon's ("qwpoeiru zxmcnv"): not a question to decline."""
        words = re.findall(r"[a-z]+", text.lower())
        return bool(words) and not any(w in self._known or self.correct(w) != w for w in words)

    # ---- tokens ------------------------------------------------------------------------------------------------
    def correct(self, word: str) -> str:
        """The nearest article or lexicon word for an unknown word of 4+ letters ("salery" -> "salary")."""
        if len(word) < TYPO_MIN_CHARS or not word.isalpha() or word in self._known:
            return word
        if word not in self._corrections:
            candidates = self._by_initial.get(word[0], [])
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=TYPO_CUTOFF)
            self._corrections[word] = close[0] if close else word
            if len(self._corrections) > 20000:
                self._corrections.clear()
        return self._corrections.get(word, word)

    def lemma(self, word: str) -> str:
        return self.lemmas.get(word, word)

    def tokens(self, text: str, drop_noise: bool = True) -> List[Token]:
        out: List[Token] = []
        for match in _TOKEN.finditer(text):
            raw = match.group(0)
            lower = raw.lower().replace(" ", "")
            if drop_noise and lower in self.noise:
                continue
            lower = self.correct(lower)
            out.append(Token(raw, lower, self.lemma(lower)))
        return out

    def lemma_text(self, text: str) -> str:
        """A phrase as the matchers see it: lowercase lemmas joined by single spaces."""
        return " ".join(t.lemma for t in self.tokens(self.clean(text), drop_noise=False))


class PhraseMatcher:
    """Finds lexicon phrases (already lemmatised) in a lemma text, whole words only, longest first."""

    def __init__(self, phrases: Mapping[str, Sequence[str]]) -> None:
        # phrase (lemma text) -> labels
        self.labels = {p: tuple(labels) for p, labels in phrases.items() if p}
        ordered = sorted(self.labels, key=len, reverse=True)
        body = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
        self._regex = re.compile(rf"(?<!\S)(?:{body})(?!\S)")

    def find(self, lemma_text: str) -> List[Tuple[Tuple[str, ...], str, int, int]]:
        """(labels, phrase, start char, end char) for every non-overlapping match, left to right."""
        return [(self.labels[m.group(0)], m.group(0), m.start(), m.end()) for m in self._regex.finditer(lemma_text)]

    def labels_in(self, lemma_text: str) -> List[str]:
        """Every label named, in order of first appearance."""
        seen: List[str] = []
        for labels, *_ in self.find(lemma_text):
            seen += [label for label in labels if label not in seen]
        return seen

    def __contains__(self, lemma_text: str) -> bool:
        return self._regex.search(lemma_text) is not None


ARTICLES = {"a", "an", "the"}


def build_matcher(
    analyzer: Analyzer, groups: Mapping[str, Sequence[str]], drop_articles: bool = False
) -> PhraseMatcher:
    """A matcher over {label: [phrases]} with each phrase lemmatised like a message (and without "a", "an", "the"
    when it is matched against text without them); a phrase may have several labels."""
    phrases: Dict[str, List[str]] = {}
    for label, items in groups.items():
        for phrase in items:
            lemmas = analyzer.lemma_text(str(phrase))
            if drop_articles:
                lemmas = " ".join(w for w in lemmas.split() if w not in ARTICLES)
            labels = phrases.setdefault(lemmas, [])
            if label not in labels:
                labels.append(label)
    return PhraseMatcher(phrases)


def phrase_set(analyzer: Analyzer, phrases: Iterable[str]) -> PhraseMatcher:
    """A matcher for one list of phrases (label "yes")."""
    return build_matcher(analyzer, {"yes": list(phrases)})
