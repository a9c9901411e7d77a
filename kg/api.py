"""The notebook API: :class:`KnowledgeGraph`, a thin layer over the build, the queries and the exports.

>>> from kg import KnowledgeGraph
>>> kgraph = KnowledgeGraph.build()  # the bundled sample  # doctest: +SKIP
>>> kgraph.officials().head()                          # doctest: +SKIP
>>> kgraph.neighbors("鹏飞集团")                        # doctest: +SKIP

Every view is a pandas DataFrame (:mod:`kg.graph.query`); names are looked up by label or
alias, and by a short form resolution would merge (离石电缆 finds 离石电缆有限公司). Nothing here
mutates the graph it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import query
from kg.schema import COOCCURRENCE


class KnowledgeGraph:
    """A knowledge graph built by kg, with query helpers for notebooks.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Nodes and edges as :func:`kg.graph.build.build_graph` makes them.
    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self._index = query.name_index(G)

    # construction and files -------------------------------------------------------------

    @classmethod
    def build(
        cls, paths_or_texts: str | Path | Sequence[str | Path] | None = None, **options: Any
    ) -> KnowledgeGraph:
        """Build from files, folders or raw texts (default: the bundled sample page).

        A string that is not an existing path is read as text. ``options`` go to
        :func:`kg.builder.build_documents` (``nlp``, ``ner``, ``cooccurrence``, ``locality``).

        Raises
        ------
        ValueError
            When an input cannot be read (the reason, on one line).
        """
        from kg.builder import build_documents
        from kg.reader import Failure, iter_documents, read_text, sample_path

        items = [paths_or_texts] if isinstance(paths_or_texts, (str, Path)) else list(paths_or_texts or [])
        docs = []
        for i, item in enumerate(items or [sample_path()]):
            if isinstance(item, Path) or Path(str(item)).exists() or str(item) == "-":
                for d in iter_documents([item]):
                    if isinstance(d, Failure):
                        raise ValueError(str(d))
                    docs.append(d)
            else:
                docs.append(read_text(str(item), doc_id=f"text{i}"))
        return cls(build_documents(docs, **options).graph)

    @classmethod
    def read_json(cls, path: str | Path) -> KnowledgeGraph:
        """Read a ``graph.json`` written by kg: lossless, every statement of every fact included."""
        from kg.export.nodelink import read_json

        return cls(read_json(path))

    @classmethod
    def read_graphml(cls, path: str | Path) -> KnowledgeGraph:
        """Read a ``graph.graphml`` written by kg: lossy, Gephi-facing (each fact's first sentence
        only, no ``provenance``); :meth:`read_json` keeps everything."""
        from kg.export.graphml import read_graphml

        return cls(read_graphml(path))

    def write(self, folder: str | Path) -> list[Path]:
        """Write every export (GraphML, GEXF, HTML, JSON, CSV) into ``folder``."""
        from kg.export.outputs import write_outputs

        return write_outputs(self.G, Path(folder))

    def show(self, height: int = 600, title: str = "kg"):
        """The interactive page, inline in Jupyter (JupyterLab, VS Code): an iframe with ``srcdoc``.

        The page is the offline ``graph.html`` of :mod:`kg.export.html`; nothing is fetched.
        """
        import html as _html

        from IPython.display import HTML

        from kg.export.html import to_html

        page = _html.escape(to_html(self.G, title=title), quote=True)
        style = f"width:100%;height:{int(height)}px;border:0"
        return HTML(f'<div><iframe srcdoc="{page}" style="{style}" sandbox="allow-scripts"></iframe></div>')

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the underlying graph."""
        return self.G.copy()

    def __len__(self) -> int:
        return self.G.number_of_nodes()

    def __repr__(self) -> str:
        facts = sum(1 for *_, k in self.G.edges(keys=True) if k != COOCCURRENCE)
        return f"<KnowledgeGraph: {self.G.number_of_nodes()} entities, {facts} facts>"

    # lookups and views (kg.graph.query) --------------------------------------------------

    def find(self, name: str) -> dict:
        """The entity named ``name`` (label, alias or a short form): its attributes plus ``id``.

        Raises
        ------
        KeyError
            With the closest names when none matches.
        """
        n = query.find_node(self.G, name, self._index)
        return {"id": n, **self.G.nodes[n]}

    def _id(self, name: str) -> str:
        return query.find_node(self.G, name, self._index)

    def entities(self, type: str | None = None):  # noqa: A002 - the column is called type
        """Entities, most mentioned first (:func:`kg.graph.query.entity_table`)."""
        return query.entity_table(self.G, type)

    def relations(self, relation: str | None = None, *, cooccurrence: bool = False):
        """Typed facts, co-occurrence only when asked (:func:`kg.graph.query.relation_table`)."""
        return query.relation_table(self.G, relation, cooccurrence=cooccurrence)

    def officials(self, org: str | None = None):
        """Who holds which post where (:func:`kg.graph.query.officials`)."""
        return query.officials(self.G, org)

    def projects(self, org: str | None = None):
        """Projects and who runs or invests in them (:func:`kg.graph.query.projects`)."""
        return query.projects(self.G, org)

    def neighbors(self, name: str, relation: str | None = None):
        """Facts that touch an entity (:func:`kg.graph.query.neighbor_table`)."""
        return query.neighbor_table(self.G, self._id(name), relation)

    # time (kg.graph.timeline) ----------------------------------------------------------

    def career(self, person: str):
        """Each post a person held (title, body, first and last date, documents, evidence), in time.

        See :func:`kg.graph.timeline.career`; ``person`` is a name, an alias or a node id.
        """
        from kg.graph.timeline import career

        return career(self.G, self._id(person))

    def timeline(self, entity: str, *, undated: bool = False):
        """The dated statements of an entity's facts, in order (:func:`kg.graph.timeline.timeline`)."""
        from kg.graph.timeline import timeline

        return timeline(self.G, self._id(entity), undated=undated)

    def holders(self, body: str, title: str | None = None):
        """Who held posts at a body, in time (:func:`kg.graph.timeline.holders`)."""
        from kg.graph.timeline import holders

        try:
            node = self._id(body)
        except KeyError:  # a body no document names, known from persons' posts only
            node = body
        return holders(self.G, node, title=title)

    def path(self, a: str, b: str) -> list[tuple[str, str, str]]:
        """The shortest chain of facts between two entities (:func:`kg.graph.query.fact_path`)."""
        return query.fact_path(self.G, self._id(a), self._id(b))

    def subgraph(self, around: str, hops: int = 1, types: Iterable[str] | None = None) -> KnowledgeGraph:
        """The entities within ``hops`` facts of ``around`` (optionally of some types only)."""
        return KnowledgeGraph(query.around(self.G, self._id(around), hops, types))
