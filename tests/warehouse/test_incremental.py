"""A nightly increment gives exactly the warehouse a full build of the same files gives.

A simulated quarter with faults (quarantined rows, orphan evaluations and payments, unknown
agencies, re-sent versions, files delivered twice) is delivered night by night: the first
nights are built whole, each later night as an increment of the published database; after
every increment every table (and view) must equal a full rebuild of the same landed files at
the same as-of date, row for row (run ids aside).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipelines.flows.nightly import run_pipeline
from pipelines.settings import connect, data_paths

N_INCREMENTS = 2  # two increments in a row: the second starts from an increment, not a full build


def _relations(con) -> list[tuple[str, list[str]]]:
    rels = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
            "ORDER BY 1"
        ).fetchall()
    ]
    out = []
    for r in rels:
        cols = [c[0] for c in con.execute(f'DESCRIBE SELECT * FROM "{r}"').fetchall()]
        out.append((r, cols))
    return out


def assert_same_warehouse(a: Path, b: Path) -> None:
    con = connect(a, read_only=True)
    try:
        me = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH '{b}' AS other (READ_ONLY)")
        mine = _relations(con)
        con.execute("USE other")
        theirs = _relations(con)
        con.execute(f"USE {me}")
        assert [r for r, _ in mine] == [r for r, _ in theirs]
        for (rel, cols), (_, cols_b) in zip(mine, theirs):
            assert cols == cols_b, rel
            keep = ", ".join(f'"{c}"' for c in cols if c != "run_id")
            for x, y in ((me, "other"), ("other", me)):
                n = con.execute(
                    f'SELECT count(*) FROM (SELECT {keep} FROM {x}.main."{rel}" '
                    f'EXCEPT ALL SELECT {keep} FROM {y}.main."{rel}")'
                ).fetchone()[0]
                assert n == 0, f"{rel}: {n} rows of the {x} build not in the {y} build"
    finally:
        con.close()


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    from simulator.run import simulate

    sim = tmp_path_factory.mktemp("simq")
    simulate(sim, seed=11, scale=0.02, start=date(2022, 1, 1), end=date(2022, 3, 31), faults=True)
    return sorted(p for p in (sim / "inbox").iterdir() if p.is_dir())


def _deliver(nights: list[Path], inbox: Path) -> Path:
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    for n in nights:
        shutil.copytree(n, inbox / n.name)
    return inbox


@pytest.mark.slow
def test_increments_equal_full_builds_night_after_night(quarter, tmp_path):
    nights = quarter
    data = tmp_path / "nightly"
    first = run_pipeline(_deliver(nights[:-N_INCREMENTS], tmp_path / "in"), data_dir=data)
    assert first["status"] == "published", first.get("error")
    assert first["build_mode"] == "full" and first["build_mode_reason"] == "chưa có cơ sở dữ liệu đã công bố"
    for night in nights[-N_INCREMENTS:]:
        s = run_pipeline(_deliver([night], tmp_path / "in"), data_dir=data)
        assert s["status"] == "published", s.get("error")
        assert s["build_mode"] == "increment", s.get("build_mode_reason")
        # the same landed files, built whole at the same as-of date, into another folder
        whole = tmp_path / f"whole-{night.name}"
        shutil.copytree(data_paths(data).raw, data_paths(whole).raw)
        w = run_pipeline(None, as_of=date.fromisoformat(s["as_of"]), data_dir=whole, full_rebuild=True)
        assert w["status"] == "published", w.get("error")
        assert w["build_mode"] == "full"
        assert_same_warehouse(data_paths(data).curated_db, data_paths(whole).curated_db)
        shutil.rmtree(whole)


def test_nothing_new_is_an_increment_and_changes_nothing(quarter, tmp_path):
    data = tmp_path / "d"
    run_pipeline(_deliver(quarter[:20], tmp_path / "in"), data_dir=data)
    before = tmp_path / "before.duckdb"
    shutil.copyfile(data_paths(data).curated_db, before)
    s = run_pipeline(None, data_dir=data)
    assert s["status"] == "published" and s["build_mode"] == "increment"
    assert_same_warehouse(before, data_paths(data).curated_db)


def test_a_full_build_is_chosen_when_it_must_be(quarter, tmp_path, monkeypatch):
    data = tmp_path / "d"
    s = run_pipeline(_deliver(quarter[:20], tmp_path / "in"), data_dir=data)
    as_of = date.fromisoformat(s["as_of"])
    # an earlier as-of date than the published one
    s = run_pipeline(None, as_of=date(as_of.year, 1, 5), data_dir=data)
    assert s["build_mode"] == "full" and "trước ngày chốt đã công bố" in s["build_mode_reason"]
    # the SQL changed (fingerprint)
    from pipelines.warehouse import state

    monkeypatch.setattr(state, "fingerprint", lambda *a, **k: "something else")
    s = run_pipeline(None, data_dir=data)
    assert s["build_mode"] == "full" and "đã thay đổi" in s["build_mode_reason"]
    monkeypatch.undo()
    # asked for
    s = run_pipeline(None, data_dir=data, full_rebuild=True)
    assert s["build_mode"] == "full" and s["build_mode_reason"] == "được yêu cầu dựng lại toàn bộ"
    monkeypatch.setenv("MOTCUA_FULL_REBUILD", "1")
    s = run_pipeline(None, data_dir=data)
    assert s["build_mode"] == "full"
    monkeypatch.delenv("MOTCUA_FULL_REBUILD")
    s = run_pipeline(None, data_dir=data)
    assert s["build_mode"] == "increment"


# ------------------------------------------------------------------- hand-made: keyed models


def _write_night(folder: Path, night: int, records: dict[str, list[dict]]) -> dict[str, list[Path]]:
    """One parsed parquet per entity, named by a made-up file id, as parse_one writes them."""
    import pyarrow.parquet as pq

    from tests.warehouse.helpers import records_to_table

    out: dict[str, list[Path]] = {}
    for entity, rows in records.items():
        fid = f"n{night}{entity}"
        t = records_to_table(entity, [{**r, "_file_id": fid, "_row": i + 2} for i, r in enumerate(rows)])
        p = folder / entity / f"{fid}.parquet"
        p.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(t.drop(["_landed_seq"]), p)
        out[entity] = [p]
    return out


def test_evaluations_and_payments_follow_their_dossier_in_an_increment(tmp_path):
    # Night 1: dossier A at the department (tinh), with an evaluation and a payment; an
    # evaluation of dossier B, not known yet (an orphan). Night 2: A is moved to the district
    # (a new version, new agency, so a new level) and B arrives. The evaluation and payment of
    # A must now carry the district; B's evaluation must leave the orphans and count.
    from pipelines.warehouse import incremental
    from pipelines.warehouse.build import build_database
    from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, hoso

    plans = sorted((Path(__file__).parents[2] / "plans").glob("*.yaml"))
    n1 = _write_night(
        tmp_path / "parsed",
        1,
        {
            "donvi": AGENCIES,
            "hoso": [
                hoso(
                    "A",
                    ma_don_vi=TINH,
                    trang_thai=10,
                    ngay_cap_nhat="2022-03-15 09:00",
                    ngay_ket_thuc_xu_ly="2022-03-15 09:00",
                    ngay_hen_tra="2022-03-20 17:00",
                )
            ],
            "danhgia": [
                {"ma_danh_gia": "E1", "ma_ho_so": "A", "thoi_diem": "2022-03-16 10:00", "muc_do_hai_long": 5},
                {"ma_danh_gia": "E2", "ma_ho_so": "B", "thoi_diem": "2022-03-16 11:00", "muc_do_hai_long": 2},
            ],
            "thanhtoan": [
                {
                    "ma_giao_dich": "T1",
                    "ma_ho_so": "A",
                    "so_tien": 50000,
                    "hinh_thuc": 1,
                    "thoi_diem": "2022-03-11 10:00",
                    "trang_thai": "thanh_cong",
                }
            ],
        },
    )
    n2 = _write_night(
        tmp_path / "parsed",
        2,
        {
            "hoso": [
                hoso(
                    "A",
                    ma_don_vi=HUYEN,
                    trang_thai=10,
                    ngay_cap_nhat="2022-03-17 09:00",
                    ngay_ket_thuc_xu_ly="2022-03-15 09:00",
                    ngay_hen_tra="2022-03-20 17:00",
                ),
                hoso("B", ma_don_vi=TINH, ngay_cap_nhat="2022-03-17 10:00"),
            ]
        },
    )
    seq = {p.stem: i for i, p in enumerate(sorted(p for ps in (*n1.values(), *n2.values()) for p in ps), 1)}
    seq.update({p.stem: 100 + i for i, p in enumerate(p for ps in n2.values() for p in ps)})
    both = {e: n1.get(e, []) + n2.get(e, []) for e in set(n1) | set(n2)}
    files = {p.stem: e for e, ps in both.items() for p in ps}

    published = tmp_path / "published.duckdb"
    build_database(
        published,
        n1,
        date(2022, 3, 16),
        plans,
        landed_seq=seq,
        state_files={p.stem: e for e, ps in n1.items() for p in ps},
    )
    inc = incremental.build_increment(
        published,
        tmp_path / "inc.duckdb",
        both,
        date(2022, 3, 17),
        plans,
        run_id="x",
        landed_seq=seq,
        file_entities=files,
    )
    assert inc is not None, incremental.last_reason
    whole = build_database(
        tmp_path / "whole.duckdb", both, date(2022, 3, 17), plans, landed_seq=seq, run_id="x", state_files=files
    )
    assert_same_warehouse(inc.db_path, whole.db_path)
    con = connect(inc.db_path, read_only=True)
    try:
        assert con.execute("SELECT ma_danh_gia, level FROM core_danhgia ORDER BY 1").fetchall() == [
            ("E1", "huyen"),
            ("E2", "tinh"),
        ]
        assert con.execute("SELECT ma_giao_dich, level FROM core_thanhtoan").fetchall() == [("T1", "huyen")]
        assert con.execute("SELECT count(*) FROM orphan_danhgia").fetchone()[0] == 0
    finally:
        con.close()
