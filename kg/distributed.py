"""Run the extraction on a Dask cluster: one pipeline per worker, facts back to the client.

kg adds no scheduler of its own. Documents are read where ``kg build`` runs, shipped to
the workers as a ``dask.bag`` partitioned by document, each worker process loads kg's
pipeline once (a module-level cache) and returns plain :class:`~kg.facts.store.DocFacts`;
the graph is built from them on the client, as for a local build, so the result is the
same graph::

    from distributed import Client
    client = Client("tcp://scheduler:8786")          # or LocalCluster(n_workers=2)
    kg.build(["corpus/"], "out", dask=client)

or ``kg build corpus/ -o out --dask tcp://scheduler:8786`` (``pip install 'kg[dask]'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from kg.facts.store import DocFacts
from kg.reader import Document

_PIPELINES: dict[bool, Any] = {}


def _worker_pipeline(accurate: bool = False):
    if accurate not in _PIPELINES:
        from kg.pipeline.assemble import load_pipeline

        _PIPELINES[accurate] = load_pipeline(accurate=accurate)
    return _PIPELINES[accurate]


def _partition_facts(docs: list[Document], accurate: bool = False) -> list[DocFacts]:
    from kg.build import doc_facts

    nlp = _worker_pipeline(accurate)
    return [r for d in docs for r in doc_facts(d, nlp)]


def extract_with_dask(
    docs: Iterable[Document],
    client: Any,
    *,
    partition_size: int = 8,
    wave: int = 512,
    accurate: bool = False,
) -> Iterator[DocFacts]:
    """The facts of ``docs`` computed on the Dask cluster of ``client``, in input order.

    ``client`` is a ``distributed.Client`` or a scheduler address (``tcp://host:8786``);
    ``accurate`` makes the workers load the transition-based NER. Documents go to the
    cluster in waves of ``wave`` (one ``dask.bag`` each), so the client holds a wave of
    documents and facts at a time, not the corpus.
    """
    try:
        import dask.bag as db
        from distributed import Client
    except ImportError:
        raise ImportError("the Dask path needs dask and distributed: pip install 'kg[dask]'") from None
    docs = iter(docs)
    own = isinstance(client, str)
    client = Client(client) if own else client
    try:
        while group := list(islice(docs, wave)):
            n = max(1, -(-len(group) // partition_size))
            bag = db.from_sequence(group, npartitions=n)
            yield from bag.map_partitions(_partition_facts, accurate).compute(scheduler=client.get)
    finally:
        if own:
            client.close()
