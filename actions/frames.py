"""Understands a message as one question frame per part: what is asked (look up, which role, yes/no, check a
claim, compute, count, ...), about which roles, which topic, fact or figure, with which numbers.

"What does a PM earn, and is demand growing?" is two frames; "no, I meant project managers" is the last frame again
for the other role; "the fourth one" is an item of the list just shown. Every word list lives in
knowledge/lexicon.yml. The frames are answered by actions/compose.py; the conversation's memory (last frames, the
lists shown) is actions/context.py.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any, Dict, FrozenSet, List, Sequence, Tuple

from actions.figures import figure, show
from actions.knowledge_base import BOTH, OTHER, PREVIOUS, ROLE_IDS, Fact, KnowledgeBase, _normalise
from actions.language import ARTICLES, PhraseMatcher, build_matcher, phrase_set
from actions.retrieval import FactIndex


def _alternatives(phrases: Sequence[str]) -> str:
    """A regex alternation of phrases, longest first, so "except for" wins over "except"."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


# What a frame asks for.
# "make" as earning: at the end, or before a figure or a comparison ("make more", "make 90k", "make a year")
EARN_MAKE = re.compile(
    r"\bmak(?:e|es|ing)\b(?=\s*(?:$|[?.!,]|more|less|the most|most|over|under|about|around|roughly|on average|"
    r"per|a year|annually|\$|\d|than|in a year|each year|like \d|like \$|together|combined|in total))"
)
COMPARATIVE_WORDS = {"longer", "shorter", "more", "less", "most", "least", "bigger", "closer", "frequent", "often"}
RECALL_START = re.compile(
    r"^(?:ok|okay|so|fine|right|and|back)?\s*(?:-\s*)?(?:(?:earlier |before )?you (?:said|mentioned|listed|told me)\b"
    r"|(?:let'?s |let us )?(?:go|going|get|come|coming) back to\b)"
)
# "PMs make 20k more?", "AMs earn $15,000 less", "20k more than AMs": an amount more or less, i.e. a gap (not "20k more
# than the average")
GAP_CLAIM = re.compile(
    r"(?:\$\s*)?\d[\d,.]*\s*(?:k|grand|thousand|dollars|bucks|usd)?\s+(?:more|less|extra|higher|lower)\b"
    r"(?!\s+than\b(?!\s+(?:an?\s+|the\s+)?(?:ams?|pms?|account|project|they|them)\b))"
)
# "and resources?", "what about PMs and sales": the last question again, about what follows
ELLIPTIC_FOLLOW_UP = re.compile(r"^\W*(?:\w+[.!,]\s+)?(?:and|and what about|what about|how about|and how about)\b")
# Words after a number that make it a number of jobs ("23,800 new account manager roles")
JOBS_AFTER = re.compile(
    r"\s*(?:new\s+)?(?:(?:account|project)\s+manager(?:ment)?\s+|am\s+|pm\s+)?(?:roles?|jobs?|positions?|openings?)\b"
)
# "you mentioned communication there", "u said": a reference to a word of the last answer
MENTIONS = re.compile(r"\b(?:you|u) (?:mentioned|said|listed)\b")
# A second part starting with one of these may repeat the first part's question ("…, and between the tops?")
GAPPING_PREPOSITIONS = {"between", "for", "of", "in"}
# Words for the article's figures themselves ("are these numbers UK figures?")
FIGURE_WORDS = {"figure", "figures", "number", "numbers", "salaries", "averages", "these", "those", "data", "stats"}
# Words for the article's figures themselves ("are these numbers UK figures?")
FIGURE_WORDS = {"figure", "figures", "number", "numbers", "salaries", "averages", "these", "those", "data", "stats"}
# "is it a BLS report?": the article taken for the source's own publication
REPORT_WORDS = {"report", "study", "publication", "paper", "survey", "document", "dataset", "data"}
# "as a percentage of the AM salary?", "and as a share of the PM one?": the last figure, as a share
AS_SHARE = re.compile(r"^\W*(?:and\s+|so\s+|ok\s+)?(?:what about\s+|how about\s+)?as\s+(?:a|an)\s+\w+")
# "is that below average?", "is it inside the PM range?": a pronoun standing for a figure, then a comparison
THAT_COMPARED = re.compile(
    r"\b(is|isn't|was)\s+(?:that|it)\b"
    r"(?=.*\b(?:below|under|above|over|less|more|lower|higher|inside|within|in the range|outside)\b)",
    re.IGNORECASE,
)
BARE_WHICH = re.compile(
    r"^\s*(?:so |ok |and )?(?:who|which one|which role|which)\s+(?:does|do|is|is it|does that|does it)"
    r"(?:\s+(?:then|that|it|instead|so))?\s*\??\s*$"
)
# "will I always earn more as a PM?", "is that true for every PM?": a claim about every case, not the average
EVERY_CASE = re.compile(r"\b(?:always|every|guaranteed?|no matter|in all cases|all of them|whatever happens)\b", re.I)
# "Three quick ones: …", "q: …": a few words and a colon before the questions
PREFACE = re.compile(r"^([^:?\d]{1,30}):\s+(?=\S)")
# "which one is that?" after "I want the role with …"
WHICH_IS_THAT = re.compile(
    r"^\s*(?:so |ok |and |then )?which(?: one| role| job| of them| of the two)?"
    r"(?: is| would)?(?: (?:that|it|this))?(?: be)?(?: then)?\s*\??\s*$"
)
WHICH_IS_THAT_TAIL = re.compile(
    r"\s*[-–—,:]\s*(which(?: one| role)?(?: is| would)? (?:that|it|this)(?: be)?)\s*\??\s*$"
)
# "what are they?", "list them" right after "how many differences are there?": the list counted
THEM_LISTED = re.compile(
    r"^(?:so |ok |and |okay )?(?:(?:what|which) (?:are|were|is) (?:they|those|these|them|it)"
    r"|(?:list|name|show|give) (?:me )?(?:them|those|these)(?: all)?|what are all of them)\s*$"
)
# "which of the six is about …?", "which difference covers …?": an item of a list, picked by what it is about
# "which one of those involves clients?": one item of the list just shown
WHICH_OF_SHOWN = re.compile(r"^(?:so |and |ok |okay )?which(?: one)? of (?:those|these|them)\b")
WHICH_ITEM = re.compile(
    r"^(?:so |and |ok |okay )?which (?:one )?(?:of (?:the|those|these|them|its|their) )?"
    r"(?:\w+ )?(?:six|five|three|\d|differences?|responsibilit(?:y|ies)|duty|duties|skills?)\b(?! do| does| is more)"
)
ITEM_SUBJECT = re.compile(r"\b(?:about|covers?|covered|deals? with|mentions?|concerns?|relates? to|talks? about)\b")
SAME_AGAIN = re.compile(r"\bsame (?:two|2|both|questions?|things?)\b|\bboth (?:questions|again)\b")
LEAD_IN = re.compile(
    r"^\s*(?:(?:anyway|anyways|ok|okay|so|and|but|well|right)\s*,?\s*)*(?:what|how) about "
    r"(?:them|him|her|it|that|those|this|they|these)\s*[,:-]\s*",
    re.IGNORECASE,
)
HOW_ADJECTIVE = re.compile(r"\bhow (?:fast|slow|quick|quickly|high|low|big|large|small|wide|far)\b")
LOOKUP = "lookup"  # a topic, or the facts a question is about
WHICH = "which"  # which of the two roles
YES_NO = "yes_no"
VERIFY = "verify"  # a stated number or premise, confirmed or corrected
COMPUTE = "compute"
COUNT = "count"
NOT_COVERED = "not_covered"
NEIGHBOUR = "neighbour"  # a job title next to the two roles
META = "meta"  # the article itself: author, date, publisher
SOURCE = "source"  # where a figure or claim comes from
ITEM = "item"  # an item of the list just shown
PERSONAL = "personal"  # which role suits what the person says about themselves
SMALL_TALK = "small_talk"
START_ASSESSMENT = "start_assessment"
# The intents that ask for the assessment; with none running, "start over" is a start too ("AM again?" is not).
START_INTENTS = ("start_assessment", "restart_assessment")
PER_YEAR = "per_year"
RECALL = "recall"  # the person's last assessment result
UNKNOWN = "unknown"
OPS = (
    LOOKUP,
    WHICH,
    YES_NO,
    VERIFY,
    COMPUTE,
    COUNT,
    NOT_COVERED,
    NEIGHBOUR,
    META,
    SOURCE,
    ITEM,
    PERSONAL,
    SMALL_TALK,
    START_ASSESSMENT,
    PER_YEAR,
    RECALL,
    UNKNOWN,
)

SALARY_ATTRIBUTES = ("average", "low", "high", "range")
OUTLOOK_ATTRIBUTES = ("growth_percent", "by_year", "new_positions")
LIST_KINDS = ("differences", "responsibilities", "skills")
# Each numbered list: the topic whose answer shows it, and the kind of fact its items are.
LIST_TOPICS = {"differences": "difference", "responsibilities": "responsibilities", "skills": "skills"}
LIST_FACT_KINDS = {"differences": "difference", "responsibilities": "responsibility", "skills": "skill"}
REMARK_STARTS = {
    "i",
    "im",
    "my",
    "we",
    "our",
    "that",
    "thats",
    "it",
    "this",
    "wow",
    "cool",
    "nice",
    "interesting",
    "great",
    "fair",
    "ok",
    "okay",
    "thanks",
    "good",
    "awesome",
    "makes",
    "oh",
    "ah",
    "right",
    "gotcha",
    "noted",
    "perfect",
    "sounds",
}
# Topics that say what is asked about, before a weak cue that the person asks for themself ("should I")
CONTENT_TOPICS = {"skills", "salary", "outlook", "responsibilities"}
# A message opening with one of these asks for an answer ("remind me, am avg pay?"), not for yes or no
REQUEST_STARTS = ("tell", "give", "show", "list", "explain", "remind", "describe")
REQUESTS = [["can", "you"], ["could", "you"], ["would", "you"], ["will", "you"], ["can", "u"], ["could", "u"]]
REQUEST_VERBS = {
    "explain",
    "tell",
    "give",
    "list",
    "show",
    "describe",
    "say",
    "remind",
    "compare",
    "summarise",
    "summarize",
    "break",
    "walk",
    "repeat",
    "outline",
    "clarify",
}
# "the one who keeps clients happy", "the role that doesn't sell": a role named by what it does.
DESCRIBED = re.compile(
    r"\b(?:the one|the role|the job|the person|whichever one|the guy|the career)\s+(?:who|that|which|with)\s+"
    r"(?P<rest>[^?,.]+)"
    r"|\bthe (?P<before>(?:[a-z]+[- ])?[a-z]+)[- ](?:one|ones|role|roles|job|career|guy|guys|people|folks|side)\b"
)  # "the one that doesn't sell", "the team-leading one", "the client-facing role"
# A question mark after a statement makes it a yes/no question when it has a verb ("PMs earn more?"), not after a
# bare phrase ("and the ranges?").
CLAIM_VERBS = {
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "can",
    "will",
    "would",
    "has",
    "have",
    "make",
    "makes",
    "earn",
    "earns",
    "get",
    "gets",
    "need",
    "needs",
    "sell",
    "sells",
    "handle",
    "handles",
    "work",
    "works",
    "deal",
    "deals",
    "focus",
    "focuses",
    "pay",
    "pays",
    "grow",
    "grows",
    "talk",
    "talks",
    "use",
    "uses",
}
# "be not involved", "do not sell": "not" saying something of what follows, not setting it aside (lemmas)
NEGATED_VERBS = {
    "be",
    "do",
    "have",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "get",
    "usually",
}
# Words with which a person who described themselves asks what suits them.
PERSONAL_ASKS = {
    "suit",
    "suits",
    "fit",
    "fits",
    "which",
    "should",
    "advice",
    "recommend",
    "better",
    "role",
    "career",
    "path",
}
# A role's possessive with nothing after it: "2) what's a PM's 3) …", "and the AM's?"
BARE_POSSESSIVE = re.compile(r"\b(?:pm|am|manager|pms|ams|managers)['’]s?(?=\s*(?:[?.!,;]|\d\)|and\b|$))")
# Saying which role someone holds: "I am an account manager", "my coworker Dana is our project manager"
HOLDS_ROLE = re.compile(
    r"\b(?P<who>i am|i work as|i have been|i just started as|i started as|(?:she|he) is|[a-z]+ is)"
    r" (?:an?|our|the|their|my) ",
    re.IGNORECASE,
)
# Asking whether a figure falls inside a range ("is it at least within the typical range?")
WITHIN = re.compile(r"\b(?:within|inside|outside|in the (?:typical )?range|in range)\b")
# The person's own pay ("I make 60k", "I'm on about $55,000", "my salary is 48k"), to compare with a role's figure.
OWN_PAY = re.compile(
    r"\b(?:i (?:am )?(?:[\w-]+ ){0,4}?(?:earn|earning|make|making|get paid|get|take home|bring in|paid|on)"
    r"|my (?:current )?(?:salary|pay|income) is)\s+(?:about |around |roughly |like |only )?"
    r"(?P<amount>\$?\d[\d,.]*\s*(?:k|grand|thousand)?)"
)
# ... and speaking of it without a figure ("so I'm earning more than the average AM?", "my salary")
SPEAKS_OF_OWN_PAY = re.compile(r"\bi(?: am|'m)? (?:\w+ )?(?:earn|earning|make|making|paid|on)\b|\bmy (?:pay|salary)\b")
ABOUT_SOMEONE = re.compile(r"\b(?:what|how) about (?:her|him|them)\b|\b(?:suit|fit|for) (?:her|him)\b")
MY_BACKGROUND = re.compile(r"\bmy (?:[a-z]+ ){0,2}(?:background|experience|skills|strengths|personality|history)\b")
FIT_ASKS = re.compile(
    r"\b(?:for me|would i be|should i|am i|make sense|makes sense|recommend|suggest|thoughts|match|matches|right for"
    r"|closer to what i|closest to what i)\b"
)
# Words before "one" that point at a role without describing it ("the other one", "the second role").
NOT_DESCRIPTIONS = {
    "other",
    "same",
    "right",
    "better",
    "best",
    "worse",
    "last",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "next",
    "previous",
    "former",
    "latter",
    "recommended",
    "suggested",
    "new",
    "old",
    "main",
    "that",
    "this",
    "which",
    "each",
    "either",
    "only",
    "final",
    "whole",
    "one",
    "a",
    "an",
    "two",
    "both",
    "current",
    "my",
    "your",
    "good",
    "bad",
    "account",
    "project",
    "manager",
    "management",
    "am",
    "pm",
    "ams",
    "pms",
}
# What people say of their own background next to a question ("I'm a nurse", "thinking about a career change").
BACKGROUND = ("career_path", "other_roles", "experience")
SUBORDINATORS = {"for", "if", "when", "given", "since", "as", "considering", "because", "in", "so", "assuming"}
CLAUSE_JOINS = {"and", "but", "or", "while", "though", "although", "yet", "so", "whereas", ",", "because"}
ROLE_NOUNS = {"role", "roles", "job", "jobs", "one", "ones", "position", "career", "side", "person", "manager"}
ORDINAL_NOUNS = {"one", "item", "point", "difference", "responsibility", "skill", "bullet", "on", "thing", "factor"}
# The kinds of sentences a topic's specific questions are answered from ("what tools do PMs use?" -> a skill).
TOPIC_FACT_KINDS = {"skills": ("skill",), "responsibilities": ("responsibility",)}
OPERAND_WINDOW = 4  # words between a role and the figure word that belongs to it
NEGATION_WINDOW = 6  # words before a leaning a negation reaches ("I do not want to do any selling")
WHAT_IS = "what_is"  # the weak topic cue "what is …" (knowledge/lexicon.yml)
WH_WORDS = {"what", "which", "who", "whose", "whom", "how", "when", "where", "why"}
# "which" asks for a role when followed by one of these ("which one", "which is more strategic"), not "which skills".
WHICH_FOLLOWERS = {
    "one",
    "role",
    "roles",
    "of",
    "job",
    "jobs",
    "position",
    "career",
    "is",
    "are",
    "does",
    "do",
    "has",
    "have",
    "side",
    "person",
    "type",
    "manager",
    "managers",
    "would",
    "should",
    "will",
    "can",
    "pays",
    "earns",
    "makes",
    "gets",
    "deals",
    "handles",
    "needs",
    "focuses",
}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_NUMBER = re.compile(
    r"(?P<dollar>\$\s?)?(?P<value>\d+(?:,\d{3})*(?:\.\d+)?)\s?(?P<unit>%|percent|per cent|k\b|thousand|grand|m\b|"
    r"million|mil\b)?",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "ten": 10}
_YEARS_SPAN = re.compile(rf"\b(\d+|{'|'.join(_NUMBER_WORDS)})\s+years?\b")


def spaced(lower: str) -> str:
    """The words alone, one space around each, for whole-phrase tests ("i really, really" has "i really")."""
    return " " + " ".join(re.findall(r"[\w'$.%-]+", lower)) + " "


def years_span(text: str) -> int | None:
    """The number of years a message states as a period ("over the next five years" -> 5)."""
    m = _YEARS_SPAN.search(text.lower())
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]


# Arithmetic on numbers the person typed ("what's 17*3?"), not on the article's figures.
MATHS = re.compile(r"(?<![\w.,])\d+(?:\.\d+)?\s*[-+*/×x^]\s*\d+(?:\.\d+)?(?![\w.,%])")
# ... and numbered questions: "1) what does an AM do 2) what does a PM do 3) which one pays more?"
_CLAUSE_BREAK = re.compile(r"(?<=[?!;])\s+|\n+|(?<=\.)\s+(?=[A-Za-z])|(?:^|(?<=[\s:]))\(?[1-9][).]\s+(?=[A-Za-z])")
_SPLIT_WORDS = re.compile(r",?\s+(?:and also|and|also|plus|as well as|but)\s+|,\s+|\s+[-–—]+\s+", re.IGNORECASE)


@dataclass
class Number:
    value: float
    kind: str  # money, percent, year, count, plain
    text: str


@dataclass
class Frame:
    op: str
    roles: Tuple[str, ...] = ()
    topic: str | None = None
    aspect: str | None = None
    attribute: str | None = None
    compute: str | None = None
    direction: str | None = None
    operands: Tuple[Tuple[str, str], ...] = ()
    facts: Tuple[str, ...] = ()  # the sentences the question is about (found by the fact search)
    said: Tuple[str, ...] = ()  # the sentences the answer quoted or listed (for "that", "why?", "who says so?")
    numbers: Tuple[Dict[str, Any], ...] = ()
    subject: str | None = None
    item: int | None = None
    claimed_role: str | None = None
    negated: bool = False
    yes_no: bool = False  # asked as a yes/no question (the reply opens with Yes / No)
    claims: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()  # (role, concepts) a yes/no question asserts
    concepts: Tuple[str, ...] = ()
    text: str = ""
    also: Tuple[str, ...] = field(default_factory=tuple)  # extra notes for the composer (e.g. "closest")
    people: Tuple[Tuple[str, str], ...] = ()  # (who, role) the message says someone is in ("I'm an AM")

    def to_dict(self) -> Dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, (), [], "", False)}

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> Frame:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("roles", "facts", "said", "also", "concepts"):
            if key in known:
                known[key] = tuple(known[key])
        if "operands" in known:
            known["operands"] = tuple(tuple(o) for o in known["operands"])
        if "claims" in known:
            known["claims"] = tuple((r, tuple(c)) for r, c in known["claims"])
        if "people" in known:
            known["people"] = tuple(tuple(p) for p in known["people"])
        if "numbers" in known:
            known["numbers"] = tuple(known["numbers"])
        return cls(**known)


@dataclass
class Memory:
    """What the conversation so far gives to understand the next message (see actions/context.py)."""

    last: List[Frame] = field(default_factory=list)
    lists: List[Dict[str, Any]] = field(default_factory=list)  # newest first: {"kind", "role", "facts"}
    role: str | None = None  # the last role answered about alone
    topic: str | None = None
    offered_assessment: bool = False
    ordinal_role: str | None = None  # "the first role" named in the part being parsed
    recommended: str | None = None  # the role suggested to the person (assessment or what they said of themselves)
    topic_roles: Dict[str, str] = field(default_factory=dict)  # the last role answered alone, per topic
    people: Dict[str, str] = field(default_factory=dict)  # the role suggested for each person described ("me", "she")
    own_pay: Dict[str, Any] | None = None  # the pay the person said they earn ("I make 85k"), as a number


