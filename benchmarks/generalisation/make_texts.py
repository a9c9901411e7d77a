#!/usr/bin/env python3
"""Extract the held-out generalisation texts from the People's Daily 1998 corpus.

The corpus (research-use, never committed) lives in ``../shared/data`` next to the
repository. This copy of ``peoples_daily_1998/199801.txt`` carries no article ids, so
each text is identified by its 1-based line range in that file; the first line (the
headline) and a SHA-256 of the output are checked so that a different copy of the
corpus fails loudly instead of silently producing other texts.

Usage::

    python benchmarks/generalisation/make_texts.py [--data DIR] [--out DIR]

Each line of the corpus is one paragraph of ``word/POS`` tokens separated by white
space. The POS tags are dropped and the words joined without spaces; paragraph lines
are kept (one per line, ``\\n``-terminated, UTF-8). Full-width digits and punctuation
are left as they are in the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parent / "texts"
CORPUS = Path("peoples_daily_1998") / "199801.txt"

# name -> (first line, last line) in 199801.txt, 1-based inclusive; headline; sha256 of the output file.
TEXTS = {
    "pd199801_shanxi_standing_committee": (
        2058,
        2065,
        "特殊的省委常委扩大会",
        "6286209d2299a3cb817c6530b536eb23ced359610e7d2de32539951630b19c9f",
    ),
    "pd199801_wuhan_reemployment": (
        14091,
        14104,
        "戏要大家唱——武汉实施再就业工程的启示",
        "e0999e7671622ace068c063df4cb7d665c4da5c1ff7dcbf9a75cf28f07ee25be",
    ),
    "pd199801_yangtze_channel": (
        18489,
        18499,
        "长江口深水航道治理一期工程开工",
        "8aed041616f3c2fc362549047100547fea4acc84903e50d7c3d28b4559cd8d15",
    ),
}


def detag(line: str) -> str:
    """Join the words of one ``word/POS`` line without spaces, dropping the tags."""
    return "".join(tok.rsplit("/", 1)[0] for tok in line.split())


def extract(corpus_lines: list[str], first: int, last: int) -> str:
    return "".join(detag(corpus_lines[i - 1]) + "\n" for i in range(first, last + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--no-check", action="store_true", help="skip the SHA-256 check of the outputs")
    args = ap.parse_args(argv)

    src = args.data / CORPUS
    if not src.is_file():
        sys.stderr.write(f"corpus not found: {src} (give the shared data folder with --data)\n")
        return 1
    lines = src.read_text(encoding="utf-8").splitlines()
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    for name, (first, last, headline, sha) in TEXTS.items():
        text = extract(lines, first, last)
        if not text.startswith(headline + "\n"):
            sys.stderr.write(f"{name}: line {first} is not the headline {headline!r}; wrong corpus copy?\n")
            status = 1
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if sha and digest != sha and not args.no_check:
            sys.stderr.write(f"{name}: sha256 {digest} differs from the expected {sha}\n")
            status = 1
        path = args.out / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        n_chars = len(text.replace("\n", ""))
        sys.stdout.write(f"{path}  lines {first}-{last}  {n_chars} chars  sha256 {digest}\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
