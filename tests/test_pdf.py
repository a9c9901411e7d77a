"""PDF pages as input (kg.reader.pdf): reading order, layout repair, provenance boxes, bad PDFs.

Every PDF is drawn here with reportlab and its built-in CID font STSong-Light (no font
file). The text is made up: the officials, bodies and companies do not exist.
"""

from __future__ import annotations

import json
import pickle
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.facts.extract import sentences_of
from kg.facts.store import iter_store, to_line
from kg.facts.types import DocFacts, Mention, Relation, Sentence
from kg.graph.build import build_graph
from kg.reader import Failure, ReaderError, iter_documents, read_text
from kg.reader.pdf import evidence_boxes, read_pdf

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = 595.0, 842.0
BODY, LEAD = 10.0, 14.0

# Article A: a headline over two columns, a byline, three paragraphs flowing from the
# first column into the second, and a jump line at its end.
HEAD_A = "市水利局部署今年防汛抗旱工作"
BYLINE_A = "□ 本报记者 张三"
PARAS_A = [
    "本月十日，市水利局召开全市防汛抗旱工作会议。市水利局局长王志明说，今年全市将投资三千万元建设北河堤防工程，"
    "确保汛期安全度汛。",
    "会议要求，各县区水利部门要落实防汛责任制，加强水库和河道巡查，及时消除各类安全隐患，做好抢险物资储备。",
    "市水利局副局长刘芳介绍了东河水库除险加固工程的进展情况。该工程由青山建设集团承建，计划年底完工。",
]
# Article B: its own column, its own headline, a dateline with the reporter.
HEAD_B = "青山集团与绿水公司签约"
PARAS_B = [
    "本报讯（记者 李四） 青山集团与绿水公司日前签署战略合作协议，双方将共同建设东湖生态公园项目。",
    "绿水公司董事长赵刚表示，东湖生态公园项目总投资五亿元，建成后将成为市民休闲的好去处。",
]
# Article C: three columns under one headline.
HEAD_C = "市教育局推进校园安全建设"
PARAS_C = [
    "市教育局局长陈静在全市教育工作会议上说，今年将新建二十所标准化学校，改善农村学校的办学条件。",
    "市教育局与市公安局联合开展校园安全专项检查，共排查学校三百余所，整改各类问题一百多项。",
    "市教育局党组书记孙伟要求，各学校要把安全工作放在首位，建立健全安全管理制度。",
    "据了解，市财政局今年安排专项资金八千万元，用于支持全市中小学校舍改造和安全设施建设。",
    "红星科技有限公司向全市农村学校捐赠了五百台电脑，市教育局向该公司颁发了感谢状。",
    "市教育局还将组织安全知识进校园活动，邀请消防和交通部门的专家为师生讲课。",
]


@dataclass
class Drawn:
    """What a test page holds: the lines drawn in each column, in order."""

    columns: list[list[str]] = field(default_factory=list)
    spans: list[tuple[float, float]] = field(default_factory=list)  # x-range of each column


class Page:
    """A page drawn with top-down coordinates (``y`` is the top of a line of text)."""

    def __init__(self, c: canvas.Canvas) -> None:
        self.c = c

    def line(self, text: str, x: float, y: float, size: float = BODY) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, HEIGHT - y - 0.88 * size, text)

    def centred(self, text: str, x0: float, x1: float, y: float, size: float) -> None:
        width = pdfmetrics.stringWidth(text, FONT, size)
        self.line(text, x0 + (x1 - x0 - width) / 2, y, size)


def wrap(text: str, width: float, indent: float = 2 * BODY) -> list[tuple[float, str]]:
    """A paragraph cut into lines at most ``width`` wide: ``(indent, line)``, the first indented."""
    lines: list[tuple[float, str]] = []
    line, room = "", width - indent
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, BODY) > room:
            lines.append((width - room, line))
            line, room = "", width
        line += ch
    lines.append((width - room, line))
    return lines


def flow(
    page: Page,
    items: list[str],
    columns: list[tuple[float, float]],
    top: float,
    rows: int,
    drawn: Drawn,
    *,
    gap: float = 0.0,
) -> None:
    """Set paragraphs (and lines starting with □, unindented) down the columns, ``rows`` lines each."""
    k, y = 0, top
    drawn.columns.extend([] for _ in columns)
    drawn.spans.extend(columns)
    for item in items:
        lines = [(0.0, item)] if item.startswith(("□", "（")) else wrap(item, columns[0][1] - columns[0][0])
        for indent, text in lines:
            if y >= top + rows * LEAD:
                k, y = k + 1, top
            x0 = columns[k][0]
            page.line(text, x0 + indent, y)
            drawn.columns[-len(columns) + k].append(text)
            y += LEAD
        y += gap


