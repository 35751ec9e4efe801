"""What reports say about metrics, the plan and levels comes from the database, never from
text typed into a report: metric facts from dim_metric (each metric's metadata.yaml), the plan's
decision, date and province from plan_info (the run's plan), levels from dim_level."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from python_calamine import CalamineWorkbook

from pipelines.contract import LEVEL_VI, LEVELS, UNIT_LEVELS
from pipelines.flows import summary
from pipelines.reports import bieu06, nb, site
from pipelines.reports import charts as C
from pipelines.reports.plan import place_name, run_plan
from pipelines.settings import NOTEBOOKS_DIR, connect
from pipelines.warehouse.models import ModelError, discover, metric_catalog_sql, metric_models
from tests.sql.records import HATINH_PLAN

ORDERED_LEVELS = [lv.code for lv in sorted(LEVELS, key=lambda lv: lv.sort_order)]
REPORT_SOURCES = sorted(Path(nb.__file__).parent.glob("*.py")) + sorted(Path(NOTEBOOKS_DIR).glob("*.py"))


# ----------------------------------------------------------------------------- metric metadata


def test_every_metric_describes_itself():
    notebooks = {p.stem for p in Path(NOTEBOOKS_DIR).glob("*.py")}
    orders: dict[str, list[int]] = {}
    for m in metric_models(discover()):
        md = m.metadata
        assert md.get("unit") in ("ratio", "count"), m.name
        assert isinstance(md.get("unit_noun"), str) and md["unit_noun"], m.name
        assert md.get("accumulation") in ("flow", "snapshot", "non_additive"), m.name
        assert md.get("display_decimals") == (0 if md["unit"] == "count" else 1), m.name
        assert ("report_section" in md) == ("report_order" in md), m.name
        if "report_section" in md:
            page = md["report_section"].split(".")[0]
            assert page in notebooks, (m.name, md["report_section"])
            orders.setdefault(page, []).append(md["report_order"])
    for page, o in orders.items():
        assert len(o) == len(set(o)), (page, sorted(o))


def test_metric_catalog_rejects_bad_report_keys():
    m = next(x for x in metric_models(discover()) if x.name == "public_posting_rate")
    for key, bad in (("accumulation", "monthly"), ("display_decimals", "1"), ("report_order", True)):
        broken = dataclasses.replace(m, metadata={**m.metadata, key: bad})
        with pytest.raises(ModelError, match=key):
            metric_catalog_sql([broken])
    # a metric that says nothing about reports is still catalogued (NULLs: the reports' defaults)
    bare = dataclasses.replace(
        m, metadata={k: v for k, v in m.metadata.items() if k not in ("unit_noun", "accumulation", "display_decimals")}
    )
    con = connect()
    row = con.execute(
        f"SELECT unit_noun, accumulation, display_decimals FROM ({metric_catalog_sql([bare])})"
    ).fetchone()
    assert row == (None, None, None)


def test_dim_metric_carries_the_metadata(fixture_db):
    con = connect(fixture_db, read_only=True)
    try:
        rows = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT metric_id, unit, unit_noun, accumulation, display_decimals, report_section, report_order "
                "FROM dim_metric"
            ).fetchall()
        }
    finally:
        con.close()
    assert rows["on_time_resolution_rate"] == ("ratio", "hồ sơ giải quyết đúng hạn", "flow", 1, "tien_do.dung_han", 1)
    assert rows["regulatory_activity_count"][0::3] == ("count", 0)
    assert rows["dossiers_in_system_rate"][2] == "non_additive"
    assert rows["public_posting_rate"][2] == "snapshot"
    assert rows["online_dossier_rate"][4:] == (None, None)


def test_ctx_reads_metric_facts(fixture_db):
    ctx = nb.Ctx(fixture_db)
    try:
        assert ctx.section_metrics("hai_long_so_hoa") == [
            "satisfaction_rate",
            "satisfaction_rate_by_field_group",
            "result_digitization_rate",
            "fee_procedures_online_payment_rate",
            "online_payment_transaction_rate",
        ]
        assert ctx.section_metrics("kiem_soat.ra_soat") == ["regulation_cut_rate", "compliance_cost_cut_rate"]
        assert ctx.section_metrics("kiem_soat.ra") == []  # a section is a whole name
        assert nb.is_flow_metric(ctx, "online_payment_transaction_rate") and not nb.is_flow_metric(
            ctx, "public_posting_rate"
        )
        # the newest evaluation per dossier in P: months do not add up (metrics.md, Required columns)
        assert nb.no_projection_reason(ctx, "satisfaction_rate") == "không cộng dồn theo tháng"
        assert nb.no_projection_reason(ctx, "dossiers_in_system_rate") == "không cộng dồn theo tháng"
        assert nb.no_projection_reason(ctx, "public_posting_rate") == "ảnh chụp danh mục"
        assert nb.unit_noun(ctx, "apology_coverage_rate") == "hồ sơ quá hạn có văn bản xin lỗi"
        assert nb.unit_noun(ctx, "no_such_metric") == nb.NO_UNIT_NOUN
        sc = ctx.scorecard(level=None)
        assert {"unit", "display_decimals", "unit_noun", "accumulation"} <= set(sc.columns)
        counts = sc[sc["metric_id"] == "regulatory_activity_count"]
        assert len(counts) and set(counts["unit"]) == {"count"}
        # the rows of one target are in dim_level's order
        order = ctx.level_order()
        for _, g in sc.groupby(["target_id", sc["group_key"].fillna("")], sort=False):
            ranks = [order[lv] for lv in g["level"]]
            assert ranks == sorted(ranks)
    finally:
        ctx.close()


def test_fmt_value_follows_unit_and_decimals():
    assert nb.fmt_value(0.9654) == "96,5%"
    assert nb.fmt_value(0.9654, "ratio", 2) == "96,54%"
    assert nb.fmt_value(0.5, "ratio", float("nan")) == "50,0%"
    assert nb.fmt_value(12, "count", 0) == "12" and nb.fmt_value(1234, "count", None) == "1.234"
    assert nb.fmt_value(1234.5, "count", 1) == "1.234,5"
    assert nb.fmt_value(None, "count", 0) == "–"


# ----------------------------------------------------------------------------- the plan


def test_no_report_types_the_plan():
    plan = yaml.safe_load(HATINH_PLAN.read_text(encoding="utf-8"))["plan"]
    typed = [plan["decision"], place_name(plan["province"]["name"])]
    for path in REPORT_SOURCES:
        text = path.read_text(encoding="utf-8")
        assert not [t for t in typed if t in text], path


def test_plan_texts_come_from_plan_info(site, fixture_db):
    con = connect(fixture_db, read_only=True)
    try:
        info = run_plan(con)
    finally:
        con.close()
    assert info["decision"] and info["province_name"]
    index = Path(site["index"]).read_text(encoding="utf-8")
    assert f"chỉ tiêu của Kế hoạch {info['decision']} năm" in index
    tong_quan = Path(site["out_dir"], "tong_quan.html").read_text(encoding="utf-8")
    assert f"các chỉ tiêu của Kế hoạch {info['decision']} đang chưa đạt" in tong_quan
    ref = (
        f"kế hoạch: Quyết định {info['decision']} ngày {C.fmt_date(info['signed'])} của UBND "
        f"{nb.lower_first(info['province_name'])}."
    )
    assert ref in tong_quan


def test_bieu06_names_the_plans_province(fixture_db, tmp_path):
    db = tmp_path / "other_province.duckdb"
    shutil.copy(fixture_db, db)
    con = connect(db)
    try:
        con.execute("UPDATE plan_info SET province_name = 'Tỉnh Quảng Trị'")
    finally:
        con.close()
    out = tmp_path / "b06.xlsx"
    bieu06.write_bieu06(db, out, date(2021, 12, 15), date(2022, 3, 14), label="Quý I/2022")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    cells = [str(c) for r in rows for c in r if c not in ("", None)]
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in cells
    assert "Quảng Trị, ngày ..... tháng ..... năm ....." in cells


def test_place_name():
    assert place_name("Tỉnh Quảng Trị") == "Quảng Trị"
    assert place_name("Thành phố Hải Phòng") == "Hải Phòng"
    assert place_name(None) == ""


# ----------------------------------------------------------------------------- levels


def test_levels_have_one_definition(fixture_db):
    ctx = nb.Ctx(fixture_db)
    try:
        assert ctx.levels() == ORDERED_LEVELS
        assert ctx.levels(unit_only=True) == list(UNIT_LEVELS)
        assert dict(zip(ctx.level_table()["level"], ctx.level_table()["ten_cap"])) == LEVEL_VI
    finally:
        ctx.close()
    assert C.LEVEL_VI is LEVEL_VI
    assert list(C.LEVEL_SHAPE) == list(C.LEVEL_DASH) == [LEVEL_VI[c] for c in ORDERED_LEVELS]
    assert [g[0] for g in bieu06.LEVEL_GROUPS] == [*UNIT_LEVELS, None]
    assert set(site.UNIT_PAGE_LEVELS) <= set(UNIT_LEVELS)


def test_run_summary_levels_are_lowercased_names():
    assert summary.LEVEL_VI == {c: n[:1].lower() + n[1:] for c, n in LEVEL_VI.items()}
    assert summary.scorecard_label({"target_id": "P2.2", "level": "huyen"}) == "P2.2 · cấp huyện"
    assert summary.scorecard_label({"target_id": "P2.4c", "level": "tw"}) == "P2.4c · cơ quan Trung ương"


def test_run_summary_scorecard_rows_in_words(fixture_db):
    # the console and run_summary.md name each row by its target's id and short name, its field
    # group's fields and its level, never by a bare code (was "P2.6b · dat_dai")
    con = connect(fixture_db, read_only=True)
    as_of = con.execute("SELECT as_of FROM run_params").fetchone()[0]
    con.close()
    labels = summary.headline_scorecard(fixture_db, as_of)["label"].tolist()
    assert "P2.6b Hài lòng lĩnh vực đất đai, xây dựng, đầu tư tối thiểu 85% · nhóm lĩnh vực đất đai" in labels
    assert "P2.2 Số hóa kết quả giải quyết: tỉnh 50%, huyện 40%, xã 35% · cấp huyện" in labels
    assert not [label for label in labels if "_" in label]
    # a row carries its label into the summary; the label is what is printed
    assert summary.scorecard_label({"target_id": "P2.1", "label": "P2.1 70% hồ sơ"}) == "P2.1 70% hồ sơ"
