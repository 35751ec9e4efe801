"""plan_scorecard (docs/metrics.md, "Achievement") and the plan file as data (plans/*.yaml): per-level
thresholds, scoped toan_tinh, zero denominators, tracking, every target present, a second plan
file, invalid plans. Hand-made cases, answers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from pipelines.settings import connect
from pipelines.warehouse.plan import PlanError, load_plans
from tests.sql.records import HATINH_PLAN, OTHER_PLAN, danhgia, nhiemvu, scorecard
from tests.warehouse import helpers
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, TW, XA, build_from_records, hoso, rows


def _dossiers(prefix: str, when: str, agency: str, total: int, digitised: int, **kw):
    return [hoso(f"{prefix}{i}", when, ma_don_vi=agency, da_so_hoa_ket_qua=i < digitised, **kw) for i in range(total)]


# result_digitization_rate (P2.2: tinh 0.50, huyen 0.40, xa 0.35; scope tinh, huyen, xa)
DOSSIERS = (
    # 2022-03: tinh 1/2 (+ PB below: 1/3, chua_dat), huyen 2/5 = 0.40 (dat), xa 1/3 = 0.33
    # (chua_dat), tw 0/2 (outside the scope) -> toan_tinh over the scope 4/10, chua_dat
    _dossiers("MT", "2022-03-10 08:00", TINH, 2, 1)
    + _dossiers("MH", "2022-03-10 08:00", HUYEN, 5, 2)
    + _dossiers("MX", "2022-03-10 08:00", XA, 3, 1)
    + _dossiers("MW", "2022-03-10 08:00", TW, 2, 0)
    # 2022-04: tinh 1/1, huyen 1/2, xa 1/2: every level dat -> toan_tinh dat (3/5)
    + _dossiers("AT", "2022-04-11 08:00", TINH, 1, 1)
    + _dossiers("AH", "2022-04-11 08:00", HUYEN, 2, 1)
    + _dossiers("AX", "2022-04-11 08:00", XA, 2, 1)
    # 2022-05: tinh 1/1, huyen 1/1, no xa dossier -> xa khong_co_du_lieu -> toan_tinh not dat
    + _dossiers("YT", "2022-05-11 08:00", TINH, 1, 1)
    + _dossiers("YH", "2022-05-11 08:00", HUYEN, 1, 1)
    # 2022-06: none at all -> khong_co_du_lieu everywhere
    # postal (P2.5 tracking): one dossier by post in 2022-03 at tinh
    + [hoso("PB", "2022-03-11 08:00", ma_don_vi=TINH, kenh=3)]
)


_BUILD: dict = {}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("score"),
        {
            "donvi": AGENCIES,
            "hoso": DOSSIERS,
        },
        as_of=date(2022, 6, 30),
        plan_paths=[HATINH_PLAN],
    )
    _BUILD["result"] = helpers.last_result
    yield c
    c.close()


def test_scorecard_checks_pass(con):
    # the model checks (status domain, one row per key, every target in every period, zero
    # denominators never dat/chua_dat, catalogue unique) pass on this build
    failed = [(x["model"], x["name"], x["error"], x["sample"]) for x in _BUILD["result"].failed_checks]
    assert failed == []
    names = {x["name"] for x in _BUILD["result"].checks}
    assert {
        "scorecard_status_known",
        "scorecard_row_unique",
        "scorecard_every_target_every_period",
        "scorecard_zero_denominator_not_achieved",
        "scorecard_one_headline_row",
    } <= names


def test_per_level_thresholds(con):
    # 2022-03 at tinh: MT0 digitised, MT1 and PB (the postal dossier) not -> 1/3 < 0.50
    t = scorecard(con, "P2.2", "2022-03", "tinh")
    assert (t["numerator"], t["denominator"], t["threshold"], t["status"]) == (1, 3, 0.5, "chua_dat")
    h = scorecard(con, "P2.2", "2022-03", "huyen")
    assert (h["numerator"], h["denominator"], h["threshold"], h["status"]) == (2, 5, 0.4, "dat")
    x = scorecard(con, "P2.2", "2022-03", "xa")
    assert (x["threshold"], x["status"]) == (0.35, "chua_dat")
    tt = scorecard(con, "P2.2", "2022-03")
    # toan_tinh: empty threshold, dat only when every level is; tw (outside scope) excluded:
    # (1 + 2 + 1) / (3 + 5 + 3) = 4/11
    assert (tt["numerator"], tt["denominator"], tt["threshold"], tt["status"]) == (4, 11, None, "chua_dat")
    # 2022-04: every level dat -> toan_tinh dat
    assert [scorecard(con, "P2.2", "2022-04", lv)["status"] for lv in ("tinh", "huyen", "xa")] == ["dat"] * 3
    assert scorecard(con, "P2.2", "2022-04")["status"] == "dat"
    # 2022-05: xa has no dossier (khong_co_du_lieu) -> toan_tinh not dat
    assert scorecard(con, "P2.2", "2022-05", "xa")["status"] == "khong_co_du_lieu"
    assert scorecard(con, "P2.2", "2022-05")["status"] == "khong_co_du_lieu"
    # agency rows carry their level's threshold
    a = scorecard(con, "P2.2", "2022-03", "huyen", ma_don_vi=HUYEN)
    assert (a["threshold"], a["status"]) == (0.4, "dat")


def test_scoped_toan_tinh_excludes_tw(con):
    # metric_values' toan_tinh has every level: tw's 2 dossiers included -> 4/13
    mv = rows(
        con,
        "SELECT numerator, denominator FROM metric_values WHERE metric_id = "
        "'result_digitization_rate' AND period = '2022-03' AND level = 'toan_tinh' "
        "AND ma_don_vi IS NULL",
    )[0]
    assert (mv["numerator"], mv["denominator"]) == (4, 13)
    # the scorecard's toan_tinh of P2.2 (scope tinh, huyen, xa) does not: 4/11
    assert scorecard(con, "P2.2", "2022-03")["denominator"] == 11


def test_zero_denominator_is_no_data(con):
    for tid in ("P2.2", "P2.6a", "P2.4c"):
        r = scorecard(con, tid, "2022-06")
        assert (r["denominator"], r["value"], r["status"]) == (0, None, "khong_co_du_lieu"), tid


def test_tracking_is_theo_doi(con):
    # P2.5 postal_dossier_share (scope tinh, huyen, xa): 2022-03 PB by post of the 11 dossiers
    # of the scope (13 minus tw's 2), no threshold -> theo_doi
    r = scorecard(con, "P2.5", "2022-03")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (1, 11, None, "theo_doi")
    # TD.1 (indicator, reference 0.9984) is tracked too, its reference is no threshold;
    # no dossier resolved -> no data
    r = scorecard(con, "TD.1", "2022-03")
    assert (r["threshold"], r["reference_value"], r["status"]) == (None, 0.9984, "khong_co_du_lieu")
    assert r["reference_source"] == "Hà Tĩnh 2020: 99,84% đúng hạn"


def test_every_target_has_a_year_row_at_toan_tinh(con):
    doc = yaml.safe_load(HATINH_PLAN.read_text(encoding="utf-8"))
    ids = {t["id"] for t in doc["targets"]} | {t["id"] for t in doc.get("indicators", [])}
    got = {
        r["target_id"]
        for r in rows(
            con, "SELECT DISTINCT target_id FROM plan_scorecard WHERE period = '2022' AND level = 'toan_tinh'"
        )
    }
    assert got == ids
    # every period of dim_period, and the status domain
    n_periods = rows(con, "SELECT count(*) AS n FROM dim_period")[0]["n"]
    per = rows(con, "SELECT target_id, count(DISTINCT period) AS n FROM plan_scorecard GROUP BY ALL")
    assert {r["n"] for r in per} == {n_periods}
    statuses = {r["status"] for r in rows(con, "SELECT DISTINCT status FROM plan_scorecard")}
    assert statuses <= {"dat", "chua_dat", "khong_co_du_lieu", "chua_den_han", "theo_doi"}
    # scoped targets: toan_tinh + each level of the scope; unscoped: all four levels
    lv = {
        r["level"]
        for r in rows(con, "SELECT DISTINCT level FROM plan_scorecard WHERE target_id = 'P2.1' AND ma_don_vi IS NULL")
    }
    assert lv == {"toan_tinh", "tinh", "huyen", "xa"}
    assert (
        rows(con, "SELECT table_type FROM information_schema.tables WHERE table_name = 'plan_scorecard'")[0][
            "table_type"
        ]
        == "VIEW"
    )


def test_second_plan_file_gives_its_own_scorecard(tmp_path):
    recs = {
        "donvi": AGENCIES,
        "hoso": [
            hoso("Q1", "2023-02-01 08:00", ma_don_vi=TINH, da_so_hoa_ket_qua=True, ten_linh_vuc="Hộ tịch"),
            hoso("Q2", "2023-02-01 08:00", ma_don_vi=HUYEN, da_so_hoa_ket_qua=False, ten_linh_vuc="Đất đai"),
        ],
        "danhgia": [danhgia("V1", "Q1", "2023-02-05 08:00", 5), danhgia("V2", "Q2", "2023-02-05 08:00", 3)],
        "nhiemvu": [nhiemvu("QB.5", TINH, "2023-04-30")],
    }
    c = build_from_records(tmp_path, recs, as_of=date(2023, 3, 31), plan_paths=[OTHER_PLAN])
    try:
        assert rows(c, "SELECT plan_id FROM run_params")[0]["plan_id"] == "quangbinh-2023"
        assert {r["plan_id"] for r in rows(c, "SELECT DISTINCT plan_id FROM plan_scorecard")} == {"quangbinh-2023"}
        ids = {
            r["target_id"]
            for r in rows(
                c, "SELECT DISTINCT target_id FROM plan_scorecard WHERE period = '2023' AND level = 'toan_tinh'"
            )
        }
        assert ids == {"QB.1", "QB.2", "QB.3", "QB.4", "QB.5", "QB.6", "QB.7"}
        # QB.2 per level (tinh 0.60: 1/1 dat; huyen 0.50: 0/1 chua_dat) -> toan_tinh chua_dat
        assert scorecard(c, "QB.2", "2023", "tinh")["threshold"] == 0.6
        assert scorecard(c, "QB.2", "2023", "huyen")["status"] == "chua_dat"
        assert scorecard(c, "QB.2", "2023")["status"] == "chua_dat"
        # QB.3 satisfaction >= 0.95: 1/2 -> chua_dat; QB.4 groups of this plan: tu_phap (Hộ tịch)
        # 1/1 dat, dat_dai 0/1 chua_dat
        assert scorecard(c, "QB.3", "2023")["status"] == "chua_dat"
        assert scorecard(c, "QB.4", "2023", group_key="tu_phap")["status"] == "dat"
        assert scorecard(c, "QB.4", "2023", group_key="dat_dai")["status"] == "chua_dat"
        # QB.5 due 30/04/2023 after E 31/03, not done -> chua_den_han
        assert scorecard(c, "QB.5", "2023")["status"] == "chua_den_han"
    finally:
        c.close()


def _write_plan(tmp_path, target: dict) -> str:
    doc = {"plan": {"id": "bad-2024", "title": "x", "year": 2024}, "targets": [target]}
    p = tmp_path / "bad-plan.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


def test_unknown_metric_fails_clearly(tmp_path):
    p = _write_plan(tmp_path, {"id": "X.1", "kind": "ratio", "metric": "happiness_rate", "threshold": 0.5})
    con = connect()
    with pytest.raises(PlanError) as e:
        load_plans(con, [p])
    msg = str(e.value)
    assert "bad-plan.yaml" in msg and "X.1" in msg and "happiness_rate" in msg
    # and the build refuses it too
    with pytest.raises(PlanError):
        build_from_records(tmp_path, {"donvi": AGENCIES}, as_of=date(2024, 1, 31), plan_paths=[p])


@pytest.mark.parametrize(
    "target, words",
    [
        ({"id": "X.2", "kind": "goal", "metric": "satisfaction_rate", "threshold": 0.5}, ["X.2", "kind", "goal"]),
        ({"id": "X.3", "kind": "ratio", "metric": "satisfaction_rate"}, ["X.3", "threshold"]),
        (
            {"id": "X.4", "kind": "ratio", "metric": "satisfaction_rate", "threshold": 0.5, "scope": ["tinh", "thon"]},
            ["X.4", "thon"],
        ),
        (
            {
                "id": "X.5",
                "kind": "ratio",
                "metric": "satisfaction_rate_by_field_group",
                "threshold": 0.5,
                "field_groups": ["y_te"],
            },
            ["X.5", "y_te"],
        ),
        ({"id": "X.6", "kind": "tracking", "metric": "regulatory_activity_count"}, ["X.6", "activity"]),
        ({"id": "X.7", "kind": "milestone"}, ["X.7", "due"]),
    ],
)
def test_invalid_plans_name_file_and_target(tmp_path, target, words):
    p = _write_plan(tmp_path, target)
    with pytest.raises(PlanError) as e:
        load_plans(connect(), [p])
    for w in ["bad-plan.yaml", *words]:
        assert w in str(e.value), (w, str(e.value))


def test_plan_tables(tmp_path):
    con = connect()
    assert load_plans(con, [HATINH_PLAN, OTHER_PLAN]) == ["hatinh-2022", "quangbinh-2023"]
    r = rows(con, "SELECT * FROM plan_targets WHERE target_id = 'P2.6b'")[0]
    assert (r["kind"], r["metric_id"], r["threshold"], r["scope"], r["field_groups"]) == (
        "ratio",
        "satisfaction_rate_by_field_group",
        0.85,
        ["tinh", "huyen", "xa", "tw"],
        ["dat_dai", "xay_dung", "dau_tu"],
    )
    r = rows(con, "SELECT * FROM plan_targets WHERE target_id = 'P2.7'")[0]
    assert (r["kind"], r["metric_id"], r["task"], r["due_date"]) == (
        "milestone",
        "task_completion_rate",
        "P2.7",
        date(2022, 6, 30),
    )
    r = rows(con, "SELECT * FROM plan_targets WHERE target_id = 'P1.V.2'")[0]
    assert (r["reference_value"], r["reference_rule"], r["due_date"]) == (
        1.0,
        "QĐ 766 chỉ số 5.2: xử lý trong 15 ngày làm việc",
        date(2022, 12, 31),
    )
    lv = rows(con, "SELECT level, threshold FROM plan_target_levels WHERE target_id = 'P2.2' ORDER BY threshold")
    assert [(x["level"], x["threshold"]) for x in lv] == [("xa", 0.35), ("huyen", 0.4), ("tinh", 0.5)]
    names = {
        x["ten_linh_vuc"]
        for x in rows(
            con, "SELECT ten_linh_vuc FROM plan_field_groups WHERE plan_id = 'quangbinh-2023' AND group_key = 'tu_phap'"
        )
    }
    assert names == {"hộ tịch", "chứng thực"}


def test_flow_style_targets_keep_their_whole_text():
    """The 2022 plan writes some targets in YAML flow style with unquoted commas in the text:
    the loader joins the pieces back (P1.I.2's text is a whole sentence, not 'Chỉ đạo')."""
    from pipelines.settings import PLANS_DIR
    from pipelines.warehouse.plan import parse_plan

    plan = parse_plan(PLANS_DIR / "hatinh-2022.yaml")
    text = {t["target_id"]: t["text"] for t in plan["targets"]}
    assert text["P1.I.2"] == (
        "Chỉ đạo, hướng dẫn, đôn đốc các cơ quan, đơn vị, địa phương thực hiện công tác kiểm soát TTHC."
    )
    assert text["P1.I.1"].startswith(
        "Xây dựng Kế hoạch hoạt động kiểm soát TTHC và thực hiện cơ chế một cửa, "
        "một cửa liên thông, thực hiện TTHC trên môi trường điện tử"
    )
