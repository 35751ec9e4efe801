"""What `motcua sql` does; the lead's typer command only parses options and calls `sql_command`.

    sql_command(db_path, *, command=None, file=None, fmt="table", out=None, schema=False,
                table=None, query=None, params=None, list_queries=False, console=None,
                limits=None, interactive_input=input) -> int   (exit code: 0 ok, 1 refused/error, 2 usage)

Modes (first that applies): `list_queries` → list of named inspections; `schema` → tables/views
(or the columns of `table`) with their Vietnamese comments and sensitivity; `query` → the named
inspection with `params` (["ten=giá_trị", …]); `command` (-c) or `file` (-f) → ad-hoc SQL;
otherwise the interactive shell.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape

from pipelines.inspect import schema, shell
from pipelines.inspect.library import get_inspection, list_inspections, parse_param_args, run_inspection
from pipelines.inspect.sandbox import InspectError, Limits
from pipelines.inspect.shell import FORMATS, print_error, render, run_query


def _console(console):
    if console is None:
        console = Console()
    return console


def show_schema(db_path, table: str | None, console, fmt: str = "table", out=None, limits: Limits | None = None) -> int:

    try:
        if table:
            comment, sens = schema.object_comment(db_path, table, limits)
            cols = schema.describe_columns(db_path, table, limits)
            if fmt == "table":
                console.print(
                    f"[bold]{escape(table)}[/bold] — độ nhạy cảm: {schema.SENSITIVITY_VI.get(sens, sens)} ({sens})"
                )
                if comment:
                    console.print(escape(str(comment)))
            render(cols, fmt, console, out)
        else:
            render(
                schema.describe_objects(db_path, limits),
                fmt,
                console,
                out,
                title="Bảng và view của cơ sở dữ liệu đã công bố",
            )
            if fmt == "table":
                console.print(
                    "Độ nhạy cảm: cong_khai = được công bố; noi_bo = dùng nội bộ (tổ kiểm tra, "
                    "phân tích). Không bảng nào chứa dữ liệu cá nhân của người dân."
                )
    except InspectError as e:
        print_error(e, console)
        return 1
    return 0


def show_inspections(console, fmt: str = "table", out=None) -> int:
    try:
        rows = [
            {
                "ten": i.name,
                "tieu_de": i.title,
                "tham_so": ", ".join(f"{p.name}={'' if p.default is None else p.default}" for p in i.params),
                "do_nhay_cam": i.sensitivity,
                "mo_ta": i.description,
            }
            for i in list_inspections()
        ]
        df = pd.DataFrame(rows)
        if fmt == "table":  # descriptions are long: `--list --format csv/json` gives them
            df = df.drop(columns=["mo_ta"])
        render(df, fmt, console, out, title="Truy vấn kiểm tra có sẵn (motcua sql --query TÊN)")
    except InspectError as e:
        print_error(e, console)
        return 1
    return 0


def run_named(
    db_path, name: str, params: list[str] | dict | None, fmt: str, out, console, limits: Limits | None = None
) -> int:

    try:
        values = params if isinstance(params, dict) else parse_param_args(params)
        insp = get_inspection(name)
        df = run_inspection(db_path, name, values, limits)
        render(df, fmt, console, out, title=insp.title)
    except InspectError as e:
        print_error(e, console)
        return 1
    return 0


def sql_command(
    db_path: str | os.PathLike,
    *,
    command: str | None = None,
    file: str | os.PathLike | None = None,
    fmt: str = "table",
    out: str | os.PathLike | None = None,
    schema: bool = False,
    table: str | None = None,
    query: str | None = None,
    params: list[str] | None = None,
    list_queries: bool = False,
    console=None,
    limits: Limits | None = None,
    interactive_input=input,
) -> int:
    """Everything `motcua sql` does; returns the exit code."""

    console = _console(console)
    fmt = (fmt or "table").lower()
    if fmt not in FORMATS:
        console.print(f"[red]Định dạng không hỗ trợ: {fmt} (chọn: {', '.join(FORMATS)})[/red]")
        return 2
    if fmt == "xlsx" and not out:
        console.print("[red]Định dạng xlsx cần --out <tệp.xlsx>.[/red]")
        return 2
    if list_queries:
        return show_inspections(console, fmt, out)
    db_path = Path(db_path)
    if not db_path.exists():
        console.print(f"[red]Chưa có cơ sở dữ liệu đã công bố: {db_path}. Hãy chạy `motcua run` trước.[/red]")
        return 2
    if schema:
        return show_schema(db_path, table, console, fmt, out, limits)
    if query:
        return run_named(db_path, query, params, fmt, out, console, limits)
    if params:
        console.print("[red]--param chỉ dùng cùng --query TÊN.[/red]")
        return 2
    if file is not None:
        try:
            command = Path(file).read_text(encoding="utf-8")
        except OSError as e:
            console.print(f"[red]Không đọc được tệp truy vấn {file}: {e}[/red]")
            return 2
    if command is None:
        interactive(db_path, console, limits, input_fn=interactive_input)
        return 0
    try:
        return run_query(db_path, command, fmt, console, out, limits)
    except InspectError as e:  # e.g. table format with --out
        print_error(e, console)
        return 1


def interactive(db_path, console, limits: Limits | None = None, input_fn=input) -> None:
    """A prompt that keeps no connection open between statements (each one opens a fresh sandbox)."""
    console.print(
        "SQL chỉ đọc trên cơ sở dữ liệu đã công bố (không có dữ liệu cá nhân). "
        "Kết thúc câu bằng ';'. Trợ giúp: \\h. Thoát: Ctrl-D."
    )
    stamp = shell.file_stamp(db_path)
    buf: list[str] = []
    while True:
        try:
            line = input_fn("motcua> " if not buf else "   ...> ")
        except (EOFError, KeyboardInterrupt):
            console.print("")
            break
        s = line.strip()
        if not buf and s.startswith(("\\", ".")):
            parts = s.split()
            cmd, args = parts[0], parts[1:]
            if cmd in ("\\quit", ".quit", ".exit", "\\exit"):
                break
            if cmd in ("\\h", ".help", "\\?"):
                console.print(shell.HELP)
            elif cmd in ("\\d", ".tables", ".schema"):
                show_schema(db_path, args[0] if args else None, console, limits=limits)
            elif cmd == "\\q":
                if not args:
                    show_inspections(console)
                else:
                    run_named(db_path, args[0], args[1:], "table", None, console, limits=limits)
            else:
                console.print(f"Lệnh không rõ: {cmd}. {shell.HELP}")
            continue
        if not s and not buf:
            continue
        buf.append(line)
        if s.endswith(";"):
            new = shell.file_stamp(db_path)
            if stamp is not None and new != stamp:
                console.print("[yellow]Cơ sở dữ liệu vừa được công bố lại: kết quả dưới đây là số liệu mới.[/yellow]")
            stamp = new
            try:
                shell.run_query(db_path, "\n".join(buf), "table", console, limits=limits)
            except KeyboardInterrupt:  # Ctrl-C during a query cancels it, not the session
                console.print("[yellow]Đã hủy truy vấn.[/yellow]")
            buf = []
