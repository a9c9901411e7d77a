"""Bylines and datelines: who wrote an article (□ 本报记者 冯凯治, 本报讯（记者 罗丽）)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.reader.chars import HEAD_MAX_WIDTH, width_of

# Box/bullet glyphs printed in front of a byline: "□ 本报记者 冯凯治", "■ 本报评论员".
BYLINE_MARK_RE = re.compile(r"^[□■◆◇●○◎▲△▼▽★☆※][\s\u3000]*")


# Who wrote it: optional outlet ("本报", "新华社") and a role word ("记者", "通讯员", "评论员").
ROLE_RE = re.compile(
    r"(?P<outlet>本报|本台|本刊|本网|新华社|中新社|人民日报|央视)?"
    r"(?P<role>(?:首席|特约|见习|实习|摄影|融媒体?|全媒体)?记者|特约评论员|评论员|通讯员|实习生|撰稿人?)"
)

# A personal name in a byline: 1-4 Han characters (with "·" for transliterated names).  Two-character
# names are often padded with a space ("王 五"); single characters are merged pairwise.
NAME_RE = re.compile(r"[\u4e00-\u9fff·•]{1,4}")

# Separators between the tokens of a byline ("本报记者 张三、李四"); a comma means a sentence.
BYLINE_SEP_RE = re.compile(r"[\s\u3000、]+")

# Dateline that opens a news item: "本报讯" / "本台讯", or "<agency or 本报><place><M>月<D>日电"
# ("新华社北京1月5日电", "本报太原1月13日电"), optionally followed by the reporters in brackets:
# "（记者 罗丽 通讯员 王五）".
DATELINE_RE = re.compile(
    r"^(?P<src>(?:本报|本台|本刊|本网)讯"
    r"|(?:本报|[\u4e00-\u9fff]{1,8}社)[\u4e00-\u9fff]{0,10}?[\s\u3000]*"
    r"[0-9０-９一二三四五六七八九十]{1,2}[\s\u3000]*月[\s\u3000]*[0-9０-９一二三四五六七八九十]{1,3}[\s\u3000]*日"
    r"[\s\u3000]*电)"
    r"(?:[\s\u3000]*[（(](?P<inner>[^（）()\n]{1,60})[）)])?"
)


@dataclass
class Byline:
    raw: str
    reporters: list[str]
    end: int  # raw offset just after the byline
    commentary: bool = False


def _merge_names(tokens: list[str]) -> list[str]:
    """Merge single-character tokens pairwise ("王 五" is the padded name 王五)."""
    names: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if len(tok) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
            names.append(tok + tokens[i + 1])
            i += 2
            continue
        names.append(tok)
        i += 1
    return names


def _split_roles(token: str) -> list[str]:
    """Split a token where a role follows a name without a space ("记者张三通讯员李四")."""
    cuts = [m.start() for m in ROLE_RE.finditer(token) if m.start() > 0]
    if not cuts:
        return [token]
    return [token[a:b] for a, b in zip([0, *cuts], [*cuts, len(token)], strict=True)]


def parse_credits(text: str) -> tuple[list[str], bool, bool] | None:
    """Parse "本报记者 张三 通讯员 李四" into names; None if the text is not a credit line.

    Returns (names, strong, commentary): strong when an outlet prefix ("本报", "新华社") is present,
    the role is 评论员, or a name is separated from its role by a space (so that a sentence such as
    "记者获悉" is not taken for a byline).
    """
    tokens = [piece for t in BYLINE_SEP_RE.split(text.strip()) if t for piece in _split_roles(t)]
    if not tokens:
        return None
    names: list[str] = []
    pending: list[str] = []
    strong = commentary = False
    after_role = False
    for k, tok in enumerate(tokens):
        m = ROLE_RE.match(tok)
        if m:
            names.extend(_merge_names(pending))
            pending = []
            strong = strong or bool(m.group("outlet"))
            commentary = commentary or "评论员" in m.group("role")
            rest = tok[m.end() :]
            if rest and not NAME_RE.fullmatch(rest):
                return None
            if rest:
                pending.append(rest)
            after_role = not rest
            continue
        if k == 0 or not NAME_RE.fullmatch(tok):
            return None
        strong = strong or after_role
        after_role = False
        pending.append(tok)
    names.extend(_merge_names(pending))
    return names, strong or commentary, commentary


def parse_byline_line(text: str) -> tuple[list[str], bool] | None:
    """Recognise a standalone byline line such as "□ 本报记者 冯凯治"."""
    stripped = text.strip()
    if not stripped or width_of(stripped) > HEAD_MAX_WIDTH:
        return None
    mark = BYLINE_MARK_RE.match(stripped)
    body = stripped[mark.end() :] if mark else stripped
    parsed = parse_credits(body)
    if parsed is None:
        return None
    names, strong, commentary = parsed
    if not (strong or mark):
        return None
    return names, commentary
