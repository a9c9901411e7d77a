#!/usr/bin/env python3
"""Sanity checks for the generalisation golds.

Usage::

    python benchmarks/generalisation/check_gold.py [--texts DIR] [GOLD.json ...]

For each gold: every entity name, alias and optional name must occur in the text
(white space and quote marks ignored, as in score_graph.py); no name may belong to
two entities or to an entity and the optional list; every relation must name known
entities and use a known relation type; HOLDS_POSITION needs a title. Prints the
entity and relation counts per type. Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("golds", nargs="*", type=Path)
    ap.add_argument("--texts", type=Path, default=HERE / "texts")
    args = ap.parse_args(argv)
    golds = args.golds or sorted((HERE / "gold").glob("*.json"))
    status = 0
    for g in golds:
        for p in check(g, args.texts):
            sys.stdout.write(f"  PROBLEM: {p}\n")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
