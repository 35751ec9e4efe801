"""Report furniture of spreadsheet-like files: blank, footer and column-numbering rows.

A row below the header is skipped (not an input row) when it is blank, a footer (`Tổng cộng: …`,
`Người lập biểu`, `<địa danh>, ngày … tháng … năm …`, recognised by `footer_patterns` on its key
cell or, for a sparse keyless row, on any cell), the column-numbering row some reports put under
the header (`(1) (2) (3)…`), a sparse keyless row after the last keyed row, or anything sparse
after the first footer (`_rule`). A row whose key cell holds words (`Người tổng hợp`) and that
has one or two filled cells, all text, counts as keyless (`_wordy`): after the last data row it
is a signature line whatever its words.

Most rows are plain data rows: key present, key not footer-like, not a numbering row. Such a row
is never skipped unless it is nearly empty and below a footer, and it only matters to the rule
through two aggregates (the first row, the last keyed row). So the rule is applied to the
*candidate* rows only — keyless, footer-like, numbering-like or digit-free key, fewer than 2
cells, plus the first row and the last plain row — which gives the same answer as applying it
to every row and costs nothing for the files without furniture (CSV, API pages). The footer patterns are matched
by DuckDB on its `fold` of the text (accents stripped), one small query over those few rows.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from . import values as V
from .clean import clean_columns
from .detect import config

# the column-numbering row some reports put under the header: (1) (2) (3)… (cells joined by \x1f)
_NUMBERING = re.compile(r"\(?[0-9]{1,3}\)?(\x1f\(?[0-9]{1,3}\)?){2,}")
_NO_ROW = 2147483647
# whitespace that fold's `\s+ -> " "` changes (RE2 \s is [\t\n\f\r ])
_COLLAPSIBLE = r"[\t\n\f\r]|  "


def _footer_regex() -> str:
    return "|".join(f"({p})" for p in config().footer_patterns)


def _cell_regex() -> str:
    """The footer patterns anchored at any cell of a row whose cells are joined by U+001F (one
    regex per row is cheaper than one per cell)."""
    return "|".join(
        "(^|\\x1f)" + p[1:].replace(".{", "[^\\x1f]{") if p.startswith("^") else p for p in config().footer_patterns
    )


def _maybe_furniture(key: pa.ChunkedArray) -> pa.ChunkedArray:
    """Rows the rule could treat differently from a plain data row, judged on the key cell alone
    (a superset: false means "certainly a plain row")."""
    # DuckDB folds the key (lower case, accents stripped, đ -> d, whitespace runs -> " "); on an
    # ASCII key that is lower case + whitespace runs, so the footer regex is evaluated here
    # exactly (Arrow and DuckDB share the RE2 engine); a non-ASCII key is a candidate
    folded = pc.ascii_lower(key)
    if pc.any(pc.match_substring_regex(key, _COLLAPSIBLE)).as_py():  # else a no-op
        folded = pc.replace_substring_regex(folded, pattern=r"\s+", replacement=" ")
    # or a numbering row, all (n) cells: its key holds only digits, brackets, separators; or a
    # key without any digit, which may be words (`Nguoi tong hop`: a signature line, `_wordy`)
    odd = pc.match_substring_regex(folded, f"{_footer_regex()}|^[0-9()\\x1f]+$|^[^0-9]*$")
    odd = pc.or_(odd, pc.invert(pc.string_is_ascii(key)))
    return pc.or_(pc.is_null(key), pc.fill_null(odd, False))


def _rows_to_read(grid: pa.Table, candidate: pa.ChunkedArray, text) -> pa.ChunkedArray:
    """Mask of the rows the rule must see: the candidates, the nearly empty rows (fewer than 2
    cells) below the first candidate, the first row and the last plain row. (The cells below
    the first candidate are counted in Python: a footer block, or the whole file when its first
    candidate is a numbering or blank row under the header — slower, still exact.)"""
    row = grid.column("__row")
    # a plain row is skipped only when nearly empty and below the first footer, itself a
    # candidate: count the cells of the rows below the first candidate only (a footer block)
    below = pc.greater(row, pc.min(pc.filter(row, candidate)))
    n_cells = [sum(v is not None for v in cells) for cells in zip(*text.rows(below))]
    sparse = [r for r, n in zip(pc.filter(row, below).to_pylist(), n_cells) if n < 2]
    keep = pc.or_(pc.or_(candidate, pc.is_in(row, pa.array(sparse, row.type))), pc.equal(row, pc.min(row)))
    last_plain = pc.max(pc.filter(row, pc.invert(candidate)))
    if last_plain.is_valid:
        keep = pc.or_(keep, pc.equal(row, last_plain))
    return keep


def _footer_hits(con, keys: list, texts: list[str]) -> list[tuple]:
    """(key matches a footer pattern, some cell of the row does), on DuckDB's `fold` of the text
    (its strip_accents has no Arrow twin); the regexes run in Arrow (RE2, as in DuckDB)."""
    folded = con.execute(f"SELECT list_transform(?::VARCHAR[], lambda x: {V.fold('x')})", [keys + texts]).fetchall()[0][
        0
    ]
    folded = pa.array(folded, pa.string())
    key_hit = pc.match_substring_regex(folded[: len(keys)], _footer_regex()).to_pylist()
    text_hit = pc.match_substring_regex(folded[len(keys) :], _cell_regex()).to_pylist()
    return list(zip(key_hit, text_hit))


# a key cell that holds words, not a code: two words or more and no digit (every key of the
# exports is a code with digits: `000.00.12.H27-220315-0007`, `1.001193`, `G22.39-…`)
_WORDS = re.compile(r"^[^0-9]*[^\W\d_]\s+[^\W\d_][^0-9]*$")
# a text cell: it holds a letter (not a number, a date, an amount)
_LETTER = re.compile(r"[^\W\d_]")


def _wordy(key: str | None, filled: list[str]) -> bool:
    """A signature-like row whose key cell holds words (`Người tổng hợp`): after the last data
    row it is furniture whatever its words (the footer patterns cannot list every title an
    office signs with); before it, a data row."""
    return key is not None and signature_like(key, filled)


def signature_like(key: str | None, filled: list[str]) -> bool:
    """One or two filled cells, all text (a letter in each), and a key cell that is empty or
    holds words, not a code."""
    return (
        0 < len(filled) <= 2
        and (key is None or _WORDS.match(key) is not None)
        and all(_LETTER.search(v) for v in filled)
    )


def _rule(
    rows: list[int],
    keys: list,
    n_nonempty: list[int],
    footer: list[bool],
    numbering: list[bool],
    n_cols: int,
    wordy: list[bool] | None = None,
) -> list[int]:
    """The rows to skip, given per row: key, filled cells, footer text, numbering row, and
    whether the key cell holds words in a sparse all-text row (`_wordy`: then the row counts as
    keyless, so after the last keyed row it is a footer)."""
    keyless = [k is None or w for k, w in zip(keys, wordy or [False] * len(keys))]
    first = min(rows)
    last_keyed = max(
        (r for r, kl, f, nb in zip(rows, keyless, footer, numbering) if not kl and not f and not nb), default=-1
    )
    first_footer = min((r for r, f in zip(rows, footer) if f), default=_NO_ROW)
    skip = []
    for r, kl, n, f, nb in zip(rows, keyless, n_nonempty, footer, numbering):
        if (
            n == 0
            or f
            or (nb and r <= first + 1)
            or (kl and r > first_footer)
            or (kl and r > last_keyed and (n <= 2 or n * 2 < n_cols))
            or (r > first_footer and n < 2)
        ):
            skip.append(r)
    return skip


class _Text:
    """Cleaned text of the mapped columns on some rows: from the grid when it holds the column,
    else cleaned here from the raw text (the grid skips the columns the typing never reads)."""

    def __init__(self, grid: pa.Table, mapped: dict[str, pa.ChunkedArray]):
        self.grid, self.mapped, self.names = grid, mapped, list(mapped)

    def rows(self, mask) -> list[list]:
        """Per mapped column (header order), the cleaned cells of the rows of `mask`."""
        missing = [n for n in self.names if n not in self.grid.column_names]
        cleaned = dict(zip(missing, clean_columns([self.mapped[n].filter(mask) for n in missing])))
        return [(cleaned[n] if n in cleaned else self.grid.column(n).filter(mask)).to_pylist() for n in self.names]


def skipped_rows(
    con, grid: pa.Table, key: str, mapped: dict[str, pa.ChunkedArray], other: list[pa.ChunkedArray]
) -> list[int]:
    """`__row` of the furniture rows.

    grid: cleaned text of (some of) the mapped columns + `__row`; key: the key column (in the
    grid); mapped: raw text of every mapped column, in header order; other: raw text of the
    ignored columns (a footer may sit in an STT column).
    """
    if grid.num_rows == 0:
        return []
    candidate = _maybe_furniture(grid.column(key))
    if not pc.any(candidate).as_py():
        return []  # no keyless, footer-like or numbering-like key: nothing to skip
    text = _Text(grid, mapped)
    keep = _rows_to_read(grid, candidate, text)
    cells = text.rows(keep)
    rows = grid.column("__row").filter(keep).to_pylist()
    keys = cells[text.names.index(key)]
    filled = [[v for v in row_cells if v is not None] for row_cells in zip(*cells)]
    texts = ["\x1f".join(f) for f in filled]
    if other:
        # text of the ignored columns, only to recognise footer rows such as a
        # `Tổng cộng: …` written in an STT column
        extra = zip(*[o.filter(keep).to_pylist() for o in other])
        texts = ["\x1f".join(f + ["\x1f".join(v or "" for v in vs)]) for f, vs in zip(filled, extra)]
    hits = _footer_hits(con, keys, texts)
    n_nonempty = [len(f) for f in filled]
    # a footer row is sparse ("Tổng cộng: …", "Người lập biểu"): a full data row with an empty
    # key whose text happens to start with "Xác nhận…" is a bad row to quarantine, not a footer
    footer = [
        bool(text_hit) if (k is not None and key_hit) or (k is None and n <= 3) else False
        for k, n, (key_hit, text_hit) in zip(keys, n_nonempty, hits)
    ]
    numbering = [_NUMBERING.fullmatch("\x1f".join(f)) is not None for f in filled]
    wordy = [_wordy(k, f) for k, f in zip(keys, filled)]
    return _rule(rows, keys, n_nonempty, footer, numbering, len(text.names), wordy)
