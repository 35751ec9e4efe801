"""Any province of the reference list, simulated as itself (simulator/province.py,
simulator/plan_file.py; `motcua simulate --province CODE`)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml

from simulator.generate import generate_world
from simulator.plan_file import plan_id, write_plan
from simulator.province import (
    DVHC_CSV,
    HA_TINH,
    build_agencies,
    current,
    dvhc_rows,
    profile,
    simulating,
    volume_factor,
)
from simulator.run import simulate

ROOT = Path(__file__).resolve().parents[2]
# a fortnight at a tiny scale: a few hundred dossiers, every entity present
TINY = dict(scale=0.002, start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 14))


def _agencies(code: str):
    with simulating(code):
        return build_agencies(42)


def test_two_provinces_have_disjoint_units_with_their_own_names():
    qb, qt = _agencies("44"), _agencies("45")
    # every unit id ends with the province's own group: S44, S45 (only Hà Tĩnh's H27 is real)
    assert qb.ma_don_vi.str.endswith(".S44").all() and qt.ma_don_vi.str.endswith(".S45").all()
    assert not set(qb.ma_don_vi) & set(qt.ma_don_vi)
    # the province's UBND, its central agencies and its centre carry its name and GSO code
    top = qb[qb.ma_don_vi == "000.00.00.S44"].iloc[0]
    assert (top.ten_don_vi, top.ma_dvhc) == ("UBND tỉnh Quảng Bình", "44")
    assert {"Công an tỉnh Quảng Bình", "Kho bạc Nhà nước Quảng Bình"} <= set(qb.ten_don_vi)
    assert not qb.ten_don_vi.str.contains("Quảng Trị|Hà Tĩnh").any()
    # its districts and communes are its own: Quảng Bình's 8 district-level units, GSO codes
    # 450–458 (names as dvhcvn spells them)
    districts = qb[qb.cap == "Huyện"]
    assert "UBND Thành Phố Đồng Hới" in set(districts.ten_don_vi)
    assert len(districts) == 8 and districts.ma_dvhc.astype(int).between(450, 458).all()
    assert set(qb[qb.cap == "Xã"].ma_dvhc) == {r["commune_code"] for r in dvhc_rows("44")}


def test_a_centrally_run_city_names_its_units_as_a_city():
    hn = _agencies("01")
    names = set(hn.ten_don_vi)
    # "tỉnh" in a provincial unit's name becomes "thành phố"; departments keep their names
    assert {"UBND thành phố Hà Nội", "Thanh tra thành phố", "Công an thành phố Hà Nội", "Sở Tư pháp"} <= names
    assert "Thanh tra tỉnh" not in names
    # 30 district-level units in 2022 (identifiers 000.01.00 … 000.30.00)
    assert (hn.cap == "Huyện").sum() == 30 and "000.30.00.S01" in set(hn.ma_don_vi)


def test_an_island_district_without_communes_is_not_a_unit():
    # Quảng Trị's Huyện Cồn Cỏ (GSO 471) has no commune-level unit: 10 districts, 9 of them units
    rows = dvhc_rows("45")
    qt = _agencies("45")
    districts_with_communes = {r["district_code"] for r in rows}
    assert set(qt[qt.cap == "Huyện"].ma_dvhc) == districts_with_communes and len(districts_with_communes) == 9
    assert "UBND Huyện Cồn Cỏ" not in set(qt.ten_don_vi)


def test_ha_tinh_from_the_country_list_is_its_own_file():
    # the country's list (dvhcvn, same vintage) and Hà Tĩnh's file agree row for row
    with open(DVHC_CSV, encoding="utf-8") as fh:
        own = sorted(tuple(r.values()) for r in csv.DictReader(fh))
    assert sorted(tuple(r.values()) for r in dvhc_rows(HA_TINH)) == own
    assert len(own) == 216


def test_volume_is_scaled_by_communes_relative_to_ha_tinh():
    # the reference list has no population: Quảng Bình's 151 communes / Hà Tĩnh's 216
    assert len(dvhc_rows("44")) == 151
    assert volume_factor("44") == pytest.approx(151 / 216)
    assert volume_factor(HA_TINH) == 1.0  # exactly: Hà Tĩnh's simulation is unchanged
    # Hà Nội: 579 communes → 579 / 216 ≈ 2,68 times Hà Tĩnh's volume
    assert volume_factor("01") == pytest.approx(579 / 216)


def test_an_unknown_province_is_refused():
    with pytest.raises(ValueError, match="không có tỉnh mã '99'"):
        profile("99")
    with pytest.raises(ValueError):
        with simulating("99"):
            pass
    assert current().code == HA_TINH  # nothing left active after a refusal


def test_dossier_numbers_and_keys_of_two_provinces_never_collide():
    qb = generate_world(seed=5, province="44", **TINY)
    qt = generate_world(seed=5, province="45", **TINY)
    ids_qb, ids_qt = set(qb.versions["hoso"].ma_ho_so), set(qt.versions["hoso"].ma_ho_so)
    # {receiving unit}-{yyMMdd}-{NNNN}: the unit's id carries the province, so the same seed
    # cannot give the same number in two provinces
    assert ids_qb and ids_qt and not ids_qb & ids_qt
    assert all(i.split("-")[0].endswith(".S44") for i in ids_qb)
    # the applicants live in the province: addresses end with its name
    assert qb.versions["hoso"].dia_chi.dropna().str.endswith("Quảng Bình").all()
    assert qb.province == "44" and current().code == HA_TINH


def test_the_province_plan_is_ha_tinh_s_labelled_minh_hoa_with_the_same_thresholds(tmp_path):
    from pipelines.warehouse.plan_schema import check_plan_file  # the project's own check of a plan file

    path = write_plan(profile("44"), tmp_path)
    assert path == tmp_path / "plans" / "quangbinh-2022-minh-hoa.yaml"
    assert check_plan_file(path).issues == []  # a valid plan file
    ours = yaml.safe_load(path.read_text(encoding="utf-8"))
    ha_tinh = yaml.safe_load((ROOT / "plans" / "hatinh-2022.yaml").read_text(encoding="utf-8"))
    assert ours["plan"]["id"] == plan_id(profile("44")) == "quangbinh-2022-minh-hoa"
    assert ours["plan"]["province"] == {"name": "Tỉnh Quảng Bình", "gso_code": "44", "agency_id": "000.00.00.S44"}
    assert ours["plan"]["decision"] == "461/QĐ-UBND (minh họa)"
    assert ours["plan"]["title"].endswith("(minh họa)")
    # every target as in Hà Tĩnh's plan: the national comparison is like with like
    assert ours["targets"] == ha_tinh["targets"]
    # Hà Tĩnh's plan is the project's own: none is written
    assert write_plan(profile("42"), tmp_path / "ht") is None


def _inbox_digest(out: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((out / "inbox").rglob("*")):
        if p.is_file():
            h.update(p.relative_to(out).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_ha_tinh_by_default_and_by_its_code_are_the_same_bytes(tmp_path):
    default = simulate(tmp_path / "default", seed=3, formats="csv,json", **TINY)
    by_code = simulate(tmp_path / "by-code", seed=3, formats="csv,json", province="42", **TINY)
    assert _inbox_digest(tmp_path / "default") == _inbox_digest(tmp_path / "by-code")
    assert (
        default["province"]
        == by_code["province"]
        == {
            "code": "42",
            "name": "Tỉnh Hà Tĩnh",
            "volume_factor": 1.0,
            "plan": None,  # Hà Tĩnh's plan is plans/hatinh-2022.yaml
        }
    )
    assert not (tmp_path / "default" / "plans").exists()


def test_simulate_province_writes_its_inbox_and_plan(tmp_path):
    info = simulate(tmp_path / "qb", seed=3, formats="xlsx", province="44", **TINY)
    assert info["province"]["plan"] == "plans/quangbinh-2022-minh-hoa.yaml"
    assert (tmp_path / "qb" / info["province"]["plan"]).is_file()
    assert info["province"]["volume_factor"] == pytest.approx(151 / 216)
    # the spreadsheets are the province's own: the title and the signature line
    from python_calamine import CalamineWorkbook

    first = sorted((tmp_path / "qb" / "inbox").rglob("*.xlsx"))[0]
    rows = CalamineWorkbook.from_path(str(first)).get_sheet_by_index(0).to_python()
    cells = {str(c) for row in rows for c in row}
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH" in cells
    assert any(c.startswith("Quảng Bình, ngày ") for c in cells)
    assert not any("Hà Tĩnh" in c or "H27" in c for c in cells)
