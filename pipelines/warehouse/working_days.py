"""Working-day calendar: which days are public-sector days off.

Source chosen per year:

- **2022 — the reference file `data/reference/vn_public_holidays_2022.csv`.** It is the
  project's checked copy of the 2022 days off (cross-checked against the Government Office's
  announcement for Tết and the published 2022 calendar), and docs/metrics.md names it as the source
  for 2022. Using it (rather than a library whose rules may change between releases) keeps the
  2022 figures reproducible; it gives 249 working days in 2022.
- **Other years — the `holidays` package, `country_holidays("VN", categories=<all supported>)`**
  (only `public` exists for Vietnam in holidays 0.109; it includes the observed/compensatory
  days, so 02/01/2023 is a day off, and the extra Tết days the Government grants to civil
  servants, e.g. 20/01/2023). docs/metrics.md: "other years: Vietnam's official calendar, e.g. the
  `holidays` package". Known limit: make-up Saturdays (a swapped working Saturday) are not
  modelled — Monday–Friday minus days off is the rule of docs/metrics.md.

The project never reads `/work/shared` at run time: the CSV lives in `REFERENCE_DIR`.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import holidays

from pipelines.settings import REFERENCE_DIR

REFERENCE_YEARS = {2022: REFERENCE_DIR / "vn_public_holidays_2022.csv"}


def _reference_days_off(path: Path) -> list[tuple[date, str, str]]:
    out = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            out.append((date.fromisoformat(row["date"].strip()), row.get("name_vi") or "", f"reference:{path.name}"))
    return out


def _package_days_off(year: int) -> list[tuple[date, str, str]]:
    cls = holidays.country_holidays("VN").__class__
    cats = getattr(cls, "supported_categories", ("public",))
    hd = holidays.country_holidays("VN", years=[year], categories=cats)
    ver = getattr(holidays, "__version__", "?")
    return [(d, str(name), f"holidays {ver}") for d, name in sorted(hd.items()) if d.year == year]


def days_off(years: range | list[int]) -> list[tuple[date, str, str]]:
    """(date, name, source) of the public-sector days off of the given years (weekends too)."""
    out: list[tuple[date, str, str]] = []
    for y in years:
        ref = REFERENCE_YEARS.get(y)
        if ref is not None and ref.exists():
            out.extend(_reference_days_off(ref))
        else:
            out.extend(_package_days_off(y))
    # one row per date
    seen: dict[date, tuple[date, str, str]] = {}
    for row in out:
        seen.setdefault(row[0], row)
    return sorted(seen.values())


def calendar_rows(start: date, end: date) -> list[tuple[date, bool, int]]:
    """(d, is_working_day, wd_seq) for every day of [start, end]; the same rule as dim_calendar."""
    off = {d for d, _, _ in days_off(range(start.year, end.year + 1))}
    rows, seq, d = [], 0, start
    while d <= end:
        working = d.weekday() < 5 and d not in off
        seq += working
        rows.append((d, working, seq))
        d += timedelta(days=1)
    return rows
