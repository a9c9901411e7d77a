"""The facts of every document, kept beside the graph so that ``--update`` adds to it.

``documents.jsonl`` holds one JSON object per :class:`~kg.facts.types.DocFacts`: its id, the
SHA-256 of its normalised text, its sentences, mentions and relations, every field of every
record (:func:`to_line` and :func:`from_line` are the one serialiser, and a test round-trips
every field). The graph is a function of these records, so an update rebuilds it from old
and new records alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import cast

from kg.facts.types import DocFacts, Mention, Relation, Sentence

STORE = "documents.jsonl"


def content_hash(text: str) -> str:
    """SHA-256 of a document's normalised text: the same article read twice hashes the same.

    Examples
    --------
    >>> content_hash("市委")[:12]
    '713eeba7a562'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _known(cls: type, d: dict) -> dict:
    names = {f.name for f in fields(cls)}
    unknown = set(d) - names
    if unknown:
        raise KeyError(f"unknown {cls.__name__} field(s) {sorted(unknown)}")
    return d


def _relation(d: dict) -> Relation:
    d = _known(Relation, d)
    return Relation(
        **{
            **d,
            "head": Mention(**_known(Mention, d["head"])),
            "tail": Mention(**_known(Mention, d["tail"])),
            "sentence": _sentence(d["sentence"]),
        }
    )


def _sentence(d: dict) -> Sentence:
    d = _known(Sentence, d)
    if d.get("bbox") is not None:  # PDF provenance: JSON lists back to tuples (hashable)
        d = {**d, "bbox": tuple(tuple(box) for box in d["bbox"])}
    return Sentence(**d)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: object) -> object:
    """A record as dicts and lists, every field of every dataclass in it: what
    ``dataclasses.asdict`` gives, without its deep copies (records are read-only here)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_line(record: DocFacts) -> bytes:
    """One record as a UTF-8 line of ``documents.jsonl`` (every field; a sentence's ``page``
    and ``bbox`` only when it has them, i.e. from a PDF page)."""
    d = cast(dict, _plain(record))
    for s in [*d["sentences"], *(r["sentence"] for r in d["relations"])]:
        if s["page"] is None and s["bbox"] is None:
            del s["page"], s["bbox"]
    return (json.dumps(d, ensure_ascii=False) + "\n").encode("utf-8")


def from_line(line: str | bytes) -> DocFacts:
    """The record of one line written by :func:`to_line`.

    Raises
    ------
    ValueError, KeyError, TypeError
        When the line is not such a record.
    """
    d = _known(DocFacts, json.loads(line))
    return DocFacts(
        d["doc_id"],
        d["hash"],
        [_sentence(s) for s in d["sentences"]],
        [Mention(**_known(Mention, m)) for m in d["mentions"]],
        [_relation(r) for r in d["relations"]],
    )


def iter_store(path: str | Path) -> Iterator[DocFacts]:
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
                record = from_line(line)
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: not a kg document record ({err})") from None
            yield record


def store_hashes(path: str | Path) -> set[str]:
    """The content hashes of the documents in a store (every record is checked)."""
    return {r.hash for r in iter_store(path)}
