"""The inspectors' read-only, sandboxed SQL: one-shot queries, output formats, interactive shell.

The sandbox itself is `pipelines.inspect.sandbox` (read-only, external access off, memory,
threads and time capped, configuration locked last, only reading statements). Every statement
opens its own connection and closes it, so the nightly run can publish (os.replace) at any time:
a running query finishes on the snapshot it started with, the next statement sees the new file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
from rich.markup import escape
from rich.table import Table

from pipelines.inspect.sandbox import InspectError, Limits, run_sql

FORMATS = ("table", "csv", "json", "xlsx")
TABLE_MAX_ROWS = 200
XLSX_TEXT_AS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


# ----------------------------------------------------------------------------- output


def _plain(v: Any) -> Any:
    """A cell as text-friendly value (lists/dicts as JSON, NaN/NaT as empty)."""
    if v is None:
        return None
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False, default=str)
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):  # numpy arrays from list columns
        try:
            return json.dumps(v.tolist(), ensure_ascii=False, default=str)
        except TypeError:
            pass
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists and structs as JSON text, so csv/xlsx cells stay readable."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].map(_plain)
    return out


def to_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    recs = []
    for row in df.itertuples(index=False):
        rec = {}
        for c, v in zip(df.columns, row):
            if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
                v = v.tolist()
            try:
                if not isinstance(v, (list, dict)) and pd.isna(v):
                    v = None
            except (TypeError, ValueError):
                pass
            rec[str(c)] = v
        recs.append(rec)
    return recs


def render(df: pd.DataFrame, fmt: str, console, out: str | os.PathLike | None = None, title: str | None = None) -> None:
    """Print or write one result. xlsx needs `out`; csv/json go to `out` when given, else stdout."""
    fmt = (fmt or "table").lower()
    if fmt not in FORMATS:
        raise InspectError(f"Định dạng không hỗ trợ: {fmt} (chọn: {', '.join(FORMATS)})", kind="loi")
    if fmt == "xlsx":
        if not out:
            raise InspectError("Định dạng xlsx cần --out <tệp.xlsx>.", kind="loi")
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        # text stays text: xlsxwriter would otherwise write "=…"/"+…" cells as live formulas,
        # "http://…" as links and "012" as numbers (a query result is data, never a formula)
        with pd.ExcelWriter(out, engine="xlsxwriter", engine_kwargs={"options": XLSX_TEXT_AS_TEXT}) as xw:
            data = flat(df)
            for c in data.columns:  # Excel has no time zones
                if isinstance(data[c].dtype, pd.DatetimeTZDtype):
                    data[c] = data[c].dt.tz_localize(None)
            data.to_excel(xw, index=False, sheet_name="ket_qua")
            ws = xw.sheets["ket_qua"]
            for i, c in enumerate(data.columns):
                ws.set_column(i, i, min(60, max(10, len(str(c)) + 2)))
        console.print(f"Đã ghi {len(df)} dòng vào {out}")
        return
    if fmt == "csv":
        text = flat(df).to_csv(index=False)
    elif fmt == "json":
        text = json.dumps(to_records(df), ensure_ascii=False, default=str, indent=None)
    else:
        text = None
    if text is not None:
        if out:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text, encoding="utf-8")
            console.print(f"Đã ghi {len(df)} dòng vào {out}")
        else:
            # plain write: no rich markup interpretation of the data
            console.file.write(text if text.endswith("\n") else text + "\n")
            console.file.flush()
        return
    t = Table(title=title, show_lines=False)
    for c in df.columns:
        t.add_column(str(c), overflow="fold")
    shown = flat(df.head(TABLE_MAX_ROWS))
    for row in shown.itertuples(index=False):
        t.add_row(*["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in row])
    console.print(t)
    n = len(df)
    console.print(
        f"{n} dòng"
        + (f" (hiện {TABLE_MAX_ROWS} dòng đầu; dùng --format csv/xlsx --out để lấy đủ)" if n > TABLE_MAX_ROWS else "")
    )
    if out:
        raise InspectError("Định dạng table không ghi ra tệp: dùng --format csv, json hoặc xlsx.", kind="loi")


# ----------------------------------------------------------------------------- one-shot


def run_query(db_path, query: str, fmt: str, console, out=None, limits: Limits | None = None) -> int:
    """Run `query` (one or more statements) and print each result; 0 on success, 1 on refusal/error."""
    try:
        results = run_sql(db_path, query, limits=limits)
        if fmt in ("xlsx",) or out:
            results = results[-1:]  # one file: the last statement's result
        for df in results:
            render(df, fmt, console, out)
    except InspectError as e:
        print_error(e, console)
        return 1
    return 0


def print_error(e: InspectError, console) -> None:
    console.print(f"[red]{escape(str(e))}[/red]")


# ----------------------------------------------------------------------------- interactive

HELP = """Lệnh trong phiên:
  <câu SQL>;            chạy câu truy vấn (kết thúc bằng dấu ;)
  \\d hoặc .tables       danh sách bảng, view và mô tả
  \\d <bảng>             các cột của bảng, view và mô tả
  \\q <tên> [k=v ...]    chạy truy vấn kiểm tra có tên (\\q không tên: danh sách)
  \\h                    trợ giúp          Thoát: Ctrl-D hoặc \\quit"""


def file_stamp(db_path) -> tuple | None:
    try:
        st = os.stat(db_path)
        return (st.st_ino, st.st_mtime_ns, st.st_size)
    except OSError:
        return None
