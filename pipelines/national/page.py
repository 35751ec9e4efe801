"""The national page: `national/index.html`, written by every roll-up (docs/national.md, "The
national page").

One offline page (the report site's style sheet inlined, charts as inline SVG, no script, no
CDN): the provinces with their status, as-of date, freshness and plan targets met, the
provinces missing and why, the common metrics ranked with their numerators and denominators
and the country's row, small multiples of the ratios, and each province's link to its own site
(`MOTCUA_NATIONAL_SITE_URL_TEMPLATE`). Everything is read from `national.duckdb`.
"""

from __future__ import annotations

import html
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import yaml

from pipelines.numbers import fmt_int, fmt_num, fmt_pct, is_missing
from pipelines.reports.style import CSS
from pipelines.settings import SQL_DIR, TIME_ZONE, connect

SITE_URL_SETTING = "MOTCUA_NATIONAL_SITE_URL_TEMPLATE"
PAGE = "index.html"

# a province's targets: its plan_scorecard rows province-wide (one per target: no group, no
# agency) of the year of its as-of date, as its own Tổng quan page reads them
PROVINCES_SQL = """
WITH judged AS (
    SELECT
        s.province,
        count(*) FILTER (WHERE s.status = 'dat') AS met,
        count(*) FILTER (WHERE s.status = 'chua_dat') AS unmet
    FROM national_scorecard AS s
    INNER JOIN national_provinces AS p ON s.province = p.province
    WHERE s.period = CAST(year(p.as_of) AS VARCHAR)
      AND s.level = 'toan_tinh' AND s.ma_don_vi IS NULL AND s.group_key IS NULL
    GROUP BY s.province
)
SELECT
    p.province, p.name, p.status, p.status_vi, p.reason, p.as_of, p.days_behind, p.run_state,
    j.met, j.unmet,
    CASE WHEN j.met + j.unmet > 0 THEN j.met / (j.met + j.unmet) END AS score
FROM national_provinces AS p
LEFT JOIN judged AS j ON p.province = j.province
ORDER BY p.province
"""
RANKING_SQL = """
SELECT r.metric_id, m.unit, r.province, r.name, r.numerator, r.denominator, r.value, r.rank
FROM national_metric_ranking AS r
INNER JOIN national_metric AS m ON r.metric_id = m.metric_id
WHERE r.period = ? AND r.level = 'toan_tinh' AND r.group_key IS NULL
ORDER BY r.metric_id, r.rank NULLS LAST, r.province
"""
COUNTRY_SQL = """
SELECT metric_id, numerator, denominator, value
FROM national_metric_values
WHERE province IS NULL AND period = ? AND level = 'toan_tinh' AND group_key IS NULL
"""


def site_url(code: str, template: str | None) -> str | None:
    """Province `code`'s own site: the template with `{code}` replaced (None: no template)."""
    return template.replace("{code}", code) if template else None


