"""The Docker profile heals itself too: every service restarts on its own and says when it is healthy."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT


def test_every_compose_service_restarts_and_has_a_health_check():
    services = yaml.safe_load((ROOT / "docker" / "compose.yml").read_text())["services"]
    assert {"postgres", "redis", "actions", "rasa", "web", "lb"} <= set(services)
    for name, service in services.items():
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name
    assert services["rasa"]["depends_on"]["actions"] == {"condition": "service_healthy"}


def test_the_images_carry_what_the_metrics_and_insights_import():
    rasa = (ROOT / "docker" / "rasa.Dockerfile").read_text()
    assert "prometheus-client==" in rasa and "COPY insights insights" in rasa and "--no-web" in rasa
    web = (ROOT / "docker" / "web.Dockerfile").read_text()
    assert all(f"COPY {d} {d}" in web for d in ("insights", "web", "actions", "knowledge"))


def test_the_load_balancer_does_not_publish_the_metrics():
    conf = (ROOT / "docker" / "nginx.conf").read_text()
    assert "location = /metrics" in conf and "return 404" in conf


def test_the_action_server_image_carries_what_the_actions_import():
    actions = (ROOT / "docker" / "actions.Dockerfile").read_text()
    imports_settings = any("from settings import" in p.read_text() for p in (ROOT / "actions").rglob("*.py"))
    assert imports_settings and "COPY settings.py" in actions  # KNOWLEDGE_DIR, WEB_PUBLIC_URL via Settings
    assert "spacy-lookups-data==" in actions  # actions/language.py's lemma table
