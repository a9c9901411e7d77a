"""Queries over a graph built by kg: plain functions, one job each, returning DataFrames or ids.

Every function takes the ``networkx.MultiDiGraph`` of :func:`kg.graph.build.build_graph` (or
one read back from ``graph.json``/``graph.graphml``) and never modifies it. Names are looked
up by label or alias in their normal form (:func:`kg.names.normal_form`), and a short form
that resolution would merge with a name (离石电缆 for 离石电缆有限公司) finds it too.
:class:`kg.KnowledgeGraph` is the notebook face of these functions.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.graph.resolve import longer_forms
from kg.names import normal_form
from kg.schema import COOCCURRENCE

RELATION_COLUMNS = [
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


def name_index(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Node ids by the normal form of each label and alias."""
    index: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        for name in [d.get("label", n), *str(d.get("aliases", "") or "").split("|")]:
            if name:
                index.setdefault(normal_form(name), []).append(n)
    return index


def find_node(G: nx.MultiDiGraph, name: str, index: dict[str, list[str]] | None = None) -> str:
    """The id of the entity named ``name``: by label or alias, else by a short form of one.

    A name that is a label or an alias gives its most mentioned node. Otherwise a name that
    resolution would take for a shorter form of exactly one entity's name gives that entity
    (:func:`kg.graph.resolve.longer_forms`: 离石电缆 for 离石电缆有限公司, 鹏飞集团 for
    孝义鹏飞集团).

    Raises
    ------
    KeyError
        When no entity, or more than one, has that name or a longer form of it.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("COMPANY:离石电缆有限公司", label="离石电缆有限公司", type="COMPANY")
    >>> find_node(G, "离石电缆有限公司"), find_node(G, "离石电缆")
    ('COMPANY:离石电缆有限公司', 'COMPANY:离石电缆有限公司')
    """
    if name in G:
        return name
    index = name_index(G) if index is None else index
    key = normal_form(name)
    ids = index.get(key)
    if ids:
        return max(ids, key=lambda i: int(G.nodes[i].get("mentions", 0) or 0))
    found: set[str] = set()
    for n, d in G.nodes(data=True):
        names = {
            normal_form(x) for x in [d.get("label", n), *str(d.get("aliases", "") or "").split("|")] if x
        }
        if longer_forms(key, names, d.get("type", "")):
            found.add(n)
    if len(found) == 1:
        return found.pop()
    if found:
        labels = sorted(G.nodes[n].get("label", n) for n in found)
        raise KeyError(f"{name!r} is a short form of several entities: {', '.join(labels[:5])}")
    close = sorted(
        {d.get("label", n) for n, d in G.nodes(data=True) if key and key in normal_form(d.get("label", ""))}
    )
    hint = f"; did you mean {', '.join(close[:5])}?" if close else ""
    raise KeyError(f"no entity named {name!r}{hint}")


def entity_table(G: nx.MultiDiGraph, type: str | None = None):  # noqa: A002 - the column is called type
    """Entities, most mentioned first: ``id``, ``label``, ``type``, ``aliases``, ``mentions``, ``docs``."""
    import pandas as pd

    cols = ["id", "label", "type", "aliases", "mentions", "docs"]
    rows = [
        {
            "id": n,
            "label": d.get("label", n),
            "type": d.get("type", ""),
            "aliases": d.get("aliases", ""),
            "mentions": int(d.get("mentions", 0) or 0),
            "docs": d.get("docs", ""),
        }
        for n, d in G.nodes(data=True)
        if type is None or d.get("type") == type
    ]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["mentions", "label"], ascending=[False, True], ignore_index=True)


def relation_table(G: nx.MultiDiGraph, relation: str | None = None, *, cooccurrence: bool = False):
    """Typed facts (co-occurrence only when asked or named), one row per edge.

    Columns: ``head``, ``relation``, ``tail``, ``title``, ``weight``, ``date``, ``evidence``,
    ``doc``, ``head_id``, ``tail_id``.
    """
    import pandas as pd

    rows = []
    for u, v, k, d in G.edges(keys=True, data=True):
        if (relation and k != relation) or (
            k == COOCCURRENCE and not cooccurrence and relation != COOCCURRENCE
        ):
            continue
        rows.append(
            {
                "head": G.nodes[u].get("label", u),
                "relation": k,
                "tail": G.nodes[v].get("label", v),
                "title": d.get("title", ""),
                "weight": int(d.get("weight", 1) or 1),
                "date": d.get("date", ""),
                "evidence": d.get("evidence", ""),
                "doc": d.get("doc", ""),
                "head_id": u,
                "tail_id": v,
            }
        )
    return pd.DataFrame(rows, columns=RELATION_COLUMNS)


