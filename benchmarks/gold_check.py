#!/usr/bin/env python3
"""Sanity checks for the golds of an evaluation set.

Usage::

    python benchmarks/gold_check.py benchmarks/heldout [--score-graph PATH]
    python benchmarks/gold_check.py benchmarks/generalisation

For each gold: every entity name, alias and optional name must occur in the text
(white space and quote marks ignored, as in score_graph.py); no name may belong to
two entities or to an entity and the optional list; every relation must name known
entities and use a known relation type; HOLDS_POSITION needs a title. Prints the
entity and relation counts per type. Then it builds the perfect graph of each gold
(one node per entity: label, type, aliases joined by ``|``; one edge per relation,
with its title), writes and reads it back as GraphML, and scores it with
``score_graph.py``: entity and relation F1 and title accuracy must all be 1.0, also
when the optional relations are added to the graph.
Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = REPO.parent / "shared" / "eval" / "score_graph.py"
TYPES = {"PERSON", "GOV_ORG", "COMPANY", "ORG", "PROJECT", "EVENT", "DOCUMENT", "PLACE"}
RELATIONS = {
    "HOLDS_POSITION",
    "PART_OF",
    "COOPERATES_WITH",
    "LOCATED_IN",
    "RUNS_PROJECT",
    "INVESTS_IN",
    "ISSUED",
    "APPROVED",
    "ORGANIZED",
    "SPOKE_AT",
    "ATTENDED",
}
_DROP = re.compile(r"[\s“”\"'‘’「」『』]")


def norm(s: str) -> str:
    return _DROP.sub("", s or "")


def check(gold_path: Path, texts: Path) -> list[str]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = norm((texts / gold["doc"]).read_text(encoding="utf-8"))
    problems = []
    owner: dict[str, str] = {}
    for e in gold["entities"]:
        if e["type"] not in TYPES:
            problems.append(f"unknown type {e['type']} for {e['text']}")
        for name in [e["text"], *e.get("aliases", [])]:
            n = norm(name)
            if n not in text:
                problems.append(f"entity name not in text: {name}")
            if n in owner and owner[n] != e["text"]:
                problems.append(f"name {name} belongs to {owner[n]} and {e['text']}")
            owner[n] = e["text"]
    for o in gold.get("optional", []):
        if norm(o) not in text:
            problems.append(f"optional name not in text: {o}")
        if norm(o) in owner:
            problems.append(f"optional name is also an entity name: {o}")
    seen = set()
    for key in ("relations", "optional_relations"):
        for r in gold.get(key, []):
            if r["type"] not in RELATIONS:
                problems.append(f"unknown relation type: {r}")
            for end in (r["head"], r["tail"]):
                if norm(end) not in owner:
                    problems.append(f"{key}: unknown entity {end} in {r}")
            if key == "relations" and r["type"] == "HOLDS_POSITION" and not r.get("title"):
                problems.append(f"HOLDS_POSITION without title: {r}")
            k = (r["head"], r["type"], r["tail"])
            if k in seen:
                problems.append(f"duplicate relation {k}")
            seen.add(k)
    ents = Counter(e["type"] for e in gold["entities"])
    rels = Counter(r["type"] for r in gold["relations"])
    sys.stdout.write(
        f"{gold_path.name}: {len(gold['entities'])} entities {dict(sorted(ents.items()))}; "
        f"{len(gold['relations'])} relations {dict(sorted(rels.items()))}; "
        f"{len(gold.get('optional_relations', []))} optional relations; "
        f"{len(gold.get('optional', []))} optional names\n"
    )
    return problems


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_graph", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def perfect_graph(gold: dict, with_optional: bool = False):
    """The graph a perfect system would output for this gold, round-tripped through GraphML."""
    import networkx as nx

    g = nx.MultiDiGraph()
    node = {}
    for i, e in enumerate(gold["entities"]):
        g.add_node(
            f"n{i}", label=e["text"], type=e["type"], aliases="|".join(e.get("aliases", [])), mentions=1
        )
        for name in [e["text"], *e.get("aliases", [])]:
            node[norm(name)] = f"n{i}"
    rels = list(gold["relations"]) + (list(gold.get("optional_relations", [])) if with_optional else [])
    for r in rels:
        attrs = {"relation": r["type"]}
        if "title" in r:
            attrs["title"] = r["title"]
        g.add_edge(node[norm(r["head"])], node[norm(r["tail"])], **attrs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "perfect.graphml"
        nx.write_graphml(g, path)
        return nx.read_graphml(path)  # as score_graph.py reads a graph


def check_perfect(gold_path: Path, scorer) -> list[str]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    problems = []
    for with_optional in (False, True):
        res = scorer.score(perfect_graph(gold, with_optional), gold)
        what = "perfect graph" + (" + optional relations" if with_optional else "")
        e, r = res["entities"]["all"], res["relations"]["all"]
        ok = e["f1"] == 1.0 and r["f1"] == 1.0 and res["title_accuracy"] in (1.0, None)
        sys.stdout.write(
            f"  {what}: entities P/R/F1 {e['p']:.3f}/{e['r']:.3f}/{e['f1']:.3f}, relations "
            f"{r['p']:.3f}/{r['r']:.3f}/{r['f1']:.3f}, title accuracy {res['title_accuracy']}\n"
        )
        if not ok:
            problems.append(
                f"{what} does not score 1.0: false {res['false_entities']} {res['false_relations']}, "
                f"missed {res['missed_entities']} {res['missed_relations']}"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="+", type=Path, help="evaluation set folders (gold/ and texts/)")
    ap.add_argument(
        "--score-graph", type=Path, default=DEFAULT_SCORER, help=f"score_graph.py (default {DEFAULT_SCORER})"
    )
    args = ap.parse_args(argv)
    scorer = load_scorer(args.score_graph)
    status = 0
    for folder in args.sets:
        for g in sorted((folder / "gold").glob("*.json")):
            for p in check(g, folder / "texts") + check_perfect(g, scorer):
                sys.stdout.write(f"  PROBLEM: {p}\n")
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
