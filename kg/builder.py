"""The build: inputs → documents → facts → graph → files. ``kg build`` and :func:`kg.build` call this.

Reading top-down, :func:`build`

1. reads the inputs lazily (:func:`kg.reader.iter_documents`), reporting each failure on one
   line, and drops documents already seen (same content hash, also those of an old store
   with ``update``);
2. hands the rest to an executor (:mod:`kg.execution`: this process, worker processes or a
   Dask cluster), which yields each document's facts (:mod:`kg.facts.extract`);
3. folds the facts into the graph as they come (:func:`kg.graph.build.build_graph`) and
   appends them to ``documents.jsonl`` (:mod:`kg.facts.store`), renamed into place only
   when the build completes;
4. writes every export (:func:`kg.export.outputs.write_outputs`).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import networkx as nx
from spacy.language import Language

from kg.execution import executor_for
from kg.export.atomic import AtomicFile
from kg.export.outputs import write_outputs
from kg.facts.store import STORE, content_hash, iter_store, store_hashes, to_line
from kg.facts.types import DocFacts
from kg.graph.build import COOCCURRENCE_WINDOW, build_graph
from kg.models import DEFAULT_NER
from kg.reader import Document, Failure, count_documents, iter_documents, sample_path

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


def _progress(total: int | None, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not enabled, file=sys.stderr, leave=False)


def build(
    paths: Sequence[str | Path] | None = None,
    out_dir: str | Path | None = None,
    *,
    nlp: Language | None = None,
    ner: str | Path = DEFAULT_NER,
    cooccurrence: bool = True,
    window: int = COOCCURRENCE_WINDOW,
    locality: str | None = None,
    jobs: int = 1,
    dask: Any = None,
    update: bool = False,
    progress: bool = False,
) -> BuildResult:
    """Build the knowledge graph of ``paths`` (default: the bundled sample) into ``out_dir``.

    Parameters
    ----------
    paths : files, folders, glob patterns or ``-`` (see :func:`kg.reader.iter_documents`).
    out_dir : where to write ``graph.graphml`` and ``graph.gexf`` (Gephi), ``graph.html``
        (offline page), ``graph.json`` (node-link, every statement), ``entities.csv``/
        ``relations.csv``/``evidence.csv`` (Neo4j bulk-import headers) and
        ``documents.jsonl`` (the facts of every document). With None, or when no document
        could be read, nothing is written.
    nlp, ner : the pipeline to use, or the NER to load one with (``"tagger"``, the default;
        ``"transition"``, the slower transition-based model; or a model folder).
    cooccurrence, window : add ``MENTIONED_WITH`` edges between names of one sentence at most
        ``window`` characters apart (:func:`kg.graph.build.cooccurring_pairs`).
    locality : the city or province every document is about (default: read from each).
    jobs, dask : run the extraction in ``jobs`` local processes, or on a Dask cluster
        (a ``distributed.Client`` or a scheduler address); the graph is the same.
    update : keep the documents already in ``out_dir/documents.jsonl``, skip new ones whose
        content is already there, and rebuild the graph from all of them: the same graph as
        one build over every document.
    progress : show a progress bar on standard error.

    Returns
    -------
    BuildResult
        Inputs that cannot be read are logged on one line, skipped and listed in ``failed``.

    Examples
    --------
    >>> import kg
    >>> result = kg.build(["page.txt"], "output")  # doctest: +SKIP
    >>> result.graph.number_of_nodes()  # doctest: +SKIP
    89
    """
    started = time.perf_counter()
    inputs = list(paths or [sample_path()])
    result = BuildResult(nx.MultiDiGraph())
    store = Path(out_dir) / STORE if out_dir is not None else None
    old = store if update and store is not None and store.exists() else None
    known = store_hashes(old) if old is not None else set()
    bar = _progress(count_documents(inputs) if progress else None, progress)

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
            h = content_hash(item.text)
            if h in seen:
                result.skipped += 1
                continue
            seen.add(h)
            yield item

    fresh = executor_for(jobs=jobs, dask=dask, nlp=nlp, ner=ner).map(new_documents())
    first_ids: list[str] = []
    with ExitStack() as stack:
        facts_file: AtomicFile | None = None

        def records() -> Iterator[DocFacts]:
            nonlocal facts_file
            last: tuple[str, str] | None = None
            for r in chain(iter_store(old) if old is not None else (), fresh):
                if store is not None and facts_file is None:
                    facts_file = stack.enter_context(AtomicFile(store))
                if facts_file is not None:
                    facts_file.write(to_line(r))
                if (r.doc_id, r.hash) != last:  # the parts of a long document come together
                    result.in_graph += 1
                    last = (r.doc_id, r.hash)
                    if len(first_ids) < 4:
                        first_ids.append(r.doc_id)
                yield r

        result.graph = build_graph(records(), cooccurrence=cooccurrence, window=window, locality=locality)
        bar.close()
        if facts_file is not None and result.in_graph and (result.read or not update):
            title = "kg · " + ", ".join(first_ids[:3]) + (" …" if result.in_graph > 3 else "")
            result.outputs = write_outputs(result.graph, Path(out_dir), title=title)
            result.outputs.append(facts_file.commit())
    result.seconds = time.perf_counter() - started
    return result


def build_documents(
    docs: Iterable[Document],
    *,
    nlp: Language | None = None,
    ner: str | Path = DEFAULT_NER,
    cooccurrence: bool = True,
    locality: str | None = None,
    jobs: int = 1,
) -> BuildResult:
    """The knowledge graph of documents already read (:mod:`kg.reader`); nothing is written."""
    docs = list(docs)
    records = executor_for(jobs=jobs, nlp=nlp, ner=ner).map(docs)
    G = build_graph(records, cooccurrence=cooccurrence, locality=locality)
    return BuildResult(G, read=len(docs), characters=sum(len(d.text) for d in docs), in_graph=len(docs))
