"""Documentation where the inspector is: every table, view and column of a database built from
the real sql/ models carries a Vietnamese comment, every model a sensitivity class, and
`motcua sql --schema [TABLE]` shows them."""

from __future__ import annotations

import io
from datetime import date

import pytest
import yaml
from rich.console import Console

import tests.warehouse.helpers as H
from pipelines.inspect import schema
from pipelines.inspect.cli_impl import sql_command
from pipelines.settings import PROJECT_ROOT, SQL_DIR
from tests.warehouse.helpers import AGENCIES, build_from_records, hoso, step

PLAN = PROJECT_ROOT / "plans" / "hatinh-2022.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    recs = {
        "donvi": AGENCIES,
        "hoso": [hoso("HS-1", ngay_hen_tra="2022-03-20 17:00", ngay_ket_thuc_xu_ly="2022-03-15 10:00", trang_thai=10)],
        "tientrinh": [step("HS-1", 1, "tiep_nhan", "2022-03-10 08:00")],
    }
    con = build_from_records(
        tmp_path_factory.mktemp("schema"), recs, as_of=date(2022, 6, 30), plan_paths=[PLAN] if PLAN.exists() else None
    )
    yield con, H.last_result.db_path
    con.close()


def _fmt(missing) -> str:
    by_table: dict[str, list[str]] = {}
    for r in missing.itertuples():
        by_table.setdefault(r.ten, [])
        if r.cot is not None and r.cot == r.cot:
            by_table[r.ten].append(r.cot)
    return "; ".join(f"{t} ({r'không có mô tả bảng' if not cols else ', '.join(cols)})" for t, cols in by_table.items())


def test_every_table_view_and_column_has_a_vietnamese_comment(built):
    con, _ = built
    missing = schema.undocumented(con)
    # columns the inspectors never see (lineage) are documented too: no exception list
    assert not len(missing), f"{len(missing)} bảng/view/cột chưa có chú thích: {_fmt(missing)}"


def test_every_model_declares_its_sensitivity():
    missing, bad = [], []
    for meta in sorted(SQL_DIR.glob("*/*/metadata.yaml")):
        if meta.parent.parent.name == "inspections":
            continue
        md = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        s = md.get("sensitivity")
        if s is None:
            missing.append(str(meta.parent.relative_to(SQL_DIR)))
        elif s not in ("cong_khai", "noi_bo"):
            bad.append(f"{meta.parent.relative_to(SQL_DIR)}={s}")
    assert not bad, bad
    assert not missing, "metadata.yaml chưa khai báo sensitivity: " + ", ".join(missing)


def test_schema_lists_objects_with_comment_and_sensitivity(built):
    con, db = built
    objs = schema.describe_objects(db)
    names = set(objs["ten"])
    assert {"fct_dossier", "metric_values", "plan_scorecard", "dim_agency", "run_params"} <= names
    row = objs[objs.ten == "fct_dossier"].iloc[0]
    assert row["do_nhay_cam"] == "noi_bo" and "Hồ sơ" in row["mo_ta"]
    assert objs[objs.ten == "dim_agency"].iloc[0]["do_nhay_cam"] == "cong_khai"
    assert set(objs["do_nhay_cam"]) <= {"cong_khai", "noi_bo", "chua_phan_loai"}
    cols = schema.describe_columns(db, "fct_dossier")
    assert "ma_ho_so" in set(cols["cot"])
    assert cols.set_index("cot").loc["ma_ho_so", "mo_ta"].startswith("Mã hồ sơ")


def test_personal_columns_are_not_in_the_published_schema(built):
    con, db = built
    cols = {c.lower() for c in schema.query_df(db, "SELECT column_name FROM duckdb_columns()")["column_name"]}
    assert not cols & {"chu_ho_so", "so_giay_to", "so_dien_thoai", "email", "dia_chi", "trich_yeu"}


def _console():
    buf = io.StringIO()
    return Console(file=buf, width=200, force_terminal=False, color_system=None), buf


def test_schema_command_prints_comments(built):
    _, db = built
    c, buf = _console()
    assert sql_command(db, schema=True, console=c) == 0
    out = buf.getvalue()
    assert "fct_dossier" in out and "noi_bo" in out and "Độ nhạy cảm" in out
    c, buf = _console()
    assert sql_command(db, schema=True, table="dim_agency", console=c) == 0
    out = buf.getvalue()
    assert "Đơn vị" in out and "công khai" in out and "ma_don_vi" in out
    c, buf = _console()
    assert sql_command(db, schema=True, table="khong_co", console=c) == 1
    assert "Không có bảng hoặc view" in buf.getvalue()
