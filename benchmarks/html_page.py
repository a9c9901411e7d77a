"""graph.html at scale: page size, build time, ready time and memory in headless Chromium.

Synthetic graphs (``benchmarks/synthetic.py``: the attributes of a kg build, made-up
names) of 5,000 and 20,000 entities are written with :func:`kg.export.html.write_html`
and opened in headless Chromium with every network request blocked. Measured, as the
median of ``--runs`` page loads:

- ``ready_ms``: from navigation start to the page's ``kg-ready`` mark (HTML parsed,
  vis-network and the data loaded, the first view drawn);
- ``heap_mb``: JavaScript heap in use after load and a garbage collection (CDP
  ``Performance.getMetrics``, ``JSHeapUsedSize``);
- ``search_ms``, ``expand_ms``: a search for an entity hidden in the first view (it and
  its neighbourhood drawn, the panel filled), a double-click expansion (``kgExpand``);
- ``everything_ms``, ``heap_everything_mb``: switching the view to every entity;
- in Python: ``layout_s`` (the shared layout, :func:`kg.export.style.visual_attributes`,
  which a build computes for every export) and ``page_s`` (:func:`kg.export.html.to_html`).

::

    python benchmarks/html_page.py --sizes 5000 20000 --json benchmarks/results/html_page.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_graph  # noqa: E402

from kg.export.html import first_view, write_html  # noqa: E402
from kg.export.style import visual_attributes  # noqa: E402
from kg.schema import COOCCURRENCE  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
]


def _mb(x: float) -> float:
    return round(x / 2**20, 1)


def measure_page(browser, path: Path, hidden: str, hub: str) -> dict:
    """One load of the page, its ready time and heap, and three interactions."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", timeout=120_000)
    ready = page.evaluate("performance.getEntriesByName('kg-ready')[0].startTime")

    def heap() -> float:
        cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["JSHeapUsedSize"]

    out = {"ready_ms": round(ready), "heap_mb": _mb(heap())}
    out["search_ms"] = round(
        page.evaluate(
            "q => { var t = performance.now(); kgSearch(q); return performance.now() - t; }", hidden
        ),
        1,
    )
    out["expand_ms"] = round(
        page.evaluate(
            "id => { var t = performance.now(); kgExpand(id); return performance.now() - t; }", hub
        ),
        1,
    )
    t = time.perf_counter()
    page.check("input[name=kg-show][value=all]")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    out["everything_ms"] = round((time.perf_counter() - t) * 1000)
    out["heap_everything_mb"] = _mb(heap())
    out["drawn_everything"] = page.evaluate("nodes.length")
    out["requests"] = len(requests)
    page.close()
    return out


def run(n: int, runs: int, browser, folder: Path) -> dict:
    G = synthetic_graph(n)
    t = time.perf_counter()
    visual = visual_attributes(G)
    layout_s = time.perf_counter() - t
    t = time.perf_counter()
    path = write_html(G, folder / f"graph_{n}.html", visual=visual, title=f"synthetic, {n:,} entities")
    page_s = time.perf_counter() - t
    first = set(first_view(G))
    facts = {x for u, v, k in G.edges(keys=True) if k != COOCCURRENCE for x in (u, v)}
    hidden = next(x for x in sorted(G) if x not in first and x in facts)
    hub = max(first, key=lambda x: (G.degree(x), x))
    loads = [measure_page(browser, path, G.nodes[hidden]["label"], hub) for _ in range(runs)]
    median = {k: statistics.median(r[k] for r in loads) for k in loads[0]}
    return {
        "entities": n,
        "edges": G.number_of_edges(),
        "facts": sum(1 for *_, k in G.edges(keys=True) if k != COOCCURRENCE),
        "first_view": len(first),
        "page_mb": _mb(path.stat().st_size),
        "layout_s": round(layout_s, 2),
        "page_s": round(page_s, 2),
        **median,
        "runs": runs,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    out: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "chromium": version},
        "viewport": [1400, 900],
        "results": [],
    }
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in args.sizes:
            out["results"].append(run(n, args.runs, browser, Path(tmp)))
            print(json.dumps(out["results"][-1]), flush=True)
        browser.close()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
