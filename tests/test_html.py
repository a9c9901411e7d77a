"""graph.html in a real headless Chromium with every network request blocked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.builder import build
from kg.export.html import shown_label, to_html, write_html

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


def launch_chromium(args: list[str] = FLAGS):
    """Headless Chromium (a generator: the browser, closed afterwards)."""
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


def open_page(browser, path: Path, *, timeout: int = 20000):
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
    page.wait_for_selector("body[data-kg-ready='1']", timeout=timeout)
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

    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"?https?://", text)
    assert "default-src 'none'" in text  # the page's own policy forbids any request


def _with_facts(G: nx.MultiDiGraph) -> set[str]:
    return {n for u, v, k in G.edges(keys=True) if k != "MENTIONED_WITH" for n in (u, v)}


def test_html_loads_offline_and_draws_the_first_view(browser, sample):
    # the sample has 89 entities, 46 of them in a fact: all 46 fit in the first view; the
    # 43 with co-occurrence only are hidden until asked for
    G, path = sample
    page, errors, requests = open_page(browser, path)
    assert errors == [] and requests == []
    drawn = set(page.evaluate("nodes.getIds()"))
    assert drawn == _with_facts(G) and len(drawn) < G.number_of_nodes()
    assert page.get_attribute("body", "data-visible-nodes") == str(len(drawn))
    assert page.get_attribute("body", "data-total-nodes") == str(G.number_of_nodes())
    assert f"{len(drawn)} of {G.number_of_nodes()} entities shown" in page.text_content("#kg-count")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph_sample.png"))
    page.close()


def test_html_search_selects_by_name_or_alias(browser, sample):
    G, path = sample
    page, *_ = open_page(browser, path)
    page.fill("#kg-search", "鹏飞集团")
    page.press("#kg-search", "Enter")
    selected = page.get_attribute("body", "data-selected")
    assert G.nodes[selected]["label"] == "孝义鹏飞集团"  # 鹏飞集团 is one of its aliases
    assert page.text_content("#kg-details h2") == "孝义鹏飞集团"
    assert page.evaluate("network.getSelectedNodes()") == [selected]
    page.screenshot(path=str(ARTIFACTS / "panel_sample.png"))
    page.close()


def test_html_type_and_relation_filters_hide(browser, sample):
    G, path = sample
    page, *_ = open_page(browser, path)
    drawn = set(page.evaluate("nodes.getIds()"))
    persons = {n for n in drawn if G.nodes[n]["type"] == "PERSON"}
    page.click("input[data-kg^='PERSON']")
    assert int(page.get_attribute("body", "data-visible-nodes")) == len(drawn) - len(persons)
    assert not persons & set(page.evaluate("nodes.getIds()"))
    page.click("input[data-kg^='PERSON']")  # back
    before = page.evaluate("edges.get().length")
    shown_posts = sum(
        1 for u, v, k in G.edges(keys=True) if k == "HOLDS_POSITION" and u in drawn and v in drawn
    )
    page.click("input[data-kg^='HOLDS_POSITION']")
    assert page.evaluate("edges.get().length") == before - shown_posts > 0
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
    G.add_node("PERSON:img", label="<img src=x onerror=alert(1)>", type="PERSON", aliases="", mentions=3)
    G.add_edge("PERSON:img", "ORG:y", key="HOLDS_POSITION", relation="HOLDS_POSITION", weight=1)
    path = write_html(G, tmp_path / "evil.html", title=evil)
    dialogs = []
    page, errors, requests = open_page(browser, path)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert page.evaluate("window.__pwned") is None
    assert errors == [] and requests == []
    assert page.evaluate("nodes.get('PERSON:img').label") == shown_label("<img src=x onerror=alert(1)>")
    page.fill("#kg-search", "<img src=x onerror=alert(1)>")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-details h2") == "<img src=x onerror=alert(1)>"
    assert page.query_selector_all("img") == [] and dialogs == []
    page.fill("#kg-search", "<script>window.__pwned=1</script>")
    page.press("#kg-search", "Enter")
    details = page.text_content("#kg-details")
    assert "<script>window.__pwned=1</script>" in details  # the name and the sentence, as text
    assert '<img src=x onerror="window.__pwned=1">' in details  # the alias and the title, as text
    assert page.query_selector_all("#kg-details img, #kg-details script, #kg-panel img") == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.title") == evil
    page.close()


def test_html_does_not_modify_the_graph():
    G = nx.MultiDiGraph()
    G.add_node("A", label="甲", type="PERSON", mentions=1)
    G.add_node("B", label="乙", type="GOV_ORG", mentions=1)
    G.add_edge("A", "B", key="HOLDS_POSITION", relation="HOLDS_POSITION", title="局长", weight=3)
    before = (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True)))
    to_html(G)
    assert (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before
