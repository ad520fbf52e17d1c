"""Loads the article's knowledge: every sentence and bullet as a fact with an id and a section, the figures as
numbers, the vocabulary to understand questions with, and the reply wording.

The YAML files under `knowledge/` are the single source of truth (article.yml: content and figures; lexicon.yml:
vocabulary; replies.yml: wording): nothing the assistant states is typed in code.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

from settings import Settings

ARTICLE_FILE = "article.yml"
LEXICON_FILE = "lexicon.yml"
REPLIES_FILE = "replies.yml"
KNOWLEDGE_FILES = (ARTICLE_FILE, LEXICON_FILE, REPLIES_FILE)


def knowledge_dir() -> Path:
    """Where the knowledge files are: KNOWLEDGE_DIR (default knowledge/ next to settings.py), from the settings."""
    return Settings.from_env().knowledge_dir


ROLE_IDS: Tuple[str, str] = ("account_manager", "project_manager")
BOTH = "both"
OTHER = "other"
PREVIOUS = "previous"

_TOKEN = re.compile(r"[a-z0-9$%.]+(?:'[a-z]+)?", re.IGNORECASE)
FUZZY_CUTOFF = 0.86
FUZZY_MIN_CHARS = 7
FUZZY_MAX_LENGTH_GAP = 2
FIND_CACHE_SIZE = 4096
CLOSE_MATCH_MEMORY = 50000  # word groups whose nearest known phrase is remembered (a few MB at most)
# Words in an article sentence that qualify what it says, in the order they are looked for.
HEDGES = ("usually not", "not always", "often", "usually", "typically", "mostly", "occasionally", "tend", "may")


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
class Clause:
    """A part of a fact's sentence that can be true or false on its own ("usually not involved in sales")."""

    text: str
    negative: bool
    hedge: str | None


@dataclass(frozen=True)
class Fact:
    """One sentence or bullet of the article."""

    id: str
    text: str
    section: str  # a key of `sections`
    kind: str  # intro, definition, responsibility, skill, difference, outlook, summary, fit, alignment, salary
    role: str | None  # the role it is about, None for both or neither
    index: int = 0  # 1-based position in its list
    aspect: str | None = None  # the difference it states

    @cached_property
    def clauses(self) -> Tuple[Clause, ...]:
        return tuple(_clause(part) for part in split_clauses(self.text))


_CLAUSE_SPLITS = (
    re.compile(r"^while (?P<a>.+?), (?P<b>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<a>.+?),? but (?P<b>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<a>.+?), while (?P<b>.+)$", re.IGNORECASE),
)


def split_clauses(text: str) -> List[str]:
    """The parts of a sentence joined by "while" or "but", each of which can be confirmed or denied."""
    for pattern in _CLAUSE_SPLITS:
        match = pattern.match(text.strip())
        if match:
            return split_clauses(match.group("a")) + split_clauses(match.group("b"))
    return [text.strip()]


def _clause(text: str) -> Clause:
    lower = text.lower()
    negative = re.search(r"\b(not|never|no)\b", lower) is not None
    hedge = next((h for h in HEDGES if re.search(rf"\b{h}\b", lower)), None)
    if negative and hedge not in ("usually not", "not always"):
        hedge = None
    return Clause(text=text, negative=negative, hedge=hedge)


@dataclass(frozen=True)
class Role:
    id: str
    key: str
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
    outlook_figures: Dict[str, Any]
    fit: str

    @property
    def outlook(self) -> str:
        return self.outlook_figures["text"]


@dataclass(frozen=True)
class Difference:
    id: str
    title: str
    number: int
    summary: str
    synonyms: Tuple[str, ...]
    by_role: Dict[str, str]


