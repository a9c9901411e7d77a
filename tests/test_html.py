"""graph.html in a real headless Chromium with every network request blocked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.builder import build
from kg.export.html import to_html, write_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_or_skip():
    if not Path(CHROMIUM).exists() or not _has_playwright():
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and playwright (see .ci/run)")
        pytest.skip("needs chromium and playwright")


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def browser():
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", timeout=20000)
    return page, errors, requests


@pytest.fixture(scope="module")
def sample(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    result = build(None, out, nlp=nlp)
    return result.graph, out / "graph.html"


def test_html_page_is_self_contained(sample):
    _, path = sample
    text = path.read_text(encoding="utf-8")
    assert "bootstrap" not in text
    import re

    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", text)


def test_html_loads_offline_and_draws_every_node(browser, sample):
    G, path = sample
    page, errors, requests = open_page(browser, path)
    assert errors == [] and requests == []
    assert page.evaluate("network.body.data.nodes.length") == G.number_of_nodes()
    assert page.get_attribute("body", "data-visible-nodes") == str(G.number_of_nodes())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph.png"))
    page.close()


def test_html_search_selects_by_name_or_alias(browser, sample):
    G, path = sample
    page, *_ = open_page(browser, path)
    page.fill("#kg-search", "鹏飞集团")
    page.press("#kg-search", "Enter")
    selected = page.get_attribute("body", "data-selected")
    assert G.nodes[selected]["label"] == "孝义鹏飞集团"  # 鹏飞集团 is one of its aliases
    assert "孝义鹏飞集团" in page.text_content("#kg-info")
    assert page.evaluate("network.getSelectedNodes()") == [selected]
    page.close()


def test_html_type_and_relation_filters_hide(browser, sample):
    G, path = sample
    page, *_ = open_page(browser, path)
    persons = sum(1 for _, d in G.nodes(data=True) if d["type"] == "PERSON")
    page.click("input[data-kg^='PERSON']")
    assert int(page.get_attribute("body", "data-visible-nodes")) == G.number_of_nodes() - persons
    page.click("input[data-kg^='HOLDS_POSITION']")
    hidden = page.evaluate("edges.get({filter: function (e) { return e.hidden; }}).length")
    assert hidden == sum(1 for *_, k in G.edges(keys=True) if k == "HOLDS_POSITION")
    page.close()


def test_html_text_from_the_input_never_runs(browser, tmp_path):
    G = nx.MultiDiGraph()
    evil = '<img src=x onerror="window.__pwned=1">'
    G.add_node("PERSON:x", label="<script>window.__pwned=1</script>", type="PERSON", aliases=evil, mentions=1)
    G.add_node(
        "ORG:y", label="</script><script>window.__pwned=1</script>", type="ORG", aliases="", mentions=1
    )
    G.add_edge(
        "PERSON:x",
        "ORG:y",
        key="HOLDS_POSITION",
        relation="HOLDS_POSITION",
        title=evil,
        weight=1,
        evidence="<script>window.__pwned=1</script>",
    )
    path = write_html(G, tmp_path / "evil.html", title=evil)
    page, errors, requests = open_page(browser, path)
    assert page.evaluate("window.__pwned") is None
    assert errors == [] and requests == []
    page.fill("#kg-search", "<script>window.__pwned=1</script>")
    page.press("#kg-search", "Enter")
    assert "<script>" in page.text_content("#kg-info")  # shown as text
    assert page.evaluate("window.__pwned") is None
    page.close()


def test_html_does_not_modify_the_graph():
    G = nx.MultiDiGraph()
    G.add_node("A", label="甲", type="PERSON", mentions=1)
    G.add_node("B", label="乙", type="GOV_ORG", mentions=1)
    G.add_edge("A", "B", key="HOLDS_POSITION", relation="HOLDS_POSITION", title="局长", weight=3)
    before = (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True)))
    to_html(G)
    assert (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before
