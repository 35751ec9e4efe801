"""The simulated province's administrative structure: the agencies of its one-stop-shop software.

One province per simulation, Hà Tĩnh by default (the calibrated one). Any province of the
GSO list (``data/reference/vn_provinces_2022-10-01.csv``) can be simulated instead
(``motcua simulate --province CODE``): its own districts and communes (``dvhcvn``), the same
standard set of departments, its own UBND and central agencies with its name, the volume
scaled by its number of communes (:func:`volume_factor`); every calibration figure stays
Hà Tĩnh's (the only province with published figures, ``calibration.py``).

Identifier scheme (modelled on the national agency code system of QĐ 20/2020/QĐ-TTg,
``xxx.yy.zz.H27`` with H27 = Hà Tĩnh):

* ``000.00.00.H27``      UBND tỉnh Hà Tĩnh (the province itself)
* ``000.00.NN.H27``      level-2 units of the province: departments (Sở, ban, ngành, NN = 01–29),
                         the Trung tâm Phục vụ hành chính công tỉnh (NN = 30) and the central
                         agencies located in the province (Trung ương, NN = 31–34)
* ``000.DD.00.H27``      UBND cấp huyện, DD = 01–30 in GSO code order (436 → 01 … 449 → 13)
* ``000.DD.CC.H27``      UBND cấp xã, CC = 01–39 in GSO code order within its district

Only Hà Tĩnh's own code (``H27``) is published; another province's is made up, ``S`` and its
GSO code (``S44`` Quảng Bình; "minh họa"): never ``H…``, so it cannot collide with a real one or
with Hà Tĩnh's, and every identifier (agencies, hence dossier numbers
``{ma_don_vi}-{yyMMdd}-{NNNN}``) of one province differs from every other's.

``ma_dvhc`` is the GSO code of the district or commune (5 digits for communes, 3 for districts).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import calibration as cal

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
DVHC_CSV = REFERENCE_DIR / "hatinh_dvhc_2022-10-01.csv"
DVHCVN_JSON = REFERENCE_DIR / "dvhcvn_2022-10-01.json"
PROVINCES_CSV = REFERENCE_DIR / "vn_provinces_2022-10-01.csv"

HA_TINH = "42"
PROVINCE_ID = "000.00.00.H27"  # Hà Tĩnh's UBND; another province's: SimProvince.province_id
CENTRE_NAME = "Trung tâm Phục vụ hành chính công tỉnh"

# (NN, key, name). key is used by the catalogue to route procedures to departments.
DEPARTMENTS: list[tuple[int, str, str]] = [
    (1, "VPUB", "Văn phòng UBND tỉnh"),
    (2, "SNV", "Sở Nội vụ"),
    (3, "STP", "Sở Tư pháp"),
    (4, "SKHDT", "Sở Kế hoạch và Đầu tư"),
    (5, "STC", "Sở Tài chính"),
    (6, "SCT", "Sở Công Thương"),
    (7, "SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    (8, "SGTVT", "Sở Giao thông vận tải"),
    (9, "SXD", "Sở Xây dựng"),
    (10, "STNMT", "Sở Tài nguyên và Môi trường"),
    (11, "STTTT", "Sở Thông tin và Truyền thông"),
    (12, "SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    (13, "SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    (14, "SKHCN", "Sở Khoa học và Công nghệ"),
    (15, "SGDDT", "Sở Giáo dục và Đào tạo"),
    (16, "SYT", "Sở Y tế"),
    (17, "SNGV", "Sở Ngoại vụ"),
    (18, "TTRA", "Thanh tra tỉnh"),
    (19, "BDT", "Ban Dân tộc"),
    (20, "BQLKKT", "Ban Quản lý Khu kinh tế tỉnh"),
]
# {of}: "tỉnh Hà Tĩnh" / "thành phố Hà Nội"; {short}: "Hà Tĩnh"
CENTRAL: list[tuple[int, str, str]] = [
    (31, "CA", "Công an {of}"),
    (32, "BHXH", "Bảo hiểm xã hội {of}"),
    (33, "CTHUE", "Cục Thuế {of}"),
    (34, "KBNN", "Kho bạc Nhà nước {short}"),
]

LOAI = {
    "tinh": "Sở, ban, ngành",
    "huyen": "UBND cấp huyện",
    "xa": "UBND cấp xã",
    "tw": "Cơ quan Trung ương",
    "centre": "Trung tâm Phục vụ hành chính công",
}
CAP = {"tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã", "tw": "Trung ương", "centre": "Tỉnh"}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@dataclass(frozen=True)
class SimProvince:
    """The simulated province: its GSO code, name and the last group of its agencies' ids."""

    code: str  # GSO code, "42"
    name: str  # "Tỉnh Hà Tĩnh", "Thành phố Hà Nội"
    suffix: str  # "H27": the last group of every agency identifier

    @property
    def kind(self) -> str:
        """The province's kind as it reads inside a unit's name: tỉnh, or thành phố (Trung ương)."""
        return "thành phố" if self.name.startswith("Thành phố") else "tỉnh"

    @property
    def short(self) -> str:
        """The name without its kind: "Hà Tĩnh"."""
        return self.name.split(" ", 2)[2] if self.kind == "thành phố" else self.name.split(" ", 1)[1]

    @property
    def of(self) -> str:
        return f"{self.kind} {self.short}"

    @property
    def province_id(self) -> str:
        return f"000.00.00.{self.suffix}"

    @property
    def centre_id(self) -> str:
        return f"000.00.30.{self.suffix}"

    def unit_name(self, name: str) -> str:
        """A provincial unit's name of the Hà Tĩnh list in this province ("Thanh tra tỉnh" →
        "Thanh tra thành phố" in a centrally-run city)."""
        return name.removesuffix(" tỉnh") + f" {self.kind}" if name.endswith(" tỉnh") else name


