"""Splitting a page into articles: header units (headlines + byline), datelines, signatures."""

from __future__ import annotations

from dataclasses import dataclass

from kg.reader.bylines import Byline
from kg.reader.document import Article
from kg.reader.layout import Para

_SPLIT_MIN_SCORE = 3.0  # a run of text is cut in two where the change of line width scores this much


@dataclass
class _Unit:
    paras: list[Para]
    byline: Para | None = None


@dataclass
class _Segment:
    paras: list[Para]
    dateline: Byline | None = None
    signature: Para | None = None
    unit: _Unit | None = None


def find_units(paras: list[Para]) -> list[_Unit]:
    """Give every paragraph a role and collect the header units (headlines + byline)."""
    units: list[_Unit] = []
    i, n = 0, len(paras)
    while i < n:
        if paras[i].kind == "body":
            paras[i].role = "body"
            i += 1
            continue
        j = i
        while j < n and paras[j].kind != "body":
            j += 1
        run = paras[i:j]
        before = paras[i - 1] if i else None
        after = paras[j] if j < n else None
        first = run[0]
        if (
            first.kind == "byline"
            and before is not None
            and before.kind == "body"
            and not before.jump_after
            and (len(run) > 1 or after is None or first.lines[0].byline.commentary)  # type: ignore[union-attr]
        ):
            first.role = "signature"
            run = run[1:]
        if any(p.kind == "byline" for p in run):
            unit = _Unit([])
            for p in run:
                if p.kind == "byline" and unit.byline is not None:
                    units.append(unit)
                    unit = _Unit([])
                unit.paras.append(p)
                if p.kind == "byline":
                    unit.byline = p
                    p.role = "unit-byline"
                else:
                    p.role = "title"
            units.append(unit)
        elif run:
            standalone = before is None or before.jump_after or after is None or after.dateline is not None
            for p in run:
                p.role = "title" if standalone else "subhead"
            if standalone:
                units.append(_Unit(list(run)))
        i = j
    return units


def _boundary_score(a: Para, b: Para) -> float:
    """How much the line width changes between two paragraphs (a new text block)."""
    wa = a.lines[-2].width if len(a.lines) > 1 else a.lines[-1].width
    wb = b.lines[1].width if len(b.lines) > 1 else b.lines[0].width
    return abs(wa - wb)


def segments_of(paras: list[Para]) -> list[_Segment]:
    """Cut the body paragraphs into segments and split segments that hold two bylines."""
    segments: list[_Segment] = []
    cur: _Segment | None = None
    need_new = True
    for p in paras:
        if p.role in ("body", "subhead"):
            if cur is None or need_new or p.dateline is not None or p.jump_before:
                cur = _Segment([], dateline=p.dateline)
                segments.append(cur)
                need_new = False
            cur.paras.append(p)
            need_new = p.jump_after
        elif p.role == "signature":
            if cur is not None and cur.signature is None:
                cur.signature = p
            need_new = True
        else:
            need_new = True
    out: list[_Segment] = []
    for seg in segments:
        if seg.dateline is not None and seg.signature is not None and len(seg.paras) > 1:
            cands = [
                (_boundary_score(seg.paras[k - 1], seg.paras[k]), k)
                for k in range(1, len(seg.paras))
                if seg.paras[k - 1].kind == "body" and seg.paras[k].kind == "body"
            ]
            if cands:
                score, k = max(cands)
                if score >= _SPLIT_MIN_SCORE:
                    out.append(_Segment(seg.paras[:k], dateline=seg.dateline))
                    out.append(_Segment(seg.paras[k:], signature=seg.signature))
                    continue
        out.append(seg)
    return out


def pair_units(units: list[_Unit], segments: list[_Segment]) -> list[_Unit]:
    """Attach header units to segments; return the units left without a body."""
    free = list(units)
    # Headlines directly before a dateline item are its title.
    for unit in list(free):
        if unit.byline is None:
            nxt = next((s for s in segments if s.paras[0].idx == unit.paras[-1].idx + 1), None)
            if nxt is not None and nxt.dateline is not None and nxt.unit is None:
                nxt.unit = unit
                free.remove(unit)
    eligible = [s for s in segments if s.dateline is None and s.signature is None and s.unit is None]
    if free and len(free) == len(eligible):
        for unit, seg in zip(free, eligible, strict=True):
            seg.unit = unit
        return []
    orphans = []
    for unit in free:
        first, last = unit.paras[0].idx, unit.paras[-1].idx
        nxt = next((s for s in eligible if s.paras[0].idx == last + 1 and s.unit is None), None)
        prv = next((s for s in eligible if s.paras[-1].idx == first - 1 and s.unit is None), None)
        target = nxt or prv
        if target is None:
            orphans.append(unit)
        else:
            target.unit = unit
    return orphans


def _title(unit: _Unit | None, text: str) -> str:
    if unit is None:
        return ""
    title = ""
    for p in unit.paras:
        if p.kind != "head" or p.span[0] == p.span[1]:
            continue
        part = text[p.span[0] : p.span[1]]
        sep = "" if not title or title.endswith("——") or part.startswith("——") else " "
        title += sep + part
    return title


def article_of(seg: _Segment | None, unit: _Unit | None, text: str) -> Article:
    bylines: list[Byline] = []
    if seg is not None and seg.dateline is not None:
        bylines.append(seg.dateline)
    if unit is not None and unit.byline is not None:
        bylines.append(unit.byline.lines[0].byline)  # type: ignore[arg-type]
    if seg is not None and seg.signature is not None:
        bylines.append(seg.signature.lines[0].byline)  # type: ignore[arg-type]
    reporters: list[str] = []
    for b in bylines:
        reporters.extend(r for r in b.reporters if r not in reporters)
    if seg is not None:
        start, end = seg.paras[0].span[0], seg.paras[-1].span[1]
    else:
        start = end = unit.paras[0].span[0] if unit is not None else 0
    return Article(
        title=_title(unit, text),
        byline=" ".join(b.raw for b in bylines),
        reporters=reporters,
        text=text[start:end],
        start=start,
        end=end,
    )
