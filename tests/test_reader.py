"""Tests for kg.reader (fast, no model needed)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import kg
import kg.reader
import kg.reader.decoding
import kg.reader.document
import kg.reader.layout
import kg.reader.pieces
import kg.reader.read
from kg.errors import ReaderError
from kg.reader import (
    Article,
    Document,
    decode_bytes,
    normalise,
    read_bytes,
    read_file,
    read_text,
    sample_path,
)

DATA = Path(__file__).parent / "data" / "reader"

# First layout lines of the real sample page; the extractor put a blank line between layout lines.
EXCERPT_LINES = [
    "今年是我市“十四五”转型出雏型",
    "开局之年。1月 12日召开的市委四届",
    "十次全体会议暨市委经济工作会议上",
    "对我市今年经济工作作了全面部署，",
    "其中明确提出：要坚持治山治水治气",
    "治城一体推进，着力建设黄河流域生",
    "态高标准保护示范区；持续推进生态",
    "修复，市县同步启动国家园林城市和",
    "国家森林城市创建；要坚持一个战场",
    "打赢两场战役，继续实施“三个 100万",
    "亩”；要持续抓好大气、水、土壤污染防",
    "治，开展绿色生活创建活动，加快推动",
    "形成绿色生产生活方式。",
    "连日来，我市广大干部群众备受鼓",
    "舞，大家纷纷表示，牢固树立绿水青山就",
    "是金山银山的理念，感恩奋进，攻坚克",
    "难，砥砺前行，努力谱写出一曲“绿水青",
    "山”与“金山银山”交相辉映的华美乐章。",
]
EXCERPT = "\n" + "\n\n".join(EXCERPT_LINES) + "\n"
EXCERPT_TEXT = (
    "今年是我市“十四五”转型出雏型开局之年。1月12日召开的市委四届十次全体会议暨市委经济工作会议上对我市"
    "今年经济工作作了全面部署，其中明确提出：要坚持治山治水治气治城一体推进，着力建设黄河流域生态高标准保护"
    "示范区；持续推进生态修复，市县同步启动国家园林城市和国家森林城市创建；要坚持一个战场打赢两场战役，继续"
    "实施“三个100万亩”；要持续抓好大气、水、土壤污染防治，开展绿色生活创建活动，加快推动形成绿色生产生活方式。\n"
    "连日来，我市广大干部群众备受鼓舞，大家纷纷表示，牢固树立绿水青山就是金山银山的理念，感恩奋进，攻坚克难，"
    "砥砺前行，努力谱写出一曲“绿水青山”与“金山银山”交相辉映的华美乐章。"
)


@pytest.fixture(scope="module")
def sample_doc() -> Document:
    return read_file(sample_path())


def assert_offsets(doc: Document) -> None:
    """Every non-space character of the text comes from that character of the raw text."""
    assert len(doc.offsets) == len(doc.text)
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            assert doc.raw[doc.offsets[i]] == ch, (i, ch)
    assert all(a < b for a, b in zip(doc.offsets, doc.offsets[1:], strict=False))


# --------------------------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
    ],
)
def test_encodings(tmp_path: Path, codec: str, expected: str) -> None:
    data = EXCERPT.encode(codec)
    path = tmp_path / f"page-{codec}.txt"
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.encoding == expected
    assert doc.raw == EXCERPT  # BOM removed
    assert data.decode(doc.encoding) == doc.raw
    assert doc.text == EXCERPT_TEXT
    assert doc.id == f"page-{codec}"
    assert doc.path == str(path)
    assert_offsets(doc)


def test_utf16_without_bom_has_no_bom_bytes() -> None:
    data = EXCERPT.encode("utf-16-le")
    assert not data.startswith(b"\xff\xfe")
    assert decode_bytes(data) == (EXCERPT, "utf-16-le")


def test_truncated_utf8_is_still_utf8() -> None:
    data = "吕梁日报".encode()[:-1]
    assert decode_bytes(data) == ("吕梁日", "utf-8")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "a PNG image"),
        (b"hello world!\x00\x01", "binary data at byte 12"),
        (b"\x80\x81\xff\xfe\x80" * 8, "undecodable as UTF-8 or GB18030 at byte 0"),
        (b"\x01\x02\x03\x04abc\x05\x06", "control characters at byte 0"),
    ],
)
def test_binary_file_error(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(data)
    with pytest.raises(ReaderError) as info:
        read_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert message == f"{path}: not a text file ({problem})"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "data", [b"", b"  \n\n\t", "\u3000\n\u00a0".encode(), b"\xff\xfe", b"\xef\xbb\xbf\n"]
)
def test_empty_file_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match=r"empty\.txt: empty file$"):
        read_file(path)


def test_empty_text_error() -> None:
    with pytest.raises(ReaderError, match="^t: empty text$"):
        read_text(" \n\u3000\n", "t")


def test_missing_file_error(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "page.txt"
    with pytest.raises(ReaderError) as info:
        read_file(path)
    assert str(info.value) == f"{path}: no such file"


def test_directory_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="is a directory"):
        read_file(tmp_path)


def test_read_bytes_uses_name_stem() -> None:
    doc = read_bytes("本报讯（记者 罗丽） 2020年年底。".encode("gb18030"), "dir/page 1.txt")
    assert (doc.id, doc.path, doc.encoding) == ("page 1", None, "gb18030")


# --------------------------------------------------------------------------------------------- layout


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1月 12日", "1月12日"),
        ("PM2.5 浓 度 为 34 微 克/立 方 米", "PM2.5浓度为34微克/立方米"),
        ("以 1 个 百 分 点 递 增", "以1个百分点递增"),
        ("478.2 亿元", "478.2亿元"),
        ("2020 年 8 月 18 日", "2020年8月18日"),
        ("省 第 一 ，PM2.5 浓 度", "省第一，PM2.5浓度"),
        ("投资完成 478.2 亿元，同比增长 9.3%，一", "投资完成478.2亿元，同比增长9.3%，一"),
        ("1 000 万", "1000万"),
        ("1月\u00a012日", "1月12日"),
        ("浓\u3000度\u2002为", "浓度为"),
        ("在煤焦化工 5G 工业应用", "在煤焦化工5G工业应用"),
    ],
)
def test_layout_spaces_dropped(raw: str, expected: str) -> None:
    assert normalise(raw)[0] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello world", "Hello world"),
        ("the New York Times reported", "the New York Times reported"),
        ("Hello,  world", "Hello, world"),
        ("Hello\u00a0world", "Hello world"),
        ("据 New York Times 报道", "据New York Times报道"),
        ("Windows 10 系统", "Windows 10系统"),
    ],
)
def test_latin_spaces_kept(raw: str, expected: str) -> None:
    assert normalise(raw)[0] == expected


def test_latin_words_joined_across_lines_keep_a_space() -> None:
    text, offsets = normalise("据 New York\n\nTimes 报道")
    assert text == "据New York Times报道"
    assert offsets[text.index(" Times")] == len("据 New York")  # the space stands for the line break


def test_layout_lines_joined() -> None:
    raw = "打赢两场战役，继续实施“三个 100万\n\n亩”；要持续抓好大气、水、土壤污染防\n\n治。"
    assert normalise(raw)[0] == "打赢两场战役，继续实施“三个100万亩”；要持续抓好大气、水、土壤污染防治。"
    raw = "退耕还林、经济林提质增效“三个 100\n万亩”，每年春季召开动员会。"
    assert normalise(raw)[0] == "退耕还林、经济林提质增效“三个100万亩”，每年春季召开动员会。"


def test_paragraph_breaks_kept() -> None:
    text, _ = normalise(EXCERPT)
    assert text == EXCERPT_TEXT
    assert text.count("\n") == 1


def test_sentence_ending_at_full_line_does_not_break_paragraph() -> None:
    # Real lines: a quotation ends a full line, the attribution goes on in the same paragraph.
    raw = (
        "鹏飞集团进行 5G应用方面的‘1+1+N’全\n\n方位、立体式的合作，有助于鹏飞集团率先\n\n"
        "在煤焦化工 5G 工业应用探索新路径。”\n\n2020年 6月 17日，山西首家焦化 5G应用实\n\n"
        "验室——鹏飞焦化厂的“5G+智慧煤化工”\n\n应用实验室揭牌成立。"
    )
    assert "\n" not in normalise(raw)[0]


def test_indented_line_starts_paragraph() -> None:
    raw = (
        "党政军民学，东西南北中，党是领导一切的。坚持党的全面领导，\n"
        "是做好经济工作乃至一切工作的根本保证，全市上下要坚定信心。\n"
        "\u3000\u3000回顾极不平凡的 2020 年，面对疫情的严重冲击，全市\n"
        "加强党的全面领导，加强基层组织建设，充分发挥广大党员的作用。"
    )
    text, _ = normalise(raw)
    assert text.split("\n") == [
        "党政军民学，东西南北中，党是领导一切的。坚持党的全面领导，是做好经济工作乃至一切工作的根本保证，全市上下要坚定信心。",
        "回顾极不平凡的2020年，面对疫情的严重冲击，全市加强党的全面领导，加强基层组织建设，充分发挥广大党员的作用。",
    ]


def test_one_paragraph_per_line_input() -> None:
    first = "第一段的第一句。第二句" + "很长" * 20 + "。"
    assert normalise(f"{first}\n第二段。\n")[0] == f"{first}\n第二段。"


def test_headline_is_its_own_paragraph() -> None:
    lines = [
        "标准的城市，也是唯一一个没有出现",
        "重污染天数的城市。",
        "实招重拳，全面推进，污染\n防治攻坚战连战连捷",  # a two-line subhead, no blank line inside
        "刚刚过去的 2020 年，市区环境空",
        "气质量综合指数为 4.71，持续保持全",
        "省 第 一 ，PM2.5 浓 度 为 34 微 克/立 方",
        "米，连续 3 年在汾渭平原 11 个重点城",
        "市中排名第一。",
    ]
    assert normalise("\n\n".join(lines))[0].split("\n") == [
        "标准的城市，也是唯一一个没有出现重污染天数的城市。",
        "实招重拳，全面推进，污染防治攻坚战连战连捷",
        "刚刚过去的2020年，市区环境空气质量综合指数为4.71，持续保持全省第一，PM2.5浓度为34微克/立方米，"
        "连续3年在汾渭平原11个重点城市中排名第一。",
    ]


@pytest.mark.parametrize(
    "marker", ["（下转4版）", "(上接1版)", "（紧转2版）", "（转A3版）", "（ 下转 第 4 版 ）", "（接第二版）"]
)
def test_page_markers_removed(marker: str) -> None:
    text, offsets = normalise(f"获得感、幸福感和安全感，{marker}\n\n深入贯彻落实")
    assert re.search(r"版|转|接", text) is None
    assert text.startswith("获得感、幸福感和安全感，")
    assert text.endswith("深入贯彻落实")


def test_jump_marker_ends_paragraph() -> None:
    raw = "元，同比增长 9.3%， （下转4版）\n\n本报讯（记者 罗丽） 2020年\n\n年底，由市行政审批局起草。"
    assert normalise(raw)[0] == "元，同比增长9.3%，\n本报讯（记者 罗丽）2020年年底，由市行政审批局起草。"
    raw = "增强人民群众获得感，（下转4版）加快推动"
    text, offsets = normalise(raw)
    assert text == "增强人民群众获得感，\n加快推动"
    assert raw[offsets[text.index("\n")]] == "（"  # the break replaces the marker


def test_page_furniture_lines_removed() -> None:
    raw = "2021年1月14日 星期四\n第 1 版\n今年是我市开局之年。\n责任编辑：张三  校对：李四\n"
    assert normalise(raw)[0] == "今年是我市开局之年。"


# --------------------------------------------------------------------------------------------- bylines


BODY = "\n\n“十三五”以来，我市坚持以习近平\n\n新时代中国特色社会主义思想为指导。"
BODY_TEXT = "“十三五”以来，我市坚持以习近平新时代中国特色社会主义思想为指导。"


@pytest.mark.parametrize(
    ("byline", "reporters"),
    [
        ("□ 本报记者 冯凯治", ["冯凯治"]),
        ("本报记者 张三 李四", ["张三", "李四"]),
        ("□ 本报记者 王 五", ["王五"]),
        ("■ 本报记者 张三 通讯员 李四", ["张三", "李四"]),
        ("□ 本报评论员", []),
        ("新华社记者 王某", ["王某"]),
    ],
)
def test_standalone_bylines(byline: str, reporters: list[str]) -> None:
    doc = read_text("坚持“四治”一体推进 让“吕梁蓝”成为最亮名片\n" + byline + BODY)
    assert len(doc.articles) == 1
    art = doc.articles[0]
    assert (art.byline, art.reporters, art.text) == (byline, reporters, BODY_TEXT)
    assert art.title == "坚持“四治”一体推进 让“吕梁蓝”成为最亮名片"
    assert "记者" not in doc.text and "评论员" not in doc.text


@pytest.mark.parametrize(
    ("line", "byline", "reporters"),
    [
        ("本报讯（记者 罗丽） 2020年", "本报讯（记者 罗丽）", ["罗丽"]),
        ("本报讯 (记者 罗丽 通讯员 王五) 2020年", "本报讯 (记者 罗丽 通讯员 王五)", ["罗丽", "王五"]),
        ("本报讯 (记者罗丽通讯员王五) 2020年", "本报讯 (记者罗丽通讯员王五)", ["罗丽", "王五"]),  # no spaces
        ("新华社北京1月5日电（记者 王某） 2020年", "新华社北京1月5日电（记者 王某）", ["王某"]),
        (
            "本报太原1月13日电（记者 张三 李四）2020年",
            "本报太原1月13日电（记者 张三 李四）",
            ["张三", "李四"],
        ),
        ("本报讯 2020年", "本报讯", []),
    ],
)
def test_dateline_bylines(line: str, byline: str, reporters: list[str]) -> None:
    doc = read_text(line + "\n\n年底，由市行政审批局起草制定的\n\n《行政审批一窗式服务规范》获批准。")
    art = doc.articles[0]
    assert (art.byline, art.reporters) == (byline, reporters)
    assert art.text == "2020年年底，由市行政审批局起草制定的《行政审批一窗式服务规范》获批准。"
    assert doc.text == art.text


@pytest.mark.parametrize(
    "line", ["记者获悉，今年全市", "本报记者从市统计局获悉，今年全市", "记者 张三说，今年全市"]
)
def test_body_lines_with_role_words_are_not_bylines(line: str) -> None:
    doc = read_text(line + "\n\n经济保持了总体平稳。")
    assert doc.articles[0].byline == ""
    assert doc.text.startswith(re.sub(r"\s", "", line))


# --------------------------------------------------------------------------------------------- articles


def test_sample_articles(sample_doc: Document) -> None:
    arts = sample_doc.articles
    assert [(a.title, a.byline, a.reporters) for a in arts] == [
        (
            "深入贯彻落实市委四届十次全会暨市委经济工作会议精神 "
            "市委四届十次全体会议暨市委经济工作会议精神激励全市广大干部群众——"
            "坚持“四治”一体推进 让“吕梁蓝”成为最亮名片",
            "□ 本报记者 冯凯治",
            ["冯凯治"],
        ),
        ("扬帆搏浪正当时——全市加快经济转型升级助推高质量发展纪实", "□ 本报记者 刘少伟", ["刘少伟"]),
        ("", "本报讯（记者 罗丽）", ["罗丽"]),
        ("", "□ 本报评论员", []),
    ]
    assert [a.text.count("\n") + 1 for a in arts] == [12, 13, 2, 7]
    assert arts[0].text.startswith("今年是我市“十四五”转型出雏型开局之年。1月12日召开的")
    assert arts[0].text.endswith("增强人民群众获得感、幸福感和安全感，")
    assert arts[1].text.startswith("“十三五”以来，我市坚持以习近平新时代中国特色社会主义思想为指导")
    assert arts[1].text.endswith("全市固定资产投资完成478.2亿元，同比增长9.3%，")
    assert arts[2].text.startswith("2020年年底，由市行政审批局起草制定的")
    assert arts[2].text.endswith("推动吕梁高质量发展提供了有力支撑。")
    assert arts[3].text.startswith("党的领导是做好党和国家各项工作的根本保证，")
    assert arts[3].text.endswith("以优异成绩迎接建党100周年！")
    subheads = [
        "实招重拳，全面推进，污染防治攻坚战连战连捷",
        "多措并举，果断决策，夯实生态文明基石",
        "强化执法，深化监管，用心守护一方净土",
    ]
    assert [p for p in arts[0].text.split("\n") if p in subheads] == subheads
    assert "传统产业加速改造质量效益稳步提升" in arts[1].text.split("\n")
    for art in arts:
        assert sample_doc.text[art.start : art.end] == art.text
        assert "本报" not in art.text and "□" not in art.text
    assert [a.start for a in arts] == sorted(a.start for a in arts)


def test_sample_text(sample_doc: Document) -> None:
    text = sample_doc.text
    assert "下转" not in text and "版）" not in text
    assert "PM2.5浓度为34微克/立方米" in text
    assert "全市森林覆盖率每年以1个百分点递增，现在达到27.6％" in text
    assert "2020年8月18日，在“数谷吕梁·智赢未来”第四届吕梁大数据产业发展大会上" in text
    assert "  " not in text and "\n\n" not in text
    assert text.count("\n") == 12 + 13 + 2 + 7 + 3 + 2 - 1  # bodies + 3 + 2 title paragraphs
    assert "冯凯治" not in text and "刘少伟" not in text and "罗丽" not in text


def test_conventional_order_page() -> None:
    doc = read_file(DATA / "conventional_order.txt")
    assert [(a.title, a.byline, a.reporters, a.text.count("\n") + 1) for a in doc.articles] == [
        ("坚持“四治”一体推进 让“吕梁蓝”成为最亮名片", "□ 本报记者 冯凯治", ["冯凯治"], 2),
        ("“一枚印章管审批”改革取得实效", "本报讯（记者 罗丽）", ["罗丽"], 1),
        ("", "□ 本报评论员", [], 1),
    ]
    assert doc.articles[2].text.startswith("计熟事定，举必有功。")
    assert_offsets(doc)


def test_no_structure_is_one_article() -> None:
    doc = read_text(EXCERPT, "excerpt")
    assert doc.articles == [Article("", "", [], EXCERPT_TEXT, 0, len(EXCERPT_TEXT))]
    assert doc.id == "excerpt" and doc.encoding == "str" and doc.path is None


# --------------------------------------------------------------------------------------------- offsets


def test_offsets_invariant_sample(sample_doc: Document) -> None:
    assert sample_doc.raw == sample_path().read_text(encoding="utf-8")
    assert_offsets(sample_doc)


def test_offsets_invariant_gb18030_copy(tmp_path: Path, sample_doc: Document) -> None:
    path = tmp_path / "lvliang_gb18030.txt"
    path.write_bytes(sample_doc.raw.encode("gb18030"))
    doc = read_file(path)
    assert doc.encoding == "gb18030"
    assert_offsets(doc)
    assert (doc.text, doc.offsets, doc.articles) == (sample_doc.text, sample_doc.offsets, sample_doc.articles)


def test_normalise_offsets_invariant(sample_doc: Document) -> None:
    text, offsets = normalise(sample_doc.raw)
    assert len(text) == len(offsets)
    assert all(sample_doc.raw[o] == c for c, o in zip(text, offsets, strict=True) if not c.isspace())
    assert "□ 本报记者 冯凯治" in text.split("\n")  # normalise keeps bylines


def test_to_original_round_trip(sample_doc: Document) -> None:
    doc = sample_doc
    for m in re.finditer(r"[^。！？\n]+[。！？]?", doc.text):
        start, end = m.span()
        a, b = doc.to_original(start, end)
        original = doc.original_text(start, end)
        assert original == doc.raw[a:b]
        assert original[0] == doc.text[start] and original[-1] == doc.text[end - 1]
        assert re.sub(r"\s", "", original) == re.sub(r"\s", "", m.group())
    art = doc.articles[2]
    assert doc.original_text(art.start, art.start + 5) == "2020年"
    assert doc.original_text(art.start, art.start + 7) == "2020年\n\n年底"
    assert doc.to_original(0, 0) == (doc.offsets[0], doc.offsets[0])
    assert doc.to_original(len(doc.text), len(doc.text)) == (len(doc.raw), len(doc.raw))
    with pytest.raises(IndexError):
        doc.to_original(5, 4)


def test_inserted_paragraph_break_maps_to_line_break(sample_doc: Document) -> None:
    doc = sample_doc
    breaks = [i for i, c in enumerate(doc.text) if c == "\n"]
    assert breaks
    assert all(doc.raw[doc.offsets[i]] in "\n（" for i in breaks)


def test_sample_path_is_the_seed_copy() -> None:
    assert sample_path().is_file()
    assert sample_path() == Path(kg.__file__).resolve().parent / "sample" / "lvliang_daily_front_page.txt"


def test_doctests() -> None:
    for module in (kg.reader, kg.reader.decoding, kg.reader.layout, kg.reader.read, kg.reader.document):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_a_long_file_is_laid_out_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    # the layout holds a tuple per character; a long file is laid out a piece at a time
    # (cut at a paragraph break): no character is lost or doubled, offsets still point
    # into the original text, and articles still slice the document's text
    whole = read_file(sample_path())
    monkeypatch.setattr(kg.reader.pieces, "READ_CHUNK", 2000)
    assert len(kg.reader.pieces._raw_pieces(whole.raw)) > 2
    doc = read_file(sample_path())
    assert doc.text.replace("\n", "") == whole.text.replace("\n", "")
    assert all(doc.raw[o] == ch for ch, o in zip(doc.text, doc.offsets, strict=True) if not ch.isspace())
    assert all(a.text == doc.text[a.start : a.end] for a in doc.articles)
    assert [a.start for a in doc.articles] == sorted(a.start for a in doc.articles)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("会议要求加快建设进度。（韩立秋 贺云舟）", "（韩立秋 贺云舟）"),  # the credits that close a report
        ("开工现场（无人机照片 新华社记者韩立秋 摄）。", "（无人机照片 新华社记者韩立秋 摄）"),  # a caption
    ],
)
def test_spaces_between_names_in_a_closing_aside_are_kept(line: str, kept: str) -> None:
    assert read_text(line).text.endswith(kept) or read_text(line).text.endswith(kept + "。")


def test_layout_spaces_inside_a_sentence_are_still_dropped() -> None:
    assert read_text("会议 要求（各 部门）加快 建设 进度。").text == "会议要求（各部门）加快建设进度。"
