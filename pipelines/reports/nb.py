"""Helpers the report notebooks share: a read-only context on the curated database, the page
header and the fixed README block (Định nghĩa / Phương pháp / Nguồn dữ liệu), and the few
queries several pages use (scorecard with target texts, monthly metric values, agency names).
Every query is read-only; a missing table gives an empty frame, never an error page.

For an analyst's own notebook (docs/notebooks.md): `Ctx(db_path)` opens the published database
read-only (`MOTCUA_DB` replaces the notebooks' default path, `motcua lab` sets it), `ctx.q(sql)`
gives a DataFrame, `ctx.scorecard()`, `ctx.monthly()`, `ctx.agency_values()` the usual slices,
and `charts` the site's formats and chart builders.

Facts about metrics (unit noun, ratio or count, decimals, flow or snapshot, which page section
shows them) come from `dim_metric`, the levels and their order from `dim_level`, the plan's
decision, date and province from `plan_info`: none of them is typed here."""

from __future__ import annotations

import html
import math
import os
import textwrap
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, display

from pipelines.contract import LEVELS
from pipelines.reports import charts as C
from pipelines.reports import due_soon as DS
from pipelines.reports import ranking as R
from pipelines.reports.bieu06 import unit_form_name
from pipelines.reports.plan import run_plan
from pipelines.reports.windows import complete_windows, window_slug
from pipelines.reports.words import Words
from pipelines.settings import connect, due_soon_days

# a plan without `sections:` is shown as one part; indicators without a section as another
# (docs/plan-format.md, "Sections and lead units")
NO_SECTION_TITLE = "Mục tiêu"
INDICATORS_TITLE = "Chỉ tiêu theo dõi thêm"
INDICATORS_SECTION = "chi_tieu_theo_doi_them"  # the page id of the indicators' part
NO_UNIT_NOUN = "đơn vị đạt"  # what "Cần thêm …" counts when a metric's metadata has no unit_noun
DEFAULT_DB = "data/curated/motcua.duckdb"  # the notebooks' parameter default (a checkout's demo)
RANK_MIN_COUNT = 3  # a unit is ranked among its peers only with this many targets judged (đạt / chưa đạt)


def database_path(db_path: str | Path = DEFAULT_DB) -> Path:
    """The database a notebook opens: `MOTCUA_DB` when the notebook keeps its default path (a
    notebook opened in JupyterLab by `motcua lab`, whose working folder is notebooks/), else the
    path given (the site build always passes its own)."""
    env = os.environ.get("MOTCUA_DB", "").strip()
    return Path(env) if env and str(db_path) in ("", DEFAULT_DB) else Path(db_path)


def lower_first(text: str) -> str:
    """'Cơ quan Trung ương' → 'cơ quan Trung ương', 'Tỉnh …' → 'tỉnh …'."""
    return text[:1].lower() + text[1:]


def _unit_filter(
    where: list[str], params: list[Any], ma_don_vi: str | None, level: str | None, prefix: str = ""
) -> None:
    """One agency's rows, else the rollup rows (of one level when given)."""
    if ma_don_vi:
        where.append(f"{prefix}ma_don_vi = ?")
        params.append(ma_don_vi)
        return
    where.append(f"{prefix}ma_don_vi IS NULL")
    if level:
        where.append(f"{prefix}level = ?")
        params.append(level)


