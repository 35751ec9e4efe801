"""The run summary: what was landed, loaded, quarantined, checked and measured.

Written as JSON and Markdown beside the curated database (and kept per run under runs/), so
that the unattended nightly run says clearly what happened even when nobody watches it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipelines import contract
from pipelines.numbers import fmt_int, fmt_pct, fmt_threshold
from pipelines.reports import due_soon
from pipelines.reports.words import Words
from pipelines.settings import Paths, connect, due_soon_days

STATUS_VI = {
    "dat": "Đạt",
    "chua_dat": "Chưa đạt",
    "khong_co_du_lieu": "Không có dữ liệu",
    "chua_den_han": "Chưa đến hạn",
    "theo_doi": "Theo dõi",
}


def headline_scorecard(db_path: Path, as_of) -> pd.DataFrame:
    """Province-wide scorecard rows for the as-of year, one per target (and field group / level)."""
    con = connect(db_path, read_only=True)
    try:
        df = con.execute(
            """
            SELECT s.plan_id, s.target_id, s.level, s.group_key, s.value, s.threshold, s.status,
                   s.numerator, s.denominator, t.kind, t.sort_order, s.ly_do_khong_co_du_lieu
            FROM plan_scorecard s JOIN plan_targets t ON t.plan_id = s.plan_id AND t.target_id = s.target_id
            WHERE s.period = CAST(year(?::DATE) AS VARCHAR)
              AND s.ma_don_vi IS NULL
              AND (s.level = 'toan_tinh'
                   OR s.level <> 'toan_tinh' AND EXISTS (SELECT 1 FROM plan_target_levels l
                                                         WHERE l.plan_id = s.plan_id AND l.target_id = s.target_id))
            ORDER BY s.plan_id, t.sort_order, s.level <> 'toan_tinh', s.level, s.group_key NULLS FIRST
            """,
            [as_of],
        ).df()
        # the words of each row (the target's short name, the field group's fields), read while
        # the database is open: the console and run_summary.md print no bare id or code
        words = {plan: Words(con, plan) for plan in df["plan_id"].unique()}
        df["label"] = [scorecard_label(r, words[r["plan_id"]]) for r in df.to_dict("records")]
        return df
    finally:
        con.close()


DUE_SOON_TOP = 10  # units listed in the summary; the full list is the inspection


def due_soon_summary(db_path: Path, as_of, days: int | None = None) -> dict:
    """The early warning of the run (metrics.md, "Due soon at T"): dossiers open at the as-of date
    and due within `days` working days (MOTCUA_DUE_SOON_DAYS), in total and for the units with the
    most of them, with the inspection that lists them."""
    n = due_soon_days() if days is None else days
    con = connect(db_path, read_only=True)
    try:
        units = due_soon.by_unit(con, as_of, n)
        end = due_soon.window_end(con, as_of, n)
    finally:
        con.close()
    soon = [u for u in units if u["sap_den_han"]]
    return {
        "days": n,
        "window_end": end.isoformat() if end else None,
        "total": sum(int(u["sap_den_han"]) for u in soon),
        "units": len(soon),
        "top": [
            {k: u[k] for k in ("ma_don_vi", "ten_don_vi", "level", "sap_den_han", "qua_han_dang_mo")}
            for u in soon[:DUE_SOON_TOP]
        ],
        "command": due_soon.inspection_command(n),
    }


def due_soon_sentence(d: dict) -> str:
    """The early warning in one sentence (Markdown: the command in backquotes)."""
    end = d.get("window_end")
    end_vi = f"{end[8:10]}/{end[5:7]}/{end[:4]}" if end else "—"
    return (
        f"{fmt_int(d['total'])} hồ sơ đang mở có hẹn trả trong {d['days']} ngày làm việc tới (đến hết ngày {end_vi}), "
        f"ở {fmt_int(d['units'])} đơn vị. Danh sách: `{d['command']}`."
    )


def due_soon_lines(d: dict) -> list[str]:
    """The summary's early-warning section."""
    lines = ["", "## Hồ sơ sắp đến hạn", "", due_soon_sentence(d)]
    if d.get("top"):
        lines += ["", "| Đơn vị | Mã | Sắp đến hạn | Đã quá hạn, còn mở |", "|---|---|---:|---:|"]
        lines += [
            f"| {u['ten_don_vi']} | {u['ma_don_vi']} | {fmt_int(u['sap_den_han'])} | {fmt_int(u['qua_han_dang_mo'])} |"
            for u in d["top"]
        ]
    return lines


