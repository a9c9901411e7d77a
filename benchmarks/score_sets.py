"""Score kg on a gold set in one process (one pipeline load), pooled like ``score_set.py``.

``../shared/eval/score_set.py`` runs ``kg build`` once per article, loading the pipeline
each time; this script loads it once, builds each article's graph, writes and reads it back
as GraphML (what the official scorer reads) and scores it with ``score_graph.score``. The
figures are the same as the official command's; use that one for the figures you report::

    python benchmarks/score_sets.py dev                     # ../shared/eval/dev
    python benchmarks/score_sets.py localnews --fold 0 --folds 5 --verbose
    python benchmarks/score_sets.py dev --ner train_runs/x/model --json out.json

``localnews`` may be trained on: ``--fold I`` scores only the documents of fold I (of
:func:`kg.training.gold.folds`), the ones a model trained without that fold has not seen.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "dev": SHARED / "eval" / "dev",
    "localnews": SHARED / "data" / "localnews",
    "sample": None,
}


def load_scorer():
    """``../shared/eval/score_graph.py`` as a module."""
    spec = importlib.util.spec_from_file_location("score_graph", SHARED / "eval" / "score_graph.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pairs(name: str, fold: int | None = None, k: int = 5) -> list[tuple[Path, Path]]:
    """(article, gold) paths of a set, or of one fold of it."""
    if name == "sample":
        return [
            (
                SHARED / "seed" / "lvliang_daily_front_page.txt",
                SHARED / "eval" / "gold" / "lvliang_daily_front_page.json",
            )
        ]
    folder = SETS[name]
    out = []
    for g in sorted((folder / "gold").glob("*.json")):
        doc = json.loads(g.read_text(encoding="utf-8"))["doc"]
        out.append((folder / "articles" / doc, g))
    if fold is not None:
        out = sorted(out)[fold::k]
    return out


def score_set(nlp, items: list[tuple[Path, Path]], *, verbose: bool = False) -> dict:
    """Pooled entity and relation scores of kg on ``items``, one line per document printed."""
    from kg.builder import build_documents
    from kg.export.graphml import write_graphml
    from kg.export.style import visual_attributes
    from kg.reader import read_file

    scorer = load_scorer()
    pooled: dict[str, dict[str, list[int]]] = {"entities": {}, "relations": {}}
    titles = [0, 0]
    for article, gold_path in items:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        G = build_documents([read_file(article)], nlp=nlp).graph
        with tempfile.TemporaryDirectory() as tmp:
            path = write_graphml(G, Path(tmp) / "graph.graphml", visual_attributes(G))
            H = nx.read_graphml(path)
        res = scorer.score(H, gold)
        for part in ("entities", "relations"):
            for t, v in res[part].items():
                acc = pooled[part].setdefault(t, [0, 0, 0])
                for i, key in enumerate(("tp", "fp", "fn")):
                    acc[i] += v[key]
        if res["title_accuracy"] is not None:
            n = res["relations"].get("HOLDS_POSITION", {}).get("tp", 0)
            titles[0] += round(res["title_accuracy"] * n)
            titles[1] += n
        print(
            f"{article.name:44s} entities F1 {res['entities']['all']['f1']:.3f}  "
            f"relations F1 {res['relations']['all']['f1']:.3f}"
        )
        if verbose:
            for key in ("false_entities", "missed_entities", "false_relations", "missed_relations"):
                print(f"   {key}: " + ", ".join(res[key][:40]))
    summary = {part: {t: scorer.prf(*v) for t, v in sorted(d.items())} for part, d in pooled.items()}
    summary["title_accuracy"] = round(titles[0] / titles[1], 4) if titles[1] else None
    return summary


def report(summary: dict) -> str:
    """The closing lines of ``score_set.py``: per type, pooled P/R, then the three F1s."""
    lines = []
    for part in ("entities", "relations"):
        lines.append(
            f"{part} by type: "
            + ", ".join(f"{t} {v['f1']:.2f}" for t, v in summary[part].items() if t != "all")
        )
    e = summary["entities"].get("all", {"p": 0, "r": 0, "f1": 0})
    r = summary["relations"].get("all", {"p": 0, "r": 0, "f1": 0})
    h = summary["relations"].get("HOLDS_POSITION", {"f1": 0})
    lines.append(f"pooled: entities P {e['p']:.3f} R {e['r']:.3f}; relations P {r['p']:.3f} R {r['r']:.3f}")
    lines.append(f"title accuracy on correct HOLDS_POSITION: {summary.get('title_accuracy')}")
    lines.append(f"entity_f1={e['f1']:.3f} relation_f1={r['f1']:.3f} holds_f1={h['f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", choices=sorted(SETS))
    parser.add_argument("--fold", type=int, help="score only this fold (localnews)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--ner", type=Path, help="a trained character NER (default: the shipped one)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", type=Path, help="write the pooled scores here")
    args = parser.parse_args(argv)
    import kg

    started = time.perf_counter()
    nlp = kg.load_pipeline(args.ner or "tagger")
    summary = score_set(nlp, pairs(args.set, args.fold, args.folds), verbose=args.verbose)
    print(report(summary))
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
