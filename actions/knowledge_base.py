"""Loads the article's structured knowledge and finds the roles, aspects and uncovered subjects a message names.

The YAML files under `knowledge/` are the single source of truth: nothing the assistant states is typed in code.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

KNOWLEDGE_DIR = Path(os.environ.get("KNOWLEDGE_DIR", Path(__file__).resolve().parent.parent / "knowledge"))
ARTICLE_FILE = "article.yml"

ROLE_IDS: Tuple[str, str] = ("account_manager", "project_manager")
BOTH = "both"
OTHER = "other"
PREVIOUS = "previous"

# Words that may stand before a lowercase short form ("an am") without it being the verb "am".
_SHORT_FORM_CONTEXT = ("an", "a", "the", "for", "about", "vs", "and", "or", "of", "as", "between", "versus")
_TOKEN = re.compile(r"[a-z0-9$%.]+(?:'[a-z]+)?", re.IGNORECASE)
FUZZY_CUTOFF = 0.86
FUZZY_MIN_CHARS = 7
FUZZY_MAX_LENGTH_GAP = 2
FIND_CACHE_SIZE = 4096


def _normalise(text: str) -> str:
    return " ".join(t.lower().strip(".") for t in _TOKEN.findall(text.replace("-", " ")))


def plural_variants(phrase: str) -> List[str]:
    """A phrase and the plural of its last word, so "project manager" also matches "project managers"."""
    variants = [phrase]
    last = phrase.split()[-1]
    if not last.endswith("s") and last.isalpha():
        variants.append(phrase + "s")
    return variants


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    name: str
    plural: str
    short: str
    article: str
    synonyms: Tuple[str, ...]
    short_forms: Tuple[str, ...]
    definition: Tuple[str, ...]
    responsibilities: Tuple[str, ...]
    skills: Tuple[str, ...]
    salary: Dict[str, int]
    outlook: str
    fit: str


@dataclass(frozen=True)
class Difference:
    id: str
    title: str
    number: int
    summary: str
    synonyms: Tuple[str, ...]
    by_role: Dict[str, str]


@dataclass
class KnowledgeBase:
    """The article as data, plus the phrase tables used to understand questions about it."""

    raw: Dict[str, Any]
    roles: Dict[str, Role]
    differences: Dict[str, Difference]
    not_covered: Dict[str, Dict[str, Any]]
    _phrases: Dict[str, Dict[str, str]] = field(default_factory=dict)
    _short_forms: Dict[str, str] = field(default_factory=dict)
    _by_size: Dict[str, Dict[int, List[str]]] = field(default_factory=dict)
    _found: Dict[Tuple[str, str, bool], List[str]] = field(default_factory=dict, repr=False)

    # ---- plain accessors -------------------------------------------------------------------------------------
    @property
    def source(self) -> Dict[str, str]:
        return self.raw["source"]

    @property
    def sections(self) -> Dict[str, str]:
        return self.raw["sections"]

    @property
    def answers(self) -> Dict[str, str]:
        return self.raw["answers"]

    @property
    def topics(self) -> Dict[str, Dict[str, str]]:
        return self.raw["topics"]

    def other_role(self, role_id: str) -> str:
        return ROLE_IDS[1] if role_id == ROLE_IDS[0] else ROLE_IDS[0]

    def section_path(self, section_key: str, sub: str | None = None) -> str:
        """Human-readable location in the article, e.g. "Differences Between … → 2. Timeline"."""
        name = self.sections[section_key]
        return f"{name} → {sub}" if sub else name

    def source_line(self, section_key: str, sub: str | None = None) -> str:
        return self.answers["source_line"].format(
            publisher=self.source["publisher"], title=self.source["title"], section=self.section_path(section_key, sub)
        )

    # ---- understanding ---------------------------------------------------------------------------------------
    def phrase_table(self, label: str) -> Dict[str, str]:
        """Normalised phrase -> canonical id, for one entity label (role, aspect, not_covered)."""
        return self._phrases[label]

    def canonical(self, label: str, text: str) -> str | None:
        """The canonical id an entity's text (or a button payload's id) stands for."""
        hits = self.find(label, text)
        return hits[0] if hits else None

    def find(self, label: str, text: str, fuzzy: bool = True) -> List[str]:
        """Canonical ids named anywhere in free text, in order of appearance; typo-tolerant for long phrases."""
        key = (label, text, fuzzy)
        if key not in self._found:
            if len(self._found) > FIND_CACHE_SIZE:
                self._found.clear()
            self._found[key] = self._find(label, text, fuzzy)
        return list(self._found[key])

    def _find(self, label: str, text: str, fuzzy: bool) -> List[str]:
        table = self._phrases.get(label, {})
        words = _normalise(text).split()
        raw_words = _TOKEN.findall(text.replace("-", " "))
        found: List[Tuple[int, str]] = []
        taken = [False] * len(words)
        passes = (False, True) if fuzzy else (False,)
        for typo_pass in passes:
            for size in range(4, 0, -1):
                for start in range(0, len(words) - size + 1):
                    if any(taken[start : start + size]):
                        continue
                    gram = " ".join(words[start : start + size])
                    if typo_pass:
                        hit = self._close_match(label, gram, size)
                    else:
                        hit = table.get(gram)
                        if hit is None and label == "role":
                            hit = self._short_form_hit(raw_words, words, start, size)
                    if hit is not None:
                        found.append((start, hit))
                        for i in range(start, start + size):
                            taken[i] = True
        ordered: List[str] = []
        for _, hit in sorted(found):
            if hit not in ordered:
                ordered.append(hit)
        return ordered

    def _close_match(self, label: str, gram: str, size: int) -> str | None:
        """A known phrase of as many words and nearly the same length, spelt nearly the same ("acount manger")."""
        if size < 2 or len(gram) < FUZZY_MIN_CHARS:
            return None
        candidates = [k for k in self._by_size[label].get(size, ()) if abs(len(k) - len(gram)) <= FUZZY_MAX_LENGTH_GAP]
        close = difflib.get_close_matches(gram, candidates, n=1, cutoff=FUZZY_CUTOFF)
        return self._phrases[label][close[0]] if close else None

    def _short_form_hit(self, raw_words: Sequence[str], words: Sequence[str], start: int, size: int) -> str | None:
        if size != 1 or start >= len(raw_words):
            return None
        raw = raw_words[start]
        if raw in self._short_forms:  # exact case: "AM", "PMs"
            return self._short_forms[raw]
        lowered = {k.lower(): v for k, v in self._short_forms.items()}
        if words[start] in lowered and start > 0 and words[start - 1] in _SHORT_FORM_CONTEXT:
            return lowered[words[start]]
        if words[start] in lowered and words[start] not in ("am", "ams"):  # "pm" is never a verb
            return lowered[words[start]]
        return None


def phrase_sources(raw: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    """Every (label, phrase, canonical id) the knowledge file names, plurals of role names included."""
    sources: List[Tuple[str, str, str]] = []
    for role_id, role in raw["roles"].items():
        for phrase in role["synonyms"]:
            sources += [("role", variant, role_id) for variant in plural_variants(phrase)]
    for scope, phrases in raw.get("role_scopes", {}).items():
        sources += [("role", phrase, scope) for phrase in phrases]
    for diff_id, diff in raw["differences"].items():
        sources += [("aspect", phrase, diff_id) for phrase in list(diff["synonyms"]) + [diff["title"]]]
    for key, item in raw.get("not_covered", {}).items():
        sources += [("not_covered", phrase, key) for phrase in item["synonyms"]]
    return sources


def load(directory: Path | None = None) -> KnowledgeBase:
    """Read and check the knowledge file; fails loudly on a missing fact rather than answering without it."""
    path = Path(directory or KNOWLEDGE_DIR) / ARTICLE_FILE
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    roles = {
        role_id: Role(
            id=role_id,
            title=data["title"],
            name=data["name"],
            plural=data["plural"],
            short=data["short"],
            article=data["article"],
            synonyms=tuple(data["synonyms"]),
            short_forms=tuple(data["short_forms"]),
            definition=tuple(data["definition"]),
            responsibilities=tuple(data["responsibilities"]),
            skills=tuple(data["skills"]),
            salary={k: int(data["salary"][k]) for k in ("average", "low", "high")},
            outlook=data["outlook"],
            fit=data["fit"],
        )
        for role_id, data in raw["roles"].items()
    }
    if tuple(roles) != ROLE_IDS:
        raise ValueError(f"{path}: roles must be {ROLE_IDS}, found {tuple(roles)}")
    differences = {
        diff_id: Difference(
            id=diff_id,
            title=data["title"],
            number=int(data["number"]),
            summary=data["summary"],
            synonyms=tuple(data["synonyms"]),
            by_role={role_id: data[role_id] for role_id in ROLE_IDS},
        )
        for diff_id, data in raw["differences"].items()
    }
    kb = KnowledgeBase(raw=raw, roles=roles, differences=differences, not_covered=raw["not_covered"])
    for label, phrase, canonical in phrase_sources(raw):
        kb._phrases.setdefault(label, {}).setdefault(_normalise(phrase), canonical)
    for label, table in kb._phrases.items():
        for phrase in table:
            kb._by_size.setdefault(label, {}).setdefault(len(phrase.split()), []).append(phrase)
    kb._short_forms = {
        variant: role.id
        for role in roles.values()
        for form in role.short_forms
        for variant in (form, form.replace(".", ""))
    }
    return kb


@lru_cache(maxsize=1)
def get() -> KnowledgeBase:
    """The knowledge base, read once per action-server process."""
    return load()


def entity_patterns(kb: KnowledgeBase) -> List[Dict[str, Any]]:
    """Patterns for the spaCy EntityRuler, generated from the same phrases the action server understands."""
    patterns: List[Dict[str, Any]] = []
    for label, phrase, canonical in phrase_sources(kb.raw):
        for variant in {phrase.lower(), _normalise(phrase)}:
            patterns.append({"label": label, "pattern": variant, "id": canonical})
    for form, role_id in kb._short_forms.items():
        patterns.append({"label": "role", "pattern": [{"TEXT": form}], "id": role_id})
        if form.lower() in ("am", "ams"):  # lowercase "am" is also a verb: only after a determiner
            context = [{"LOWER": {"IN": list(_SHORT_FORM_CONTEXT)}}, {"LOWER": form.lower()}]
            patterns.append({"label": "role", "pattern": context, "id": role_id})
        else:
            patterns.append({"label": "role", "pattern": [{"LOWER": form.lower()}], "id": role_id})
    return patterns
