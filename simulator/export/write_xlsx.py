"""Excel writers in the vendor's report layout.

Layout of every sheet (1-based spreadsheet rows)::

    1..t      title rows (merged across the table's width where asked)
    t+1       the header row
    t+2..     the data rows (data row i, 0-based, is spreadsheet row t+2+i)
    then      footer rows (Tổng cộng: 1.234 hồ sơ · Người lập biểu · a name)

Two writers produce the same sheet:

* :func:`write_xlsx_xlsxwriter` (xlsxwriter, ``in_memory``: no temp files; shared strings) for the
  small files, as xlsxwriter writes ~200k cells/s here;
* :func:`write_xlsx_fast` for the large ones: the sheet XML is built column-wise with Arrow
  string kernels, ~10x faster; columns of repeated text (agency and procedure names, step
  texts, labels...) go to the shared strings table, the other text is inline.  The zip's
  deflate is most of the cost, and it is proportional to the XML's size.

Both return the spreadsheet row number of the header row.
"""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter

from .. import province
from .messiness import XCol

FAST_THRESHOLD_CELLS = 3_000  # above this many data cells, use the fast writer


@dataclass
class Title:
    text: str
    merge: bool = True
    bold: bool = True


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(
    path: Path,
    titles: list[Title],
    header: list[str],
    cols: list[XCol],
    footer: list[str],
    overrides: dict | None = None,
    fast: bool | None = None,
) -> int:
    n = len(cols[0].values) if cols else 0
    if fast is None:
        fast = n * max(1, len(cols)) > FAST_THRESHOLD_CELLS
    fn = write_xlsx_fast if fast else write_xlsx_xlsxwriter
    return fn(path, titles, header, cols, footer, overrides or {})


# ---------------------------------------------------------------------------------------------
# xlsxwriter


def write_xlsx_xlsxwriter(path, titles, header, cols, footer, overrides) -> int:
    wb = xlsxwriter.Workbook(
        str(path),
        {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    wb.set_properties(
        {
            "author": f"Hệ thống thông tin giải quyết TTHC {province.current().of}",
            "created": datetime.datetime(2022, 1, 1),
        }
    )  # fixed: same content, same bytes
    ws = wb.add_worksheet("Sheet1")
    bold = wb.add_format({"bold": True, "align": "center", "font_name": "Times New Roman"})
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "font_name": "Times New Roman"})
    fdt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    fd = wb.add_format({"num_format": "dd/mm/yyyy"})
    width = max(len(header), 1)
    r = 0
    for t in titles:
        if t.merge and width > 1:
            ws.merge_range(r, 0, r, width - 1, t.text, bold if t.bold else None)
        elif t.text:
            ws.write_string(r, 0, t.text, bold if t.bold else None)
        r += 1
    ws.write_row(r, 0, header, hdr)
    head_row = r + 1
    r += 1
    n = len(cols[0].values) if cols else 0
    lists = [c.values.to_pylist() if hasattr(c.values, "to_pylist") else list(c.values) for c in cols]
    kinds = [c.kind for c in cols]
    for i in range(n):
        for j in range(width):
            ov = overrides.get((i, j))
            if ov is not None:
                if ov != "":
                    ws.write_string(r, j, ov)
                continue
            v = lists[j][i]
            if v is None:
                continue
            k = kinds[j]
            if k == "s":
                ws.write_string(r, j, v)
            elif v != v:  # NaN
                continue
            elif k == "n" and isinstance(v, int):
                ws.write_number(r, j, v)
            elif k == "n":
                ws.write_number(r, j, v)
            elif k == "d":
                ws.write_number(r, j, v, fdt)
            else:
                ws.write_number(r, j, v, fd)
        r += 1
    for f in footer:
        if f:
            ws.write_string(r, 0, f)
        r += 1
    wb.close()
    return head_row


# ---------------------------------------------------------------------------------------------
# fast writer

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_CT_SHARED = _CT.replace(
    "</Types>",
    '<Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WBRELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_WBRELS_SHARED = _WBRELS.replace(
    "</Relationships>",
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>",
)
# styles: 0 normal · 1 datetime · 2 date · 3 bold (titles, header)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm:ss"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font>'
    '<font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    "</styleSheet>"
)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_arr(a: pa.Array) -> pa.Array:
    for x, y in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        a = pc.replace_substring(a, x, y)
    return a


