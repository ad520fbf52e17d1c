"""The web page with the chat widget: page server (server.py), page HTML (page.py), salary chart (charts.py)."""
