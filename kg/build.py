"""``kg build``: files → documents → mentions → graph → files. The CLI and API call this."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from spacy.language import Language

from kg.errors import ReaderError
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.export.style import visual_attributes
from kg.export.tables import write_csv, write_json
from kg.facts.mentions import extract_facts
from kg.facts.types import Mention
from kg.graph.build import build_graph
from kg.reader import Document, read_file, sample_path

log = logging.getLogger("kg")
TEXT_SUFFIXES = {".txt", ".md", ".text"}


@dataclass
class BuildResult:
    """What a build produced: the graph, the documents read and the inputs that failed."""

    graph: nx.MultiDiGraph
    documents: list[Document] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and text files found recursively under directories, in sorted order.

    Raises
    ------
    ReaderError
        When a path does not exist.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES))
        elif p.exists():
            out.append(p)
        else:
            raise ReaderError(f"{p}: no such file or directory")
    return out


def byline_mentions(doc: Document) -> list[Mention]:
    """PERSON mentions for the reporters named in bylines (offsets in the original file)."""
    out = []
    pos = 0
    for art in doc.articles:
        for name in art.reporters:
            at = doc.raw.find(name, pos)
            if at < 0:
                at = doc.raw.find(name)
            out.append(Mention(name, "PERSON", doc.id, -1, -1, -1, at, at + len(name), "byline"))
            pos = max(pos, at)
    return out


def build(
    paths: Sequence[str | Path] | None = None,
    out_dir: str | Path | None = None,
    *,
    nlp: Language | None = None,
    cooccurrence: bool = True,
    locality: str | None = None,
) -> BuildResult:
    """Build the knowledge graph of ``paths`` (default: the bundled sample) into ``out_dir``.

    Writes ``graph.graphml`` and ``graph.gexf`` (Gephi), ``graph.html`` (offline page),
    ``graph.json`` (node-link, all evidence) and ``entities.csv``/``relations.csv``/
    ``evidence.csv`` (Neo4j bulk-import headers). Files that cannot be read are logged on
    one line, skipped and listed in
    ``BuildResult.failed``. With ``out_dir=None`` nothing is written.
    """
    files = expand_inputs(paths or [sample_path()])
    docs: list[Document] = []
    failed: list[tuple[str, str]] = []
    for f in files:
        try:
            docs.append(read_file(f))
        except ReaderError as err:
            log.error("%s", err)
            failed.append((str(f), str(err)))
    result = build_documents(docs, nlp=nlp, cooccurrence=cooccurrence, locality=locality)
    result.failed = failed
    if out_dir is not None:
        title = "kg · " + ", ".join(d.id for d in docs[:3]) + (" …" if len(docs) > 3 else "")
        result.outputs = write_outputs(result.graph, Path(out_dir), title=title)
    return result


def build_documents(
    docs: Sequence[Document],
    *,
    nlp: Language | None = None,
    cooccurrence: bool = True,
    locality: str | None = None,
) -> BuildResult:
    """The knowledge graph of documents already read (:mod:`kg.reader`); nothing is written."""
    from kg.pipeline.assemble import load_pipeline

    nlp = nlp or load_pipeline()
    records = []
    for doc, sents, mentions, relations in extract_facts(docs, nlp):
        records.append((doc.id, sents, mentions + byline_mentions(doc), relations))
    G = build_graph(records, cooccurrence=cooccurrence, locality=locality)
    return BuildResult(G, list(docs))


def write_outputs(G: nx.MultiDiGraph, out: Path, *, title: str = "kg") -> list[Path]:
    """Write every export of ``G`` into ``out`` (each file atomically)."""
    visual = visual_attributes(G)
    return [
        write_graphml(G, out / "graph.graphml", visual),
        write_gexf(G, out / "graph.gexf", visual),
        write_html(G, out / "graph.html", visual=visual, title=title),
        write_json(G, out / "graph.json"),
        *write_csv(G, out),
    ]
