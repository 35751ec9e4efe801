"""Faults: only with faults=True, each recorded with the file and row a reader would report."""

from __future__ import annotations

import json
import zipfile

import pytest
import python_calamine

from simulator.faults import COUNTS, FAULT_KINDS, UNKNOWN_AGENCY
from simulator.run import simulate

from .test_export import read_any, small_world


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    out = tmp_path_factory.mktemp("faulty")
    world = small_world(nights=14, per_night=25, seed=3)
    return out, simulate(out, seed=5, world=world, faults=True), world


def _canon(entity: str, header: list) -> list:
    """Header cells -> canonical names (any spelling the exporter uses)."""
    from simulator.export.headers import COLUMNS

    from .test_export import _norm

    names = {}
    for c in COLUMNS[entity]:
        for h in (c.vi, *c.also, c.key or c.vi):
            names[_norm(h)] = c.name
    return [names.get(_norm(h)) for h in header]


def test_no_faults_without_flag(tmp_path):
    res = simulate(tmp_path, seed=5, world=small_world(nights=4, per_night=5), faults=False)
    assert res["faults"] == []
    assert not any(f.get("fault") for f in res["files"])


def test_every_kind_recorded(faulty):
    out, res, _ = faulty
    kinds = [f["kind"] for f in res["faults"]]
    assert set(kinds) == set(FAULT_KINDS)
    for k in FAULT_KINDS:
        assert 1 <= kinds.count(k) <= COUNTS[k] <= 5
    man = json.loads((out / "_simulation.json").read_text(encoding="utf-8"))
    assert man["faults"] == res["faults"]
    for f in res["faults"]:
        assert set(f) == {"file", "row", "column", "kind", "description"}
        assert (out / f["file"]).exists()


def test_whole_file_faults(faulty):
    out, res, _ = faulty
    trunc = next(f for f in res["faults"] if f["kind"] == "truncated_xlsx")
    assert trunc["row"] is None and trunc["file"].endswith(".xlsx")
    with pytest.raises(python_calamine.CalamineError):
        read_any(out / trunc["file"])
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(out / trunc["file"]).testzip()
    unk = next(f for f in res["faults"] if f["kind"] == "unknown_kind")
    header, data, _ = read_any(out / unk["file"])
    assert "Họ và tên cán bộ" in header and len(data) > 0


def test_row_faults_at_reported_rows(faulty):
    out, res, _ = faulty
    for f in res["faults"]:
        if f["row"] is None:
            continue
        header, data, info = read_any(out / f["file"])
        if f["file"].endswith(".xlsx"):
            idx = f["row"] - info["header_row"] - 1  # spreadsheet row -> data index
        else:
            idx = f["row"] - 1  # 1-based record / array index
        entity = next(g["entity"] for g in res["files"] if g["file"] == f["file"])
        row = data[idx]
        if isinstance(row, dict):
            header, row = list(row.keys()), list(row.values())
        rec = dict(zip(_canon(entity, header), row))
        get = rec.get
        if f["kind"] == "impossible_date":
            v = str(get("ngay_nop"))
            assert v.startswith(("31/02/2022", "2022-02-31", "20220231")), v
        elif f["kind"] == "empty_key":
            assert get("ma_ho_so" if entity == "hoso" else "ma_danh_gia") in ("", None)
        elif f["kind"] == "unknown_status":
            assert str(get("trang_thai")) in ("11", "11.0")
        elif f["kind"] == "unknown_agency":
            assert UNKNOWN_AGENCY in str(get("ma_don_vi"))
        elif f["kind"] in ("orphan_evaluation", "orphan_payment"):
            assert ".H27-" in str(get("ma_ho_so"))


def test_faults_deterministic(tmp_path):
    w = small_world(nights=6, per_night=10, seed=4)
    a = simulate(tmp_path / "a", seed=9, world=w, faults=True)["faults"]
    b = simulate(tmp_path / "b", seed=9, world=w, faults=True)["faults"]
    assert a == b


def test_truth_rows_still_delivered(faulty):
    """Faults are additions: every world row is still delivered once (beside re-sends)."""
    out, res, world = faulty
    for ent, df in world.versions.items():
        n = sum(
            f["rows"] - f.get("resent_rows", 0)
            for f in res["files"]
            if f["entity"] == ent and "duplicate_of" not in f and not f.get("fault")
        )
        n += sum(f.get("nested_rows", {}).get(ent, 0) for f in res["files"] if "duplicate_of" not in f)
        injected = sum(
            1
            for f in res["faults"]
            if f["row"] is not None and any(g["file"] == f["file"] and g["entity"] == ent for g in res["files"])
        )
        assert n - injected == len(df), ent


def test_faults_without_xlsx(tmp_path):
    res = simulate(tmp_path, seed=5, world=small_world(nights=6, per_night=8), faults=True, formats=("csv",))
    kinds = {f["kind"] for f in res["faults"]}
    assert "truncated_xlsx" not in kinds and "impossible_date" in kinds
    assert {f["format"] for f in res["files"]} == {"csv"}
    for f in res["faults"]:
        if f["row"] is not None:
            header, data, _ = read_any(tmp_path / f["file"])
            assert 1 <= f["row"] <= len(data)
