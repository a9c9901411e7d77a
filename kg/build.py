"""``kg build``: inputs → documents → facts → graph → files. The CLI and API call this."""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from spacy.language import Language

from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.export.style import visual_attributes
from kg.export.tables import write_csv, write_json
from kg.facts.mentions import extract_facts
from kg.facts.store import STORE, DocFacts, content_hash, read_store, write_store
from kg.facts.types import Mention
from kg.graph.build import build_graph
from kg.inputs import Failure, iter_documents
from kg.pipeline.assemble import load_pipeline
from kg.reader import Document, sample_path

log = logging.getLogger("kg")


@dataclass
class BuildResult:
    """What a build produced: the graph, the documents read, the inputs that failed, the files written."""

    graph: nx.MultiDiGraph
    documents: list[Document] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    records: list[DocFacts] = field(default_factory=list)
    skipped: int = 0  # documents already in the graph (update, same content)
    seconds: float = 0.0


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


def doc_facts(doc: Document, nlp: Language) -> DocFacts:
    """The facts of one document (its sentences, mentions with bylines, relations)."""
    ((_, sents, mentions, relations),) = extract_facts([doc], nlp)
    return DocFacts(doc.id, content_hash(doc), sents, mentions + byline_mentions(doc), relations)


def extract_records(
    docs: Iterable[Document], *, nlp: Language | None = None, jobs: int = 1, progress: bool = False
) -> Iterator[DocFacts]:
    """Facts of every document, in input order; ``jobs > 1`` runs that many worker processes.

    Each worker loads the pipeline once (or inherits the caller's) and returns plain facts,
    so the graph is the same whatever ``jobs`` is.
    """
    docs = list(docs)
    bar = _progress(len(docs), progress)
    if jobs <= 1 or len(docs) < 2:
        nlp = nlp or load_pipeline()
        for doc in docs:
            yield doc_facts(doc, nlp)
            bar.update(1)
    else:
        global _WORKER_NLP
        _WORKER_NLP = nlp  # inherited by forked workers; each loads its own when None
        ctx = multiprocessing.get_context("fork")
        chunk = max(1, min(8, len(docs) // (4 * jobs)))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker) as pool:
            for rec in pool.map(_worker_facts, docs, chunksize=chunk):
                yield rec
                bar.update(1)
    bar.close()


_WORKER_NLP: Language | None = None


def _init_worker() -> None:
    global _WORKER_NLP
    if _WORKER_NLP is None:
        _WORKER_NLP = load_pipeline()


def _worker_facts(doc: Document) -> DocFacts:
    return doc_facts(doc, _WORKER_NLP)


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not enabled or total < 2, file=sys.stderr, leave=False)


def build(
    paths: Sequence[str | Path] | None = None,
    out_dir: str | Path | None = None,
    *,
    nlp: Language | None = None,
    cooccurrence: bool = True,
    locality: str | None = None,
    jobs: int = 1,
    update: bool = False,
    progress: bool = False,
    dask: Any = None,
    accurate: bool = False,
) -> BuildResult:
    """Build the knowledge graph of ``paths`` (default: the bundled sample) into ``out_dir``.

    ``paths`` are files, folders, glob patterns or ``-`` (see :mod:`kg.inputs`). Writes
    ``graph.graphml`` and ``graph.gexf`` (Gephi), ``graph.html`` (offline page),
    ``graph.json`` (node-link, all evidence), ``entities.csv``/``relations.csv``/
    ``evidence.csv`` (Neo4j bulk-import headers) and ``documents.jsonl`` (the facts of
    every document, for ``update``). Inputs that cannot be read are logged on one line,
    skipped and listed in ``BuildResult.failed``. With ``out_dir=None``, or when no
    document could be read, nothing is written.

    With ``update=True`` the documents already in ``out_dir/documents.jsonl`` are kept, a
    new document whose content is already there (same SHA-256) is skipped, and the graph
    is rebuilt from all of them: the same graph as one build over every document.

    ``jobs`` runs the extraction in that many local processes; ``dask`` (a
    ``distributed.Client`` or a scheduler address) runs it on a Dask cluster instead
    (:mod:`kg.distributed`). Either way the graph is the same. ``accurate`` uses the
    transition-based NER (when ``nlp`` is not given, and on Dask workers).
    """
    started = time.perf_counter()
    docs: list[Document] = []
    failed: list[tuple[str, str]] = []
    for item in iter_documents(paths or [sample_path()]):
        if isinstance(item, Failure):
            log.error("%s", item)
            failed.append((item.source, str(item)))
        else:
            docs.append(item)
    old: list[DocFacts] = []
    store = Path(out_dir) / STORE if out_dir is not None else None
    if update and store is not None and store.exists():
        old = read_store(store)
    known = {r.hash for r in old}
    new_docs, seen = [], set(known)
    for d in docs:
        h = content_hash(d)
        if h not in seen:
            new_docs.append(d)
            seen.add(h)
    if dask is not None:
        from kg.distributed import extract_with_dask

        fresh = extract_with_dask(new_docs, dask, accurate=accurate)
    else:
        if nlp is None and accurate and new_docs:
            nlp = load_pipeline(accurate=True)
        fresh = list(extract_records(new_docs, nlp=nlp, jobs=jobs, progress=progress))
    records = old + fresh
    G = build_graph([r.as_record() for r in records], cooccurrence=cooccurrence, locality=locality)
    result = BuildResult(G, docs, failed, records=records, skipped=len(docs) - len(new_docs))
    if out_dir is not None and records and (docs or not update):
        title = "kg · " + ", ".join(r.doc_id for r in records[:3]) + (" …" if len(records) > 3 else "")
        result.outputs = write_outputs(G, Path(out_dir), title=title)
        result.outputs.append(write_store(records, Path(out_dir) / STORE))
    result.seconds = time.perf_counter() - started
    return result


def build_documents(
    docs: Sequence[Document],
    *,
    nlp: Language | None = None,
    cooccurrence: bool = True,
    locality: str | None = None,
    jobs: int = 1,
) -> BuildResult:
    """The knowledge graph of documents already read (:mod:`kg.reader`); nothing is written."""
    records = list(extract_records(docs, nlp=nlp, jobs=jobs))
    G = build_graph([r.as_record() for r in records], cooccurrence=cooccurrence, locality=locality)
    return BuildResult(G, list(docs), records=records)


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
