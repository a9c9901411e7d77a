"""Facts of sentences written for the tests (made-up officials and bodies), as DocFacts."""

from __future__ import annotations

from kg.facts.types import DocFacts, Mention, Relation, Sentence


def post(
    doc: str,
    date: str | None,
    person: str,
    title: str,
    body: str,
    tail: str = "出席会议。",
    *,
    date_in_text: bool = False,
) -> DocFacts:
    """One document whose one sentence states ``body`` + ``title`` + ``person`` (+ ``tail``);
    with ``date_in_text`` the sentence opens with the date (2019年3月12日，)."""
    head = ""
    if date and date_in_text:
        y, m, d = (int(x) for x in date.split("-"))
        head = f"{y}年{m}月{d}日，"
    text = f"{head}{body}{title}{person}{tail}"
    s = Sentence(doc, 0, 0, len(text), text, 0, len(text))
    at = len(head)
    b = Mention(body, "GOV_ORG", doc, 0, at, at + len(body), at, at + len(body))
    at += len(body) + len(title)
    p = Mention(person, "PERSON", doc, 0, at, at + len(person), at, at + len(person))
    return DocFacts(doc, doc, [s], [b, p], [Relation("HOLDS_POSITION", p, b, s, title, date, "test")])


def mentioned(doc: str, *names: tuple[str, str]) -> DocFacts:
    """A sentence that names entities without a fact between them (co-occurrence only)."""
    text, mentions = "", []
    for name, label in names:
        at = len(text)
        mentions.append(Mention(name, label, doc, 0, at, at + len(name), at, at + len(name)))
        text += name + "和"
    s = Sentence(doc, 0, 0, len(text), text, 0, len(text))
    return DocFacts(doc, doc, [s], mentions, [])


def unnamed(doc: str, date: str, person: str, title: str, body: str) -> DocFacts:
    """A post whose body the document does not name: 副市长王明 with no 市政府 in the text."""
    text = f"{title}{person}出席会议。"
    s = Sentence(doc, 0, 0, len(text), text, 0, len(text))
    at = len(title)
    p = Mention(person, "PERSON", doc, 0, at, at + len(person), at, at + len(person))
    b = Mention(body, "GOV_ORG", doc, 0, -1, -1, -1, -1, "implied")
    return DocFacts(doc, doc, [s], [p], [Relation("HOLDS_POSITION", p, b, s, title, date, "test")])
