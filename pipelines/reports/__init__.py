"""Reports people read: notebooks rendered to static offline HTML, the index and data
dictionary pages, and the official Biểu số 06/VPCP/KSTT workbook.

    from pipelines.reports import render_reports, write_bieu06
"""
from __future__ import annotations

from typing import Any


def render_reports(*args: Any, **kwargs: Any) -> dict:
    from pipelines.reports.render import render_reports as _render

    return _render(*args, **kwargs)


def write_bieu06(*args: Any, **kwargs: Any) -> dict:
    from pipelines.reports.bieu06 import write_bieu06 as _write

    return _write(*args, **kwargs)


__all__ = ["render_reports", "write_bieu06"]