# level names inside a sentence: pipelines.contract.LEVEL_VI with a lowercase first letter
LEVEL_VI = {code: name[:1].lower() + name[1:] for code, name in contract.LEVEL_VI.items()}


def status_text(r: dict) -> str:
    """The status in Vietnamese, with the reason when a required column is missing
    (metrics.md, "Required columns")."""
    why = r.get("ly_do_khong_co_du_lieu")
    text = STATUS_VI.get(r["status"], r["status"])
    return text if not isinstance(why, str) or not why else f"{text}: {why}"


def scorecard_label(r: dict, words: Words | None = None) -> str:
    """`P2.6b Hài lòng lĩnh vực … · nhóm lĩnh vực đất đai`, `P2.2 … · cấp huyện`: a target and, where it
    has several rows, which one. A row of headline_scorecard carries its label already; without
    the plan's words (an old summary), the id and the group's code."""
    if r.get("label"):
        return str(r["label"])
    parts = [words.target(r["target_id"]) if words else r["target_id"]]
    group = r.get("group_key")
    if isinstance(group, str) and group and group != r["target_id"]:
        in_words = words.group(group, r["target_id"]) if words else group
        if in_words:  # '' for a target's own activity: its name says it
            parts.append(in_words)
    if r.get("level") not in (None, "toan_tinh"):
        parts.append(LEVEL_VI.get(r["level"], r["level"]))
    return " · ".join(parts)


def write_summary(summary: dict, paths: Paths, run_id: str) -> dict[str, Path]:
    paths.runs.mkdir(parents=True, exist_ok=True)
    text = json.dumps(summary, ensure_ascii=False, indent=2, default=str)
    md = to_markdown(summary)
    out = {
        "json": paths.curated / "run_summary.json",
        "md": paths.curated / "run_summary.md",
        "history": paths.runs / f"{run_id}.json",
    }
    paths.curated.mkdir(parents=True, exist_ok=True)
    for key, p in out.items():
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(md if key == "md" else text, encoding="utf-8")
        tmp.replace(p)
    return out


def shared_line(shared: dict) -> str:
    """What became of the publication to the shared store (docs/national.md)."""
    if shared.get("status") == "published":
        return (
            f"- Kho dùng chung: đã công bố tỉnh {shared['province']} lên `{shared['store']}` "
            f"(lần công bố {shared['publication_id']})"
        )
    return (
        f"- Kho dùng chung: **không công bố được** lên `{shared.get('store')}` — {shared.get('error')} "
        "(cơ sở dữ liệu của tỉnh vẫn được công bố tại chỗ)"
    )


