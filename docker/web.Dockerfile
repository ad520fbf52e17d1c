# The page server: the article with the chat widget, and the operators' /insights pages and data-request endpoints,
# reading the same PostgreSQL tracker store as the Rasa servers. Build from the repository root:
#   docker build -f docker/web.Dockerfile -t am-pm-web .
FROM node:20-bookworm-slim AS widget
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

FROM python:3.10-slim-bookworm
WORKDIR /app
COPY constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt \
      aiohttp==3.9.5 PyYAML SQLAlchemy psycopg2-binary orjson==3.10.18
COPY settings.py ./
COPY actions actions
COPY knowledge knowledge
COPY insights insights
COPY web web
COPY --from=widget /web/node_modules web/node_modules
RUN useradd --uid 1001 --no-create-home app
USER 1001
ENV WEB_PORT=8080 PYTHONDONTWRITEBYTECODE=1
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8080/health', timeout=4)"
ENTRYPOINT ["python", "-m", "web.server"]
