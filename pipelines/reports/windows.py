"""The report windows of Biểu 06 (Thông tư 01/2020/TT-VPCP cut-off dates) and their file-name
slugs, shared by the site build (render.py) and the unit pages (nb.py)."""

from __future__ import annotations

import re
from datetime import date


def report_windows(year: int) -> list[tuple[str, date, date]]:
    """Thông tư 01/2020/TT-VPCP cut-off windows of a year: (label, F, T)."""
    y0 = year - 1
    return [
        (f"Quý I/{year}", date(y0, 12, 15), date(year, 3, 14)),
        (f"6 tháng/{year}", date(y0, 12, 15), date(year, 6, 14)),
        (f"Quý III/{year}", date(year, 6, 15), date(year, 9, 14)),
        (f"Năm {year}", date(y0, 12, 15), date(year, 12, 14)),
    ]


def complete_windows(as_of: date) -> list[tuple[str, date, date]]:
    """Windows of the as-of year whose end T is on or before the as-of date (latest last)."""
    return [w for w in report_windows(as_of.year) if w[2] <= as_of]


def window_slug(label: str) -> str:
    s = (
        label.lower()
        .replace("quý iii", "quy3")
        .replace("quý i", "quy1")
        .replace("6 tháng", "6thang")
        .replace("năm", "nam")
    )
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")
