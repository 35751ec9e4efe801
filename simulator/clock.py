"""Times of the simulated world: office hours, day/second arithmetic on NumPy datetime64 arrays."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .work_calendar import calendar

NAT = np.datetime64("NaT", "s")
DAY = np.timedelta64(1, "D")
SEC = np.timedelta64(1, "s")
WORK_START = 7 * 3600 + 30 * 60
WORK_END = 17 * 3600


def _ts(day: np.ndarray, secs: np.ndarray) -> np.ndarray:
    """day (datetime64[D]) + seconds of day -> datetime64[s]."""
    return day.astype("datetime64[s]") + np.asarray(secs, dtype="int64").astype("timedelta64[s]")


def _work_secs(rng, n) -> np.ndarray:
    return rng.integers(WORK_START, WORK_END, size=n)


def _day(t: np.ndarray) -> np.ndarray:
    return t.astype("datetime64[D]")


def _pd_ts(a: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(a).astype("datetime64[s]"))


def _scalar(x) -> pd.Timestamp:
    return pd.Timestamp(np.asarray(x).astype("datetime64[D]").item())


def _later_same_day(rng, t_prev: np.ndarray, day: np.ndarray) -> np.ndarray:
    """A working-hours time on ``day`` that is after t_prev (if t_prev is on that day)."""
    n = day.size
    base = _ts(day, _work_secs(rng, n))
    lo = t_prev + rng.integers(300, 3600, size=n).astype("timedelta64[s]")
    return np.where(base > lo, base, lo)


def _snap(rng, t: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Move interpolated times into office hours (a working day, 7:30–17:00) while keeping them
    strictly between lo and hi (NaT bounds are open): first on the working day of t, else on the
    day of lo; when neither fits, t is kept."""
    n = t.size
    u = rng.random(n)
    out = t.copy()
    done = np.isnat(t)
    big = np.datetime64("2100-01-01T00:00:00", "s")
    small = np.datetime64("1900-01-01T00:00:00", "s")
    lo_ = np.where(np.isnat(lo), small, lo) + 60 * SEC
    hi_ = np.where(np.isnat(hi), big, hi) - 60 * SEC
    for day in (calendar().next_working_day(_day(t)), _day(np.where(np.isnat(lo), t, lo))):
        a = np.maximum(lo_, _ts(day, np.full(n, WORK_START)))
        b = np.minimum(hi_, _ts(day, np.full(n, WORK_END)))
        ok = ~done & ~np.isnat(day) & (a < b) & calendar().working(day)
        cand = a + ((b - a).astype("int64") * u).astype("int64").astype("timedelta64[s]")
        out = np.where(ok, cand, out)
        done = done | ok
    return out
