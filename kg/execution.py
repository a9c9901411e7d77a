"""Where the extraction runs: in this process, in worker processes, or on a Dask cluster.

The three executors are interchangeable: each maps documents to their facts
(:func:`kg.facts.extract.extract_document`) and yields the :class:`~kg.facts.types.DocFacts`
records in input order, so a build gives the same graph whichever runs it. Each reads the
documents lazily and holds a bounded number in flight, so memory does not grow with the
corpus::

    for record in executor_for(jobs=2).map(documents):
        ...

The Dask executor adds no scheduler of its own: documents are read where the build runs,
shipped to the workers as a ``dask.bag`` partitioned by document, each worker process loads
kg's pipeline once and returns plain records (``pip install 'kg[dask]'``)::

    from distributed import Client
    kg.build(["corpus/"], "out", dask=Client("tcp://scheduler:8786"))
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from kg.facts.extract import extract, extract_documents
from kg.facts.types import DocFacts
from kg.models import DEFAULT_NER
from kg.pipeline.assemble import load_pipeline
from kg.reader import Document


class Executor(Protocol):
    """Maps documents to their facts, in input order."""

    def map(self, docs: Iterable[Document]) -> Iterator[DocFacts]: ...


class InProcess:
    """Extraction in this process, with ``nlp`` or a pipeline loaded on first use."""

    def __init__(self, nlp: Language | None = None, *, ner: str | Path = DEFAULT_NER) -> None:
        self.nlp = nlp
        self.ner = ner

    def map(self, docs: Iterable[Document]) -> Iterator[DocFacts]:
        docs = iter(docs)
        first = list(islice(docs, 1))
        if not first:
            return
        if self.nlp is None:
            self.nlp = load_pipeline(ner=self.ner)
        yield from extract(chain(first, docs), self.nlp)


_WORKER: dict[str, Language] = {}  # the pipeline of a worker process


def _init_worker(nlp: Language | None, ner: str | Path) -> None:
    _WORKER["nlp"] = nlp if nlp is not None else load_pipeline(ner=ner)


def _worker_facts(docs: list[Document]) -> list[DocFacts]:
    return extract_documents(docs, _WORKER["nlp"])


class WorkerProcesses:
    """Extraction in ``jobs`` forked worker processes, each with its own pipeline.

    At most ``in_flight`` batches of ``batch`` documents per worker are pending at a time.
    A caller's ``nlp`` is inherited by the forked workers instead of being loaded again.
    """

    def __init__(
        self,
        jobs: int,
        nlp: Language | None = None,
        *,
        ner: str | Path = DEFAULT_NER,
        batch: int = 4,
        in_flight: int = 4,
    ) -> None:
        self.jobs, self.nlp, self.ner, self.batch, self.in_flight = jobs, nlp, ner, batch, in_flight

    def map(self, docs: Iterable[Document]) -> Iterator[DocFacts]:
        docs = iter(docs)
        head = list(islice(docs, 2))
        if len(head) < 2:  # one document: no pool
            yield from InProcess(self.nlp, ner=self.ner).map(head)
            return
        stream = (d for part in (head, docs) for d in part)
        batches = iter(lambda: list(islice(stream, self.batch)), [])
        pending: deque[Future] = deque()
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=ctx, initializer=_init_worker, initargs=(self.nlp, self.ner)
        ) as pool:
            for group in batches:
                pending.append(pool.submit(_worker_facts, group))
                while len(pending) >= self.in_flight * self.jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()


_DASK_PIPELINES: dict[str, Language] = {}  # per Dask worker process, by NER name


def _partition_facts(docs: list[Document], ner: str) -> list[DocFacts]:
    if ner not in _DASK_PIPELINES:
        _DASK_PIPELINES[ner] = load_pipeline(ner=ner)
    return extract_documents(docs, _DASK_PIPELINES[ner])


class DaskCluster:
    """Extraction on the Dask cluster of ``client`` (a ``distributed.Client`` or an address).

    Documents go to the cluster in waves of ``wave`` (one ``dask.bag`` each, partitions of
    ``partition_size``), so the client holds a wave of documents and facts at a time.
    """

    def __init__(
        self, client: Any, *, ner: str | Path = DEFAULT_NER, partition_size: int = 8, wave: int = 512
    ) -> None:
        self.client, self.ner, self.partition_size, self.wave = client, str(ner), partition_size, wave

    def map(self, docs: Iterable[Document]) -> Iterator[DocFacts]:
        try:
            import dask.bag as db
            from distributed import Client
        except ImportError:
            raise ImportError(
                "the Dask executor needs dask and distributed: pip install 'kg[dask]'"
            ) from None
        docs = iter(docs)
        own = isinstance(self.client, str)
        client = Client(self.client) if own else self.client
        try:
            while group := list(islice(docs, self.wave)):
                n = max(1, -(-len(group) // self.partition_size))
                bag = db.from_sequence(group, npartitions=n)
                yield from bag.map_partitions(_partition_facts, self.ner).compute(scheduler=client.get)
        finally:
            if own:
                client.close()


def executor_for(
    *, jobs: int = 1, dask: Any = None, nlp: Language | None = None, ner: str | Path = DEFAULT_NER
) -> Executor:
    """The executor a build asks for: Dask when ``dask`` is given, else processes when ``jobs > 1``.

    Raises
    ------
    ValueError
        When a pipeline object is given for a Dask cluster (workers load their own).
    """
    if dask is not None:
        if nlp is not None:
            raise ValueError("a Dask build loads the pipeline on the workers: pass ner=, not nlp=")
        return DaskCluster(dask, ner=ner)
    if jobs > 1:
        return WorkerProcesses(jobs, nlp, ner=ner)
    return InProcess(nlp, ner=ner)
