"""The nightly schedule: 02:00 Asia/Ho_Chi_Minh, registered with a Prefect server (`motcua serve`).

``serve_nightly`` registers the deployment ``motcua-nightly/motcua-nightly`` (flow / deployment)
with a ``Cron("0 2 * * *", timezone="Asia/Ho_Chi_Minh")`` schedule and then *serves* it: this
process is the runner that executes the scheduled runs (each in a subprocess) on the machine that
holds the data folder. It blocks until stopped; on SIGTERM / Ctrl-C the schedule is paused (a
new ``serve`` resumes it).

A real server is needed: Prefect's temporary (ephemeral) server cannot schedule — ``serve``
warns and nothing ever runs. Point at a shared server before starting::

    prefect server start --host 127.0.0.1 --port 4200      # once, on the server machine
    export PREFECT_API_URL=http://127.0.0.1:4200/api        # where `motcua serve` runs
    export PREFECT_HOME=/srv/motcua/prefect PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
    motcua serve --inbox /srv/motcua/inbox                  # or --api URL (token: $MOTCUA_API_TOKEN)

Runs can be triggered by hand from the UI or with
``prefect deployment run motcua-nightly/motcua-nightly``.

Work pool: none is needed for one province — the serving process is the worker (one run at a
time, ``limit=1``), and it must run where the data folder is. Keep it alive with the system's
service manager (systemd unit running ``motcua serve``). Several provinces on several machines
run on a process work pool instead: ``motcua national deploy`` / ``motcua worker`` /
``motcua national run`` (``pipelines/flows/fanout.py``, docs/national.md).
"""

from __future__ import annotations

import typing
from pathlib import Path

from prefect.schedules import Cron
from prefect.settings import get_current_settings

from pipelines.flows.nightly import nightly_flow
from pipelines.settings import TIME_ZONE

DEPLOYMENT = "motcua-nightly"
FULL_NAME = f"motcua-nightly/{DEPLOYMENT}"  # flow name / deployment name


def nightly_schedule(cron: str = "0 2 * * *", timezone: str = TIME_ZONE):
    return Cron(cron, timezone=timezone)


def deployment_parameters(flow, data_dir, inbox=None, api=None) -> dict:
    params: dict = {"data_dir": str(Path(data_dir).resolve())}
    if inbox is not None:
        params["inbox"] = str(Path(inbox).resolve())
    if api is not None:
        if "api" not in flow.parameters.properties:
            raise ValueError("the nightly flow has no `api` parameter yet: cannot schedule an API pull")
        params["api"] = api
    return params


def _resolved(flow):
    """Served runs get the flow object by value (cloudpickle) in a subprocess, without the module
    globals that string annotations (`from __future__ import annotations`) refer to: resolve them
    now, or parameter validation fails there ("`NightlyModel` is not fully defined")."""
    try:
        flow.fn.__annotations__ = typing.get_type_hints(flow.fn)
    except Exception:  # already resolved, or not resolvable here: leave as is
        pass
    return flow


def serve_nightly(
    data_dir,
    inbox=None,
    api=None,
    cron: str = "0 2 * * *",
    timezone: str = TIME_ZONE,
    name: str = DEPLOYMENT,
    limit: int = 1,
    pause_on_shutdown: bool = True,
) -> None:
    """Register the nightly deployment with the Prefect server of ``PREFECT_API_URL`` and serve it
    (blocks until stopped)."""
    if not get_current_settings().api.url:
        raise RuntimeError(
            "Chưa đặt PREFECT_API_URL: máy chủ Prefect tạm thời không chạy được lịch. "
            "Chạy `prefect server start` rồi đặt PREFECT_API_URL=http://<máy>:4200/api"
        )
    flow = _resolved(nightly_flow())
    flow.serve(
        name=name,
        schedules=[nightly_schedule(cron, timezone)],
        parameters=deployment_parameters(flow, data_dir, inbox, api),
        tags=["motcua", "nightly"],
        description="Quy trình hằng đêm motcua: tiếp nhận → nạp → tính chỉ số → kiểm tra → công bố",
        limit=limit,  # one run at a time: two nightly runs must never build over each other
        pause_on_shutdown=pause_on_shutdown,
        print_starting_message=True,
    )
