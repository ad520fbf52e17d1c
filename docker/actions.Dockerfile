# The action server (answers and assessment from knowledge/*.yml). Build from the repository root:
#   docker build -f docker/actions.Dockerfile -t am-pm-actions .
# Stateless: run as many as you like behind one ACTION_ENDPOINT_URL.
FROM rasa/rasa-sdk:3.6.2

USER root
WORKDIR /app
COPY constraints.txt ./
# spacy-lookups-data: the answering engine lemmatises with its English lookup table (actions/language.py), without
# spaCy itself; without it every word stays as typed and answers differ from the tested ones.
RUN pip install --no-cache-dir -c constraints.txt PyYAML==6.0.4 spacy-lookups-data==1.0.5
# settings.py: the actions read KNOWLEDGE_DIR and WEB_PUBLIC_URL through Settings.from_env() (standard library only).
COPY settings.py ./
COPY actions actions
COPY knowledge knowledge

USER 1001
ENV KNOWLEDGE_DIR=/app/knowledge
EXPOSE 5055
# The base image's entrypoint runs `rasa_sdk --port 5055` with these arguments.
CMD ["start", "--actions", "actions"]