def _text_cell(ref: str | None, s: str, style: int = 0) -> str:
    st = f' s="{style}"' if style else ""
    sp = ' xml:space="preserve"' if s != s.strip() else ""
    r = f' r="{ref}"' if ref else ""
    return f'<c{r}{st} t="inlineStr"><is><t{sp}>{_esc(s)}</t></is></c>'


def _bytes(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, UTF-8 bytes) of a string array, as NumPy views (no copy)."""
    offs = np.frombuffer(a.buffers()[1], dtype=np.int32)[a.offset : a.offset + len(a) + 1]
    data = a.buffers()[2]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offs, data


def _scan(a: pa.Array) -> tuple[bool, bool]:
    """(has &, < or >; has a value with leading/trailing whitespace), from the raw bytes: much
    faster than a regex per value, and most columns have neither."""
    offs, data = _bytes(a)
    body = data[offs[0] : offs[-1]]
    special = bool(((body == 38) | (body == 60) | (body == 62)).any()) if body.size else False
    lens = np.diff(offs)
    ne = lens > 0
    if not ne.any():
        return special, False
    first, last = data[offs[:-1][ne]], data[offs[1:][ne] - 1]
    ws = (first <= 32) | (last <= 32)  # space, tab, line breaks
    return special, bool(ws.any())


SHARED_MAX_DISTINCT = 0.3  # a text column goes to the shared strings below this share of distinct values


class _Shared:
    """A sheet's shared strings table: the distinct values of the repeated text columns, each
    written once; their cells hold an index (``<c t="s"><v>12</v></c>``)."""

    def __init__(self):
        self.parts: list[pa.Array] = []
        self.unique = 0
        self.count = 0

    def add(self, values: pa.Array, ws: bool) -> int:
        """Append ``values`` (distinct, escaped); return the index of the first one."""
        base = self.unique
        t = '<si><t xml:space="preserve">' if ws else "<si><t>"
        self.parts.append(pc.binary_join_element_wise(t, values, "</t></si>", ""))
        self.unique += len(values)
        return base

    def xml(self) -> bytes:
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org'
            f'/spreadsheetml/2006/main" count="{self.count}" uniqueCount="{self.unique}">'
        )
        body = b"".join(_joined(p) for p in self.parts)
        return head.encode("utf-8") + body + b"</sst>"


def _joined(a: pa.Array) -> memoryview:
    """The concatenated values of a string array without nulls (its data buffer, no copy)."""
    if pa.types.is_large_string(a.type):
        offs = np.frombuffer(a.buffers()[1], dtype=np.int64)[a.offset : a.offset + len(a) + 1]
    else:
        offs = np.frombuffer(a.buffers()[1], dtype=np.int32)[a.offset : a.offset + len(a) + 1]
    data = a.buffers()[2]
    return memoryview(data)[int(offs[0]) : int(offs[-1])] if data is not None else memoryview(b"")


def _repeated(a: pa.Array) -> pa.DictionaryArray | None:
    """The column dictionary-encoded if its values repeat (a sample decides first: cheap)."""
    if len(a) < 50:
        return None
    sample = a.slice(0, 2000)
    if pc.count_distinct(sample).as_py() > SHARED_MAX_DISTINCT * len(sample):
        return None
    d = a.dictionary_encode()
    return d if len(d.dictionary) <= SHARED_MAX_DISTINCT * len(a) else None


def _cells(col: XCol, overrides: dict, j: int, shared: _Shared | None = None) -> pa.Array:
    """The <c> elements of one column (no ``r`` reference: cells follow each other, so an
    empty cell is written as ``<c/>`` to keep its place).  ``xml:space="preserve"`` only on
    columns that need it: the markup is most of the sheet's bytes, and so of the zip's work."""
    a = col.values
    if not isinstance(a, pa.Array):
        a = pa.array(a, from_pandas=True)
    if col.kind == "s":
        if not pa.types.is_string(a.type):
            a = a.cast(pa.string())
        d = _repeated(a) if shared is not None else None
        v = d.dictionary if d is not None else a
        special, ws = _scan(v)
        if special:
            v = _esc_arr(v)
        if d is not None:
            base = shared.add(v, ws)
            shared.count += len(a) - a.null_count
            idx = pc.cast(pc.add(d.indices.cast(pa.int64()), base), pa.string())
            c = pc.binary_join_element_wise('<c t="s"><v>', idx, "</v></c>", "")
        else:
            t = '<t xml:space="preserve">' if ws else "<t>"
            c = pc.binary_join_element_wise(f'<c t="inlineStr"><is>{t}', v, "</t></is></c>", "")
    elif col.kind == "n":
        c = pc.binary_join_element_wise("<c><v>", pc.cast(a, pa.string()), "</v></c>", "")
    else:
        style = "1" if col.kind == "d" else "2"
        c = pc.binary_join_element_wise(f'<c s="{style}"><v>', pc.cast(a, pa.string()), "</v></c>", "")
    c = pc.fill_null(c, "<c/>")
    mine = [(i, s) for (i, jj), s in overrides.items() if jj == j]
    if mine:
        lst = c.to_pylist()
        for i, s in mine:
            lst[i] = "<c/>" if s == "" else _text_cell(None, s)
        c = pa.array(lst, type=pa.string())
    return c


def write_xlsx_fast(path, titles, header, cols, footer, overrides) -> int:
    width = max(len(header), 1)
    last = col_letter(width - 1)
    parts: list = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:{last}1"/><sheetData>'
    ]
    merges = []
    r = 0
    for t in titles:
        r += 1
        if t.text:
            parts.append(f'<row r="{r}">{_text_cell(f"A{r}", t.text, 3 if t.bold else 0)}</row>')
        if t.merge and width > 1:
            merges.append(f"A{r}:{last}{r}")
    r += 1
    head_row = r
    parts.append(
        f'<row r="{r}">' + "".join(_text_cell(f"{col_letter(j)}{r}", h, 3) for j, h in enumerate(header)) + "</row>"
    )
    head = "".join(parts).encode("utf-8")
    n = len(cols[0].values) if cols else 0
    body = b""
    shared = _Shared()
    if n:
        rownums = pc.cast(pa.array(np.arange(r + 1, r + 1 + n, dtype=np.int64)), pa.string())
        cells = [_cells(c, overrides, j, shared) for j, c in enumerate(cols)]
        rows = pc.binary_join_element_wise('<row r="', rownums, '">', *cells, "</row>", "")
        rows = rows.cast(pa.large_string())
        offs = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset : rows.offset + n + 1]
        body = memoryview(rows.buffers()[2])[int(offs[0]) : int(offs[-1])]
    r += n
    tail = []
    for f in footer:
        r += 1
        if f:
            tail.append(f'<row r="{r}">{_text_cell(f"A{r}", f)}</row>')
    tail.append("</sheetData>")
    if merges:
        tail.append(
            f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
        )
    tail.append("</worksheet>")
    tail_b = "".join(tail).encode("utf-8")
    # the <dimension> is a hint only; fix it to the real extent
    head = head.replace(f'<dimension ref="A1:{last}1"/>'.encode(), f'<dimension ref="A1:{last}{r}"/>'.encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        has = shared.unique > 0
        for name, data in (
            ("[Content_Types].xml", _CT_SHARED if has else _CT),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WB),
            ("xl/_rels/workbook.xml.rels", _WBRELS_SHARED if has else _WBRELS),
            ("xl/styles.xml", _STYLES),
        ):
            z.writestr(_zinfo(name), data)
        if has:
            z.writestr(_zinfo("xl/sharedStrings.xml"), shared.xml())
        with z.open(_zinfo("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as f:
            f.write(head)
            f.write(body)
            f.write(tail_b)
    return head_row


def _zinfo(name: str) -> zipfile.ZipInfo:
    """Fixed timestamps so that the same content gives the same bytes."""
    zi: object = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi._compresslevel = 1  # Python 3.11's name (compress_level from 3.13)
    return zi
