"""The index page (every report, the run date and the as-of date) and the data dictionary page
(tables, views and columns of the curated database with their Vietnamese comments)."""

from __future__ import annotations

import html
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipelines.contract import LEVEL_VI
from pipelines.inspect.schema import SENSITIVITY_VI, sensitivity_map
from pipelines.reports.bieu06 import GROUP_NAME
from pipelines.reports.charts import fmt_date, fmt_int
from pipelines.reports.plan import run_plan
from pipelines.reports.style import CSS, print_css, print_heading
from pipelines.reports.words import Words
from pipelines.settings import connect

# the levels that get a page per agency, in the index's order; their lists are headed with the
# name of their group in Biểu 06, other levels with their name
UNIT_PAGE_LEVELS = ("huyen", "tinh")
UNIT_PAGE_GROUPS = {lv: GROUP_NAME[lv] for lv in UNIT_PAGE_LEVELS}


def _page(title: str, body: str, meta: str = "", heading: str = "") -> str:
    """A page of the site; `heading` is printed at the top of every A4 page (style.print_heading)."""
    return (
        f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8" />\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f'<title>{html.escape(title)}</title>\n<style type="text/css">{CSS}{print_css(heading)}</style>\n</head>\n'
        f'<body>\n<nav class="top"><a href="index.html">Danh mục báo cáo</a>'
        f'<a href="tu_dien_du_lieu.html">Từ điển dữ liệu</a><span class="meta">{html.escape(meta)}</span></nav>\n'
        f"<main>\n{body}\n</main>\n<footer>motcua · trang tĩnh, không tải gì từ Internet.</footer>\n</body>\n</html>\n"
    )


def _meta(as_of: date, run_date: datetime, run_id: str) -> str:
    return f"Số liệu đến ngày {fmt_date(as_of)} · chạy lúc {run_date:%H:%M} {fmt_date(run_date)}" + (
        f" · lần chạy {run_id}" if run_id else ""
    )


def _ok(flag: bool) -> str:
    return "" if flag else ' <span class="status-chua_dat">(có lỗi khi tạo trang)</span>'


