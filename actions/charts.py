"""Where the web page serves the salary chart, and which channels can show it as an image.

The chart itself is drawn by the page server (web/charts.py) from the same knowledge file; the action server only
links to it. The link carries a version derived from the figures, so a browser never shows a cached chart after a
figure changed in knowledge/article.yml.
"""

from __future__ import annotations

import hashlib
import json
from typing import Dict, Mapping

from actions.knowledge_base import ROLE_IDS, KnowledgeBase
from settings import Settings

SALARY_CHART_PATH = "/charts/salary.svg"
# Input channels whose clients render image messages (the web widget); REST answers stay text only.
IMAGE_CHANNELS = ("socketio",)


def public_url(env: Mapping[str, str] | None = None) -> str:
    """The page server as browsers reach it: WEB_PUBLIC_URL, default http://localhost:$WEB_PORT (8080), read from
    the settings (`env` instead of the process environment, for tests)."""
    return Settings.from_env(env).web_public_url


def salary_figures(kb: KnowledgeBase) -> Dict[str, Dict[str, int]]:
    """Each role's salary low, average and high, as the knowledge file states them."""
    return {role_id: dict(kb.roles[role_id].salary) for role_id in ROLE_IDS}


def salary_chart_url(kb: KnowledgeBase, env: Mapping[str, str] | None = None) -> str:
    digest = hashlib.sha256(json.dumps(salary_figures(kb), sort_keys=True).encode()).hexdigest()[:12]
    return f"{public_url(env)}{SALARY_CHART_PATH}?v={digest}"


def can_show_images(channel: str | None) -> bool:
    return channel in IMAGE_CHANNELS
