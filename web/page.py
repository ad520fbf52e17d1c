"""The page's HTML: the article from knowledge/article.txt, every piece of text HTML-escaped, the chat widget's
mount point, and the live region through which /static/page.js reads new bot messages to screen readers. No inline
script or style: the widget is configured through data attributes read by /static/page.js, so the page works under a
Content-Security-Policy without 'unsafe-inline' scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Dict, List, Sequence

from actions.knowledge_base import KnowledgeBase

BULLET = "•"
# "1. Focus Areas": a numbered sub-heading of the differences section.
_NUMBERED_HEADING = re.compile(r"^\d+\.\s+\S.{0,60}$")
_SENTENCE_END = (".", ":", "?", "!", "”", '"')


@dataclass(frozen=True)
class WidgetSettings:
    socket_url: str
    init_payload: str = "/greet"
    title: str = "Account or project manager?"
    subtitle: str = ""
    storage: str = "local"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _blocks(text: str) -> List[List[str]]:
    blocks: List[List[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_subheading(block: Sequence[str]) -> bool:
    line = block[0]
    return len(block) == 1 and len(line) <= 70 and not line.endswith(_SENTENCE_END) and len(line.split()) <= 8


def article_html(text: str, kb: KnowledgeBase) -> Dict[str, str]:
    """The article as {"title", "publisher", "body"} HTML: section names from the knowledge file become <h2>,
    short title-like lines <h3>, "•" lines lists, the rest paragraphs. The header lines (publisher, title, slug)
    and the site's trailing navigation ("Author", "Scroll to Top") are not part of the body."""
    blocks = _blocks(text)
    publisher, title, page_slug = (blocks[i][0] for i in range(3))
    blocks = blocks[3:]
    while blocks and _is_subheading(blocks[-1]) and blocks[-1][0] not in kb.sections.values():
        blocks.pop()  # site navigation after the last section
    sections = set(kb.sections.values())
    out: List[str] = []
    for block in blocks:
        first = block[0]
        if len(block) == 1 and first in sections:
            out.append(f'<h2 id="{slug(first)}">{escape(first)}</h2>')
        elif all(line.startswith(BULLET) for line in block):
            items = "".join(f"<li>{escape(line.lstrip(BULLET).strip())}</li>" for line in block)
            out.append(f"<ul>{items}</ul>")
        elif (len(block) == 1 and _NUMBERED_HEADING.match(first)) or _is_subheading(block):
            out.append(f'<h3 id="{slug(first)}">{escape(first)}</h3>')
        else:
            out.append(f"<p>{escape(' '.join(block))}</p>")
    return {"title": escape(title), "publisher": escape(publisher), "slug": escape(page_slug), "body": "\n".join(out)}


def render(article_text: str, kb: KnowledgeBase, widget: WidgetSettings) -> str:
    """The whole page. Every value inserted here is escaped (attributes with quotes escaped too)."""
    article = article_html(article_text, kb)
    credit = escape(kb.source["credit"])
    data = {
        "socket-url": widget.socket_url,
        "init-payload": widget.init_payload,
        "title": widget.title,
        "subtitle": widget.subtitle,
        "storage": widget.storage,
    }
    attributes = " ".join(f'data-{name}="{escape(value, quote=True)}"' for name, value in data.items())
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{article["title"]} · {article["publisher"]}</title>
<link rel="stylesheet" href="/static/page.css">
</head>
<body>
<header class="site"><span class="publisher">{article["publisher"]}</span></header>
<main>
<article id="article" data-slug="{article["slug"]}">
<h1>{article["title"]}</h1>
{article["body"]}
</article>
<p class="credit">{credit}</p>
</main>
<div id="chat" {attributes}></div>
<div id="chat-announcer" class="visually-hidden" role="log" aria-live="polite" aria-label="New chat messages"></div>
<script src="/static/webchat.js"></script>
<script src="/static/page.js"></script>
</body>
</html>
"""
