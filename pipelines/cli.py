"""motcua — the command line (stable: scripts, schedules and people call it)."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(help="motcua: chỉ số kế hoạch kiểm soát TTHC và một cửa từ dữ liệu phần mềm một cửa.",
                  no_args_is_help=True, add_completion=False)
console = Console()


def _prefect_env(data_root: Path) -> None:
    """Prefect offline and quiet: no telemetry, a home inside the data folder."""
    os.environ.setdefault("PREFECT_HOME", str(data_root / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def _progress_callback(prog: Progress):
    tasks: dict[str, int] = {}

    def cb(done: int, total: int, label: str) -> None:
        key = label.split(":")[0]
        if key not in tasks:
            tasks[key] = prog.add_task(label, total=total)
        prog.update(tasks[key], completed=done, total=total, description=label)
    return cb


def _parse_date(s: Optional[str]) -> Optional[date]:
    if not s:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            from datetime import datetime
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise typer.BadParameter(f"Ngày không hợp lệ: {s!r} (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")


@app.command()
def simulate(out: Path = typer.Option(..., "--out", help="Thư mục ghi dữ liệu mô phỏng"),
             seed: int = typer.Option(42, help="Hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)"),
             scale: float = typer.Option(1.0, help="Hệ số quy mô (1 ≈ 850.000 hồ sơ/năm)"),
             from_: str = typer.Option("2022-01-01", "--from", help="Từ ngày"),
             to: str = typer.Option("2022-12-31", "--to", help="Đến ngày"),
             format: str = typer.Option("xlsx,csv,json", "--format", help="Định dạng tệp được dùng"),
             faults: bool = typer.Option(False, "--faults", help="Chèn tệp/dòng lỗi (và liệt kê chúng)")) -> None:
    """Ghi dữ liệu xuất của phần mềm một cửa mô phỏng (Hà Tĩnh 2022)."""
    from pipelines.simulator.run import simulate as run_sim

    with _progress() as prog:
        info = run_sim(out, seed=seed, scale=scale, start=_parse_date(from_), end=_parse_date(to),
                       formats=tuple(f.strip() for f in format.split(",") if f.strip()), faults=faults,
                       progress=_progress_callback(prog))
    console.print(f"Đã ghi {len(info.get('files', []))} tệp vào [bold]{out}[/bold]")
    if faults:
        console.print(f"Lỗi được chèn: {len(info.get('faults', []))} (xem {out / '_simulation.json'})")


def _run(inbox: Optional[Path], as_of: Optional[date], data_dir: Optional[Path], use_prefect: bool,
         render: bool = True) -> dict:
    from pipelines.settings import data_paths

    paths = data_paths(data_dir)
    if use_prefect:
        _prefect_env(paths.root)
        from pipelines.flows.nightly import nightly_flow

        return nightly_flow()(inbox=str(inbox) if inbox else None, as_of=as_of, data_dir=str(paths.root),
                              render=render)
    from pipelines.flows.nightly import run_pipeline

    with _progress() as prog:
        return run_pipeline(inbox, as_of, paths.root, progress=_progress_callback(prog), render=render)


def _print_summary(s: dict) -> None:
    from pipelines.flows.summary import STATUS_VI, fmt_int, fmt_pct

    t = Table(title="Dữ liệu nạp (mọi tệp đã tiếp nhận)")
    for c in ("Loại dữ liệu", "Dòng vào", "Đã nạp", "Cách ly"):
        t.add_column(c, justify="right" if c != "Loại dữ liệu" else "left")
    for r in s.get("load_summary", []):
        t.add_row(r["entity"], fmt_int(r["rows_in"]), fmt_int(r["rows_loaded"]), fmt_int(r["rows_quarantined"]))
    console.print(t)
    console.print(f"Tệp mới: {s.get('files_landed', 0)} · tệp đã đọc lần này: {s.get('files_parsed', 0)}")
    for f in (s.get("problem_files") or [])[:10]:
        console.print(f"  [yellow]![/yellow] {f['original_name']}: {f['message']}")
    warn = [c for c in s.get("checks", []) if c.get("failing_rows")]
    for c in warn:
        colour = "red" if c["severity"] == "fail" else "yellow"
        console.print(f"  [{colour}]{c['severity']}[/{colour}] {c['model']}.{c['name']}: {fmt_int(c['failing_rows'])} dòng — {c.get('description', '')}")
    if s.get("scorecard"):
        sc = Table(title=f"Bảng chỉ tiêu kế hoạch, toàn tỉnh, số liệu đến {s.get('as_of_vi')}")
        for c in ("Chỉ tiêu", "Giá trị", "Ngưỡng", "Trạng thái"):
            sc.add_column(c)
        for r in s["scorecard"]:
            label = r["target_id"] + (f" ({r['group_key']})" if r.get("group_key") else "") + \
                (f" [{r['level']}]" if r.get("level") not in (None, "toan_tinh") else "")
            is_count = r.get("denominator") is None or (isinstance(r.get("denominator"), float) and r["denominator"] != r["denominator"])
            val = fmt_int(r["value"]) if is_count and r.get("value") is not None else fmt_pct(r.get("value"))
            sc.add_row(label, val, fmt_pct(r.get("threshold")), STATUS_VI.get(r["status"], r["status"]))
        console.print(sc)
    rep = s.get("reports")
    if rep:
        console.print(f"Báo cáo: [bold]{rep.get('index')}[/bold] ({rep.get('pages', 0)} trang, {rep.get('seconds')} giây)")
        for e in rep.get("errors", [])[:10]:
            console.print(f"  [yellow]![/yellow] {e}")
    colour = "green" if s["status"] == "published" else "red"
    console.print(f"[{colour}]{s['status_vi']}[/{colour}]" + (f": {s['error']}" if s.get("error") else ""))
    console.print(f"Tóm tắt: {s.get('outputs', {}).get('md')}")


@app.command()
def run(inbox: Optional[Path] = typer.Option(None, help="Thư mục chứa tệp xuất mới"),
        api: Optional[str] = typer.Option(None, help="Địa chỉ API của phần mềm một cửa (chưa hỗ trợ)"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày số liệu (mặc định: ngày mới nhất có dữ liệu)"),
        data_dir: Optional[Path] = typer.Option(None, envvar="MOTCUA_DATA_DIR", help="Thư mục dữ liệu"),
        prefect: bool = typer.Option(True, "--prefect/--no-prefect", help="Chạy như một flow Prefect"),
        render: bool = typer.Option(True, "--render/--no-render", help="Dựng báo cáo HTML và biểu mẫu")) -> None:
    """Chạy quy trình hằng đêm: tiếp nhận → nạp → tính chỉ số → kiểm tra → công bố → báo cáo."""
    if api:
        console.print("[red]--api chưa được hỗ trợ trong phiên bản này (việc kéo dữ liệu qua HTTP đang được xây dựng).[/red]")
        raise typer.Exit(2)
    s = _run(inbox, _parse_date(as_of), data_dir, prefect, render)
    _print_summary(s)
    if s["status"] != "published":
        raise typer.Exit(1)


@app.command()
def demo(scale: float = typer.Option(1.0, help="Hệ số quy mô của năm mô phỏng"),
         seed: int = typer.Option(42),
         data_dir: Optional[Path] = typer.Option(None, envvar="MOTCUA_DATA_DIR"),
         prefect: bool = typer.Option(True, "--prefect/--no-prefect")) -> None:
    """Mô phỏng dữ liệu Hà Tĩnh 2022, chạy quy trình hằng đêm trên đó, in nơi lưu kết quả."""
    from pipelines.settings import data_paths

    paths = data_paths(data_dir)
    sim_dir = paths.root / "demo" / f"seed{seed}-scale{scale:g}"
    if not (sim_dir / "_simulation.json").exists():
        console.print(f"Mô phỏng năm 2022 (quy mô {scale:g}) vào {sim_dir} …")
        simulate(out=sim_dir, seed=seed, scale=scale, from_="2022-01-01", to="2022-12-31",
                 format="xlsx,csv,json", faults=False)
    else:
        console.print(f"Dùng lại dữ liệu mô phỏng đã có: {sim_dir}")
    s = _run(sim_dir / "inbox", None, paths.root, prefect)
    _print_summary(s)
    console.print(f"Cơ sở dữ liệu: [bold]{paths.curated_db}[/bold]")
    if s["status"] != "published":
        raise typer.Exit(1)


@app.command("sql")
def sql_cmd(command: Optional[str] = typer.Option(None, "-c", help="Câu truy vấn"),
            format: str = typer.Option("table", "--format", help="table | csv | json"),
            data_dir: Optional[Path] = typer.Option(None, envvar="MOTCUA_DATA_DIR")) -> None:
    """SQL chỉ đọc, cách ly (không truy cập tệp/mạng) trên cơ sở dữ liệu đã công bố."""
    from pipelines.inspect.shell import run_query, interactive
    from pipelines.settings import data_paths

    db = data_paths(data_dir).curated_db
    if not db.exists():
        console.print(f"[red]Chưa có cơ sở dữ liệu đã công bố: {db}. Hãy chạy `motcua run` trước.[/red]")
        raise typer.Exit(2)
    if command is None:
        interactive(db, console)
        return
    code = run_query(db, command, format, console)
    raise typer.Exit(code)


def _not_yet(name: str, issue: str) -> None:
    console.print(f"[yellow]`motcua {name}` chưa có trong phiên bản này ({issue}).[/yellow]")
    raise typer.Exit(2)


@app.command()
def replay(from_: str = typer.Option(..., "--from"), to: str = typer.Option(..., "--to")) -> None:
    """Chạy lại quy trình từng đêm một trong một khoảng ngày (đang xây dựng)."""
    _not_yet("replay", "vận hành hằng đêm")


@app.command()
def serve() -> None:
    """Đăng ký lịch chạy 02:00 hằng đêm với máy chủ Prefect (đang xây dựng)."""
    _not_yet("serve", "vận hành hằng đêm")


@app.command()
def bench(scale: float = typer.Option(1.0)) -> None:
    """Đo hiệu năng (đang xây dựng)."""
    _not_yet("bench", "đo hiệu năng")


if __name__ == "__main__":
    app()