@dataclass(eq=False)  # hashed by identity: one parser and composer are cached per knowledge base
class KnowledgeBase:
    """The article as data, plus the phrase tables used to understand questions about it."""

    raw: Dict[str, Any]
    roles: Dict[str, Role]
    differences: Dict[str, Difference]
    not_covered: Dict[str, Dict[str, Any]]
    facts: Dict[str, Fact] = field(default_factory=dict)
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
    def answers(self) -> Dict[str, Any]:
        return self.raw["answers"]

    @property
    def topics(self) -> Dict[str, Dict[str, str]]:
        return self.raw["topics"]

    @property
    def lexicon(self) -> Dict[str, Any]:
        return self.raw["lexicon"]

    def other_role(self, role_id: str) -> str:
        return ROLE_IDS[1] if role_id == ROLE_IDS[0] else ROLE_IDS[0]

    def role_by_key(self, key: str) -> Role:
        return next(role for role in self.roles.values() if role.key == key)

    def section_path(self, section_key: str, sub: str | None = None) -> str:
        """Human-readable location in the article, e.g. "Differences Between … → 2. Timeline"."""
        name = self.sections[section_key]
        return self.answers["section_sub"].format(section=name, sub=sub) if sub else name

    def fact_section(self, fact: Fact) -> str:
        if fact.aspect:
            diff = self.differences[fact.aspect]
            return self.section_path("differences", f"{diff.number}. {diff.title}")
        return self.section_path(fact.section)

    def source_line(self, section_key: str | None = None, sub: str | None = None) -> str:
        return self.answers["source_line"].format(publisher=self.source["publisher"], title=self.source["title"])

    def facts_of(self, kind: str, role: str | None = None) -> List[Fact]:
        return [f for f in self.facts.values() if f.kind == kind and (role is None or f.role == role)]

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
            self._found[key] = [hit for _, _, hit in self.find_spans(label, text, fuzzy)]
        return list(self._found[key])

    def find_spans(self, label: str, text: str, fuzzy: bool = True) -> List[Tuple[int, int, str]]:
        """(first word, end word, canonical id) of each phrase named, in order, over `_normalise(text)`'s words."""
        table = self._phrases.get(label, {})
        words = _normalise(text).split()
        raw_words = _TOKEN.findall(text.replace("-", " "))
        found: List[Tuple[int, int, str]] = []
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
                        found.append((start, start + size, hit))
                        for i in range(start, start + size):
                            taken[i] = True
        ordered: List[Tuple[int, int, str]] = []
        seen: set = set()
        for span in sorted(found):
            if span[2] not in seen:
                seen.add(span[2])
                ordered.append(span)
        return ordered

    def _close_match(self, label: str, gram: str, size: int) -> str | None:
        """A known phrase of as many words and nearly the same length, spelt nearly the same ("acount manger").
        Remembered per (label, words): the same words come back in every message, and difflib is the costliest
        step of reading one (two thirds of the time spent understanding a message, measured with cProfile)."""
        if size < 2 or len(gram) < FUZZY_MIN_CHARS:
            return None
        key = (label, gram)
        if key not in self._close_matches:
            if len(self._close_matches) >= CLOSE_MATCH_MEMORY:
                self._close_matches.clear()
            self._close_matches[key] = self._closest_phrase(label, gram, size)
        return self._close_matches[key]

    @cached_property
    def _close_matches(self) -> Dict[Tuple[str, str], str | None]:
        return {}

    def _closest_phrase(self, label: str, gram: str, size: int) -> str | None:
        candidates = [
            k
            for k in self._by_size[label].get(size, ())
            if abs(len(k) - len(gram)) <= FUZZY_MAX_LENGTH_GAP
            # only role names are typo-corrected: "between the" must not become "between them"
            and (label != "role" or self._phrases[label][k] in ROLE_IDS)
        ]
        close = difflib.get_close_matches(gram, candidates, n=1, cutoff=FUZZY_CUTOFF)
        return self._phrases[label][close[0]] if close else None

    def _short_form_hit(self, raw_words: Sequence[str], words: Sequence[str], start: int, size: int) -> str | None:
        if size != 1 or start >= len(raw_words):
            return None
        raw = raw_words[start]
        if raw in self._short_forms:  # exact case: "AM", "PMs"
            return self._short_forms[raw]
        lowered = {k.lower(): v for k, v in self._short_forms.items()}
        context = self.lexicon["short_form_context"]
        if words[start] in lowered and start > 0 and words[start - 1] in context:
            return lowered[words[start]]
        following = self.lexicon.get("short_form_next", ())
        if words[start] in lowered and start + 1 < len(words) and words[start + 1] in following:
            return lowered[words[start]]  # "the highest am salary", "am skills"
        if words[start] in lowered and words[start] not in ("am", "ams"):  # "pm" is never a verb
            return lowered[words[start]]
        return None

    # ---- the understanding machinery, built once per knowledge base -----------------------------------------
    @cached_property
    def analyzer(self):  # -> actions.language.Analyzer
        from actions.language import Analyzer

        lexicon = self.lexicon
        vocabulary = set()
        for text in [f.text for f in self.facts.values()] + [yaml.safe_dump(lexicon)]:
            vocabulary.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
        return Analyzer(lexicon["rewrites"], lexicon["noise"], vocabulary, lexicon.get("lemma_overrides"))


