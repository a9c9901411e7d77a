"""The facts of every document, kept beside the graph so that ``--update`` adds to it.

``documents.jsonl`` holds one JSON object per document: its id, the SHA-256 of its
normalised text, its sentences, mentions and relations (plain values). The graph is a
function of these records, so an update rebuilds it from old and new records alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

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


def store_line(record: DocFacts) -> bytes:
    """One record as a line of ``documents.jsonl`` (``kg.build`` writes them as records pass)."""
    return (json.dumps(asdict(record), ensure_ascii=False) + "\n").encode("utf-8")


def read_store(path: Path) -> list[DocFacts]:
    """Every record of a store, as a list (see :func:`iter_store`)."""
    return list(iter_store(path))


def iter_store(path: Path) -> Iterator[DocFacts]:
    """The records of a store, one at a time.

    Raises
    ------
    ValueError
        Naming the file and line when a record cannot be read.
    """
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                record = DocFacts(
                    d["doc_id"],
                    d["hash"],
                    [Sentence(**s) for s in d["sentences"]],
                    [Mention(**m) for m in d["mentions"]],
                    [_relation(r) for r in d["relations"]],
                )
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: not a kg document record ({err})") from None
            yield record


def store_hashes(path: Path) -> set[str]:
    """The content hashes of the documents in a store (every record is checked)."""
    return {r.hash for r in iter_store(path)}
