"""PDF input: pages per second and memory, extraction alone and a whole build, on a generated paper.

Draws a ``--pages``-page PDF (A3 pages of five columns: a masthead, one article under a
headline over columns 1-3, another over columns 4-5, bylines, datelines and jump lines; made-up
officials, bodies and companies, in reportlab's built-in STSong-Light font), then times

- the extraction alone (:func:`kg.reader.pdf.read_pdf` over every page: pdfminer's parsing and
  kg's layout, of which the layout is timed on its own), with the peak resident memory;
- a whole ``kg build`` of the file (one process, every export written).

::

    python benchmarks/pdf.py --pages 20 --json benchmarks/results/pdf.json
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import save_json  # noqa: E402

FONT = "STSong-Light"
WIDTH, HEIGHT = 842.0, 1191.0  # A3
MARGIN, GUTTER, COLUMNS = 40.0, 12.0, 5
BODY, LEAD = 9.5, 13.5

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "志明建国海涛晓红立新卫东德华秀英光辉春燕国强永清文杰"
PLACES = ["北河", "南山", "西岭", "东坪", "青石", "白沙"]
BODIES = ["市水利局", "市教育局", "市交通运输局", "市财政局", "市生态环境局", "县人民政府", "市卫健委"]
COMPANIES = ["青山建设集团", "绿水科技有限公司", "红星机械有限公司", "长丰农业开发公司", "宏远物流有限公司"]
TITLES = ["局长", "副局长", "党组书记", "县长", "主任"]
VERBS = ["说", "表示", "介绍"]
WORKS = ["堤防工程", "污水处理厂", "公路改建工程", "学校扩建项目", "生态公园项目", "物流园区"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _sentence(rng: random.Random) -> str:
    place, body, company = rng.choice(PLACES), rng.choice(BODIES), rng.choice(COMPANIES)
    work, money = rng.choice(WORKS), rng.randint(2, 90)
    who = f"{body}{rng.choice(TITLES)}{_name(rng)}{rng.choice(VERBS)}"
    return rng.choice(
        [
            f"{who}，今年将投资{money}亿元建设{place}{work}。",
            f"{company}与{rng.choice(COMPANIES)}签署合作协议，双方将共同建设{place}{work}。",
            f"据了解，{place}{work}由{company}承建，计划于{rng.randint(2025, 2027)}年底完工。",
            f"{body}召开专题会议，研究部署{place}{work}的推进工作，要求各部门密切配合。",
            f"会议指出，要坚持问题导向，加强监督检查，确保{place}{work}按期保质完成。",
        ]
    )


def _article(rng: random.Random, sentences: int) -> list[str]:
    paras, para = [], ""
    for k in range(sentences):
        para += _sentence(rng)
        if k % 3 == 2:
            paras.append(para)
            para = ""
    return paras + ([para] if para else [])


def _wrap(text: str, width: float, pdfmetrics) -> list[tuple[float, str]]:
    lines, line, room = [], "", width - 2 * BODY
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, BODY) > room:
            lines.append((width - room, line))
            line, room = "", width
        line += ch
    return lines + [(width - room, line)]


def make_pdf(path: Path, pages: int, seed: int = 13) -> None:
    """Draw the benchmark paper (see the module docstring)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = random.Random(seed)
    col_w = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
    xs = [MARGIN + k * (col_w + GUTTER) for k in range(COLUMNS)]
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))

    def draw(text: str, x: float, y: float, size: float = BODY) -> None:
        c.setFont(FONT, size)
        c.drawString(x, HEIGHT - y - 0.88 * size, text)

    for page in range(1, pages + 1):
        draw(f"第{page}版", MARGIN, 30, 9)
        draw(f"2024年5月{page}日 星期{'一二三四五六日'[page % 7]}", WIDTH - MARGIN - 150, 30, 9)
        for cols, size in ((range(3), 26.0), (range(3, 5), 18.0)):
            x0, x1 = xs[cols[0]], xs[cols[-1]] + col_w
            head = f"{rng.choice(BODIES)}推进{rng.choice(PLACES)}{rng.choice(WORKS)}建设"
            draw(head, x0 + (x1 - x0 - pdfmetrics.stringWidth(head, FONT, size)) / 2, 70, size)
            body = _article(rng, 70 if size > 20 else 45)
            items = [f"□ 本报记者 {_name(rng)}", *body, f"（下转{page + 1}版）"]
            k, y, top, bottom = 0, 120.0, 120.0, HEIGHT - 60
            for item in items:
                lines = [(0.0, item)] if item[0] in "□（" else _wrap(item, col_w, pdfmetrics)
                for indent, text in lines:
                    if y > bottom:
                        k, y = k + 1, top
                    if k >= len(cols):
                        break
                    draw(text, xs[cols[k]] + indent, y)
                    y += LEAD
        c.showPage()
    c.save()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    import kg.reader.pdf
    from kg.builder import build

    layout_seconds = 0.0
    page_layout = kg.reader.pdf.page_layout

    def timed_layout(chars):
        nonlocal layout_seconds
        t = time.perf_counter()
        try:
            return page_layout(chars)
        finally:
            layout_seconds += time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.pdf"
        make_pdf(path, args.pages)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kg.reader.pdf.page_layout = timed_layout
        t = time.perf_counter()
        docs = list(kg.reader.pdf.read_pdf(path))
        extract = time.perf_counter() - t
        kg.reader.pdf.page_layout = page_layout
        rss_extract = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        read = [d for d in docs if not isinstance(d, Exception)]
        raw_chars = sum(len(d.raw) for d in read)
        text_chars = sum(len(d.text) for d in read)
        del docs, read
        t = time.perf_counter()
        result = build([path], Path(tmp) / "out")
        whole = time.perf_counter() - t
        size = path.stat().st_size
    facts = sum(1 for *_, k in result.graph.edges(keys=True) if k != "MENTIONED_WITH")
    out = {
        "pages": args.pages,
        "pdf_bytes": size,
        "characters": text_chars,
        "extract_seconds": round(extract, 2),
        "extract_pages_per_s": round(args.pages / extract, 2),
        "extract_chars_per_s": round(raw_chars / extract),
        "layout_seconds": round(layout_seconds, 2),
        "rss_before_extract_mb": round(rss_before),
        "peak_rss_extract_mb": round(rss_extract),
        "build_seconds": round(whole, 1),
        "build_pages_per_s": round(args.pages / whole, 2),
        "documents": result.read,
        "failed": len(result.failed),
        "entities": result.graph.number_of_nodes(),
        "facts": facts,
        "peak_rss_build_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    print(
        f"\n| pages | characters | extraction | of which layout | peak RSS | whole build | peak RSS |\n"
        f"|---|---|---|---|---|---|---|\n"
        f"| {args.pages} | {text_chars:,} | {extract:.1f} s, {args.pages / extract:.1f} pages/s "
        f"| {layout_seconds:.1f} s | {rss_extract:.0f} MB | {whole:.1f} s, {args.pages / whole:.2f} pages/s "
        f"| {out['peak_rss_build_mb']} MB |"
    )
    save_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
