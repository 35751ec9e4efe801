"""CSV / "Unicode text" exports: encoding detected, separator and header row sniffed.

UTF-8 (with or without BOM), UTF-16 (Excel's tab-separated "Unicode text", with or without
BOM) and Windows-1258 are accepted (`charset.to_utf8`, which says how it decides); a file whose
encoding cannot be decided is an unreadable file. The separator (`,` `;`
tab) and the header row are chosen together: the (separator, row) whose cells best match a
known entity header. The body is read by pyarrow's multi-threaded CSV reader, all columns as
text, quoted fields may hold line breaks. Rows with the wrong number of fields are handed to
the parser as bad rows (or skipped if they are blank/footer lines).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from .charset import to_utf8
from .detect import MAX_HEADER_SCAN, config, find_header, strip_accents
from .furniture import signature_like
from .sheet import Sheet, UnreadableFile, string_table

SEPARATORS = (",", ";", "\t")
SAMPLE_CHARS = 256 * 1024


def _sample_records(text: str, sep: str) -> tuple[list[list[str]], list[int]]:
    """First records of the sample and, for each, the physical line where it ends."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, quotechar='"')
    rows, ends = [], []
    try:
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
            if len(rows) >= MAX_HEADER_SCAN:
                break
    except csv.Error:
        pass
    return rows, ends


def _signature(rec: list[str], key_pos: int) -> bool:
    """A sparse text line (one or two cells, all text) whose key field is empty or holds words:
    furniture when it comes after the last full record (`furniture.signature_like`)."""
    key = rec[key_pos].strip() if key_pos < len(rec) else ""
    return signature_like(key or None, [c.strip() for c in rec if c.strip()])


def read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    data, encoding = to_utf8(raw, path.name)
    del raw  # a decoded copy (cp1258, UTF-16) replaces the bytes read: keep only one
    sample = data[:SAMPLE_CHARS].decode("utf-8", errors="ignore")
    best = None
    for sep in SEPARATORS:
        rows, ends = _sample_records(sample, sep)
        found = find_header(rows)
        if found and (
            best is None
            or found[1].score > best[2].score
            or (found[1].score == best[2].score and len(rows[found[0]]) > len(best[3]))
        ):
            best = (sep, found[0], found[1], rows[found[0]], rows, ends)
    if best is None:
        raise UnreadableFile(
            f"{path.name}: no header row of a known entity "
            f"(tried separators , ; tab in the first {MAX_HEADER_SCAN} lines)"
        )
    sep, hi, match, header, rows, ends = best
    title = [" ".join(c for c in r if c.strip()) for r in rows[:hi]]
    # byte offset of the first line after the header record
    offset = 0
    for _ in range(ends[hi]):
        nl = data.find(b"\n", offset)
        offset = len(data) if nl < 0 else nl + 1
    body = data[offset:]
    ncols = len(header)
    names = [f"c{i}" for i in range(ncols)]
    footer = [re.compile(p) for p in config().footer_patterns]
    ragged = [0]

    def is_furniture(cells: list[str]) -> bool:
        folded = strip_accents(" ".join(c for c in cells if c)).strip()
        return not folded or any(p.search(folded) for p in footer)

    def on_invalid(row) -> str:
        ragged[0] += 1
        return "skip"

    table = None
    if body and not body.isspace():  # (strip() would copy the body)
        table = pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=True, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(
                delimiter=sep,
                quote_char='"',
                double_quote=True,
                newlines_in_values=True,
                ignore_empty_lines=True,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    bad: list[tuple[int | None, str, str]] = []
    furniture = 0
    if ragged[0]:
        # Rare slow path: some records have the wrong number of fields (footer lines such as
        # `Tổng cộng: 12 hồ sơ`, or broken rows). Re-read with the csv module so every record
        # keeps its exact number; footer/blank lines are skipped, and so is a sparse text line
        # after the last full record (a signature: `Người tổng hợp`, whatever its words); the
        # others are quarantined.
        good: list[list[str]] = []
        nums: list[int] = []
        records = []
        for rec in csv.reader(io.StringIO(body.decode("utf-8")), delimiter=sep, quotechar='"'):
            if not any(c.strip() for c in rec):
                continue
            if len(rec) > ncols and not any(c.strip() for c in rec[ncols:]):
                rec = rec[:ncols]  # trailing separators: extra empty fields
            records.append(rec)
        key_pos = next(p for p, c in match.columns.items() if c == config().entities[match.entity]["required"][0])
        # the last full record that is data (a full-width signature line is the grid rule's)
        last_full = max(
            (i for i, rec in enumerate(records) if len(rec) == ncols and not _signature(rec, key_pos)), default=-1
        )
        n = 0
        for i, rec in enumerate(records):
            if len(rec) == ncols:
                n += 1
                good.append(rec)
                nums.append(n)
            elif is_furniture(rec) or (i > last_full and _signature(rec, key_pos)):
                furniture += 1
            else:
                n += 1
                bad.append((n, f"expected {ncols} fields, found {len(rec)}", sep.join(rec)))
        cols = [pa.array([r[i] for r in good], pa.string()) for i in range(ncols)]
        rows_arr = pa.array(nums, pa.int32())
    else:
        if table is None:
            table = pa.table({nm: pa.array([], pa.string()) for nm in names})
        rows_arr = pa.array(range(1, table.num_rows + 1), pa.int32())
        cols = [table.column(i) for i in range(ncols)]  # the chunks as read, not a copy
    return Sheet(
        header=header,
        match=match,
        data=string_table(cols, rows_arr),
        title=title,
        dropped=bad,
        skipped_lines=furniture,
        encoding=encoding,
    )
