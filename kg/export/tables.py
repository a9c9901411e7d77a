"""CSV exports that keep every piece of evidence.

- ``entities.csv`` / ``relations.csv``: headers in Neo4j's bulk-import style
  (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, ``weight:int``), which
  ``neo4j-admin database import`` reads as they are and pandas reads with ``read_csv``.
- ``evidence.csv``: one row per statement of a fact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_write

NODE_FIELDS = [
    "label",
    "type",
    "aliases",
    "mentions:int",
    "docs",
    "first_seen",
    "last_seen",
    "locality",
    "within",
]
EDGE_FIELDS = [
    "weight:int",
    "title",
    "amount",
    "date",
    "first_date",
    "last_date",
    "doc",
    "evidence",
    "evidence_start:int",
    "evidence_end:int",
]

EVIDENCE_HEADER = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "doc",
    "sentence",
    "start:int",
    "end:int",
    "date",
    "title",
    "frame",
]


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    """Write ``header`` and ``rows`` as UTF-8 CSV (atomically), one row at a time."""

    def write(fh) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        w = csv.writer(text, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        text.flush()
        text.detach()

    return atomic_write(path, write)


def write_csv(G: nx.MultiDiGraph, folder: str | Path) -> list[Path]:
    """Write ``entities.csv``, ``relations.csv`` and ``evidence.csv`` into ``folder``.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:李子荣", label="李子荣", type="PERSON")
    >>> paths = write_csv(G, tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['entities.csv', 'relations.csv', 'evidence.csv']
    """
    folder = Path(folder)
    nodes = (
        [n, *(d.get(f.split(":")[0], "") for f in NODE_FIELDS), d.get("type", "")]
        for n, d in G.nodes(data=True)
    )
    edges = (
        [u, v, d.get("relation", k), *(d.get(f.split(":")[0], "") for f in EDGE_FIELDS)]
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    evidence = (
        [
            u,
            v,
            d.get("relation", k),
            st["doc"],
            st["sentence"],
            st["start"],
            st["end"],
            st.get("date", ""),
            st.get("title", ""),
            st.get("frame", ""),
        ]
        for u, v, k, d in G.edges(keys=True, data=True)
        for st in d.get("provenance", [])
    )
    return [
        _write_csv(folder / "entities.csv", ["id:ID", *NODE_FIELDS, ":LABEL"], nodes),
        _write_csv(folder / "relations.csv", [":START_ID", ":END_ID", ":TYPE", *EDGE_FIELDS], edges),
        _write_csv(folder / "evidence.csv", EVIDENCE_HEADER, evidence),
    ]
