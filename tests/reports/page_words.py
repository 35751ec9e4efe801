"""What a person reads on a rendered page: its visible text, and the raw codes, unnamed ids and
repeated words in it (tests/reports/test_words_on_pages.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

HIDDEN = {"style", "script", "head"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def visible_text(page: str) -> list[str]:
    """The page's text nodes in order (a table cell, a chart label, a sentence), outside
    <head>, <style> and <script>."""
    p = _Text()
    p.feed(page)
    return p.nodes


def _code_re(code: str) -> re.Pattern:
    # a code is a whole token: not inside a longer identifier nor a dotted id
    return re.compile(rf"(?<![\w.]){re.escape(code)}(?![\w])")


def raw_codes(nodes: list[str], codes: set[str]) -> list[tuple[str, str]]:
    """(code, text node) of every code printed as such."""
    pats = {c: _code_re(c) for c in codes}
    return [(c, n) for n in nodes for c, p in pats.items() if p.search(n)]


SEPARATORS = " \t:·—–-([|"


def unnamed_ids(nodes: list[str], names: dict[str, str], min_prefix: int = 12) -> list[tuple[str, str]]:
    """(id, what follows it) of every target id not followed by its name. The name may be cut
    by a chart's label limit: then at least `min_prefix` of its first characters and "…"."""
    text = "\n".join(nodes)
    bad = []
    for tid, name in names.items():
        for m in re.finditer(rf"(?<![\w.]){re.escape(tid)}(?![\w.])", text):
            after = text[m.end() :].lstrip(SEPARATORS + "\n")
            if after.startswith(name):
                continue
            head = after.split("…", 1)[0].rstrip()
            cut_ok = "…" in after[: len(name) + 2] and len(head) >= min(min_prefix, len(name)) and name.startswith(head)
            if not cut_ok:
                bad.append((tid, after[:60]))
    return bad


_WORD = r"[^\W\d_]+"
REPEAT = re.compile(rf"(?<!\w)({_WORD}(?: {_WORD})?) \1(?!\w)", re.IGNORECASE)


def repetitions(nodes: list[str]) -> list[str]:
    """'trực thuộc trực thuộc'-style repetitions of one or two words inside one text node."""
    return [m.group(0) for n in nodes for m in REPEAT.finditer(n)]
