"""Render the report notebooks to static, offline HTML, plus the index and the Biểu 06 forms.

    render_reports(db_path, out_dir, as_of=None, run_id="", progress=None) -> dict

Each notebook (`notebooks/*.py`, jupytext percent format, a `parameters` cell first) is executed
with papermill against the curated database (read-only) and exported by nbconvert with our own
template (`templates/motcua`): code hidden, no script, no CDN link; charts are inline SVG.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import papermill as pm
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from papermill.parameterize import parameterize_notebook

from pipelines.fsutil import swap_dir
from pipelines.reports import nb, site
from pipelines.reports.bieu06 import write_bieu06, write_bieu06_units
from pipelines.reports.charts import fmt_date, fmt_period
from pipelines.reports.plan import run_plan
from pipelines.reports.style import CSS, print_css, print_heading
from pipelines.reports.windows import complete_windows, report_windows, window_slug  # noqa: F401 (re-exported)
from pipelines.settings import NOTEBOOKS_DIR, connect

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Report:
    slug: str  # notebook file stem and HTML name
    title: str
    description: str
    per_unit: bool = False


REPORTS: list[Report] = [
    Report(
        "tong_quan",
        "Tổng quan thực hiện kế hoạch",
        "Mọi chỉ tiêu của kế hoạch: giá trị so với ngưỡng, xu hướng theo tháng, dự báo cuối năm, "
        "còn thiếu bao nhiêu để đạt và đơn vị nào có thể bù.",
    ),
    Report(
        "phu_luc_thang",
        "Phụ lục báo cáo tháng (bản in A4)",
        "Bảng chỉ tiêu lũy kế và của tháng chốt số liệu, các chỉ tiêu chưa đạt và đơn vị có thể bù: "
        "trang Tổng quan rút gọn để in 1–2 trang A4 kèm báo cáo tháng.",
    ),
    Report(
        "mot_cua",
        "Cơ chế một cửa, một cửa liên thông",
        "Từng chỉ tiêu về hồ sơ, dịch vụ công, hài lòng, số hóa và thanh toán theo cấp và theo đơn vị; "
        "đơn vị xa ngưỡng nhất; diễn biến theo tháng.",
    ),
    Report(
        "tien_do",
        "Tiến độ giải quyết hồ sơ",
        "Tỷ lệ đúng hạn, hồ sơ quá hạn theo lĩnh vực và đơn vị, văn bản xin lỗi, yêu cầu bổ sung.",
    ),
    Report(
        "hai_long_so_hoa",
        "Hài lòng, số hóa, thanh toán trực tuyến",
        "Mức độ hài lòng (cả các nhóm lĩnh vực 85%), số hóa kết quả theo cấp (50/40/35%), thanh toán trực tuyến.",
    ),
    Report(
        "chi_so_766",
        "Chỉ số 766",
        "Điểm QĐ 766 của tỉnh theo nhóm và theo tháng, chỉ số xa điểm tối đa, đơn vị làm tỉnh mất điểm và "
        "cần thêm gì, xếp hạng đơn vị, đối chiếu với điểm Cổng DVCQG.",
    ),
    Report(
        "kiem_soat",
        "Kiểm soát TTHC",
        "Rà soát, cắt giảm, công bố danh mục, quy trình nội bộ, phản ánh kiến nghị, mốc nhiệm vụ, báo cáo định kỳ.",
    ),
    Report(
        "chat_luong",
        "Chất lượng dữ liệu",
        "Số dòng nạp và cách ly theo loại dữ liệu, kết quả kiểm tra, đối chiếu với số tự báo cáo của đơn vị.",
    ),
    Report(
        "ke_hoach",
        "Kế hoạch theo phần",
        "Từng phần (đề mục) của kế hoạch: mục tiêu với nội dung, cơ quan chủ trì, phối hợp và các đơn vị chưa "
        "thực hiện nhiệm vụ có mốc, chỉ tiêu số đếm.",
    ),
    Report(
        "don_vi",
        "Báo cáo đơn vị",
        "Trang hành động của từng sở, ngành và từng huyện: còn thiếu bao nhiêu với từng chỉ tiêu, xếp hạng, đơn vị "
        "trực thuộc, diễn biến so với ngưỡng, hồ sơ sắp đến hạn và quá hạn, nhiệm vụ, báo cáo trễ, Biểu 06 của đơn vị.",
        per_unit=True,
    ),
]


ProgressFn = Callable[[int, int, str], None] | None


# ----------------------------------------------------------------------------- notebooks


def notebook_path(slug: str, notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    return Path(notebooks_dir) / f"{slug}.py"


def _project_root() -> str:
    root = str(Path(__file__).resolve().parents[2])
    env_pp = os.environ.get("PYTHONPATH", "")
    if root not in env_pp.split(os.pathsep):
        os.environ["PYTHONPATH"] = root + (os.pathsep + env_pp if env_pp else "")
    return root


def _read_notebook(src: Path):
    nb = jupytext.read(src)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    nb.metadata.setdefault(
        "papermill", {"default_parameters": {}, "parameters": {}, "environment_variables": {}, "version": None}
    )
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    return nb


def execute_notebook(
    src: Path, out_ipynb: Path, parameters: dict[str, Any], cwd: Path | None = None, timeout: int = 600
):
    """Execute a jupytext notebook with papermill in a fresh kernel; returns the executed
    NotebookNode (raises PapermillExecutionError after saving the failed notebook)."""
    nb = _read_notebook(src)
    out_ipynb.parent.mkdir(parents=True, exist_ok=True)
    root = _project_root()
    return pm.execute_notebook(
        nb,
        str(out_ipynb),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        cwd=str(cwd or root),
        execution_timeout=timeout,
    )


class KernelRunner:
    """Runs many notebooks in one long-lived kernel (imports of pandas/altair/duckdb and the
    vl-convert warm-up are paid once): parameters are injected the papermill way
    (`parameterize_notebook`, an `injected-parameters` cell after the `parameters` cell) and
    the namespace is reset (`%reset -f`) before each notebook. A dead kernel is restarted."""

    RESET_TAG = "motcua-reset"

    def __init__(self, timeout: int = 600):
        self.timeout = timeout
        self.km = None

    def _ensure_kernel(self) -> None:
        if self.km is not None and self.km.is_alive():
            return
        self.close()
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=_project_root())

    def run(self, src: Path, out_ipynb: Path, parameters: dict[str, Any]):
        """Execute; returns (notebook, error text or None). The notebook is saved to out_ipynb."""
        self._ensure_kernel()
        nb = parameterize_notebook(_read_notebook(src), parameters, kernel_name="python3", language="python")
        reset = nbformat.v4.new_code_cell("%reset -f", metadata={"tags": [self.RESET_TAG]})
        nb.cells.insert(0, reset)
        client = NotebookClient(
            nb, km=self.km, timeout=self.timeout, kernel_name="python3", allow_errors=False, record_timing=False
        )
        error = None
        try:
            client.execute(cleanup_kc=False)
        except CellExecutionError as exc:
            error = str(exc).strip().splitlines()[-1] if str(exc).strip() else "CellExecutionError"
        except Exception as exc:  # kernel died, timeout...
            error = f"{type(exc).__name__}: {exc}"
            self.close()
        finally:
            if client.kc is not None:
                try:
                    client.kc.stop_channels()
                except Exception:
                    pass
        nb.cells = [c for c in nb.cells if self.RESET_TAG not in c.get("metadata", {}).get("tags", [])]
        out_ipynb.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(out_ipynb))
        return nb, error

    def close(self) -> None:
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:
                pass
            self.km = None


def _strip_noise(nb) -> list[str]:
    """Drop stderr streams (warnings) and papermill's injected-parameters cell from the output;
    return error texts if any cell failed."""
    errors = []
    keep = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags or "parameters" in tags:
            continue
        if cell.cell_type == "code":
            outs = []
            for o in cell.get("outputs", []):
                if o.get("output_type") == "stream" and o.get("name") == "stderr":
                    continue
                if o.get("output_type") == "error":
                    errors.append(f"{o.get('ename')}: {o.get('evalue')}")
                outs.append(o)
            cell["outputs"] = outs
        keep.append(cell)
    nb.cells = keep
    return errors


def export_html(
    nb,
    out_html: Path,
    title: str,
    meta: str = "",
    footer: str = "",
    index_href: str = "index.html",
    print_heading: str = "",
) -> Path:
    """nbconvert with the motcua template: code and prompts hidden, no script, CSS inlined;
    `print_heading` is printed at the top of every A4 page (style.print_heading)."""
    exporter = HTMLExporter(
        template_name="motcua",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    resources = {
        "motcua_css": CSS,
        "motcua_print_css": print_css(print_heading),
        "motcua_title": title,
        "motcua_meta": meta,
        "motcua_footer": footer,
        "motcua_index": index_href,
        "metadata": {"name": title},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text(body, encoding="utf-8")
    return out_html


def render_notebook(
    slug: str,
    db_path: Path,
    out_html: Path,
    parameters: dict[str, Any],
    title: str,
    meta: str = "",
    footer: str = "",
    work_dir: Path | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    runner: KernelRunner | None = None,
    print_heading: str = "",
) -> dict[str, Any]:
    """Execute one notebook (in `runner`'s kernel, else with papermill in a fresh one) and export
    its HTML; never raises on a notebook error (the page then shows the error, the result says so)."""
    t0 = time.perf_counter()
    work_dir = work_dir or out_html.parent / "_ipynb"
    out_ipynb = work_dir / (out_html.stem + ".ipynb")
    params = {"db_path": str(db_path), **parameters}
    error = None
    src = notebook_path(slug, notebooks_dir)
    if runner is not None:
        nb, error = runner.run(src, out_ipynb, params)
    else:
        try:
            nb = execute_notebook(src, out_ipynb, params)
        except Exception as exc:  # papermill raises PapermillExecutionError after saving the notebook
            error = f"{type(exc).__name__}: {exc}"
            if out_ipynb.exists():
                nb = nbformat.read(out_ipynb, as_version=4)
            else:
                nb = nbformat.v4.new_notebook(
                    cells=[nbformat.v4.new_markdown_cell(f"# {title}\n\nKhông chạy được báo cáo: `{error}`")]
                )
    if error:
        log.warning("notebook %s failed: %s", out_html.name, error.splitlines()[0])
    cell_errors = _strip_noise(nb)
    export_html(nb, out_html, title, meta, footer, print_heading=print_heading)
    return {
        "slug": slug,
        "title": title,
        "html": str(out_html),
        "seconds": round(time.perf_counter() - t0, 2),
        "ok": error is None and not cell_errors,
        "errors": cell_errors or ([error] if error else []),
    }


# ----------------------------------------------------------------------------- units and windows


def report_units(con) -> list[dict[str, Any]]:
    """Districts and departments that get their own page: `huyen` agencies whose parent is not a
    `huyen` agency (the UBND huyện, not offices under it), and `tinh` agencies other than the
    province itself (the root of the agency tree, or the plan's `agency_id`)."""
    try:
        root = {r[0] for r in con.execute("SELECT agency_id FROM plan_info WHERE agency_id IS NOT NULL").fetchall()}
    except Exception:
        root = set()
    rows = con.execute(
        """
        SELECT a.ma_don_vi, a.ten_don_vi, a.level, a.ma_don_vi_cha, p.level AS parent_level
        FROM dim_agency a
        LEFT JOIN dim_agency p ON p.ma_don_vi = a.ma_don_vi_cha
        WHERE list_contains($levels, a.level)
        ORDER BY list_position($levels, a.level), a.ten_don_vi COLLATE vi
    """,
        {"levels": list(site.UNIT_PAGE_LEVELS)},
    ).fetchall()
    out = []
    for ma, ten, level, parent, parent_level in rows:
        if ma in root:
            continue
        if level == "huyen" and parent_level == "huyen":
            continue
        if level == "tinh" and not parent:
            continue  # the province's own root node
        out.append({"ma_don_vi": ma, "ten_don_vi": ten, "level": level})
    return out


def unit_slug(ma_don_vi: str) -> str:
    return "don_vi_" + re.sub(r"[^A-Za-z0-9]+", "_", ma_don_vi).strip("_")


def db_as_of(con) -> date | None:
    try:
        r = con.execute("SELECT max(as_of) FROM run_params").fetchall()
        return r[0][0] if r else None
    except Exception:
        return None


# ----------------------------------------------------------------------------- the whole site


def render_reports(
    db_path: Path,
    out_dir: Path,
    as_of: date | None = None,
    run_id: str = "",
    progress: ProgressFn = None,
    units: list[str] | None = None,
    workers: int | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    checks: list[dict[str, Any]] | None = None,
    keep_ipynb: bool = False,
) -> dict:
    """Render every report of the curated database `db_path` into `out_dir`.

    Writes one HTML per notebook, one `don_vi_<code>.html` per district and department, the
    Biểu 06 .xlsx of every complete report window of the as-of date's year (the province's,
    `bieu06_<window>.xlsx`, and each district's and department's, `bieu06_<code>_<window>.xlsx`:
    bieu06.unit_form_name), `index.html` and
    `tu_dien_du_lieu.html`. `units` restricts the per-unit pages (codes); `workers` notebook
    processes in parallel (default 2); `checks` the run's check results (BuildResult.checks),
    shown on the data-quality page. The site is rendered into `<out_dir>.building` and then
    swapped in, so readers never see a half-written site; the executed notebooks (`_ipynb/`) are
    kept only when a page failed or `keep_ipynb`. Returns what was written (final paths), with
    timings and errors.
    """

    t0 = time.perf_counter()
    db_path = Path(db_path).resolve()
    final_dir = Path(out_dir).resolve()
    out_dir = final_dir.with_name(final_dir.name + ".building")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    work_dir = out_dir / "_ipynb"
    con = connect(db_path, read_only=True)
    try:
        as_of = as_of or db_as_of(con) or date.today()
        unit_rows = report_units(con)
        plan = run_plan(con)
    finally:
        con.close()
    if units is not None:
        unit_rows = [u for u in unit_rows if u["ma_don_vi"] in set(units)]
    run_date = datetime.now()
    meta = f"Số liệu đến ngày {fmt_date(as_of)} · chạy lúc {run_date:%H:%M} {fmt_date(run_date)}" + (
        f" · lần chạy {run_id}" if run_id else ""
    )
    footer = (
        "Nguồn: cơ sở dữ liệu đã chuẩn hóa motcua (chỉ đọc), dữ liệu xuất từ Hệ thống thông tin "
        "giải quyết TTHC tỉnh. Trang tĩnh, không tải gì từ Internet."
    )
    base = {"period": str(as_of.year), "as_of": as_of.isoformat(), "level": "toan_tinh", "ma_don_vi": ""}

    checks_path = ""
    if checks is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
        cp = work_dir / "checks.json"
        cp.write_text(json.dumps(checks, ensure_ascii=False, default=str), encoding="utf-8")
        checks_path = str(cp)

    # the heading of every printed page: whose figures (the province, or the unit), the page,
    # the period and the as-of date
    province = str(plan.get("province_name") or "")

    def heading(agency: str, title: str) -> str:
        return print_heading(agency, title, fmt_period(base["period"]), fmt_date(as_of))

    jobs: list[tuple[str, Path, dict[str, Any], str, str]] = []
    for rep in REPORTS:
        if rep.slug == "chat_luong":
            jobs.append(
                (
                    rep.slug,
                    out_dir / f"{rep.slug}.html",
                    {**base, "checks_path": checks_path},
                    rep.title,
                    heading(province, rep.title),
                )
            )
        elif rep.per_unit:
            for u in unit_rows:
                jobs.append(
                    (
                        rep.slug,
                        out_dir / f"{unit_slug(u['ma_don_vi'])}.html",
                        {**base, "level": u["level"], "ma_don_vi": u["ma_don_vi"]},
                        f"{rep.title}: {u['ten_don_vi']}",
                        heading(u["ten_don_vi"] or u["ma_don_vi"], rep.title),
                    )
                )
        else:
            jobs.append((rep.slug, out_dir / f"{rep.slug}.html", base, rep.title, heading(province, rep.title)))

    total = len(jobs) + 2
    done = 0
    results: list[dict[str, Any]] = []

    n_workers = max(1, min(len(jobs), workers or int(os.environ.get("MOTCUA_REPORT_WORKERS", "2"))))
    # each worker thread owns one long-lived kernel and takes jobs from a shared queue
    q: queue.Queue = queue.Queue()
    for i, job in enumerate(jobs):
        q.put((i, job))
    lock = threading.Lock()
    slot: list[dict[str, Any] | None] = [None] * len(jobs)

    def worker() -> None:
        nonlocal done
        runner = KernelRunner() if not os.environ.get("MOTCUA_REPORT_FRESH_KERNELS") else None
        try:
            while True:
                try:
                    i, (slug, html, params, title, head) = q.get_nowait()
                except queue.Empty:
                    return
                try:
                    res = render_notebook(
                        slug, db_path, html, params, title, meta, footer, work_dir, notebooks_dir, runner, head
                    )
                except Exception as exc:  # export failed: record, go on with the others
                    log.exception("report %s failed", html.name)
                    res = {
                        "slug": slug,
                        "title": title,
                        "html": str(html),
                        "seconds": 0,
                        "ok": False,
                        "errors": [f"{type(exc).__name__}: {exc}"],
                    }
                slot[i] = res
                with lock:
                    done += 1
                    if progress:
                        progress(done, total, f"báo cáo {html.name}")
        finally:
            if runner is not None:
                runner.close()

    threads = [threading.Thread(target=worker, name=f"motcua-report-{k}", daemon=True) for k in range(n_workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results = [r for r in slot if r is not None]

    forms = []
    for label, f, t in complete_windows(as_of):
        path = out_dir / f"bieu06_{window_slug(label)}.xlsx"
        try:
            res = write_bieu06(db_path, path, f, t, label=label)
            forms.append(
                {
                    "label": label,
                    "from": f.isoformat(),
                    "to": t.isoformat(),
                    "xlsx": str(path),
                    "identities_ok": all(res["identities"].values()),
                    "ok": True,
                }
            )
        except Exception as exc:
            log.exception("Biểu 06 %s failed", label)
            forms.append(
                {
                    "label": label,
                    "from": f.isoformat(),
                    "to": t.isoformat(),
                    "xlsx": None,
                    "ok": False,
                    "error": f"{type(exc).__name__}: {exc}",
                }
            )
    # every unit with a page gets its own form of every window, next to the province's
    unit_forms: list[dict[str, Any]] = []
    for label, f, t in complete_windows(as_of) if unit_rows else []:
        meta_w = {"label": label, "from": f.isoformat(), "to": t.isoformat()}
        try:
            for r in write_bieu06_units(db_path, out_dir, f, t, unit_rows, window_slug(label), label=label):
                unit_forms.append(
                    {
                        **meta_w,
                        "ma_don_vi": r["ma_don_vi"],
                        "ten_don_vi": r["ten_don_vi"],
                        "xlsx": r["path"],
                        "identities_ok": bool(r["identities"]) and all(r["identities"].values()),
                        "ok": r["error"] is None,
                        "error": r["error"],
                    }
                )
        except Exception as exc:
            log.exception("Biểu 06 theo đơn vị %s failed", label)
            unit_forms.append(
                {
                    **meta_w,
                    "ma_don_vi": "",
                    "ten_don_vi": "",
                    "xlsx": None,
                    "ok": False,
                    "error": f"{type(exc).__name__}: {exc}",
                }
            )
    done += 1
    if progress:
        progress(done, total, "Biểu số 06/VPCP/KSTT")

    pages = {r["slug"]: r for r in results if not r["slug"] == "don_vi"}
    unit_pages = [
        {
            **u,
            "html": str(out_dir / f"{unit_slug(u['ma_don_vi'])}.html"),
            "ok": next((r["ok"] for r in results if r["html"].endswith(unit_slug(u["ma_don_vi"]) + ".html")), False),
        }
        for u in unit_rows
    ]
    dict_path = site.write_data_dictionary(db_path, out_dir / "tu_dien_du_lieu.html", as_of, run_date, run_id)
    defs_path = site.write_definitions(db_path, out_dir / "dinh_nghia.html", as_of, run_date, run_id)
    first_screen, first_screen_error = _first_screen(db_path, as_of)
    index_path = site.write_index(
        out_dir / "index.html",
        REPORTS,
        pages,
        unit_pages,
        forms,
        as_of,
        run_date,
        run_id,
        dictionary=dict_path,
        plan=plan,
        unit_forms=unit_forms,
        first_screen=first_screen,
        definitions=defs_path,
    )
    done += 1
    if progress:
        progress(done, total, "trang mục lục")
    result = {
        "out_dir": str(out_dir),
        "index": str(index_path),
        "dictionary": str(dict_path),
        "definitions": str(defs_path),
        "as_of": as_of.isoformat(),
        "run_date": run_date.isoformat(timespec="seconds"),
        "run_id": run_id,
        "reports": results,
        "units": unit_pages,
        "bieu06": forms,
        "bieu06_units": unit_forms,
        "errors": [f"{Path(r['html']).name}: {e}" for r in results for e in r["errors"]]
        + [f"Biểu 06 {f['label']}: {f['error']}" for f in forms if not f["ok"]]
        + [f"Biểu 06 {f['label']} {f['ma_don_vi']}: {f['error']}" for f in unit_forms if not f["ok"]]
        + ([f"index.html: {first_screen_error}"] if first_screen_error else []),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if work_dir.exists() and not keep_ipynb and not result["errors"]:
        shutil.rmtree(work_dir)
    _swap_in(out_dir, final_dir)
    return _rebase(result, str(out_dir), str(final_dir))


def _first_screen(db_path: Path, as_of: date) -> tuple[str, str | None]:
    """The index's "where are we" block, from the same function as the overview's top, and
    the error that kept it from being made (the index then says so, the run's errors too)."""
    ctx = nb.Ctx(db_path, str(as_of.year), as_of)
    try:
        return nb.first_screen_html(ctx, overview_href="tong_quan.html"), None
    except Exception as exc:  # the index is written even when the block cannot be
        log.exception("first screen of index.html failed")
        note = '<p class="status-chua_dat">Không tạo được bảng chỉ tiêu chưa đạt (xem nhật ký lần chạy).</p>'
        return note, f"{type(exc).__name__}: {exc}"
    finally:
        ctx.close()


_swap_in = swap_dir  # the site is rendered aside, then swapped in


def _rebase(obj: Any, src: str, dst: str) -> Any:
    if isinstance(obj, str):
        return dst + obj[len(src) :] if obj.startswith(src) else obj
    if isinstance(obj, list):
        return [_rebase(x, src, dst) for x in obj]
    if isinstance(obj, dict):
        return {k: _rebase(v, src, dst) for k, v in obj.items()}
    return obj