@cache
def provinces() -> dict[str, str]:
    """GSO code → name of the country's 63 provinces (the reference list)."""
    with open(PROVINCES_CSV, encoding="utf-8") as fh:
        return {r["province_code"]: nfc(r["province_name"]) for r in csv.DictReader(fh)}


def profile(code: str) -> SimProvince:
    """The province of GSO code ``code`` ("44" Quảng Bình; "1" reads "01", Hà Nội); an unknown
    code is refused."""
    code = str(code).strip().zfill(2)
    names = provinces()
    if code not in names:
        raise ValueError(f"không có tỉnh mã {code!r} trong danh mục {PROVINCES_CSV.name} (mã: {', '.join(names)})")
    # only Hà Tĩnh's H27 is published; the others' are made up ("minh họa", module docstring)
    return SimProvince(code, names[code], "H27" if code == HA_TINH else f"S{code}")


_active: list[SimProvince] = []


def current() -> SimProvince:
    """The province being simulated (Hà Tĩnh outside :func:`simulating`)."""
    return _active[-1] if _active else profile(HA_TINH)


@contextmanager
def simulating(code: str | None) -> Iterator[SimProvince]:
    """Simulate province ``code`` (None: Hà Tĩnh) inside the block. The generator and the export
    writers (forked processes inherit it) take the province's labels from :func:`current`
    rather than as a parameter of every function between the command and the cell."""
    prov = profile(code or HA_TINH)
    _active.append(prov)
    try:
        yield prov
    finally:
        _active.pop()


@cache
def _dvhcvn() -> list[dict]:
    return json.loads(DVHCVN_JSON.read_text(encoding="utf-8"))["data"]


def dvhc_rows(code: str) -> list[dict]:
    """Province ``code``'s communes with their district, from the whole country's list (the
    columns of ``hatinh_dvhc_2022-10-01.csv``). A district without communes (an island district
    such as Lý Sơn) has no row, hence no agency: its UBND is not simulated."""
    prov = next((p for p in _dvhcvn() if p["level1_id"] == code), None)
    if prov is None:
        raise ValueError(f"không có tỉnh mã {code!r} trong {DVHCVN_JSON.name}")
    return [
        {
            "province_code": prov["level1_id"],
            "province_name": prov["name"],
            "district_code": d["level2_id"],
            "district_name": d["name"],
            "district_type": d["type"],
            "commune_code": c["level3_id"],
            "commune_name": c["name"],
            "commune_type": c["type"],
        }
        for d in prov["level2s"]
        for c in d["level3s"]
    ]


def volume_factor(code: str | None = None) -> float:
    """The province's dossier volume relative to Hà Tĩnh's: its number of communes over Hà
    Tĩnh's 216 (assumption: the reference list carries no population, and communes are what
    three quarters of the dossiers are received by). Exactly 1 for Hà Tĩnh."""
    code = code or current().code
    return 1.0 if code == HA_TINH else len(dvhc_rows(code)) / len(dvhc_rows(HA_TINH))


