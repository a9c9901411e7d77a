"""graph.html for a corpus: first view, search, expand, evidence panel, layers, time, scale.

Headless Chromium with the network blocked (``open_page`` of test_html.py). The small
graphs are built by ``build_graph`` from facts written here; the big ones are synthetic
(``benchmarks/synthetic.py``), with the attributes of a build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest
import written
from test_html import ARTIFACTS, launch_chromium, open_page
from written import mentioned

from kg.export.html import EXPAND, FIRST_VIEW, first_view, write_html
from kg.export.style import importance
from kg.facts.types import DocFacts
from kg.graph.build import build_graph
from kg.schema import COOCCURRENCE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import synthetic_graph  # noqa: E402


def post(doc: str, date: str | None, person: str, title: str, body: str) -> DocFacts:
    """One document, one sentence: (date,) body + title + person; the date is in the text."""
    return written.post(doc, date, person, title, body, date_in_text=True)


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Made-up officials over four years; 云川新能源集团 is only mentioned with 苍岭县政府."""
    G = build_graph(
        [
            post("d1", "2019-03-12", "周明远", "县长", "苍岭县政府"),
            post("d2", "2019-03-12", "林晓梅", "副县长", "苍岭县政府"),
            post("d3", "2019-11-05", "周明远", "县长", "苍岭县政府"),
            post("d4", "2021-04-20", "周明远", "副市长", "云川市政府"),
            post("d5", "2021-04-20", "林晓梅", "县长", "苍岭县政府"),
            post("d6", "2022-05-16", "罗海峰", "县长", "横岭县政府"),
            post("d7", None, "周明远", "组长", "防汛领导小组"),
            mentioned("d8", ("云川新能源集团", "COMPANY"), ("苍岭县政府", "GOV_ORG")),
        ]
    )
    path = write_html(G, tmp_path_factory.mktemp("small") / "graph.html", title="云川")
    return G, path


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    G = synthetic_graph(5000)
    return G, write_html(G, tmp_path_factory.mktemp("big") / "graph.html", title="synthetic, 5,000 entities")


def drawn(page) -> set[str]:
    return set(page.evaluate("nodes.getIds()"))


def drawn_edges(page) -> list[dict]:
    return page.evaluate("edges.get().map(function (e) { return {from: e.from, to: e.to, id: e.id}; })")


def screen_xy(page, node: str) -> tuple[float, float]:
    """Where a node is on the screen (page coordinates)."""
    return tuple(
        page.evaluate(
            """id => { var p = network.canvasToDOM(network.getPosition(id));
                var r = document.getElementById('mynetwork').getBoundingClientRect();
                return [r.left + p.x, r.top + p.y]; }""",
            node,
        )
    )


def facts_of(G: nx.MultiDiGraph, n: str) -> set[str]:
    """The neighbours of ``n`` through facts (not co-occurrence)."""
    return {v for _, v, k in G.out_edges(n, keys=True) if k != COOCCURRENCE} | {
        u for u, _, k in G.in_edges(n, keys=True) if k != COOCCURRENCE
    }


# ---- first view -----------------------------------------------------------------------------


def test_html_corpus_first_view_hides_entities_without_facts(browser, small):
    G, path = small
    page, errors, requests = open_page(browser, path)
    assert errors == [] and requests == []
    assert drawn(page) == set(G) - {"COMPANY:云川新能源集团"}  # 7 of 8: the company has no fact
    assert "7 of 8 entities shown" in page.text_content("#kg-count")
    assert page.evaluate("edges.get().length") == 5  # the five facts; co-occurrence is off
    page.close()


def test_html_corpus_first_view_of_5000_entities(browser, big):
    G, path = big
    page, errors, requests = open_page(browser, path)
    assert errors == [] and requests == []
    shown = drawn(page)
    assert shown == set(first_view(G)) and len(shown) == FIRST_VIEW < len(G)
    assert f"{len(shown)} of 5000 entities shown" in page.text_content("#kg-count")
    # the most important entity with a fact is there, and nothing in the view floats alone
    with_facts = {n for u, v, k in G.edges(keys=True) if k != COOCCURRENCE for n in (u, v)}
    assert max(with_facts, key=lambda n: (importance(G, n), n)) in shown
    ends = {n for e in drawn_edges(page) for n in (e["from"], e["to"])}
    assert ends == shown
    # fitted: every node is inside the drawing area, and the main actors' labels are legible
    box = page.evaluate(
        "(function () { var r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })()"
    )
    for n in shown:
        x, y = screen_xy(page, n)
        assert box[0] <= x <= box[2] and box[1] <= y <= box[3], n
    top = sorted(shown, key=lambda n: -importance(G, n))[:20]
    px = page.evaluate("ids => ids.map(id => nodes.get(id).font.size * network.getScale())", top)
    assert min(px) >= 10, px
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph_5000.png"))
    page.close()


# ---- search and expand ------------------------------------------------------------------------