@dataclass
class Clause:
    """One part of a message, prepared once for every matcher."""

    text: str  # cleaned, case kept
    lower: str
    lemmas: str
    words: List[str]  # lowercase words after noise is dropped
    roles: List[Tuple[int, int, str]]  # (first, end, role id) over _normalise(text) words
    core: str = ""  # the lemmas without role names and articles: "what do a PM do" -> "what do do"
    question: bool = False  # it ended with a question mark
    all_lemmas: str = ""  # the lemmas with greetings and filler kept (for small talk)


class Understanding:
    """The matchers built from the lexicon, and the parser that uses them (one per knowledge base)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = FactIndex(kb)
        lexicon = kb.lexicon
        a = kb.analyzer
        q = lexicon["questions"]
        self.analyzer = a
        self.topics = build_matcher(a, lexicon["topics"], drop_articles=True)
        self.aspects = build_matcher(a, {k: list(v) + [kb.differences[k].title] for k, v in lexicon["aspects"].items()})
        self.salary_attributes = build_matcher(a, lexicon["figures"]["salary"])
        self.outlook_attributes = build_matcher(a, lexicon["figures"]["outlook"])
        self.compute = build_matcher(a, q["compute"])
        self.greater = phrase_set(a, q["greater"])
        self.lesser = phrase_set(a, q["lesser"])
        self.source_phrases = phrase_set(a, q["source"])
        self.source_verbs = {a.lemma(w) for w in q["source_verbs"]} | set(q["source_verbs"])
        self.why = phrase_set(a, q["why"])
        self.which = phrase_set(a, q["which"])
        self.countable = build_matcher(a, q["countable"])
        self.not_covered = build_matcher(a, {k: v["synonyms"] for k, v in lexicon["not_covered"].items()})
        self.small_talk = build_matcher(a, lexicon["small_talk"])
        refs = lexicon["references"]
        self.correction = phrase_set(a, refs["correction"])
        self.follow_up = phrase_set(a, refs["follow_up"])
        self.that = phrase_set(a, refs["that"])
        self.alike = phrase_set(a, refs["alike"])
        self.asking = re.compile(rf"\b(?:{_alternatives(refs['asking'])})\s+(?=\w)", re.IGNORECASE)
        self.skill_verbs = phrase_set(a, refs["skill_verbs"])
        self.article_sources = phrase_set(a, refs["article_sources"])
        self.acknowledgements = {" ".join(a.clean(p).lower().split()) for p in refs["acknowledgements"]}
        self.back_to = phrase_set(a, refs["back_to"])
        self.hypothetical = phrase_set(a, [p for p in refs["follow_up"] if p.startswith("if i ")])
        self.more = phrase_set(a, refs["more"])
        self.per_year = phrase_set(a, refs["per_year"])
        self.us_figures = phrase_set(a, refs["us_figures"])
        self.recommended = phrase_set(a, refs["recommended"])
        self.person_words = {who: frozenset(words) for who, words in refs["people"].items()}
        self.communication_words = {a.lemma(w) for w in lexicon["concepts"]["communication"] if " " not in w}
        self.recommended_core = build_matcher(a, {"yes": refs["recommended"]}, drop_articles=True)
        self.wish = re.compile(
            rf"(?:^|[,.;:-]\s*)(?:honestly |ok |so |well |basically )?(?:{_alternatives(refs['wishes'])})"
            rf"\s+(?:{_alternatives(refs['wished'])})\b\s*(.*)$",
            re.IGNORECASE,
        )
        self.exclusion = re.compile(rf"\s+(?:{_alternatives(refs['exclusions'])})\s+[^,;]+$", re.IGNORECASE)
        self.other_periods = phrase_set(a, refs["other_periods"])
        self.other_regions = phrase_set(a, refs["other_regions"])
        self.ordinals = {str(k).lower(): int(v) for k, v in refs["ordinals"].items()}
        self.number_words = phrase_set(a, refs["number_words"])
        assessment = lexicon["assessment"]
        self.assessment_start = phrase_set(a, assessment["start"])
        self.assessment_result = phrase_set(a, assessment["result"])
        self.leanings = build_matcher(a, lexicon["leanings"])
        self.negations_after = phrase_set(a, lexicon["assessment"]["negations_after"])
        roles = lexicon["roles"]
        self.role_names = build_matcher(
            a, {r: list(v.get("synonyms", [])) + list(v.get("short_forms", [])) for r, v in roles.items()}
        )
        self.negations = phrase_set(a, assessment["negations"])
        self.yes_no_starts = {w.lower() for w in q["yes_no_starts"]}
        self.addressed = {w.lower() for w in q["addressed"]}
        self.tag_endings = sorted({a.clean(t).lower() for t in q["tag_endings"]}, key=len, reverse=True)
        self.claim_starts = sorted({a.clean(t).lower() for t in q["claim_starts"]}, key=len, reverse=True)
        self.count_starts = [a.clean(t).lower() for t in q["count_starts"]]
        self.neighbours = self._neighbour_patterns(lexicon["neighbours"])
        self.self_descriptions = [a.clean(p).lower() for p in lexicon["self_descriptions"]]
        self.not_self_descriptions = [a.clean(p).lower() for p in lexicon["not_self_descriptions"]]

    def _neighbour_patterns(self, neighbours: Dict[str, Any]) -> List[Tuple[re.Pattern, str]]:
        out = []
        for key, item in neighbours.items():
            for phrase in sorted(item["synonyms"], key=len, reverse=True):
                out.append((re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE), key))
        out.sort(key=lambda p: -len(p[0].pattern))
        return out

    def asks_source(self, c: Clause) -> bool:
        """ "Who says so?", "where's that figure from?", "according to whom?", "what's the source?"."""
        words = c.words
        if c.lemmas in self.source_phrases:
            return True
        if "where" in words and "from" in words:
            return True
        if {"bls", "bureau"} & set(words) and (any(w in self.source_verbs for w in words) or "from" in words):
            return True  # "does the BLS say anything about AM growth?", "is that one from the BLS as well?"
        lemmas = c.lemmas.split()
        return bool(words) and words[0] == "who" and any(w in self.source_verbs for w in lemmas[1:4])

    @cached_property
    def settings(self) -> Dict[str, float]:
        return self.kb.lexicon["retrieval"]

    # ---- message level -------------------------------------------------------------------------------------
    def understand(self, text: str, intent: str | None, memory: Memory, confidence: float = 0.0) -> List[Frame]:
        """The frames of one message, in order; references resolved against the memory and earlier parts."""
        cleaned = self.analyzer.clean(text)
        if not re.search(r"[^\W_]", cleaned):
            return [Frame(SMALL_TALK, subject="unclear", text=text)]  # only emoji, punctuation or nothing
        whole = self.clause(cleaned)
        special = self._message_level(whole, intent, memory, confidence)
        if special is not None:
            return special
        again = self._same_again(whole, memory)
        if again:
            return again
        frames: List[Frame] = []
        remarks: List[int] = []  # positions of parts that comment rather than ask ("haha, that's a big gap")
        settings_only: List[int] = []  # statements naming a topic that a later question asks about
        original = memory
        memory = Memory(
            list(memory.last),
            list(memory.lists),
            memory.role,
            memory.topic,
            recommended=memory.recommended,
            topic_roles=dict(memory.topic_roles),
            people=dict(memory.people),
            own_pay=memory.own_pay,
        )
        stated = self._roles_held(cleaned)
        memory.people.update(dict(stated))  # "my coworker Dana is our PM. what's she responsible for?"
        parts, antecedents = self._carry_numbers(self._wish_then_which(self.split(cleaned)))
        clauses = [self.clause(p) for p in parts]
        own_questions = [
            p
            for p in clauses
            if not self._describes(p) and not self._asks_fit(p) and not self._says_self(p) and self._asks_own(p)
        ]
        whole_personal = any(self._asks_fit(p) for p in clauses) or (self._personal(whole) and not own_questions)
        explained: set = set()  # parts answered with the item before them ("… the first skill - why?")
        bare_possessive = BARE_POSSESSIVE.search(text.lower())  # "what's a PM's?" (cleaning drops the "'s")
        for position, part in enumerate(parts):
            clause = self.clause(part)
            if not clause.words or position in explained:
                continue
            context = self._is_recall(clause) or self._only_names_role(clause) or position in antecedents
            if position + 1 < len(parts) and context:
                # "earlier you listed AM duties - is retention part of their job?": the recall says what the
                # question is about; it is not asked again
                context_frame = self.parse(clause, memory, None, confidence)
                quoted = self.numbers(clause.lower)
                named = self._figure_by_value(quoted) if quoted else None
                if named and (context_frame is None or context_frame.op == UNKNOWN or not context_frame.numbers):
                    # "you said 2.1 million earlier, …": the figure says whose it is, whatever the thread was
                    context_frame = Frame(
                        LOOKUP,
                        roles=named[0],
                        topic=named[1][0],
                        numbers=tuple(asdict(n) for n in quoted),
                        text=clause.text,
                    )
                following = clauses[position + 1]
                if (
                    context_frame is not None
                    and context_frame.op == ITEM
                    and (following.lemmas in self.why or following.lemmas in self.more)
                    and not self._is_yes_no(following)  # "- are they always in the technical details?" asks anew
                ):
                    # "back to the first PM skill - why does it matter?": that item, with its reason
                    frames.append(replace(context_frame, also=("why",)))
                    explained.add(position + 1)
                    continue
                mentioned = self._mentioned_fact(clause, memory)
                if mentioned is not None:
                    context_frame = mentioned  # "you mentioned communication there - what's it for?"
                earlier = memory.topic_roles.get(context_frame.topic or "") if context_frame else None
                if earlier and not [r for _, _, r in clause.roles if r in ROLE_IDS]:
                    # "going back to pay - and the other one?": back to the role that question was about
                    context_frame = replace(context_frame, roles=(earlier,))
                if context_frame is not None and context_frame.op not in (UNKNOWN, SMALL_TALK):
                    memory.last = [self._with_said(context_frame)]
                    if len(context_frame.roles) == 1:
                        memory.role = context_frame.roles[0]
                    memory.topic = context_frame.topic or memory.topic
                continue
            if self._describes(clause) and not self._unrelated(clause):
                if not (whole_personal or len(parts) == 1):
                    # "I'm moving out of a sales job. Are AMs in sales?": background to the question; a figure it
                    # names is what a following "that" means ("I'm hiring a PM at the average salary. per month?")
                    background = self.parse(clause, memory, None, confidence)
                    if background is not None and background.topic in ("salary", "outlook") and background.attribute:
                        memory.last = [background]
                        memory.role = background.roles[0] if len(background.roles) == 1 else memory.role
                        memory.topic = background.topic
                    continue
                frame = self.personal_frame(clause)  # the self-description part of a mixed message
            elif frames and bare_possessive and self._same_question_of(clause, clauses[position - 1]):
                # "1) what's an AM's communication style 2) what's a PM's": the question before, of this role
                role = next(r for _, _, r in clause.roles if r in ROLE_IDS)
                frame = self.retarget(frames[-1], (role,), clause.text)
            else:
                frame = self.parse(clause, memory, intent if len(frames) == 0 else None, confidence)
                if frame is not None and self._ordinal_role(clause, memory):
                    frame = replace(frame, also=frame.also + ("ordinal_role",))  # "Second." may follow
                if frame is not None and frame.op == NOT_COVERED and self._says_self(clause):
                    frame = replace(frame, also=("self",))
            if frame is None:
                continue
            if frames and self._is_role_check(frame, frames[-1]):
                frames[-1] = replace(frames[-1], claimed_role=frame.claimed_role)
                continue
            if frames and self._only_confirms(frame):
                continue  # "… grow by 23%. Is that what the article says?": the first part already answers it
            if self._is_remark(clause) and frame.op not in (NOT_COVERED, PERSONAL):
                remarks.append(len(frames))
            elif frame.op == LOOKUP and frame.topic and self._is_statement(clause):
                settings_only.append(len(frames))  # "ok so just base pay then. … is that below average?"
            for one in self._per_aspect(clause, frame):
                frames.append(one)
                if one.op in (UNKNOWN, SMALL_TALK):
                    continue  # "nice. and the other role?": the remark is not what "the other role" refers to
                memory.last = [one]
                if len(one.roles) == 1:
                    memory.role = one.roles[0]
                memory.topic = one.topic or memory.topic
        if not frames:
            return [Frame(UNKNOWN, text=text)]
        if len(parts) == 1:
            frames = self._retarget_both(frames, clauses[0], original)
        asked_topics = {f.topic for i, f in enumerate(frames) if i not in settings_only and i not in remarks}
        remarks += [i for i in settings_only if frames[i].topic in asked_topics]
        if remarks and len(remarks) < len(frames):
            frames = [f for i, f in enumerate(frames) if i not in remarks]
        asked = [f for f in frames if f.op not in (NOT_COVERED, UNKNOWN, SMALL_TALK)]
        if asked:
            # "I'm a teacher thinking about a career change. Which role …?": the background is not the question
            frames = [
                f for f in frames if not (f.op == NOT_COVERED and f.subject in BACKGROUND and f.also == ("self",))
            ]
        if any(f.op == NOT_COVERED and self.kb.not_covered[f.subject].get("small_talk") for f in frames):
            # "My girlfriend dumped me. Any advice?": the rest only matched words, it asked nothing of the roles
            frames = [f for f in frames if f.op == NOT_COVERED or (f.roles and (f.topic or f.aspect))] or frames
        frames = self._with_own_figure(frames, cleaned, original)
        if stated and frames:
            frames[0] = replace(frames[0], people=stated)
        frames = [
            f
            for i, f in enumerate(frames)
            if not (i + 1 < len(frames) and self._asked_again_as_yes_no(f, frames[i + 1]))
        ]
        known = [f for f in frames if f.op not in (UNKNOWN, SMALL_TALK)]
        return known or frames[:1]  # "I'm an HR recruiter. What skills …?": the part that asks is answered

    def _asked_again_as_yes_no(self, frame: Frame, following: Frame) -> bool:
        """ "sounds kinda salesy?? do they sell": the remark names what the yes/no question after it asks."""
        same = (frame.roles, frame.topic, frame.aspect) == (following.roles, following.topic, following.aspect)
        return frame.op == LOOKUP and following.op == YES_NO and bool(frame.aspect) and same

    def _same_question_of(self, c: Clause, before: Clause) -> bool:
        """ "what is a PM" right after "what is an AM communication style": the same opening, a role, nothing
        else, where the part before went on past its role (what "'s" said before the words were cleaned)."""
        named = [(s, e, r) for s, e, r in c.roles if r in ROLE_IDS]
        if len(named) != 1 or not before.roles or before.roles[0][2] not in ROLE_IDS:
            return False
        start, end, role = named[0]
        ends_with_role = len(c.words) == end
        goes_on = len(before.words) > before.roles[0][1]
        head, before_head = c.words[:start], before.words[: before.roles[0][0]]
        same_head = [w for w in head if w not in ARTICLES] == [w for w in before_head if w not in ARTICLES]
        return ends_with_role and goes_on and same_head and bool(head) and before.roles[0][2] != role

    def _with_own_figure(self, frames: List[Frame], text: str, memory: Memory) -> List[Frame]:
        """ "I make 60k now, how much more would I get as a PM?": the person's own pay is not a claim about the
        article; the gap asked is between it and the role's figure. Remembered, it answers the follow-ups: "how far
        below exactly?", "is it at least within the typical range?", "so I'm earning more than the average AM?"."""
        match = OWN_PAY.search(text.lower())
        own = [n for n in self.numbers(match.group("amount")) if n.kind in ("money", "plain")] if match else []
        if own and own[0].value >= 1000:
            said, remembered = asdict(Number(own[0].value, "money", own[0].text)), False
        elif memory.own_pay and self._about_own_pay(text, memory) and not self.numbers(text.lower()):
            said, remembered = dict(memory.own_pay), True
        else:
            return frames
        # "I'm an account manager making $58,000": the role they are in is the one compared with
        own_role = tuple(self._roles_named(match.group(0))[:1]) if match else ()
        last = memory.last[0] if memory.last else None
        out = []
        for f in frames:
            stated = [n["value"] for n in f.numbers] == [said["value"]]
            if f.op == VERIFY and stated and OWN_PAY.search(f.text.lower()):
                continue  # "I currently earn 60k." says what they earn, it is not a figure to check
            if f.op == VERIFY and stated:
                out.append(replace(f, also=f.also + ("own",)))  # "I make 85k. is that above average?"
                continue
            operands = [o for o in f.operands if o[0] in ROLE_IDS]
            roles = tuple(dict.fromkeys(r for r, _ in operands)) or f.roles
            if own_role and not f.roles:
                roles = own_role  # "I'm a PM on 100k. How much above the average is that?": the PM average
                operands = [o for o in operands if o[0] == own_role[0]]
            if remembered and last is not None and last.roles and (len(roles) != 1 or not self._roles_named(f.text)):
                roles = tuple(last.roles[:1])  # "how far below exactly?": the role compared with just now
                operands = [o for o in operands if o[0] == roles[0]]
            if f.topic != "salary" or len(roles) != 1:
                out.append(f)
                continue
            attribute = operands[0][1] if operands and operands[0][1] not in ("low", "high", "range") else "average"
            within = bool(WITHIN.search(f.text.lower()))
            if within or (remembered and f.direction and f.compute is None):
                f = Frame(
                    VERIFY,
                    roles=roles,
                    topic="salary",
                    subject="within" if within else "against",
                    attribute="range" if within else attribute,
                    direction=f.direction,
                    operands=((roles[0], "range" if within else attribute),),
                    numbers=(said,),
                    yes_no=True,
                    also=("own",),
                    text=f.text,
                )
            elif f.compute in ("difference", "compare") or f.direction or remembered:
                f = Frame(
                    COMPUTE,
                    roles=roles,
                    topic="salary",
                    subject="own",
                    attribute=attribute,
                    compute="difference",
                    operands=((roles[0], attribute),),
                    numbers=(said,),
                    text=f.text,
                )
            out.append(f)
        return out or frames

    def _roles_held(self, text: str) -> Tuple[Tuple[str, str], ...]:
        """ "I'm an account manager at a small agency", "my coworker Dana is our project manager": the role each
        person is in, for "my role" and "she" later."""
        held: Dict[str, str] = {}
        for match in HOLDS_ROLE.finditer(text):  # the case kept: "an AM" (not "am")
            said = re.split(r"[,.;:?!]|\s[-–—]\s|\b(?:and|but)\b", text[match.end() :], maxsplit=1)[0][:40]
            roles = self._roles_named(said)
            if not roles:
                continue
            me = match.group("who").lower().startswith("i ")  # "i am", "i work as", "i just started as" …
            before = " ".join(text[: match.start()].split()[-3:] + [match.group("who")])
            who = "me" if me else self.person(self.clause(before))
            if who:  # "planning is a project manager's task" says nothing of a person
                held[who] = roles[0]
        return tuple(held.items())

    def _about_own_pay(self, text: str, memory: Memory) -> bool:
        """A follow-up on the pay the person gave: right after an answer about it, or speaking of what they earn."""
        last = memory.last[0] if memory.last else None
        after_own = last is not None and (last.subject == "own" or "own" in last.also)
        return after_own or bool(SPEAKS_OF_OWN_PAY.search(text.lower()))

    def _roles_named(self, text: str) -> List[str]:
        """The two roles a text names, in order (not "the other one" or "both")."""
        return [r for r in self.kb.find("role", text) if r in ROLE_IDS]

    def _is_remark(self, c: Clause) -> bool:
        """A comment between questions ("haha, that's a big gap"): it opens like one and asks nothing."""
        words = c.words
        if not words or words[0] not in REMARK_STARTS:
            return False
        if c.question or set(words) & WH_WORDS or words[0] in self.yes_no_starts:
            return False
        if set(words) & REQUEST_VERBS or words[0] in REQUEST_STARTS or words[0] == "what":
            return False
        return not self._is_claim(c) and not any(n.kind != "count" for n in self.numbers(c.text.lower()))

    def _is_statement(self, c: Clause) -> bool:
        """A part that asks nothing: no question mark, no question word, not a request or a yes/no question."""
        words = c.words
        if not words or c.question or set(words) & WH_WORDS or words[0] in self.yes_no_starts:
            return False
        return not set(words) & REQUEST_VERBS and words[0] not in REQUEST_STARTS

    def _per_aspect(self, c: Clause, frame: Frame) -> List[Frame]:
        """ "explain the timeline difference and the sales difference": one look-up per difference named."""
        aside = self._set_aside(c)
        aspects = list(
            dict.fromkeys(labels[0] for labels, phrase, *_ in self.aspects.find(c.lemmas) if phrase not in aside)
        )
        if frame.op != LOOKUP or frame.topic != "difference" or len(aspects) < 2 or frame.facts:
            return [frame]
        return [replace(frame, aspect=aspect) for aspect in aspects]

    def _only_confirms(self, frame: Frame) -> bool:
        return frame.op in (YES_NO, SOURCE) and not frame.concepts and not frame.topic and not frame.claimed_role

    def _is_role_check(self, frame: Frame, previous: Frame) -> bool:
        """ "Who plans the project? Is that the PM?": the second part only checks the first's answer."""
        if frame.op == WHICH and previous.op == WHICH and frame.claimed_role and not previous.claimed_role:
            return replace(frame, text=previous.text, claimed_role=None) == previous  # the same question, checked
        return frame.op == YES_NO and frame.claimed_role is not None and previous.op == WHICH and not frame.concepts

    def _message_level(
        self, whole: Clause, intent: str | None, memory: Memory, confidence: float = 0.0
    ) -> List[Frame] | None:
        """Frames decided by the whole message: small talk, a request for the assessment, personal context."""
        last_personal = bool(memory.last) and (
            memory.last[0].op == PERSONAL
            # "why that one?" after a suggestion, then "what if I also like leading teams?": still about the person
            or (
                bool(memory.recommended)
                and "why" in memory.last[0].also
                and memory.last[0].roles == (memory.recommended,)
            )
        )
        if not self._unrelated(whole) and (self._personal(whole) or (last_personal and self._describes(whole))):
            return self._personal_and_other(whole)
        if whole.lemmas in self.assessment_result:
            return [Frame(RECALL, text=whole.text)]
        if self._asks_for_assessment(whole, intent) or self._intent_starts(whole, intent, confidence):
            return [Frame(START_ASSESSMENT, text=whole.text)]
        whole_topics = self.topics.labels_in(whole.lemmas)
        if "fit" in whole_topics and "salary" in whole_topics and whole.lemmas in self.greater:
            # "I just want the better salary. Which one should I pick?": the pay comparison decides it
            return [
                Frame(
                    WHICH,
                    roles=ROLE_IDS,
                    topic="salary",
                    attribute="average",
                    compute="compare",
                    direction="greater",
                    operands=tuple((r, "average") for r in ROLE_IDS),
                    text=whole.text,
                )
            ]
        talk = self.small_talk.labels_in(whole.all_lemmas)
        if talk and not self._has_content(whole):
            said = ["how_are_you"] if "how_are_you" in talk else talk  # "hey, how's your day going?" asks how I am
            return [Frame(SMALL_TALK, subject=said[0], text=whole.text)]
        if MATHS.search(whole.text):
            return [Frame(SMALL_TALK, subject="maths", text=whole.text)]  # "what's 17*3?"
        about_answer = self.compute.labels_in(whole.lemmas) or self.salary_attributes.labels_in(whole.lemmas)
        if intent == "bot_challenge" and (not set(whole.words) & self.addressed or about_answer):
            return None  # "is that a must-have?", "so the width you gave is right?": about the answer, not about me
        if intent in ("greet", "goodbye", "thank", "bot_challenge", "help") and not self._has_content(whole):
            kind = {"greet": "greeting", "goodbye": "goodbye", "thank": "thanks", "help": "capabilities"}.get(
                intent, "bot_identity"
            )
            return [Frame(SMALL_TALK, subject=kind, text=whole.text)]
        return None

    def _unrelated(self, c: Clause) -> bool:
        """It names something unrelated to the careers ("songs to listen to while I work"): not a self-description."""
        return any(self.kb.not_covered[k].get("small_talk") for k in self.not_covered.labels_in(c.lemmas))

    def _asks_for_assessment(self, whole: Clause, intent: str | None) -> bool:
        """ "can we do the quiz?", "help me decide": asking for the assessment itself, not how to choose."""
        if whole.lemmas not in self.assessment_start:
            return False
        if self.asks_source(whole) or {"source", "sources"} & set(whole.words):
            return False  # "which survey are the salaries from?" asks where a figure comes from
        content = self.index.concepts.of_lemmas(whole.lemmas)
        words = set(whole.words)
        asks = words & {
            "can",
            "could",
            "let",
            "start",
            "take",
            "do",
            "want",
            "would",
            "begin",
            "try",
            "give",
            "help",
            "quiz",
            "ready",
            "go",
            "run",
            "please",
            "lets",
            "me",
        }
        return bool(asks) and len(content) <= 4

    def _same_again(self, whole: Clause, memory: Memory) -> List[Frame]:
        """ "same two questions for PMs", "and for AMs, same two?": each of the last questions again, for that role."""
        if not SAME_AGAIN.search(whole.lower) or not memory.last:
            return []  # (one frame may have answered both: "what's their communication style and why?")
        named = [r for _, _, r in whole.roles]
        roles = self.resolve_roles(named, memory)
        if not roles:
            return []
        again = [self.retarget(f, roles, whole.text) for f in reversed(memory.last)]
        stated = self.numbers(whole.lower)
        if len(stated) == 1:
            # "and the PM offer is 85k, same question": the person's new figure replaces the one they gave before
            again = [
                replace(f, numbers=(asdict(stated[0]),))
                if len(f.numbers) == 1 and f.numbers[0].get("kind") == stated[0].kind
                else f
                for f in again
            ]
        return again

    def _intent_starts(self, whole: Clause, intent: str | None, confidence: float) -> bool:
        """Rasa is sure the message asks for the assessment and its words ask nothing else (no topic, difference,
        list item or figure): "I'd like to see which one I'm suited to" starts it; "the first one again?" does not."""
        if intent not in START_INTENTS or confidence < self.settings["start_intent_confidence"]:
            return False
        topics = [t for t in self.topics.labels_in(whole.core) if t not in (WHAT_IS, "fit")]
        one_role = len({r for _, _, r in whole.roles if r in ROLE_IDS}) == 1  # "AM again?" (not "AM or PM?")
        return not (
            topics
            or one_role
            or self.salary_attributes.labels_in(whole.lemmas)  # "the PM one's top end again?"
            or self.aspects.labels_in(whole.lemmas)
            or self._ordinal(whole) is not None
            or self.numbers(whole.lower)
            or self.small_talk.labels_in(whole.all_lemmas)
            or self.not_covered.labels_in(whole.lemmas)
        )

    def _has_content(self, clause: Clause) -> bool:
        """Does the message ask about something beyond greetings, thanks and goodbyes?"""
        rest = self._strip(clause.all_lemmas, self.small_talk)
        return bool(
            clause.roles
            or self.topics.labels_in(rest)
            or self.aspects.labels_in(rest)
            or self.not_covered.labels_in(rest)
            or len(self.index.concepts.of_lemmas(rest)) >= 2
            or bool(set(rest.split()) & WH_WORDS and self.index.concepts.of_lemmas(rest))  # "ty, which 1 needs gantt?"
        )

    # ---- clauses ---------------------------------------------------------------------------------------------
    def clause(self, text: str) -> Clause:
        question = text.rstrip().endswith("?")
        text = text.strip(" ?!.;,")
        masked = text
        for pattern, _ in self.neighbours:
            masked = pattern.sub(" ", masked)
        tokens = self.analyzer.tokens(text)
        return Clause(
            text=text,
            lower=" ".join(t.lower for t in tokens),
            lemmas=" ".join(t.lemma for t in tokens),
            words=[t.lower for t in tokens],
            roles=self.kb.find_spans("role", masked),
            core=" ".join(t.lemma for t in tokens if t.lower not in self.role_words),
            question=question,
            all_lemmas=" ".join(t.lemma for t in self.analyzer.tokens(text, drop_noise=False)),
        )

    @cached_property
    def generic_concepts(self) -> FrozenSet[str]:
        """Concepts that add nothing specific to a topic ("the key skills", "main responsibilities")."""
        return frozenset(self.kb.lexicon["retrieval"]["generic_concepts"])

    @cached_property
    def role_words(self) -> FrozenSet[str]:
        """Words that only name a role or are articles, left out where a question's topic is looked for."""
        words = {"a", "an", "the"}
        for role in self.kb.roles.values():
            for phrase in role.synonyms + role.short_forms:
                words.update(w.lower().strip(".") for w in phrase.split())
            words.update({role.short.lower() + "s", role.short.lower()})
        return frozenset(words)

    def _role_then_claim(self, sentences: List[str]) -> List[str]:
        """ "pms?? short term?": a bare role, then a short description without one, is one question ("PMs short
        term?"), not a follow-up on the role and a second question."""
        out: List[str] = []
        for sentence in sentences:
            if out and len(out[-1].split()) <= 3 and 0 < len(sentence.split()) <= 6:  # cheap test first
                before, this = self.clause(out[-1]), self.clause(sentence)
                bare_role = before.roles and before.roles[0][:2] == (0, len(before.words)) and len(before.words) <= 3
                short = 0 < len(this.words) <= 4 and not this.roles and not self._starts_question(sentence)
                if bare_role and short and before.roles[0][2] in ROLE_IDS:
                    out[-1] = out[-1].rstrip(" ?!.") + " " + sentence
                    continue
            out.append(sentence)
        return out

    def split(self, text: str) -> List[str]:
        """Parts of a message that are questions of their own ("What does a PM earn, and is demand growing?")."""
        parts: List[str] = []
        text = self.asking.sub("", text)  # "I'm trying to figure out what it involves": what it involves
        for sentence in self._role_then_claim(_CLAUSE_BREAK.split(text)):
            sentence = self._without_preface(sentence.strip(" !.;,"))
            begin, head = 0, ""
            lowered = self.analyzer.clean(sentence).lower().rstrip(" ?!.")
            tagged_sentence = any(lowered.endswith(" " + t) for t in self.tag_endings)
            for match in _SPLIT_WORDS.finditer(sentence):
                left, right = sentence[begin : match.start()], sentence[match.end() :]
                left_clause, right_clause = self.clause(left), self.clause(right)
                if right.strip(" ?!.").lower() in self.tag_endings:
                    continue  # "the last one sounds like sales, is it?": one question, asked for yes or no
                if (
                    match.group(0).strip() == ","
                    and tagged_sentence
                    and not self._starts_question(right)
                    and not self._starts_question(left)
                    and not right_clause.roles
                ):
                    continue  # "PMs handle ongoing, long-term client relationships - that's what it says?": one claim
                gapped = self._gapped_head(left, right)
                if gapped:
                    # "the gap between the averages, and between the tops?": the second asks the first's question
                    parts.append(head + left)
                    begin, head = match.end(), gapped
                    continue
                tagged_claim = (  # "relationships is the AM side, right?"
                    right.rstrip().endswith("?")
                    and not self._starts_question(right)
                    and self._is_yes_no(right_clause)
                    and len(right_clause.words) >= 3
                )
                if (
                    self._is_recall(left_clause)
                    and not self._has_subject(left)
                    and not left_clause.roles
                    and self._ordinal(left_clause) is None
                    and self._starts_question(right)
                    and self._has_subject(right)
                ):
                    begin, head = match.end(), ""  # "back to what I was asking at the start - would I …?": the question
                    continue
                if self._is_recall(left_clause) and not (
                    (self._starts_question(right) and self._is_question(right)) or tagged_claim
                ):
                    continue  # "going back to the differences, number 2?" is one question
                mentions = bool(MENTIONS.search(left_clause.lower))
                if self._is_recall(left_clause) and (
                    tagged_claim or (mentions and (right_clause.lemmas in self.why or right_clause.lemmas in self.more))
                ):
                    parts.append(head + left)  # "back to my first msg - relationships is the AM side, right?"
                    begin, head = match.end(), ""
                    continue
                ordinal_only = self._ordinal(right_clause) is not None and not (
                    self._starts_question(right) and self._is_question(left)
                )
                if (left_clause.words[:1] or [""])[0] in SUBORDINATORS or ordinal_only:
                    continue  # "for someone who picks PM, how much extra?", "in that list, the second one?"
                if right.lower().startswith(("not ", "rather than ", "instead of ")):
                    continue  # "the growth outlook for the PM role, not pay": one question, with what it is not
                between = "between" in left.lower().split() and match.group(0).strip(" ,").lower() == "and"
                if between:
                    continue  # "the difference between the lowest AM salary and the highest PM salary"
                # "you said 2.1 million earlier, is that new jobs?" (not "going back to PMs, what tools …?")
                recalls = bool(re.search(r"\byou (?:said|mentioned|told me)\b", left_clause.lower)) and bool(
                    self.numbers(left_clause.lower)
                )
                # "going back to the first thing you said about AMs - are they …?": that item, then the question
                recalls_item = (
                    self._is_recall(left_clause)
                    and self._ordinal(left_clause) is not None
                    and self._ordinal_role(left_clause) is None  # "back to the first role I asked about" is a role
                    and not re.search(r"\b(?:one|role|job)\b", left_clause.lower)
                )
                # "the fifth one - do PMs do that too?": the item, then a question about it
                item_then_that = (
                    self._ordinal(left_clause) is not None
                    and len(left_clause.words) <= 6
                    and not left_clause.question
                    and bool(re.search(r"\b(?:it|that|this)\b", right.lower()))
                    and self._is_yes_no(right_clause)  # "the second one - what's the point of it?" is one question
                )
                # "earlier you said AMs are in sales often - is that their main thing?": what was said, then "that"
                recall_then_that = (
                    self._is_recall(left_clause)
                    and self._has_subject(left)
                    and bool(re.search(r"\b(?:it|that|this)\b", right.lower()))
                )
                asks_about_left = (item_then_that or recall_then_that) and self._is_yes_no(right_clause)
                if (
                    self._starts_question(right)
                    and (self._is_question(left) or recalls or recalls_item or asks_about_left)
                    and (self._has_subject(right) or asks_about_left)
                ) or self._new_topic(left, right):
                    parts.append(head + left)
                    begin, head = match.end(), ""
            parts.append(head + sentence[begin:])
        parts = [self._without_lead_in(p) for p in parts]
        parts = [p for p in (p.strip(" !.;,") for p in parts) if p.strip(" ?")]
        # "fine. back to what I asked at the start - …": an acknowledgement before a question asks nothing
        asked = [p for p in parts if " ".join(self.clause(p).words) not in self.acknowledgements]
        return asked if asked and len(asked) < len(parts) else parts

    def _without_preface(self, sentence: str) -> str:
        """ "Three quick ones: what do AMs …, …?": a preface before a colon that names nothing asked."""
        m = PREFACE.match(sentence)
        if not m:
            return sentence
        preface = self.clause(m.group(1))
        if preface.roles or self.topics.labels_in(preface.core) or self.aspects.labels_in(preface.lemmas):
            return sentence
        if self._is_recall(preface) or self._ordinal(preface) is not None or preface.lemmas in self.that:
            return sentence  # "Going back to the first role: …" says what the question is about
        return sentence[m.end() :]

    def _gapped_head(self, left: str, right: str) -> str:
        """The words a parallel second part leaves out ("…, and between the top ends?" after "what's the gap
        between the averages"): the first part up to the same preposition, when the first part computes."""
        first = (right.strip().split() or [""])[0].lower()
        if first not in GAPPING_PREPOSITIONS or not self.compute.labels_in(self.clause(left).lemmas):
            return ""
        found = list(re.finditer(rf"\b{first}\b", left, re.IGNORECASE))
        return left[: found[-1].start()] if found and found[-1].start() > 0 else ""

    def _with_said(self, frame: Frame) -> Frame:
        """A recalled subject as if just answered ("earlier you said AMs are in sales often - is that …?"): the
        sentence it names is what a following "that" means."""
        if frame.op != LOOKUP or frame.facts or frame.said or len(frame.roles) != 1:
            return frame
        key = self.kb.roles[frame.roles[0]].key
        if frame.aspect and f"difference.{frame.aspect}.{key}" in self.kb.facts:
            return replace(frame, said=(f"difference.{frame.aspect}.{key}",))
        hits = self.index.search(frozenset(frame.concepts), roles=list(frame.roles)) if frame.concepts else []
        return replace(frame, said=(hits[0].fact.id,)) if hits else frame

    def _wish_then_which(self, parts: List[str]) -> List[str]:
        """ "I want the role with the higher average salary. Which one is that?": one question, which role the wish
        describes."""
        pieces: List[str] = []
        for part in parts:
            tail = WHICH_IS_THAT_TAIL.search(part)  # "I want a job where … - which one is it?"
            pieces += [part[: tail.start()], tail.group(1)] if tail and tail.start() > 0 else [part]
        out: List[str] = []
        for piece in pieces:
            wish = self.wish.search(out[-1]) if out else None
            if wish and WHICH_IS_THAT.match(piece.lower()):
                rest = re.sub(r"^(?:with|that has|which has)\b", "has", wish.group(1).strip())
                out[-1] = "which role " + re.sub(r"^(?:that|which)\s+", "", rest)  # "… with X" asks "which role has X"
                continue
            out.append(piece)
        return out

    def _carry_numbers(self, parts: List[str]) -> Tuple[List[str], set]:
        """ "the AM offer is 65k. is that below average?": "that" is the figure the person just gave; the part that
        gave it only sets the scene (its role)."""
        out, antecedents = list(parts), set()
        for i in range(1, len(out)):
            before = [n for n in self.numbers(out[i - 1].lower()) if n.kind == "money"]
            if len(before) == 1 and not self.numbers(out[i].lower()) and THAT_COMPARED.search(out[i]):
                figure = before[0].text
                out[i] = THAT_COMPARED.sub(lambda m, figure=figure: m.group(1) + " " + figure, out[i], count=1)
                antecedents.add(i - 1)
        return out, antecedents

    def _without_lead_in(self, part: str) -> str:
        """ "anyway, what about them, are they in sales too?": the question after the lead-in; "what does that role do
        besides hitting deadlines?" asks what else it does."""
        match = LEAD_IN.match(part)
        if match and self._starts_question(part[match.end() :]):
            part = part[match.end() :]
        question = re.sub(r"^(?:ok|okay|so|and|right|fine)\W+(?:and\s+)?", "", part, flags=re.IGNORECASE)
        if (question.split() or [""])[0].lower() in ("what", "which", "who", "how") and len(question.split()) > 3:
            stripped = self.exclusion.sub("", part)
            if stripped != part and " else " not in f" {stripped.lower()} ":
                # "what does it do besides X" asks "what else does it do", when that asks for a topic ("what else do
                # they manage besides the budget?" keeps the budget: the sentence naming it names the rest)
                stripped = re.sub(r"\b(what|which|who|how)\b", r"\1 else", stripped, count=1, flags=re.IGNORECASE)
            if stripped != part and [t for t in self.topics.labels_in(self.clause(stripped).core) if t != WHAT_IS]:
                part = stripped
        return part

    def _asked_aspect(self, c: Clause) -> str | None:
        """The difference a part names first, unless it sets it aside ("sales involvement, not client interaction":
        sales; "not client interaction but sales": sales too)."""
        found = self.aspects.find(c.lemmas)
        aside = self._set_aside(c)
        kept = [labels[0] for labels, phrase, *_ in found if phrase not in aside]
        aspect = kept[0] if kept else found[0][0][0] if found else None
        if aspect == "client_interaction" and c.words[:1] == ["how"]:
            concepts = self.index.concepts.of_lemmas(c.lemmas)
            talks = set(c.lemmas.split()) & self.communication_words
            if talks and "frequency" not in concepts and not {"much", "many"} & set(c.words):
                return "communication_style"  # "how do AMs usually talk with clients?" asks the manner, not how often
        return aspect

    def _asked_topics(self, c: Clause) -> List[str]:
        """The topics a part names, without those it sets aside ("the growth outlook, not pay")."""
        core = self._strip(c.core, self.correction)
        found = self.topics.find(core)
        kept = []
        for labels, _, start, _ in found:
            before = core[:start].split()[-2:]
            if set(before) & {"not", "instead"} or before[-2:] == ["rather", "than"]:
                continue
            kept += [label for label in labels if label not in kept]
        if (
            "fit" in kept
            and "outlook" in kept
            and all(p in self.career_cues for labels, p, *_ in found if "outlook" in labels)
        ):
            kept.remove("outlook")  # "is PM a good career for me?" asks what fits, not the job market
        weak = {p for labels, p, *_ in found if "fit" in labels and p in self.weak_fit_cues}
        strong = {p for labels, p, *_ in found if "fit" in labels and p not in self.weak_fit_cues}
        if weak and not strong and "fit" in kept and set(kept) & CONTENT_TOPICS:
            kept = [t for t in kept if t != "fit"] + ["fit"]  # "what should I highlight skills-wise?" asks for skills
        return kept if kept or not found else [label for labels, *_ in found for label in labels]

    @cached_property
    def career_cues(self) -> FrozenSet[str]:
        """Outlook phrases that only call a role a good career ("good career", "solid career")."""
        return frozenset(self.analyzer.lemma_text(p) for p in self.kb.lexicon["references"]["career_cues"])

    @cached_property
    def weak_fit_cues(self) -> FrozenSet[str]:
        """Fit phrases that only say the person asks for themself ("should I", "for me")."""
        return frozenset(self.analyzer.lemma_text(p) for p in self.kb.lexicon["questions"]["weak_fit_cues"])

    def _only_names_role(self, c: Clause) -> bool:
        """ "Actually, the other one - what does their sales side involve?": the first part only says which role."""
        if not c.roles or c.question:
            return False
        if self._starts_question(c.text) and not c.lower.startswith(("what about", "how about", "and what about")):
            return False  # "what about PMs, are they into sales?" names the role, then asks
        rest = self._strip(c.core, self.correction, self.follow_up, self.that)
        return (
            not self.topics.labels_in(rest)
            and not self.aspects.labels_in(c.lemmas)
            and not (self.index.concepts.of_lemmas(rest) - self.generic_concepts)
        )

    def _is_recall(self, c: Clause) -> bool:
        """ "earlier you said …", "going back to the differences": pointing back at the conversation."""
        return c.lemmas.startswith(tuple(self._back_to_starts)) or bool(RECALL_START.match(c.lower))

    def _starts_question(self, piece: str) -> bool:
        first = re.sub(r"'s$|’s$", "", piece.split()[0].lower()) if piece.split() else ""
        return first in self.yes_no_starts | {"what", "which", "who", "whose", "how", "when", "where", "why"} or (
            piece.lower().startswith(("what about", "how about", "what are", "tell me"))
        )

    @cached_property
    def _back_to_starts(self) -> List[str]:
        return [self.analyzer.lemma_text(p) for p in self.kb.lexicon["references"]["back_to"]] + [
            self.analyzer.lemma_text(p) for p in ("ok back to", "so back to", "anyway back to", "now back to")
        ]

    def _new_topic(self, left: str, right: str) -> bool:
        """ "the responsibilities of both roles, and also the job outlook": each side names a topic of its own."""
        topics = [
            [t for t in self.topics.labels_in(self.clause(p).core) if t not in (WHAT_IS, "definition")]
            for p in (left, right)
        ]
        return bool(topics[0] and topics[1] and not set(topics[0]) & set(topics[1]))

    def _has_subject(self, text: str) -> bool:
        """A part that names something of its own, not only "what were they again"."""
        clause = self.clause(text)
        topics = [t for t in self.topics.labels_in(clause.core) if t not in (WHAT_IS, "definition")]
        return bool(
            [r for _, _, r in clause.roles if r in ROLE_IDS]
            or topics
            or self.aspects.labels_in(clause.lemmas)
            or self.query(clause)
            or self.numbers(clause.text.lower())
            or self.not_covered.labels_in(clause.lemmas)
            or self._ordinal(clause) is not None
            or bool(EARN_MAKE.search(clause.lower))  # "… and how much do they make?"
        )

    def _is_question(self, text: str) -> bool:
        clause = self.clause(text)
        return bool(self._starts_question(text) or self.topics.labels_in(clause.lemmas)) and len(clause.words) >= 3

    # ---- one clause ----------------------------------------------------------------------------------------------
    def parse(self, c: Clause, memory: Memory, intent: str | None, confidence: float) -> Frame | None:
        described = None if any(r in ROLE_IDS for _, _, r in c.roles) else self.described_role(c)
        if described and self._asks_which(c, []) and c.words[:1] in (["which"], ["who"]):
            described = None  # "which of those two is the more direct one?" asks which, it names none
        if described is None and memory.recommended and c.lemmas in self.recommended:
            described = memory.recommended  # "and for the one you recommended?"
        unnamed = all(r == PREVIOUS for _, _, r in c.roles)  # "her job" (not "the other way", "the PM")
        if described is None and unnamed and not set(c.words) & {"which", "who", "whose", "or"}:
            who = self.person(c) or ""
            # "what would she make?" after her description ("my friend … she likes …" or "my friend likes …")
            described = memory.people.get(who) or (memory.people.get("someone") if who in ("she", "he") else None)
        memory = replace(memory, ordinal_role=self._ordinal_role(c, memory) or described)
        named = [r for _, _, r in c.roles] + ([memory.ordinal_role] if memory.ordinal_role else [])
        compared_with = self._only_compared_with(c, memory)
        if compared_with:
            named = [memory.role]  # "do they interact with clients continuously like AMs?" asks about "they"
        specific = [r for r in named if r in ROLE_IDS]
        numbers = self._in_thousands_like_last(self.numbers(c.text.lower()), memory)
        topics = self._asked_topics(c)
        yes_no = self._is_yes_no(c) or self._continues_yes_no(c, memory, topics, numbers)
        if "salary" not in topics and EARN_MAKE.search(c.lower):
            topics = topics + ["salary"]  # "how much more does the PM make?" (not "make sure", "make a business …")
        aspect = self._asked_aspect(c)
        if aspect and {"skills", "responsibilities"} & set(topics) and "differences" not in topics:
            aspect = None  # "what do AMs need communication skills for?" asks about the skill, not the difference

        reference = self._reference(c, memory, named, specific, topics, aspect, yes_no)
        if reference is not None:
            return reference
        basis = self._basis(c, memory, topics, yes_no, numbers)
        if basis is not None:
            return basis
        either = self._either_or_figure(c, memory, numbers, specific)
        if either is not None:
            return either

        neighbour = next((key for pattern, key in self.neighbours if pattern.search(c.text)), None)
        if neighbour:
            nearest = self.kb.lexicon["neighbours"][neighbour]["nearest"]
            return Frame(
                NEIGHBOUR,
                roles=(nearest,) if nearest else tuple(dict.fromkeys(specific)),
                subject=neighbour,
                topic=self._topic(topics),
                attribute=self._salary_attribute(c),
                text=c.text,
            )

        meta = self._meta(c)
        if meta:
            return Frame(META, subject=meta, text=c.text)

        compared = bool(set(c.words) & {"compared", "than", "versus", "vs", "against", "unlike"})
        roles = self.resolve_roles(named, memory, compared=compared)
        if not roles and not named and self._continues_thread(c, topics, memory):
            roles = (memory.last[0].roles[0],)  # "what's the range?" right after a PM answer is about PMs
        claim = yes_no and any(n.kind in ("money", "percent", "plain") for n in numbers)
        uncovered = None if claim else self._uncovered(c, topics, numbers, roles, memory)
        if uncovered:
            closest = self.kb.not_covered[uncovered].get("closest", "none")
            implied = "salary" if closest.startswith("salary") else "outlook" if closest.startswith("outlook") else None
            return Frame(
                NOT_COVERED,
                roles=roles,
                subject=uncovered,
                topic=self._explicit_topic(topics) or implied or self._topic(topics),
                compute="difference" if {"difference"} & set(self.compute.labels_in(c.lemmas)) else None,
                attribute=self._salary_attribute(c) or self._outlook_attribute(c),
                text=c.text,
                numbers=tuple(asdict(n) for n in numbers),
                also=("detour",) if self.kb.not_covered[uncovered].get("detour") else (),
            )

        figure_named = self._figure_by_value(numbers)
        all_known = all(self._figure_by_value([n]) for n in numbers if n.kind != "count")
        if figure_named and claim and not [t for t in topics if t != WHAT_IS]:
            topics = list(topics) + figure_named[1]  # "is the 2.1 million figure for account managers?"
        if self.asks_source(c) and (not claim or (figure_named and all_known)):
            if figure_named:
                roles, topics = roles or figure_named[0], list(topics) + figure_named[1]
            elif self.outlook_attributes.labels_in(c.lemmas) and "salary" not in topics:
                topics = list(topics) + ["outlook"]  # "where does the PM jobs number come from?"
            return self._source_frame(c, memory, roles, topics, yes_no)

        if figure_named and all_known and not yes_no and not claim and self._asks(c):
            asked_attrs = set(self.outlook_attributes.labels_in(c.lemmas) + self.salary_attributes.labels_in(c.lemmas))
            quoted = {"growth_percent"} if any(n.kind == "percent" for n in numbers) else set()  # the "%" itself
            if (
                not self.compute.labels_in(c.lemmas)
                and not self._direction(c)
                and asked_attrs <= {"new_positions"} | quoted
            ):
                # "what was the 33% about again?": the article's sentence with that figure
                named_roles = tuple(dict.fromkeys(specific))
                return Frame(LOOKUP, roles=named_roles or figure_named[0], topic=figure_named[1][0], text=c.text)
        figure = self._figure_frame(c, memory, roles, specific, topics, numbers, yes_no)
        if figure is not None:
            return figure

        count = self._count_frame(c, roles, specific)
        if count is not None:
            return count

        return self._fact_frame(c, memory, roles, named, specific, topics, aspect, yes_no, numbers, intent, confidence)

    # ---- roles -------------------------------------------------------------------------------------------------
    def resolve_roles(
        self, named: Sequence[str], memory: Memory, follow_up: bool = False, compared: bool = False
    ) -> Tuple[str, ...]:
        """The roles a part is about: those it names, "the other" one, the one referred back to, or ()."""
        specific = [r for r in named if r in ROLE_IDS]
        if not specific and memory.ordinal_role:
            specific = [memory.ordinal_role]
        if len(set(specific)) >= 2 or BOTH in named:
            return ROLE_IDS
        if specific:
            return (specific[0],)
        if OTHER in named and PREVIOUS in named and compared:
            return ROLE_IDS  # "how often are they in contact compared to the other role?"
        if OTHER in named:
            last = self._last_roles(memory)
            if len(last) != 1 and memory.role:
                last = (memory.role,)  # after a comparison, "the other role" is other than the one discussed alone
            return (self.kb.other_role(last[0]),) if len(last) == 1 else ()
        if PREVIOUS in named or follow_up:
            last = self._last_roles(memory)
            return last
        return ()

    def _continues_thread(self, c: Clause, topics: Sequence[str], memory: Memory) -> bool:
        """A part that names no role continues the last answer's single role, unless it asks about both: which
        one, a comparison, the differences, which fits, why a business needs both, the source."""
        memory_last = memory.last[0] if memory.last else None
        if not memory_last or len(memory_last.roles) != 1:
            return False
        if memory_last.op == WHICH and memory_last.compute == "compare":
            return False  # "how about the job outlook?" after "which pays more?": both roles again
        if self._both_figures(c):
            return False  # "ok and the salaries?": both roles' figures
        if self._asks_which(c, []) or self._direction(c):
            return False
        return not {"differences", "fit", "alignment", "source"} & set(topics) or bool(self.aspects.labels_in(c.lemmas))

    def _both_figures(self, c: Clause) -> bool:
        words = set(c.words)
        return bool(words & {"salaries", "averages", "ranges", "outlooks"}) and not words & {"their", "they", "them"}

    def described_role(self, c: Clause) -> str | None:
        """ "the one who keeps clients happy", "the one that doesn't sell": the role the description fits."""
        match = DESCRIBED.search(c.lower)
        if not match:
            return None
        words = (match.group("rest") or match.group("before").replace("-", " ")).split()
        if not match.group("rest") and set(words) & NOT_DESCRIPTIONS:
            return None  # "the other one", "the first role", "the right job" say which, not what it does
        negative = bool(set(words) & {"not", "never", "no"})
        concepts = self.index.concepts.of_lemmas(" ".join(self.analyzer.lemma(w) for w in words))
        if not concepts:
            return None
        best: Dict[str, float] = {}
        for role in ROLE_IDS:
            hits = [h for h in self.index.search(concepts, roles=[role]) if h.clause.negative == negative]
            best[role] = hits[0].coverage if hits else 0.0
        winner = max(best, key=best.get)
        return winner if best[winner] > best[self.kb.other_role(winner)] else None

    def _last_roles(self, memory: Memory) -> Tuple[str, ...]:
        for frame in memory.last:
            if frame.roles:
                return tuple(frame.roles)
        return (memory.role,) if memory.role else ()

    # ---- kinds of question -------------------------------------------------------------------------------------
    def _is_yes_no(self, c: Clause) -> bool:
        words = c.words
        if not words:
            return False
        tagged_tail = any(c.lower.endswith(" " + t) for t in self.tag_endings) and len(words) > 3 and bool(c.roles)
        if words[:1] == ["and"] and words[1:2] in (["overall"], ["generally"]) and words[2:3]:
            words = words[:1] + words[2:]  # "and overall, does the article think …?"
        if words[0] == "and" and len(words) > 1 and words[1] not in self.yes_no_starts and not tagged_tail:
            rest = self.clause(c.text.split(" ", 1)[1] + ("?" if c.question else ""))
            if (
                rest.roles
                and rest.roles[0][0] == 0
                and c.question
                and set(rest.words) & (CLAIM_VERBS | {"talk", "are", "do"})
            ):
                return True  # "and AMs talk in a direct, task-focused way?"
            if c.question and rest.words[:2] in (["that", "is"], ["it", "is"], ["this", "is"]):
                return True  # "and that's the same as the top for AMs?"
            return False  # "and the skills they need?" is a follow-up, not a yes/no question
        asks_after = len(words) > 3 and words[2] in self.yes_no_starts and (words[2] != "am" or words[3] == "i")
        if words[0] in REQUEST_STARTS and not asks_after:
            return False  # "remind me, am avg pay?" (but "tell me, do PMs sell?")
        verbs = [w for w in words[2:4] if w not in ("also", "please", "just", "quickly", "maybe")]
        if words[:2] in REQUESTS and verbs and verbs[0] in REQUEST_VERBS:
            return False  # "can you explain the timeline difference?" asks for the answer, not for yes or no
        tagged = any(c.lower.endswith(" " + t) for t in self.tag_endings if t.startswith("or "))
        if "or" in words and 0 < words.index("or") < len(words) - 1:
            i = words.index("or")
            sides = {self._direction(self.clause(words[i - 1])), self._direction(self.clause(words[i + 1]))}
            if sides == {"greater", "lesser"}:
                return False  # "is that above or below average?" asks which, not yes or no
        if "or" in words and not tagged and "not" not in words[words.index("or") + 1 : words.index("or") + 2]:
            two_roles = len({r for _, _, r in c.roles if r in ROLE_IDS}) == 2
            # "do PMs have sales targets or do sales?" asks one thing twice over: still a yes/no question
            asks_again = words[words.index("or") + 1 : words.index("or") + 2] in [[w] for w in self.yes_no_starts]
            aspect_choice = bool(self.aspects.labels_in(c.lemmas)) and not asks_again
            if two_roles or {"more", "rather", "better"} & set(words) or aspect_choice:
                return False  # a choice ("more strategic or operational?", "AM or PM?"), not a yes/no question
        if words[0] in self.yes_no_starts and not (words[0] == "am" and len(words) > 1 and words[1] != "i"):
            return True
        verb_or_figure = (
            set(words) & CLAIM_VERBS
            or any(n.kind != "count" for n in self.numbers(c.text.lower()))
            or (c.roles and c.roles[0][0] == 0 and not self._names_a_topic_only(c))
            or words[0] in ("they", "it", "both", "he", "she", "that", "this", "those", "these", "so")
        )
        if c.question and words[0] not in WH_WORDS and not set(words) & WH_WORDS and verb_or_figure:
            return True  # "So AMs are the strategic ones?"
        tail = c.lower
        role_first = bool(c.roles) and c.roles[0][0] == 0  # "AM right?" after "who's the go-between?"
        if any(tail.endswith(" " + t) or tail == t for t in self.tag_endings) and (len(words) > 2 or role_first):
            return True
        return self._is_claim(c)

    def _in_thousands_like_last(self, numbers: List[Number], memory: Memory) -> List[Number]:
        """ "PMs average like 95k right?" - "and AMs around 75?": a bare number after a salary in thousands is in
        thousands too."""
        last = memory.last[0] if memory.last else None
        if last is None or last.op != VERIFY or last.topic != "salary" or len(numbers) != 1:
            return numbers
        said = [n for n in last.numbers if n.get("kind") == "money" and n.get("value", 0) >= 1000]
        n = numbers[0]
        if not said or n.kind != "plain" or not 10 <= n.value < 1000:
            return numbers
        return [Number(n.value * 1000, "money", n.text)]

    def _names_a_topic_only(self, c: Clause) -> bool:
        """ "pm avg salary?", "AM skills?": a role and a topic, no verb: asks for it, not whether it is so."""
        topics = set(self.topics.labels_in(c.lemmas)) & CONTENT_TOPICS
        return bool(topics) and not set(c.words) & CLAIM_VERBS and not self.aspects.labels_in(c.lemmas)

    def _continues_yes_no(self, c: Clause, memory: Memory, topics: Sequence[str], numbers: Sequence[Number]) -> bool:
        """ "do PMs handle budgets?" - "and resources?": the same yes/no question about something else. A follow-up
        naming a topic ("and the skills they need?") or asking its own question ("and what do they earn?") is not."""
        last = memory.last[0] if memory.last else None
        if last is None or last.op != YES_NO or numbers or len(c.words) > 7:
            return False
        match = ELLIPTIC_FOLLOW_UP.match(c.lower)
        if not match or [t for t in topics if t != WHAT_IS]:
            return False
        rest = c.lower[match.end() :].split()
        return bool(rest) and not set(rest) & WH_WORDS and rest[0] not in self.yes_no_starts  # "and is AM …?" asks anew

    def _is_claim(self, c: Clause) -> bool:
        return any(c.lower.startswith(s + " ") for s in self.claim_starts)

    def numbers(self, lower: str) -> List[Number]:
        found: List[Number] = []
        for m in _NUMBER.finditer(lower):
            raw = m.group("value").replace(",", "")
            value = float(raw)
            unit = (m.group("unit") or "").lower()
            if unit in ("k", "thousand", "grand"):
                value *= 1000
            elif unit in ("m", "million", "mil"):
                value *= 1_000_000
            if unit in ("%", "percent", "per cent"):
                kind = "percent"
            elif m.group("dollar") or value >= 10000 and not _YEAR.fullmatch(raw):
                kind = "money" if m.group("dollar") or unit not in ("m", "million", "mil") else "plain"
                if unit in ("m", "million", "mil"):
                    kind = "plain"
                if not m.group("dollar") and JOBS_AFTER.match(lower, m.end()):
                    kind = "plain"  # "those 23,800 account manager roles": a number of jobs, not dollars
            elif _YEAR.fullmatch(raw):
                kind = "year"
            else:
                kind = "count" if value <= 20 else "plain"
            found.append(Number(value, kind, m.group(0).strip()))
        for word, value in _NUMBER_WORDS.items():
            if re.search(rf"\b{word}\b", lower) and not re.search(rf"\b{word} (of|more|times)\b", lower):
                if word != "one":
                    found.append(Number(float(value), "count", word))
        return found

    def _explicit_topic(self, topics: Sequence[str]) -> str | None:
        return next((t for t in topics if t not in (WHAT_IS, "definition")), None)

    def _topic(self, topics: Sequence[str]) -> str | None:
        topics = ["definition" if t == WHAT_IS else t for t in topics]
        return next((t for t in topics if t != "definition"), topics[0] if topics else None)

    def _salary_attribute(self, c: Clause) -> str | None:
        found = self.salary_attributes.labels_in(c.lemmas)
        return found[0] if found else None

    def _outlook_attribute(self, c: Clause) -> str | None:
        found = self.outlook_attributes.labels_in(c.lemmas)
        return found[0] if found else None

    def _asks_after_background(self, c: Clause, key: str, topics: Sequence[str]) -> bool:
        """The uncovered words only set the scene: a question about a covered topic follows them."""
        found = [start for labels, _, start, _ in self.not_covered.find(c.lemmas) if key in labels]
        rest = c.lemmas[found[0] :].split() if found else []
        covered = [t for t in topics if t in CONTENT_TOPICS or t == "definition"]
        return bool(covered) and any(w in WH_WORDS for w in rest[1:])

    def _figure_context(self, c: Clause, topics: Sequence[str]) -> bool:
        return "salary" in topics or "outlook" in topics

    def _meta(self, c: Clause) -> str | None:
        words = set(c.words)
        if words & {"author", "wrote", "writer", "written"} and not c.roles:
            return "author"
        if words & {"date", "dated", "when", "year"} and words & {"article", "published", "written", "post"}:
            return "date"
        if "source" in words and "link" in words:
            return "link"
        if words & {"website", "site", "publisher", "published", "blog"} and not c.roles:
            return "publisher"
        return None

    def _uncovered(
        self, c: Clause, topics: Sequence[str], numbers: List[Number], roles: Sequence[str], memory: Memory
    ) -> str | None:
        # "and if I applied for the other role instead?" is the last question for the other role, not job hunting
        found = self.not_covered.labels_in(self._strip(c.lemmas, self.hypothetical))
        for key in found:
            if key == "growth_other_years" and "outlook" not in topics and "salary" not in topics:
                if not self.outlook_attributes.labels_in(c.lemmas):
                    continue
            if key == "hourly" and self.compute.labels_in(c.lemmas) == ["monthly"] and roles:
                return key
            if key == "career_path" and "outlook" in topics:
                continue  # "are both career paths expected to grow?" asks the outlook
            if key in BACKGROUND and self._asks_after_background(c, key, topics):
                continue  # "interview for an AM role tmrw, what do they even do all day?" asks what they do
            return key
        # the forecast's own year (2027, the PM figure's) is covered, but not for a role whose figure has none
        asked = [r for r in roles if r in ROLE_IDS] or list(ROLE_IDS)
        forecast_years = {self.kb.roles[r].outlook_figures.get("by_year") for r in asked} - {None}
        years = [n for n in numbers if n.kind == "year" and n.value not in forecast_years]
        any_year = [n for n in numbers if n.kind == "year"]  # a forecast's year is never a salary's
        salary_year = any_year if "outlook" not in topics else years
        if salary_year and "salary" in topics and not self._is_yes_no(c):
            return "salary_years"  # "what was the AM salary in 2015?": its salary figures carry no year
        thread = memory.topic == "outlook" and self._follows_up(c)  # "and what about by 2030?"
        if years and ("outlook" in topics or self.outlook_attributes.labels_in(c.lemmas) or thread):
            figure_too = any(n.kind in ("plain", "percent", "money") for n in numbers)  # "23,800 by 2027?": a claim
            if not self._is_yes_no(c) and not figure_too:
                return "growth_other_years"
        return None

    def _basis(
        self, c: Clause, memory: Memory, topics: Sequence[str], yes_no: bool, numbers: Sequence[Number]
    ) -> Frame | None:
        """What the salary figures are per and where they are for: "are those monthly?", "which country is that?"."""
        words = set(c.words)
        about_figures = "salary" in topics or (
            memory.topic == "salary"
            and bool(
                words
                & {
                    "figure",
                    "figures",
                    "number",
                    "numbers",
                    "those",
                    "these",
                    "they",
                    "that",
                    "it",
                    "salaries",
                    "averages",
                }
            )
        )
        if not about_figures or any(n.kind in ("money", "percent") for n in numbers) or self.asks_source(c):
            return None  # "where do the salary numbers come from?" asks the source
        roles = (
            tuple(memory.last[0].roles)
            if memory.last and not c.roles
            else tuple(r for _, _, r in c.roles if r in ROLE_IDS)
        )
        us_or = self._names_us(c) and "or" in words  # "is that US or UK?"
        about_article = bool(
            re.search(r"\b(?:article|it)\b.*\b(?:give|gives|say|says|mention|list|include|have)\b", c.lower)
        )
        if any(r in ROLE_IDS for _, _, r in c.roles) and not us_or and not about_article:
            return None  # "and account managers in the US?" asks for their figure
        uncovered = self.not_covered.labels_in(c.lemmas)
        # "these salary numbers are UK figures, yes?": no, they are U.S. figures (not "what do PMs make in the UK?")
        region_check = (
            yes_no
            and uncovered == ["region"]
            and not words & WH_WORDS
            and not words & {"you", "u", "have", "give", "got", "know", "find", "get"}  # "do you have the UK number?"
            and bool(words & FIGURE_WORDS)
        )
        if (uncovered and not us_or and not region_check) or set(self.compute.labels_in(c.lemmas)) - {"monthly"}:
            return None  # "a typical monthly paycheck", "in the UK", "how much more a month?"
        asks_period = yes_no or "or" in words or bool(words & {"period", "unit", "basis", "timeframe"})
        yearly, other = c.lemmas in self.per_year, c.lemmas in self.other_periods
        if (yearly or other) and asks_period:
            asked = "both" if yearly and other else "yearly" if yearly else "other"
            return Frame(
                PER_YEAR,
                roles=roles,
                topic="salary",
                subject="period",
                attribute=asked,
                yes_no=yes_no and asked != "both",
                text=c.text,
            )
        us, elsewhere = c.lemmas in self.us_figures, c.lemmas in self.other_regions or region_check
        if us_or:
            return Frame(PER_YEAR, roles=roles, topic="salary", subject="us", attribute="which", text=c.text)
        if (us and yes_no) or (elsewhere and (yes_no or bool(words & {"which", "what", "where"}))):
            asked = "us" if us else "other" if yes_no else "which"
            return Frame(
                PER_YEAR, roles=roles, topic="salary", subject="us", attribute=asked, yes_no=yes_no, text=c.text
            )
        return None

    def _either_or_figure(
        self, c: Clause, memory: Memory, numbers: Sequence[Number], specific: Sequence[str]
    ) -> Frame | None:
        """ "is the 2.1 million new jobs or total jobs?": neither yes nor no; the sentence that says what it is."""
        words = c.words
        if not words or words[0] not in ("is", "are", "was", "were") or "or" not in words:
            return None
        if len(set(specific)) == 2 or self._direction(c) or set(self.compute.labels_in(c.lemmas)) - {"sum"}:
            return None  # "is it the AM or the PM?", "is that above or below average?"
        last = memory.last[0] if memory.last else None
        quoted = [Number(**n) for n in last.numbers] if last and not numbers else []  # "you said 2.1 million, is"
        named = self._figure_by_value(numbers) or (self._figure_by_value(quoted) if quoted else None)
        if named:
            roles, topic = named[0], named[1][0]
        elif last and last.topic in ("salary", "outlook") and set(words) & {"that", "it", "this", "those", "these"}:
            roles, topic = tuple(last.roles), last.topic
        elif last and set(words) & {"that", "it", "this"} and (outlook := self._outlook_facts(last)):
            # "you said 2.1 million earlier, is that …": the sentence the figure was recalled from
            roles, topic = tuple(dict.fromkeys(f.role for f in outlook if f.role)), "outlook"
        else:
            return None
        if any(n.kind != "count" and not self._figure_by_value([n]) for n in numbers):
            return None  # a figure of the person's own is checked, not described
        return Frame(LOOKUP, roles=tuple(dict.fromkeys(specific)) or roles, topic=topic, text=c.text)

    def _outlook_facts(self, frame: Frame) -> List[Fact]:
        return [self.kb.facts[f] for f in frame.facts if f in self.kb.facts and self.kb.facts[f].kind == "outlook"]

    def _names_us(self, c: Clause) -> bool:
        """ "in the US", "U.S. figures", "US or UK?" (the capitals tell "US" from "us")."""
        return c.lemmas in self.us_figures or bool(re.search(r"\b(?:U\.S\.A?\.?|US|USA|America)\b", c.text))

    def _figure_by_value(self, numbers: Sequence[Number]) -> Tuple[Tuple[str, ...], List[str]] | None:
        """The roles and topic of a figure the person quotes ("the 23,800 figure"), if it is one of the article's."""
        from actions import figures

        for number in numbers:
            for role in ROLE_IDS:
                for attribute, topic in (
                    ("new_positions", "outlook"),
                    ("growth_percent", "outlook"),
                    ("by_year", "outlook"),
                    ("average", "salary"),
                    ("low", "salary"),
                    ("high", "salary"),
                ):
                    fig = figures.figure(self.kb, role, attribute)
                    if fig and abs(fig.value - number.value) < 0.5:
                        return (role,), [topic]
        return None

    def _source_frame(
        self, c: Clause, memory: Memory, roles: Tuple[str, ...], topics: Sequence[str], yes_no: bool
    ) -> Frame:
        """ "Who says PM jobs will grow 33%?", "where does the AM figure come from?", or (no subject) "who says
        so?" about the last answer."""
        topic = "outlook" if "outlook" in topics else "salary" if "salary" in topics else None
        if topic is None and c.roles and self.outlook_attributes.labels_in(c.lemmas):
            topic = "outlook"  # "back to the PM jobs - where does that number come from?"
        named = "bureau" in c.words or "bls" in c.words or "labor" in c.words
        if topic is None and named and yes_no and set(c.words) & REPORT_WORDS and not c.roles:
            # "is it a BLS report?": the article is BrainWaveTrail's; it cites the BLS for one figure
            return Frame(SOURCE, subject="article", claimed_role="named", yes_no=yes_no, text=c.text)
        if topic is None and not c.roles and c.lemmas in self.article_sources:
            # "does the article cite anyone at all?": the sources of the whole article, not of the last answer
            return Frame(SOURCE, subject="article", yes_no=yes_no, text=c.text)
        facts: Tuple[str, ...] = ()
        if topic is None and memory.last:
            last = memory.last[0]
            topic, facts = last.topic, last.said or last.facts
            roles = roles or tuple(last.roles)
        named = "bureau" in c.words or "bls" in c.words or "labor" in c.words
        return Frame(
            SOURCE,
            roles=roles,
            topic=topic,
            facts=facts,
            yes_no=yes_no,
            claimed_role="named" if named else None,
            text=c.text,
        )

    # ---- references to the conversation ------------------------------------------------------------------------
    def _reference(
        self,
        c: Clause,
        memory: Memory,
        named: Sequence[str],
        specific: Sequence[str],
        topics: Sequence[str],
        aspect: str | None,
        yes_no: bool,
    ) -> Frame | None:
        last = memory.last[0] if memory.last else None
        named_roles = [r for _, _, r in c.roles if r in ROLE_IDS]
        if yes_no and last is not None and last.op == WHICH and len(named_roles) == 1 and len(c.words) <= 3:
            return replace(last, claimed_role=named_roles[0], text=c.text)  # "who sells? AM right?": that, checked
        if (
            last is not None
            and last.topic == "salary"
            and last.compute == "compare"
            and EVERY_CASE.search(c.lower)
            and re.search(r"\b(?:that|it|this)\b", c.lower)
        ):
            return replace(last, text=c.text, yes_no=True)  # "is that true for every PM though?" after the averages
        content = self.index.concepts.of_lemmas(
            self._strip(c.core, self.correction, self.follow_up, self.that, self.recommended_core, self.why)
        )
        described = DESCRIBED.search(c.lower) if memory.ordinal_role else None
        if described:  # "and the chatty ones?": the description names the role, it is not a new subject
            said = described.group("rest") or described.group("before") or ""
            content = content - self.index.concepts.of_lemmas(self.analyzer.lemma_text(said.replace("-", " ")))
        which_item = self._named_list(c, memory, named) or self._which_item(c, memory, named)
        if which_item is not None:
            return which_item
        item = self._ordinal(c)
        last_item = memory.last[0] if memory.last and memory.last[0].op == ITEM else None
        if item is None and last_item and last_item.item and self._relative_item(c):
            item = last_item.item + self._relative_item(c)  # "and the one before it?"
        elif item is not None and self._relative_item(c) and re.search(r"\b(?:before|after) the\b", c.lower):
            item = item + self._relative_item(c)  # "the one before the fifth?"
        if item is not None and named and self.alike.labels_in(c.lemmas):
            alike = self._alike_item(c, item, named, memory)
            if alike is not None:
                return alike
        if item is not None and self._ordinal_role(c, memory) is None:
            kinds = [k for k in self.countable.labels_in(c.lemmas) if k in LIST_KINDS]
            last_item = memory.last[0] if memory.last and memory.last[0].op == ITEM else None
            kind = kinds[0] if kinds else (last_item.subject if last_item else None)
            if kind is None and last and last.op == COUNT and last.subject in LIST_KINDS:
                kind = last.subject  # "how many differences are there, and what's the first one?"
            listed = {topic: list_kind for list_kind, topic in LIST_TOPICS.items()}
            if kind is None and last and last.op == LOOKUP and not last.aspect and last.topic in listed:
                kind = listed[last.topic]  # "going back to the differences, what was number 2?"
            if kind is None and memory.lists:
                kind = memory.lists[0]["kind"]
            roles = self.resolve_roles(named, memory) if named else ()
            if not roles and last_item and not kinds:
                roles = tuple(last_item.roles)
            return Frame(
                ITEM,
                roles=roles,
                item=item,
                subject=kind,
                aspect=aspect,
                text=c.text,
                yes_no=yes_no,  # "is that the fifth difference?"
                also=("why",) if c.lemmas in self.why else (),
            )
        if last is None:
            return None
        same_figure = self._same_figure_for(c, last, specific, yes_no)
        if same_figure is not None:
            return same_figure
        if last.op == COUNT and last.subject in LIST_KINDS and THEM_LISTED.match(c.lower):
            roles = () if last.subject == "differences" else tuple(last.roles)
            return Frame(LOOKUP, roles=roles, topic=LIST_TOPICS[last.subject], text=c.text)
        if self.asks_source(c) and not self._figure_context(c, topics) and len(content) <= 2:
            return self._source_frame(c, memory, self.resolve_roles(named, memory), topics, yes_no)
        sums = "sum" in self.compute.labels_in(c.lemmas)  # "both together per year?" adds, it does not ask the unit
        if c.lemmas in self.per_year and last.topic in ("salary", "outlook") and len(c.words) <= 6 and not sums:
            named_figure = self._figure_by_value(self.numbers(c.text.lower()))  # "is the 2.1m per year?" is the PMs'
            if named_figure:
                return Frame(PER_YEAR, roles=named_figure[0], topic=named_figure[1][0], text=c.text)
            return Frame(PER_YEAR, roles=tuple(last.roles), topic=last.topic, text=c.text)
        if (
            last.op == NOT_COVERED
            and last.subject == "region"
            and len(c.words) <= 4
            and set(c.words) & {"us", "usa", "u.s.", "america", "american"}
        ):
            # "the average PM salary in Canada?" (not given), then "ok US then": the U.S. figure the article gives
            return Frame(
                LOOKUP,
                roles=tuple(last.roles),
                topic=last.topic or "salary",
                attribute=last.attribute,
                operands=last.operands,
                text=c.text,
            )
        figure_words = {"figure", "figures", "number", "numbers", "ones", "data", "those", "these", "that", "it"}
        asks_role_in_us = bool(specific) and not set(c.words) & figure_words  # "and account managers in the US?"
        if (
            c.lemmas in self.us_figures
            and last.topic in ("salary", "outlook")
            and len(c.words) <= 7
            and not asks_role_in_us
        ):
            return Frame(PER_YEAR, roles=tuple(last.roles), topic=last.topic, subject="us", text=c.text)
        own_topics = [t for t in topics if t != WHAT_IS] if self._follows_up(c) else topics
        if c.lemmas in self.more and self.that.labels_in(c.lemmas):
            own_topics = [t for t in own_topics if t not in (WHAT_IS, "definition")]  # "explain it for PMs"
        compares = bool(self.compute.labels_in(c.lemmas)) or c.lemmas in self.greater or c.lemmas in self.lesser
        bare = not own_topics and not aspect and len(content) == 0 and not self.numbers(c.text.lower()) and not compares
        asks_of_that = c.words[0] in self.yes_no_starts and self.that.labels_in(c.lemmas)
        if bare and not asks_of_that and (specific or OTHER in named or BOTH in named):
            roles = self.resolve_roles(named, memory)
            if OTHER in named and not roles and last.roles and len(last.roles) == 2:
                return Frame(UNKNOWN, subject="which_other", text=c.text)
            if roles and last.op == NOT_COVERED and last.subject == "region" and self._names_us(c):
                # "the UK number?" then "and account managers in the US?": the U.S. figure the article gives
                return Frame(LOOKUP, roles=roles, topic=last.topic or "salary", text=c.text)
            if roles:
                return self.retarget(last, roles, c.text, self._asks_yes_no_of_role(c, yes_no))
        if BARE_WHICH.match(c.lower) and last.op in (YES_NO, LOOKUP) and last.concepts:
            # "who does then?" after "do AMs work on short projects?": which role does what was asked
            return Frame(WHICH, topic=last.topic, aspect=last.aspect, concepts=last.concepts, text=c.text)
        asks_why = c.lemmas in self.why or c.lemmas in self.more
        same_role = not specific or tuple(dict.fromkeys(specific)) == tuple(last.roles)
        why_bare = not own_topics and not aspect and len(content) == 0 and same_role
        said_facts = [self.kb.facts[f] for f in (last.said or last.facts) if f in self.kb.facts]
        said_concepts = frozenset().union(*(self.index.concepts.of_text(f.text) for f in said_facts))
        named_said = bool(specific) and set(specific) <= {f.role for f in said_facts}
        said_words = {"w:" + w for f in said_facts for w in self.analyzer.lemma_text(f.text).split()}
        about_said = bool(content) and content <= said_concepts | said_words | self.generic_concepts
        # "what's the point of talking like that?": a pronoun for the last answer, and a word of it
        points_back = (
            bool(self.that.labels_in(c.lemmas))
            and bool(content & said_concepts - self.generic_concepts)
            and not self._is_recall(c)  # "going back to the communication thing - why talk that way?" is that thing
        )
        about_said = (about_said or points_back) and (named_said or same_role)
        if about_said and asks_why and c.lemmas in self.why and not own_topics:
            # "why is the account manager's one so long?" after the timeline difference: that role's sentence
            roles_asked = tuple(dict.fromkeys(specific)) or tuple(last.roles)
            said = tuple(f.id for f in said_facts if f.role in roles_asked) or tuple(f.id for f in said_facts)
            return Frame(
                LOOKUP,
                roles=roles_asked,
                concepts=last.concepts,
                facts=said,
                topic=last.topic,
                aspect=last.aspect,
                text=c.text,
                also=("why",),
            )
        if (bare or why_bare) and asks_why and (last.said or last.facts):
            said = last.said or last.facts
            own = [f for f in said if f in self.kb.facts and self.kb.facts[f].role in last.roles]
            if len(last.roles) == 1 and own:
                said = tuple(own)  # "why not?" after "no, the article says that of AMs": the PM's own sentence
            return Frame(
                LOOKUP,
                roles=tuple(last.roles),
                concepts=last.concepts,  # what the question it explains asked, for "and does the other role?"
                facts=said,
                topic=last.topic,
                aspect=last.aspect,
                text=c.text,
                also=("why" if c.lemmas in self.why else "more",),
            )
        return None

    def _mentioned_fact(self, c: Clause, memory: Memory) -> Frame | None:
        """ "you mentioned communication there": the one sentence of the last answer with that word."""
        last = memory.last[0] if memory.last else None
        if last is None or not MENTIONS.search(c.lower):
            return None
        query = self.query(c) - self.generic_concepts
        said = [self.kb.facts[f] for f in (last.said or last.facts) if f in self.kb.facts]
        matching = [f for f in said if query & self.index.concepts.of_text(f.text)]
        if len(matching) > 1:  # the word itself decides between sentences that share its concept
            literal = [f for f in matching if any(w in f.text.lower() for w in c.words if len(w) > 4)]
            matching = literal or matching
        if len(matching) != 1:
            return None
        fact = matching[0]
        return Frame(LOOKUP, roles=(fact.role,) if fact.role else (), topic=last.topic, facts=(fact.id,), text=c.text)

    def _only_compared_with(self, c: Clause, memory: Memory) -> bool:
        """The one role named is what "they" (the role discussed) are compared with: "… like AMs?", "… than AMs do?"."""
        spans = [s for s in c.roles if s[2] in ROLE_IDS]
        if len(spans) != 1 or not memory.role or spans[0][2] == memory.role:
            return False
        words = _normalise(c.text).split()
        first = spans[0][0]
        before = words[first - 1] if first > 0 else ""
        if "salary" in self._asked_topics(c) or EARN_MAKE.search(c.lower) or self.numbers(c.lower):
            return False  # "do they earn more than AMs?" compares both roles' figures (see _figure_frame)
        return before in ("like", "unlike", "than") and bool(set(words[:first]) & {"they", "them", "their"})

    def _same_figure_for(self, c: Clause, last: Frame, specific: Sequence[str], yes_no: bool) -> Frame | None:
        """ "is that growth for AMs too?", "and that's the same as the top for AMs?" after one role's figure: the
        figure just given, checked against the other role's (no: theirs is …)."""
        said_kinds = {self.kb.facts[f].kind for f in (last.said or last.facts) if f in self.kb.facts}
        topic = last.topic or ("outlook" if said_kinds == {"outlook"} else None)  # the BLS sentence quoted
        if not yes_no or topic not in ("salary", "outlook") or len(last.roles) != 1 or self.numbers(c.lower):
            return None
        others = [r for r in dict.fromkeys(specific) if r != last.roles[0]]
        refers = bool(set(c.words) & {"that", "this", "it", "same"})  # "is the AM job growing too?" asks anew
        compares = self._direction(c) or self.compute.labels_in(c.lemmas)  # "is that more than an AM makes?"
        if len(others) != 1 or len(set(specific)) != 1 or not refers or compares or self.aspects.labels_in(c.lemmas):
            return None  # "does it involve selling?" asks about selling, whatever "it" is
        own = self.salary_attributes.labels_in(c.lemmas) + self.outlook_attributes.labels_in(c.lemmas)
        attribute = next((a for a in own if a != "range"), None) or last.attribute
        attribute = attribute or ("average" if topic == "salary" else "growth_percent")
        fig = figure(self.kb, last.roles[0], attribute)
        if fig is None:
            return None
        kind = {"money": "money", "percent": "percent"}.get(fig.unit, "plain")
        shown = show(self.kb, fig)
        stated = {"value": fig.value, "kind": kind, "text": shown}
        return Frame(
            VERIFY,
            roles=(others[0],),
            topic=topic,
            attribute=attribute,
            operands=((others[0], attribute),),
            numbers=(stated,),
            yes_no=True,
            text=c.text,
        )

    def _asks_yes_no_of_role(self, c: Clause, yes_no: bool) -> bool:
        """ "does the other role?" asks the yes/no question of it; "AM again?" only names it."""
        return yes_no and bool(c.words) and c.words[0] in self.yes_no_starts and not (c.roles and c.roles[0][0] == 0)

    def _retarget_both(self, frames: List[Frame], c: Clause, memory: Memory) -> List[Frame]:
        """ "do AMs sell? and do they work long term?" then "and the other role?": both questions again."""
        if len(frames) != 1 or "retarget" not in frames[0].also or len(memory.last) < 2:
            return frames
        newest, earlier = memory.last[0], memory.last[1]
        answerable = (LOOKUP, YES_NO, WHICH, ITEM, COMPUTE, VERIFY, COUNT)
        if earlier.roles != newest.roles or len(newest.roles) != 1 or earlier.op not in answerable:
            return frames
        again = self.retarget(earlier, frames[0].roles, c.text, self._asks_yes_no_of_role(c, self._is_yes_no(c)))
        return [again, frames[0]]

    def _which_item(self, c: Clause, memory: Memory, named: Sequence[str]) -> Frame | None:
        """ "which of the six is about bringing in more business?", "which difference is about talking style?":
        the item of that list whose sentences match what it is about."""
        shown = self._which_of_shown(c, memory)
        if shown is not None:
            return shown
        if not WHICH_ITEM.match(c.lower) or not ITEM_SUBJECT.search(c.lower):
            return None  # "which skills go with the strategic role?" asks for a list, not an item
        sizes = {k: len(self.kb.facts_of(LIST_FACT_KINDS[k], ROLE_IDS[0])) for k in LIST_KINDS if k != "differences"}
        sizes["differences"] = len(self.kb.differences)
        kinds = [k for k in self.countable.labels_in(c.lemmas) if k in LIST_KINDS]
        counted = [n.value for n in self.numbers(c.lower) if n.kind == "count"]
        kinds = kinds or [k for k, size in sizes.items() if counted and size == counted[0]]
        if len(set(kinds)) != 1:
            return None
        kind = kinds[0]
        fact_kind = LIST_FACT_KINDS[kind]
        roles = self.resolve_roles(named, memory) if named else ()
        if kind != "differences" and len(roles) != 1:
            roles = (memory.role,) if memory.role else ()
            if not roles:
                return None
        query = self.query(c) - frozenset(f"w:{w}" for w in ("six", "five", "three", "one", "list"))
        last = memory.last[0] if memory.last else None
        subject_words = frozenset(f"w:{w}" for w in ("cover", "about", "deal", "mention", "concern", "relate", "talk"))
        if last and set(c.words) & {"that", "this", "it"} and not (query - self.generic_concepts - subject_words):
            # "which of the six differences covers that?": the one the last answer was about
            said = [self.kb.facts[f] for f in (last.said or last.facts) if f in self.kb.facts]
            aspect = last.aspect or next((f.aspect for f in said if f.kind == "difference" and f.aspect), None)
            if kind == "differences" and aspect in self.kb.differences:
                return Frame(ITEM, item=self.kb.differences[aspect].number, subject=kind, text=c.text)
            of_kind = [f for f in said if f.kind == fact_kind and (not roles or f.role in roles)]
            if kind != "differences" and of_kind:
                return Frame(ITEM, roles=(of_kind[0].role,), item=of_kind[0].index, subject=kind, text=c.text)
        hits = [h for h in self.index.search(query, roles=list(roles) or None) if h.fact.kind == fact_kind]
        if not hits:
            return None
        fact = hits[0].fact
        number = self.kb.differences[fact.aspect].number if kind == "differences" else fact.index
        return Frame(ITEM, roles=roles if kind != "differences" else (), item=number, subject=kind, text=c.text)

    def _named_list(self, c: Clause, memory: Memory, named: Sequence[str]) -> Frame | None:
        """ "now the PM list", "the other list", "back to the first list, the one about fixing problems": a list
        shown before, or the same list for the other role; with what an item is about, that item of it."""
        words = c.words
        at = next((i for i, w in enumerate(words) if w in ("list", "lists")), None)
        if at is None or not memory.lists or [t for t in self._asked_topics(c) if t != WHAT_IS]:
            return None  # "list the skills" names its own list
        before = set(words[max(0, at - 3) : at])
        newest = memory.lists[0]
        roles = [r for r in named if r in ROLE_IDS]
        if roles:
            wanted = (newest["kind"], roles[0])
        elif "other" in before and newest.get("role"):
            wanted = (newest["kind"], self.kb.other_role(newest["role"]))
        elif before & {"first", "earlier", "original", "previous"}:
            wanted = (memory.lists[-1]["kind"], memory.lists[-1].get("role"))
        else:
            return None
        kind, role = wanted
        about = ITEM_SUBJECT.search(c.lower)
        entry = next((e for e in memory.lists if (e["kind"], e.get("role")) == wanted), None)
        if about and entry is not None and role:
            content = self.index.concepts.of_lemmas(self.analyzer.lemma_text(c.lower[about.end() :]))
            hits = [h.fact for h in self.index.search(content, roles=[role]) if h.fact.id in entry["facts"]]
            if hits:
                return Frame(ITEM, roles=(role,), item=hits[0].index, subject=kind, text=c.text)
        return Frame(LOOKUP, roles=(role,) if role else ROLE_IDS, topic=LIST_TOPICS[kind], text=c.text)

    def _which_of_shown(self, c: Clause, memory: Memory) -> Frame | None:
        """ "which one of those involves clients?" right after a role's list: the item of it that matches best."""
        last = memory.last[0] if memory.last else None
        if not WHICH_OF_SHOWN.match(c.lower) or not memory.lists or last is None or last.op != LOOKUP:
            return None
        entry = memory.lists[0]
        if entry["kind"] == "differences" or not entry.get("role"):
            return None
        if last.topic and last.topic != LIST_TOPICS[entry["kind"]]:
            return None  # the list was shown before the last answer: "which of them" are the roles now
        # a topic's own word is what an item is about here ("which of those is about growth?")
        query = self.query(c) or self.index.concepts.of_lemmas(self._strip(c.core, self.which))
        hits = [h.fact for h in self.index.search(query, roles=[entry["role"]]) if h.fact.id in entry["facts"]]
        if not hits:  # the words themselves ("clients" in "keeping clients … updated")
            rest = c.lower[WHICH_OF_SHOWN.match(c.lower).end() :].split()
            stems = {w[:5] for w in rest if len(w) > 3}
            items = [self.kb.facts[f] for f in entry["facts"] if f in self.kb.facts]
            hits = [f for f in items if stems & {w[:5] for w in re.findall(r"[a-z]+", f.text.lower())}]
        if len(hits) != 1 and not (hits and self.index.search(query, roles=[entry["role"]])):
            return None
        return Frame(ITEM, roles=(entry["role"],), item=hits[0].index, subject=entry["kind"], text=c.text)

    def _alike_item(self, c: Clause, item: int, named: Sequence[str], memory: Memory) -> Frame | None:
        """ "does the PM have anything like #5?" after the AM's list: does the other role do what that item says."""
        roles = self.resolve_roles(named, memory)
        entry = next((e for e in memory.lists if e.get("role") and e["kind"] != "differences"), None)
        if len(roles) != 1 or entry is None or entry["role"] == roles[0]:
            return None
        facts = entry["facts"]
        index = item - 1 if item > 0 else len(facts) - 1
        if not 0 <= index < len(facts):
            return None
        shown = Frame(ITEM, roles=(entry["role"],), said=(facts[index],))
        return self.retarget(shown, roles, c.text, yes_no=True)

    def counterpart(self, fact_id: str, roles: Tuple[str, ...]) -> str | None:
        """The same sentence for another role: the other side of a difference, its outlook, its fit factor."""
        fact = self.kb.facts.get(fact_id)
        if fact is None or len(roles) != 1 or fact.role in (None, roles[0]):
            return fact_id if fact is not None and fact.role in (None, *roles) else None
        key = self.kb.roles[roles[0]].key
        if fact.kind == "difference":
            return f"difference.{fact.aspect}.{key}"
        if fact.kind in ("outlook", "fit"):
            return f"{key}.{fact.kind}"
        return None

    def counterparts(self, fact_ids: Sequence[str], roles: Tuple[str, ...]) -> Tuple[str, ...]:
        """Each sentence's counterpart for those roles, in order, once; sentences without one are left out."""
        return tuple(dict.fromkeys(x for x in (self.counterpart(f, roles) for f in fact_ids) if x))

    def _follows_up(self, c: Clause) -> bool:
        """ "what's it for PMs?", "and for AMs?", "same for the other role": the role is the only new thing."""
        words = c.words
        role_one = any(  # "what's the AM one?", "the PM version": the same question, that role's answer
            w in ("one", "ones", "version", "equivalent") and i and words[i - 1].removesuffix("'s") in self.role_words
            for i, w in enumerate(words)
        )
        return bool(
            self.follow_up.labels_in(c.lemmas)
            or self.correction.labels_in(c.lemmas)
            or (words and words[0] == "and")
            or {"same", "it", "too", "also"} & set(words)
            or role_one
            or (len(words) <= 5 and words[-1:] == ["then"])  # "which is more strategic?" - "so what are PMs then"
        )

    def retarget(self, last: Frame, roles: Tuple[str, ...], text: str, yes_no: bool = False) -> Frame:
        """The last question again, for other roles ("no, I meant project managers", "and the other one?")."""
        said = [self.kb.facts[f] for f in (last.said or last.facts) if f in self.kb.facts]
        if yes_no and last.op in (LOOKUP, ITEM) and said and len(roles) == 1:
            # "does the other role?" after an answer quoting sentences: does it do what they say
            if last.concepts:  # the question the last answer answered, asked of this role
                return Frame(
                    YES_NO,
                    roles=roles,
                    claimed_role=roles[0],
                    concepts=last.concepts,
                    text=text,
                    yes_no=True,
                    also=("retarget",),
                )
            concepts = frozenset().union(*(self.index.concepts.of_text(f.text) for f in said))
            return Frame(
                YES_NO,
                roles=roles,
                claimed_role=roles[0],
                concepts=tuple(sorted(concepts)),
                text=text,
                yes_no=True,
                also=("that", "retarget"),
            )
        facts = last.facts
        if facts and last.concepts:
            hits = self.index.search(frozenset(last.concepts), roles=list(roles))
            if last.aspect:
                hits = [h for h in hits if h.fact.aspect == last.aspect] or hits
            facts = tuple(dict.fromkeys(h.fact.id for h in hits[: int(self.settings["max_facts"])]))
            if not facts:  # the question's words were the first role's own ("organise" for PMs): the same sentences
                facts = self.counterparts(last.said or last.facts, roles)
        elif facts:
            # "why?" then "and the other one?": the other role's side of the same sentences
            facts = self.counterparts(facts, roles)
        operands = last.operands
        if operands and len(roles) == 1:
            operands = tuple(dict.fromkeys((roles[0], attribute) for _, attribute in operands))
        elif operands and len(roles) == 2:
            attribute = operands[0][1]
            operands = tuple((r, attribute) for r in roles)
        if last.op == ITEM and last.subject in ("responsibilities", "skills"):
            # "now the same for account managers" after an item: that role's whole list
            return Frame(LOOKUP, roles=roles, topic=last.subject, text=text)
        if last.op == YES_NO and len(roles) == 1 and (last.concepts or last.aspect) and not last.claims:
            # "and account managers, do they?" after "do PMs sell?": the same yes/no question of that role
            return Frame(
                YES_NO,
                roles=roles,
                claimed_role=roles[0],
                topic=last.topic,
                aspect=last.aspect,
                concepts=last.concepts,
                text=text,
                yes_no=True,
                also=("retarget",),
            )
        if last.op in (YES_NO, WHICH) and last.aspect and last.topic == "difference":
            return Frame(LOOKUP, roles=roles, topic="difference", aspect=last.aspect, text=text, also=("retarget",))
        if last.op == WHICH and last.compute != "compare":
            # "and the other one?" after "which role sells?": what the article says of that role on the same point
            return Frame(LOOKUP, roles=roles, facts=facts, concepts=last.concepts, text=text, also=("retarget",))
        also = tuple(dict.fromkeys(tuple(a for a in last.also if a != "why") + ("retarget",)))
        return replace(
            last,
            roles=roles,
            facts=facts,
            operands=operands,
            said=(),
            text=text,
            claimed_role=None,
            claims=(),
            also=also,
        )

    def _refers_to_last_answer(self, c: Clause, which: bool) -> bool:
        """ "does a PM do that too?", "who handles them then?": a pronoun standing for what was just said (not the
        "that" of "that role", nor the "them" of "which of them")."""
        words = c.words
        for i, word in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i > 0 else ""
            if word in ("that", "this", "those", "these", "it") and following not in ROLE_NOUNS:
                return True
            if word == "them" and which and before not in ("of", "between"):
                return True
        return False

    def _strip(self, lemmas: str, *matchers: PhraseMatcher) -> str:
        for matcher in matchers:
            for _, _, start, end in matcher.find(lemmas):
                lemmas = lemmas[:start] + " " * (end - start) + lemmas[end:]
        return " ".join(lemmas.split())

    def _relative_item(self, c: Clause) -> int:
        words = set(c.words)
        if {"next", "after"} & words and "one" in words:
            return 1
        if {"previous", "before", "prior"} & words and "one" in words:
            return -1
        return 0

    def _ordinal_role(self, c: Clause, memory: Memory | None = None) -> str | None:
        """ "the first role", "skills for the first", "salary, first", then "second.": the roles in the
        article's order (account manager first), not an item of a list."""
        words = c.words
        topics = set(self.topics.labels_in(c.core))
        for i, word in enumerate(words):
            if word not in self.ordinals:
                continue
            index = self.ordinals[word]
            following = words[i + 1] if i + 1 < len(words) else ""
            if following in ("role", "job", "position", "career"):
                return ROLE_IDS[0] if index == 1 else ROLE_IDS[-1] if index in (2, -1) else None
            before = words[max(0, i - 2) : i]
            last = memory.last[0] if memory and memory.last else None
            listed = bool(memory and memory.lists) and last is not None and last.op == LOOKUP and not last.aspect
            listed = listed and last.topic in ("responsibilities", "skills", "difference")
            if (
                following == "one"
                and index in (1, 2)
                and set(before) & {"for", "about", "to"}
                and last is not None
                and last.op not in (ITEM, COUNT)
                and (last.topic in ("salary", "outlook") or (len(last.roles) != 1 and not listed))
            ):
                # a figure or a comparison of the two roles, then "and for the first one?", "back to the first one"
                return ROLE_IDS[0] if index == 1 else ROLE_IDS[-1]
            if index not in (1, 2) or following in ORDINAL_NOUNS or following in ("on", "in", "item"):
                continue
            by_preposition = bool(set(before) & {"for", "of", "about", "in"})
            topical = bool(topics & {"salary", "outlook", "definition", "fit"})
            bare = len(words) <= 2 and bool(memory and memory.last and "ordinal_role" in memory.last[0].also)
            if by_preposition or topical or bare:
                return ROLE_IDS[0] if index == 1 else ROLE_IDS[-1]
        return None

    def _ordinal(self, c: Clause) -> int | None:
        """ "the second one", "the third", "number 4", "#2", "the last one": an item of a list shown."""
        words = c.words
        for i, word in enumerate(words):
            if word in self.ordinals:
                before = words[i - 1] if i > 0 else ""
                follows = words[i + 1] if i + 1 < len(words) else ""
                if (
                    before not in ("the", "and", "about", "that", "of", "its", "their", "no")
                    and follows not in ORDINAL_NOUNS
                ):
                    if not (i == 0 and len(words) <= 2):
                        continue
                # "last one on the list?" (not "final one: who looks for growth?", which only announces a question)
                opens = i == 0 and follows in ORDINAL_NOUNS and ("list" in words or len(words) <= 3)
                if word in ("last", "final") and before != "the" and before not in self.role_words and not opens:
                    continue
                if follows in (
                    "section",
                    "part",
                    "paragraph",
                    "bit",
                    "heading",
                ) and "alignment" in self.topics.labels_in(c.lemmas):
                    continue  # "what does the last section say?" is the article's conclusion, not a list's item
                return self.ordinals[word]
            if word in ("number", "no", "#", "item", "point") and i + 1 < len(words) and words[i + 1].isdigit():
                return int(words[i + 1])
        return None

    # ---- figures: salaries and the job outlook -----------------------------------------------------------------
    def _figure_frame(
        self,
        c: Clause,
        memory: Memory,
        roles: Tuple[str, ...],
        specific: Sequence[str],
        topics: Sequence[str],
        numbers: List[Number],
        yes_no: bool,
    ) -> Frame | None:
        salary_attrs = self.salary_attributes.labels_in(c.lemmas)
        outlook_attrs = self.outlook_attributes.labels_in(c.lemmas)
        compute = self.compute.labels_in(c.lemmas)
        if GAP_CLAIM.search(c.lower) and "difference" not in compute:
            compute = compute + ["difference"]  # "so PMs make like 20k more?": a claim about the gap
        direction = self._direction(c)
        stated = [n for n in numbers if n.kind in ("money", "percent", "plain", "year")]
        money = any(n.kind == "money" for n in stated)
        # a role the part points at without naming it ("the one who sells", "what would she make?") counts as named
        named_role = any(r in ROLE_IDS for _, _, r in c.roles) or memory.ordinal_role in ROLE_IDS
        salary = (
            "salary" in topics
            or bool(
                salary_attrs
                and (memory.topic == "salary" or compute or money or (named_role and (direction or yes_no)))
            )
            or bool(money and named_role and not outlook_attrs)
            or bool({"range", "average"} & set(salary_attrs) and not outlook_attrs and not topics)  # "and the range?"
            or bool(
                direction
                and any(n.kind == "percent" for n in stated)
                and len({r for _, _, r in c.roles if r in ROLE_IDS}) == 2
                and not outlook_attrs
                and "outlook" not in topics
            )  # "PMs make like 50% more than AMs, right?"
            or bool(
                salary_attrs
                and named_role
                and not [t for t in topics if t != WHAT_IS]
                and not outlook_attrs
                and not self.aspects.labels_in(c.lemmas)
            )
        )
        outlook = (
            "outlook" in topics
            # ... but "which role is more into sales?" asks which of a difference, not about the new roles
            or bool(
                outlook_attrs
                and memory.topic == "outlook"
                and not topics
                and not (self.aspects.labels_in(c.lemmas) and self._asks_which(c, []))
            )
            # "… jobs to grow 25%?", "by which year will those 23,800 roles be added?"
            or bool(
                outlook_attrs
                and any(n.kind in ("percent", "plain") for n in stated)
                and not topics
                and not self.not_covered.labels_in(c.lemmas)  # "a 10% bonus every year?" is not the outlook
            )
        ) and not salary
        weak_cue = "outlook" in topics and not self._salary_or_outlook(c)[1]
        if outlook and weak_cue and self.aspects.labels_in(c.lemmas) and not stated:
            outlook = False  # "back to the hiring: will this PM do sales?" asks about sales, not the job market
        if "outlook" in topics and "salary" in topics:
            salary, outlook = self._salary_or_outlook(c)
        last = memory.last[0] if memory.last else None
        inherit = False
        figure_words = {
            "that",
            "counts",
            "count",
            "totals",
            "number",
            "numbers",
            "figure",
            "figures",
            "amount",
            "amounts",
            "salaries",
            "averages",
            "two",
            "them",
            "these",
            "those",
            "it",
        }
        aspect_named = bool(self.aspects.labels_in(c.lemmas))
        only_scopes = all(r in (OTHER, BOTH, PREVIOUS) for _, _, r in c.roles)
        last_roles = tuple(last.roles) if last else ()
        versus_other = (  # "vs am??" right after a PM figure
            len(c.words) <= 3
            and c.words[:1] in (["versus"], ["vs"], ["compared"], ["against"])
            and len(last_roles) == 1
            and [r for _, _, r in c.roles if r in ROLE_IDS] == [self.kb.other_role(last_roles[0])]
        )
        short_difference = (
            "differences" in topics
            and (len(c.words) <= 6 or bool({"monthly", "percent", "share"} & set(compute)))
            and not aspect_named
            and (only_scopes or versus_other)
        )  # "compared to the other role?" after a salary
        if (
            "differences" in topics
            and memory.topic in ("salary", "outlook")
            and (set(c.words) & figure_words or short_difference)
        ):
            topics, compute = [], ["difference"] + [k for k in compute if k != "difference"]  # "… those two numbers?"
        last_frame = memory.last[0] if memory.last else None
        comparing = bool({"between", "vs", "versus", "compared"} & set(c.words))
        if not compute and last_frame and last_frame.op == COMPUTE and self._follows_up(c) and comparing:
            compute = [last_frame.compute or "difference"]  # "and between the two highs?"
        if not salary and not outlook:
            follows = compute or direction or (stated and yes_no)
            own_topic = [t for t in topics if t != WHAT_IS and not (t == "alignment" and "sum" in compute)]
            if follows and memory.topic in ("salary", "outlook") and not own_topic and not aspect_named:
                salary, outlook = memory.topic == "salary", memory.topic == "outlook"
                inherit = True
            else:
                return None
        topic = "salary" if salary else "outlook"
        if not roles and (self.that.labels_in(c.lemmas) or compute) and not direction:
            roles = self._last_roles(memory)
        operands = self._operands(c, topic, roles)
        clause_names_figure = bool(c.roles or salary_attrs or outlook_attrs or self._both_figures(c))
        if inherit or (not clause_names_figure and last is not None and last.topic == topic):
            if last and last.operands and memory.ordinal_role in ROLE_IDS and not c.roles:
                operands = tuple((memory.ordinal_role, a) for a in dict.fromkeys(a for _, a in last.operands))
            elif last and last.operands:
                operands = tuple(last.operands)
            elif last and last.attribute:
                operands = tuple((r, last.attribute) for r in (last.roles or ROLE_IDS))
            roles = roles or (tuple(last.roles) if last else ())
        pronoun = bool({"that", "it", "this"} & set(c.words))
        referred = self._referred_figure(last, topic)
        if (compute or direction) and pronoun and referred:
            # "how far below the average is that?", "is that more than the AM average?": the figure just given
            # against the one named now (of the same role unless another is named)
            named_attrs = [a for a in salary_attrs if a != "range"]
            if not named_role and named_attrs and (referred[0], named_attrs[0]) != referred:
                operands = (referred, (referred[0], named_attrs[0]))
                roles = (referred[0],)
            elif named_role and len(operands) == 1 and operands[0] != referred:
                operands = (referred, operands[0])
        gap_before = last is not None and last.op in (COMPUTE, VERIFY) and last.compute == "difference"
        if compute == ["monthly"] and gap_before and not named_role:  # a gap computed, or a gap claim checked
            pair = tuple(last.operands)
            if len(pair) == 1:
                pair = (pair[0], (self.kb.other_role(pair[0][0]), pair[0][1]))  # the gap was between the roles
            if len(pair) == 2 and not salary_attrs:  # "and per month?" after a gap: that gap per month
                return Frame(
                    COMPUTE,
                    roles=tuple(dict.fromkeys(r for r, _ in pair)),
                    topic=topic,
                    attribute=pair[0][1],
                    operands=pair,
                    compute="monthly_gap",
                    text=c.text,
                )
        shifted = self._shifted_operands(c, topic, last, salary_attrs, named_role)
        if shifted is not None:
            kind = last.compute if last and last.op == COMPUTE and last.compute != "compare" else "difference"
            return Frame(
                COMPUTE,
                roles=tuple(dict.fromkeys(r for r, _ in shifted)),
                topic=topic,
                attribute=shifted[0][1],
                operands=shifted,
                compute=kind,
                text=c.text,
            )
        attribute = (
            operands[0][1] if operands else ((salary_attrs if topic == "salary" else outlook_attrs) or [None])[0]
        )
        if topic == "outlook":
            attribute = self._outlook_attribute(c) or (last.attribute if inherit and last else None)
            attribute = attribute or ("new_positions" if compute or direction else None)
            if attribute and not c.roles and operands:
                operands = tuple((r, attribute) for r, _ in operands)
        frame = Frame(
            LOOKUP,
            roles=roles,
            topic=topic,
            attribute=attribute,
            operands=operands,
            direction=direction,
            numbers=tuple(asdict(n) for n in stated),
            yes_no=yes_no,
            text=c.text,
        )
        against = self._against(c, stated, direction)
        same = re.search(r"\bsame (?:question|thing|again|check)\b", c.lower)
        if same and last and last.op == VERIFY and last.subject in ("against", "within") and stated:
            # "and the PM offer is 85k, same question": the last check, with this figure and role
            role = next((r for _, _, r in c.roles if r in ROLE_IDS), last.roles[0] if last.roles else ROLE_IDS[0])
            attribute = last.operands[0][1] if last.operands else "average"
            return replace(
                last,
                roles=(role,),
                operands=((role, attribute),),
                numbers=tuple(asdict(n) for n in stated),
                text=c.text,
            )
        if against is not None:
            own = [o for o in operands if any(o[0] == r for _, _, r in c.roles)]
            if not own and memory.last and len(memory.last[0].roles) == 1:
                # "the AM offer is 65k. is that below average?": the role the person just named
                own = [(memory.last[0].roles[0], operands[0][1] if operands else "average")]
            if len({r for r, _ in own or operands}) == 1:
                chosen = tuple(own or operands)[:1]
                return replace(frame, op=VERIFY, subject=against, operands=chosen, roles=(chosen[0][0],))
        if stated and (yes_no or self._is_claim(c) or not self._asks(c)):
            kind = self._compute_kind(compute, operands, c) if compute else None
            threshold = re.search(r"\bthan\s+(?:about\s+|around\s+)?\$?\d", c.text.lower())
            if kind is None and direction and len({r for r, _ in operands}) == 2 and not threshold:
                kind = "difference"  # "PMs earn 30k more than AMs, right?" (not "more than $140,000")
            hedged = bool(
                re.search(
                    r"\b(?:about|around|roughly|approximately|approx|like|circa|~|nearly|almost)\s+\$?\d", c.lower
                )
            )
            return replace(frame, op=VERIFY, compute=kind, also=("about",) if hedged else ())
        if compute:
            kind = self._compute_kind(compute, operands, c)
            gap = self._share_of_gap(c, kind, last, operands, pronoun)
            if gap is not None:
                return replace(frame, op=COMPUTE, compute="share", subject="gap", operands=gap)
            if kind == "share":
                ordered = self._share_operands(c, topic, operands, referred if pronoun else None, roles)
                if ordered:
                    return replace(frame, op=COMPUTE, compute="share", operands=ordered, also=("ordered",))
            lone = len({r for r, _ in operands}) <= 1 and not direction and not pronoun and not inherit
            if not (kind in ("difference", "percent") and topic == "outlook" and lone):
                return replace(frame, op=COMPUTE, compute=kind)
            if kind == "percent":  # "by what percentage will AM jobs grow?": the growth rate itself
                frame = replace(frame, attribute="growth_percent")
        which = self._asks_which(c, specific)
        if len(operands) == 2 and len({r for r, _ in operands}) == 1 and (direction or which):
            return replace(frame, op=COMPUTE, compute="difference")  # two figures of one role: their gap
        operands = self._possible_range(c, topic, operands, direction, yes_no)
        frame = replace(frame, operands=operands, attribute=operands[0][1] if operands else frame.attribute)
        if direction and (which or yes_no or len(set(r for r, _ in operands)) == 2 or (specific and "or" in c.words)):
            claimed = specific[0] if (yes_no or "or" in c.words) and specific else None
            if yes_no and len(operands) == 2:
                claimed = operands[0][0]
            if yes_no and claimed is None and len(roles) == 1:
                claimed = roles[0]  # "do they earn more on average though?"
            words = _normalise(c.text).split()
            pronoun = PREVIOUS in [r for _, _, r in c.roles] or bool({"that", "it", "this"} & set(words))
            if pronoun and "than" in words and specific and memory.role:
                if all(start > words.index("than") for start, _, r in c.roles if r in ROLE_IDS):
                    claimed = memory.role if memory.role != specific[0] else self.kb.other_role(specific[0])
            return replace(frame, op=WHICH, claimed_role=claimed, compute="compare")
        if which:
            return replace(frame, op=WHICH, compute="compare", direction=direction or "greater")
        if yes_no:
            return replace(frame, op=YES_NO)
        return frame

    def _referred_figure(self, last: Frame | None, topic: str) -> Tuple[str, str] | None:
        """The one salary figure the last answer was about ("the bottom of the PM range"), if it was one."""
        if last is None or last.topic != topic or topic not in ("salary", "outlook") or last.op not in (LOOKUP, VERIFY):
            return None
        if len(last.operands) == 1 and last.operands[0][1] in ("low", "high", "average"):
            return tuple(last.operands[0])  # type: ignore[return-value]
        if topic == "outlook" and len(last.roles) == 1 and last.attribute in ("new_positions", "growth_percent"):
            return (last.roles[0], last.attribute)  # "what percent of the PM new positions is that?" after 23,800
        return None

    def _shifted_operands(
        self, c: Clause, topic: str, last: Frame | None, salary_attrs: Sequence[str], named_role: bool
    ) -> Tuple[Tuple[str, str], ...] | None:
        """ "and the bottom ends?", "no, I meant at the top of the range" after a comparison of two figures: the
        same comparison, with the figure named now."""
        if topic != "salary" or last is None or last.topic != "salary" or named_role:
            return None
        if last.op not in (COMPUTE, WHICH) or last.compute in ("monthly", "width"):
            return None
        pair = tuple(last.operands)
        if len(pair) == 1 and last.op == COMPUTE and last.compute == "difference":
            pair = (pair[0], (self.kb.other_role(pair[0][0]), pair[0][1]))  # the gap was between the two roles
        if len(pair) != 2:
            return None
        ends = [a for a in salary_attrs if a in ("high", "low")]
        if len(set(ends)) != 1 or not (self._follows_up(c) or self.that.labels_in(c.lemmas) or len(c.words) <= 6):
            return None
        end = ends[0]
        (r1, a1), (r2, a2) = pair
        if r1 != r2:
            return ((r1, end), (r2, end))
        if end in (a1, a2):
            return None
        return tuple((r, end if a in ("high", "low") else a) for r, a in pair)

    def _share_operands(
        self,
        c: Clause,
        topic: str,
        operands: Tuple[Tuple[str, str], ...],
        referred: Tuple[str, str] | None,
        roles: Tuple[str, ...],
    ) -> Tuple[Tuple[str, str], ...] | None:
        """ "what percent of the PM top end is that?", "the AM average is what percentage of the PM average?": the
        figure named after "of" is the whole; the other one is the part."""
        match = re.search(r"\b(?:percent|percentage|share|fraction|proportion|%)\s+of\b", c.lower)
        if not match:
            return None
        after = self.clause(c.text[match.end() :]) if len(c.text) > match.end() else None
        before = self.clause(c.text[: match.start()])
        if after is None or not after.words:
            return None
        default_roles = roles if len(roles) == 1 else ()
        whole = self._operands(after, topic, default_roles)[:1]
        if not whole:
            return None
        matcher = self.salary_attributes if topic == "salary" else self.outlook_attributes
        names_figure = bool(before.roles or matcher.labels_in(before.lemmas))
        part = self._operands(before, topic, default_roles)[:1] if names_figure else ()
        tail = self.clause(re.sub(r"^.*?\b(?:is|are)\b", "", after.text)) if " is " in f" {after.lower} " else None
        if referred and not part:
            part = (referred,)
        elif not part and tail is not None and tail.words:
            part = self._operands(tail, topic, whole[0][:1])[:1]  # "what % of the top PM salary is their average?"
        if not part:
            part = tuple(o for o in operands if o != whole[0])[:1]
        if not part or part[0] == whole[0]:
            return None
        return (part[0], whole[0])

    def _share_of_gap(
        self,
        c: Clause,
        kind: str,
        last: Frame | None,
        operands: Tuple[Tuple[str, str], ...],
        pronoun: bool,
    ) -> Tuple[Tuple[str, str], ...] | None:
        """ "what's the gap as a share of the PM average?", "that as a percentage of the AM salary?" after a gap:
        the two figures of the gap, then the figure it is a share of."""
        if kind != "share" or last is None or last.topic != "salary":
            return None
        names_gap = bool({"gap", "difference"} & set(c.words))
        elliptic = bool(AS_SHARE.match(c.lower))  # "as a percentage of the AM salary?" right after the gap
        after_gap = (pronoun or elliptic) and last.op == COMPUTE and last.compute == "difference"
        if last.op == COMPUTE and last.compute == "share" and last.subject == "gap" and len(last.operands) == 3:
            names_gap = True  # "no, I meant as a percentage of the AM salary": the same gap, another base
            last = replace(last, operands=tuple(last.operands[:2]))
        if not (names_gap or after_gap):
            return None
        pair = tuple(last.operands) if len({r for r, _ in last.operands}) == 2 else ()
        pair = pair[:2] or tuple((r, "average") for r in ROLE_IDS)
        named = [o for o in operands if any(o[0] == r for _, _, r in c.roles)]
        if not named:
            return None
        return pair + (named[0],)

    def _against(self, c: Clause, stated: Sequence[Number], direction: str | None) -> str | None:
        """ "is 65k below average?", "is 85k inside the PM range?": the person's figure against the article's (not
        a claim about what the article says)."""
        money = [n for n in stated if n.kind == "money"]
        if len(money) != 1:
            return None
        lower = c.lower
        subject = re.search(r"\b(?:is|isn't|was|would|are)\s+\$?\d[\d,.]*\s*(?:k|thousand|grand)?\b", lower)
        if not subject:
            return None
        if re.search(r"\b(?:inside|within|in the range|outside)\b", lower):
            return "within"
        return "against" if direction else None

    def _possible_range(
        self, c: Clause, topic: str, operands: Tuple[Tuple[str, str], ...], direction: str | None, yes_no: bool
    ) -> Tuple[Tuple[str, str], ...]:
        """ "Can an AM earn more than the average PM?" asks whether it is possible: the top (or bottom) of the
        first role's range against the other figure, not the two averages."""
        words = c.words
        modal = words[:1] in (["can"], ["could"]) or bool(set(words) & {"possible", "ever", "possibly"})
        if not (modal and yes_no and direction and topic == "salary" and len({r for r, _ in operands}) == 2):
            return operands
        pivot = words.index("than") if "than" in words else len(words)
        if self.salary_attributes.labels_in(" ".join(self.analyzer.lemma(w) for w in words[:pivot])):
            return operands  # "can the AM top end beat the PM average?": the figures are named
        end = "high" if direction == "greater" else "low"
        return ((operands[0][0], end),) + tuple(operands[1:])

    def _direction(self, c: Clause) -> str | None:
        """Which way a comparison goes, if the part compares: "more", "lower", "over 100k" (not "how fast will it
        grow?", a rate, nor "over what period?")."""
        compared = HOW_ADJECTIVE.sub("how", c.lemmas)
        compared = re.sub(r"\b(?:over|under)\b(?!\s+(?:\$?\s?\d|the|a|an|their|its))", " ", compared)
        return "greater" if compared in self.greater else "lesser" if compared in self.lesser else None

    def _asks(self, c: Clause) -> bool:
        return bool(set(c.words) & {"what", "which", "who", "how", "when", "where", "whats", "why"})

    def _asks_which(self, c: Clause, specific: Sequence[str]) -> bool:
        """Which of the two roles: "who …", "which one / role / of the two …", "AM or PM?"."""
        words = c.words
        described = DESCRIBED.search(c.lower)
        if described and described.group("rest"):
            return False  # "the pay of the one who keeps clients happy" names a role, it does not ask which
        if set(words) & {"who", "whose", "whom"}:
            return True
        for i, word in enumerate(words[:-1]):
            if word == "which" and words[i + 1] in WHICH_FOLLOWERS:
                return True
        return len(set(specific)) == 2 and "or" in words

    def _salary_or_outlook(self, c: Clause) -> Tuple[bool, bool]:
        outlook_words = {
            "growth",
            "grow",
            "demand",
            "outlook",
            "prospect",
            "future",
            "forecast",
            "job",
            "jobs",
            "position",
            "positions",
            "new",
        }
        return (not (set(c.lemmas.split()) & outlook_words), bool(set(c.lemmas.split()) & outlook_words))

    def _compute_kind(self, compute: Sequence[str], operands: Sequence[Tuple[str, str]], c: Clause) -> str:
        if "monthly" in compute and "difference" in compute:
            return "monthly_gap"
        if "share" in compute and re.search(r"\bhow much (?:less|more|lower|higher|cheaper)\b", c.lower):
            return "percent"  # "how much less is the AM average, as a percentage of the PM's?": the gap in percent
        for kind in ("monthly", "share", "percent", "ratio", "mean", "sum", "width"):
            if kind in compute:
                return kind
        if any(a == "range" for _, a in operands):
            return "width"
        return "difference"

    def _operands(self, c: Clause, topic: str, roles: Tuple[str, ...]) -> Tuple[Tuple[str, str], ...]:
        """(role, attribute) pairs in the order named: "the top AM salary vs the PM average"."""
        matcher = self.salary_attributes if topic == "salary" else self.outlook_attributes
        default = "average" if topic == "salary" else "new_positions"
        words = _normalise(c.text).split()
        attrs: List[Tuple[int, str]] = []
        position = 0
        for i, word in enumerate(words):
            lemma = self.analyzer.lemma(self.analyzer.correct(word))
            labels = matcher.labels_in(lemma)
            for j in (1, 2):
                if not labels and i + j < len(words):
                    phrase = " ".join(self.analyzer.lemma(w) for w in words[i : i + j + 1])
                    labels = [lab for lab, p, s, e in ((x[0][0], *x[1:]) for x in matcher.find(phrase)) if s == 0]
            if labels:
                attrs.append((i, labels[0]))
            position += 1
        mentions = [(start, role) for start, _, role in self._role_spans(c) if role in ROLE_IDS]
        distinct = list(dict.fromkeys(a for _, a in attrs))
        if len(distinct) > 1 and "range" in distinct:
            distinct.remove("range")  # "the top of their range" is the top
        if not mentions and len(roles) == 1 and len(distinct) >= 2:
            # "how far is the top of that range above their average?": two figures of one role
            return tuple((roles[0], a) for a in distinct)
        if not mentions:
            mentions = [(-1, r) for r in (roles or (ROLE_IDS if attrs else ()))]
        pairs: List[Tuple[str, str]] = []
        for start, role in mentions:
            near = [a for a in attrs if abs(a[0] - start) <= OPERAND_WINDOW] if start >= 0 else attrs
            if near:
                # the most specific attribute near the role ("the bottom of the PM salary range" is the bottom)
                best = min(near, key=lambda a: (a[1] == "range", abs(a[0] - start), a[0] > start))
                attribute = best[1]
            elif attrs:
                attribute = attrs[0][1]
            else:
                attribute = default
            pairs.append((role, attribute))
        if len(pairs) == 1 and len({a for _, a in attrs}) >= 2:
            role = pairs[0][0]
            pairs = [(role, a) for a in dict.fromkeys(a for _, a in attrs)]
        named = {a for _, a in pairs}
        if len({r for r, _ in pairs}) == 2 and "range" in named and len(named - {"range"}) == 1:
            # "does the PM range exceed the AM range at the low end?": the low end of both
            only = next(iter(named - {"range"}))
            pairs = [(r, only) for r, _ in pairs]
        seen: List[Tuple[str, str]] = []
        for pair in pairs:
            specific = any(r == pair[0] and a not in ("range", pair[1]) for r, a in pairs)
            if pair not in seen and not (pair[1] == "range" and specific):
                seen.append(pair)
        return tuple(seen)

    def _role_spans(self, c: Clause) -> List[Tuple[int, int, str]]:
        spans = list(c.roles)
        words = _normalise(c.text).split()
        # A role named twice ("the PM range ... the AM range ... the PM average") is paired once per mention.
        table = self.kb.phrase_table("role")
        extra = []
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                gram = " ".join(words[i : i + size])
                hit = table.get(gram) or (self.kb._short_form_hit(words, words, i, size) if size == 1 else None)
                if hit in ROLE_IDS and not any(s <= i < e for s, e, _ in spans + extra):
                    extra.append((i, i + size, hit))
        return sorted(spans + extra)

    # ---- counts ------------------------------------------------------------------------------------------------
    def _count_frame(self, c: Clause, roles: Tuple[str, ...], specific: Sequence[str]) -> Frame | None:
        lower = c.lower
        asks_count = any(lower.startswith(s) or f" {s} " in f" {lower} " for s in self.count_starts)
        kinds = self.countable.labels_in(c.lemmas)
        numbers = [n for n in self.numbers(lower) if n.kind == "count" and not self._counts_roles(lower, n)]
        if not kinds:
            return None
        if asks_count or (numbers and (self._is_yes_no(c) or c.question or self._is_claim(c))):
            sum_asked = "sum" in self.compute.labels_in(c.lemmas)
            op = VERIFY if numbers and not asks_count else COUNT
            return Frame(
                op,
                roles=roles,
                subject=kinds[0],
                compute="sum" if sum_asked else None,
                numbers=tuple(asdict(n) for n in numbers),
                text=c.text,
            )
        return None

    def _counts_roles(self, lower: str, n: Number) -> bool:
        """ "the two roles", "these two": the number counts the roles, not the list asked about."""
        t = re.escape(n.text.lower())
        return bool(
            re.search(
                rf"\b(?:the|these|those|both)\s+{t}\b|\b{t}\s+(?:roles?|jobs?|careers?|positions?|"
                rf"of them|managers?)\b",
                lower,
            )
        )

    # ---- facts and topics -------------------------------------------------------------------------------------
    def query(self, c: Clause) -> FrozenSet[str]:
        """The concepts of a part, without the words that only say which topic or which role it is about."""
        lemmas = self._strip(c.core, self.topics, self.which, self.source_phrases, self.back_to)
        if "skills" in self.topics.labels_in(c.core):
            lemmas = self._strip(lemmas, self.skill_verbs)  # "what skills should I build?" builds nothing
        concepts = self.index.concepts.of_lemmas(lemmas)
        for phrase in self._set_aside(c):  # "sales involvement, not client interaction": not about clients
            concepts = concepts - self.index.concepts.of_lemmas(phrase)
        role_words = {"w:" + w for w in ("am", "pm", "ams", "pms", "a.m", "p.m")}
        return frozenset(concepts - role_words)

    def _set_aside(self, c: Clause) -> List[str]:
        """The differences a part names only to set them aside ("…, not client interaction"; not "AMs aren't
        involved in sales", which says something of it)."""
        aside = []
        for _, phrase, start, _ in self.aspects.find(c.lemmas):
            before = c.lemmas[:start].split()[-2:]
            negated_verb = before[-1:] == ["not"] and before[:1] and before[0] in NEGATED_VERBS
            if (set(before) & {"not", "instead"} and not negated_verb) or before == ["rather", "than"]:
                aside.append(phrase)
        return aside

    def _fact_frame(
        self,
        c: Clause,
        memory: Memory,
        roles: Tuple[str, ...],
        named: Sequence[str],
        specific: Sequence[str],
        topics: Sequence[str],
        aspect: str | None,
        yes_no: bool,
        numbers: List[Number],
        intent: str | None,
        confidence: float,
    ) -> Frame:
        settings = self.settings
        query = self.query(c)
        named_ids = [r for _, _, r in c.roles if r in ROLE_IDS]
        asks_topic = [t for t in topics if t != WHAT_IS]
        described = DESCRIBED.search(c.lower) if memory.ordinal_role and not named_ids and asks_topic else None
        if described:
            # "back to the strategic one - what skills do they need?": "strategic" names the role, it is not asked
            said = described.group("rest") or described.group("before") or ""
            query = query - self.index.concepts.of_lemmas(self.analyzer.lemma_text(said.replace("-", " ")))
        said = (memory.last[0].said or memory.last[0].facts) if memory.last else ()
        which_asked = self._asks_which(c, specific)
        refers = self._refers_to_last_answer(c, which_asked)
        picked_role = bool(memory.last) and memory.last[0].op == WHICH and bool(topics)  # "skills for it?": the role
        role_it = bool(query) and bool(re.search(r"\b(?:for|in|at|into|with) it\b", c.lower))  # "technical for it?"
        if (
            refers
            and said
            and not picked_role
            and not role_it
            and (not query or (yes_no and len(query) <= 1 and not aspect))
        ):
            # "does a PM do that too?": what the last answer said is the subject
            last_facts = [self.kb.facts[f] for f in said if f in self.kb.facts]
            asked = set(specific) or set(roles)
            if asked and any(f.role not in asked for f in last_facts):
                last_facts = [f for f in last_facts if f.role not in asked]  # "do PMs do that?": what AMs do
            if (
                not yes_no
                and not [t for t in topics if t != WHAT_IS]  # "and what skills does that need?" asks a topic
                and len(asked) == 1
                and last_facts
                and all(f.role and f.role not in asked for f in last_facts)
            ):
                # "tell me more about the PM side of that": the same sentences, said of that role
                sides = self.counterparts([f.id for f in last_facts], tuple(asked))
                if sides:
                    previous = memory.last[0]
                    return Frame(
                        LOOKUP,
                        roles=tuple(asked),
                        facts=sides,
                        topic=previous.topic,
                        aspect=previous.aspect,
                        text=c.text,
                    )
            previous = memory.last[0]
            if yes_no and previous.op == YES_NO and previous.concepts and "that" not in previous.also:
                # "do PMs keep clients updated?" - "does the other role do that too?": the question, not every
                # word of the sentences quoted as its evidence
                query = query | frozenset(previous.concepts)
            else:
                query = query | frozenset().union(*(self.index.concepts.of_text(f.text) for f in last_facts))
            expanded = True
        else:
            expanded = False
        if not roles and not specific and yes_no and memory.role and (PREVIOUS in named or refers):
            roles = (memory.role,)  # "is selling part of it?" after an answer about one role
        which = self._asks_which(c, specific) and not (len(specific) == 1 and not yes_no and "who" in c.words)
        topic = self._fact_topic(topics, aspect)
        if topic is None and (yes_no or which) and not query:
            topic = self._intent_topic(intent, confidence)
        base = Frame(LOOKUP, roles=roles, topic=topic, aspect=aspect, concepts=tuple(sorted(query)), text=c.text)
        if expanded:
            base = replace(base, also=("that",))  # the question's words are the last answer's sentence
        if yes_no:
            claimed = specific[0] if len(set(specific)) == 1 else None
            subject = self._compared_subject(c)
            if subject:
                # "are AMs more strategic than PMs?": a claim about the first role, against the other
                role, concepts = subject
                return replace(
                    base, op=YES_NO, roles=(role,), claimed_role=role, concepts=concepts, negated=self._negated(c)
                )
            claims = self._claims(c)
            return replace(base, op=YES_NO, claimed_role=claimed, claims=claims, negated=self._negated(c))
        if which and topic in ("fit", "alignment", "source"):
            return base  # "which of the two is right for me?" is the fit factors, not a role lookup
        negative = self._negative_facts(c, roles, query)
        if negative:
            return replace(base, facts=negative)
        if which and (query or aspect):
            if aspect:
                # "which one has the longer timeline?": the difference is the subject, "longer" decides it
                named = frozenset().union(
                    *(self.index.concepts.of_lemmas(p) for _, p, _, _ in self.aspects.find(c.lemmas))
                )
                # a word only one side's sentence has ("conversational", "direct") decides it: it stays
                sides = [
                    self.index.concepts.of_text(self.kb.facts[f"difference.{aspect}.{r.key}"].text)
                    for r in self.kb.roles.values()
                ]
                named = named - (sides[0] ^ sides[1])
                rest = query - named
                neutral = aspect in self.kb.lexicon["neutral_aspects"]
                if neutral and set(c.words) & COMPARATIVE_WORDS and any(not r.startswith("w:") for r in rest):
                    base = replace(base, concepts=tuple(sorted(rest)))
            return replace(base, op=WHICH)
        if aspect == "focus_areas" and len(roles) == 1 and not which and topic in ("definition", "difference"):
            return replace(base, topic="difference", also=("focus",))
        kinds = TOPIC_FACT_KINDS.get(topic or "")
        specific_query = query - self.generic_concepts
        if kinds and specific_query and not aspect:
            hits = [
                h
                for h in self.index.search(query, roles=list(roles) if roles else None, kinds=kinds)
                if h.coverage >= settings["lookup_coverage"]
            ]
            if hits:
                top = [h.fact.id for h in hits if h.score >= hits[0].score * settings["close_ratio"]]
                return replace(base, facts=tuple(dict.fromkeys(top))[: int(settings["max_facts"])])
        if aspect:
            return base  # the difference itself, the role asked about first (actions/answers.py)
        if topic in ("definition", None):
            hits = self.index.search(query, roles=list(roles) if roles else None, whole=True)
            strong = [h for h in hits if h.coverage >= settings["lookup_coverage"]]
            if strong and (topic is None or len(query) >= settings["specific_min_concepts"]):
                ids = []
                for hit in strong[: int(settings["max_facts"])]:
                    if hit.fact.id not in ids and hit.score >= strong[0].score * settings["close_ratio"]:
                        ids.append(hit.fact.id)
                return replace(base, facts=tuple(ids), topic=topic if topic else None)
        if topic is None:
            # the words name no topic and match no sentence well: Rasa's intent, if it is confident, decides
            topic = self._intent_topic(intent, confidence)
            return replace(base, topic=topic) if topic else replace(base, op=UNKNOWN)
        return base

    def _negative_facts(self, c: Clause, roles: Tuple[str, ...], query: FrozenSet[str]) -> Tuple[str, ...]:
        """ "what are PMs usually NOT involved in?": the role's sentences that say what it does not do."""
        words = c.words
        if len(roles) != 1 or not words or words[0] not in WH_WORDS or not {"not", "n't", "never"} & set(words):
            return ()
        found = [
            (len(query & concepts), fact.id)
            for fact, clause, concepts in self.index.entries
            if fact.role == roles[0] and clause.negative
        ]
        found.sort(key=lambda x: -x[0])
        return tuple(dict.fromkeys(f for _, f in found))[: int(self.settings["max_facts"])]

    def _fact_topic(self, topics: Sequence[str], aspect: str | None) -> str | None:
        if aspect:
            return "difference"
        topics = ["definition" if t == WHAT_IS else t for t in topics]
        specific = [t for t in topics if t not in ("definition",)]
        if specific:
            return "difference" if specific[0] == "differences" else specific[0]
        return topics[0] if topics else None

    def _intent_topic(self, intent: str | None, confidence: float) -> str | None:
        intent_topics = self.kb.lexicon["intent_topics"]
        if intent in intent_topics and confidence >= self.settings["intent_confidence"]:
            return intent_topics[intent]
        return None

    def _negated(self, c: Clause) -> bool:
        """A claim made in the negative ("I read AMs aren't involved in sales"), not a negative question form."""
        lower = c.lower
        for tag in self.tag_endings:
            if lower.endswith(" " + tag):
                lower = lower[: -len(tag) - 1]
                break
        words = lower.split()
        if words and words[0] in self.yes_no_starts:
            words = words[2:]
        return "not" in words or "never" in words or "no" in words[:-1]

    def _compared_subject(self, c: Clause) -> Tuple[str, Tuple[str, ...]] | None:
        """ "AMs work on a shorter timeline than PMs": the role before "than" and what is said of it."""
        spans = [s for s in self._role_spans(c) if s[2] in ROLE_IDS]
        words = _normalise(c.text).split()
        pivot = next((w for w in words if w in ("than", "like", "unlike")), None)
        if len({r for _, _, r in spans}) < 2 or pivot is None:
            return None
        than = words.index(pivot)  # "… than PMs", "… like AMs do": the role before it is the one asked about
        before = [s for s in spans if s[1] <= than]
        if not before:
            return None
        start, end, role = before[0]
        segment = " ".join(self.analyzer.lemma(w) for w in words[end:than] if w not in self.role_words)
        concepts = self.index.concepts.of_lemmas(segment)
        return (role, tuple(sorted(concepts))) if concepts else None

    def _claims(self, c: Clause) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
        """(role, concepts) for each role a yes/no part asserts something of: "AMs are strategic and PMs are
        operational?" is two claims."""
        spans = [s for s in self._role_spans(c) if s[2] in ROLE_IDS]
        if len(spans) < 2 or len({r for _, _, r in spans}) < 2:
            return ()
        words = _normalise(c.text).split()
        claims = []
        for i, (_start, end, role) in enumerate(spans):
            stop = spans[i + 1][0] if i + 1 < len(spans) else len(words)
            segment = " ".join(self.analyzer.lemma(w) for w in words[end:stop])
            concepts = self.index.concepts.of_lemmas(segment)
            if concepts:
                claims.append((role, tuple(sorted(concepts))))
        return tuple(claims) if len(claims) >= 2 else ()

    # ---- personal context ----------------------------------------------------------------------------------------
    def _describes(self, c: Clause) -> bool:
        """The person says what they (or someone) like, are or did, in words that lean to one of the roles."""
        if c.words[:2] in REQUESTS and c.words[2:3] and c.words[2] not in REQUEST_VERBS:
            return False  # "can you schedule a meeting with my boss?" asks me to do something (not "can you tell …")
        lower = spaced(c.lower)
        for phrase in self.not_self_descriptions:
            lower = lower.replace(f" {phrase} ", " ")
        words = set(c.words)
        describes = (
            any(f" {p} " in lower for p in self.self_descriptions)
            or bool(words & {"someone", "somebody", "person", "people", "anyone"} and "who" in words)
            or bool(MY_BACKGROUND.search(lower))
        )
        return describes and bool(self._leanings(c.lemmas))

    def _personal(self, c: Clause) -> bool:
        """The person describes themselves ("I taught for ten years and love organising") and asks which fits."""
        if not self._describes(c):
            return False
        words = set(c.words)
        topics = self.topics.labels_in(c.lemmas)
        someone_else = self.person(c) not in (None, "me") and bool(ABOUT_SOMEONE.search(c.lower))
        return (
            "fit" in topics
            or bool(words & PERSONAL_ASKS)
            or len({r for _, _, r in c.roles if r in ROLE_IDS}) == 2
            or someone_else  # "my friend is a people person … what about her?"
        )

    def person(self, c: Clause) -> str | None:
        """Who a part speaks of: someone else if it names them ("she", "my brother"), else the person ("I")."""
        words = set(c.words)
        others = [who for who, said in self.person_words.items() if who not in ("me", "someone") and words & said]
        others = others or [who for who in ("someone",) if words & self.person_words.get(who, frozenset())]
        if others:
            return others[0]
        return "me" if words & self.person_words.get("me", frozenset()) else None

    def _personal_and_other(self, whole: Clause) -> List[Frame] | None:
        """ONE frame for what the person says about themselves; None when other parts ask questions of their own
        ("What skills does a PM need & which role suits me if I like relationships?"): those are answered too."""
        parts = [self.clause(p) for p in self.split(whole.text)]
        others = [
            p
            for p in parts
            if not self._describes(p)
            and not self._asks_fit(p)
            and not self._says_self(p)
            and self._asks_own(p)
            and not self._background(p)
        ]
        if len(parts) < 2 or not others:
            return [self.personal_frame(whole)]
        return None

    def _background(self, c: Clause) -> bool:
        """ "Teacher thinking of leaving education.", "I've worked retail for 6 years": a statement of where the
        person comes from (what the article does not cover), not a question of its own."""
        asked = c.question or self._starts_question(c.text)
        uncovered = self.not_covered.labels_in(c.lemmas)
        return not asked and bool(uncovered) and all(k in BACKGROUND + ("seniority",) for k in uncovered)

    def _says_self(self, c: Clause) -> bool:
        """ "I'm a nurse", "I've been a waiter for years": part of what the person tells about themselves."""
        lower = spaced(c.lower)
        return any(f" {p} " in lower for p in self.self_descriptions)

    def _asks_own(self, c: Clause) -> bool:
        """A part with a subject of its own ("what skills does a PM need?"), not "which role makes sense?"."""
        topics = [t for t in self.topics.labels_in(c.core) if t not in (WHAT_IS, "definition", "fit")]
        who_does = c.words[:1] in (["who"], ["whom"]) and bool(self.query(c))  # "who do I talk to if the client …?"
        return bool(topics or self.aspects.labels_in(c.lemmas) or self.not_covered.labels_in(c.lemmas) or who_does)

    def _asks_fit(self, c: Clause) -> bool:
        """ "which would suit me?", "which job would I be good at?", "thoughts?": asking what fits the person."""
        if "fit" in self.topics.labels_in(c.lemmas) or set(c.words) & {"suit", "suits", "fit", "fits"}:
            return True
        return bool(FIT_ASKS.search(c.lower))

    def _leanings(self, lemmas: str) -> List[Tuple[Tuple[str, ...], str, int, int]]:
        """The leaning phrases, without those inside a role's name ("an account manager" says nothing of the
        person)."""
        names = [(s, e) for _, _, s, e in self.role_names.find(lemmas)]
        return [m for m in self.leanings.find(lemmas) if not any(s <= m[2] < e or s < m[3] <= e for s, e in names)]

    def personal_frame(self, c: Clause) -> Frame:
        """Which role the person's own words lean to, with the phrases that lean each way."""
        found: Dict[str, List[str]] = {r: [] for r in ROLE_IDS}
        lemmas = c.lemmas
        for labels, phrase, start, end in self._leanings(lemmas):
            before = lemmas[:start].split()
            cut = max((i for i, w in enumerate(before) if w in CLAUSE_JOINS), default=-1)
            # "I hate selling and like deadlines": "hate" stops at "and"
            scope = " ".join(before[cut + 1 :][-NEGATION_WINDOW:])
            after = lemmas[end:].split()
            stop = next((i for i, w in enumerate(after) if w in CLAUSE_JOINS), len(after))
            later = " ".join(after[: min(stop, 5)])  # "talking to clients all day would drain me"
            negative = bool(scope and self.negations.labels_in(scope)) or bool(later and later in self.negations_after)
            for label in labels:
                role = self.kb.other_role(label) if negative else label
                found[role].append(("not " if negative else "") + phrase)
        money = bool(set(c.words) & {"money", "pay", "paid", "salary", "earn", "earning"})
        also = ("salary",) if money else ()
        named = [r for _, _, r in c.roles if r in ROLE_IDS + (PREVIOUS,)]
        return Frame(
            PERSONAL,
            roles=tuple(r for r in ROLE_IDS if found[r]),
            subject=self.person(c) or "me",
            text=c.text,
            also=also,
            yes_no=self._is_yes_no(c),  # "would that one suit someone who likes solving client problems?"
            claimed_role=named[0] if named else None,
            concepts=tuple(f"{r}={p}" for r in ROLE_IDS for p in found[r]),
        )