def read_dvhc() -> pd.DataFrame:
    """The simulated province's communes with their district (Hà Tĩnh: its own file, as always)."""
    code = current().code
    if code == HA_TINH:
        with open(DVHC_CSV, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    else:
        rows = dvhc_rows(code)
    df = pd.DataFrame(rows)
    for c in df.columns:
        df[c] = df[c].map(nfc)
    return df.sort_values(["district_code", "commune_code"], kind="stable").reset_index(drop=True)


def build_agencies(seed: int = 42) -> pd.DataFrame:
    """All agencies with the DONVI columns plus internal helper columns.

    Helper columns: ``level`` (tinh/huyen/xa/tw/centre/province), ``key`` (department key),
    ``district_code`` (GSO), ``district_id`` (identifier of the district's UBND),
    ``weight`` (relative dossier volume within the level; assumption), ``lag`` (multiplier of
    online share and digitisation; 1 = normal).
    """
    rng = np.random.default_rng([seed, 7])
    prov = current()
    sfx = prov.suffix
    dvhc = read_dvhc()
    lag = cal.value("laggard_districts")
    rows = [
        dict(
            ma_don_vi=prov.province_id,
            ten_don_vi=f"UBND {prov.of}",
            cap="Tỉnh",
            loai=LOAI["tinh"],
            ma_don_vi_cha="",
            ma_dvhc=prov.code,
            level="province",
            key="UBND",
            district_code="",
            district_id="",
            weight=0.0,
            lag=1.0,
        )
    ]
    for nn, key, name in DEPARTMENTS:
        rows.append(
            dict(
                ma_don_vi=f"000.00.{nn:02d}.{sfx}",
                ten_don_vi=prov.unit_name(name),
                cap="Tỉnh",
                loai=LOAI["tinh"],
                ma_don_vi_cha=prov.province_id,
                ma_dvhc="",
                level="tinh",
                key=key,
                district_code="",
                district_id="",
                weight=1.0,
                lag=1.0,
            )
        )
    rows.append(
        dict(
            ma_don_vi=prov.centre_id,
            ten_don_vi=prov.unit_name(CENTRE_NAME),
            cap="Tỉnh",
            loai=LOAI["centre"],
            ma_don_vi_cha=prov.province_id,
            ma_dvhc="",
            level="centre",
            key="TTPVHCC",
            district_code="",
            district_id="",
            weight=0.0,
            lag=1.0,
        )
    )
    for nn, key, name in CENTRAL:
        rows.append(
            dict(
                ma_don_vi=f"000.00.{nn:02d}.{sfx}",
                ten_don_vi=name.format(of=prov.of, short=prov.short),
                cap="Trung ương",
                loai=LOAI["tw"],
                ma_don_vi_cha="",
                ma_dvhc="",
                level="tw",
                key=key,
                district_code="",
                district_id="",
                weight=1.0,
                lag=1.0,
            )
        )
    districts = dvhc.drop_duplicates("district_code")
    for dseq, d in enumerate(districts.itertuples(index=False), start=1):
        did = f"000.{dseq:02d}.00.{sfx}"
        communes = dvhc[dvhc.district_code == d.district_code]
        f_lag = float(lag.get(d.district_code, 1.0))
        rows.append(
            dict(
                ma_don_vi=did,
                ten_don_vi=f"UBND {d.district_name}",
                cap="Huyện",
                loai=LOAI["huyen"],
                ma_don_vi_cha=prov.province_id,
                ma_dvhc=d.district_code,
                level="huyen",
                key="",
                district_code=d.district_code,
                district_id=did,
                # assumption: district volume ~ number of communes (population proxy)
                weight=float(len(communes)) * float(rng.uniform(0.8, 1.25)),
                lag=f_lag,
            )
        )
        for cseq, c in enumerate(communes.itertuples(index=False), start=1):
            # assumption: communes' volumes are lognormal, wards (phường) busier
            w = float(rng.lognormal(0.0, 0.35)) * (1.6 if c.commune_type == "Phường" else 1.0)
            rows.append(
                dict(
                    ma_don_vi=f"000.{dseq:02d}.{cseq:02d}.{sfx}",
                    ten_don_vi=f"UBND {c.commune_name}",
                    cap="Xã",
                    loai=LOAI["xa"],
                    ma_don_vi_cha=did,
                    ma_dvhc=c.commune_code,
                    level="xa",
                    key="",
                    district_code=d.district_code,
                    district_id=did,
                    weight=w,
                    lag=f_lag,
                )
            )
    df = pd.DataFrame(rows)
    return df


DONVI_COLUMNS = ["ma_don_vi", "ten_don_vi", "cap", "loai", "ma_don_vi_cha", "ma_dvhc"]


def communes_with_district() -> pd.DataFrame:
    """Communes with their district name (for addresses)."""
    d = read_dvhc()
    return d[["district_code", "district_name", "commune_code", "commune_name"]]
