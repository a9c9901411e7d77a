"""The facts of every document, kept beside the graph so that ``--update`` adds to it.

``documents.jsonl`` holds one JSON object per document: its id, the SHA-256 of its
normalised text, its sentences, mentions and relations (plain values). The graph is a
function of these records, so an update rebuilds it from old and new records alike.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.export.atomic import atomic_write
from kg.facts.types import Mention, Relation, Sentence
from kg.reader import Document

STORE = "documents.jsonl"


@dataclass
class DocFacts:
    """One document's facts."""

    doc_id: str
    hash: str
    sentences: list[Sentence]
    mentions: list[Mention]
    relations: list[Relation]

    def as_record(self) -> tuple:
        return (self.doc_id, self.sentences, self.mentions, self.relations)


def content_hash(doc: Document) -> str:
    """SHA-256 of the normalised text: the same article read twice hashes the same."""
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def _relation(d: dict) -> Relation:
    return Relation(
        d["relation"],
        Mention(**d["head"]),
        Mention(**d["tail"]),
        Sentence(**d["sentence"]),
        d.get("title"),
        d.get("date"),
        d.get("frame", ""),
    )


def write_store(records: list[DocFacts], path: Path) -> Path:
    """Write ``records`` as JSON Lines (atomically)."""
    lines = [json.dumps(asdict(r), ensure_ascii=False) for r in records]
    blob = ("\n".join(lines) + "\n").encode("utf-8")
    return atomic_write(path, lambda fh: fh.write(blob))


def read_store(path: Path) -> list[DocFacts]:
    """Read records written by :func:`write_store`.

    Raises
    ------
    ValueError
        Naming the file and line when a record cannot be read.
    """
    out = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                out.append(
                    DocFacts(
                        d["doc_id"],
                        d["hash"],
                        [Sentence(**s) for s in d["sentences"]],
                        [Mention(**m) for m in d["mentions"]],
                        [_relation(r) for r in d["relations"]],
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: not a kg document record ({err})") from None
    return out
