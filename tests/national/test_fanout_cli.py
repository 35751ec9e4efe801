"""`motcua national run | deploy` refuse what cannot work before touching a Prefect server (real
processes; the runs themselves are in test_fanout.py)."""

from __future__ import annotations

from tests.flows.tiny import motcua

NO_SERVER = {"PREFECT_API_URL": ""}
# a server address where nothing listens: the commands below must refuse before calling it
NOWHERE = {"PREFECT_API_URL": "http://127.0.0.1:9/api"}


def test_run_without_a_prefect_server_is_refused(tmp_path):
    done = motcua("national", "run", str(tmp_path / "provinces.yaml"), data=tmp_path, env=NO_SERVER)
    assert done.returncode == 2
    assert "Chưa đặt PREFECT_API_URL" in " ".join(done.stdout.split())


def test_run_refuses_a_provinces_file_without_a_plan(tmp_path):
    file = tmp_path / "provinces.yaml"
    file.write_text("provinces: [{code: 42, inbox: in, data_dir: d}]\n", encoding="utf-8")
    done = motcua("national", "run", str(file), data=tmp_path, env=NOWHERE)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "provinces.yaml: tỉnh 42: thiếu plan" in " ".join(done.stdout.split())


def test_deploy_refuses_a_heartbeat_below_prefects_minimum(tmp_path):
    # Prefect sends a heartbeat at most every 30 s: a shorter one would be stretched to 30 s and
    # the zombie detection would crash live runs
    done = motcua("national", "deploy", "--heartbeat", "20", data=tmp_path, env=NOWHERE)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "ít nhất 30 giây" in " ".join(done.stdout.split())
    done = motcua("national", "deploy", "--heartbeat", "30", "--missing-after", "30", data=tmp_path, env=NOWHERE)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "không lớn hơn một nhịp" in " ".join(done.stdout.split())
