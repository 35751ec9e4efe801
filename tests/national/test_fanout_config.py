"""The provinces file of the national flow (pipelines/national/fanout.py): what each province's
run is given, and every file that cannot be used refused with the file and the entry."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.national.fanout import ProvincesFileError, read_provinces_file


def _write(tmp_path, text: str):
    path = tmp_path / "conf" / "provinces.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_become_run_parameters_with_paths_from_the_file_folder(tmp_path):
    path = _write(
        tmp_path,
        """
store: ../store
data_root: /srv/motcua
provinces:
  - code: 42
    inbox: inbox/42
    plan: hatinh-2022
  - code: "1"
    api: http://127.0.0.1:8765
    plan: plans/hanoi.yaml
    data_dir: /data/hn
    queue: may-ha-noi
    env: { MOTCUA_MEMORY_LIMIT: 1GB }
""",
    )
    conf = read_provinces_file(path)
    conf_dir = tmp_path / "conf"
    assert conf.codes == ["42", "01"]  # 42 read as a number, "1" padded: the GSO codes
    assert conf.store == str((tmp_path / "store").resolve())
    ha_tinh, ha_noi = conf.provinces
    # relative inbox from the file's folder; data folder <data_root>/<code>; a plan id stays an id
    assert ha_tinh.parameters("s3://b/p", date(2022, 3, 31), render=False) == {
        "province": "42",
        "data_dir": "/srv/motcua/42",
        "plan": "hatinh-2022",
        "store": "s3://b/p",
        "render": False,
        "inbox": str(conf_dir / "inbox" / "42"),
        "as_of": "2022-03-31",
    }
    # a plan that looks like a file is a path; the API URL is kept as written
    assert ha_noi.parameters("/st") == {
        "province": "01",
        "data_dir": "/data/hn",
        "plan": str(conf_dir / "plans" / "hanoi.yaml"),
        "store": "/st",
        "render": True,
        "api": "http://127.0.0.1:8765",
    }
    assert (ha_noi.queue, ha_noi.env) == ("may-ha-noi", {"MOTCUA_MEMORY_LIMIT": "1GB"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("provinces: []", "cần khóa provinces"),
        ("stores: x\nprovinces: [{code: 42, inbox: a, plan: p, data_dir: d}]", "khóa không biết stores"),
        ("provinces: [{code: 99, inbox: a, plan: p, data_dir: d}]", "tỉnh thứ 1: mã tỉnh 99 không có trong danh mục"),
        ("provinces: [{code: 42, inbox: a, data_dir: d}]", "tỉnh 42: thiếu plan"),
        ("provinces: [{code: 42, plan: p, data_dir: d}]", "tỉnh 42: cần đúng một nguồn"),
        ("provinces: [{code: 42, inbox: a, api: http://x, plan: p, data_dir: d}]", "tỉnh 42: cần đúng một nguồn"),
        ("provinces: [{code: 42, inbox: a, plan: p}]", "tỉnh 42: thiếu data_dir"),
        ("provinces: [{code: 42, inbox: a, plan: p, data_dir: d, retries: 3}]", "tỉnh thứ 1: khóa không biết retries"),
        (
            "provinces: [{code: 42, inbox: a, plan: p, data_dir: d}, {code: '42', inbox: b, plan: p, data_dir: e}]",
            "tỉnh 42 có hai lần",
        ),
        (
            "provinces: [{code: 42, inbox: a, plan: p, data_dir: d}, {code: 44, inbox: b, plan: p, data_dir: d}]",
            "hai tỉnh dùng chung một data_dir",
        ),
        ("provinces: [{code: 42, inbox: a, plan: p, data_dir: d, env: [A]}]", "env phải là các cặp"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_the_entry(tmp_path, body, message):
    with pytest.raises(ProvincesFileError, match=message):
        read_provinces_file(_write(tmp_path, body))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ProvincesFileError, match="không đọc được tệp danh sách tỉnh"):
        read_provinces_file(tmp_path / "khong-co.yaml")
