"""motcua — the command line (stable: scripts, schedules and people call it)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    help="motcua: chỉ số kế hoạch kiểm soát TTHC và một cửa từ dữ liệu phần mềm một cửa.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()


def _prefect_env(data_root: Path) -> None:
    """Prefect offline and quiet: no telemetry, a home inside the data folder."""
    os.environ.setdefault("PREFECT_HOME", str(data_root / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # a busy 2-core machine can take longer than Prefect's default to start its temporary server
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _progress_callback(prog: Progress):
    tasks: dict[str, int] = {}

    def cb(done: int, total: int, label: str) -> None:
        key = label.split(":")[0]
        if key not in tasks:
            tasks[key] = prog.add_task(label, total=total)
        prog.update(tasks[key], completed=done, total=total, description=label)

    return cb


def _data_paths(data_dir: Path | None):
    """The data folders (`pipelines.settings.data_paths`), imported here and not at the top."""
    from pipelines.settings import data_paths  # noqa: PLC0415 — local: settings imports duckdb: +135 ms, +28 MB on a 225 ms start-up (measured)

    return data_paths(data_dir)


def _parse_date(s: str | None) -> date | None:
    if not s:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise typer.BadParameter(f"Ngày không hợp lệ: {s!r} (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")


@app.command()
def simulate(
    out: Path = typer.Option(..., "--out", help="Thư mục ghi dữ liệu mô phỏng"),
    seed: int = typer.Option(42, help="Hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)"),
    scale: float = typer.Option(1.0, help="Hệ số quy mô (1 ≈ 850.000 hồ sơ/năm)"),
    from_: str = typer.Option("2022-01-01", "--from", help="Từ ngày"),
    to: str = typer.Option("2022-12-31", "--to", help="Đến ngày"),
    format: str = typer.Option("xlsx,csv,json", "--format", help="Định dạng tệp được dùng"),
    faults: bool = typer.Option(False, "--faults", help="Chèn tệp/dòng lỗi (và liệt kê chúng)"),
    province: str | None = typer.Option(
        None,
        "--province",
        help="Mã tỉnh (Tổng cục Thống kê) được mô phỏng, kèm kế hoạch minh họa (mặc định 42 Hà Tĩnh)",
    ),
) -> None:
    """Ghi dữ liệu xuất của phần mềm một cửa mô phỏng (Hà Tĩnh hoặc tỉnh --province, năm 2022)."""
    from simulator.run import simulate as run_sim  # noqa: PLC0415 — local: not in the wheel (checkout only); +1.7 s, +109 MB (numpy, pandas, pyarrow)

    with _progress() as prog:
        info = run_sim(
            out,
            seed=seed,
            scale=scale,
            start=_parse_date(from_),
            end=_parse_date(to),
            formats=tuple(f.strip() for f in format.split(",") if f.strip()),
            faults=faults,
            progress=_progress_callback(prog),
            province=province,
        )
    console.print(f"Đã ghi {len(info.get('files', []))} tệp của {info['province']['name']} vào [bold]{out}[/bold]")
    if info["province"]["plan"]:
        console.print(f"Kế hoạch minh họa: {out / info['province']['plan']}")
    if faults:
        console.print(f"Lỗi được chèn: {len(info.get('faults', []))} (xem {out / '_simulation.json'})")


def _run(
    inbox: Path | None,
    as_of: date | None,
    data_dir: Path | None,
    use_prefect: bool,
    render: bool = True,
    api: str | None = None,
    full_rebuild: bool = False,
) -> dict:
    from pipelines.flows.nightly import nightly_flow, run_pipeline  # noqa: PLC0415 — local: +1.9 s, +143 MB (pandas, duckdb, httpx, the warehouse) at start-up

    paths = _data_paths(data_dir)
    if use_prefect:
        _prefect_env(paths.root)
        return nightly_flow()(
            inbox=str(inbox) if inbox else None,
            as_of=as_of,
            data_dir=str(paths.root),
            render=render,
            api=api,
            full_rebuild=full_rebuild,
        )
    with _progress() as prog:
        return run_pipeline(
            inbox,
            as_of,
            paths.root,
            progress=_progress_callback(prog),
            render=render,
            api=api,
            full_rebuild=full_rebuild,
        )


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and x != x)


def _print_summary(s: dict) -> None:
    from pipelines.flows.summary import due_soon_sentence, scorecard_label, shared_line, status_text  # noqa: PLC0415 — local: summary imports pandas: +1.5 s, +111 MB at start-up (already loaded by _run when called)
    from pipelines.numbers import fmt_int, fmt_pct, fmt_threshold  # noqa: PLC0415 — local: pandas, as below

    t = Table(title="Dữ liệu nạp (mọi tệp đã tiếp nhận)")
    for c in ("Loại dữ liệu", "Dòng vào", "Đã nạp", "Cách ly"):
        t.add_column(c, justify="right" if c != "Loại dữ liệu" else "left")
    for r in s.get("load_summary", []):
        t.add_row(r["entity"], fmt_int(r["rows_in"]), fmt_int(r["rows_loaded"]), fmt_int(r["rows_quarantined"]))
    console.print(t)
    console.print(f"Tệp mới: {s.get('files_landed', 0)} · tệp đã đọc lần này: {s.get('files_parsed', 0)}")
    if s.get("build_mode"):
        how = (
            "cập nhật phần mới (increment)"
            if s["build_mode"] == "increment"
            else "dựng lại toàn bộ" + (f" ({s['build_mode_reason']})" if s.get("build_mode_reason") else "")
        )
        console.print(f"Cách dựng kho: {how}")
    skipped = s.get("skipped_entries") or []
    for f in skipped[:20]:
        console.print(f"  [yellow]bỏ qua[/yellow] {escape(f['name'])}: {escape(f['reason'])}")
    if len(skipped) > 20:
        console.print(f"  … và {len(skipped) - 20} mục khác không được tiếp nhận (xem run_summary.json)")
    for f in (s.get("problem_files") or [])[:10]:
        console.print(f"  [yellow]![/yellow] {f['original_name']}: {f['message']}")
    for f in (s.get("file_notes") or [])[:10]:
        console.print(f"  [yellow]![/yellow] {escape(f['note'])}")
    warn = [c for c in s.get("checks", []) if c.get("failing_rows")]
    for c in warn:
        colour = "red" if c["severity"] == "fail" else "yellow"
        console.print(
            f"  [{colour}]{c['severity']}[/{colour}] {c['model']}.{c['name']}: {fmt_int(c['failing_rows'])} dòng — {c.get('description', '')}"
        )
    if s.get("scorecard"):
        sc = Table(title=f"Bảng chỉ tiêu kế hoạch, toàn tỉnh, số liệu đến {s.get('as_of_vi')}")
        for c in ("Chỉ tiêu", "Giá trị", "Ngưỡng", "Trạng thái"):
            sc.add_column(c)
        for r in s["scorecard"]:
            label = scorecard_label(r)
            is_count = r.get("kind") == "count" or (r.get("kind") == "tracking" and _missing(r.get("denominator")))
            val = fmt_int(r["value"]) if is_count and not _missing(r.get("value")) else fmt_pct(r.get("value"))
            sc.add_row(label, val, fmt_threshold(r.get("threshold"), r.get("kind")), status_text(r))
        console.print(sc)
    if s.get("due_soon"):  # the early warning (docs/metrics.md, "Due soon at T")
        console.print("Cảnh báo sớm: " + escape(due_soon_sentence(s["due_soon"]).replace("`", "")), soft_wrap=True)
    rep = s.get("reports")
    if rep:
        console.print(
            f"Báo cáo: [bold]{rep.get('index')}[/bold] ({rep.get('pages', 0)} trang, {rep.get('seconds')} giây)"
        )
        for e in rep.get("errors", [])[:10]:
            console.print(f"  [yellow]![/yellow] {e}")
    if s.get("shared"):  # the publication to the shared store of the national roll-up
        console.print(escape(shared_line(s["shared"]).removeprefix("- ").replace("**", "").replace("`", "")))
    colour = "green" if s["status"] == "published" else "red"
    console.print(f"[{colour}]{s['status_vi']}[/{colour}]" + (f": {s['error']}" if s.get("error") else ""))
    console.print(f"Tóm tắt: {s.get('outputs', {}).get('md')}")


@app.command()
def run(
    inbox: Path | None = typer.Option(None, help="Thư mục chứa tệp xuất mới"),
    api: str | None = typer.Option(None, help="Địa chỉ API của phần mềm một cửa (mã truy cập: $MOTCUA_API_TOKEN)"),
    as_of: str | None = typer.Option(None, "--as-of", help="Ngày số liệu (mặc định: ngày mới nhất có dữ liệu)"),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR", help="Thư mục dữ liệu"),
    prefect: bool = typer.Option(True, "--prefect/--no-prefect", help="Chạy như một flow Prefect"),
    render: bool = typer.Option(True, "--render/--no-render", help="Dựng báo cáo HTML và biểu mẫu"),
    full_rebuild: bool = typer.Option(
        False,
        "--full-rebuild",
        help="Dựng lại toàn bộ kho từ mọi tệp đã đọc (mặc định: chỉ cập nhật phần mới khi được)",
    ),
    province: str | None = typer.Option(
        None, "--province", help="Mã tỉnh (Tổng cục Thống kê, vd. 42) khi công bố lên kho dùng chung ($MOTCUA_PROVINCE)"
    ),
    plan: str | None = typer.Option(
        None, "--plan", help="Mã kế hoạch của báo cáo và biểu mẫu khi plans/ có nhiều kế hoạch ($MOTCUA_PLAN)"
    ),
) -> None:
    """Chạy quy trình hằng đêm: tiếp nhận → nạp → tính chỉ số → kiểm tra → công bố → báo cáo."""
    if province:  # read where the run publishes to the shared store (pipelines.national.publish)
        os.environ["MOTCUA_PROVINCE"] = province
    if plan:  # read where the plan files are listed (pipelines.flows.steps.default_plan_paths)
        os.environ["MOTCUA_PLAN"] = plan
    s = _run(inbox, _parse_date(as_of), data_dir, prefect, render, api, full_rebuild)
    _print_summary(s)
    if s["status"] != "published":
        raise typer.Exit(1)


def _simulate_in_child(out: Path, seed: int, scale: float, province: str | None = None) -> None:
    """Simulate in a child process: the simulator's working memory (GBs at scale 1) is given back
    to the system before the nightly run starts, instead of staying in this process."""
    cmd = [
        sys.executable,
        "-c",
        "from pipelines.cli import app; app()",
        "simulate",
        "--out",
        str(out),
        "--seed",
        str(seed),
        "--scale",
        str(scale),
        *(["--province", province] if province else []),
    ]
    done = subprocess.run(cmd)
    if done.returncode != 0:
        raise typer.Exit(done.returncode)


@app.command()
def demo(
    scale: float | None = typer.Option(None, help="Hệ số quy mô của năm mô phỏng (mặc định 1; 0,01 với --national)"),
    seed: int = typer.Option(42),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR"),
    prefect: bool = typer.Option(True, "--prefect/--no-prefect"),
    national: int = typer.Option(
        0,
        "--national",
        help="N tỉnh nhỏ qua máy chủ Prefect, work pool và hai worker trên máy này, rồi tổng hợp toàn quốc",
    ),
) -> None:
    """Mô phỏng một năm dữ liệu (tỉnh mẫu của bộ mô phỏng, 2022), chạy quy trình hằng đêm trên đó, in nơi lưu kết quả."""
    paths = _data_paths(data_dir)
    if national:
        _national_demo(paths.root, national, 0.01 if scale is None else scale, seed)
        return
    scale = 1.0 if scale is None else scale
    sim_dir = paths.root / "demo" / f"seed{seed}-scale{scale:g}"
    if not (sim_dir / "_simulation.json").exists():
        console.print(f"Mô phỏng năm 2022 (quy mô {scale:g}) vào {sim_dir} …")
        _simulate_in_child(sim_dir, seed, scale)
    else:
        console.print(f"Dùng lại dữ liệu mô phỏng đã có: {sim_dir}")
    s = _run(sim_dir / "inbox", None, paths.root, prefect)
    _print_summary(s)
    console.print(f"Cơ sở dữ liệu: [bold]{paths.curated_db}[/bold]")
    if s["status"] != "published":
        raise typer.Exit(1)


def _national_demo(root: Path, n: int, scale: float, seed: int) -> None:
    _prefect_env(root)
    from pipelines.flows.national_demo import national_demo  # noqa: PLC0415 — local: httpx, yaml, the national layer at start-up

    done = national_demo(
        root, n, scale, seed, simulate=lambda out, s, code: _simulate_in_child(out, s, scale, code), echo=console.print
    )
    _print_national(done)
    if any(r.get("type") != "COMPLETED" for r in done["runs"].values()):
        raise typer.Exit(1)


@app.command("sql")
def sql_cmd(
    command: str | None = typer.Option(None, "-c", "--command", help="Câu truy vấn SQL (chỉ đọc)"),
    file: Path | None = typer.Option(None, "-f", "--file", help="Tệp .sql"),
    format: str = typer.Option("table", "--format", help="table | csv | json | xlsx"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Ghi ra tệp (bắt buộc với xlsx)"),
    schema: bool = typer.Option(False, "--schema", help="Bảng, view và mô tả; kèm TÊN_BẢNG: các cột"),
    table: str | None = typer.Argument(None, help="Tên bảng/view, dùng với --schema"),
    query: str | None = typer.Option(None, "--query", "-q", help="Truy vấn kiểm tra có tên"),
    param: list[str] | None = typer.Option(None, "--param", "-p", help="ten=gia_tri (lặp lại được)"),
    list_queries: bool = typer.Option(False, "--list", help="Danh sách truy vấn kiểm tra"),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR"),
) -> None:
    """SQL chỉ đọc, cách ly (không truy cập tệp/mạng) trên cơ sở dữ liệu đã công bố."""
    from pipelines.inspect.cli_impl import sql_command  # noqa: PLC0415 — local: +1.5 s, +112 MB (pandas, duckdb) at start-up

    raise typer.Exit(
        sql_command(
            _data_paths(data_dir).curated_db,
            command=command,
            file=file,
            fmt=format,
            out=out,
            schema=schema,
            table=table,
            query=query,
            params=param or None,
            list_queries=list_queries,
            console=console,
        )
    )


@app.command()
def lab(
    port: int = typer.Option(8888, help="Cổng của JupyterLab (trên 127.0.0.1)"),
    no_browser: bool = typer.Option(False, "--no-browser", help="Không tự mở trình duyệt"),
    db: Path | None = typer.Option(None, "--db", help="Cơ sở dữ liệu (mặc định: bản đã công bố của thư mục dữ liệu)"),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR"),
) -> None:
    """Mở JupyterLab trên thư mục notebooks/ với cơ sở dữ liệu đã công bố (chỉ đọc, biến MOTCUA_DB)."""
    from pipelines.reports import lab as L  # noqa: PLC0415 — local, like every command's imports

    if not L.lab_installed():
        console.print(f"[red]{escape(L.MISSING_MESSAGE)}[/red]")
        raise typer.Exit(1)
    db_path = db or _data_paths(data_dir).curated_db
    if not Path(db_path).exists():
        console.print(
            f"[red]Không có cơ sở dữ liệu đã công bố tại {escape(str(db_path))}.[/red] "
            "Chạy `motcua demo` hoặc `motcua run` trước, hoặc chỉ định `--db`."
        )
        raise typer.Exit(1)
    cmd = L.lab_command(db_path, port=port, open_browser=not no_browser)
    console.print(
        f"JupyterLab trên {escape(str(cmd.notebooks_dir))}, cơ sở dữ liệu {escape(str(cmd.db_path))} (chỉ đọc).",
        soft_wrap=True,
    )
    console.print(f"Mở: [bold]{escape(cmd.url)}[/bold]  (Ctrl+C để dừng)", soft_wrap=True)
    proc = subprocess.Popen(cmd.argv, env=cmd.env)
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        code = proc.wait(timeout=30)
    raise typer.Exit(code)


@app.command("simulate-serve")
def simulate_serve(
    seed: int = typer.Option(42),
    scale: float = typer.Option(0.01),
    from_: str = typer.Option("2022-01-01", "--from"),
    to: str = typer.Option("2022-12-31", "--to"),
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8765),
    token: str | None = typer.Option(None, help="mặc định: $MOTCUA_API_TOKEN"),
    error_burst: int = typer.Option(0, help="số lỗi 5xx liên tiếp"),
    rate_limit_every: int = typer.Option(0, help="trả 429 mỗi k yêu cầu"),
    drop_every: int = typer.Option(0, help="cắt kết nối giữa trang mỗi k yêu cầu"),
) -> None:
    """Phục vụ API HTTP của phần mềm một cửa mô phỏng (chỉ trên máy này)."""
    from simulator.api_server import Faults, serve_forever  # noqa: PLC0415 — local: not in the wheel (checkout only); +1.8 s, +112 MB (numpy, pandas)

    faults = (
        Faults(seed=seed, error_burst=error_burst, rate_limit_every=rate_limit_every, drop_every=drop_every)
        if (error_burst or rate_limit_every or drop_every)
        else None
    )
    serve_forever(
        seed=seed,
        scale=scale,
        start=_parse_date(from_),
        end=_parse_date(to),
        host=host,
        port=port,
        token=token,
        faults=faults,
        echo=console.print,
    )


@app.command()
def replay(
    from_: str = typer.Option(..., "--from", help="Đêm đầu tiên"),
    to: str = typer.Option(..., "--to", help="Đêm cuối cùng"),
    sim: Path | None = typer.Option(None, help="Thư mục mô phỏng (mặc định: dữ liệu demo)"),
    seed: int = typer.Option(42),
    scale: float = typer.Option(0.1),
    data_dir: Path | None = typer.Option(None, help="Thư mục dữ liệu riêng cho lần chạy lại"),
    prefect: bool = typer.Option(False, "--prefect/--no-prefect"),
) -> None:
    """Chạy lại quy trình hằng đêm từng đêm một, giữ bảng chỉ tiêu của mỗi đêm (curated/history/)."""
    from pipelines.flows.replay import replay as run_replay  # noqa: PLC0415 — local: +2.0 s, +143 MB (pandas, duckdb, the warehouse) at start-up

    root = _data_paths(None).root
    sim_dir = sim or root / "demo" / f"seed{seed}-scale{scale:g}"
    if not (sim_dir / "_simulation.json").exists():
        simulate(
            out=sim_dir,
            seed=seed,
            scale=scale,
            from_="2022-01-01",
            to="2022-12-31",
            format="xlsx,csv,json",
            faults=False,
        )
    target = data_dir or root / "replay" / sim_dir.name
    if prefect:
        _prefect_env(Path(target))
    with _progress() as prog:
        nights = run_replay(
            sim_dir,
            _parse_date(from_),
            _parse_date(to),
            Path(target),
            use_prefect=prefect,
            progress=_progress_callback(prog),
        )
    t = Table(title=f"Chạy lại {len(nights)} đêm → {target}")
    for c in ("Ngày số liệu", "Trạng thái", "Giây"):
        t.add_column(c)
    for n in nights:
        t.add_row(str(n.get("as_of")), str(n.get("status")), str(n.get("seconds", "")))
    console.print(t)
    if any(n.get("status") != "published" for n in nights):
        raise typer.Exit(1)


@app.command()
def serve(
    inbox: Path | None = typer.Option(None),
    api: str | None = typer.Option(None),
    cron: str = typer.Option("0 2 * * *"),
    tz: str = typer.Option("Asia/Ho_Chi_Minh", "--timezone"),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR"),
) -> None:
    """Đăng ký và phục vụ lịch chạy hằng đêm (02:00 Asia/Ho_Chi_Minh) với máy chủ Prefect ($PREFECT_API_URL)."""
    paths = _data_paths(data_dir)
    _prefect_env(paths.root)  # before Prefect is imported: it reads PREFECT_HOME and its settings then
    from pipelines.flows.schedule import serve_nightly  # noqa: PLC0415 — local: imports Prefect: +3.8 s, +184 MB at start-up; and only after _prefect_env

    try:
        serve_nightly(paths.root, inbox=inbox, api=api, cron=cron, timezone=tz)
    except RuntimeError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


@app.command()
def bench(
    scale: list[float] | None = typer.Option(
        None, "--scale", help="Hệ số quy mô (lặp lại được: --scale 0.1 --scale 1; mặc định 1)"
    ),
    seed: int = typer.Option(42, help="Hạt giống mô phỏng"),
    data_dir: Path | None = typer.Option(
        None, envvar="MOTCUA_DATA_DIR", help="Thư mục dữ liệu (số đo ghi vào <thư mục>/bench)"
    ),
    keep: bool = typer.Option(False, "--keep", help="Giữ các thư mục làm việc (bench/work-*)"),
    prefect: bool = typer.Option(True, "--prefect/--no-prefect", help="Đo cả chi phí của Prefect (ở quy mô nhỏ nhất)"),
    measure_all: bool = typer.Option(
        False, "--all", help="Đo mọi số đo cả ở quy mô ≥ 5 (mặc định bỏ sàn đọc, báo cáo, pandas)"
    ),
    national: bool = typer.Option(
        False,
        "--national",
        help="Nhiều tỉnh qua máy chủ Prefect, work pool và hai worker trên máy này; dự báo số worker cho 34 tỉnh",
    ),
    provinces: int = typer.Option(
        6, "--provinces", min=0, help="Với --national: số tỉnh ở quy mô --scale (mặc định 0,2)"
    ),
    large: int = typer.Option(2, "--large", min=0, help="Với --national: số tỉnh lớn, ở quy mô --large-scale"),
    large_scale: float = typer.Option(1.0, "--large-scale", min=0.0001, help="Với --national: quy mô của các tỉnh lớn"),
) -> None:
    """Đo hiệu năng: sàn đọc tệp, chạy cả năm, một đêm, dựng lại, so với pandas (benchmarks/README.md)."""
    if national:
        _bench_national(data_dir, scale, seed, provinces, large, large_scale)
        return
    from benchmarks.bench import print_report, run_bench  # noqa: PLC0415 — local: not in the wheel (checkout only); +0.2 s, +31 MB

    root = _data_paths(data_dir).root / "bench"
    with _progress() as prog:
        rep = run_bench(
            scale or [1.0],
            data_root=root,
            seed=seed,
            keep=keep,
            progress=_progress_callback(prog),
            prefect_pair=prefect,
            skip=() if measure_all else None,
        )
    print_report(rep, console)
    if any(s["peer_check"]["equal"] is False for s in rep["scales"].values()):
        raise typer.Exit(1)


def _bench_national(
    data_dir: Path | None, scale: list[float] | None, seed: int, provinces: int, large: int, large_scale: float
) -> None:
    if scale and len(scale) > 1:
        raise typer.BadParameter("--national nhận một --scale (quy mô của các tỉnh thường)", param_hint="--scale")
    if provinces + large < 1:
        raise typer.BadParameter("cần ít nhất một tỉnh (--provinces, --large)", param_hint="--provinces")
    root = _data_paths(data_dir).root / "bench"
    _prefect_env(root)
    from benchmarks.national import print_national, run_national_bench  # noqa: PLC0415 — local: checkout only; imports the national layer

    rep = run_national_bench(
        root,
        provinces=provinces,
        scale=scale[0] if scale else 0.2,
        large=large,
        large_scale=large_scale,
        seed=seed,
        echo=console.print,
    )
    print_national(rep, console)


plan_app = typer.Typer(
    help="Tệp kế hoạch (plans/*.yaml): kiểm tra theo định dạng (docs/plan-format.md).", no_args_is_help=True
)
app.add_typer(plan_app, name="plan")


@plan_app.command("check")
def plan_check(
    files: list[Path] = typer.Argument(..., help="Tệp kế hoạch YAML (một hoặc nhiều)"),
) -> None:
    """Kiểm tra tệp kế hoạch: in "hợp lệ" và tóm tắt, hoặc mọi lỗi (tệp, dòng, mục tiêu, khóa); mã thoát 1 khi có lỗi."""
    from pipelines.warehouse.plan import known_metrics  # noqa: PLC0415 — local: +0.4 s (pyarrow, pydantic) at start-up
    from pipelines.warehouse.plan_schema import PlanIssue, check_plan_file, plan_summary  # noqa: PLC0415 — local: as above

    metrics = known_metrics()
    checks = [check_plan_file(f, metrics) for f in files]
    # two files of one plan id: load_plans refuses them together, so the check does too
    first_file: dict[str, str] = {}
    for c in checks:
        if c.plan is None:
            continue
        pid = c.plan.plan.id
        if pid in first_file:
            c.issues.append(PlanIssue(c.file, None, None, f'mã kế hoạch "{pid}" trùng với tệp {first_file[pid]}'))
        first_file.setdefault(pid, c.file)
    for c in checks:
        if c.ok:
            console.print(f"{escape(c.file)}: [green]hợp lệ[/green] — {escape(plan_summary(c.plan))}", soft_wrap=True)
        else:
            for issue in c.issues:
                console.print(escape(str(issue)), soft_wrap=True, style="red")
    bad = sum(len(c.issues) for c in checks)
    if bad:
        console.print(f"{bad} lỗi trong {sum(not c.ok for c in checks)}/{len(checks)} tệp", soft_wrap=True)
        raise typer.Exit(1)


national_app = typer.Typer(
    help="Các tỉnh và bản tổng hợp toàn quốc qua kho dùng chung ($MOTCUA_SHARED_STORE; docs/national.md).",
    no_args_is_help=True,
)
app.add_typer(national_app, name="national")


def _store_uri(store: str | None) -> str:
    from pipelines.settings import shared_store  # noqa: PLC0415 — local: settings imports duckdb (see _data_paths)

    uri = store or shared_store()
    if not uri:
        console.print("[red]Chưa có kho dùng chung: đặt MOTCUA_SHARED_STORE hoặc --store[/red]")
        raise typer.Exit(2)
    return uri


@national_app.command("publish")
def national_publish(
    store: str | None = typer.Option(None, "--store", help="Thư mục hoặc s3://bucket/tiền-tố ($MOTCUA_SHARED_STORE)"),
    province: str | None = typer.Option(None, "--province", help="Mã tỉnh ($MOTCUA_PROVINCE; mặc định: của kế hoạch)"),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR", help="Thư mục dữ liệu"),
) -> None:
    """Công bố lại cơ sở dữ liệu đã công bố của tỉnh lên kho dùng chung (vd. sau một lần lỗi mạng)."""
    from pipelines.national.publish import share  # noqa: PLC0415 — local: pyarrow, duckdb at start-up

    done = share(_data_paths(data_dir), province, _store_uri(store))
    if done["status"] != "published":
        console.print(f"[red]Không công bố được lên {done.get('store')}: {escape(str(done.get('error')))}[/red]")
        raise typer.Exit(1)
    console.print(f"[green]Đã công bố tỉnh {done['province']} lên {done['store']}[/green] ({done['publication_id']})")


@national_app.command("rollup")
def national_rollup(
    store: str | None = typer.Option(None, "--store", help="Thư mục hoặc s3://bucket/tiền-tố ($MOTCUA_SHARED_STORE)"),
    provinces: str | None = typer.Option(
        None, "--provinces", help="Các tỉnh phải có (mã cách nhau dấu phẩy, hoặc tệp; $MOTCUA_NATIONAL_PROVINCES)"
    ),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR", help="Thư mục dữ liệu"),
) -> None:
    """Tổng hợp toàn quốc: mọi tỉnh đã công bố vào national/national.duckdb; nêu tỉnh thiếu và lý do."""
    from pipelines.national.provinces import ProvinceError, expected_provinces  # noqa: PLC0415 — local, as above
    from pipelines.national.rollup import STATUS_VI, rollup  # noqa: PLC0415 — local, as above
    from pipelines.national.store import open_store  # noqa: PLC0415 — local, as above

    try:
        expected = expected_provinces(provinces)
        shared = open_store(_store_uri(store), create=False)
    except (ProvinceError, FileNotFoundError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    done = rollup(shared, _data_paths(data_dir), expected)
    t = Table(title="Các tỉnh trong bản tổng hợp toàn quốc")
    for c in ("Tỉnh", "Trạng thái", "Số liệu đến", "Lý do"):
        t.add_column(c)
    for p in done["provinces"]:
        as_of = datetime.fromisoformat(p["as_of"]).strftime("%d/%m/%Y") if p.get("as_of") else "—"
        t.add_row(
            f"{p['province']} {p.get('name') or ''}", STATUS_VI[p["status"]], as_of, escape(p.get("reason") or "")
        )
    console.print(t)
    console.print(f"Cơ sở dữ liệu toàn quốc: [bold]{done['db']}[/bold]")
    _print_page(done)


def _need_prefect_server(data_dir: Path | None) -> None:
    """The fan-out needs a real server (pool, workers): PREFECT_API_URL, before Prefect is imported."""
    _prefect_env(_data_paths(data_dir).root)
    if not os.environ.get("PREFECT_API_URL"):
        console.print(
            "[red]Chưa đặt PREFECT_API_URL: cần một máy chủ Prefect (prefect server start), "
            "xem docs/national.md, Chạy nhiều tỉnh trên nhiều máy[/red]"
        )
        raise typer.Exit(2)


@app.command()
def worker(
    pool: str | None = typer.Option(None, "--pool", help="Work pool ($MOTCUA_WORK_POOL, mặc định motcua)"),
    name: str | None = typer.Option(None, "--name", help="Tên worker (mặc định: do Prefect đặt)"),
    limit: int | None = typer.Option(None, "--limit", help="Số lần chạy cùng lúc tối đa trên máy này"),
    queue: str | None = typer.Option(None, "--work-queue", help="Chỉ nhận lần chạy của hàng đợi này (một máy)"),
) -> None:
    """Worker của work pool: chạy các lần chạy của tỉnh trên máy này (= prefect worker start --type process)."""
    from pipelines.flows.local_prefect import worker_command  # noqa: PLC0415 — local: httpx, psutil at start-up
    from pipelines.settings import work_pool_setting  # noqa: PLC0415 — local: settings imports duckdb (see _data_paths)

    cmd = worker_command(pool or work_pool_setting(), name, limit, queue)
    os.execv(cmd[0], cmd)  # the worker is this process: signals from the service manager reach it


@national_app.command("deploy")
def national_deploy(
    pool: str | None = typer.Option(None, "--pool", help="Work pool ($MOTCUA_WORK_POOL, mặc định motcua)"),
    limit: int = typer.Option(2, "--limit", help="Số lần chạy của tỉnh cùng lúc trên cả pool (0: không giới hạn)"),
    source: Path | None = typer.Option(
        None, "--source", help="Thư mục mã motcua trên các máy worker (mặc định: thư mục này)"
    ),
    heartbeat: int = typer.Option(60, "--heartbeat", help="Giây giữa hai nhịp của một lần chạy (≥ 30)"),
    missing_after: int | None = typer.Option(
        None, "--missing-after", help="Giây không có nhịp thì đánh dấu Crashed (mặc định 3 nhịp)"
    ),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR"),
) -> None:
    """Tạo work pool (nếu chưa có, kèm giới hạn chạy đồng thời), đăng ký deployment motcua-province và tự động hóa phát hiện lần chạy mất tín hiệu."""
    _need_prefect_server(data_dir)
    from pipelines.flows.fanout import register  # noqa: PLC0415 — local: imports Prefect, after _prefect_env

    try:
        done = register(pool, limit or None, source, heartbeat, missing_after)
    except ValueError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    console.print(
        f"Work pool [bold]{done['pool']}[/bold] ({'đã tạo' if done['pool_action'] == 'created' else 'đã cập nhật'}, "
        f"tối đa {done['limit'] or 'không giới hạn'} lần chạy cùng lúc); deployment [bold]{done['deployment']}[/bold]; "
        f"lần chạy im lặng quá {done['missing_after_s']} giây → Crashed"
    )


@national_app.command("run")
def national_run(
    provinces_file: Path = typer.Argument(..., help="Tệp YAML danh sách tỉnh (docs/national.md)"),
    store: str | None = typer.Option(
        None, "--store", help="Kho dùng chung (mặc định: của tệp, rồi $MOTCUA_SHARED_STORE)"
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Ngày số liệu của mọi tỉnh (mặc định: mới nhất của từng tỉnh)"
    ),
    render: bool = typer.Option(True, "--render/--no-render", help="Các tỉnh dựng báo cáo"),
    timeout: float = typer.Option(360, "--timeout", help="Chờ các tỉnh tối đa (phút)"),
    data_dir: Path | None = typer.Option(None, envvar="MOTCUA_DATA_DIR", help="Thư mục dữ liệu của bản tổng hợp"),
) -> None:
    """Chạy mọi tỉnh trên work pool, chờ tất cả, rồi tổng hợp toàn quốc với các tỉnh đã công bố; nêu tỉnh thiếu và lý do."""
    _need_prefect_server(data_dir)
    from pipelines.flows.fanout import national  # noqa: PLC0415 — local: imports Prefect, after _prefect_env
    from pipelines.national.fanout import ProvincesFileError, read_provinces_file  # noqa: PLC0415 — local, as above

    try:
        read_provinces_file(provinces_file)  # refused here, before a flow run is created for it
    except ProvincesFileError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    done = national(
        str(provinces_file.resolve()),
        data_dir=str(_data_paths(data_dir).root),
        store=store,
        as_of=_parse_date(as_of),
        render=render,
        timeout_s=timeout * 60,
    )
    _print_national(done)
    if any((r.get("type") != "COMPLETED") for r in done["runs"].values()):
        raise typer.Exit(1)


def _print_page(done: dict) -> None:
    """Where the roll-up wrote the national page, or why it could not."""
    if done.get("page"):
        console.print(f"Trang toàn quốc: [bold]{done['page']}[/bold]")
    else:
        console.print(f"[yellow]{escape(str(done.get('page_error')))}[/yellow]")


def _print_national(done: dict) -> None:
    from pipelines.national.rollup import STATUS_VI  # noqa: PLC0415 — local: pandas, duckdb at start-up

    t = Table(title="Các tỉnh trong bản tổng hợp toàn quốc")
    for c in ("Tỉnh", "Lần chạy", "Trạng thái", "Số liệu đến", "Lý do"):
        t.add_column(c)
    for p in done["provinces"]:
        as_of = datetime.fromisoformat(p["as_of"]).strftime("%d/%m/%Y") if p.get("as_of") else "—"
        t.add_row(
            f"{p['province']} {p.get('name') or ''}",
            p.get("run_state") or "—",
            STATUS_VI[p["status"]],
            as_of,
            escape(p.get("reason") or ""),
        )
    console.print(t)
    console.print(f"Cơ sở dữ liệu toàn quốc: [bold]{done['db']}[/bold]")
    _print_page(done)


if __name__ == "__main__":
    app()