def write_index(
    path: Path,
    reports,
    pages: dict[str, dict[str, Any]],
    units: list[dict[str, Any]],
    forms: list[dict[str, Any]],
    as_of: date,
    run_date: datetime,
    run_id: str = "",
    dictionary: Path | None = None,
    plan: dict[str, Any] | None = None,
    unit_forms: list[dict[str, Any]] | None = None,
    first_screen: str = "",
    definitions: Path | None = None,
) -> Path:
    """The index page; `plan` is the run's plan_info row (pipelines.reports.plan.run_plan);
    `unit_forms` the districts' and departments' own Biểu 06 (render.render_reports);
    `first_screen` the "where are we" block (nb.first_screen_html) shown first."""
    items = []
    for rep in reports:
        if rep.per_unit:
            continue
        p = pages.get(rep.slug)
        if not p:
            continue
        items.append(
            f'<li><a href="{html.escape(Path(p["html"]).name)}"><b>{html.escape(rep.title)}</b></a>'
            f'{_ok(p.get("ok", True))}<br><span class="note">{html.escape(rep.description)}</span></li>'
        )
    unit_html = ""
    if units:
        groups: dict[str, list[str]] = {}
        for u in units:
            groups.setdefault(u["level"], []).append(
                f'<li><a href="{html.escape(Path(u["html"]).name)}">{html.escape(u["ten_don_vi"] or u["ma_don_vi"])}</a>'
                f' <span class="note">{html.escape(u["ma_don_vi"])}</span>{_ok(u.get("ok", True))}</li>'
            )
        for lv, title in UNIT_PAGE_GROUPS.items():
            if lv in groups:
                unit_html += f'<h3>{title}</h3><ul class="reports">{"".join(groups[lv])}</ul>'
        for lv, lis in groups.items():
            if lv not in UNIT_PAGE_GROUPS:
                unit_html += f'<h3>{html.escape(LEVEL_VI.get(lv, lv))}</h3><ul class="reports">{"".join(lis)}</ul>'
    form_items = []
    for f in forms:
        if f.get("xlsx"):
            form_items.append(
                f'<li><a href="{html.escape(Path(f["xlsx"]).name)}">Biểu số 06/VPCP/KSTT — {html.escape(f["label"])}</a> '
                f'<span class="note">kỳ báo cáo từ {fmt_date(f["from"])} đến {fmt_date(f["to"])}'
                f"{'' if f.get('identities_ok', True) else ' — đẳng thức không thỏa'}</span></li>"
            )
        else:
            form_items.append(
                f"<li>Biểu số 06/VPCP/KSTT — {html.escape(f['label'])}: "
                f'<span class="status-chua_dat">không tạo được ({html.escape(str(f.get("error", "")))})</span></li>'
            )
    if not form_items:
        form_items.append('<li class="note">Chưa có kỳ báo cáo nào của năm kết thúc trước ngày chốt số liệu.</li>')
    by_window: dict[str, list[str]] = {}
    for f in unit_forms or []:
        name = html.escape(f.get("ten_don_vi") or f.get("ma_don_vi") or "")
        by_window.setdefault(f["label"], []).append(
            f'<a href="{html.escape(Path(f["xlsx"]).name)}">{name}</a>'
            + ("" if f.get("identities_ok", True) else " (đẳng thức không thỏa)")
            if f.get("xlsx")
            else f'{name} <span class="status-chua_dat">(không tạo được: {html.escape(str(f.get("error", "")))})</span>'
        )
    for label, links in by_window.items():
        form_items.append(
            f"<li>Biểu số 06/VPCP/KSTT của từng sở, ngành và huyện — {html.escape(label)}: "
            f'<span class="note">{" · ".join(links)}</span></li>'
        )
    plan = plan or {}
    plan_name = "Kế hoạch " + html.escape(str(plan.get("decision") or plan.get("plan_id") or "")).strip()
    body = (
        f"<h1>Báo cáo kiểm soát TTHC và cơ chế một cửa</h1>"
        f'<p class="summary">Số liệu đến ngày <b>{fmt_date(as_of)}</b>; các trang được tạo lúc '
        f"{run_date:%H:%M} ngày {fmt_date(run_date)}{' (lần chạy ' + html.escape(run_id) + ')' if run_id else ''}. "
        f"Mỗi trang so sánh số liệu từ phần mềm một cửa với chỉ tiêu của {plan_name} năm {as_of.year} "
        "và cho biết đơn vị nào đang chưa đạt chỉ tiêu nào, vì sao.</p>"
        f"{first_screen}"
        f'<h2>Báo cáo chung</h2><ul class="reports">{"".join(items)}</ul>'
        f"<h2>Báo cáo theo đơn vị</h2>{unit_html or '<p class=note>Không có đơn vị.</p>'}"
        f'<h2>Biểu mẫu báo cáo (Excel)</h2><ul class="reports">{"".join(form_items)}</ul>'
        + (
            f'<h2>Từ điển dữ liệu</h2><p><a href="{html.escape(dictionary.name)}">Các bảng, cột và ý nghĩa</a> '
            "của cơ sở dữ liệu đã chuẩn hóa.</p>"
            if dictionary
            else ""
        )
        + (
            f'<h2>Định nghĩa chỉ số</h2><p><a href="{html.escape(definitions.name)}">Mỗi chỉ số: tử số, mẫu số, '
            "cách tính</a> và các chỉ tiêu của kế hoạch đo bằng chỉ số đó.</p>"
            if definitions
            else ""
        )
    )
    heading = print_heading(str(plan.get("province_name") or ""), "Danh mục báo cáo", "", fmt_date(as_of))
    path.write_text(_page("Danh mục báo cáo", body, _meta(as_of, run_date, run_id), heading), encoding="utf-8")
    return path


