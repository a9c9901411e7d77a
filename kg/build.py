"""``kg build``: inputs → documents → facts → graph → files. The CLI and API call this."""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

import networkx as nx
from spacy.language import Language

from kg.export.atomic import AtomicFile
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.export.style import visual_attributes
from kg.export.tables import write_csv, write_json
from kg.facts.mentions import extract_facts
from kg.facts.store import STORE, DocFacts, content_hash, iter_store, store_hashes, store_line
from kg.facts.types import Mention
from kg.graph.build import COOCCURRENCE_WINDOW, build_graph
from kg.inputs import Failure, iter_documents
from kg.pipeline.assemble import load_pipeline
from kg.reader import Document, sample_path

log = logging.getLogger("kg")


@dataclass
class BuildResult:
    """What a build produced: the graph, counts, the inputs that failed, the files written.

    The facts themselves are not kept in memory: they stream from the extraction into the
    graph and into ``documents.jsonl`` (:func:`kg.facts.store.iter_store` reads them back).
    """

    graph: nx.MultiDiGraph
    read: int = 0  # documents read in this build
    characters: int = 0  # characters of the documents read
    in_graph: int = 0  # documents whose facts make the graph (with update, the old ones too)
    failed: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
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


def doc_facts(doc: Document, nlp: Language) -> list[DocFacts]:
    """The facts of one document: one record, or one per part of a very long document.

    A record holds sentences, mentions (bylines in the first) and relations; the parts of
    a document longer than :data:`kg.facts.mentions.PART_CHARS` share its id and hash.
    """
    h = content_hash(doc)
    records = [
        DocFacts(doc.id, h, sents, mentions, relations)
        for _, sents, mentions, relations in extract_facts([doc], nlp)
    ]
    records[0].mentions.extend(byline_mentions(doc))
    return records


def extract_records(
    docs: Iterable[Document],
    *,
    nlp: Language | None = None,
    jobs: int = 1,
    accurate: bool = False,
    batch: int = 4,
) -> Iterator[DocFacts]:
    """Facts of every document, in input order; ``jobs > 1`` runs that many worker processes.

    ``docs`` is read lazily: at most a few batches of ``batch`` documents per worker are in
    flight, so memory does not grow with the corpus. Each worker loads the pipeline once
    (or inherits the caller's ``nlp``) and returns plain facts, so the graph is the same
    whatever ``jobs`` is. The pipeline is loaded only when there is a document.
    """
    docs = iter(docs)
    head = list(islice(docs, 2))
    if not head:
        return
    if jobs <= 1 or len(head) < 2:
        nlp = nlp or load_pipeline(accurate=accurate)
        for doc in chain(head, docs):
            yield from doc_facts(doc, nlp)
        return
    global _WORKER_NLP, _WORKER_ACCURATE
    _WORKER_NLP, _WORKER_ACCURATE = nlp, accurate  # inherited by forked workers
    ctx = multiprocessing.get_context("fork")
    stream = chain(head, docs)
    batches = iter(lambda: list(islice(stream, batch)), [])
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker) as pool:
        for group in batches:
            pending.append(pool.submit(_worker_facts, group))
            while len(pending) >= 4 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_WORKER_NLP: Language | None = None
_WORKER_ACCURATE = False


def _init_worker() -> None:
    global _WORKER_NLP
    if _WORKER_NLP is None:
        _WORKER_NLP = load_pipeline(accurate=_WORKER_ACCURATE)


def _worker_facts(docs: list[Document]) -> list[DocFacts]:
    return [r for doc in docs for r in doc_facts(doc, _WORKER_NLP)]


def _progress(total: int | None, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not enabled, file=sys.stderr, leave=False)


def _count_documents(paths: Sequence[str | Path]) -> int | None:
    """How many documents ``paths`` hold (a first, cheap reading pass); None for stdin."""
    if any(str(p) == "-" for p in paths):
        return None
    return sum(1 for _ in iter_documents(paths))


def build(
    paths: Sequence[str | Path] | None = None,
    out_dir: str | Path | None = None,
    *,
    nlp: Language | None = None,
    cooccurrence: bool = True,
    window: int = COOCCURRENCE_WINDOW,
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

    Documents are read, extracted and folded into the graph one at a time, and their facts
    are written to ``documents.jsonl`` as they come: memory holds the graph, not the corpus.

    With ``update=True`` the documents already in ``out_dir/documents.jsonl`` are kept, a
    new document whose content is already there (same SHA-256) is skipped, and the graph
    is rebuilt from all of them: the same graph as one build over every document.

    ``jobs`` runs the extraction in that many local processes; ``dask`` (a
    ``distributed.Client`` or a scheduler address) runs it on a Dask cluster instead
    (:mod:`kg.distributed`). Either way the graph is the same. ``accurate`` uses the
    transition-based NER (when ``nlp`` is not given, and on Dask workers). ``window`` is
    the co-occurrence window in characters (:func:`kg.graph.build.cooccurring_pairs`).
    """
    started = time.perf_counter()
    inputs = list(paths or [sample_path()])
    result = BuildResult(nx.MultiDiGraph())
    store = Path(out_dir) / STORE if out_dir is not None else None
    old = store if update and store is not None and store.exists() else None
    known = store_hashes(old) if old is not None else set()
    bar = _progress(_count_documents(inputs) if progress else None, progress)

    def new_documents() -> Iterator[Document]:
        seen = set(known)
        for item in iter_documents(inputs):
            bar.update(1)
            if isinstance(item, Failure):
                log.error("%s", item)
                result.failed.append((item.source, str(item)))
                continue
            result.read += 1
            result.characters += len(item.text)
            h = content_hash(item)
            if h in seen:
                result.skipped += 1
                continue
            seen.add(h)
            yield item

    if dask is not None:
        from kg.distributed import extract_with_dask

        fresh = extract_with_dask(new_documents(), dask, accurate=accurate)
    else:
        fresh = extract_records(new_documents(), nlp=nlp, jobs=jobs, accurate=accurate)
    first_ids: list[str] = []
    with ExitStack() as stack:
        facts_file: AtomicFile | None = None

        def records() -> Iterator[tuple]:
            nonlocal facts_file
            last: tuple[str, str] | None = None
            for r in chain(iter_store(old) if old is not None else (), fresh):
                if store is not None and facts_file is None:
                    facts_file = stack.enter_context(AtomicFile(store))
                if facts_file is not None:
                    facts_file.write(store_line(r))
                if (r.doc_id, r.hash) != last:  # the parts of a long document come together
                    result.in_graph += 1
                    last = (r.doc_id, r.hash)
                    if len(first_ids) < 4:
                        first_ids.append(r.doc_id)
                yield r.as_record()

        result.graph = build_graph(records(), cooccurrence=cooccurrence, window=window, locality=locality)
        bar.close()
        if facts_file is not None and result.in_graph and (result.read or not update):
            title = "kg · " + ", ".join(first_ids[:3]) + (" …" if result.in_graph > 3 else "")
            result.outputs = write_outputs(result.graph, Path(out_dir), title=title)
            result.outputs.append(facts_file.commit())
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
    records = (r.as_record() for r in extract_records(docs, nlp=nlp, jobs=jobs))
    G = build_graph(records, cooccurrence=cooccurrence, locality=locality)
    return BuildResult(G, read=len(docs), characters=sum(len(d.text) for d in docs), in_graph=len(docs))


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
