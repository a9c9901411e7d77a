"""The notebook API: :class:`KnowledgeGraph`, a thin layer over a networkx graph.

>>> from kg import KnowledgeGraph
>>> kgraph = KnowledgeGraph.build()  # the bundled sample  # doctest: +SKIP
>>> kgraph.officials().head()                          # doctest: +SKIP
>>> kgraph.neighbors("鹏飞集团")                        # doctest: +SKIP

Every view is a pandas DataFrame; names are looked up by label or alias (white space and
quote marks ignored). Nothing here mutates the graph it was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.facts.types import COOCCURRENCE

_DROP = re.compile(r"[\s“”\"'‘’「」『』《》]")


def _norm(name: str) -> str:
    return _DROP.sub("", name or "")


class KnowledgeGraph:
    """A knowledge graph built by kg, with query helpers for notebooks.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Nodes and edges as :func:`kg.graph.build.build_graph` makes them.
    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self._index: dict[str, list[str]] = {}
        for n, d in G.nodes(data=True):
            for name in [d.get("label", n), *str(d.get("aliases", "")).split("|")]:
                if name:
                    self._index.setdefault(_norm(name), []).append(n)

    # construction and files -------------------------------------------------------------

    @classmethod
    def build(
        cls, paths_or_texts: str | Path | Sequence[str | Path] | None = None, **options: Any
    ) -> KnowledgeGraph:
        """Build from files, folders or raw texts (default: the bundled sample page).

        A string that is not an existing path is read as text. ``options`` go to
        :func:`kg.build.build_documents` (``nlp``, ``cooccurrence``, ``locality``).
        """
        from kg.build import build_documents
        from kg.inputs import Failure, iter_documents
        from kg.reader import read_text, sample_path

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
    def read_graphml(cls, path: str | Path) -> KnowledgeGraph:
        """Read a ``graph.graphml`` written by kg (edges keyed by their relation again)."""
        H = nx.read_graphml(path, force_multigraph=True)
        G = nx.MultiDiGraph()
        G.add_nodes_from(H.nodes(data=True))
        for u, v, d in H.edges(data=True):
            d = {k: val for k, val in d.items() if k != "id"}
            G.add_edge(u, v, key=d.get("relation", ""), **d)
        return cls(G)

    def write(self, folder: str | Path) -> list[Path]:
        """Write every export (GraphML, GEXF, JSON, CSV) into ``folder``."""
        from kg.build import write_outputs

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

    # lookups ----------------------------------------------------------------------------

    def find(self, name: str) -> dict:
        """The entity named ``name`` (label or alias): its attributes plus ``id``.

        Raises
        ------
        KeyError
            With the closest names when none matches.
        """
        ids = self._index.get(_norm(name))
        if not ids:
            key = _norm(name)
            close = sorted(
                {
                    d.get("label", n)
                    for n, d in self.G.nodes(data=True)
                    if key and key in _norm(d.get("label", ""))
                }
            )
            hint = f"; did you mean {', '.join(close[:5])}?" if close else ""
            raise KeyError(f"no entity named {name!r}{hint}")
        n = max(ids, key=lambda i: int(self.G.nodes[i].get("mentions", 0) or 0))
        return {"id": n, **self.G.nodes[n]}

    def _id(self, name: str) -> str:
        return name if name in self.G else self.find(name)["id"]

    # DataFrame views --------------------------------------------------------------------

    def entities(self, type: str | None = None):  # noqa: A002 - the column is called type
        """Entities, most mentioned first.

        Columns: ``id``, ``label``, ``type``, ``aliases``, ``mentions``, ``docs``.
        """
        import pandas as pd

        rows = [
            {
                "id": n,
                "label": d.get("label", n),
                "type": d.get("type", ""),
                "aliases": d.get("aliases", ""),
                "mentions": int(d.get("mentions", 0) or 0),
                "docs": d.get("docs", ""),
            }
            for n, d in self.G.nodes(data=True)
            if type is None or d.get("type") == type
        ]
        cols = ["id", "label", "type", "aliases", "mentions", "docs"]
        df = pd.DataFrame(rows, columns=cols)
        return df.sort_values(["mentions", "label"], ascending=[False, True], ignore_index=True)

    def relations(self, relation: str | None = None, *, cooccurrence: bool = False):
        """Typed facts (co-occurrence only when asked).

        Columns: ``head``, ``relation``, ``tail``, ``title``, ``weight``, ``date``, ``evidence``,
        ``doc``, ``head_id``, ``tail_id``.
        """
        import pandas as pd

        rows = []
        for u, v, k, d in self.G.edges(keys=True, data=True):
            if (relation and k != relation) or (
                k == COOCCURRENCE and not cooccurrence and relation != COOCCURRENCE
            ):
                continue
            rows.append(
                {
                    "head": self.G.nodes[u].get("label", u),
                    "relation": k,
                    "tail": self.G.nodes[v].get("label", v),
                    "title": d.get("title", ""),
                    "weight": int(d.get("weight", 1) or 1),
                    "date": d.get("date", ""),
                    "evidence": d.get("evidence", ""),
                    "doc": d.get("doc", ""),
                    "head_id": u,
                    "tail_id": v,
                }
            )
        cols = [
            "head",
            "relation",
            "tail",
            "title",
            "weight",
            "date",
            "evidence",
            "doc",
            "head_id",
            "tail_id",
        ]
        return pd.DataFrame(rows, columns=cols)

    def officials(self, org: str | None = None):
        """Who holds which post where: ``person``, ``title``, ``org``, ``evidence``, ``doc``."""
        df = self.relations("HOLDS_POSITION")
        if org is not None:
            df = df[df["tail_id"] == self._id(org)]
        out = df.rename(columns={"head": "person", "tail": "org"})[
            ["person", "title", "org", "evidence", "doc"]
        ]
        return out.reset_index(drop=True)

    def projects(self, org: str | None = None):
        """Projects and who runs or invests in them.

        Columns: ``org``, ``relation``, ``project``, ``evidence``, ``doc``.
        """
        import pandas as pd

        df = pd.concat([self.relations("RUNS_PROJECT"), self.relations("INVESTS_IN")], ignore_index=True)
        df = df[[self.G.nodes[t].get("type") == "PROJECT" for t in df["tail_id"]]] if len(df) else df
        if org is not None:
            df = df[df["head_id"] == self._id(org)]
        out = df.rename(columns={"head": "org", "tail": "project"})[
            ["org", "relation", "project", "evidence", "doc"]
        ]
        return out.reset_index(drop=True)

    def neighbors(self, name: str, relation: str | None = None):
        """Facts that touch an entity.

        Columns: ``relation``, ``direction`` (out/in), ``neighbor``, ``type``, ``title``, ``evidence``.
        """
        import pandas as pd

        n = self._id(name)
        rows = []
        for direction, edges in (
            ("out", self.G.out_edges(n, keys=True, data=True)),
            ("in", self.G.in_edges(n, keys=True, data=True)),
        ):
            for u, v, k, d in edges:
                if k == COOCCURRENCE and relation != COOCCURRENCE or (relation and k != relation):
                    continue
                other = v if direction == "out" else u
                rows.append(
                    {
                        "relation": k,
                        "direction": direction,
                        "neighbor": self.G.nodes[other].get("label", other),
                        "type": self.G.nodes[other].get("type", ""),
                        "title": d.get("title", ""),
                        "evidence": d.get("evidence", ""),
                    }
                )
        return pd.DataFrame(rows, columns=["relation", "direction", "neighbor", "type", "title", "evidence"])

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

        return holders(self.G, self._id(body), title=title)

    def path(self, a: str, b: str) -> list[tuple[str, str, str]]:
        """The shortest chain of facts between two entities, as ``(head, relation, tail)`` triples.

        Raises
        ------
        networkx.NetworkXNoPath
            When the facts do not connect them.
        """
        typed = nx.Graph()
        typed.add_nodes_from(self.G)
        for u, v, k in self.G.edges(keys=True):
            if k != COOCCURRENCE:
                typed.add_edge(u, v, relation=k, head=u, tail=v)
        nodes = nx.shortest_path(typed, self._id(a), self._id(b))
        label = nx.get_node_attributes(self.G, "label")
        steps = []
        for u, v in zip(nodes, nodes[1:], strict=False):
            e = typed.edges[u, v]
            steps.append((label.get(e["head"], e["head"]), e["relation"], label.get(e["tail"], e["tail"])))
        return steps

    def subgraph(self, around: str, hops: int = 1, types: Iterable[str] | None = None) -> KnowledgeGraph:
        """The entities within ``hops`` facts of ``around`` (optionally of some types only)."""
        typed = nx.Graph()
        typed.add_nodes_from(self.G)
        typed.add_edges_from((u, v) for u, v, k in self.G.edges(keys=True) if k != COOCCURRENCE)
        centre = self._id(around)
        keep = set(nx.single_source_shortest_path_length(typed, centre, cutoff=hops))
        if types is not None:
            wanted = set(types)
            keep = {n for n in keep if n == centre or self.G.nodes[n].get("type") in wanted}
        return KnowledgeGraph(self.G.subgraph(keep).copy())