def write_definitions(db_path: Path, path: Path, as_of: date, run_date: datetime, run_id: str = "") -> Path:
    """The site's definitions page: every metric of dim_metric (its Vietnamese name, summary,
    numerator and denominator, the metric metadata the warehouse is built from) with the plan's
    targets it measures, each at an anchor `#<metric_id>` the pages' README blocks link to."""
    con = connect(db_path, read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        metrics = (
            con.execute(
                "SELECT metric_id, ten_chi_so, mo_ta, tu_so, mau_so FROM dim_metric ORDER BY report_section, report_order, metric_id"
            ).fetchall()
            if "dim_metric" in tables
            else []
        )
        words = Words(con, run_plan(con).get("plan_id"))
        targets: dict[str, list[str]] = {}
        if "plan_targets" in tables:
            for mid, tid, text in con.execute(
                "SELECT metric_id, target_id, text FROM plan_targets ORDER BY sort_order"
            ).fetchall():
                label = words.target(tid) + (f": {text}" if text else "")
                targets.setdefault(mid, []).append(label)
    finally:
        con.close()
    parts = []
    for mid, name, summary, num, den in metrics:
        tlist = "".join(f"<li>{html.escape(t)}</li>" for t in dict.fromkeys(targets.get(mid, [])))
        parts.append(
            f'<h2 id="{html.escape(mid)}">{html.escape(name or mid)}</h2>'
            f"<p>{html.escape(summary or '')}</p>"
            f"<ul><li><b>Tử số:</b> {html.escape(num or '–')}</li><li><b>Mẫu số:</b> {html.escape(den or '–')}</li></ul>"
            + (f"<p>Chỉ tiêu của kế hoạch đo bằng chỉ số này:</p><ul>{tlist}</ul>" if tlist else "")
        )
    body = (
        '<h1>Định nghĩa chỉ số</h1><p class="summary">Mỗi chỉ số được tính bằng tử số / mẫu số như dưới đây, '
        "trên dữ liệu xuất của phần mềm một cửa (phiên bản mới nhất đã biết tại ngày chốt số liệu). Một kỳ không có "
        "mẫu số là “không có dữ liệu”, không bao giờ là 0% hay đạt.</p>" + ("".join(parts) or "<p>Chưa có chỉ số.</p>")
    )
    path.write_text(_page("Định nghĩa chỉ số", body, _meta(as_of, run_date, run_id)), encoding="utf-8")
    return path


def data_dictionary(con) -> list[dict[str, Any]]:
    """Tables and views (not raw_/staging internals of other schemas) with their comments and columns."""
    objs = con.execute("""
        SELECT table_name, 'Bảng' AS kind, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
        UNION ALL
        SELECT view_name, 'View', comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary
        ORDER BY 1""").fetchall()
    cols = con.execute("""
        SELECT table_name, column_name, data_type, comment, column_index
        FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY table_name, column_index""").fetchall()
    by_table: dict[str, list[tuple]] = {}
    for t, c, ty, cm, _ in cols:
        by_table.setdefault(t, []).append((c, ty, cm))
    return [{"name": n, "kind": k, "comment": cm, "columns": by_table.get(n, [])} for n, k, cm in objs]


def write_data_dictionary(db_path: Path, path: Path, as_of: date, run_date: datetime, run_id: str = "") -> Path:
    con = connect(db_path, read_only=True)
    try:
        objs = data_dictionary(con)
    finally:
        con.close()
    # the output views first, then the rest alphabetically
    first = [
        "metric_values",
        "plan_scorecard",
        "load_summary",
        "dim_metric",
        "dim_agency",
        "dim_period",
        "plan_targets",
        "fct_dossier",
    ]
    objs.sort(key=lambda o: (first.index(o["name"]) if o["name"] in first else len(first), o["name"]))
    try:  # the sensitivity class of each object (another module; optional)
        sens = {k: SENSITIVITY_VI.get(v, v) for k, v in sensitivity_map().items()}
    except Exception:
        sens = {}
    toc = "".join(f'<li><a href="#{html.escape(o["name"])}">{html.escape(o["name"])}</a></li>' for o in objs)
    parts = []
    for o in objs:
        rows = "".join(
            f"<tr><td><code>{html.escape(c)}</code></td><td>{html.escape(str(ty))}</td>"
            f"<td>{html.escape(cm or '')}</td></tr>"
            for c, ty, cm in o["columns"]
        )
        parts.append(
            f'<h2 id="{html.escape(o["name"])}">{html.escape(o["name"])} '
            f'<span class="note">({o["kind"]}, {fmt_int(len(o["columns"]))} cột'
            f"{', ' + sens[o['name']] if o['name'] in sens else ''})</span></h2>"
            f"<p>{html.escape(o['comment'] or 'Chưa có mô tả.')}</p>"
            f'<div class="bang-cuon"><table class="data"><thead><tr><th>Cột</th><th>Kiểu</th><th>Ý nghĩa</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    body = (
        f'<h1>Từ điển dữ liệu</h1><p class="summary">Các bảng và view của cơ sở dữ liệu đã chuẩn hóa '
        f"({html.escape(Path(db_path).name)}), với mô tả tiếng Việt lấy từ chú thích (COMMENT) của cơ sở dữ liệu. "
        "Ba view đầu ra metric_values, plan_scorecard, load_summary là hợp đồng với người dùng và tổ kiểm tra.</p>"
        f'<ul class="reports" style="columns:3">{toc}</ul>{"".join(parts)}'
    )
    heading = print_heading("", "Từ điển dữ liệu", "", fmt_date(as_of))
    path.write_text(_page("Từ điển dữ liệu", body, _meta(as_of, run_date, run_id), heading), encoding="utf-8")
    return path
