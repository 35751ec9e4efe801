"""The inspectors' read-only, sandboxed SQL over the published curated database.

The connection is opened read-only, external access is disabled (no file or network reads,
no COPY/ATTACH/INSTALL), resources are capped, and the configuration is locked last so that a
query cannot undo any of it.
"""
from __future__ import annotations

import json

import duckdb

from pipelines.settings import TIME_ZONE


def sandboxed(db_path, memory_limit: str = "1GB", threads: int = 2, timeout_ms: int = 120_000):
    con = duckdb.connect(str(db_path), read_only=True, config={
        "autoinstall_known_extensions": "false", "autoload_known_extensions": "false"})
    for stmt in (f"SET TimeZone = '{TIME_ZONE}'", "SET enable_external_access = false",
                 f"SET memory_limit = '{memory_limit}'", f"SET threads = {threads}",
                 "SET lock_configuration = true"):
        con.execute(stmt)
    return con


def run_query(db_path, query: str, fmt: str, console) -> int:
    con = sandboxed(db_path)
    try:
        df = con.execute(query).df()
    except duckdb.Error as exc:
        console.print(f"[red]Truy vấn bị từ chối hoặc lỗi:[/red] {exc}")
        return 1
    finally:
        con.close()
    if fmt == "csv":
        console.print(df.to_csv(index=False), end="")
    elif fmt == "json":
        console.print(json.dumps(df.to_dict("records"), ensure_ascii=False, default=str))
    else:
        from rich.table import Table

        t = Table()
        for c in df.columns:
            t.add_column(str(c))
        for row in df.head(200).itertuples(index=False):
            t.add_row(*["" if v is None else str(v) for v in row])
        console.print(t)
        if len(df) > 200:
            console.print(f"… {len(df)} dòng (hiện 200)")
    return 0


def interactive(db_path, console) -> None:
    console.print("SQL chỉ đọc trên cơ sở dữ liệu đã công bố. Kết thúc câu bằng ';'. Thoát: Ctrl-D.")
    buf = []
    while True:
        try:
            line = input("motcua> " if not buf else "   ...> ")
        except EOFError:
            break
        buf.append(line)
        if line.rstrip().endswith(";"):
            run_query(db_path, "\n".join(buf), "table", console)
            buf = []