def test_html_corpus_search_shows_a_hidden_entity_with_its_neighbourhood(browser, big):
    G, path = big
    first = set(first_view(G))
    # an organisation outside the first view, found by its alias, whose facts lead to other hidden ones
    target = next(
        n
        for n in sorted(G)
        if n not in first
        and G.nodes[n]["aliases"]
        and len(facts_of(G, n)) >= 2
        and len(facts_of(G, n) - first) >= 1
    )
    page, errors, _ = open_page(browser, path)
    assert target not in drawn(page)
    page.fill("#kg-search", G.nodes[target]["aliases"])
    page.press("#kg-search", "Enter")
    assert page.get_attribute("body", "data-selected") == target
    assert page.evaluate("network.getSelectedNodes()") == [target]
    shown = drawn(page)
    assert target in shown and facts_of(G, target) <= shown  # its neighbourhood came with it
    assert page.text_content("#kg-details h2") == G.nodes[target]["label"]
    assert errors == []
    page.close()


def test_html_corpus_search_suggests_hidden_entities(browser, small):
    _, path = small
    page, *_ = open_page(browser, path)
    page.fill("#kg-search", "新能源")
    rows = page.query_selector_all("#kg-suggest div")
    assert [r.text_content() for r in rows] == ["云川新能源集团COMPANY · hidden"]
    rows[0].dispatch_event("mousedown")
    assert page.get_attribute("body", "data-selected") == "COMPANY:云川新能源集团"
    assert "COMPANY:云川新能源集团" in drawn(page)
    page.close()


def test_html_corpus_search_reports_a_missing_name(browser, small):
    _, path = small
    page, *_ = open_page(browser, path)
    page.fill("#kg-search", "无此人")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-info") == "not found: 无此人"
    page.close()


def test_html_corpus_double_click_expands_a_node(browser, big):
    G, path = big
    first = set(first_view(G))
    page, errors, _ = open_page(browser, path)
    hub = max(first, key=lambda n: (len(facts_of(G, n) - first), n))
    hidden = facts_of(G, hub) - first
    assert hidden
    before = drawn(page)
    x, y = screen_xy(page, hub)
    page.mouse.dblclick(x, y)
    after = drawn(page)
    # its hidden neighbours came, the most important first, at most EXPAND of them
    assert after - before <= hidden and len(after - before) == min(EXPAND, len(hidden))
    assert max(hidden, key=lambda n: importance(G, n)) in after
    assert page.get_attribute("body", "data-selected") == hub
    assert errors == []
    page.close()


# ---- evidence -------------------------------------------------------------------------------------


def test_html_corpus_node_panel_groups_facts_with_marked_sentences(browser, small):
    G, path = small
    page, *_ = open_page(browser, path)
    x, y = screen_xy(page, "PERSON:周明远")
    page.mouse.click(x, y)
    assert page.get_attribute("body", "data-selected") == "PERSON:周明远"
    assert page.is_visible("#kg-details")
    assert page.text_content("#kg-details h2") == "周明远"
    assert page.text_content("#kg-details .kg-type") == "PERSON"
    posts = [p.text_content() for p in page.query_selector_all("#kg-details .kg-post")]
    assert posts == [
        "县长 @ 苍岭县政府2019-03-12 – 2019-11-05",
        "副市长 @ 云川市政府2021-04-20",
        "组长 @ 防汛领导小组",
    ]
    group = page.query_selector("#kg-details details[data-relation='HOLDS_POSITION']")
    assert group.query_selector("summary").text_content() == "HOLDS_POSITION → (3)"
    sentences = [s.text_content() for s in group.query_selector_all(".kg-st")]
    assert sentences[0] == "2019年3月12日，苍岭县政府县长周明远出席会议。2019-03-12 · d1 · 县长"
    assert len(sentences) == 4  # 2 + 1 + 1 statements
    first = group.query_selector(".kg-st")
    assert [m.text_content() for m in first.query_selector_all("mark.kg-a")] == ["周明远"]
    assert [m.text_content() for m in first.query_selector_all("mark.kg-b")] == ["苍岭县政府"]
    page.close()


