"""Vectorised fake personal data: Vietnamese names, CCCD numbers, phones, emails, addresses."""
from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đinh", "Đào", "Hà", "Thái", "Trương", "Chu"]
SURNAME_P = [0.30, 0.10, 0.09, 0.07, 0.05, 0.06, 0.05, 0.03, 0.03, 0.03, 0.03, 0.02, 0.02, 0.01,
             0.03, 0.02, 0.02, 0.02, 0.01, 0.01]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Đình", "Ngọc", "Thanh", "Anh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương"]
GIVEN_M = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long", "Mạnh",
           "Nam", "Phong", "Quân", "Sơn", "Tài", "Thắng", "Tiến", "Trung", "Tuấn", "Việt", "Vinh",
           "Hoàng", "Kiên", "Lâm", "Nghĩa", "Phúc", "Thành", "Toàn", "Hiếu"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
           "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Vân",
           "Yến", "Hiền", "Huyền", "Loan", "Nhàn", "Thủy", "Thúy", "Xuân", "Hạnh"]
COMPANY = ["Thành Đạt", "Hồng Lĩnh", "Thiên Cầm", "Hoàng Long", "Minh Phát", "An Phú", "Sông Lam",
           "Trường Sơn", "Kỳ Anh", "Hưng Thịnh", "Đại Việt", "Phú Gia", "Tân Tiến", "Việt Trung"]
COMPANY_KIND = ["Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]


def ascii_fold(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _pick(rng, arr, n, p=None) -> np.ndarray:
    a = np.array(arr, dtype=object)
    if p is not None:
        p = np.asarray(p, dtype=float)
        p = p / p.sum()
    return a[rng.choice(len(a), size=n, p=p)]


def people(rng: np.random.Generator, n: int, communes: pd.DataFrame, org_mask: np.ndarray) -> dict:
    """Arrays for n applicants: name, male flag, id number, phone, email, address.

    ``communes`` has one row per applicant with ``commune_name`` and ``district_name``;
    ``org_mask`` marks applicants that are organisations (company name instead of a person).
    """
    male = rng.random(n) < 0.5
    sur_i = rng.choice(len(SURNAMES), size=n, p=np.array(SURNAME_P) / sum(SURNAME_P))
    mid = np.where(male, _pick(rng, MIDDLE_M, n), _pick(rng, MIDDLE_F, n))
    giv = np.where(male, _pick(rng, GIVEN_M, n), _pick(rng, GIVEN_F, n))
    sur = np.array(SURNAMES, dtype=object)[sur_i]
    name = sur + " " + mid + " " + giv
    comp = _pick(rng, COMPANY_KIND, n) + " " + _pick(rng, COMPANY, n)
    name = np.where(org_mask, comp, name)
    # CCCD: 042 (Hà Tĩnh birth province) + gender/century digit + yy + 6 digits
    yy = rng.integers(40, 105, size=n)
    century = np.where(yy >= 100, np.where(male, 2, 3), np.where(male, 0, 1))
    cccd = (42 * 10**9 + century * 10**8 + (yy % 100) * 10**6 + rng.integers(0, 10**6, size=n))
    cccd_s = pd.Series(cccd).astype(str).str.zfill(12).to_numpy(dtype=object)
    phone = pd.Series(rng.integers(0, 10**8, size=n)).astype(str).str.zfill(8)
    pref = _pick(rng, ["09", "09", "03", "08", "07"], n)
    phone_s = (pref + phone.to_numpy(dtype=object))
    # emails from ascii names
    fold = {x: ascii_fold(x).lower() for x in set(SURNAMES) | set(GIVEN_M) | set(GIVEN_F) |
            set(MIDDLE_M) | set(MIDDLE_F) | set(COMPANY)}
    g_ascii = pd.Series(giv).map(fold).to_numpy(dtype=object)
    s_ascii = pd.Series(sur).map(fold).to_numpy(dtype=object)
    num = pd.Series(rng.integers(1, 99, size=n)).astype(str).to_numpy(dtype=object)
    dom = _pick(rng, ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hatinh.gov.vn"], n)
    email = g_ascii + "." + s_ascii + num + "@" + dom
    has_email = rng.random(n) < 0.45
    email = np.where(has_email | org_mask, email, "")
    hamlet = _pick(rng, ["Thôn", "Xóm", "Tổ dân phố"], n) + " " + pd.Series(
        rng.integers(1, 15, size=n)).astype(str).to_numpy(dtype=object)
    addr = (hamlet + ", " + communes["commune_name"].to_numpy(dtype=object) + ", "
            + communes["district_name"].to_numpy(dtype=object) + ", Hà Tĩnh")
    return dict(name=name, male=male, cccd=cccd_s, phone=phone_s, email=email, address=addr)


def officer_names(rng: np.random.Generator, n: int) -> np.ndarray:
    male = rng.random(n) < 0.5
    sur = _pick(rng, SURNAMES, n, SURNAME_P)
    mid = np.where(male, _pick(rng, MIDDLE_M, n), _pick(rng, MIDDLE_F, n))
    giv = np.where(male, _pick(rng, GIVEN_M, n), _pick(rng, GIVEN_F, n))
    return sur + " " + mid + " " + giv
