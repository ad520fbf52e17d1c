"""Builds the project's spaCy pipeline: blank English, a lookup lemmatizer and an EntityRuler from the knowledge file.

No pretrained spaCy model can be downloaded here, and none is needed: entities are the article's own vocabulary.
Usage: python scripts/build_spacy_model.py OUTPUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actions import knowledge_base  # noqa: E402


def build(output: Path) -> int:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma tables from spacy-lookups-data
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    patterns = knowledge_base.entity_patterns(knowledge_base.load())
    ruler.add_patterns(patterns)
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return len(patterns)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_model")
    count = build(target)
    print(f"spaCy pipeline with {count} entity patterns written to {target}")
