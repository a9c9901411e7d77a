"""One very long file: a build of a single file of N MB (a year of a paper in one file).

Writes People's Daily text (1 MB, from ``../shared/data``) ``--copies`` times into one
``.txt`` file, each copy marked so that it differs, builds it in one process (every export
written) and reports seconds, characters/second and the peak resident memory::

    python benchmarks/long_file.py --data ../shared/data --copies 10 --json benchmarks/results/long_file.json
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import corpus_text, save_json  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from kg.builder import build

    base, source = corpus_text(args.data, 1_000_000)
    text = "\n".join("\n".join(base) + f"（第{k}遍）" for k in range(args.copies))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        result = build([path], Path(tmp) / "out")
        seconds = time.perf_counter() - t
    out = {
        "source": source,
        "copies": args.copies,
        "characters": result.characters,
        "seconds": round(seconds, 1),
        "chars_per_s": round(result.characters / seconds),
        "entities": result.graph.number_of_nodes(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    save_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
