"""Hà Tĩnh's 2022 administrative structure: the agencies of the one-stop-shop software.

Identifier scheme (modelled on the national agency code system of QĐ 20/2020/QĐ-TTg,
``xxx.yy.zz.H27`` with H27 = Hà Tĩnh):

* ``000.00.00.H27``      UBND tỉnh Hà Tĩnh (the province itself)
* ``000.00.NN.H27``      level-2 units of the province: departments (Sở, ban, ngành, NN = 01–29),
                         the Trung tâm Phục vụ hành chính công tỉnh (NN = 30) and the central
                         agencies located in the province (Trung ương, NN = 31–34)
* ``000.DD.00.H27``      UBND cấp huyện, DD = 01–13 in GSO code order (436 → 01 … 449 → 13)
* ``000.DD.CC.H27``      UBND cấp xã, CC = 01–25 in GSO code order within its district

``ma_dvhc`` is the GSO code of the district or commune (5 digits for communes, 3 for districts).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from . import calibration as cal

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
DVHC_CSV = REFERENCE_DIR / "hatinh_dvhc_2022-10-01.csv"

PROVINCE_ID = "000.00.00.H27"
PROVINCE_NAME = "UBND tỉnh Hà Tĩnh"
CENTRE_ID = "000.00.30.H27"
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
CENTRAL: list[tuple[int, str, str]] = [
    (31, "CA", "Công an tỉnh Hà Tĩnh"),
    (32, "BHXH", "Bảo hiểm xã hội tỉnh Hà Tĩnh"),
    (33, "CTHUE", "Cục Thuế tỉnh Hà Tĩnh"),
    (34, "KBNN", "Kho bạc Nhà nước Hà Tĩnh"),
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


def read_dvhc() -> pd.DataFrame:
    with open(DVHC_CSV, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
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
    dvhc = read_dvhc()
    lag = cal.value("laggard_districts")
    rows = [
        dict(
            ma_don_vi=PROVINCE_ID,
            ten_don_vi=PROVINCE_NAME,
            cap="Tỉnh",
            loai=LOAI["tinh"],
            ma_don_vi_cha="",
            ma_dvhc="42",
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
                ma_don_vi=f"000.00.{nn:02d}.H27",
                ten_don_vi=name,
                cap="Tỉnh",
                loai=LOAI["tinh"],
                ma_don_vi_cha=PROVINCE_ID,
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
            ma_don_vi=CENTRE_ID,
            ten_don_vi=CENTRE_NAME,
            cap="Tỉnh",
            loai=LOAI["centre"],
            ma_don_vi_cha=PROVINCE_ID,
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
                ma_don_vi=f"000.00.{nn:02d}.H27",
                ten_don_vi=name,
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
        did = f"000.{dseq:02d}.00.H27"
        communes = dvhc[dvhc.district_code == d.district_code]
        f_lag = float(lag.get(d.district_code, 1.0))
        rows.append(
            dict(
                ma_don_vi=did,
                ten_don_vi=f"UBND {d.district_name}",
                cap="Huyện",
                loai=LOAI["huyen"],
                ma_don_vi_cha=PROVINCE_ID,
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
                    ma_don_vi=f"000.{dseq:02d}.{cseq:02d}.H27",
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
