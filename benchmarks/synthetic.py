"""Synthetic kg graphs of any size, shaped like a newspaper's: for page benchmarks and tests.

:func:`synthetic_graph` makes the node and edge attributes that
:func:`kg.graph.build.build_graph` produces (label, type, aliases, mentions, docs,
first_seen/last_seen; relation, weight, evidence, doc, offsets, date,
first_date/last_date, title, provenance), with made-up names:

- about a third of the entities take part in no fact (co-occurrence only), as in the
  sample page (43 of 89);
- facts prefer popular bodies (市政府 has hundreds of officials, most bodies one or two);
  a sixth of the officials change posts over time;
- documents span four years; four statements in five carry their document's date;
- co-occurrence links entities of one document that are mentioned near each other;
- entities belong to communities (a county, a sector: one per 400 entities), whose
  documents and facts mostly stay among themselves, as a city paper's do.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import networkx as nx

SHARES = {
    "PERSON": 0.30,
    "GOV_ORG": 0.18,
    "COMPANY": 0.12,
    "ORG": 0.06,
    "PROJECT": 0.14,
    "EVENT": 0.06,
    "DOCUMENT": 0.04,
    "PLACE": 0.10,
}
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
_GIVEN = "明华建国军平志伟海峰立新文静丽敏强磊洋艳勇杰娟涛超秀霞刚桂英玉兰芳宁晓春雪梅晨阳辉鹏飞宇航振兴启佳"
_SYLLABLES = "云川苍岭横桐溪枫林柘望鹿鸣青石白沙金水玉泉松河东西南北安宁丰平长乐永和兴隆新华清源"
_DEPARTMENTS = [
    "水利局",
    "交通运输局",
    "发展改革委",
    "教育局",
    "财政局",
    "生态环境局",
    "住房城乡建设局",
    "农业农村局",
    "卫生健康委",
    "文化和旅游局",
    "市场监督管理局",
    "应急管理局",
]
_TITLES = [
    "局长",
    "副局长",
    "主任",
    "副主任",
    "县长",
    "副县长",
    "市长",
    "副市长",
    "书记",
    "党组书记、局长",
    "董事长",
]
_PROJECTS = [
    "光伏产业园",
    "污水处理厂",
    "农村公路改造工程",
    "水库除险加固工程",
    "物流园",
    "大数据中心",
    "安置小区",
]
_EVENTS = ["博览会", "发展大会", "招商推介会", "论坛", "运动会"]
_ORGS = ["大学", "研究院", "人民医院", "商会", "职业技术学院"]


def _name(rng: random.Random, kind: str, seen: set[str]) -> str:
    for attempt in range(1000):
        place = "".join(rng.sample(_SYLLABLES, 2))
        if kind == "PERSON":
            name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2, 2))))
        elif kind == "GOV_ORG":
            name = place + rng.choice(("市", "县")) + rng.choice(_DEPARTMENTS + ["人民政府", "委员会"])
        elif kind == "COMPANY":
            name = (
                place + "".join(rng.sample(_SYLLABLES, 2)) + rng.choice(("集团", "有限公司", "股份有限公司"))
            )
        elif kind == "ORG":
            name = place + rng.choice(_ORGS)
        elif kind == "PROJECT":
            name = place + rng.choice(_PROJECTS)
        elif kind == "EVENT":
            name = f"第{rng.randint(1, 30)}届{place}{rng.choice(_EVENTS)}"
        elif kind == "DOCUMENT":
            name = f"《{place}{rng.choice(('发展规划', '实施方案', '管理办法', '行动计划'))}》"
        else:
            name = place + rng.choice(("县", "镇", "村", "乡"))
        if attempt > 50:
            name += str(attempt)
        if name not in seen:
            seen.add(name)
            return name
    raise RuntimeError("no new name")  # pragma: no cover


def synthetic_graph(n: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A graph of ``n`` entities with the attributes of a kg build (see the module).

    Examples
    --------
    >>> G = synthetic_graph(200)
    >>> len(G), all("label" in d and "docs" in d for _, d in G.nodes(data=True))
    (200, True)
    >>> facts = [d for *_, k, d in G.edges(keys=True, data=True) if k != "MENTIONED_WITH"]
    >>> all(d["weight"] == len(d["provenance"]) for d in facts)
    True
    """
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    n_docs = max(10, n // 20)
    doc_dates = {
        f"news/{i:05d}": (start + dt.timedelta(days=rng.randrange(4 * 365))).isoformat()
        for i in range(n_docs)
    }
    docs = sorted(doc_dates)
    n_groups = max(2, n // 400)
    docs_of_group = [docs[g::n_groups] for g in range(n_groups)]
    seen: set[str] = set()
    kinds = rng.choices(list(SHARES), weights=list(SHARES.values()), k=n)
    G = nx.MultiDiGraph()
    ids_by_type: dict[str, list[str]] = defaultdict(list)
    popularity: dict[str, float] = {}
    in_doc: dict[str, list[str]] = defaultdict(list)
    group: dict[str, int] = {}
    for kind in kinds:
        label = _name(rng, kind, seen)
        nid = f"{kind}:{label}"
        pop = rng.paretovariate(1.2)  # a few entities are everywhere, most are mentioned once or twice
        popularity[nid] = pop
        group[nid] = g = rng.randrange(n_groups)
        home = docs_of_group[g] if rng.random() < 0.85 else docs
        k_docs = min(len(home), max(1, int(pop)))
        its_docs = sorted(rng.sample(home, k_docs))
        for d in its_docs:
            in_doc[d].append(nid)
        dates = sorted(doc_dates[d] for d in its_docs)
        aliases = label[2:] if kind in ("GOV_ORG", "COMPANY") and rng.random() < 0.3 else ""
        G.add_node(
            nid,
            label=label,
            type=kind,
            aliases=aliases,
            mentions=k_docs + int(pop),
            docs="|".join(its_docs),
            first_seen=dates[0],
            last_seen=dates[-1],
        )
        ids_by_type[kind].append(nid)

    pools: dict[tuple, tuple[list[str], list[float]]] = {}
    current = [0]  # the community of the entity whose facts are being made

    def pick(kinds: tuple[str, ...]) -> str:
        g = current[0] if rng.random() < 0.85 else -1
        key = (kinds, g)
        if key not in pools:
            pool = [x for k in kinds for x in ids_by_type[k] if g < 0 or group[x] == g]
            pool = pool or [x for k in kinds for x in ids_by_type[k]]
            total, cum = 0.0, []
            for x in pool:
                total += popularity[x] ** 1.5
                cum.append(total)
            pools[key] = (pool, cum)
        pool, cum = pools[key]
        return rng.choices(pool, cum_weights=cum)[0]

    def fact(
        head: str, tail: str, relation: str, title: str = "", when: tuple[str, str] | None = None
    ) -> None:
        if head == tail or G.has_edge(head, tail, key=relation):
            return
        shared = sorted(set(G.nodes[head]["docs"].split("|")) & set(G.nodes[tail]["docs"].split("|")))
        pool = shared or G.nodes[head]["docs"].split("|")
        stated = sorted(rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2, 3)))))
        if when is not None:  # a post held over a span: the statements fall in it
            inside = [d for d in docs if when[0] <= doc_dates[d] <= when[1]]
            stated = sorted(rng.sample(inside, min(len(inside), rng.choice((1, 2, 3))))) or stated
        provenance = []
        for d in stated:
            date = doc_dates[d] if rng.random() < 0.8 else ""
            y, m, day = (int(x) for x in doc_dates[d].split("-"))
            sentence = (
                f"{y}年{m}月{day}日，{G.nodes[tail]['label']}{title}{G.nodes[head]['label']}出席会议并讲话。"
                if relation == "HOLDS_POSITION"
                else f"{m}月{day}日，{G.nodes[head]['label']}与{G.nodes[tail]['label']}有关情况见报。"
            )
            provenance.append(
                {
                    "doc": d,
                    "sentence": sentence,
                    "start": 0,
                    "end": len(sentence),
                    "date": date,
                    "title": title,
                    "frame": "synthetic",
                    "amount": "",
                }
            )
        dated = sorted(p["date"] for p in provenance if p["date"])
        G.add_edge(
            head,
            tail,
            key=relation,
            relation=relation,
            weight=len(provenance),
            evidence=provenance[0]["sentence"],
            doc=provenance[0]["doc"],
            evidence_start=0,
            evidence_end=len(provenance[0]["sentence"]),
            date=provenance[0]["date"],
            first_date=dated[0] if dated else "",
            last_date=dated[-1] if dated else "",
            title=title,
            provenance=provenance,
        )

    for p in ids_by_type["PERSON"]:
        current[0] = group[p]
        if rng.random() < 0.6:
            title = rng.choice(_TITLES)
            if rng.random() < 0.17:  # changed posts: one span, then another
                a, b, c = sorted(rng.sample(sorted(doc_dates.values()), 3))
                fact(p, pick(("GOV_ORG",)), "HOLDS_POSITION", title, (a, b))
                fact(p, pick(("GOV_ORG",)), "HOLDS_POSITION", rng.choice(_TITLES), (b, c))
            else:
                fact(p, pick(("GOV_ORG", "COMPANY")), "HOLDS_POSITION", title)
    for x in ids_by_type["PROJECT"]:
        current[0] = group[x]
        if rng.random() < 0.7:
            fact(pick(("COMPANY", "GOV_ORG")), x, "RUNS_PROJECT")
        if rng.random() < 0.4:
            fact(x, pick(("PLACE",)), "LOCATED_IN")
    for x in ids_by_type["COMPANY"] + ids_by_type["EVENT"] + ids_by_type["ORG"]:
        current[0] = group[x]
        if rng.random() < 0.4:
            fact(x, pick(("PLACE",)), "LOCATED_IN")
    for x in ids_by_type["GOV_ORG"]:
        current[0] = group[x]
        if rng.random() < 0.3:
            fact(x, pick(("GOV_ORG",)), "PART_OF")
    for x in ids_by_type["EVENT"]:
        current[0] = group[x]
        if rng.random() < 0.6:
            fact(pick(("GOV_ORG",)), x, "ORGANIZED")
        for _ in range(rng.choice((0, 1, 2))):
            fact(pick(("PERSON",)), x, rng.choice(("ATTENDED", "SPOKE_AT")))
    for x in ids_by_type["DOCUMENT"]:
        current[0] = group[x]
        fact(pick(("GOV_ORG",)), x, rng.choice(("ISSUED", "APPROVED")))
    for x in ids_by_type["COMPANY"]:
        current[0] = group[x]
        if rng.random() < 0.1:
            a, b = sorted((x, pick(("COMPANY",))))
            fact(a, b, "COOPERATES_WITH")
    for d, members in in_doc.items():  # neighbours in a document's text co-occur
        rng.shuffle(members)
        for a, b in zip(members, members[1:] + members[:1], strict=True):
            u, v = sorted((a, b))
            if u == v:
                continue
            if G.has_edge(u, v, key="MENTIONED_WITH"):
                G.edges[u, v, "MENTIONED_WITH"]["weight"] += 1
                continue
            sentence = f"{G.nodes[u]['label']}和{G.nodes[v]['label']}的消息同在一篇报道中。"
            G.add_edge(
                u,
                v,
                key="MENTIONED_WITH",
                relation="MENTIONED_WITH",
                weight=1,
                evidence=sentence,
                doc=d,
                evidence_start=0,
                evidence_end=len(sentence),
            )
    return G
