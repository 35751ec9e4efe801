"""Small hand-made exports, written by each test into tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest
import xlsxwriter

HOSO_HEADER = [
    "Mã hồ sơ",
    "Mã đơn vị",
    "Mã TTHC",
    "Tên TTHC",
    "Mức độ",
    "Kênh thực hiện",
    "Chủ hồ sơ",
    "Số giấy tờ chủ hồ sơ",
    "Số điện thoại",
    "Ngày nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Trạng thái",
    "Phí, lệ phí (VND)",
    "Ngày cập nhật",
]


def hoso_row(i: int = 1, **over) -> dict:
    row = {
        "Mã hồ sơ": f"000.00.12.H27-220315-{i:04d}",
        "Mã đơn vị": "000.00.12.H27",
        "Mã TTHC": "1.001193",
        "Tên TTHC": "Cấp giấy phép xây dựng",
        "Mức độ": "3",
        "Kênh thực hiện": "Trực tuyến",
        "Chủ hồ sơ": "Nguyễn Văn An",
        "Số giấy tờ chủ hồ sơ": f"0420{i:08d}",
        "Số điện thoại": "0912345678",
        "Ngày nộp": "15/03/2022 08:30:00",
        "Ngày tiếp nhận": "15/03/2022 09:00",
        "Ngày hẹn trả": "25/03/2022",
        "Trạng thái": "4",
        "Phí, lệ phí (VND)": "1.250.000",
        "Ngày cập nhật": "20220316100000",
    }
    row.update(over)
    return row


@pytest.fixture(autouse=True)
def _key_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))


def write_xlsx(
    path: Path,
    header: list,
    rows: list,
    title: list | None = None,
    footer: list | None = None,
    merge_title: bool = True,
    blank_top: int = 0,
    cell_writer=None,
) -> Path:
    """title rows (merged across the header width), header, rows (dicts or lists), footer rows."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    r = blank_top
    for t in title or []:
        if merge_title and len(header) > 1:
            ws.merge_range(r, 0, r, len(header) - 1, t)
        else:
            ws.write_string(r, 0, t)
        r += 1
    ws.write_row(r, 0, header)
    r += 1
    for row in rows:
        vals = [row.get(h) for h in header] if isinstance(row, dict) else row
        for c, v in enumerate(vals):
            if v is None:
                continue
            if cell_writer and cell_writer(wb, ws, r, c, v):
                continue
            if isinstance(v, (dt.datetime, dt.date)):
                ws.write_datetime(r, c, v, wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"}))
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
        r += 1
    for f in footer or []:
        vals = f if isinstance(f, list) else [f]
        for c, v in enumerate(vals):
            if v is not None:
                ws.write_string(r, c, v)
        r += 1
    wb.close()
    return path


def write_csv(
    path: Path, header: list, rows: list, sep: str = ",", encoding: str = "utf-8", lines_before: list | None = None
) -> Path:
    buf = io.StringIO()
    for line in lines_before or []:
        buf.write(line + "\n")
    w = csv.writer(buf, delimiter=sep, quotechar='"', lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([(row.get(h) if isinstance(row, dict) else row[i]) or "" for i, h in enumerate(header)])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_json(path: Path, obj) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def write_xls(
    path: Path,
    header: list,
    rows: list,
    title: list | None = None,
    footer: list | None = None,
    blank_top: int = 0,
) -> Path:
    """The Excel 97–2003 twin of `write_xlsx` (xlwt): the same cells at the same places (merged
    title rows, datetimes as native Excel dates with the same number format, numbers as
    numbers, text as text)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    when = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm:ss")
    r = blank_top
    for t in title or []:
        if len(header) > 1:
            ws.write_merge(r, r, 0, len(header) - 1, t)
        else:
            ws.write(r, 0, t)
        r += 1
    for c, h in enumerate(header):
        ws.write(r, c, h)
    r += 1
    for row in list(rows) + [f if isinstance(f, list) else [f] for f in footer or []]:
        vals = [row.get(h) for h in header] if isinstance(row, dict) else row
        for c, v in enumerate(vals):
            if v is None:
                continue
            if isinstance(v, (dt.datetime, dt.date)):
                ws.write(r, c, v, when)
            else:
                ws.write(r, c, v)  # int/float: a NUMBER cell; str: a LABEL (shared string)
        r += 1
    wb.save(str(path))
    return path


# cp1258 writes the five tones as combining characters after the (precomposed) base vowel
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Text as Windows-1258 bytes the way Vietnamese Windows writes them: a character cp1258
    holds (a, ê, ư, á, đ…) as its byte, any other vowel as its base with hat/breve/horn
    precomposed (â ê ô ă ơ ư) followed by its tone as a combining character (ấ = â + U+0301)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)
