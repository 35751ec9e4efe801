"""Reports people read: notebooks rendered to static offline HTML, the index and data
dictionary pages, and the official Biểu số 06/VPCP/KSTT workbook.

    from pipelines.reports import render_reports, write_bieu06
"""

from __future__ import annotations

from typing import Any


def render_reports(*args: Any, **kwargs: Any) -> dict:
    # local import: every `import pipelines.reports.<module>` runs this file first, and the
    # renderer's jupytext/papermill/nbconvert would add 1.3 s to each notebook kernel (after
    # pipelines.reports.nb) and 3.4 s to `import pipelines.reports.bieu06` (measured, 2 cores)
    from pipelines.reports.render import render_reports as _render  # noqa: PLC0415

    return _render(*args, **kwargs)


def write_bieu06(*args: Any, **kwargs: Any) -> dict:
    # local import: xlsxwriter adds 0.3 s to every `import pipelines.reports.<module>`, notebook
    # kernels included, that never writes a workbook (measured)
    from pipelines.reports.bieu06 import write_bieu06 as _write  # noqa: PLC0415

    return _write(*args, **kwargs)


__all__ = ["render_reports", "write_bieu06"]
