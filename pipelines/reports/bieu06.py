"""Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) as .xlsx, computed in SQL from fct_dossier.

    write_bieu06(db_path, out_path, window_from, window_to, by_agency=False, label=None) -> dict

"TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC" for the
report window [F, T]; rows by level (Sở, ban, ngành / Huyện, thị xã, thành phố / Xã, phường,
thị trấn), then field (lĩnh vực), optionally agency. Column rules: docs/metrics.md. The four
identities (3 = 4+5+6; 7 = 8+9+10; 11 = 12+13; 3 = 7+11) are checked on every row before the
file is written; a failure raises `Bieu06Error` and nothing is written.

The population is the dossiers *received* (docs/metrics.md: `ngay_tiep_nhan` set and status ∉ {1, 3}
in the version current at the database's as-of date), received on or before T:
- col 4/5: received in [F, T], online (`kenh` = 2) / otherwise (direct, postal; empty = direct);
- col 6: received before F and neither resolved (status 9/10 with `ngay_ket_thuc_xu_ly`) before F
  nor withdrawn/stopped (status 7/8, date = step `Công dân rút hồ sơ` or the first version with
  status 7/8: `fct_dossier.ngay_rut_dung_d`) before F. Refused dossiers (status 3) are never
  received, so they are in no column;
- col 7: those of col 3 resolved on or before T (by timeliness), or withdrawn/stopped on or
  before T (counted as `dung_han`, footnoted);
- col 11: the rest of col 3; col 13 (`quá hạn`) = exactly the dossiers open overdue at T
  (macro `is_open_overdue_at`, the one definition the site's overdue list uses), col 12
  (`trong hạn`) the rest: appointment ≥ T or none, and those whose appointment has passed but
  whose clock is stopped — waiting for the citizen's supplement (status 5), footnoted with
  their count — or withdrawn/stopped after T (status 7/8 today).

Before writing, column 13's total is compared with the open-overdue count of the site's
overdue list (`pipelines.reports.overdue.open_overdue_count`) for the same T and as-of date:
a difference raises `Bieu06Error`, like a failed identity, and nothing is written.

The province (header and the place of signature) is the run's plan's `plan_info.province_name`.
"""

from __future__ import annotations

import math
import re
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from pipelines.contract import LEVELS
from pipelines.reports.overdue import NO_FIELD, open_overdue_by_agency, open_overdue_count
from pipelines.reports.plan import place_name, run_plan
from pipelines.settings import connect

COLS = [f"c{i}" for i in range(3, 14)]
# footnoted counts: withdrawn/stopped in the window (in 7 and 9); past their appointment at T
# but not overdue (in 12): waiting for the citizen's supplement, withdrawn/stopped after T
# received in the window from a file without the channel column (kenh_nop NULL, metrics.md
# "Required columns"): in column 5 with a note, never silently "trực tiếp"
EXTRA = ["rut_dung", "cho_bo_sung", "dung_sau_ky", "kenh_khong_ro"]
# the form's name of each level's group of rows; the three levels of the form are always shown
GROUP_NAME = {
    "tinh": "Sở, ban, ngành",
    "huyen": "Huyện, thị xã, thành phố",
    "xa": "Xã, phường, thị trấn",
    "tw": "Cơ quan Trung ương đóng trên địa bàn",
}
FORM_LEVELS = ("tinh", "huyen", "xa")
LEVEL_GROUPS = [  # (level, Vietnamese group name, always shown), in the levels' order (dim_level)
    *(
        (lv.code, GROUP_NAME.get(lv.code, lv.name_vi), lv.code in FORM_LEVELS)
        for lv in sorted(LEVELS, key=lambda lv: lv.sort_order)
        if lv.is_unit_level
    ),
    (None, "Đơn vị chưa xác định cấp", False),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]

TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
FORM_NO = "Biểu số 06/VPCP/KSTT"
HEADERS_TOP = [
    ("STT", 0, 0),
    ("Lĩnh vực, công việc giải quyết theo cấp", 1, 1),
    ("Số hồ sơ nhận giải quyết", 2, 5),
    ("Số hồ sơ đã giải quyết", 6, 9),
    ("Số hồ sơ đang giải quyết", 10, 12),
]
HEADERS_SUB = [
    "Tổng số",
    "Trong kỳ: Trực tuyến",
    "Trong kỳ: Trực tiếp, dịch vụ bưu chính",
    "Từ kỳ trước",
    "Tổng số",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tổng số",
    "Trong hạn",
    "Quá hạn",
]

IDENTITIES = {
    "3 = 4 + 5 + 6": lambda r: r["c3"] == r["c4"] + r["c5"] + r["c6"],
    "7 = 8 + 9 + 10": lambda r: r["c7"] == r["c8"] + r["c9"] + r["c10"],
    "11 = 12 + 13": lambda r: r["c11"] == r["c12"] + r["c13"],
    "3 = 7 + 11": lambda r: r["c3"] == r["c7"] + r["c11"],
}


class Bieu06Error(AssertionError):
    """An identity of the form does not hold (the file is not written)."""


# Row-level classification; every column is a 0/1 per dossier, so the sums add up by
# construction, and the identities are still checked on the totals.
CLASSIFY_SQL = """
WITH d AS (
    SELECT f.ma_ho_so, f.level, f.ma_don_vi,
           coalesce(a.ten_don_vi, f.ma_don_vi, '') AS ten_don_vi,
           coalesce(nullif(trim(f.ten_linh_vuc), ''), ?) AS linh_vuc,
           f.kenh_nop,
           f.ngay_tiep_nhan_d AS rx,
           CASE WHEN f.is_resolved THEN f.ngay_ket_thuc_d END AS done_d,
           CASE WHEN f.is_resolved THEN f.timeliness END AS timeliness,
           CASE WHEN NOT f.is_resolved THEN f.ngay_rut_dung_d END AS stop_d,
           f.ngay_hen_tra_d AS hen,
           f.trang_thai,
           coalesce(is_open_overdue_at(f, $T), false) AS overdue_at_t  -- no appointment: NULL
    FROM fct_dossier f
    LEFT JOIN dim_agency a ON a.ma_don_vi = f.ma_don_vi
    WHERE f.is_received AND f.ngay_tiep_nhan_d IS NOT NULL AND f.ngay_tiep_nhan_d <= $T
), c AS (
    SELECT *,
           rx >= $F AS in_window,
           rx < $F AND coalesce(done_d >= $F, true) AND coalesce(stop_d >= $F, true) AS from_prev
    FROM d
), m AS (
    SELECT *,
           (in_window OR from_prev) AS c3m,
           (in_window OR from_prev) AND (coalesce(done_d <= $T, false) OR coalesce(stop_d <= $T, false)) AS c7m,
           coalesce(done_d <= $T, false) AS resolved_m
    FROM c
)
SELECT level, linh_vuc, {agency_cols}
       count(*) FILTER (WHERE c3m) AS c3,
       count(*) FILTER (WHERE in_window AND kenh_nop = 2) AS c4,
       count(*) FILTER (WHERE in_window AND coalesce(kenh_nop <> 2, true)) AS c5,
       count(*) FILTER (WHERE from_prev) AS c6,
       count(*) FILTER (WHERE c7m) AS c7,
       count(*) FILTER (WHERE c7m AND resolved_m AND timeliness = 'truoc_han') AS c8,
       count(*) FILTER (WHERE c7m AND (NOT resolved_m OR coalesce(timeliness, 'dung_han') = 'dung_han')) AS c9,
       count(*) FILTER (WHERE c7m AND resolved_m AND timeliness = 'qua_han') AS c10,
       count(*) FILTER (WHERE c3m AND NOT c7m) AS c11,
       count(*) FILTER (WHERE c3m AND NOT c7m AND NOT overdue_at_t) AS c12,
       count(*) FILTER (WHERE c3m AND NOT c7m AND overdue_at_t) AS c13,
       count(*) FILTER (WHERE c7m AND NOT resolved_m) AS rut_dung,
       count(*) FILTER (WHERE in_window AND kenh_nop IS NULL) AS kenh_khong_ro,
       count(*) FILTER (WHERE c3m AND NOT c7m AND NOT overdue_at_t AND hen < $T AND trang_thai = 5) AS cho_bo_sung,
       count(*) FILTER (WHERE c3m AND NOT c7m AND NOT overdue_at_t AND hen < $T
                        AND coalesce(trang_thai <> 5, false)) AS dung_sau_ky
FROM m
WHERE c3m
GROUP BY ALL
ORDER BY level, linh_vuc COLLATE vi {agency_order}
"""


