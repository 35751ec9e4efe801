"""`motcua plan check FILE...` (pipelines/cli.py): "hợp lệ" and a summary, or every error with
file, line and target; exit status 1 when any file has an error."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.settings import PLANS_DIR

OTHER_PLAN = Path(__file__).resolve().parent / "fixtures" / "plans" / "other-plan.yaml"
runner = CliRunner()


def test_valid_plans_print_hop_le_and_a_summary():
    result = runner.invoke(app, ["plan", "check", str(PLANS_DIR / "hatinh-2022.yaml"), str(OTHER_PLAN)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(
        f"{PLANS_DIR / 'hatinh-2022.yaml'}: hợp lệ — kế hoạch hatinh-2022, Tỉnh Hà Tĩnh, năm 2022;"
    )
    # other-plan.yaml by hand: QB.1-QB.4 ratio, QB.6 and QB.7 tracking, QB.5 milestone; no
    # indicators; every due in 2023
    assert lines[1] == (
        f"{OTHER_PLAN}: hợp lệ — kế hoạch quangbinh-2023, Tỉnh Quảng Bình, năm 2023; 7 mục tiêu"
        " (ratio 4, tracking 2, milestone 1); thời hạn trong năm 2023"
    )
    assert len(lines) == 2


def test_errors_are_listed_and_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    # line 6 `threshold: 2` (a count), line 7 an unknown key; the good file is still reported valid
    bad.write_text(
        "plan:\n  id: bad-2024\ntargets:\n"
        "  - id: B.1\n    kind: ratio\n    threshold: 2\n    threshold_by_district: { a: 0.5 }\n"
        "    metric: satisfaction_rate\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["plan", "check", str(bad), str(OTHER_PLAN)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f'{bad} dòng 6, mục tiêu B.1: "threshold": 2 phải là một tỷ lệ từ 0 đến 1')
    assert (
        lines[1]
        == f'{bad} dòng 7, mục tiêu B.1: khóa không hợp lệ "threshold_by_district" (có phải "threshold_by_unit"?)'
    )
    assert lines[2].startswith(f"{OTHER_PLAN}: hợp lệ")
    assert lines[3] == "2 lỗi trong 1/2 tệp"


def test_two_files_of_one_plan_id_are_refused(tmp_path):
    # load_plans refuses two files with the same plan.id: so does the check (second file named)
    copy = tmp_path / "copy.yaml"
    copy.write_text(OTHER_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["plan", "check", str(OTHER_PLAN), str(copy)])
    assert result.exit_code == 1
    assert f'{copy}: mã kế hoạch "quangbinh-2023" trùng với tệp {OTHER_PLAN}' in result.output.splitlines()


def test_a_missing_file_is_an_error(tmp_path):
    result = runner.invoke(app, ["plan", "check", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert "không tìm thấy tệp kế hoạch" in result.output


def test_run_plan_option_names_the_run_plan(monkeypatch):
    # `motcua run --plan ID` hands ID to the flow as MOTCUA_PLAN, which default_plan_paths reads
    # (the flow itself is replaced: only what the option passes on is checked here)
    import os

    import pipelines.cli as cli
    from pipelines.flows.steps import default_plan_paths

    seen = {}

    def fake_run(*args, **kwargs):
        seen["plan"] = os.environ.get("MOTCUA_PLAN")
        seen["first"] = default_plan_paths()[0]
        return {"status": "published"}

    monkeypatch.delenv("MOTCUA_PLAN", raising=False)
    monkeypatch.setattr(cli, "_run", fake_run)
    monkeypatch.setattr(cli, "_print_summary", lambda s: None)
    result = runner.invoke(app, ["run", "--no-prefect", "--no-render", "--plan", "hatinh-2022"])
    assert result.exit_code == 0, result.output
    assert seen == {"plan": "hatinh-2022", "first": PLANS_DIR / "hatinh-2022.yaml"}
    os.environ.pop("MOTCUA_PLAN", None)  # set by the command itself, not by monkeypatch
