"""The simulator's QĐ 766 exports (index-766.md §6): the new entities and columns exist, are
believable (digitised components, result documents with and without links, fees with
exemptions, sync times, VNeID), are deterministic for a seed, and every file the simulator
writes is read back by the pipeline's readers with the same row counts — the entities nested in
JSON dossier files included — without any file name or path reaching the parsed Parquet."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import parse_pending
from pipelines.readers.read import read_file
from pipelines.settings import data_paths
from simulator.generate import generate_world
from simulator.run import simulate

START, END = dt.date(2022, 6, 1), dt.date(2022, 7, 31)
NEW = ("tailieunop", "giaytoketqua", "lephi", "tthc_donvi")


@pytest.fixture(scope="module")
def world():
    return generate_world(seed=11, scale=0.01, start=START, end=END)


def test_new_entities_exist_and_are_believable(world):
    v = world.versions
    for e in NEW:
        assert len(v[e]) > 0, e
    hoso, files, docs, fees = v["hoso"], v["tailieunop"], v["giaytoketqua"], v["lephi"]
    last = hoso.drop_duplicates("ma_ho_so", keep="last").set_index("ma_ho_so")
    # every row of a dossier entity belongs to a dossier of the world
    for df in (files, docs, fees):
        assert df["ma_ho_so"].isin(last.index).all()
    # files: some with a path (uploaded or scanned), some paper only; names name the applicant
    with_path = files["duong_dan_tep"].notna()
    assert 0.3 < with_path.mean() < 1.0
    owner = last.loc[files["ma_ho_so"], "chu_ho_so"].to_numpy()
    assert all(o in name for o, name in zip(owner, files["ten_tep"]))
    assert files["da_xoa"].eq(1).any() and files["duoc_tai_su_dung"].isin([1, 2]).any()
    # result documents: electronic ones (link) and paper ones (no link), only for resolved dossiers
    linked = docs["duong_dan_tep_ket_qua"].notna()
    assert linked.any() and (~linked).any()
    assert last.loc[docs["ma_ho_so"], "trang_thai"].isin([9, 10]).all()
    # a code without a link never happens (the code is the electronic result's)
    assert not (docs["ma_giay_to_ket_qua"].notna() & ~linked).any()
    # fees: an exempted dossier lists its fee at 0, has phi_le_phi 0 and no transaction
    exempt = fees.groupby("ma_ho_so")["gia"].sum().pipe(lambda s: s[s == 0]).index
    assert len(exempt) > 0
    assert (last.loc[exempt, "phi_le_phi"] == 0).all()
    assert not v["thanhtoan"]["ma_ho_so"].isin(exempt).any()
    # otherwise the items add up to the dossier's fee
    charged = fees.groupby("ma_ho_so")["gia"].sum()
    charged = charged[charged > 0]
    assert (charged == last.loc[charged.index, "phi_le_phi"]).all()
    assert fees.groupby("ma_ho_so").size().max() == 2  # a phí thẩm định and a lệ phí
    # sync: a time exactly when synced, never before the dossier was submitted
    synced = last["da_dong_bo_dvcqg"] == 1
    assert last.loc[~synced, "ngay_dong_bo_dvcqg"].isna().all()
    t = last.loc[synced & last["ngay_dong_bo_dvcqg"].notna()]
    assert len(t) > 0 and (t["ngay_dong_bo_dvcqg"] >= t["ngay_nop"]).all()
    assert v["tientrinh"]["ngay_dong_bo_dvcqg"].notna().any()
    # VNeID only on online dossiers
    assert last["tai_khoan_vneid"].eq(1).any()
    assert (last.loc[last["tai_khoan_vneid"] == 1, "kenh"] == 2).all()
    # the catalogue's and PAKN's columns, TTHC_DONVI's statuses
    assert set(v["tthc"]["trang_thai_cong_khai"]) >= {"Đang công khai", "Chưa công khai"}
    assert v["tthc"]["co_ket_qua_giay_to"].isin([0, 1]).all() and v["tthc"]["ma_don_vi_chu_tri"].notna().all()
    assert set(v["tthc_donvi"]["trang_thai_dvc"]) >= {"Đang công khai", "Dừng công khai"}
    pakn = v["pakn"]
    assert pakn["phan_loai"].notna().all()
    # PAKN about a dossier: a real dossier, resolved before the PAKN was received
    about = pakn[pakn["ma_ho_so"].notna()]
    assert len(about) > 0 and about["ma_ho_so"].isin(last.index).all()
    assert (last.loc[about["ma_ho_so"], "ngay_ket_thuc_xu_ly"].to_numpy() < about["ngay_tiep_nhan"].to_numpy()).all()
    # reactions: some PAKN disliked more than liked, some raising an earlier one again
    assert (pakn["so_khong_thich"] > pakn["so_thich"]).any() and pakn["ma_pakn_goc"].notna().any()


def test_deterministic_for_a_seed(world):
    again = generate_world(seed=11, scale=0.01, start=START, end=END)
    for e in (*NEW, "hoso", "tientrinh", "pakn", "tthc"):
        pd.testing.assert_frame_equal(world.versions[e], again.versions[e], obj=e)
    other = generate_world(seed=12, scale=0.01, start=START, end=END)
    assert not other.versions["tailieunop"]["ma_ho_so"].equals(world.versions["tailieunop"]["ma_ho_so"])


@pytest.fixture(scope="module")
def written(tmp_path_factory, world):
    out = tmp_path_factory.mktemp("sim766")
    return out, simulate(out, seed=11, world=world)


def test_every_file_read_back_with_its_rows(written, world):
    out, res = written
    nested_seen = 0
    by_entity = {e: 0 for e in NEW}
    for f in res["files"]:
        r = read_file(out / f["file"], landed_on=END)
        assert r.error is None, (f, r.error)
        assert r.entity == f["entity"] and r.rows_in == f["rows"] and r.rows_quarantined == 0, (f, r.message)
        got = {c.entity: (c.rows_in, c.rows_quarantined) for c in r.children}
        assert got == {e: (n, 0) for e, n in f.get("nested_rows", {}).items()}, f
        nested_seen += bool(got)
        if "duplicate_of" not in f:
            if f["entity"] in by_entity:
                by_entity[f["entity"]] += r.rows_loaded
            for c in r.children:
                by_entity[c.entity] += c.rows_loaded
    assert nested_seen > 0  # some dossier files were DVCQG JSON with nested arrays
    formats = {(f["entity"], f["format"]) for f in res["files"]}
    assert {("tailieunop", "csv"), ("tailieunop", "xlsx")} & formats
    # every generated row was delivered once, in its own file or nested in a dossier file
    assert by_entity == {e: len(world.versions[e]) for e in NEW}


def test_file_names_and_paths_never_parsed(written, world, tmp_path):
    out, res = written
    paths = data_paths(tmp_path / "data")
    land_inbox(out / "inbox", paths)
    outcomes = parse_pending(paths)
    assert all(o["status"] == "loaded" for o in outcomes)
    # the file names ("Tờ khai - <applicant>.pdf"; applicants' names alone may be officers' too)
    names = set(world.versions["tailieunop"]["ten_tep"])
    sample = sorted(names)[:: max(1, len(names) // 200)]
    for p in paths.parsed.rglob("*.parquet"):
        t = pq.read_table(p)
        assert not {"ten_tep", "duong_dan_tep", "duong_dan_tep_ket_qua", "chu_ho_so"} & set(t.column_names), p
        text = json.dumps(t.to_pylist(), default=str, ensure_ascii=False)
        assert "/dvc/upload/" not in text and "/dvc/ketqua/" not in text, p
        assert not any(n in text for n in sample), p
    # parsed rows of the new entities: each generated row once (a file re-delivered with the
    # same bytes is landed once)
    parsed = {e: sum(pq.read_metadata(p).num_rows for p in (paths.parsed / e).glob("*.parquet")) for e in NEW}
    assert parsed == {e: len(world.versions[e]) for e in NEW}