def to_markdown(s: dict) -> str:
    lines = [
        f"# Kết quả chạy {s['run_id']}",
        "",
        f"- Ngày số liệu (as-of): **{s.get('as_of_vi', '—')}**",
        f"- Trạng thái: **{s['status_vi']}**",
        "",
    ]
    if s.get("error"):
        lines += [f"> Lỗi: {s['error']}", ""]
    if s.get("failed_step"):
        lines += [f"- Bước thất bại: **{s['failed_step']}**"]
    if "published" in s:
        lines += [
            "- Đã công bố: "
            + (
                ", ".join(f"`{p}`" for p in s["published"])
                if s["published"]
                else "không có gì (bản đã công bố trước đó giữ nguyên)"
            ),
            "",
        ]
    if s.get("shared"):
        lines += [shared_line(s["shared"]), ""]
    if s.get("cleaned"):
        lines += [
            f"- Đã dọn {len(s['cleaned'])} tệp/thư mục tạm còn sót từ một lần chạy bị ngắt: "
            + ", ".join(f"`{p}`" for p in s["cleaned"][:10]),
            "",
        ]
    lines += [
        "## Tệp và dòng dữ liệu",
        "",
        f"Tệp mới tiếp nhận: {s.get('files_landed', 0)}; tệp đọc trong lần chạy: {s.get('files_parsed', 0)}.",
        "",
        "| Loại dữ liệu | Dòng vào | Đã nạp | Cách ly |",
        "|---|---:|---:|---:|",
    ]
    for r in s.get("load_summary", []):
        lines.append(
            f"| {r['entity']} | {fmt_int(r['rows_in'])} | {fmt_int(r['rows_loaded'])} | {fmt_int(r['rows_quarantined'])} |"
        )
    if s.get("file_notes"):
        lines += ["", "### Cảnh báo về tệp (dòng vẫn được nạp)", ""]
        for f in s["file_notes"][:50]:
            lines.append(f"- {f['note']}")
        if len(s["file_notes"]) > 50:
            lines.append(f"- … và {len(s['file_notes']) - 50} cảnh báo khác (xem run_summary.json)")
    if s.get("skipped_entries"):
        lines += ["", "### Mục trong thư mục nhận không được tiếp nhận", ""]
        for f in s["skipped_entries"][:50]:
            lines.append(f"- `{f['name']}`: {f['reason']}")
        if len(s["skipped_entries"]) > 50:
            lines.append(f"- … và {len(s['skipped_entries']) - 50} mục khác (xem run_summary.json)")
    if s.get("problem_files"):
        lines += ["", "### Tệp có vấn đề", ""]
        for f in s["problem_files"][:50]:
            lines.append(f"- `{f['original_name']}`: {f['message']}")
    checks = s.get("checks", [])
    if checks:
        lines += ["", "## Kiểm tra dữ liệu", "", "| Kiểm tra | Mức | Số dòng vi phạm |", "|---|---|---:|"]
        for c in checks:
            if c.get("failing_rows"):
                lines.append(f"| {c['model']}.{c['name']} | {c['severity']} | {fmt_int(c['failing_rows'])} |")
        passed = sum(1 for c in checks if not c.get("failing_rows"))
        lines.append(f"\n{passed}/{len(checks)} kiểm tra đạt.")
    if s.get("scorecard"):
        lines += [
            "",
            "## Bảng chỉ tiêu (toàn tỉnh, năm)",
            "",
            "| Chỉ tiêu | Giá trị | Ngưỡng | Trạng thái |",
            "|---|---:|---:|---|",
        ]
        for r in s["scorecard"]:
            label = scorecard_label(r)
            den = r.get("denominator")
            # a count target, or a tracked count (no denominator): a number of things, not a share
            is_count = r.get("kind") == "count" or (r.get("kind") == "tracking" and (den is None or den != den))
            val = fmt_int(r["value"]) if is_count else fmt_pct(r["value"])
            lines.append(f"| {label} | {val} | {fmt_threshold(r.get('threshold'), r.get('kind'))} | {status_text(r)} |")
    if s.get("due_soon"):
        lines += due_soon_lines(s["due_soon"])
    if s.get("build_mode"):
        how = (
            "cập nhật phần mới của kho đã công bố (increment)"
            if s["build_mode"] == "increment"
            else "dựng lại toàn bộ" + (f" — lý do: {s['build_mode_reason']}" if s.get("build_mode_reason") else "")
        )
        lines += ["", f"Cách dựng kho: {how}."]
    lines += ["", "## Thời gian (giây)", ""] + [f"- {k}: {v}" for k, v in s.get("durations", {}).items()]
    return "\n".join(lines) + "\n"
