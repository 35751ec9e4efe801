"""The weights file of the QĐ 766 index and its checks (pipelines/warehouse/index766.py,
docs/index-766.md §1)."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from pipelines.warehouse import index766
from pipelines.warehouse.index766 import Index766WeightsError, parse_weights, threshold_pct


@pytest.fixture(scope="module")
def doc():
    return yaml.safe_load(index766.WEIGHTS_FILE.read_text(encoding="utf-8"))


def version(doc, name):
    return next(v for v in doc["versions"] if v["version"] == name)


def test_the_shipped_file_is_valid(doc):
    # table A: G1 6+4+2+6 = 18, G2 20+0, G3 6+4+2+4+2+2+2 = 22, G4 2+4+6+2+2+6 = 22, G5 0+6+6+6 = 18
    w = parse_weights(doc)
    groups = {(g["version"], g["id"]): g["max"] for g in w.groups}
    assert [groups[("qd766-2022", g)] for g in ("G1", "G2", "G3", "G4", "G5")] == [18, 20, 22, 22, 18]
    assert [groups[("dvcqg-portal", g)] for g in ("CKMB", "TDGQ", "DVCTT", "SOHOA", "HAILONG", "TTTT")] == [
        18, 20, 12, 22, 18, 10,
    ]  # fmt: skip
    assert w.version_from == [(date(2022, 1, 1), "qd766-2022")]
    assert w.settings["van_hanh_from"] == date(2022, 8, 1) and w.settings["include_tw"] is False
    # the verified cells [V]: 1.2 = 4, 2.1 = 20, 5.4 = 6 (table A)
    ind = {i["id"]: i for i in w.indicators if i["version"] == "qd766-2022"}
    assert (ind["1.2"]["max"], ind["2.1"]["max"], ind["5.4"]["max"]) == (4, 20, 6)
    assert ind["3.3"]["multiplier"] == "1.4"


def test_thresholds_in_whole_percent():
    assert threshold_pct("thr(0.80)") == 80
    assert threshold_pct("thr(0.5)") == 50
    assert threshold_pct("lin") == 100
    assert threshold_pct("show") is None and threshold_pct("open") is None
    assert threshold_pct("thr(0.825)") is None  # not a whole percentage: k is integer arithmetic


def test_a_group_that_does_not_sum_is_refused(doc):
    # 1.1 at 7 makes G1 19 ≠ 18 and the version 101 ≠ 100: both are named
    bad = copy.deepcopy(doc)
    next(i for i in version(bad, "qd766-2022")["indicators"] if i["id"] == "1.1")["max"] = 7
    with pytest.raises(Index766WeightsError) as err:
        parse_weights(bad)
    assert "qd766-2022 G1: the indicators sum to 19, not the group's 18" in str(err.value)
    assert "qd766-2022: the groups sum to 100" not in str(err.value)  # the groups still sum to 100


def test_unknown_rule_scope_multiplier_and_version_are_refused(doc):
    bad = copy.deepcopy(doc)
    inds = {i["id"]: i for i in version(bad, "qd766-2022")["indicators"]}
    inds["2.1"]["rule"] = "log"
    inds["1.4"]["scope"] = ["phuong"]
    inds["3.3"]["multiplier"] = "9.9"
    del inds["4.1"]["max_src"]
    bad["settings"]["version_from"] = {"2022-01-01": "qd766-2099"}
    with pytest.raises(Index766WeightsError) as err:
        parse_weights(bad)
    text = str(err.value)
    for fragment in (
        "'2.1': rule 'log'",
        "'1.4': scope ['phuong']",
        "multiplier '9.9'",
        "'4.1': max_src",
        "qd766-2099",
    ):
        assert fragment in text, fragment


def test_a_changed_weights_file_forces_a_whole_build(doc, tmp_path, monkeypatch):
    # the weights are build input: the nightly increment compares the published fingerprint, so a
    # different file must give a different fingerprint (pipelines/warehouse/state.py)
    from pipelines.settings import SQL_DIR
    from pipelines.warehouse import state

    before = state.fingerprint(SQL_DIR, [])
    changed = copy.deepcopy(doc)
    changed["settings"]["include_tw"] = True
    path = tmp_path / "index766_weights.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(index766, "WEIGHTS_FILE", path)
    assert state.fingerprint(SQL_DIR, []) != before
