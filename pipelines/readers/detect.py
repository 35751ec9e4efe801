"""Format sniffing, header normalisation and entity recognition by header.

The entity of a file is recognised from its header row only (never from its name): every
header cell is "compacted" (accents stripped, lower case, only a-z0-9 kept) and looked up in
the aliases of `aliases.yaml`; the entity whose required (key) columns are all present and
that matches the most identifying columns wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipelines.contract import ENTITIES

ALIASES_FILE = Path(__file__).with_name("aliases.yaml")
MAX_HEADER_SCAN = 15  # title rows (up to 10) + header + slack
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Lower case, NFD accents removed, đ -> d (the Python twin of the SQL `fold`)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d")


def compact(text: object) -> str:
    """Header/label key: accents stripped, lower case, only [a-z0-9] kept."""
    if text is None:
        return ""
    text = str(text)
    if len(text) > 200:  # long cells (titles, names) are never headers
        return _compact(text)
    return _compact_cached(text)


def _compact(text: str) -> str:
    # = _NON_ALNUM.sub("", strip_accents(text)) without its Python loop over the characters: the
    # combining marks strip_accents removes are not [a-z0-9], so the regex drops them anyway
    return _NON_ALNUM.sub("", unicodedata.normalize("NFD", text.lower()).replace("đ", "d"))


_compact_cached = lru_cache(maxsize=1 << 16)(_compact)


@dataclass(frozen=True)
class Config:
    entities: dict  # entity -> {required, columns, personal, codes}
    code_lists: dict  # name -> {code: [labels]}
    actions: dict  # hanh_dong -> [prefixes]
    footer_patterns: list
    title_date_pattern: str
    lookup: dict  # entity -> {compact alias: canonical}
    distinctive: dict  # entity -> set of canonical columns whose aliases no other entity uses


@lru_cache(maxsize=1)
def config() -> Config:
    raw = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    entities = raw["entities"]
    lookup: dict[str, dict[str, str]] = {}
    for ent, spec in entities.items():
        unknown = set(spec["columns"]) - set(ENTITIES[ent]) - set(spec.get("personal", []))
        if ent == "hoso":
            unknown -= {"so_giay_to"}
        if unknown:
            raise ValueError(f"aliases.yaml: {ent} has columns not in schema: {sorted(unknown)}")
        m: dict[str, str] = {}
        for canon, aliases in spec["columns"].items():
            for a in [canon, *aliases]:
                m.setdefault(compact(a), canon)
        lookup[ent] = m
    distinctive: dict[str, set[str]] = {}
    for ent, m in lookup.items():
        others = {k for e2, m2 in lookup.items() if e2 != ent for k in m2}
        distinctive[ent] = {canon for k, canon in m.items() if k not in others}
        # a column is distinctive only if none of its aliases is shared
        shared = {canon for k, canon in m.items() if k in others}
        distinctive[ent] -= shared
    return Config(
        entities=entities,
        code_lists=raw["code_lists"],
        actions=raw["actions"],
        footer_patterns=raw["footer_patterns"],
        title_date_pattern=raw["title_date_pattern"],
        lookup=lookup,
        distinctive=distinctive,
    )


@dataclass
class HeaderMatch:
    entity: str
    columns: dict[int, str]  # position in the header -> canonical name
    extra: list[str] = field(default_factory=list)  # header cells not recognised (ignored)
    score: tuple = ()


def match_header(cells: list) -> HeaderMatch | None:
    """The best entity for one candidate header row, or None."""
    cfg = config()
    keys = [compact(c) for c in cells]
    best: HeaderMatch | None = None
    for ent, lookup in cfg.lookup.items():
        cols: dict[int, str] = {}
        seen: set[str] = set()
        for i, k in enumerate(keys):
            canon = lookup.get(k) if k else None
            if canon and canon not in seen:
                cols[i] = canon
                seen.add(canon)
        required = cfg.entities[ent]["required"]
        if not all(r in seen for r in required) or len(seen) < 2:
            continue
        score = (len(seen & cfg.distinctive[ent]), len(seen))
        if best is None or score > best.score:
            extra = [str(c).strip() for i, c in enumerate(cells) if i not in cols and c is not None and str(c).strip()]
            best = HeaderMatch(ent, cols, extra, score)
    return best


def match_entity(cells: list, ent: str) -> HeaderMatch:
    """`cells` read as a header of `ent` (known beforehand: the arrays nested in a dossier)."""
    lookup = config().lookup[ent]
    cols: dict[int, str] = {}
    for i, c in enumerate(cells):
        canon = lookup.get(compact(c))
        if canon and canon not in cols.values():
            cols[i] = canon
    extra = [str(c).strip() for i, c in enumerate(cells) if i not in cols and c is not None and str(c).strip()]
    return HeaderMatch(ent, cols, extra, (0, len(cols)))


def find_header(rows: list[list]) -> tuple[int, HeaderMatch] | None:
    """Scan the first rows of a grid for the header row: the best-scoring match wins."""
    best: tuple[int, HeaderMatch] | None = None
    for i, row in enumerate(rows[:MAX_HEADER_SCAN]):
        m = match_header(row)
        if m and (best is None or m.score > best[1].score):
            best = (i, m)
    return best


def sniff_format(data: bytes, name: str = "") -> str:
    """'xlsx' | 'xls' | 'json' | 'csv' from the content (the extension is only a tie-breaker):
    a zip is an .xlsx, an OLE2 compound file (D0 CF 11 E0) an Excel 97–2003 .xls, whatever
    its name."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    text = data[:4096]
    for bom in (b"\xef\xbb\xbf",):
        if text.startswith(bom):
            text = text[len(bom) :]
    stripped = text.lstrip()
    if stripped[:1] in (b"[", b"{"):
        return "json"
    low = name.lower()
    if low.endswith(".xlsx"):
        return "xlsx"
    if low.endswith(".json"):
        return "json"
    return "csv"