def test_html_corpus_edge_panel_lists_every_statement(browser, small):
    G, path = small
    page, *_ = open_page(browser, path)
    (a, b) = screen_xy(page, "PERSON:林晓梅"), screen_xy(page, "GOV_ORG:苍岭县政府")
    page.mouse.click((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    edge = page.get_attribute("body", "data-selected-edge")
    assert edge is not None and page.get_attribute("body", "data-selected") is None
    assert page.text_content("#kg-details h2") == "林晓梅 → 苍岭县政府"
    assert page.text_content("#kg-details .kg-relation") == "HOLDS_POSITION · 副县长→县长"
    statements = page.query_selector_all("#kg-details .kg-st")
    assert len(statements) == G.edges["PERSON:林晓梅", "GOV_ORG:苍岭县政府", "HOLDS_POSITION"]["weight"] == 2
    for s in statements:
        assert [m.text_content() for m in s.query_selector_all("mark")] == ["苍岭县政府", "林晓梅"]
    # a name in the panel goes to that entity
    page.click("#kg-details h2 .kg-link >> nth=0")
    assert page.get_attribute("body", "data-selected") == "PERSON:林晓梅"
    page.close()


# ---- layers and time --------------------------------------------------------------------------------


def test_html_corpus_cooccurrence_layer_toggles(browser, small):
    G, path = small
    page, *_ = open_page(browser, path)
    cooc = [(u, v) for u, v, k in G.edges(keys=True) if k == COOCCURRENCE]
    assert page.evaluate("edges.get({filter: function (e) { return e.dashes; }}).length") == 0
    page.check("#kg-cooc")
    shown = drawn(page)
    expected = sum(1 for u, v in cooc if u in shown and v in shown)
    assert expected > 0
    assert page.evaluate("edges.get({filter: function (e) { return e.dashes; }}).length") == expected
    page.check("input[name=kg-show][value=all]")  # everything: every entity, every link
    assert drawn(page) == set(G) and page.evaluate("edges.get().length") == G.number_of_edges()
    page.uncheck("#kg-cooc")
    assert page.evaluate("edges.get().length") == G.number_of_edges() - len(cooc)
    page.click("#kg-reset")
    assert drawn(page) == set(first_view(G))
    page.close()


def test_html_corpus_show_all_with_facts(browser, big):
    G, path = big
    page, *_ = open_page(browser, path)
    with_facts = {n for u, v, k in G.edges(keys=True) if k != COOCCURRENCE for n in (u, v)}
    page.check("input[name=kg-show][value=facts]")
    assert drawn(page) == with_facts
    page.close()


def test_html_corpus_date_range_filters_facts(browser, small):
    G, path = small
    page, *_ = open_page(browser, path)
    assert page.is_visible("#kg-time")
    assert page.get_attribute("body", "data-date-range") == "2019-03-12/2022-05-16"
    page.fill("#kg-from", "2020-01-01")
    page.fill("#kg-to", "2020-12-31")
    # in 2020 only 林晓梅's post at 苍岭县政府 (stated 2019-03-12 and 2021-04-20) was current;
    # 周明远's undated post at 防汛领导小组 stays while undated facts are kept
    assert drawn(page) == {"PERSON:林晓梅", "GOV_ORG:苍岭县政府", "PERSON:周明远", "GOV_ORG:防汛领导小组"}
    ends = sorted((e["from"], e["to"]) for e in drawn_edges(page))
    assert ends == [("PERSON:周明远", "GOV_ORG:防汛领导小组"), ("PERSON:林晓梅", "GOV_ORG:苍岭县政府")]
    page.uncheck("#kg-undated")
    assert drawn(page) == {"PERSON:林晓梅", "GOV_ORG:苍岭县政府"}
    page.fill("#kg-from", "2022-01-01")
    page.fill("#kg-to", "2022-12-31")
    assert drawn(page) == {"PERSON:罗海峰", "GOV_ORG:横岭县政府"}
    page.close()


def test_html_corpus_date_sliders_move_the_range(browser, small):
    _, path = small
    page, *_ = open_page(browser, path)
    # the dates that occur: 2019-03-12, 2019-11-05, 2021-04-20, 2022-05-16
    page.eval_on_selector("#kg-from-range", "r => { r.value = '2'; r.dispatchEvent(new Event('input')); }")
    assert page.input_value("#kg-from") == "2021-04-20"
    assert drawn(page) == {
        "PERSON:周明远",
        "GOV_ORG:云川市政府",
        "PERSON:林晓梅",
        "GOV_ORG:苍岭县政府",
        "PERSON:罗海峰",
        "GOV_ORG:横岭县政府",
        "GOV_ORG:防汛领导小组",
    }
    page.close()


def test_html_corpus_page_without_dates_has_no_time_control(browser, tmp_path):
    G = build_graph([post("d1", None, "周明远", "县长", "苍岭县政府")])
    page, errors, _ = open_page(browser, write_html(G, tmp_path / "g.html"))
    assert not page.is_visible("#kg-time") and errors == []
    page.close()


# ---- scale ---------------------------------------------------------------------------------------------


def test_html_corpus_page_of_20000_entities_loads_offline(browser, tmp_path):
    G = synthetic_graph(20000)
    path = write_html(G, tmp_path / "graph.html", title="synthetic, 20,000 entities")
    page, errors, requests = open_page(browser, path, timeout=60000)
    assert errors == [] and requests == []
    assert drawn(page) == set(first_view(G))
    assert page.get_attribute("body", "data-total-nodes") == "20000"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph_20000.png"))
    hidden = next(n for n in sorted(G) if n not in drawn(page) and facts_of(G, n))
    page.fill("#kg-search", G.nodes[hidden]["label"])
    page.press("#kg-search", "Enter")
    assert page.get_attribute("body", "data-selected") == hidden
    page.close()