def classify(con, window_from: date, window_to: date, by_agency: bool = False) -> list[dict[str, Any]]:
    """The form's leaf rows: one per (level, field[, agency]) with columns 3–13 and the footnoted
    counts."""
    if window_to < window_from:
        raise ValueError(f"kỳ báo cáo không hợp lệ: {window_from} > {window_to}")
    sql = CLASSIFY_SQL.format(
        agency_cols="ma_don_vi, ten_don_vi," if by_agency else "",
        agency_order=", ten_don_vi COLLATE vi, ma_don_vi" if by_agency else "",
    )
    sql = sql.replace("$F", "CAST($f AS DATE)").replace("$T", "CAST($t AS DATE)").replace("?", "$nf")
    cur = con.execute(sql, {"f": window_from, "t": window_to, "nf": NO_FIELD})
    names = [d[0] for d in cur.description]
    leaves = [dict(zip(names, r)) for r in cur.fetchall()]
    for r in leaves:
        for c in COLS + EXTRA:
            r[c] = int(r[c] or 0)
    return leaves


def assemble(
    leaves: list[dict[str, Any]], window_from: date, window_to: date, by_agency: bool, overdue_list_open: int
) -> dict[str, Any]:
    """Level groups, fields (with their agencies when `by_agency`), the total and the identity
    results of a form made of `leaves`."""

    def total(rows: list[dict[str, Any]]) -> dict[str, int]:
        return {c: sum(r[c] for r in rows) for c in COLS + EXTRA}

    groups = []
    for level, name, always in LEVEL_GROUPS:
        rows = [r for r in leaves if r["level"] == level]
        if not rows and not always:
            continue
        fields: list[dict[str, Any]] = []
        for lv in dict.fromkeys(r["linh_vuc"] for r in rows):
            sub = [r for r in rows if r["linh_vuc"] == lv]
            fields.append({"linh_vuc": lv, **total(sub), "agencies": sub if by_agency else []})
        groups.append({"level": level, "name": name, **total(rows), "fields": fields})
    grand = total(leaves)
    checked = [grand] + groups + [f for g in groups for f in g["fields"]] + leaves
    identities = {k: all(fn(r) for r in checked) for k, fn in IDENTITIES.items()}
    return {
        "window_from": window_from,
        "window_to": window_to,
        "rows": leaves,
        "groups": groups,
        "total": grand,
        "identities": identities,
        "withdrawn_or_stopped": grand["rut_dung"],
        "waiting_for_supplement": grand["cho_bo_sung"],
        "stopped_after_window": grand["dung_sau_ky"],
        "channel_unknown": grand["kenh_khong_ro"],
        # the site's overdue list, open at T (the same macro, the same as-of date)
        "overdue_list_open": overdue_list_open,
    }


def compute_bieu06(con, window_from: date, window_to: date, by_agency: bool = False) -> dict[str, Any]:
    """The form's leaf rows, level subtotals, the total and the identity results."""
    leaves = classify(con, window_from, window_to, by_agency)
    return assemble(leaves, window_from, window_to, by_agency, open_overdue_count(con, window_to))


SUBTREE_SQL = """
WITH RECURSIVE subtree(root, ma_don_vi) AS (
    SELECT unit.ma_don_vi, unit.ma_don_vi FROM dim_agency AS unit WHERE list_contains($units, unit.ma_don_vi)
    UNION
    SELECT subtree.root, child.ma_don_vi
    FROM subtree INNER JOIN dim_agency AS child ON subtree.ma_don_vi = child.ma_don_vi_cha
)
SELECT root, list(DISTINCT ma_don_vi) AS members FROM subtree GROUP BY root
"""


