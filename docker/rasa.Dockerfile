# The Rasa server (NLU + dialogue), trained at build time. Build from the repository root:
#   docker build -f docker/rasa.Dockerfile -t am-pm-rasa .
# It runs only the Rasa server; the action server is another container (ACTION_ENDPOINT_URL). Configuration comes
# from environment variables only (README, "Configuration"); see docker/compose.yml for the scale-out profile.
FROM rasa/rasa:3.6.21-full

USER root
WORKDIR /app
COPY requirements.txt constraints.txt ./
# The project's pins on top of the image (the spaCy pipeline is built locally from spacy-lookups-data).
RUN pip install --no-cache-dir -c constraints.txt \
      spacy==3.4.4 spacy-lookups-data==1.0.5 python-socketio==5.8.0 psycopg2-binary==2.9.13 redis==4.6.0 \
      prometheus-client==0.21.1 orjson==3.10.18

COPY config.yml credentials.yml endpoints.yml ./
COPY domain domain
COPY data data
COPY knowledge knowledge
COPY actions actions
COPY settings.py ./
COPY components components
COPY rasa_patches rasa_patches
COPY insights insights
COPY channels channels
COPY service service
COPY scripts/build_spacy_model.py scripts/
RUN python scripts/build_spacy_model.py build/spacy_model \
 && rasa train --domain domain --fixed-model-name current --out models \
 && mkdir -p var && chown -R 1001:0 var

USER 1001
ENV RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    RASA_PORT=5005
EXPOSE 5005
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:5005/webhooks/rest/', timeout=4)"
# The launcher restarts the Rasa server if it dies; Docker restarts the container if the launcher does.
ENTRYPOINT ["python", "-m", "service.launcher", "--no-actions", "--no-web"]
