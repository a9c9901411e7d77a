"""The errors that remain on a gold set, by class, with counts (``docs/quality.md``).

Reads the ``--verbose`` report of ``benchmarks/score_sets.py`` (or of
``../shared/eval/score_set.py``) and sorts every false and missed entity and relation of it
into classes that say what went wrong::

    python benchmarks/score_sets.py dev --verbose > dev.txt
    python benchmarks/error_table.py dev.txt

Entities: *boundary* (a false and a missed name of one type overlap: 张三率 for 张三),
*type* (the same name found with another type), *spurious* (a false name overlapping no
missed one), *missed* (a gold name kg has nothing for). Relations: a missed fact is
*argument missing* when kg lacks one of its two names, else *pair missed*; a false fact is
*wrong argument* when one end is a false entity, else *wrong pair*.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_ITEM = re.compile(r"^(.*)/([A-Z_]+)$")


def _items(line: str) -> list[str]:
    body = line.split(":", 1)[1].strip()
    return [x.strip() for x in body.split(", ") if x.strip()]


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a or len(set(a) & set(b)) >= max(2, min(len(a), len(b)) // 2)


def classify(report: str) -> tuple[Counter, Counter]:
    """Entity and relation error counts, keyed by (class, type)."""
    ents: Counter = Counter()
    rels: Counter = Counter()
    false_e: list[tuple[str, str]] = []
    missed_e: list[tuple[str, str]] = []
    for line in report.splitlines() + ["END"]:
        s = line.strip()
        if s.startswith("false_entities:"):
            false_e = [(m[1], m[2]) for x in _items(s) if (m := _ITEM.match(x))]
        elif s.startswith("missed_entities:"):
            missed_e = [(m[1], m[2]) for x in _items(s) if (m := _ITEM.match(x))]
            taken: set[int] = set()
            for name, typ in false_e:
                same_name = [i for i, (n, t) in enumerate(missed_e) if n == name and t != typ]
                near = [i for i, (n, t) in enumerate(missed_e) if t == typ and _overlap(n, name)]
                if same_name:
                    ents[("type", typ)] += 1
                    taken.add(same_name[0])
                elif near:
                    ents[("boundary", typ)] += 1
                    taken.add(near[0])
                else:
                    ents[("spurious", typ)] += 1
            for i, (_, typ) in enumerate(missed_e):
                if i not in taken:
                    ents[("missed", typ)] += 1
        elif s.startswith("false_relations:"):
            wrong = {n for n, _ in false_e}
            for x in _items(s):
                parts = re.split(r"->| ", x)
                rel = next((p for p in parts if re.fullmatch(r"[A-Z_]+", p)), "?")
                ends = [p for p in parts if p and p != rel]
                kind = "wrong argument" if any(e in wrong for e in ends) else "wrong pair"
                rels[(kind, rel)] += 1
        elif s.startswith("missed_relations:"):
            lost = {n for n, _ in missed_e}
            for x in _items(s):
                m = re.match(r"^(.*) ([A-Z_]+) (.*)$", x)
                if not m:
                    continue
                kind = "argument missing" if m[1] in lost or m[3] in lost else "pair missed"
                rels[(kind, m[2])] += 1
    return ents, rels


def table(counts: Counter, classes: list[str]) -> str:
    """A Markdown table: one row per type, one column per class."""
    types = sorted({t for _, t in counts}, key=lambda t: -sum(counts[(c, t)] for c in classes))
    rows = [
        "| type | " + " | ".join(classes) + " | all |",
        "|---|" + "---|" * (len(classes) + 1),
    ]
    for t in types:
        cells = [counts[(c, t)] for c in classes]
        rows.append(f"| {t} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |")
    totals = [sum(counts[(c, t)] for t in types) for c in classes]
    rows.append("| **all** | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="a --verbose report of score_sets.py or score_set.py")
    args = parser.parse_args()
    ents, rels = classify(args.report.read_text(encoding="utf-8"))
    print(table(ents, ["boundary", "type", "spurious", "missed"]))
    print()
    print(table(rels, ["pair missed", "argument missing", "wrong pair", "wrong argument"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