def agency_subtrees(con, units: list[str]) -> dict[str, set[str]]:
    """Each agency of `units` with every agency under it in dim_agency (ma_don_vi_cha): a
    district's UBND, its offices and its communes; a department and its units."""
    rows = con.execute(SUBTREE_SQL, {"units": list(units)}).fetchall()
    return {root: set(members) for root, members in rows}


def compute_bieu06_units(con, window_from: date, window_to: date, units: list[str]) -> dict[str, dict[str, Any]]:
    """One form per agency of `units`, over the dossiers of the agency and the agencies under it
    (agency_subtrees), from one classification of the province's dossiers: the province form's
    leaves by agency, split. Each form lists the agencies under its fields when it covers more
    than one; its column 13 is checked against the overdue list's open dossiers of the same
    agencies (`overdue_list_open`)."""
    leaves = classify(con, window_from, window_to, by_agency=True)
    overdue = open_overdue_by_agency(con, window_to)
    forms = {}
    for unit, members in agency_subtrees(con, units).items():
        mine = [r for r in leaves if r["ma_don_vi"] in members]
        several = len({r["ma_don_vi"] for r in mine}) > 1
        form = assemble(mine, window_from, window_to, several, sum(n for a, n in overdue.items() if a in members))
        form["ma_don_vi"] = unit
        forms[unit] = form
    return forms


def _province_name(con) -> str:
    """plan_info.province_name of the run's plan ('' when no plan is loaded)."""
    return str(run_plan(con).get("province_name") or "")


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def check_form(form: dict[str, Any], who: str = "") -> None:
    """Raise Bieu06Error when an identity fails or column 13 differs from the overdue list's
    open dossiers at T (of the same agencies)."""
    where = f"Biểu 06{' ' + who if who else ''} [{_fmt(form['window_from'])}–{_fmt(form['window_to'])}]"
    failed = [k for k, ok in form["identities"].items() if not ok]
    if failed:
        raise Bieu06Error(f"{where}: đẳng thức không thỏa: {failed}")
    if form["total"]["c13"] != form["overdue_list_open"]:
        raise Bieu06Error(
            f"{where}: cột (13) có {form['total']['c13']} hồ sơ "
            f"đang giải quyết quá hạn, danh sách hồ sơ quá hạn của trang Tiến độ có "
            f"{form['overdue_list_open']} hồ sơ quá hạn đang mở tại {_fmt(form['window_to'])}: hai số phải bằng nhau"
        )


def write_bieu06(
    db_path: str | Path,
    out_path: str | Path,
    window_from: date,
    window_to: date,
    by_agency: bool = False,
    label: str | None = None,
) -> dict[str, Any]:
    """Compute the form from the curated database (read-only), check the identities, write the
    .xlsx. Returns {"path", "rows", "groups", "total", "identities", "withdrawn_or_stopped",
    "waiting_for_supplement", "stopped_after_window", "overdue_list_open"}. Raises Bieu06Error
    (nothing written) when an identity fails or column 13 differs from the overdue list."""
    con = connect(db_path, read_only=True)
    try:
        form = compute_bieu06(con, window_from, window_to, by_agency)
        province = _province_name(con)
    finally:
        con.close()
    check_form(form)
    write_xlsx(form, Path(out_path), province, label)
    form["path"] = str(out_path)
    return form


def unit_form_name(ma_don_vi: str, window_slug: str) -> str:
    """The file name of an agency's form: `bieu06_<ma_don_vi>_<window>.xlsx`, the code with
    anything but letters, digits and dots made `_` (`000.05.00.H27` stays as it is)."""
    return f"bieu06_{re.sub(r'[^A-Za-z0-9.]+', '_', ma_don_vi).strip('_')}_{window_slug}.xlsx"


