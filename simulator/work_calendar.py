"""Working-day calendar of the simulated world (Vietnam's public sector).

2022 days off come from ``data/reference/vn_public_holidays_2022.csv`` (compensatory days
included; no Saturday make-up working days in 2022). Other years use the ``holidays``
package's Vietnam calendar. Working days are Monday–Friday minus those days off.

Everything is vectorised over numpy ``datetime64[D]`` arrays.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

import holidays
import numpy as np

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
HOLIDAYS_CSV = REFERENCE_DIR / "vn_public_holidays_2022.csv"

# The calendar spans these years (dates outside are an error).
FIRST_YEAR = 2019
LAST_YEAR = 2025


def days_off(years: range = range(FIRST_YEAR, LAST_YEAR + 1)) -> set[dt.date]:
    """Public-sector weekday/weekend days off (holidays) of the given years."""
    out: set[dt.date] = set()
    for y in years:
        if y == 2022:
            with open(HOLIDAYS_CSV, encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    out.add(dt.date.fromisoformat(row["date"]))
        else:
            out.update(d for d in holidays.Vietnam(years=y).keys())
    return out


class WorkCalendar:
    """Vectorised working-day arithmetic.

    ``add_working_days(d, n)`` is the n-th working day strictly after the date ``d``
    (docs/metrics.md: "within N working days of X"), n ≥ 1; n = 0 returns ``d`` itself.
    """

    def __init__(self) -> None:
        self.origin = np.datetime64(f"{FIRST_YEAR}-01-01", "D")
        end = np.datetime64(f"{LAST_YEAR}-12-31", "D")
        self.days = np.arange(self.origin, end + 1, dtype="datetime64[D]")
        off = np.array(sorted(days_off()), dtype="datetime64[D]")
        weekday = (self.days.astype("int64") - 4) % 7  # 1970-01-01 was a Thursday -> Mon=0
        self.weekday = weekday
        self.is_working = (weekday < 5) & ~np.isin(self.days, off)
        self.is_holiday = np.isin(self.days, off)
        # cum[i] = number of working days on or before day i
        self.cum = np.cumsum(self.is_working)
        self.working_days = self.days[self.is_working]

    def _idx(self, d) -> np.ndarray:
        """Index of each date in the calendar (NaT -> 0; callers restore NaT)."""
        d = np.asarray(d).astype("datetime64[D]")
        i = np.where(np.isnat(d), 0, (d - self.origin).astype("int64"))
        if i.size and (i.min() < 0 or i.max() >= self.days.size):
            raise ValueError("date outside the simulator calendar")
        return i

    def working(self, d) -> np.ndarray:
        return self.is_working[self._idx(d)]

    def add_working_days(self, d, n) -> np.ndarray:
        """n-th working day strictly after each date d (n = 0 -> d unchanged)."""
        d = np.asarray(d).astype("datetime64[D]")
        n = np.asarray(n, dtype="int64")
        k = self.cum[self._idx(d)]  # working days on or before d
        res = self.working_days[np.clip(k + n - 1, 0, self.working_days.size - 1)]
        return np.where(np.isnat(d), d, np.where(n == 0, d, res))

    def working_days_between(self, a, b) -> np.ndarray:
        """Number of working days in (a, b] (0 if b <= a)."""
        return np.maximum(self.cum[self._idx(b)] - self.cum[self._idx(a)], 0)

    def next_working_day(self, d, include_self: bool = True) -> np.ndarray:
        d = np.asarray(d).astype("datetime64[D]")
        k = self.cum[self._idx(d)]
        nxt = self.working_days[np.clip(k, 0, self.working_days.size - 1)]
        if include_self:
            nxt = np.where(self.working(d), d, nxt)
        return np.where(np.isnat(d), d, nxt)

    def prev_working_day(self, d) -> np.ndarray:
        """The last working day on or before each date d."""
        d = np.asarray(d).astype("datetime64[D]")
        k = self.cum[self._idx(d)]
        prv = self.working_days[np.clip(k - 1, 0, self.working_days.size - 1)]
        return np.where(np.isnat(d), d, prv)

    def working_days_in(self, start: dt.date, end: dt.date) -> np.ndarray:
        s, e = np.datetime64(start, "D"), np.datetime64(end, "D")
        w = self.working_days
        return w[(w >= s) & (w <= e)]


@lru_cache(maxsize=1)
def calendar() -> WorkCalendar:
    return WorkCalendar()
