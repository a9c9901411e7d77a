"""Reading raw newspaper text: bytes or files to :class:`Document` objects.

The steps, one module each (how and why: ``docs/reader.md``):

- :mod:`~kg.reader.decoding`: bytes to text (encodings detected; binary, empty and
  non-language input refused on one line);
- :mod:`~kg.reader.layout`: the PDF layout undone (lines joined into paragraphs, layout
  spaces and page furniture such as （下转4版） removed), every character keeping its offset
  in the original;
- :mod:`~kg.reader.bylines`: bylines and datelines (□ 本报记者 冯凯治, 本报讯（记者 罗丽）);
- :mod:`~kg.reader.articles`: the page split into articles;
- :mod:`~kg.reader.pieces`: a long file laid out a million characters at a time;
- :mod:`~kg.reader.read`: the entry points for a string, bytes or a file;
- :mod:`~kg.reader.inputs`: files, folders, globs, HTML, JSON Lines and standard input.

Examples
--------
>>> doc = read_text("本报讯（记者 罗丽） 2020年\\n\\n年底，PM2.5 浓 度 为 34 微 克。")
>>> doc.text
'2020年年底，PM2.5浓度为34微克。'
>>> doc.articles[0].reporters
['罗丽']
>>> doc.original_text(0, 7)
'2020年\\n\\n年底'
"""

from kg.errors import ReaderError
from kg.reader.decoding import decode_bytes
from kg.reader.document import Article, Document
from kg.reader.inputs import Failure, count_documents, html_text, iter_documents
from kg.reader.layout import normalise
from kg.reader.read import read_bytes, read_file, read_text, sample_path

__all__ = [
    "Article",
    "Document",
    "Failure",
    "ReaderError",
    "count_documents",
    "decode_bytes",
    "html_text",
    "iter_documents",
    "normalise",
    "read_bytes",
    "read_file",
    "read_text",
    "sample_path",
]