def write_bieu06_units(
    db_path: str | Path,
    out_dir: str | Path,
    window_from: date,
    window_to: date,
    units: list[dict[str, Any]],
    window_slug: str,
    label: str | None = None,
) -> list[dict[str, Any]]:
    """One form per agency of `units` (dicts with ma_don_vi, ten_don_vi) in `out_dir`, named by
    unit_form_name; each over the agency and the agencies under it (compute_bieu06_units), its
    identities and column 13 checked like the province's (check_form). A form that fails its
    checks is not written; the others are. Returns one dict per unit: ma_don_vi, ten_don_vi,
    path (None when not written), identities, error."""
    con = connect(db_path, read_only=True)
    try:
        forms = compute_bieu06_units(con, window_from, window_to, [u["ma_don_vi"] for u in units])
        province = _province_name(con)
    finally:
        con.close()
    out = []
    for u in units:
        code, name = u["ma_don_vi"], u.get("ten_don_vi") or u["ma_don_vi"]
        res: dict[str, Any] = {"ma_don_vi": code, "ten_don_vi": name, "path": None, "identities": {}, "error": None}
        form = forms.get(code)
        try:
            if form is None:
                raise Bieu06Error(f"Biểu 06 {name}: đơn vị {code} không có trong danh mục đơn vị")
            res["identities"] = form["identities"]
            check_form(form, name)
            path = Path(out_dir) / unit_form_name(code, window_slug)
            write_xlsx(form, path, province, label, agency=name)
            res["path"] = str(path)
        except Bieu06Error as exc:
            res["error"] = str(exc)
        out.append(res)
    return out


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def footnotes(form: dict[str, Any], t_text: str) -> list[str]:
    """The form's notes, in Vietnamese: what columns 7/9 and 12 include beyond the form's words."""
    notes = [
        f"Ghi chú: cột (7) và cột (9) bao gồm {_n(form['withdrawn_or_stopped'])} hồ sơ công dân rút "
        "(trạng thái 7) hoặc dừng xử lý (trạng thái 8) trong kỳ, được tính là giải quyết đúng hạn.",
        f"Cột (12) bao gồm {_n(form['waiting_for_supplement'])} hồ sơ đã qua ngày hẹn trả nhưng đang chờ "
        f"công dân bổ sung giấy tờ (trạng thái 5) tại ngày {t_text}: thời gian chờ bổ sung không tính vào "
        "thời hạn giải quyết, nên các hồ sơ này không quá hạn.",
        f"Cột (13): hồ sơ quá hạn đang mở tại ngày {t_text} (chưa giải quyết, ngày hẹn trả trước ngày cuối "
        "kỳ, không chờ bổ sung, không rút, không dừng xử lý), đúng bằng số hồ sơ đang quá hạn trong danh "
        "sách hồ sơ quá hạn của trang Tiến độ giải quyết. Hồ sơ không có ngày hẹn trả tính là trong hạn.",
        "Cột (6): hồ sơ tiếp nhận trước kỳ, chưa giải quyết, chưa rút, chưa dừng xử lý trước ngày đầu kỳ. "
        "Hồ sơ không được tiếp nhận (trạng thái 3) không được tính.",
    ]
    if form.get("stopped_after_window"):
        notes.append(
            f"Cột (12) còn gồm {_n(form['stopped_after_window'])} hồ sơ đã qua ngày hẹn trả tại ngày "
            f"{t_text} và đã được rút hoặc dừng xử lý sau ngày cuối kỳ (không tính quá hạn)."
        )
    if form.get("channel_unknown"):
        notes.append(
            f"Cột (5) gồm {_n(form['channel_unknown'])} hồ sơ không rõ kênh nộp (tệp dữ liệu không có "
            "cột Kênh thực hiện): không xác định được là trực tuyến, nên không tính vào cột (4)."
        )
    if any(g["level"] in ("tw", None) for g in form["groups"]):
        notes.append(
            "Các nhóm ngoài ba cấp của biểu (cơ quan Trung ương đóng trên địa bàn, đơn vị chưa "
            "xác định cấp) được liệt kê riêng để tổng số khớp với dữ liệu."
        )
    return notes


# column widths (Excel's unit: about one digit of the default font); the form is printed on A4
# landscape, fitted to the page's width, its header rows repeated on every page
WIDTHS = [6, 46] + [11] * 11
LINE_PT = 1.32  # a wrapped line's height, as a multiple of the font size (Times New Roman, marks)
# a column `w` units wide is 7·w + 5 pixels (units of the default font's digit, plus padding);
# Times New Roman averages 0.45 em a character (Vietnamese marks sit above or below, no wider)
PX_PER_UNIT, PX_PAD, PX_MARGIN, PX_INDENT = 7, 5, 6, 9
EM_PER_CHAR = 0.45


