"""output/ holds the sample's results; it is stale when rebuilding the sample changes them.

Regenerate with ``kg build --png`` (README: "output/").
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.builder import build

OUTPUT = Path(__file__).resolve().parents[1] / "output"
EXACT = ("entities.csv", "relations.csv", "evidence.csv", "graph.json")


def test_output_folder_is_up_to_date(nlp, tmp_path):
    build(None, tmp_path, nlp=nlp)
    stale = [n for n in EXACT if (OUTPUT / n).read_bytes() != (tmp_path / n).read_bytes()]
    assert not stale, f"output/ is stale ({', '.join(stale)}): run `kg build --png`"
    ours, fresh = nx.read_graphml(OUTPUT / "graph.graphml"), nx.read_graphml(tmp_path / "graph.graphml")
    assert set(ours.nodes) == set(fresh.nodes) and ours.number_of_edges() == fresh.number_of_edges()
    for name in ("graph.gexf", "graph.html", "graph.png"):
        assert (OUTPUT / name).stat().st_size > 1000, name
