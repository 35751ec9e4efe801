"""Numbers as people read them, in Vietnamese: 1.234, 96,5%, thresholds at the precision they
are written with. One home for every page, form, run summary and CLI line (no heavy imports:
the CLI and the run summary use it without loading the chart stack)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def is_missing(x: Any) -> bool:
    """None, NaN, NaT and pd.NA are missing."""
    if x is None:
        return True
    try:
        r = pd.isna(x)
        return bool(r) if isinstance(r, (bool,)) or type(r).__name__ == "bool_" else False
    except (TypeError, ValueError):
        return False


def fmt_int(x: Any) -> str:
    """1234 → '1.234'; empty → '–'."""
    if is_missing(x):
        return "–"
    return f"{int(round(float(x))):,}".replace(",", ".")


def fmt_num(x: Any, digits: int = 1) -> str:
    """1234.56 → '1.234,6'; integers without decimals."""
    if is_missing(x):
        return "–"
    v = float(x)
    if v == int(v) and abs(v) < 1e15:
        return fmt_int(v)
    s = f"{v:,.{digits}f}"
    return s.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def fmt_pct(x: Any, digits: int = 1) -> str:
    """0.965 → '96,5%'; empty → '–'."""
    if is_missing(x):
        return "–"
    s = f"{float(x) * 100:,.{digits}f}"
    return s.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".") + "%"


def threshold_digits(x: Any, most: int = 4) -> int:
    """The decimals a share needs as a percentage to be printed exactly as written: 0.5 → 0,
    0.998 → 1, 0.9984 → 2 (at most `most`; a float's noise beyond that is not a digit)."""
    pct = float(x) * 100
    for d in range(most + 1):
        if abs(round(pct, d) - pct) < 1e-9:
            return d
    return most


def fmt_threshold(x: Any, kind: str | None = None) -> str:
    """A threshold or reference level with the precision it is written with (metrics.md,
    "Achievement"): 0.5 → '50%', 0.998 → '99,8%', 0.9984 → '99,84%', never rounded to 100%;
    a `count` target's threshold is a number of things (2 → '2'), not a share.
    Every page prints thresholds and references through this one function."""
    if is_missing(x):
        return "–"
    if kind == "count":
        return fmt_int(x)
    return fmt_pct(x, threshold_digits(x))
