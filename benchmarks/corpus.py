"""Whole-corpus builds: --jobs 1 against --jobs 2, and growth with the corpus size.

Runs ``kg build`` (as a library call, all exports written) on People's Daily 1998 text
cut into articles of about 2,000 characters, repeated to reach each size, and reports
characters/second, seconds, and peak resident memory of the main process and of the
largest worker::

    python benchmarks/corpus.py --data ../shared/data --sizes 1 4 16 --json benchmarks/results/corpus.json
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import corpus_text, save_json, timed_build  # noqa: E402


def run(docs: list[str], jobs: int) -> dict:
    seconds, result = timed_build(docs, jobs=jobs)
    chars = sum(map(len, docs))
    return {
        "jobs": jobs,
        "documents": len(docs),
        "characters": chars,
        "seconds": round(seconds, 1),
        "chars_per_s": round(chars / seconds),
        "entities": result.graph.number_of_nodes(),
        "peak_rss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--unit", type=int, default=1_000_000, help="characters in the 1x corpus")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    base, source = corpus_text(args.data, args.unit)
    out: dict = {"source": source, "unit_characters": sum(map(len, base)), "runs": []}
    for jobs in (1, 2):
        out["runs"].append({"size": 1, **run(base, jobs)})
        print(json.dumps(out["runs"][-1]), flush=True)
    for size in args.sizes:
        if size == 1:
            continue
        # copies must differ: a build reads a repeated article once (same content hash)
        docs = [d if k == 0 else f"{d}\n（副本{k}）" for k in range(size) for d in base]
        out["runs"].append({"size": size, **run(docs, 2)})
        print(json.dumps(out["runs"][-1]), flush=True)
        save_json(args.json, out)  # after each size: a long run keeps what it measured
    save_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
