#!/usr/bin/env python3
"""Extract an evaluation set's texts from the People's Daily 1998 corpus.

The corpus (research use, never committed) lives in ``../shared/data`` beside the
repository. Its copy of ``peoples_daily_1998/199801.txt`` has no article ids, so each
text is a 1-based line range, listed with its headline and the SHA-256 of the output in
``SET/texts.json``; a different copy of the corpus fails loudly. POS tags are dropped,
the words of a paragraph joined without spaces, one paragraph a line::

    python benchmarks/pd98_texts.py benchmarks/generalisation   # → benchmarks/generalisation/texts/
    python benchmarks/pd98_texts.py benchmarks/heldout
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
CORPUS = Path("peoples_daily_1998") / "199801.txt"


def detag(line: str) -> str:
    """Join the words of one ``word/POS`` line without spaces, dropping the tags."""
    return "".join(tok.rsplit("/", 1)[0] for tok in line.split())


def extract(corpus_lines: list[str], first: int, last: int) -> str:
    return "".join(detag(corpus_lines[i - 1]) + "\n" for i in range(first, last + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="+", type=Path, help="evaluation set folders (each with texts.json)")
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})"
    )
    ap.add_argument("--no-check", action="store_true", help="skip the SHA-256 check of the outputs")
    args = ap.parse_args(argv)
    src = args.data / CORPUS
    if not src.is_file():
        sys.stderr.write(f"corpus not found: {src} (give the shared data folder with --data)\n")
        return 1
    lines = src.read_text(encoding="utf-8").splitlines()
    status = 0
    for folder in args.sets:
        out = folder / "texts"
        out.mkdir(parents=True, exist_ok=True)
        for name, t in json.loads((folder / "texts.json").read_text(encoding="utf-8"))["texts"].items():
            text = extract(lines, t["first"], t["last"])
            if not text.startswith(t["headline"] + "\n"):
                sys.stderr.write(f"{name}: line {t['first']} is not the headline {t['headline']!r}\n")
                status = 1
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest != t["sha256"] and not args.no_check:
                sys.stderr.write(f"{name}: sha256 {digest} differs from the expected {t['sha256']}\n")
                status = 1
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
            sys.stdout.write(f"{out / name}.txt  lines {t['first']}-{t['last']}  {len(text)} chars\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
