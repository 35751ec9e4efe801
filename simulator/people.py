"""Vectorised fake personal data: Vietnamese names, CCCD numbers, phones, emails, addresses."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import province

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Đào",
    "Hà",
    "Thái",
    "Trương",
    "Chu",
]
SURNAME_P = [
    0.30,
    0.10,
    0.09,
    0.07,
    0.05,
    0.06,
    0.05,
    0.03,
    0.03,
    0.03,
    0.03,
    0.02,
    0.02,
    0.01,
    0.03,
    0.02,
    0.02,
    0.02,
    0.01,
    0.01,
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Đình", "Ngọc", "Thanh", "Anh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương"]
GIVEN_M = [
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Tiến",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hoàng",
    "Kiên",
    "Lâm",
    "Nghĩa",
    "Phúc",
    "Thành",
    "Toàn",
    "Hiếu",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Hiền",
    "Huyền",
    "Loan",
    "Nhàn",
    "Thủy",
    "Thúy",
    "Xuân",
    "Hạnh",
]
COMPANY = [
    "Thành Đạt",
    "Hồng Lĩnh",
    "Thiên Cầm",
    "Hoàng Long",
    "Minh Phát",
    "An Phú",
    "Sông Lam",
    "Trường Sơn",
    "Kỳ Anh",
    "Hưng Thịnh",
    "Đại Việt",
    "Phú Gia",
    "Tân Tiến",
    "Việt Trung",
]
COMPANY_KIND = ["Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]


def ascii_fold(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _gov_domain(short: str) -> str:
    """The province's e-mail domain: "Hà Tĩnh" → hatinh.gov.vn."""
    return "".join(c for c in ascii_fold(short).lower() if c.isalnum()) + ".gov.vn"


def _pick(rng, arr, n, p=None) -> np.ndarray:
    a = np.array(arr, dtype=object)
    if p is not None:
        p = np.asarray(p, dtype=float)
        p = p / p.sum()
    return a[rng.choice(len(a), size=n, p=p)]


def _words(words) -> pa.Array:
    return pa.array(list(words), type=pa.string())


def _take(words, idx: np.ndarray) -> pa.Array:
    return pc.take(_words(words), pa.array(idx))


def _zfill(x: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(x, type=pa.int64()), pa.string()), width, "0")


def _join(*parts, sep: str = "") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep)


def people(rng: np.random.Generator, n: int, communes: pd.DataFrame, commune: np.ndarray, org_mask: np.ndarray) -> dict:
    """Arrays for n applicants: name, male flag, id number, phone, email, address.

    ``commune`` is each applicant's row in ``communes`` (columns ``commune_name``,
    ``district_name``); ``org_mask`` marks applicants that are organisations (company name
    instead of a person).  Text comes back as Arrow arrays: built by Arrow kernels from small
    word lists, no Python string per applicant.
    """
    male = rng.random(n) < 0.5
    sur_i = rng.choice(len(SURNAMES), size=n, p=np.array(SURNAME_P) / sum(SURNAME_P))
    # middle and given names: male lists first, then female ones, in one list each
    mid_i = np.where(
        male, rng.integers(0, len(MIDDLE_M), size=n), len(MIDDLE_M) + rng.integers(0, len(MIDDLE_F), size=n)
    )
    giv_i = np.where(male, rng.integers(0, len(GIVEN_M), size=n), len(GIVEN_M) + rng.integers(0, len(GIVEN_F), size=n))
    sur = _take(SURNAMES, sur_i)
    giv = _take(GIVEN_M + GIVEN_F, giv_i)
    person = _join(sur, _take(MIDDLE_M + MIDDLE_F, mid_i), giv, sep=" ")
    comp = _join(
        _take(COMPANY_KIND, rng.integers(0, len(COMPANY_KIND), size=n)),
        _take(COMPANY, rng.integers(0, len(COMPANY), size=n)),
        sep=" ",
    )
    org = pa.array(org_mask, type=pa.bool_())
    name = pc.if_else(org, comp, person)
    # CCCD: the birth province's code (042 Hà Tĩnh: the GSO code) + gender/century digit + yy + 6 digits
    prov = province.current()
    yy = rng.integers(40, 105, size=n)
    century = np.where(yy >= 100, np.where(male, 2, 3), np.where(male, 0, 1))
    cccd = _zfill(int(prov.code) * 10**9 + century * 10**8 + (yy % 100) * 10**6 + rng.integers(0, 10**6, size=n), 12)
    pref = _take(["09", "09", "03", "08", "07"], rng.integers(0, 5, size=n))
    phone = _join(pref, _zfill(rng.integers(0, 10**8, size=n), 8))
    # emails from ascii names
    email = _join(
        _take([ascii_fold(x).lower() for x in GIVEN_M + GIVEN_F], giv_i),
        ".",
        _take([ascii_fold(x).lower() for x in SURNAMES], sur_i),
        pc.cast(pa.array(rng.integers(1, 99, size=n)), pa.string()),
        "@",
        _take(
            ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", _gov_domain(prov.short)], rng.integers(0, 5, size=n)
        ),
    )
    has_email = rng.random(n) < 0.45
    email = pc.if_else(pa.array(has_email | org_mask), email, "")
    hamlets = [f"{k} {j}" for k in ("Thôn", "Xóm", "Tổ dân phố") for j in range(1, 15)]
    hamlet = _take(hamlets, rng.integers(0, len(hamlets), size=n))
    addr = _join(
        hamlet,
        _take(communes["commune_name"], commune),
        _take(communes["district_name"], commune),
        prov.short,
        sep=", ",
    )
    return dict(name=name, male=male, cccd=cccd, phone=phone, email=email, address=addr)


def officer_names(rng: np.random.Generator, n: int) -> np.ndarray:
    male = rng.random(n) < 0.5
    sur = _pick(rng, SURNAMES, n, SURNAME_P)
    mid = np.where(male, _pick(rng, MIDDLE_M, n), _pick(rng, MIDDLE_F, n))
    giv = np.where(male, _pick(rng, GIVEN_M, n), _pick(rng, GIVEN_F, n))
    return sur + " " + mid + " " + giv
