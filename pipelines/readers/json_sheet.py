"""JSON exports and API pages.

Shapes: a top-level array of objects, or an object whose `data` holds the array (`{"data":
[...]}`, the API page `{"error_code": 0, "total": .., "page": .., "data": [..]}`); an API error
page (`error_code` non-zero) is an unreadable file. Every value comes out as text; nested
arrays/objects (`DanhSachHoSoBoSung`, `DanhSachGiayToKetQua`) as JSON text. A dossier's
nested `TaiLieuNop`, `DanhSachGiayToKetQua` and `DanhSachLePhi` also become sheets of their own
entity (`Sheet.nested`, `_unnest`), each row carrying the dossier's key.

Files up to 64 MB (API pages, nightly exports) go through the json module with one list per
key, converted to Arrow in bulk (cheaper than DuckDB's read_json on this data); a larger
top-level array is read by DuckDB's memory-bounded `read_json` (format 'array').
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.contract import NESTED
from pipelines.settings import connect

from .detect import compact, config, match_entity, match_header
from .sheet import Sheet, UnreadableFile, string_table


def _first_char(path: Path) -> bytes:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.lstrip()[:1]


# Measured (100k dossiers): the json module + one Arrow conversion per key costs ~25% less CPU
# than DuckDB's read_json, but holds every record as Python objects; above this size the
# memory-bounded DuckDB reader is used for top-level arrays.
DUCKDB_ABOVE_BYTES = 64 << 20


def read_json(path: Path) -> Sheet:
    if _first_char(path) == b"[" and path.stat().st_size > DUCKDB_ABOVE_BYTES:
        try:
            keys, cols, rows = _duckdb_array(path)
        except UnreadableFile:
            raise
        except Exception:
            keys, cols, rows = _python_records(path)
    else:
        keys, cols, rows = _python_records(path)
    if not keys:
        raise UnreadableFile(f"{path.name}: JSON records have no keys")
    match = match_header(keys)
    if match is None:
        raise UnreadableFile(
            f"{path.name}: JSON keys are not those of a known entity "
            f"({', '.join(keys[:12])}{'…' if len(keys) > 12 else ''})"
        )
    sheet = Sheet(header=keys, match=match, data=string_table(cols, rows), grid=False)
    return _unnest(sheet) if match.entity == "hoso" else sheet


def _duckdb_array(path: Path):
    con = connect()
    try:
        con.execute("SET enable_progress_bar = false")
        src = (
            f"SELECT * FROM read_json('{str(path).replace(chr(39), chr(39) * 2)}', "
            f"format = 'array', sample_size = -1, maximum_object_size = 268435456)"
        )
        rel = con.sql(src)
        names, types = rel.columns, [str(t) for t in rel.types]
        if names == ["json"] or not names:
            raise ValueError("not an array of objects")
        sel = []
        for i, (n, t) in enumerate(zip(names, types)):
            q = '"' + n.replace('"', '""') + '"'
            if t.startswith("STRUCT") or t.endswith("[]") or t.startswith("MAP"):
                sel.append(f"to_json({q})::VARCHAR AS c{i}")
            elif t == "JSON":
                sel.append(
                    f"CASE WHEN json_type({q}) = 'VARCHAR' THEN {q}->>'$' "
                    f"WHEN json_type({q}) = 'NULL' THEN NULL ELSE {q}::VARCHAR END AS c{i}"
                )
            else:
                sel.append(f"{q}::VARCHAR AS c{i}")
        table = con.sql(
            f"SELECT {', '.join(sel)}, CAST(row_number() OVER () AS INTEGER) AS __row FROM ({src})"
        ).to_arrow_table()
    finally:
        con.close()
    if table.num_rows == 0:
        raise UnreadableFile(f"{path.name}: JSON holds no records (empty array)")
    cols = [table.column(f"c{i}").combine_chunks() for i in range(len(names))]
    return list(names), cols, table.column("__row").combine_chunks()


def _python_records(path: Path):
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path.name}: JSON is not UTF-8 ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{path.name}: not valid JSON ({exc})") from exc
    if isinstance(doc, dict):
        code = doc.get("error_code")
        if code not in (None, 0, "0"):
            raise UnreadableFile(f"{path.name}: API error page (error_code {code}: {doc.get('message', '')})")
        if not isinstance(doc.get("data"), list):
            raise UnreadableFile(f"{path.name}: JSON object without a 'data' array")
        recs = doc["data"]
    elif isinstance(doc, list):
        recs = doc
    else:
        raise UnreadableFile(f"{path.name}: JSON is neither an array nor an object")
    if not recs:
        raise UnreadableFile(f"{path.name}: JSON holds no records (empty array)")
    objs = [o if isinstance(o, dict) else {} for o in recs]
    keys = list(dict.fromkeys(k for o in objs for k in o))
    cols = []
    for k in keys:
        vals = [o.get(k) for o in objs]
        cols.append(_to_text(vals))
    rows = pa.array(range(1, len(objs) + 1), pa.int32())
    return keys, cols, rows


def _to_text(vals: list) -> pa.Array:
    """One key's values -> Arrow strings (bulk when homogeneous; JSON text for nested)."""
    try:
        arr = pa.array(vals)
        if pa.types.is_string(arr.type) or pa.types.is_null(arr.type):
            return arr.cast(pa.string())
        if pa.types.is_integer(arr.type) or pa.types.is_boolean(arr.type):
            return pc.cast(arr, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        pass
    out = []
    for v in vals:
        if v is None or isinstance(v, str):
            out.append(v)
        elif isinstance(v, (list, dict)):
            out.append(json.dumps(v, ensure_ascii=False, separators=(",", ":")))
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return pa.array(out, pa.string())


# ---------------------------------------------------------------------------------------
# DVCQG dossiers: arrays nested in the dossier
# ---------------------------------------------------------------------------------------

# a result document's file path may name the applicant: never kept in the JSON text of
# `ds_giay_to_ket_qua` (GIAYTOKETQUA keeps only whether it exists)
RESULT_PATH_KEYS = ("duongdanteptinketqua", "duongdantepketqua")


def _unnest(sheet: Sheet) -> Sheet:
    """A dossier file's nested arrays (`TaiLieuNop`, `DanhSachGiayToKetQua`, `DanhSachLePhi`)
    as sheets of their own entity, each row carrying its dossier's key (the dossier's, whatever
    the item says); `DSKetNoiCSDL` as its codes joined by `;`; paths out of the kept JSON text."""
    pos_of = {canon: pos for pos, canon in sheet.match.columns.items()}
    if "ma_ho_so" not in pos_of:
        return sheet
    dossiers = sheet.data.column(f"c{pos_of['ma_ho_so']}").to_pylist()
    nested = {compact(k): ent for k, ent in NESTED.items()}
    consumed = []
    data = sheet.data
    for pos, key in enumerate(sheet.header):
        ent = nested.get(compact(key))
        if ent is not None:
            child = _child_sheet(ent, dossiers, data.column(f"c{pos}").to_pylist())
            if child is not None:
                sheet.nested.append(child)
            consumed.append(str(key).strip())
            if pos in sheet.match.columns:  # DanhSachGiayToKetQua is also kept on the dossier
                data = _replace(data, pos, [_without_paths(v) for v in data.column(f"c{pos}").to_pylist()])
    if "ma_csdl" in pos_of:
        pos = pos_of["ma_csdl"]
        data = _replace(data, pos, [_codes(v) for v in data.column(f"c{pos}").to_pylist()])
    sheet.data = data
    sheet.match.extra = [e for e in sheet.match.extra if e not in consumed]
    return sheet


def _replace(data: pa.Table, pos: int, values: list) -> pa.Table:
    return data.set_column(pos, f"c{pos}", pa.array(values, pa.string()))


def _items(cell: str | None) -> list:
    if cell is None:
        return []
    try:
        v = json.loads(cell)
    except ValueError:
        return [cell]  # not JSON: one bad item (its row is quarantined, never dropped)
    return v if isinstance(v, list) else [v]


def _child_sheet(ent: str, dossiers: list, cells: list) -> Sheet | None:
    """The items of one nested array, as rows of `ent` (keys: the union of the items' keys)."""
    key_aliases = {k for k, canon in config().lookup[ent].items() if canon == "ma_ho_so"}
    recs = []
    for dossier, cell in zip(dossiers, cells):
        for item in _items(cell):
            item = item if isinstance(item, dict) else {"_khong_doc_duoc": item}
            rec = {"MaHoSo": dossier}
            rec.update({k: v for k, v in item.items() if compact(k) not in key_aliases})
            recs.append(rec)
    if not recs:
        return None
    keys = list(dict.fromkeys(k for r in recs for k in r))
    match = match_entity(keys, ent)
    # a key column no item carries: every row then lacks its key and is quarantined
    for req in config().entities[ent]["required"]:
        if req not in match.columns.values():
            keys.append(req)
            match.columns[len(keys) - 1] = req
    cols = [_to_text([r.get(k) for r in recs]) for k in keys]
    rows = pa.array(range(1, len(recs) + 1), pa.int32())
    return Sheet(header=keys, match=match, data=string_table(cols, rows), grid=False)


def _without_paths(cell: str | None) -> str | None:
    items = _items(cell)
    if not items or not any(isinstance(i, dict) for i in items):
        return cell
    kept = [
        {k: v for k, v in i.items() if compact(k) not in RESULT_PATH_KEYS} if isinstance(i, dict) else i for i in items
    ]
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


def _codes(cell: str | None) -> str | None:
    """`[{"MaCSDL": "CSDLDC"}, {"MaCSDL": "X"}]` -> `CSDLDC;X` (text already flat is kept)."""
    if cell is None or not cell.lstrip().startswith(("[", "{")):
        return cell
    codes = []
    for i in _items(cell):
        if isinstance(i, dict):
            codes += [str(v) for k, v in i.items() if compact(k) == "macsdl" and v not in (None, "")]
        elif i not in (None, ""):
            codes.append(str(i))
    return ";".join(codes) or None
