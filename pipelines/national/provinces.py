"""Provinces: their GSO codes and names, the code of a run, the list the roll-up expects."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from pipelines.settings import REFERENCE_DIR, national_provinces_setting, province_setting

PROVINCES_FILE = REFERENCE_DIR / "vn_provinces_2022-10-01.csv"


class ProvinceError(ValueError):
    """A province code that cannot be used, said in Vietnamese."""


@functools.cache
def province_names() -> dict[str, str]:
    """GSO code ('42') → name ('Tỉnh Hà Tĩnh'), from data/reference (the dvhcvn list)."""
    with open(PROVINCES_FILE, encoding="utf-8", newline="") as fh:
        return {row["province_code"]: row["province_name"] for row in csv.DictReader(fh)}


def normalise_code(code: str | int) -> str:
    """'42', 42 and ' 1' → '42', '42', '01': the GSO code as the reference writes it (two digits)."""
    text = str(code).strip()
    if not text.isdigit() or len(text) > 2:
        raise ProvinceError(f"mã tỉnh {code!r} không hợp lệ (mã Tổng cục Thống kê, hai chữ số, vd. 42)")
    text = text.zfill(2)
    if text not in province_names():
        raise ProvinceError(f"mã tỉnh {text} không có trong danh mục đơn vị hành chính ({PROVINCES_FILE.name})")
    return text


def run_province(plan_codes: list[str], explicit: str | None = None) -> str:
    """The province of a run: `explicit` (`--province`), else `MOTCUA_PROVINCE`, else the
    `province.gso_code` of the plan(s) loaded. A setting that names another province than the
    plan is refused: the scorecard would be that plan's, published under another name."""
    codes = sorted({normalise_code(c) for c in plan_codes if c not in (None, "")})
    chosen = explicit or province_setting()
    if chosen:
        code = normalise_code(chosen)
        if codes and codes != [code]:
            raise ProvinceError(
                f"tỉnh của lần chạy là {code} nhưng kế hoạch đã nạp thuộc tỉnh {', '.join(codes)}: không công bố"
            )
        return code
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise ProvinceError(
            "không biết tỉnh của lần chạy: kế hoạch không có province.gso_code; đặt MOTCUA_PROVINCE hoặc --province"
        )
    raise ProvinceError(f"các kế hoạch đã nạp thuộc nhiều tỉnh ({', '.join(codes)}): chọn một bằng MOTCUA_PROVINCE")


def expected_provinces(setting: str | None = None) -> list[str]:
    """The provinces the roll-up expects: `MOTCUA_NATIONAL_PROVINCES` (or `setting`), either a
    list of codes separated by commas or spaces, or the path of a file holding one (lines,
    commas; `#` starts a comment). Unset: none expected — the roll-up names only what it finds."""
    value = setting if setting is not None else national_provinces_setting()
    if not value:
        return []
    path = Path(value).expanduser()
    if path.is_file():
        lines = [line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
        value = " ".join(lines)
    return sorted({normalise_code(c) for c in re.split(r"[\s,;]+", value) if c})