def phrase_sources(raw: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    """Every (label, phrase, canonical id) the lexicon names, plurals of role names included."""
    lexicon = raw["lexicon"]
    sources: List[Tuple[str, str, str]] = []
    for role_id, role in lexicon["roles"].items():
        for phrase in role["synonyms"]:
            sources += [("role", variant, role_id) for variant in plural_variants(phrase)]
    for scope, phrases in lexicon.get("role_scopes", {}).items():
        sources += [("role", phrase, scope) for phrase in phrases]
    for diff_id, diff in raw["differences"].items():
        sources += [("aspect", phrase, diff_id) for phrase in list(lexicon["aspects"][diff_id]) + [diff["title"]]]
    for key, item in lexicon.get("not_covered", {}).items():
        sources += [("not_covered", phrase, key) for phrase in item["synonyms"]]
    return sources


class WordsLoader(yaml.SafeLoader):
    """YAML without booleans: in a word list, `yes`, `no` and `on` are words."""


WordsLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_raw(directory: Path | None = None) -> Dict[str, Any]:
    """The three knowledge files as one dict: the article's keys, the replies' keys, and `lexicon`."""
    base = Path(directory or knowledge_dir())

    def read(name: str, loader: type = yaml.SafeLoader) -> Dict[str, Any]:
        with open(base / name, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader) or {}

    raw = read(ARTICLE_FILE)
    raw.update(read(REPLIES_FILE))
    raw["lexicon"] = read(LEXICON_FILE, WordsLoader)
    raw["not_covered"] = raw["lexicon"]["not_covered"]
    return raw


def _facts(raw: Dict[str, Any], roles: Dict[str, Role], differences: Dict[str, Difference]) -> Dict[str, Fact]:
    """Every sentence and bullet of the article as a Fact with a stable id."""
    facts: List[Fact] = []
    for i, text in enumerate(raw["intro"], 1):
        facts.append(Fact(f"intro.{i}", text, "intro", "intro", None, i))
    for role in roles.values():
        for kind, section, items in (
            ("definition", "overview", role.definition),
            ("responsibility", "responsibilities", role.responsibilities),
            ("skill", "skills", role.skills),
        ):
            facts += [Fact(f"{role.key}.{kind}.{i}", t, section, kind, role.id, i) for i, t in enumerate(items, 1)]
        facts.append(Fact(f"{role.key}.outlook", role.outlook, "outlook_salary", "outlook", role.id))
        facts.append(Fact(f"{role.key}.fit", role.fit, "fit", "fit", role.id))
    for diff in sorted(differences.values(), key=lambda d: d.number):
        for role in roles.values():
            facts.append(
                Fact(
                    f"difference.{diff.id}.{role.key}",
                    diff.by_role[role.id],
                    "differences",
                    "difference",
                    role.id,
                    diff.number,
                    aspect=diff.id,
                )
            )
    for key in ("summary", "closing"):
        facts.append(Fact(f"outlook.{key}", raw["outlook"][key], "outlook_salary", "summary", None))
    facts.append(Fact("fit.intro", raw["fit"]["intro"], "fit", "fit", None))
    for i, text in enumerate(raw["alignment"], 1):
        facts.append(Fact(f"alignment.{i}", text, "alignment", "alignment", None, i))
    return {fact.id: fact for fact in facts}


def load(directory: Path | None = None) -> KnowledgeBase:
    """Read and check the knowledge files; fails loudly on a missing fact rather than answering without it."""
    raw = read_raw(directory)
    lexicon = raw["lexicon"]
    roles = {
        role_id: Role(
            id=role_id,
            key=data["key"],
            title=data["title"],
            name=data["name"],
            plural=data["plural"],
            short=data["short"],
            article=data["article"],
            synonyms=tuple(lexicon["roles"][role_id]["synonyms"]),
            short_forms=tuple(lexicon["roles"][role_id]["short_forms"]),
            definition=tuple(data["definition"]),
            responsibilities=tuple(data["responsibilities"]),
            skills=tuple(data["skills"]),
            salary={k: int(data["salary"][k]) for k in ("average", "low", "high")},
            outlook_figures=dict(data["outlook"]),
            fit=data["fit"],
        )
        for role_id, data in raw["roles"].items()
    }
    if tuple(roles) != ROLE_IDS:
        raise ValueError(f"{directory}: roles must be {ROLE_IDS}, found {tuple(roles)}")
    differences = {
        diff_id: Difference(
            id=diff_id,
            title=data["title"],
            number=int(data["number"]),
            summary=data["summary"],
            synonyms=tuple(lexicon["aspects"][diff_id]),
            by_role={role_id: data[role_id] for role_id in ROLE_IDS},
        )
        for diff_id, data in raw["differences"].items()
    }
    kb = KnowledgeBase(raw=raw, roles=roles, differences=differences, not_covered=raw["not_covered"])
    kb.facts = _facts(raw, roles, differences)
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
    context = kb.lexicon["short_form_context"]
    for label, phrase, canonical in phrase_sources(kb.raw):
        for variant in {phrase.lower(), _normalise(phrase)}:
            patterns.append({"label": label, "pattern": variant, "id": canonical})
    for form, role_id in kb._short_forms.items():
        patterns.append({"label": "role", "pattern": [{"TEXT": form}], "id": role_id})
        if form.lower() in ("am", "ams"):  # lowercase "am" is also a verb: only after a determiner
            context_pattern = [{"LOWER": {"IN": list(context)}}, {"LOWER": form.lower()}]
            patterns.append({"label": "role", "pattern": context_pattern, "id": role_id})
        else:
            patterns.append({"label": "role", "pattern": [{"LOWER": form.lower()}], "id": role_id})
    return patterns