def two_column_pdf(path: Path) -> Drawn:
    """Article A over columns 1-2 (continued from 1 into 2), article B in column 3."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    page, drawn = Page(c), Drawn()
    page.line("第2版", 40, 30, 9)
    cols = [(40.0, 190.0), (202.0, 352.0)]
    page.centred(HEAD_A, 40, 352, 60, 22)
    flow(page, [BYLINE_A, *PARAS_A, "（下转4版）"], cols, 100, 8, drawn)
    page.centred(HEAD_B, 380, 555, 100, 14)
    flow(page, PARAS_B, [(380.0, 555.0)], 130, 20, drawn)
    c.showPage()
    c.save()
    return drawn


def three_column_pdf(path: Path, *, level: bool = False) -> Drawn:
    """Article C under a headline over three columns.

    With ``level``, each column holds two paragraphs of three lines with a blank line
    between them, so that the paragraph gaps of the three columns are level.
    """
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    page, drawn = Page(c), Drawn()
    page.centred(HEAD_C, 40, 555, 50, 26)
    cols = [(40.0, 200.0), (218.0, 378.0), (395.0, 555.0)]
    if level:
        for k, col in enumerate(cols):
            flow(page, PARAS_C[2 * k : 2 * k + 2], [col], 100, 20, drawn, gap=LEAD)
    else:
        flow(page, ["□ 本报记者 王五", *PARAS_C], cols, 100, 8, drawn)
    c.showPage()
    c.save()
    return drawn


def plain(text: str) -> str:
    return "".join(text.split())


def raw_lines(doc) -> list[str]:
    return [plain(line) for line in doc.raw.splitlines() if line.strip()]


def only_doc(path: Path):
    items = list(iter_documents([path]))
    assert len(items) == 1 and not isinstance(items[0], Failure), items
    return items[0]


# ---------------------------------------------------------------------------------------------
# Reading order
# ---------------------------------------------------------------------------------------------


def test_pdf_two_columns_read_column_by_column(tmp_path):
    path = tmp_path / "page.pdf"
    drawn = two_column_pdf(path)
    doc = only_doc(path)
    assert doc.id == "page#p1" and doc.page == 1 and doc.encoding == "pdf"
    expected = ["第2版", HEAD_A, *(plain(t) for col in drawn.columns[:2] for t in col)]
    expected += [HEAD_B, *(plain(t) for t in drawn.columns[2])]
    assert raw_lines(doc) == expected
    flat = doc.text.replace("\n", "")
    for para in [*PARAS_A, PARAS_B[1]]:  # every paragraph whole, the one over the column break too
        assert plain(para) in flat
    assert flat.index(plain(PARAS_A[-1])) < flat.index(plain(PARAS_B[1]))


def test_pdf_three_columns_read_column_by_column(tmp_path):
    path = tmp_path / "three.pdf"
    drawn = three_column_pdf(path)
    doc = only_doc(path)
    assert len(drawn.columns) == 3 and all(drawn.columns)
    assert raw_lines(doc) == [HEAD_C, *(plain(t) for col in drawn.columns for t in col)]
    flat = doc.text.replace("\n", "")
    positions = [flat.index(plain(p)) for p in PARAS_C]
    assert positions == sorted(positions)


def test_pdf_paragraphs_ending_level_in_three_columns_stay_in_their_column(tmp_path):
    # a paragraph gap at the same height in every column is no reason to read across them
    path = tmp_path / "level.pdf"
    drawn = three_column_pdf(path, level=True)
    assert [len(col) for col in drawn.columns] == [6, 6, 6]
    doc = only_doc(path)
    assert raw_lines(doc) == [HEAD_C, *(plain(t) for col in drawn.columns for t in col)]


def test_pdf_headline_type_makes_a_title_without_byline(tmp_path):
    # 12 characters over columns of 15: by width alone the reader would take it for body text
    path = tmp_path / "level.pdf"
    three_column_pdf(path, level=True)
    doc = only_doc(path)
    assert doc.articles[0].title == HEAD_C
    assert doc.text.split("\n")[:2] == [HEAD_C, plain(PARAS_C[0])]
    assert read_text(doc.raw).text.startswith(HEAD_C + plain(PARAS_C[0])[:4])  # without the hint


def test_pdf_columns_drawn_row_by_row_stay_apart(tmp_path):
    # a content stream that writes each row across both columns, 1.2 em apart: pdfminer's
    # own line grouping (char_margin 2.0) joins the two columns' rows into one line here
    path = tmp_path / "rows.pdf"
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    left, right = wrap(PARAS_A[0], 150, 0), wrap(PARAS_B[1], 150, 0)
    for k in range(max(len(left), len(right))):
        for x, lines in ((40, left), (202, right)):
            if k < len(lines):
                Page(c).line(lines[k][1], x, 100 + k * LEAD)
    c.showPage()
    c.save()
    doc = only_doc(path)
    assert raw_lines(doc) == [plain(t) for _, t in left + right]
    assert doc.text.split("\n") == [plain(PARAS_A[0]), plain(PARAS_B[1])]


def test_pdf_article_continued_across_columns_is_one_paragraph(tmp_path):
    path = tmp_path / "page.pdf"
    drawn = two_column_pdf(path)
    doc = only_doc(path)
    first, second = drawn.columns[0][-1], drawn.columns[1][0]
    assert not first.endswith("。")  # the page does break a sentence between the columns
    joined = plain(first + second)
    para = next(p for p in doc.text.split("\n") if joined in p)
    assert para.startswith("会议要求") or para.startswith("本月十日")


def test_pdf_headline_spanning_columns_titles_its_article(tmp_path):
    path = tmp_path / "page.pdf"
    two_column_pdf(path)
    doc = only_doc(path)
    titles = [a.title for a in doc.articles]
    assert HEAD_A in titles and HEAD_B in titles
    a = next(a for a in doc.articles if a.title == HEAD_A)
    assert a.text.startswith("本月十日") and a.text.endswith("计划年底完工。")
    b = next(a for a in doc.articles if a.title == HEAD_B)
    assert b.text.startswith("青山集团与绿水公司日前") and b.reporters == ["李四"]


def test_pdf_byline_is_recognised(tmp_path):
    path = tmp_path / "three.pdf"
    three_column_pdf(path)
    doc = only_doc(path)
    assert doc.articles[0].reporters == ["王五"] and doc.articles[0].title == HEAD_C
    assert "本报记者" not in doc.text and "王五" not in doc.text


def test_pdf_page_furniture_is_removed(tmp_path):
    path = tmp_path / "page.pdf"
    two_column_pdf(path)
    doc = only_doc(path)
    assert "（下转4版）" in doc.raw and "第2版" in doc.raw
    assert "下转" not in doc.text and "第2版" not in doc.text


# ---------------------------------------------------------------------------------------------
# Provenance: page and boxes
# ---------------------------------------------------------------------------------------------


def test_pdf_sentence_boxes_lie_in_their_column(tmp_path):
    path = tmp_path / "page.pdf"
    drawn = two_column_pdf(path)
    doc = only_doc(path)
    sents = {s.text: s for s in sentences_of(doc)}
    wang = next(s for t, s in sents.items() if "市水利局局长王志明说" in t)
    assert wang.page == 1 and len(wang.bbox) == 1
    (x0, top, x1, bottom) = wang.bbox[0]
    col0, col1 = drawn.spans[0]
    assert col0 - 1 <= x0 < x1 <= col1 + 1
    assert 100 <= top < bottom <= 100 + 8 * LEAD  # below the headline, within the column's rows
    zhao = next(s for t, s in sents.items() if t.startswith("绿水公司董事长赵刚"))
    assert all(380 - 1 <= b[0] < b[2] <= 555 + 1 for b in zhao.bbox)
    # the sentence broken between columns 1 and 2 has a box in each
    broken = next(s for t, s in sents.items() if plain(drawn.columns[1][0])[:4] in t and len(s.bbox) == 2)
    (a, b) = broken.bbox
    assert a[2] <= drawn.spans[0][1] + 1 and b[0] >= drawn.spans[1][0] - 1 and b[1] < a[1]


def test_pdf_evidence_boxes_none_for_text():
    doc = read_text("市水利局局长王志明说，今年全市将投资三千万元。")
    assert evidence_boxes(doc, 0, 5) == (None, None)
    assert sentences_of(doc)[0].page is None and sentences_of(doc)[0].bbox is None


def _facts(page: int | None, bbox) -> DocFacts:
    s = Sentence("d#p1", 0, 0, 10, "市水利局局长王志明说", 0, 10, 0, page, bbox)
    org = Mention("市水利局", "GOV_ORG", "d#p1", 0, 0, 4, 0, 4)
    person = Mention("王志明", "PERSON", "d#p1", 0, 6, 9, 6, 9)
    rel = Relation("HOLDS_POSITION", person, org, s, title="局长")
    return DocFacts("d#p1", "h", [s], [org, person], [rel])


def test_pdf_provenance_round_trips_through_the_store(tmp_path):
    facts = _facts(3, ((40.0, 100.5, 190.0, 124.0), (202.0, 100.0, 250.0, 110.0)))
    store = tmp_path / "documents.jsonl"
    store.write_bytes(to_line(facts) + to_line(_facts(None, None)))
    with_box, without = list(iter_store(store))
    assert with_box.sentences == facts.sentences and with_box.relations == facts.relations
    assert hash(with_box.relations[0]) == hash(facts.relations[0])
    line = json.loads(to_line(_facts(None, None)))  # text input: the store is as before
    assert "page" not in line["sentences"][0] and "bbox" not in line["relations"][0]["sentence"]
    assert without.sentences[0].page is None


def test_pdf_graph_statements_carry_page_and_bbox():
    box = ((40.0, 100.5, 190.0, 124.0),)
    G = build_graph([_facts(3, box)])
    (stmt,) = G.edges["PERSON:王志明", "GOV_ORG:市水利局", "HOLDS_POSITION"]["provenance"]
    assert stmt["page"] == 3 and stmt["bbox"] == [[40.0, 100.5, 190.0, 124.0]]
    G = build_graph([_facts(None, None)])
    ((_, _, data),) = [e for e in G.edges(data=True) if e[2]["relation"] == "HOLDS_POSITION"]
    assert "page" not in data["provenance"][0] and "bbox" not in data["provenance"][0]


# ---------------------------------------------------------------------------------------------
# Inputs: folders, globs, bad PDFs
# ---------------------------------------------------------------------------------------------


def test_pdf_in_folder_and_glob_named_by_relative_path_and_page(tmp_path):
    (tmp_path / "news" / "day1").mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text(
        "市水利局局长王志明说，今年全市将投资三千万元。", encoding="utf-8"
    )
    two_column_pdf(tmp_path / "news" / "day1" / "front.pdf")
    ids = [d.id for d in iter_documents([tmp_path / "news"])]
    assert ids == ["a", "day1/front#p1"]
    ids = [d.id for d in iter_documents([str(tmp_path / "news" / "**" / "*.pdf")])]
    assert ids == [(tmp_path / "news" / "day1" / "front").as_posix() + "#p1"]


def _scanned_and_text_pdf(path: Path, *, text_page: bool) -> None:
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    if text_page:
        Page(c).line("市水利局局长王志明说，今年全市将投资三千万元建设北河堤防工程。", 40, 100)
        c.showPage()
    c.rect(40, 40, 500, 700, fill=1)  # a scanned page: a picture, no text
    c.showPage()
    c.save()


def test_pdf_page_without_text_is_one_line_and_others_are_read(tmp_path):
    path = tmp_path / "mixed.pdf"
    _scanned_and_text_pdf(path, text_page=True)
    items = list(iter_documents([path]))
    assert [type(x).__name__ for x in items] == ["Document", "Failure"]
    assert items[0].id == "mixed#p1" and "王志明" in items[0].text
    message = str(items[1])
    assert message.startswith(f"{path}: page 2: no text layer") and "\n" not in message


def test_pdf_scanned_file_is_one_line(tmp_path):
    path = tmp_path / "scan.pdf"
    _scanned_and_text_pdf(path, text_page=False)
    items = list(iter_documents([path]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert str(items[0]) == f"{path}: no text layer on any of its 1 pages (scanned? kg does not do OCR)"


def test_pdf_encrypted_is_one_line(tmp_path):
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), encrypt="secret")
    Page(c).line("市水利局局长王志明说。", 40, 100)
    c.showPage()
    c.save()
    (item,) = iter_documents([path])
    assert isinstance(item, Failure) and str(item).startswith(f"{path}: encrypted PDF")


def test_pdf_locked_against_copying_only_is_read(tmp_path):
    # e-papers often carry an owner password only: no password is needed to open them.
    # (Helvetica: with encryption, pdfminer reads reportlab's CID font as unmapped CIDs.)
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "owner.pdf"
    locked = StandardEncryption("", ownerPassword="owner", canCopy=0, canModify=0)
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), encrypt=locked)
    c.setFont("Helvetica", 10)
    c.drawString(40, 700, "Qingshan Group signed an agreement with Lvshui Company.")
    c.showPage()
    c.save()
    assert b"/Encrypt" in path.read_bytes()
    # opened and its text read: what stops it is the language check, not the lock
    (failure,) = list(iter_documents([path]))
    reason = "no Chinese text (kg reads Chinese; this looks like another language)"
    assert str(failure) == f"{path}: owner#p1: {reason}"


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_pdf_truncated_is_one_line(tmp_path, cut):
    good = tmp_path / "good.pdf"
    two_column_pdf(good)
    data = good.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    items = list(iter_documents([path]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert str(items[0]).startswith(f"{path}: damaged PDF") and "\n" not in str(items[0])


def test_pdf_damaged_body_is_one_line(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\n%%EOF\n")
    items = list(iter_documents([path]))
    assert len(items) == 1 and isinstance(items[0], Failure), items
    assert str(items[0]).startswith(f"{path}: ") and "\n" not in str(items[0])


def test_pdf_not_a_pdf_is_one_line(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("市水利局局长王志明说。", encoding="utf-8")
    with pytest.raises(ReaderError, match=r"fake\.pdf: not a PDF file"):
        next(read_pdf(path))


def test_pdf_boxes_array_is_per_raw_character(tmp_path):
    path = tmp_path / "page.pdf"
    two_column_pdf(path)
    doc = only_doc(path)
    assert isinstance(doc.boxes, array) and len(doc.boxes) == 4 * len(doc.raw)
    k = doc.raw.index("王志明")
    x0, top, x1, bottom = doc.boxes[4 * k : 4 * k + 4]
    assert 40 <= x0 < x1 <= 191 and x1 - x0 == pytest.approx(BODY, abs=0.5)
    assert bottom - top == pytest.approx(BODY, abs=1.5)
    copy = pickle.loads(pickle.dumps(doc))  # documents go to worker processes (-j, Dask) pickled
    assert (
        copy.boxes.tobytes() == doc.boxes.tobytes()
        and copy.page == 1
        and sentences_of(copy) == sentences_of(doc)
    )


# ---------------------------------------------------------------------------------------------
# End to end
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdf_build_end_to_end_keeps_page_and_bbox(nlp, tmp_path):
    from kg.builder import build

    path = tmp_path / "page.pdf"
    drawn = two_column_pdf(path)
    out = tmp_path / "out"
    result = build([path], out, nlp=nlp)
    assert result.read == 1 and not result.failed
    G = result.graph

    def node(name: str) -> str:
        return next(n for n, d in G.nodes(data=True) if name in {d["label"], *d["aliases"].split("|")})

    person, body = node("王志明"), node("市水利局")
    assert G.nodes[person]["type"] == "PERSON" and G.nodes[body]["type"] == "GOV_ORG"
    assert G.edges[person, body, "HOLDS_POSITION"]["title"] == "局长"
    assert G.has_edge(node("绿水公司"), node("青山集团"), "COOPERATES_WITH") or G.has_edge(
        node("青山集团"), node("绿水公司"), "COOPERATES_WITH"
    )
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    stmts = [
        st
        for link in data["links"]
        if link["source"] == person and link["relation"] == "HOLDS_POSITION"
        for st in link["provenance"]
    ]
    assert stmts and all(st["doc"] == "page#p1" and st["page"] == 1 for st in stmts)
    x0, top, x1, bottom = stmts[0]["bbox"][0]
    assert drawn.spans[0][0] - 1 <= x0 < x1 <= drawn.spans[0][1] + 1 and top < bottom


def test_pdf_progress_total_counts_pages_without_laying_them_out(tmp_path, monkeypatch):
    import kg.reader.pdf
    from kg.reader import count_documents

    path = tmp_path / "two.pdf"
    two_column_pdf(path)
    pages = len(list(iter_documents([path])))

    def no_layout(*args, **kwargs):
        raise AssertionError("counting must not lay a page out")

    monkeypatch.setattr(kg.reader.pdf, "page_layout", no_layout)
    (tmp_path / "a.jsonl").write_text('{"text": "市委"}\n\n{"text": "市政府"}\n', encoding="utf-8")
    assert count_documents([path, tmp_path / "a.jsonl", tmp_path / "missing.txt"]) == pages + 2 + 1