def fit_lines(text: str, width: float, size: float = 12, indent: int = 0) -> int:
    """How many lines `text` wraps to in a cell `width` units wide at `size` points: the
    characters a line holds = (the cell's pixels − margins − indent) / (0,45 em at `size`)."""
    px = width * PX_PER_UNIT + PX_PAD - PX_MARGIN - PX_INDENT * indent
    chars = max(1, int(px / (size * 4 / 3 * EM_PER_CHAR)))
    return sum(max(1, len(textwrap.wrap(part, chars, break_long_words=True))) for part in str(text).split("\n"))


def fit_height(text: str, width: float, size: float = 12, indent: int = 0, min_lines: int = 1) -> float:
    """The row height (points) that shows `text` whole in a wrapped cell `width` units wide:
    Excel and LibreOffice never grow a row for a merged cell, and a fixed height too small
    lets the text run over the next row."""
    lines = max(min_lines, fit_lines(text, width, size, indent))
    return math.ceil(lines * size * LINE_PT + 3)


def write_xlsx(
    form: dict[str, Any], out_path: Path, province: str = "", label: str | None = None, agency: str | None = None
) -> Path:
    """The workbook; `province` is plan_info.province_name ('Tỉnh …'), `agency` the agency whose
    form it is (None: the province's)."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(out_path.suffix + ".part")
    # in memory: no temporary file per sheet part (a site writes one form per unit and window)
    wb = xlsxwriter.Workbook(
        str(tmp),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True},
    )
    ws = wb.add_worksheet("Biểu 06")
    font = {"font_name": "Times New Roman", "font_size": 12}
    f_bold_c = wb.add_format({**font, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    f_it_c = wb.add_format({**font, "italic": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    f_it_r = wb.add_format({**font, "italic": True, "align": "right"})
    f_title = wb.add_format(
        {**font, "bold": True, "font_size": 14, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    b = {"border": 1, "valign": "vcenter"}
    f_head = wb.add_format({**font, **b, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"})
    f_num_head = wb.add_format({**font, **b, "italic": True, "align": "center", "font_size": 10})
    f_txt = wb.add_format({**font, **b, "text_wrap": True})
    f_txt_b = wb.add_format({**font, **b, "bold": True, "text_wrap": True})
    f_txt_i = wb.add_format({**font, **b, "italic": True, "text_wrap": True, "indent": 1})
    f_stt = wb.add_format({**font, **b, "align": "center"})
    f_stt_b = wb.add_format({**font, **b, "align": "center", "bold": True})
    f_n = wb.add_format({**font, **b, "num_format": "#,##0"})
    f_n_b = wb.add_format({**font, **b, "num_format": "#,##0", "bold": True})
    f_note = wb.add_format({**font, "italic": True, "font_size": 11, "text_wrap": True, "valign": "top"})

    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    full = sum(WIDTHS)
    left, right = sum(WIDTHS[0:5]), sum(WIDTHS[9:13])  # the merged blocks of the title and signatures

    def text_row(r: int, c0: int, c1: int, text: str, fmt, width: float, size: float = 12) -> None:
        ws.set_row(r, fit_height(text, width, size))
        ws.merge_range(r, c0, r, c1, text, fmt)

    top = f"ỦY BAN NHÂN DÂN {province.upper()}".strip()
    ws.set_row(0, max(fit_height(top, left), fit_height(FORM_NO, right)))
    ws.merge_range(0, 0, 0, 4, top, f_bold_c)
    ws.merge_range(0, 9, 0, 12, FORM_NO, f_bold_c)
    ws.set_row(
        1, max(fit_height(agency or "", left), fit_height("Ban hành kèm theo Thông tư số 01/2020/TT-VPCP", right))
    )
    if agency:  # the agency whose form it is, under the province
        ws.merge_range(1, 0, 1, 4, agency.upper(), f_bold_c)
    ws.merge_range(1, 9, 1, 12, "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP", f_it_c)
    text_row(3, 0, 12, TITLE, f_title, full, 14)
    period = f"Kỳ báo cáo: từ {_fmt(form['window_from'])} đến {_fmt(form['window_to'])}"
    if label:
        period += f" ({label})"
    text_row(4, 0, 12, period, f_it_c, full)
    ws.merge_range(5, 0, 5, 12, "Đơn vị tính: Số hồ sơ TTHC", f_it_r)

    h0, h1, hn = 7, 8, 9
    ws.set_row(h0, max(fit_height(t, sum(WIDTHS[c0 : c1 + 1])) for t, c0, c1 in HEADERS_TOP if c0 != c1))
    # the two-row cells (STT, field) span h0 and h1; the sub-headers need the most lines
    ws.set_row(h1, max(fit_height(t, WIDTHS[2 + i]) for i, t in enumerate(HEADERS_SUB)))
    for text, c0, c1 in HEADERS_TOP:
        if c0 == c1:
            ws.merge_range(h0, c0, h1, c1, text, f_head)
        else:
            ws.merge_range(h0, c0, h0, c1, text, f_head)
    for i, text in enumerate(HEADERS_SUB):
        ws.write_string(h1, 2 + i, text, f_head)
    for i in range(13):
        ws.write_string(hn, i, f"({i + 1})", f_num_head)

    row = hn + 1

    def line(r: int, stt: str, text: str, rec: dict[str, Any], f_s, f_t, f_num, indent: int = 0) -> None:
        ws.set_row(r, fit_height(text, WIDTHS[1], indent=indent))
        ws.write_string(r, 0, stt, f_s)
        ws.write_string(r, 1, text, f_t)
        for j, c in enumerate(COLS):
            ws.write_number(r, 2 + j, rec[c], f_num)

    line(row, "", "TỔNG SỐ", form["total"], f_stt_b, f_txt_b, f_n_b)
    row += 1
    for gi, g in enumerate(form["groups"]):
        line(row, ROMAN[gi], g["name"], g, f_stt_b, f_txt_b, f_n_b)
        row += 1
        for fi, fld in enumerate(g["fields"], start=1):
            line(row, str(fi), str(fld["linh_vuc"]), fld, f_stt, f_txt, f_n)
            row += 1
            for ag in fld.get("agencies") or []:
                name = f"- {ag.get('ten_don_vi') or ag.get('ma_don_vi') or ''}"
                line(row, "", name, ag, f_stt, f_txt_i, f_n, indent=1)
                row += 1

    row += 1
    for n in footnotes(form, _fmt(form["window_to"])):
        text_row(row, 0, 12, n, f_note, full, 11)
        row += 1

    row += 1
    place = place_name(province)
    ws.merge_range(row, 8, row, 12, f"{place + ', ' if place else ''}ngày ..... tháng ..... năm .....", f_it_c)
    row += 1
    ws.merge_range(row, 0, row, 4, "NGƯỜI LẬP BIỂU", f_bold_c)
    ws.merge_range(row, 8, row, 12, "THỦ TRƯỞNG ĐƠN VỊ", f_bold_c)
    row += 1
    ws.merge_range(row, 0, row, 4, "(Ký, ghi rõ họ tên)", f_it_c)
    ws.merge_range(row, 8, row, 12, "(Ký tên, đóng dấu)", f_it_c)
    ws.freeze_panes(hn + 1, 2)

    # printing: A4 landscape, the width of one page, the header rows (7–9) on every page, the
    # form, its agency and window in the page header, page numbers in the footer
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    ws.repeat_rows(h0, hn)
    whose = (agency or province or "").replace("&", "&&")
    window = f"{_fmt(form['window_from'])}–{_fmt(form['window_to'])}"
    ws.set_header(f'&L&"Times New Roman,Italic"&9{FORM_NO} — {whose}&R&"Times New Roman,Italic"&9Kỳ báo cáo {window}')
    ws.set_footer('&R&"Times New Roman,Italic"&9Trang &P/&N')
    wb.set_properties({"title": TITLE, "subject": FORM_NO, "author": "motcua", "created": datetime.now()})
    wb.close()
    tmp.replace(out_path)
    return out_path
