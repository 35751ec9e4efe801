"""The named inspection queries of `sql/inspections/` (see its README.md).

    list_inspections() -> list[Inspection]
    run_inspection(db_path, name, params: dict | None = None, limits=None) -> pandas.DataFrame

A file `sql/inspections/<ten_truy_van>.sql` starts with a header of comment lines:

    -- title: <tiêu đề tiếng Việt>
    -- description: <mô tả; có thể nhiều dòng `-- description:`>
    -- param: <ten> <KIỂU> = <mặc định> | <mô tả>
    -- sensitivity: noi_bo

then one SELECT that refers to each parameter as `$ten` (DuckDB prepared-statement named
parameter). KIỂU is VARCHAR, INTEGER, DOUBLE, DATE or BOOLEAN; the default `NULL` means "no
filter". Values given on the command line (`--param ten=giá_trị`) are text: they are converted to
the parameter's type here, so the SQL receives a typed value. The query runs in the same sandbox
as ad-hoc SQL (read-only, locked, timed).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pipelines.inspect.sandbox import InspectError, Limits, run_sql
from pipelines.settings import SQL_DIR

INSPECTIONS_DIR = SQL_DIR / "inspections"
TYPES = ("VARCHAR", "INTEGER", "DOUBLE", "DATE", "BOOLEAN")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Param:
    name: str
    type: str
    default: Any
    description: str = ""


@dataclass
class Inspection:
    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    sql: str = ""
    path: Path | None = None
    sensitivity: str = "noi_bo"

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def convert(value: Any, typ: str, name: str = "") -> Any:
    """A parameter value (text from the command line, or already typed) in its declared type."""
    if value is None:
        return None
    if isinstance(value, str):
        v = value.strip()
        if v == "" or v.upper() == "NULL":
            return None
    else:
        v = value
    try:
        if typ == "VARCHAR":
            return str(v)
        if typ == "INTEGER":
            return int(v)
        if typ == "DOUBLE":
            return float(str(v).replace(",", ".")) if isinstance(v, str) else float(v)
        if typ == "BOOLEAN":
            if isinstance(v, bool):
                return v
            s = str(v).lower()
            if s in ("1", "true", "t", "yes", "y", "co", "có"):
                return True
            if s in ("0", "false", "f", "no", "n", "khong", "không"):
                return False
            raise ValueError(s)
        if typ == "DATE":
            if isinstance(v, datetime):
                return v.date()
            if isinstance(v, date):
                return v
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return datetime.strptime(str(v), fmt).date()
                except ValueError:
                    pass
            raise ValueError(v)
    except (TypeError, ValueError):
        raise InspectError(f"Giá trị không hợp lệ cho tham số {name} ({typ}): {value!r}", kind="loi") from None
    raise InspectError(f"Kiểu tham số không hỗ trợ: {typ}", kind="loi")


def parse_inspection(text: str, name: str, path: Path | None = None) -> Inspection:
    """Header comment block + query (see module docstring)."""
    title, desc, params, sens = "", [], [], "noi_bo"
    body_start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if not s.startswith("--"):
            body_start = i
            break
        m = re.match(r"--\s*(title|description|param|sensitivity)\s*:\s*(.*)$", s, re.I)
        if not m:
            continue
        key, val = m.group(1).lower(), m.group(2).strip()
        if key == "title":
            title = val
        elif key == "description":
            desc.append(val)
        elif key == "sensitivity":
            sens = val
        else:
            pm = re.match(r"([a-z][a-z0-9_]*)\s+([A-Za-z]+)\s*=\s*([^|]*?)\s*(?:\|\s*(.*))?$", val)
            if not pm:
                raise InspectError(f"{name}: dòng tham số không hợp lệ: {s}")
            pname, ptype, pdef, pdesc = pm.group(1), pm.group(2).upper(), pm.group(3), pm.group(4) or ""
            if ptype not in TYPES:
                raise InspectError(f"{name}: kiểu tham số {ptype} không hỗ trợ ({', '.join(TYPES)})")
            pdef = pdef.strip().strip("'\"") if pdef.strip().upper() != "NULL" else None
            params.append(Param(pname, ptype, convert(pdef, ptype, pname), pdesc.strip()))
    else:
        body_start = len(lines)
    sql = "\n".join(lines[body_start:]).strip().rstrip(";").strip()
    if not title:
        raise InspectError(f"{name}: thiếu dòng `-- title:`")
    return Inspection(name, title, " ".join(desc), params, sql, path, sens)


def list_inspections(folder: str | os.PathLike | None = None) -> list[Inspection]:
    """Every inspection of the folder (default sql/inspections), sorted by name."""
    folder = Path(folder) if folder else INSPECTIONS_DIR
    out = []
    for p in sorted(folder.glob("*.sql")):
        if not _NAME.match(p.stem):
            continue
        out.append(parse_inspection(p.read_text(encoding="utf-8"), p.stem, p))
    return out


def get_inspection(name: str, folder: str | os.PathLike | None = None) -> Inspection:
    found = {i.name: i for i in list_inspections(folder)}
    if name not in found:
        close = [n for n in found if name.split("_")[0] in n] or sorted(found)
        raise InspectError(f"Không có truy vấn kiểm tra tên {name!r}. Có: {', '.join(close)}", kind="loi")
    return found[name]


def bind_params(insp: Inspection, params: dict[str, Any] | None) -> dict[str, Any]:
    """Declared defaults overridden by `params` (unknown names refused), converted to their types."""
    params = dict(params or {})
    unknown = set(params) - {p.name for p in insp.params}
    if unknown:
        raise InspectError(
            f"Truy vấn {insp.name} không có tham số: {', '.join(sorted(unknown))}. "
            f"Tham số: {', '.join(p.name for p in insp.params) or '(không có)'}",
            kind="loi",
        )
    return {p.name: convert(params[p.name], p.type, p.name) if p.name in params else p.default for p in insp.params}


def run_inspection(
    db_path: str | os.PathLike,
    name: str,
    params: dict[str, Any] | None = None,
    limits: Limits | None = None,
    folder: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Run the named inspection with its defaults overridden by `params`; its result as a DataFrame."""
    insp = get_inspection(name, folder)
    values = bind_params(insp, params)
    return run_sql(db_path, insp.sql, values, limits)[-1]


def parse_param_args(args: list[str] | None) -> dict[str, str]:
    """`["don_vi=000.00.12.H27", "nguong=5"]` → dict (for `--param`)."""
    out: dict[str, str] = {}
    for a in args or []:
        if "=" not in a:
            raise InspectError(f"Tham số phải có dạng ten=gia_tri: {a!r}", kind="loi")
        k, v = a.split("=", 1)
        out[k.strip()] = v.strip()
    return out