def officials(G: nx.MultiDiGraph, org: str | None = None):
    """Who holds which post where: ``person``, ``title``, ``org``, ``evidence``, ``doc``."""
    df = relation_table(G, "HOLDS_POSITION")
    if org is not None:
        df = df[df["tail_id"] == find_node(G, org)]
    out = df.rename(columns={"head": "person", "tail": "org"})[["person", "title", "org", "evidence", "doc"]]
    return out.reset_index(drop=True)


def projects(G: nx.MultiDiGraph, org: str | None = None):
    """Projects and who runs or invests in them: ``org``, ``relation``, ``project``, ``evidence``, ``doc``."""
    import pandas as pd

    df = pd.concat([relation_table(G, "RUNS_PROJECT"), relation_table(G, "INVESTS_IN")], ignore_index=True)
    df = df[[G.nodes[t].get("type") == "PROJECT" for t in df["tail_id"]]] if len(df) else df
    if org is not None:
        df = df[df["head_id"] == find_node(G, org)]
    out = df.rename(columns={"head": "org", "tail": "project"})[
        ["org", "relation", "project", "evidence", "doc"]
    ]
    return out.reset_index(drop=True)


def neighbor_table(G: nx.MultiDiGraph, node: str, relation: str | None = None):
    """Facts that touch ``node``: ``relation``, ``direction`` (out/in), ``neighbor``, ``type``, ``title``,
    ``evidence``."""
    import pandas as pd

    rows = []
    for direction, edges in (
        ("out", G.out_edges(node, keys=True, data=True)),
        ("in", G.in_edges(node, keys=True, data=True)),
    ):
        for u, v, k, d in edges:
            if k == COOCCURRENCE and relation != COOCCURRENCE or (relation and k != relation):
                continue
            other = v if direction == "out" else u
            rows.append(
                {
                    "relation": k,
                    "direction": direction,
                    "neighbor": G.nodes[other].get("label", other),
                    "type": G.nodes[other].get("type", ""),
                    "title": d.get("title", ""),
                    "evidence": d.get("evidence", ""),
                }
            )
    return pd.DataFrame(rows, columns=["relation", "direction", "neighbor", "type", "title", "evidence"])


def fact_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph of the typed facts of ``G`` (co-occurrence left out), for paths."""
    typed = nx.Graph()
    typed.add_nodes_from(G)
    for u, v, k in G.edges(keys=True):
        if k != COOCCURRENCE:
            typed.add_edge(u, v, relation=k, head=u, tail=v)
    return typed


def fact_path(G: nx.MultiDiGraph, a: str, b: str) -> list[tuple[str, str, str]]:
    """The shortest chain of facts between nodes ``a`` and ``b``, as ``(head, relation, tail)`` labels.

    Raises
    ------
    networkx.NetworkXNoPath
        When the facts do not connect them.
    """
    typed = fact_graph(G)
    label = nx.get_node_attributes(G, "label")
    steps = []
    nodes = nx.shortest_path(typed, a, b)
    for u, v in zip(nodes, nodes[1:], strict=False):
        e = typed.edges[u, v]
        steps.append((label.get(e["head"], e["head"]), e["relation"], label.get(e["tail"], e["tail"])))
    return steps


def around(
    G: nx.MultiDiGraph, centre: str, hops: int = 1, types: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """A copy of the part of ``G`` within ``hops`` facts of ``centre`` (optionally some types only)."""
    keep = set(nx.single_source_shortest_path_length(fact_graph(G), centre, cutoff=hops))
    if types is not None:
        wanted = set(types)
        keep = {n for n in keep if n == centre or G.nodes[n].get("type") in wanted}
    return G.subgraph(keep).copy()
