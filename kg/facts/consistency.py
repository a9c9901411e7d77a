"""One sense per document: a name keeps one type, and is found wherever it recurs.

Two general rules of news text, applied to the mentions of one document:

1. *Label vote*: all mentions of one name take one type: the type a rule of context gave it
   when one found it anywhere in the document (胡富国 after 省委书记), else the type a
   gazetteer lookup gave it (a county's short name, which may also be a person's name),
   else the most frequent.
2. *Propagation*: a name found once is a name everywhere in the document; occurrences the
   model missed are added (张润莲 named once after 女工, then alone).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from kg.facts.types import Mention, Sentence

MIN_LEN = {"PERSON": 2}
DEFAULT_MIN_LEN = 3
PROPAGATED = {"PERSON", "GOV_ORG", "COMPANY", "ORG", "EVENT", "PROJECT"}
# sources that are not rules of context: the model, propagation, and gazetteer lookups
STATISTICAL = ("ner", "propagated")
LOOKUP = ("admin-division",)


def vote_labels(mentions: Sequence[Mention]) -> list[Mention]:
    """Give every mention of a name the type chosen by the label vote.

    Examples
    --------
    >>> a = Mention("胡富国", "PERSON", "d", 0, 4, 7, 4, 7, "person-after-title")
    >>> b = Mention("胡富国", "PLACE", "d", 2, 40, 43, 40, 43, "ner")
    >>> [m.label for m in vote_labels([a, b])]
    ['PERSON', 'PERSON']
    >>> c = Mention("胡富国", "PLACE", "d", 3, 50, 53, 50, 53, "admin-division")
    >>> [m.label for m in vote_labels([b, c, a])]
    ['PERSON', 'PERSON', 'PERSON']
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    ruled: dict[str, Counter] = defaultdict(Counter)
    looked_up: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[m.text][m.label] += 1
        if m.source in LOOKUP:
            looked_up[m.text][m.label] += 1
        elif m.source not in STATISTICAL:
            ruled[m.text][m.label] += 1
    choice = {t: (ruled[t] or looked_up[t] or c).most_common(1)[0][0] for t, c in votes.items()}
    return [m if m.label == choice[m.text] else replace(m, label=choice[m.text]) for m in mentions]


def propagate(mentions: Sequence[Mention], sentences: Sequence[Sentence], to_original) -> list[Mention]:
    """Add mentions of known names where they recur unannotated.

    ``to_original(start, end)`` maps normalised offsets to the original file.
    """
    names = {
        m.text: m.label
        for m in mentions
        if m.label in PROPAGATED and len(m.text) >= MIN_LEN.get(m.label, DEFAULT_MIN_LEN)
    }
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        taken[m.sent_index].append((m.start, m.end))
    added: list[Mention] = []
    for name in sorted(names, key=len, reverse=True):
        for sent in sentences:
            pos = sent.text.find(name)
            while pos >= 0:
                s, e = sent.start + pos, sent.start + pos + len(name)
                if not any(a < e and s < b for a, b in taken[sent.index]):
                    o_s, o_e = to_original(s, e)
                    added.append(
                        Mention(name, names[name], sent.doc_id, sent.index, s, e, o_s, o_e, "propagated")
                    )
                    taken[sent.index].append((s, e))
                pos = sent.text.find(name, pos + len(name))
    return [*mentions, *added]
