"""The common shape every reader hands to the parser: header, data grid, title rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from .detect import HeaderMatch


class UnreadableFile(Exception):
    """The whole file cannot be read (not a recognised entity, corrupt, undecodable)."""


@dataclass
class Sheet:
    header: list  # the header cells as written
    match: HeaderMatch  # entity + position -> canonical column
    data: pa.Table  # string columns c0..c{n-1} (header positions) + __row (int32)
    title: list[str] = field(default_factory=list)  # text of the rows above the header
    grid: bool = True  # spreadsheet-like (title/footer rows possible); False for JSON
    skipped_lines: int = 0  # blank/footer lines the reader itself dropped (CSV ragged lines)
    dropped: list[tuple[int | None, str, str]] = field(
        default_factory=list
    )  # (row, reason, raw text) rows the reader could not split
    formula_cells: int = 0  # .xlsx/.xls: cells holding a formula (read as their cached value)
    encoding: str | None = None  # text files: the encoding found (`charset.to_utf8`)
    nested: list[Sheet] = field(default_factory=list)  # DVCQG dossiers: the entities nested in them


def string_table(columns: list[pa.Array | pa.ChunkedArray], rows: pa.Array) -> pa.Table:
    names = [f"c{i}" for i in range(len(columns))]
    cols = [c if c.type == pa.string() else c.cast(pa.string()) for c in columns]
    return pa.table(cols + [rows.cast(pa.int32())], names=names + ["__row"])
