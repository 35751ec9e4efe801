"""The QĐ 766 index on the small simulated year of tests/inspect/conftest.py (`sim_year`, run through
the nightly flow): the index has a row for every evaluated unit and month, the province's points
equal a recomputation from the record-level facts (docs/index-766.md §2, §4: count DISTINCT records
of the units of toan_tinh, then the version's rule), the loss shares add up to the province's lost
points for every indicator (§5), and the "Chỉ số 766" page renders without an error."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from pipelines.reports.render import render_notebook
from pipelines.settings import connect

pytestmark = pytest.mark.slow

PROVINCE_LEVELS = {"tinh", "huyen", "xa"}  # include_tw: false (data/reference/index766_weights.yaml)


@pytest.fixture(scope="module")
def con(sim_year):
    c = connect(sim_year.db, read_only=True)
    yield c
    c.close()


def _rows(con, sql, params=()):
    cur = con.execute(sql, list(params))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _months(con):
    """The months a version of the index is in force for (index766_version_from): earlier months
    of the data (the simulator's carried-over dossiers of 2021) have no version, so no score."""
    return [
        r["period"]
        for r in _rows(
            con,
            "SELECT period FROM dim_period WHERE period_kind = 'month' "
            "AND period_start >= (SELECT min(valid_from) FROM index766_version_from) ORDER BY 1",
        )
    ]


def test_every_unit_and_month_has_a_score(con):
    units = {
        r["eval_ma_don_vi"]
        for r in _rows(con, "SELECT DISTINCT eval_ma_don_vi FROM eval_unit WHERE NOT is_service_centre")
        if r["eval_ma_don_vi"]
    }
    assert units
    scored = defaultdict(set)
    for r in _rows(con, "SELECT period, ma_don_vi FROM index766_total WHERE ma_don_vi IS NOT NULL"):
        scored[r["period"]].add(r["ma_don_vi"])
    months = _months(con)
    assert months
    for m in months:
        assert units <= scored[m], (m, sorted(units - scored[m])[:5])
    prov = {r["period"] for r in _rows(con, "SELECT period FROM index766_total WHERE level = 'toan_tinh'")}
    assert set(months) <= prov


def _points(w, n, d, mult):
    """The version's rule on r = n/d (× the multiplier's n/d), docs/index-766.md §1."""
    if d == 0:
        return w["max_points"] if w["empty_rule"] == "full" else 0.0
    r = n / d
    if mult is not None:
        r *= mult[0] / mult[1] if mult[1] else 1.0
    t = (w["threshold_pct"] or 100) / 100
    return w["max_points"] * min(1.0, r / t)


def test_province_points_equal_a_recomputation_from_the_facts(con):
    level = {
        r["eval_ma_don_vi"]: r["eval_level"]
        for r in _rows(con, "SELECT DISTINCT eval_ma_don_vi, eval_level FROM eval_unit")
    }
    rollup = {
        r["indicator_id"]: r["rollup"]
        for r in _rows(con, "SELECT indicator_id, rollup FROM index766_indicator_catalog")
    }
    # n, d of toan_tinh per (period, indicator): distinct records of the province's units (and of no unit)
    fav: dict = defaultdict(dict)
    for r in _rows(
        con,
        "SELECT indicator_id, period_id, ma_don_vi, record_key, is_favourable FROM index766_facts WHERE in_denominator",
    ):
        if r["ma_don_vi"] is not None and level.get(r["ma_don_vi"]) not in PROVINCE_LEVELS:
            continue
        key, rec = (r["period_id"], r["indicator_id"]), r["record_key"]
        f = bool(r["is_favourable"])
        old = fav[key].get(rec)
        fav[key][rec] = f if old is None else (old or f if rollup.get(r["indicator_id"], "any") == "any" else old and f)
    nd = {k: (sum(v.values()), len(v)) for k, v in fav.items()}
    rows = _rows(
        con,
        "SELECT i.period, i.indicator_id, i.numerator, i.denominator, i.points, i.status, w.max_points, w.rule, "
        "w.threshold_pct, w.empty_rule, w.multiplier FROM index766_indicator AS i JOIN index766_weights AS w "
        "ON i.version = w.version AND i.indicator_id = w.indicator_id WHERE i.level = 'toan_tinh'",
    )
    checked, totals = 0, defaultdict(float)
    for r in rows:
        if r["status"] not in ("tinh_diem", "khong_phat_sinh"):
            continue
        n, d = nd.get((r["period"], r["indicator_id"]), (0, 0))
        assert (r["numerator"] or 0, r["denominator"] or 0) == (n, d), r
        mult = nd.get((r["period"], r["multiplier"]), (0, 0)) if r["multiplier"] else None
        expected = 0.0 if r["rule"] == "show" else _points(r, n, d, mult)
        assert math.isclose(r["points"], expected, abs_tol=1e-9), (r, expected)
        totals[r["period"]] += expected
        checked += 1
    assert checked > 0
    for t in _rows(con, "SELECT period, points_computed FROM index766_total WHERE level = 'toan_tinh'"):
        assert math.isclose(t["points_computed"], totals[t["period"]], abs_tol=1e-6), t


def test_loss_shares_add_up_to_the_province_loss(con):
    rows = _rows(
        con,
        """
        SELECT l.period, l.indicator_id, sum(l.share_of_province_loss) AS shares, any_value(p.points_lost) AS lost
        FROM index766_loss AS l
        JOIN index766_indicator AS p
            ON l.version = p.version AND l.period = p.period AND l.indicator_id = p.indicator_id
            AND p.level = 'toan_tinh'
        WHERE p.status = 'tinh_diem'
        GROUP BY ALL""",
    )
    assert rows
    for r in rows:
        assert math.isclose(r["shares"] or 0.0, r["lost"], abs_tol=1e-9), r


def test_the_page_renders(sim_year, tmp_path):
    out = tmp_path / "chi_so_766.html"
    res = render_notebook("chi_so_766", sim_year.db, out, {}, "Chỉ số 766")
    assert res["ok"], res
    page = out.read_text(encoding="utf-8")
    assert "Traceback" not in page and "Điểm theo nhóm" in page