def metric_names(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    """metric_id → its Vietnamese name (`friendly_name_vi` of sql/metrics/<id>/metadata.yaml)."""
    names = {}
    for path in sorted((Path(sql_dir) / "metrics").glob("*/metadata.yaml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if meta.get("kind") == "metric":
            names[str(meta.get("metric_id") or path.parent.name)] = str(
                meta.get("friendly_name_vi") or path.parent.name
            )
    return names


def write_page(db_path: Path, out_dir: Path, template: str | None = None) -> Path:
    """Write `out_dir/index.html` from the national database at `db_path` (aside, then renamed:
    a reader never sees half a page). `template`: the provinces' site URL, else the setting."""
    template = template if template is not None else os.environ.get(SITE_URL_SETTING) or None
    con = connect(db_path, read_only=True)
    try:
        provinces = con.execute(PROVINCES_SQL).df()
        period = _period(provinces)
        ranking = con.execute(RANKING_SQL, [period]).df() if period else pd.DataFrame()
        country = con.execute(COUNTRY_SQL, [period]).df() if period else pd.DataFrame()
    finally:
        con.close()
    body = "".join(
        [
            _provinces_section(provinces, template),
            _missing_section(provinces),
            _ranking_section(ranking, country, period, metric_names()),
            _multiples_section(ranking, period, metric_names()),
        ]
    )
    path = Path(out_dir) / PAGE
    aside = path.with_name(PAGE + ".building")
    aside.write_text(_document(body), encoding="utf-8")
    os.replace(aside, path)
    return path


def _period(provinces: pd.DataFrame) -> str | None:
    """The year of the newest as-of date among the provinces that published (the ranking's
    period): '2022'; None when none did."""
    dates = provinces.loc[provinces["status"] == "da_cong_bo", "as_of"].dropna()
    return str(pd.Timestamp(dates.max()).year) if len(dates) else None


def _text(x, empty: str = "") -> str:
    """A text cell's content, escaped; `empty` for a missing value (NULL reads NaN in pandas)."""
    return empty if is_missing(x) or x == "" else html.escape(str(x))


def _date(d) -> str:
    return "–" if is_missing(d) else pd.Timestamp(d).strftime("%d/%m/%Y")


def _cell(text: str, num: bool = False) -> str:
    return f'<td class="num">{text}</td>' if num else f"<td>{text}</td>"


def _table(headers: list[str], rows: list[str], caption: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return (
        f'<table class="data"><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _province_row(p, template: str | None) -> str:
    url = site_url(p.province, template)
    name = _text(p.name, p.province)
    link = f'<a href="{html.escape(url, quote=True)}">{name}</a>' if url else name
    judged = not is_missing(p.met)
    return (
        "<tr>"
        + "".join(
            [
                _cell(html.escape(p.province)),
                _cell(link),
                _cell(_text(p.status_vi)),
                _cell(_date(p.as_of)),
                _cell(fmt_int(p.days_behind), num=True),
                _cell(fmt_int(p.met) if judged else "–", num=True),
                _cell(fmt_int(p.unmet) if judged else "–", num=True),
                _cell(fmt_pct(p.score), num=True),
                _cell(_text(p.reason)),
            ]
        )
        + "</tr>"
    )


def _provinces_section(provinces: pd.DataFrame, template: str | None) -> str:
    published = int((provinces["status"] == "da_cong_bo").sum())
    note = (
        "Tên tỉnh dẫn tới trang báo cáo của tỉnh đó."
        if template
        else f"Chưa đặt {SITE_URL_SETTING}: không có liên kết tới trang báo cáo của từng tỉnh."
    )
    rows = [_province_row(p, template) for p in provinces.itertuples(index=False)]
    headers = ["Mã", "Tỉnh", "Trạng thái", "Số liệu đến", "Chậm (ngày)", "Chỉ tiêu đạt", "Chưa đạt", "Điểm", "Ghi chú"]
    return (
        "<h1>Tổng hợp toàn quốc</h1>"
        f'<p class="summary">{fmt_int(published)} trên {fmt_int(len(provinces))} tỉnh đã công bố số liệu. '
        "Mỗi tỉnh được đánh giá theo kế hoạch của chính tỉnh đó; chỉ tiêu đạt và chưa đạt là các dòng toàn tỉnh "
        "của năm có ngày số liệu; điểm = chỉ tiêu đạt / (đạt + chưa đạt). Chậm: số ngày số liệu của tỉnh sau "
        f'ngày số liệu mới nhất.</p><p class="note">{html.escape(note)}</p>' + _table(headers, rows, "Các tỉnh")
    )


def _missing_section(provinces: pd.DataFrame) -> str:
    missing = provinces[provinces["status"] != "da_cong_bo"]
    if missing.empty:
        return "<h2>Tỉnh thiếu</h2><p>Không thiếu tỉnh nào.</p>"
    items = "".join(
        f"<li><b>{_text(p.name, p.province)}</b> ({_text(p.status_vi)}): {_text(p.reason, 'không rõ lý do')}</li>"
        for p in missing.itertuples(index=False)
    )
    return f"<h2>Tỉnh thiếu</h2><p>Các tỉnh này không có trong số liệu chung dưới đây:</p><ul>{items}</ul>"


def _value(unit: str, value) -> str:
    return fmt_num(value) if unit == "count" else fmt_pct(value)


def _metric_table(metric_id: str, rows: pd.DataFrame, country: pd.DataFrame, name: str) -> str:
    unit = rows["unit"].iloc[0]
    out = []
    for c in country[country["metric_id"] == metric_id].itertuples(index=False):
        cells = ["", "<b>Cả nước</b>", fmt_num(c.numerator), fmt_num(c.denominator), _value(unit, c.value)]
        out.append("<tr>" + "".join(_cell(x, num=i != 1) for i, x in enumerate(cells)) + "</tr>")
    for r in rows.itertuples(index=False):
        cells = [fmt_int(r.rank), _text(r.name, r.province)]
        cells += [fmt_num(r.numerator), fmt_num(r.denominator), _value(unit, r.value)]
        out.append("<tr>" + "".join(_cell(x, num=i != 1) for i, x in enumerate(cells)) + "</tr>")
    headers = ["Hạng", "Tỉnh", "Tử số", "Mẫu số", "Số lượng" if unit == "count" else "Tỷ lệ"]
    return f"<h3>{html.escape(name)}</h3>" + _table(headers, out, f"Mã chỉ số: {metric_id}")


def _ranking_section(ranking: pd.DataFrame, country: pd.DataFrame, period: str | None, names: dict) -> str:
    head = "<h2>Chỉ số chung, xếp hạng</h2>"
    if ranking.empty:
        return head + "<p>Chưa có chỉ số chung nào của tỉnh đã công bố.</p>"
    intro = (
        f"<p>Năm {html.escape(period or '')}, toàn tỉnh. Dòng cả nước cộng tử số và mẫu số của các tỉnh rồi mới "
        "chia (không lấy trung bình các tỷ lệ). Hạng 1 là giá trị cao nhất; tỉnh có mẫu số 0 không được xếp hạng "
        "(–).</p>"
    )
    tables = [_metric_table(m, rows, country, names.get(m, m)) for m, rows in ranking.groupby("metric_id", sort=True)]
    return head + intro + "".join(tables)


def _multiples_section(ranking: pd.DataFrame, period: str | None, names: dict) -> str:
    ratios = ranking[(ranking["unit"] != "count") & ranking["value"].notna()] if len(ranking) else ranking
    if ratios.empty:
        return ""
    from pipelines.reports.charts import figure_html  # noqa: PLC0415 — local: Altair and vl-convert only when there is a chart

    caption = (
        f"Mỗi ô là một chỉ số tỷ lệ chung, năm {period}, toàn tỉnh: một thanh cho mỗi tỉnh (giá trị ghi ở cuối "
        "thanh); tỉnh có mẫu số 0 không có thanh."
    )
    return "<h2>So sánh các tỉnh</h2>" + figure_html(_multiples_chart(ratios, names), caption)


def _multiples_chart(ratios: pd.DataFrame, names: dict):
    import altair as alt  # noqa: PLC0415 — local, as above

    data = ratios.assign(
        chi_so=[names.get(m, m) for m in ratios["metric_id"]],
        tinh=[p if is_missing(n) else n for n, p in zip(ratios["name"], ratios["province"])],
        nhan=[fmt_pct(v) for v in ratios["value"]],
    )[["chi_so", "tinh", "value", "nhan"]]
    base = alt.Chart().encode(
        y=alt.Y("tinh:N", title=None, sort=None),
        x=alt.X("value:Q", title="Tỷ lệ", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1.25])),
    )
    bars = base.mark_bar(color="#0072B2")
    text = base.mark_text(align="left", dx=3, fontSize=9).encode(text="nhan:N")
    return (
        alt.layer(bars, text, data=data)
        .properties(width=170, height=alt.Step(14))
        .facet(facet=alt.Facet("chi_so:N", title=None, header=alt.Header(labelLimit=230, labelFontSize=11)), columns=3)
    )


def _document(body: str) -> str:
    built = datetime.now(ZoneInfo(TIME_ZONE)).strftime("%d/%m/%Y %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        f'<title>Tổng hợp toàn quốc</title>\n<style type="text/css">{CSS}</style>\n</head>\n<body>\n'
        f'<nav class="top"><a href="{PAGE}">Toàn quốc</a><span class="meta">Tổng hợp lúc {built}</span></nav>\n'
        f"<main>{body}</main>\n"
        "<footer>Số liệu: national/national.duckdb (docs/national.md). Trang đọc được khi không có mạng.</footer>\n"
        "</body>\n</html>\n"
    )