class Ctx:
    """The parameters of a page and a read-only connection on the curated database."""

    def __init__(
        self,
        db_path: str | Path,
        period: str = "",
        as_of: str | date | None = None,
        level: str = "toan_tinh",
        ma_don_vi: str = "",
        plan_id: str = "",
    ):
        self.db_path = database_path(db_path)
        self.plan_id = plan_id or ""  # a page of another loaded plan than the run's (plan_info)
        self.con = connect(self.db_path, read_only=True)
        self._tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        db_as_of = None
        if "run_params" in self._tables:
            r = self.con.execute("SELECT max(as_of) FROM run_params").fetchall()
            db_as_of = r[0][0] if r else None
        if isinstance(as_of, str) and as_of:
            as_of = date.fromisoformat(as_of[:10])
        self.as_of: date = as_of or db_as_of or date.today()
        self.period = period or str(self.as_of.year)
        self.year = int(self.period[:4])
        self.level = level or "toan_tinh"
        self.ma_don_vi = ma_don_vi or ""
        self._metric_rows: dict[str, dict[str, Any]] | None = None
        self._plan: dict[str, Any] | None = None
        self._levels: pd.DataFrame | None = None
        self._words: Words | None = None

    # -- queries
    def has(self, *tables: str) -> bool:
        return all(t in self._tables for t in tables)

    def q(self, sql: str, params: Iterable[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """A DataFrame of the query; an empty one when a table is missing."""
        try:
            args = params if isinstance(params, dict) else list(params or [])
            return self.con.execute(sql, args).df()
        except Exception as exc:  # noqa: BLE001 - a page shows what it can
            msg = str(exc)
            if "does not exist" in msg or "not found" in msg.lower():
                return pd.DataFrame()
            raise

    def columns(self, table: str) -> set[str]:
        return set(
            self.q("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).get(
                "column_name", []
            )
        )

    # -- shared data
    def metrics(self) -> pd.DataFrame:
        if not self.has("dim_metric"):
            return pd.DataFrame(columns=["metric_id", "ten_chi_so", "dinh_nghia", "unit"])
        return self.q("SELECT * FROM dim_metric ORDER BY metric_id")

    def metric(self, metric_id: str) -> dict[str, Any]:
        """The dim_metric row of a metric as a dict (empty when unknown)."""
        if self._metric_rows is None:
            dm = self.metrics()
            self._metric_rows = {r["metric_id"]: r for r in dm.to_dict("records")}
        return self._metric_rows.get(metric_id, {})

    def section_metrics(self, section: str) -> list[str]:
        """The metrics a page section presents (dim_metric.report_section `section` or
        `section.<sub>`), in their report_order."""
        dm = self.metrics()
        if "report_section" not in dm.columns:
            return []
        sec = dm["report_section"].fillna("")
        dm = dm[sec.str.split(".").str[0] == section] if "." not in section else dm[sec == section]
        return list(dm.sort_values(["report_order", "metric_id"], kind="stable")["metric_id"])

    def plan(self) -> dict[str, Any]:
        """The plan_info row of the run's plan (run_params.plan_id): title, decision, signed,
        province_name, …; empty when no plan is loaded."""
        if self._plan is None:
            if self.plan_id and self.has("plan_info"):
                cur = self.con.execute("SELECT * FROM plan_info WHERE plan_id = ?", [self.plan_id])
                row = cur.fetchone()
                self._plan = dict(zip([d[0] for d in cur.description], row)) if row else {}
            else:
                self._plan = run_plan(self.con)
        return self._plan

    def words(self) -> Words:
        """The labels of the run's plan and levels (pipelines/reports/words.py)."""
        if self._words is None:
            self._words = Words(self.con, self.plan().get("plan_id"))
        return self._words

    def level_table(self) -> pd.DataFrame:
        """dim_level (level, ten_cap, sort_order, is_unit_level) in display order."""
        if self._levels is None:
            if self.has("dim_level"):
                self._levels = self.q("SELECT * FROM dim_level ORDER BY sort_order")
            else:  # a database built before dim_level existed: the same definition
                self._levels = pd.DataFrame(
                    [
                        {
                            "level": lv.code,
                            "ten_cap": lv.name_vi,
                            "sort_order": lv.sort_order,
                            "is_unit_level": lv.is_unit_level,
                        }
                        for lv in LEVELS
                    ]
                )
        return self._levels

    def levels(self, unit_only: bool = False) -> list[str]:
        """Level codes in display order (toan_tinh first unless unit_only)."""
        lv = self.level_table()
        return list(lv[lv["is_unit_level"]]["level"] if unit_only else lv["level"])

    def level_order(self) -> dict[str, int]:
        """level code → sort_order, for sorting frames."""
        lv = self.level_table()
        return dict(zip(lv["level"], lv["sort_order"]))

    def agencies(self) -> pd.DataFrame:
        if not self.has("dim_agency"):
            return pd.DataFrame(columns=["ma_don_vi", "ten_don_vi", "level", "ma_don_vi_cha"])
        return self.q("SELECT ma_don_vi, ten_don_vi, level, loai, ma_don_vi_cha FROM dim_agency")

    def scorecard(
        self,
        period: str | None = None,
        ma_don_vi: str | None = None,
        level: str | None = "toan_tinh",
        section_id: str | None = None,
    ) -> pd.DataFrame:
        """plan_scorecard rows of a period joined with the target's text, kind and metric. A
        target without a text (an indicator such as TD.1) is named by its metric's name."""
        if not self.has("plan_scorecard", "plan_targets"):
            return pd.DataFrame()
        where = ["s.period = ?"]
        params: list[Any] = [period or self.period]
        _unit_filter(where, params, ma_don_vi, level, "s.")
        if section_id is not None:  # a part of the plan (section_targets: its target ids)
            where.append("list_contains(?, s.target_id)")
            params.append(list(self.section_targets(section_id)["target_id"]))
        # the metric's presentation (dim_metric); rows of a target in the levels' order (dim_level)
        metric_cols, metric_join, text_col = (
            (
                "m.unit, m.display_decimals, m.unit_noun, m.accumulation",
                "LEFT JOIN dim_metric m ON m.metric_id = t.metric_id",
                "coalesce(t.text, m.ten_chi_so)",
            )
            if self.has("dim_metric")
            else ("NULL AS unit, NULL AS display_decimals, NULL AS unit_noun, NULL AS accumulation", "", "t.text")
        )
        params.append(self.levels())
        # the declared leads ("Cơ quan chủ trì"), on a database built since plans have them
        leads = "t.chu_tri" if "chu_tri" in self.columns("plan_targets") else "NULL AS chu_tri"
        sc = self.q(
            f"""
            SELECT {leads}, s.plan_id, s.target_id, s.period, s.level, s.ma_don_vi, s.group_key, s.numerator,
                   s.denominator, s.value, s.threshold, s.reference_value, s.reference_source,
                   s.status, s.ly_do_khong_co_du_lieu, t.kind, t.metric_id, {text_col} AS text, t.field_groups,
                   t.due_date, t.sort_order, s.direction, {metric_cols}
            FROM plan_scorecard s
            JOIN plan_targets t ON t.target_id = s.target_id
              AND t.plan_id IS NOT DISTINCT FROM s.plan_id
            {metric_join}
            WHERE {" AND ".join(where)}
            ORDER BY t.sort_order, s.target_id, s.group_key NULLS FIRST, list_position(?, s.level)
        """,
            params,
        )
        # every id with its name, every group key in words (pipelines/reports/words.py)
        w = self.words()
        sc["short_name"] = [w.name(t) for t in sc.get("target_id", [])]
        sc["group_label"] = [w.group(g, t) for g, t in zip(sc.get("group_key", []), sc.get("target_id", []))]
        return sc

    # -- the plan's parts, leads and the units that have not delivered (plan-format.md)
    def run_plan_id(self) -> str | None:
        return self.plan().get("plan_id")

    def plan_targets(self) -> pd.DataFrame:
        """The run plan's targets in the plan's order, with their words (a target without a text
        is named by its metric's name), declared leads and the part they are shown in
        (`part`: the section id, NO_SECTION for a plan without sections, INDICATORS_SECTION for
        an indicator outside every section)."""
        if not self.has("plan_targets"):
            return pd.DataFrame(columns=["target_id", "part"])
        cols = self.columns("plan_targets")
        extra = ", ".join(f"t.{c}" if c in cols else f"NULL AS {c}" for c in ("section_id", "chu_tri", "phoi_hop"))
        name = "coalesce(t.text, m.ten_chi_so)" if self.has("dim_metric") else "t.text"
        join = "LEFT JOIN dim_metric m ON m.metric_id = t.metric_id" if self.has("dim_metric") else ""
        df = self.q(
            f"""SELECT t.target_id, t.section AS list_name, t.kind, t.metric_id, {name} AS text, t.due_date,
                       t.sort_order, {extra}
                FROM plan_targets t {join}
                WHERE t.plan_id IS NOT DISTINCT FROM ? ORDER BY t.sort_order""",
            [self.run_plan_id()],
        )
        df["part"] = [
            sid if isinstance(sid, str) else (INDICATORS_SECTION if lst == "indicators" else NO_SECTION)
            for sid, lst in zip(df["section_id"], df["list_name"])
        ]
        return df

    def sections(self) -> pd.DataFrame:
        """The parts of the run's plan in order: (section_id, title), its `sections:` (plan_sections),
        else one part "Mục tiêu"; indicators outside every section come last."""
        t = self.plan_targets()
        rows: list[dict[str, Any]] = []
        if self.has("plan_sections"):
            rows = self.q(
                "SELECT section_id, title FROM plan_sections WHERE plan_id IS NOT DISTINCT FROM ? ORDER BY sort_order",
                [self.run_plan_id()],
            ).to_dict("records")
        if (t["part"] == NO_SECTION).any():
            rows.append({"section_id": NO_SECTION, "title": NO_SECTION_TITLE})
        if (t["part"] == INDICATORS_SECTION).any():
            rows.append({"section_id": INDICATORS_SECTION, "title": INDICATORS_TITLE})
        return pd.DataFrame(rows, columns=["section_id", "title"])

    def section_targets(self, section_id: str) -> pd.DataFrame:
        t = self.plan_targets()
        return t[t["part"] == section_id]

    def undelivered(self, period: str | None = None, target_id: str | None = None) -> pd.DataFrame:
        """plan_undelivered_units of the run's plan for a period (and a target)."""
        if not self.has("plan_undelivered_units"):
            return pd.DataFrame()
        where, params = ["period = ?", "plan_id IS NOT DISTINCT FROM ?"], [period or self.period, self.run_plan_id()]
        if target_id:
            where.append("target_id = ?")
            params.append(target_id)
        return self.q(
            f"SELECT * FROM plan_undelivered_units WHERE {' AND '.join(where)} "
            "ORDER BY sort_order, level, ten_huyen NULLS FIRST, ten_don_vi",
            params,
        )

    def lead_unit_counts(self) -> dict[tuple[str, str], int]:
        """(target_id, role) → number of agencies its declared leads name (plan_target_lead_units)."""
        if not self.has("plan_target_lead_units"):
            return {}
        df = self.q(
            "SELECT target_id, role, count(*) AS n FROM plan_target_lead_units "
            "WHERE plan_id IS NOT DISTINCT FROM ? GROUP BY ALL",
            [self.run_plan_id()],
        )
        return {(r.target_id, r.role): int(r.n) for r in df.itertuples(index=False)}

    def target_monthly(
        self,
        target_id: str,
        level: str | None = "toan_tinh",
        group_key: str | None = None,
        ma_don_vi: str | None = None,
    ) -> pd.DataFrame:
        """plan_scorecard rows of a target by month of the page's year, at one level (or agency)
        and group: the very rows the scorecard's own period rows are made of (the target's
        scope, the run's as-of date), so that a trend or a projection never disagrees with the
        table it sits under. Value NaN when the denominator is 0."""
        if not self.has("plan_scorecard"):
            return pd.DataFrame()
        where = [
            "target_id = ?",
            "period_kind = 'month'",
            "period LIKE ?",
            "group_key IS NOT DISTINCT FROM ?",
        ]
        params: list[Any] = [target_id, f"{self.year}-%", group_key]
        _unit_filter(where, params, ma_don_vi, level)
        plan_id = self.plan().get("plan_id")
        if plan_id:
            where.append("plan_id = ?")
            params.append(plan_id)
        return self.q(
            f"""
            SELECT period, period_start, level, ma_don_vi, numerator, denominator, value
            FROM plan_scorecard WHERE {" AND ".join(where)} ORDER BY period_start, level""",
            params,
        )

    def monthly(
        self, metric_id: str, level: str | None = None, ma_don_vi: str | None = None, group_key: str | None = None
    ) -> pd.DataFrame:
        """metric_values by month of the page's year (value NaN when the denominator is 0)."""
        if not self.has("metric_values"):
            return pd.DataFrame()
        where = [
            "metric_id = ?",
            "period LIKE ?",
            "regexp_full_match(period, '[0-9]{4}-[0-9]{2}')",
            "group_key IS NOT DISTINCT FROM ?",
        ]
        params: list[Any] = [metric_id, f"{self.year}-%", group_key]
        _unit_filter(where, params, ma_don_vi, level)
        return self.q(
            f"""
            SELECT period, period_start, level, ma_don_vi, numerator, denominator, value
            FROM metric_values WHERE {" AND ".join(where)} ORDER BY period_start, level""",
            params,
        )

    def agency_values(
        self, metric_id: str, period: str | None = None, group_key: str | None = None, parent: str | None = None
    ) -> pd.DataFrame:
        """metric_values per agency of a period, with the agency's name and level."""
        if not self.has("metric_values"):
            return pd.DataFrame()
        sql = """
            SELECT m.ma_don_vi, coalesce(a.ten_don_vi, m.ma_don_vi) AS ten_don_vi, m.level,
                   a.ma_don_vi_cha, p.ten_don_vi AS ten_don_vi_cha, p.level AS level_cha,
                   m.numerator, m.denominator, m.value
            FROM metric_values m LEFT JOIN dim_agency a ON a.ma_don_vi = m.ma_don_vi
            LEFT JOIN dim_agency p ON p.ma_don_vi = a.ma_don_vi_cha
            WHERE m.metric_id = ? AND m.period = ? AND m.ma_don_vi IS NOT NULL
              AND m.group_key IS NOT DISTINCT FROM ?"""
        params: list[Any] = [metric_id, period or self.period, group_key]
        if parent:
            sql += " AND (a.ma_don_vi_cha = ? OR m.ma_don_vi = ?)"
            params += [parent, parent]
        return self.q(sql, params)

    def due_soon(self, ma_don_vi: str | None = None, days: int | None = None) -> pd.DataFrame:
        """Per unit at the as-of date: dossiers due within `days` working days (default the
        setting MOTCUA_DUE_SOON_DAYS) and open overdue (pipelines/reports/due_soon.py); empty
        without fct_dossier."""
        if not self.has("fct_dossier", "dim_calendar"):
            return pd.DataFrame(columns=["ma_don_vi", "ten_don_vi", "level", "sap_den_han", "qua_han_dang_mo"])
        n = due_soon_days() if days is None else days
        return pd.DataFrame(
            DS.by_unit(self.con, self.as_of, n, ma_don_vi),
            columns=["ma_don_vi", "ten_don_vi", "level", "sap_den_han", "qua_han_dang_mo"],
        )

    def received_for_others(self, ma_don_vi: str, days: int | None = None) -> pd.DataFrame:
        """Dossiers this unit received (a `tiep_nhan` step of TIENTRINH by it, from 1 January to
        the as-of date) for which another unit is answerable (`fct_dossier.ma_don_vi`): what a
        Trung tâm Phục vụ hành chính công does (glossary.md, "Cơ quan thực hiện"). Per
        answerable unit: received, resolved since 1 January (and on time), open overdue and due
        soon at the as-of date."""
        if not self.has("fct_dossier", "fct_dossier_step", "dim_calendar"):
            return pd.DataFrame()
        return self.q(
            """
            WITH received_here AS (
                SELECT DISTINCT step.ma_ho_so FROM fct_dossier_step AS step
                WHERE step.hanh_dong = 'tiep_nhan' AND $unit IN (step.don_vi_gui, step.don_vi_nhan)
                  AND step.thoi_diem_d BETWEEN $y0 AND $t)
            SELECT d.ma_don_vi, coalesce(a.ten_don_vi, d.ma_don_vi) AS ten_don_vi,
                   count(*) AS tiep_nhan,
                   count(*) FILTER (WHERE d.is_resolved AND d.ngay_ket_thuc_d BETWEEN $y0 AND $t) AS da_giai_quyet,
                   count(*) FILTER (WHERE d.is_resolved AND d.ngay_ket_thuc_d BETWEEN $y0 AND $t
                                    AND d.timeliness IN ('truoc_han', 'dung_han')) AS dung_han,
                   count(*) FILTER (WHERE is_open_overdue_at(d, $t)) AS qua_han_dang_mo,
                   count(*) FILTER (WHERE is_due_soon_at(d, $t, $n)) AS sap_den_han
            FROM received_here JOIN fct_dossier AS d USING (ma_ho_so)
            LEFT JOIN dim_agency AS a ON a.ma_don_vi = d.ma_don_vi
            WHERE d.ma_don_vi IS DISTINCT FROM $unit
            GROUP BY ALL ORDER BY tiep_nhan DESC, ten_don_vi""",
            {
                "unit": ma_don_vi,
                "y0": date(self.year, 1, 1),
                "t": self.as_of,
                "n": due_soon_days() if days is None else days,
            },
        )

    def close(self) -> None:
        self.con.close()


# ----------------------------------------------------------------------------- page pieces


def header(title: str, summary: str, ctx: Ctx | None = None) -> None:
    sub = ""
    if ctx is not None:
        sub = (
            f'<p class="note">Kỳ: {html.escape(C.fmt_period(ctx.period))} · số liệu đến ngày '
            f"{C.fmt_date(ctx.as_of)}</p>"
        )
    display(HTML(f'<h1>{html.escape(title)}</h1>{sub}<p class="summary">{html.escape(summary)}</p>'))


def h2(text: str) -> None:
    display(HTML(f"<h2>{html.escape(text)}</h2>"))


def para(text: str, cls: str = "") -> None:
    c = f' class="{cls}"' if cls else ""
    display(HTML(f"<p{c}>{html.escape(text)}</p>"))


DEFINITIONS_PAGE = "dinh_nghia.html"  # the site's own definitions page (site.write_definitions)
DICTIONARY_PAGE = "tu_dien_du_lieu.html"


def readme(ctx: Ctx, metric_ids: Iterable[str], sources: Iterable[str], method: str, printed: bool = True) -> None:
    """The fixed README block: Định nghĩa (from dim_metric, each linked to its entry on the
    site's definitions page) / Phương pháp / Nguồn dữ liệu (linked to the data dictionary);
    `printed=False` shows it on screen only (a page meant to fit its A4 pages)."""
    mids = list(dict.fromkeys(metric_ids))
    items = []
    for mid in mids:
        r = ctx.metric(mid)
        href = f"{DEFINITIONS_PAGE}#{html.escape(mid)}"
        if r:
            name = r.get("ten_chi_so") or mid
            defin = r.get("mo_ta") or r.get("dinh_nghia") or ""
            items.append(
                f"<li><b>{html.escape(str(name))}</b>: {html.escape(str(defin))} "
                f'(<a href="{href}">định nghĩa đầy đủ</a>)</li>'
            )
        else:
            items.append(f'<li><a href="{href}">Định nghĩa chỉ số</a> (chưa có trong cơ sở dữ liệu).</li>')
    status = (
        "Trạng thái: <b>Đạt</b> khi giá trị ≥ ngưỡng; <b>Chưa đạt</b> khi thấp hơn; "
        "<b>Không có dữ liệu</b> khi mẫu số bằng 0 (không bao giờ tính là 0% hay đạt), hoặc khi một "
        "cột dữ liệu chỉ số cần vắng trong tệp xuất hay trống ở quá 20% bản ghi (lý do nêu cột và tệp); "
        "<b>Chưa đến hạn</b> với nhiệm vụ có hạn sau ngày chốt số liệu; <b>Theo dõi</b> với "
        "chỉ tiêu kế hoạch không đặt ngưỡng định lượng. Mức tham chiếu của chỉ tiêu theo dõi là mức "
        "của văn bản khác (nghị định, quyết định, kết quả năm trước), chỉ để so sánh, không phải ngưỡng "
        "và không dùng để đánh giá đạt hay chưa đạt."
    )
    src = "".join(_source_item(s) for s in sources)
    display(
        HTML(
            f'<section class="readme{"" if printed else " khong-in"}"><h2>README</h2>'
            f"<h3>Định nghĩa</h3><ul>{''.join(items) or '<li>—</li>'}</ul><p>{status}</p>"
            f"<h3>Phương pháp</h3><p>{html.escape(method)} {html.escape(ranking_rule_sentence())} "
            f"Kỳ là tháng, quý hoặc năm theo giờ Việt Nam; "
            f"ngày kết thúc hiệu lực của kỳ là ngày cuối kỳ hoặc ngày chốt số liệu "
            f"({C.fmt_date(ctx.as_of)}) nếu sớm hơn. Số liệu được đọc từ cơ sở dữ liệu ở chế độ chỉ đọc.</p>"
            f"<h3>Nguồn dữ liệu</h3><ul>{src}</ul>"
            f'<p class="note">Cơ sở dữ liệu: {html.escape(ctx.db_path.name)}; kế hoạch: '
            f"{html.escape(plan_reference(ctx))}.</p></section>"
        )
    )


def _source_item(source: str) -> str:
    """A source table linked to its entry in the data dictionary ('fct_dossier (đếm)' too)."""
    table = source.split(" ")[0]
    if table.isidentifier():
        rest = source[len(table) :]
        return f'<li><a href="{DICTIONARY_PAGE}#{html.escape(table)}"><code>{html.escape(table)}</code></a>{html.escape(rest)}</li>'
    return f"<li>{html.escape(source)}</li>"


def ranking_rule_sentence() -> str:
    """The site's ranking rule in words (pipelines/reports/ranking.py), stated on every page."""
    return (
        f"Xếp hạng đơn vị: chỉ xếp hạng đơn vị có từ {R.min_records()} bản ghi trở lên trong mẫu số "
        "(đơn vị ít hơn được liệt kê riêng); đơn vị xếp theo số còn thiếu — số bản ghi đạt tối thiểu cần có "
        "thêm để chạm ngưỡng, với ngưỡng t, tử số n, mẫu số d là làm tròn lên (t × d − n) / (1 − t); "
        "ngưỡng 100% thì là số bản ghi chưa đạt d − n — rồi theo giá trị thấp hơn."
    )


def plan_reference(ctx: Ctx) -> str:
    """'Quyết định <decision> ngày <signed> của UBND <province>', from the run's plan_info row."""
    p = ctx.plan()
    if not p:
        return "chưa nạp kế hoạch"
    text = f"Quyết định {p.get('decision') or p.get('plan_id')}"
    signed = p.get("signed")
    if signed is not None and not pd.isna(signed):
        text += f" ngày {C.fmt_date(signed)}"
    if p.get("province_name"):
        text += f" của UBND {lower_first(str(p['province_name']))}"
    return text


def plan_decision(ctx: Ctx) -> str:
    """The decision number of the run's plan (plan_info.decision), else its id."""
    p = ctx.plan()
    return str(p.get("decision") or p.get("plan_id") or "")


def target_label(r: pd.Series | dict, width: int = 60) -> str:
    """ "<id> Hài lòng lĩnh vực … — nhóm lĩnh vực xây dựng": the id, its short name and the
    group in words (a scorecard row of Ctx.scorecard)."""
    name = str(r.get("short_name") or "")
    if len(name) > width:
        name = name[: width - 1].rstrip() + "…"
    g = r.get("group_label")
    g = "" if _nan(g) or not g else f" — {g}"
    return f"{r['target_id']} {name}".strip() + g


def chart_label(r: pd.Series | dict, words: Words, width: int = 26) -> str:
    """A scorecard row named short enough for a chart's axis (≈ 43 characters): the id, its
    name cut at `width`, then its field group's words or its level ('… · xây dựng', '… · Cấp xã')."""
    name = str(r.get("short_name") or "")
    if len(name) > width:
        name = name[: width - 1].rstrip() + "…"
    g = r.get("group_key")
    tail = words.field_groups.get(g, "") if isinstance(g, str) else ""
    if not tail and r.get("level") not in (None, "toan_tinh"):
        tail = C.level_vi(r.get("level"))
    return f"{r['target_id']} {name}" + (f" · {tail}" if tail else "")


def with_status_vi(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["trang_thai"] = [C.status_vi(s) for s in df.get("status", [])]
    return df


def month_start(period: str) -> date:
    y, m = period.split("-")
    return date(int(y), int(m), 1)


def projection(ctx: Ctx, metric_id: str, level: str = "toan_tinh", group_key: str | None = None) -> dict[str, Any]:
    """Year-end value at the current pace: the months to come are assumed to add numerator and
    denominator at the average monthly rate of the months so far (whole months and the current
    month pro rata). Only for dossier-flow metrics; catalogue shares are snapshots."""
    m = ctx.monthly(metric_id, level=level, group_key=group_key)
    if m.empty:
        return {}
    num = float(m["numerator"].fillna(0).sum())
    den = float(m["denominator"].fillna(0).sum())
    if den <= 0:
        return {}
    start = date(ctx.year, 1, 1)
    end = date(ctx.year, 12, 31)
    elapsed = max(1, (min(ctx.as_of, end) - start).days + 1)
    factor = ((end - start).days + 1) / elapsed
    return {
        "num_ytd": num,
        "den_ytd": den,
        "value_ytd": num / den,
        "num_year": num * factor,
        "den_year": den * factor,
        "value_year": num / den,
        "elapsed_share": elapsed / ((end - start).days + 1),
    }


# ----------------------------------------------------------------------------- shared analyses


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (x is pd.NA)


def has_items(items: Any) -> bool:
    """A non-empty list (a DuckDB list column read into pandas: list, array or missing)."""
    return not _nan(items) and not isinstance(items, (float, str)) and len(items) > 0


def _col(df: pd.DataFrame, name: str) -> list[Any]:
    """A column of a frame, or Nones when the frame has no such column (an older database)."""
    return list(df[name]) if name in df.columns else [None] * len(df)


def fmt_value(v: Any, unit: Any = "ratio", decimals: Any = None, threshold: Any = None) -> str:
    """A metric's value as its dim_metric says: `count` as a number, else a percentage, with
    `display_decimals` digits (default: 0 for counts, 1 for ratios). Beside a threshold, a
    share just below it gets the digits it needs not to read as reaching it (0.69996 against
    70%: '69,996%', never '70,0%' next to "Chưa đạt")."""
    d = None if _nan(decimals) else int(decimals)
    if unit == "count":
        return C.fmt_int(v) if not d else C.fmt_num(v, d)
    d = 1 if d is None else d
    if not _nan(v) and not _nan(threshold) and float(v) < float(threshold):
        while d < 6 and round(float(v) * 100, d) >= round(float(threshold) * 100, 6):
            d += 1
    return C.fmt_pct(v, d)


def value_texts(df: pd.DataFrame) -> list[str]:
    """fmt_value of every row of a frame with value, unit and display_decimals (scorecard rows:
    against their threshold when they have one)."""
    return [
        fmt_value(v, u, d, t)
        for v, u, d, t in zip(df["value"], _col(df, "unit"), _col(df, "display_decimals"), _col(df, "threshold"))
    ]


def scorecard_table(sc: pd.DataFrame, with_text: bool = True) -> pd.DataFrame:
    """Display frame of scorecard rows: values already formatted Vietnamese style; every
    target named (id and short name), its whole text when `with_text`."""
    many_levels = len(set(sc["level"])) > 1

    def grp(g, lv):
        lvl = C.level_vi(lv) if (lv != "toan_tinh" or many_levels) else ""
        return " · ".join(x for x in (g, lvl) if x)

    labels = _col(sc, "group_label")
    names = _col(sc, "short_name")
    out = pd.DataFrame(
        {
            "Mã": sc["target_id"],
            "Chỉ tiêu": ["" if _nan(n) else str(n) for n in names],
            "Nhóm / cấp": [grp("" if _nan(g) else g, lv) for g, lv in zip(labels, sc["level"])],
            "Nội dung trong kế hoạch": ["" if _nan(t) else str(t) for t in sc["text"]],
            "Tử số": [C.fmt_num(x) for x in sc["numerator"]],
            "Mẫu số": [C.fmt_num(x) for x in sc["denominator"]],
            "Giá trị": value_texts(sc),
            # a tracking target has no threshold; its reference has its own column, named as such
            # a ratio row without a threshold is judged by other rows: the province row of a
            # target with a threshold per level (P2.2), the summary of field groups (P2.6b)
            "Ngưỡng": [
                C.fmt_threshold(t, k) if not _nan(t) or k != "ratio" else ("từng nhóm" if has_items(fg) else "theo cấp")
                for t, k, fg in zip(sc["threshold"], _col(sc, "kind"), _col(sc, "field_groups"))
            ],
            "Mức tham chiếu": [
                C.fmt_reference(v, src).removeprefix("Mức tham chiếu: ")
                for v, src in zip(_col(sc, "reference_value"), _col(sc, "reference_source"))
            ],
            "Trạng thái": [
                C.STATUS_MARK.get(C.status_vi(s), "") + " " + C.status_vi(s) + ("" if _nan(why) else f" ({why})")
                for s, why in zip(sc["status"], sc.get("ly_do_khong_co_du_lieu", [None] * len(sc)))
            ],
        }
    )
    if with_text and "chu_tri" in sc.columns and sc["chu_tri"].notna().any():
        # the plan's "Cơ quan chủ trì" beside the target's words (docs/plan-format.md, "Sections and lead units")
        out.insert(3, "Chủ trì", ["" if _nan(x) else str(x) for x in sc["chu_tri"]])
    if not with_text:
        out = out.drop(columns=["Nội dung trong kế hoạch"])
    return out


def status_counts(sc: pd.DataFrame) -> dict[str, int]:
    return {C.status_vi(k): int(v) for k, v in sc["status"].value_counts().items()} if len(sc) else {}


def summary_sentence(sc: pd.DataFrame, ctx: Ctx, what: str = "chỉ tiêu") -> str:
    if sc is None or sc.empty:
        return (
            f"Chưa có dữ liệu để đánh giá {what} của kỳ {C.fmt_period(ctx.period)} "
            f"(số liệu đến ngày {C.fmt_date(ctx.as_of)})."
        )
    n = status_counts(sc)
    parts = [f"{C.fmt_int(v)} {k.lower()}" for k, v in n.items()]
    worst = sc[(sc["status"] == "chua_dat") & sc["threshold"].notna() & sc["value"].notna()].copy()
    tail = ""
    if len(worst):
        # the furthest-off row by the site's gap (ranking.gap), named by its short name
        worst["gap"] = [
            R.gap(v, t, d, k)
            for v, t, d, k in zip(worst["value"], worst["threshold"], _col(worst, "direction"), _col(worst, "kind"))
        ]
        w = worst.sort_values("gap", ascending=False, kind="stable").iloc[0]
        unit = str(w.get("unit") or w.get("kind") or "ratio")
        tail = (
            f" Xa ngưỡng nhất là {target_label(w)} ({C.level_vi(w['level']).lower()}): "
            f"{fmt_value(w['value'], unit, w.get('display_decimals'), w['threshold'])} so với ngưỡng "
            f"{C.fmt_threshold(w['threshold'], w.get('kind'))}."
        )
    return (
        f"Số liệu đến ngày {C.fmt_date(ctx.as_of)}, kỳ {C.fmt_period(ctx.period)}: trong "
        f"{C.fmt_int(len(sc))} dòng {what}, " + ", ".join(parts) + "." + tail
    )


def is_flow_metric(ctx: Ctx, metric_id: str) -> bool:
    """Numerator and denominator accumulate over the year (dim_metric.accumulation = flow:
    dossiers, evaluations, payments, feedback, reviews, reports), so a year-end projection at the
    current pace makes sense; catalogue shares are snapshots, and distinct procedures and
    report-window reconciliations (non_additive) do not add up."""
    return ctx.metric(metric_id).get("accumulation") == "flow"


def no_projection_reason(ctx: Ctx, metric_id: str) -> str:
    if ctx.metric(metric_id).get("accumulation") == "non_additive":
        return "không cộng dồn theo tháng"
    return "ảnh chụp danh mục"


def project_year_end(
    ctx: Ctx,
    metric_id: str,
    level: str = "toan_tinh",
    group_key: str | None = None,
    pace_months: int = 3,
    target_id: str | None = None,
    ytd: tuple[Any, Any] | None = None,
) -> dict[str, Any] | None:
    """Year-end value if the remaining months continue at the pace of the last `pace_months`
    months with data (numerator and denominator per day). None for snapshot metrics. With a
    `target_id` the months are the target's scorecard rows (its scope), else metric_values.
    `ytd`: the (numerator, denominator) of the target's year row, the figure the page's table
    shows, as the starting point (the months of a metric that is not additive, such as the
    newest evaluation per dossier, do not add up to it)."""
    if not is_flow_metric(ctx, metric_id):
        return None
    m = (
        ctx.target_monthly(target_id, level=level, group_key=group_key)
        if target_id
        else ctx.monthly(metric_id, level=level, group_key=group_key)
    )
    if m.empty:
        return None
    num = float(m["numerator"].fillna(0).sum())
    den = float(m["denominator"].fillna(0).sum())
    if ytd is not None and not any(_nan(x) for x in ytd):
        num, den = float(ytd[0]), float(ytd[1])
    if den <= 0:
        return None
    end = date(ctx.year, 12, 31)
    e = min(ctx.as_of, end)
    m = m.copy()
    m["start"] = pd.to_datetime(m["period_start"]).dt.date
    recent = m.tail(pace_months)
    first = recent["start"].min()
    days = max(1, (e - first).days + 1)
    pace_num = float(recent["numerator"].fillna(0).sum()) / days
    pace_den = float(recent["denominator"].fillna(0).sum()) / days
    remaining = max(0, (end - e).days)
    num_y = num + pace_num * remaining
    den_y = den + pace_den * remaining
    return {
        "value_ytd": num / den,
        "value_year": num_y / den_y if den_y else None,
        "num_year": num_y,
        "den_year": den_y,
        "pace_value": (pace_num / pace_den) if pace_den else None,
    }


def year_row_ytd(ctx: Ctx, r: Any) -> tuple[Any, Any] | None:
    """(numerator, denominator) of a scorecard row when it is the row of the page's year."""
    return (r.numerator, r.denominator) if str(r.period) == str(ctx.year) else None


def unit_noun(ctx: Ctx, metric_id: str) -> str:
    noun = ctx.metric(metric_id).get("unit_noun")
    return NO_UNIT_NOUN if _nan(noun) or not noun else str(noun)


def unit_rows(ctx: Ctx, target_id: str, group_key: Any = None, level: str | None = None) -> pd.DataFrame:
    """A target's plan_scorecard rows per agency in the page's period (each with its own
    threshold: by level, by unit), with the agency's name and its parent's (a commune's district)."""
    if not ctx.has("plan_scorecard"):
        return pd.DataFrame()
    where = ["s.target_id = ?", "s.period = ?", "s.ma_don_vi IS NOT NULL", "s.group_key IS NOT DISTINCT FROM ?"]
    params: list[Any] = [target_id, ctx.period, None if _nan(group_key) else group_key]
    if level and level != "toan_tinh":
        where.append("s.level = ?")
        params.append(level)
    plan_id = ctx.plan().get("plan_id")
    if plan_id:
        where.append("s.plan_id = ?")
        params.append(plan_id)
    return ctx.q(
        f"""
        SELECT s.ma_don_vi, coalesce(a.ten_don_vi, s.ma_don_vi) AS ten_don_vi, s.level,
               p.ten_don_vi AS ten_don_vi_cha, p.level AS level_cha,
               s.numerator, s.denominator, s.value, s.threshold, s.status
        FROM plan_scorecard s
        LEFT JOIN dim_agency a ON a.ma_don_vi = s.ma_don_vi
        LEFT JOIN dim_agency p ON p.ma_don_vi = a.ma_don_vi_cha
        WHERE {" AND ".join(where)}""",
        params,
    )


def unit_names(ctx: Ctx) -> dict[str, str]:
    """Agency name → the name the pages print (a commune with its district, ranking.unit_label),
    for tables grouped by name; display only, never a join."""
    ag = ctx.agencies()
    if ag.empty:
        return {}
    parent = dict(zip(ag["ma_don_vi"], zip(ag["ten_don_vi"], ag["level"])))
    out = {}
    for name, level, cha in zip(ag["ten_don_vi"], ag["level"], ag["ma_don_vi_cha"]):
        pn, pl = parent.get(cha, (None, None))
        out[name] = R.unit_label(name, level, pn, pl)
    return out


def rank_target_units(ctx: Ctx, r: Any) -> R.Ranking:
    """The site's ranking (ranking.rank_units) of the agencies of one scorecard row."""
    get = r.get if isinstance(r, (dict, pd.Series)) else lambda k, d=None: getattr(r, k, d)
    u = unit_rows(ctx, get("target_id"), get("group_key"), get("level"))
    if u.empty:
        u = pd.DataFrame(columns=["ten_don_vi", "level", "numerator", "denominator", "value", "threshold"])
    return R.rank_units(u, threshold=get("threshold"), direction=get("direction") or "at_least", kind=get("kind"))


def closers_text(ranking: R.Ranking, noun: str, top: int = 3) -> str:
    """'xã A (huyện H): còn thiếu 6; Sở X: còn thiếu 60' — the ranked units short of the bar
    that would close most of the gap; units at the bar or listed apart are never named."""
    b = ranking.behind(top)
    if b.empty:
        if len(ranking.apart):
            return f"không đơn vị nào đủ {ranking.min_records} bản ghi để xếp hạng"
        return "không có số liệu theo đơn vị"
    return "; ".join(f"{lab}: còn thiếu {C.fmt_int(n)} {noun}" for lab, n in zip(b["nhan"], b["con_thieu"]))


def overview_scorecard(ctx: Ctx) -> pd.DataFrame:
    """The overview's rows: the province rows of the page's year, and the level rows of the
    targets with a threshold per level (P2.2), in plan order."""
    sc = ctx.scorecard()
    if sc.empty or not ctx.has("plan_target_levels"):
        return sc
    lvl = ctx.q("SELECT DISTINCT target_id FROM plan_target_levels")
    if lvl.empty:
        return sc
    per_level = ctx.scorecard(level=None)
    per_level = per_level[per_level["target_id"].isin(lvl["target_id"]) & (per_level["level"] != "toan_tinh")]
    sc = pd.concat([sc, per_level])
    sc["_lv"] = sc["level"].map(ctx.level_order())
    return sc.sort_values(["sort_order", "target_id", "_lv"], kind="stable").drop(columns="_lv")


def status_html(status: Any) -> str:
    """A status coloured (the style sheet's class status-<code>) and with its symbol."""
    vi = C.status_vi(status)
    return f'<span class="status-{html.escape(str(status))}">{C.STATUS_MARK.get(vi, "")} {html.escape(vi)}</span>'


GAP_RULE = (
    "Khoảng cách tới ngưỡng: với chỉ tiêu tỷ lệ là số điểm phần trăm còn thiếu (ngưỡng − giá trị; chỉ tiêu "
    "“không quá” ngưỡng: giá trị − ngưỡng); với chỉ tiêu số đếm là phần của ngưỡng còn thiếu "
    "((ngưỡng − giá trị) / ngưỡng). Còn thiếu: số bản ghi đạt tối thiểu cần có thêm để chạm ngưỡng."
)


def where_we_are(ctx: Ctx, sc: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every judged row of the overview (a threshold, status đạt or chưa đạt): the unmet ones
    first by gap (ranking.gap), then the met ones; with còn thiếu, the year-end projection and
    the three units that would close most of the gap (ranking.py)."""
    sc = overview_scorecard(ctx) if sc is None else sc
    if sc is None or sc.empty:
        return pd.DataFrame()
    judged = sc[sc["threshold"].notna() & sc["status"].isin(["dat", "chua_dat"])]
    rows = []
    for r in judged.to_dict("records"):
        direction = r.get("direction") or "at_least"
        need = R.still_needed(r["numerator"], r["denominator"], r["threshold"], direction, r["kind"])
        noun = unit_noun(ctx, r["metric_id"])
        proj = None
        if r["kind"] == "ratio":
            gk = None if _nan(r["group_key"]) else r["group_key"]
            proj = project_year_end(
                ctx, r["metric_id"], r["level"], gk, target_id=r["target_id"], ytd=year_row_ytd(ctx, _Row(r))
            )
        if proj and proj.get("value_year") is not None:
            v_year = proj["value_year"]
            ok = v_year <= r["threshold"] if direction == "at_most" else v_year >= r["threshold"]
            proj_txt = f"{C.fmt_pct(v_year)} {'✓' if ok else '✗'}"
        elif r["kind"] == "ratio":
            proj_txt = f"không dự báo ({no_projection_reason(ctx, r['metric_id'])})"
        else:
            proj_txt = "không dự báo (" + ("mốc nhiệm vụ" if r["kind"] == "milestone" else "số đếm") + ")"
        unmet = r["status"] == "chua_dat"
        rows.append(
            {
                **r,
                "nhan": target_label(r) + ("" if r["level"] == "toan_tinh" else f" · {C.level_vi(r['level'])}"),
                "gap": R.gap(r["value"], r["threshold"], direction, r["kind"]) or 0.0,
                "con_thieu": need,
                "con_thieu_txt": "–" if need is None else f"{C.fmt_int(need)} {noun}",
                "du_bao": proj_txt,
                "don_vi_bu": closers_text(rank_target_units(ctx, r), noun) if unmet else "",
                "unmet": unmet,
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["unmet", "gap", "sort_order"], ascending=[False, False, True], kind="stable").reset_index(
        drop=True
    )


def gap_text(g: Any, kind: Any) -> str:
    """A gap in words: 9,0 điểm % (ratio), 75,0% ngưỡng (count: the share still missing)."""
    if _nan(g):
        return "–"
    return f"{C.fmt_pct(g)} ngưỡng" if kind == "count" else C.fmt_pct(g).replace("%", " điểm %")


class _Row:
    """Attribute access on a dict (year_row_ytd reads r.numerator, r.period)."""

    def __init__(self, d: dict[str, Any]):
        self.__dict__.update(d)


def first_screen_html(ctx: Ctx, overview_href: str = "") -> str:
    """'Where are we': the unmet targets first, sorted by gap, each with its name, value,
    threshold, còn thiếu, projection and the units that would close most of the gap; met
    targets folded below (index.html and the top of tong_quan.html)."""
    w = where_we_are(ctx)
    sc = overview_scorecard(ctx)
    if w.empty:
        return '<section class="first-screen"><p class="note">Chưa có chỉ tiêu nào có ngưỡng để đánh giá.</p></section>'

    def table(rows: pd.DataFrame, unmet: bool) -> str:
        head = ["Chỉ tiêu", "Trạng thái", "Giá trị", "Ngưỡng", "Khoảng cách", "Còn thiếu", "Dự báo 31/12"]
        if unmet:
            head.append("Ba đơn vị bù được nhiều nhất")
        # the status column stays in view on a phone, long texts wrap (style.py, .bang-cuon)
        kinds = ["cot-chu", "cot-trang-thai", "num", "num", "num", "", "", "cot-chu"][: len(head)]
        attr = [f' class="{k}"' if k else "" for k in kinds]
        out = [
            '<div class="bang-cuon"><table class="data"><thead><tr>',
            *(f"<th{a}>{h}</th>" for a, h in zip(attr, head)),
            "</tr></thead><tbody>",
        ]
        for r in rows.to_dict("records"):
            unit = "count" if r["kind"] == "count" else r.get("unit")
            gap_txt = gap_text(r["gap"], r["kind"])
            cells = [
                html.escape(r["nhan"]),
                status_html(r["status"]),
                html.escape(fmt_value(r["value"], unit, r.get("display_decimals"), r["threshold"])),
                html.escape(C.fmt_threshold(r["threshold"], r["kind"])),
                html.escape(gap_txt),
                html.escape(r["con_thieu_txt"]),
                html.escape(r["du_bao"]),
            ]
            if unmet:
                cells.append(html.escape(r["don_vi_bu"]))
            out.append("<tr>" + "".join(f"<td{a}>{c}</td>" for a, c in zip(attr, cells)) + "</tr>")
        out.append("</tbody></table></div>")
        return "".join(out)

    unmet, met = w[w["unmet"]], w[~w["unmet"]]
    # rows not judged against a threshold of their own; a headline row judged by its level or
    # group rows (P2.2, P2.6b: status without a threshold) is already in the tables above
    judged = sc["status"].isin(["dat", "chua_dat"]) if len(sc) else None
    others = sc[~judged] if len(sc) else sc
    counts = ", ".join(f"{C.fmt_int(v)} {k.lower()}" for k, v in status_counts(others).items())
    link = f' (<a href="{html.escape(overview_href)}">xem Tổng quan</a>)' if overview_href else ""
    parts = ['<section class="first-screen"><h2>Đang ở đâu: chỉ tiêu chưa đạt</h2>']
    if len(unmet):
        parts.append(
            f"<p>{C.fmt_int(len(unmet))} chỉ tiêu có ngưỡng đang chưa đạt, xa ngưỡng nhất ở trên cùng{link}.</p>"
        )
        parts.append(table(unmet, True))
        parts.append(
            f'<p class="note">{html.escape(GAP_RULE)} Dự báo 31/12: giá trị cuối năm nếu các tháng còn lại giữ nhịp độ '
            f"ba tháng gần nhất (✓ sẽ đạt, ✗ sẽ chưa đạt). {html.escape(ranking_rule_sentence())}</p>"
        )
    else:
        parts.append('<p class="status-dat">✓ Mọi chỉ tiêu có ngưỡng đều đang đạt.</p>')
    if len(met):
        parts.append(
            f"<details><summary>{C.fmt_int(len(met))} chỉ tiêu có ngưỡng đã đạt</summary>{table(met, False)}</details>"
        )
    if len(others):
        parts.append(f'<p class="note">Các chỉ tiêu khác: {html.escape(counts)}{link}.</p>')
    parts.append("</section>")
    return "".join(parts)


def gaps(ctx: Ctx, sc: pd.DataFrame) -> pd.DataFrame:
    """Every ratio row not met: còn thiếu (ranking.still_needed), the year-end projection and
    the units that would close most of the gap (the site's ranking rule)."""
    w = where_we_are(ctx, sc)
    if w.empty:
        return w
    w = w[w["unmet"] & (w["kind"] == "ratio")]
    return pd.DataFrame(
        {
            "Chỉ tiêu": w["nhan"],
            "Giá trị": [C.fmt_pct(v) for v in w["value"]],
            "Ngưỡng": [C.fmt_threshold(t) for t in w["threshold"]],
            "Còn thiếu": w["con_thieu_txt"],
            "Dự báo cuối năm": w["du_bao"],
            "Ba đơn vị bù được nhiều nhất (chưa đạt, đủ bản ghi)": w["don_vi_bu"],
            "_need": w["con_thieu"],
        }
    )


def unmet_trends(ctx: Ctx, sc: pd.DataFrame) -> list[tuple[Any, str]]:
    """(chart, caption) of a monthly trend for every unmet ratio row of `sc` (status
    `chua_dat`), each at its own level and field group with its own threshold drawn. A province
    row without a threshold (judged by its level rows, P2.2) is left out when its unmet level
    rows are charted, since those carry the thresholds. The caption says what the line is; the
    chart adds how to read the threshold line and a fitted axis (charts.caption_notes)."""
    if not len(sc):
        return []
    unmet = sc[(sc["status"] == "chua_dat") & (sc["kind"] == "ratio")]
    with_thr = set(unmet[unmet["threshold"].notna()]["target_id"])
    out = []
    for r in unmet.itertuples(index=False):
        if _nan(r.threshold) and r.target_id in with_thr:
            continue
        gk = None if _nan(r.group_key) else r.group_key
        m = ctx.target_monthly(r.target_id, level=r.level, group_key=gk)
        m = m[m["value"].notna()] if len(m) else m
        if not len(m):
            continue
        scope = C.level_vi(r.level) if r.level != "toan_tinh" else "Toàn tỉnh"
        df = pd.DataFrame(
            {"thang": [month_start(p) for p in m["period"]], "value": m["value"].astype(float), "cap": scope}
        )
        name = ctx.words().target(r.target_id) + _group_words(r)
        thr = None if _nan(r.threshold) else float(r.threshold)
        thr_txt = (
            C.fmt_threshold(thr) if thr is not None else ("từng nhóm" if has_items(r.field_groups) else "theo cấp")
        )
        chart = C.trend_chart(
            df, threshold=thr, title=f"{name} ({scope.lower()}): {C.fmt_pct(r.value)} (ngưỡng {thr_txt})"
        )
        caption = f"Giá trị {scope.lower()} của {name} từng tháng (chưa đạt ngưỡng trong năm)."
        if thr is not None:
            caption += " Các tháng dưới ngưỡng kéo giá trị cả năm xuống."
        out.append((chart, caption))
    return out


# ----------------------------------------------------------------------------- early warning, ranking, gaps


def unit_bieu06_name(ma_don_vi: str, as_of: date) -> tuple[str, str] | None:
    """(file name, window label) of a unit's own Biểu 06 of the latest report window closed at
    `as_of`, written beside its page by the site (`bieu06.unit_form_name`,
    `bieu06_<ma_don_vi>_<window>.xlsx`); None before the year's first window closes."""
    windows = complete_windows(as_of)
    if not windows:
        return None
    label = windows[-1][0]
    return unit_form_name(ma_don_vi, window_slug(label)), label


def due_soon_text(ctx: Ctx, ma_don_vi: str | None = None, top: int = 3) -> str:
    """One sentence of the early warning (metrics.md, "Due soon at T"): how many dossiers open at
    the as-of date are due within N working days (MOTCUA_DUE_SOON_DAYS), where, and the named
    inspection that lists them."""
    if not ctx.has("fct_dossier", "dim_calendar"):
        return "Cảnh báo sớm: không có dữ liệu (cơ sở dữ liệu không có bảng hồ sơ fct_dossier)."
    n = due_soon_days()
    units = ctx.due_soon(ma_don_vi, n)
    soon = units[units["sap_den_han"] > 0]
    end = DS.window_end(ctx.con, ctx.as_of, n)
    total = int(soon["sap_den_han"].sum()) if len(soon) else 0
    overdue = int(units["qua_han_dang_mo"].sum()) if len(units) else 0
    text = (
        f"Cảnh báo sớm: {C.fmt_int(total)} hồ sơ đang mở có hẹn trả trong {n} ngày làm việc tới "
        f"(từ {C.fmt_date(ctx.as_of)} đến hết {C.fmt_date(end)})"
    )
    if ma_don_vi:
        text += f"; {C.fmt_int(overdue)} hồ sơ đã quá hạn, còn mở."
    else:
        text += f", ở {C.fmt_int(len(soon))} đơn vị"
        if len(soon):
            text += "; nhiều nhất: " + ", ".join(
                f"{r.ten_don_vi} ({C.fmt_int(r.sap_den_han)})" for r in soon.head(top).itertuples(index=False)
            )
        text += "."
    return (
        text
        + f" Danh sách: motcua sql --query {DS.INSPECTION} --param so_ngay={n}"
        + (f" --param don_vi={ma_don_vi}." if ma_don_vi else ".")
    )


def due_soon_line(ctx: Ctx) -> None:
    """The overview's early-warning line (notebooks/tong_quan.py): `nb.due_soon_line(ctx)`."""
    para(due_soon_text(ctx), "summary")


def rank_units(
    df: pd.DataFrame,
    unit_cols: tuple[str, ...] = ("ma_don_vi", "ten_don_vi"),
    status_col: str = "status",
    min_count: int = RANK_MIN_COUNT,
) -> pd.DataFrame:
    """The ranking rule of the unit pages: scorecard rows (one per target and unit) judged `dat`
    or `chua_dat` give each unit so_chi_tieu (judged), chua_dat and ty_le_dat = share met;
    units are ranked by ty_le_dat, then by more targets judged, rank 1 the best (ties share a
    rank, the next rank counts the units before it: 1, 2, 2, 4). A unit with fewer than `min_count` targets judged is not ranked (hang NaN, xep_hang
    False): two targets are no basis to compare units. Best first, the unranked last."""
    cols = list(unit_cols)
    judged = df[df[status_col].isin(["dat", "chua_dat"])]
    if judged.empty:
        return pd.DataFrame(columns=[*cols, "so_chi_tieu", "chua_dat", "ty_le_dat", "xep_hang", "hang"])
    out = (
        judged.groupby(cols, dropna=False)[status_col]
        .agg(so_chi_tieu="size", chua_dat=lambda s: int((s == "chua_dat").sum()))
        .reset_index()
    )
    out["ty_le_dat"] = 1 - out["chua_dat"] / out["so_chi_tieu"]
    out["xep_hang"] = out["so_chi_tieu"] >= min_count
    ranked = out[out["xep_hang"]]
    key = list(zip(-ranked["ty_le_dat"].round(12), -ranked["so_chi_tieu"]))
    out["hang"] = pd.Series([1 + sum(other < k for other in key) for k in key], index=ranked.index, dtype="Int64")
    return out.sort_values(["xep_hang", "hang", *cols], ascending=[False, True, *[True] * len(cols)]).reset_index(
        drop=True
    )


def no_data(reason: Any = None) -> str:
    """What a cell says when there is no value: "không có dữ liệu", with the reason when known."""
    return "không có dữ liệu" + ("" if _nan(reason) or not str(reason).strip() else f" ({reason})")


def _name_of(r: Any) -> str:
    """A scorecard row's short name (Ctx.scorecard adds it), "" without one."""
    name = getattr(r, "short_name", None)
    return "" if _nan(name) else str(name)


def _group_words(r: Any) -> str:
    """ " — nhóm lĩnh vực xây dựng": a row's group in words (Ctx.scorecard's group_label)."""
    label = getattr(r, "group_label", None)
    return "" if _nan(label) or not label else f" — {label}"


def target_gaps(ctx: Ctx, sc: pd.DataFrame) -> pd.DataFrame:
    """Every scorecard row of a unit as an action line: its value, the threshold and what is
    still missing (`còn thiếu`: ranking.still_needed, the site's one rule, for a ratio or a
    milestone's share of tasks; threshold − value for a count), or why there is nothing to say (no threshold, no data, met)."""
    rows = []
    for r in sc.itertuples(index=False):
        reason = getattr(r, "ly_do_khong_co_du_lieu", None)
        value = no_data(reason) if _nan(r.value) else fmt_value(r.value, r.unit, r.display_decimals, r.threshold)
        if r.status == "khong_co_du_lieu" or _nan(r.value):
            missing = no_data(reason if not _nan(reason) else "mẫu số bằng 0" if r.denominator == 0 else None)
        elif _nan(r.threshold):
            missing = "không có ngưỡng ở cấp đơn vị" if r.kind == "ratio" else C.status_vi(r.status).lower()
        elif r.status == "dat":
            missing = "đã đạt"
        elif r.kind in ("ratio", "milestone"):  # a milestone is a share of its tasks done on time
            direction = getattr(r, "direction", None) or "at_least"
            need = R.still_needed(r.numerator, r.denominator, r.threshold, direction, "ratio")
            missing = f"{C.fmt_int(need)} {unit_noun(ctx, r.metric_id)}" if need is not None else no_data()
        else:  # a count: below an "at least" threshold, or above an "at most" one
            diff = float(r.threshold) - float(r.value)
            missing = C.fmt_num(diff) if diff > 0 else f"cần giảm {C.fmt_num(-diff)}"
        rows.append(
            {
                "Mã": f"{r.target_id} {_name_of(r)}".strip() + _group_words(r),
                "Chỉ tiêu": "" if _nan(r.text) else textwrap.shorten(str(r.text), 110, placeholder=" …"),
                "Giá trị": value,
                "Ngưỡng": C.fmt_threshold(r.threshold, r.kind) if not _nan(r.threshold) else "–",
                "Còn thiếu": missing,
                "Trạng thái": C.STATUS_MARK.get(C.status_vi(r.status), "") + " " + C.status_vi(r.status),
            }
        )
    return pd.DataFrame(rows, columns=["Mã", "Chỉ tiêu", "Giá trị", "Ngưỡng", "Còn thiếu", "Trạng thái"])


# ----------------------------------------------------------------------------- leads and undelivered units

NO_SECTION = "muc_tieu"  # the page id of the one part of a plan without sections


def leads_line(r: Any, counts: dict[tuple[str, str], int] | None = None) -> str:
    """ "Cơ quan chủ trì: … · Phối hợp: …" as the plan declares them, with the number of agencies
    of the agency list they name (a lead that names none is shown as written)."""
    counts = counts or {}
    parts = []
    for role, label in (("chu_tri", "Cơ quan chủ trì"), ("phoi_hop", "Cơ quan phối hợp")):
        text = getattr(r, role, None) if not isinstance(r, dict) else r.get(role)
        if _nan(text) or not text:
            if role == "chu_tri":
                parts.append(f"{label}: kế hoạch không ghi")
            continue
        n = counts.get((r["target_id"] if isinstance(r, dict) else r.target_id, role), 0)
        parts.append(f"{label}: {text} ({C.fmt_int(n)} đơn vị trong danh mục)")
    return " · ".join(parts)


def _unit_names(df: pd.DataFrame, levels: dict[str, int]) -> str:
    """Names of units, those above the communes first (by level), then the communes under the
    name of their district: "UBND huyện Một: UBND xã A, UBND xã B"."""
    out = []
    others = df[df["level"] != "xa"]
    for _lv, g in sorted(others.groupby(others["level"].fillna("")), key=lambda x: levels.get(x[0], 99)):
        out.append(
            ", ".join(html.escape(str(n if not _nan(n) else m)) for n, m in zip(g["ten_don_vi"], g["ma_don_vi"]))
        )
    communes = df[df["level"] == "xa"]
    for district, g in communes.groupby(communes["ten_huyen"].fillna("(không rõ huyện)"), sort=True):
        out.append(f"<i>{html.escape(str(district))}</i>: " + ", ".join(html.escape(str(n)) for n in g["ten_don_vi"]))
    return "; ".join(out)


def undelivered_html(df: pd.DataFrame, ctx: Ctx) -> str:
    """The units that have not delivered one target in one period, grouped by reason, every unit
    named (communes under their district)."""
    levels = ctx.level_order()
    items = []
    for reason, g in df.groupby("ly_do", sort=False):
        items.append(f"<li><b>{html.escape(str(reason))}</b> ({C.fmt_int(len(g))}): {_unit_names(g, levels)}</li>")
    return f'<ul class="undelivered">{"".join(items)}</ul>'
