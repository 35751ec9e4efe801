"""MOTCUA_PLAN: the plan(s) of a run, by id of plans/ or by file (pipelines/flows/steps.py) — how
a province's run on the work pool gets its own plan."""

from __future__ import annotations

import pytest

from pipelines.flows import steps
from pipelines.settings import PLANS_DIR


def test_unset_means_every_plan_of_the_plans_folder(monkeypatch):
    monkeypatch.delenv("MOTCUA_PLAN", raising=False)
    assert steps.default_plan_paths() == sorted(PLANS_DIR.glob("*.yaml"))


def test_a_plan_id_and_a_file_are_both_accepted(monkeypatch, tmp_path):
    other = tmp_path / "quangbinh.yaml"
    other.write_text("plan: {id: quangbinh-2022}\n", encoding="utf-8")
    # `hatinh-2022` is the plan.id inside plans/hatinh-2022.yaml; the file is taken as it is
    monkeypatch.setenv("MOTCUA_PLAN", f"hatinh-2022, {other}")
    assert steps.default_plan_paths() == [PLANS_DIR / "hatinh-2022.yaml", other.resolve()]


def test_an_unknown_plan_is_refused_never_replaced(monkeypatch):
    monkeypatch.setenv("MOTCUA_PLAN", "quangbinh-2022")
    with pytest.raises(FileNotFoundError, match="không có kế hoạch 'quangbinh-2022'.*có: hatinh-2022"):
        steps.default_plan_paths()


def test_an_empty_list_is_refused():
    with pytest.raises(FileNotFoundError, match="không nêu kế hoạch nào"):
        steps.resolve_plans(" , ")
