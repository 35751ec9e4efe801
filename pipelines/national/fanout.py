"""The provinces file of the national flow: which provinces run, each with its data folder, its
source (an inbox or the software's API) and its plan (docs/national.md, "Chạy nhiều tỉnh trên
nhiều máy"). Plain data, no Prefect: `pipelines/flows/fanout.py` turns each entry into a run of
the province deployment.

    store: /mnt/motcua-store          # optional: else --store, else MOTCUA_SHARED_STORE
    data_root: /srv/motcua            # optional: a province's data folder defaults to <data_root>/<code>
    provinces:
      - code: "42"
        inbox: /srv/motcua/inbox/42
        plan: hatinh-2022             # a plan id of plans/, or a plan file
      - code: "44"
        api: https://motcua.quangbinh.gov.vn/api
        plan: /srv/motcua/plans/quangbinh-2022.yaml
        data_dir: /srv/motcua/44
        queue: may-quang-binh         # optional: the work queue (the machine) that runs it
        env: { MOTCUA_MEMORY_LIMIT: 1GB }   # optional: environment of that run only

Relative paths are read from the file's folder. Paths are those the workers see: a shared file
system, or the same layout on every machine (or a `queue` per machine).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from pipelines.national.provinces import ProvinceError, normalise_code

TOP_KEYS = {"store", "data_root", "provinces"}
PROVINCE_KEYS = {"code", "inbox", "api", "plan", "data_dir", "queue", "env"}


class ProvincesFileError(ValueError):
    """A provinces file that cannot be used, said in Vietnamese with the file and the entry."""


@dataclass(frozen=True)
class ProvinceRun:
    """One province of the national flow: what its run of the province deployment is given."""

    code: str
    data_dir: str
    plan: str
    inbox: str | None = None
    api: str | None = None
    queue: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    def parameters(self, store: str, as_of: date | None = None, render: bool = True) -> dict:
        """The parameters of its flow run (`pipelines.flows.fanout.province_run`)."""
        params: dict = {
            "province": self.code,
            "data_dir": self.data_dir,
            "plan": self.plan,
            "store": store,
            "render": render,
        }
        if self.inbox:
            params["inbox"] = self.inbox
        if self.api:
            params["api"] = self.api
        if as_of:
            params["as_of"] = as_of.isoformat()
        return params


@dataclass(frozen=True)
class ProvincesFile:
    path: Path
    provinces: list[ProvinceRun]
    store: str | None = None

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.provinces]


def _path(value, base: Path) -> str:
    """A path of the file, absolute (relative ones from the file's folder); URIs as they are."""
    text = str(value).strip()
    if "://" in text:
        return text
    path = Path(text).expanduser()
    return str(path if path.is_absolute() else (base / path).resolve())


def _plan(value, base: Path) -> str:
    """A plan id stays an id (resolved by the run, in plans/); a path-looking value is a file."""
    text = str(value).strip()
    looks_like_file = text.endswith((".yaml", ".yml")) or "/" in text or os.sep in text
    return _path(text, base) if looks_like_file else text


def _entry(raw, index: int, base: Path, data_root: str | None, where: str) -> ProvinceRun:
    label = f"{where}: tỉnh thứ {index}"
    if not isinstance(raw, dict):
        raise ProvincesFileError(f"{label}: cần một mục có code, plan, inbox hoặc api")
    unknown = sorted(set(raw) - PROVINCE_KEYS)
    if unknown:
        raise ProvincesFileError(
            f"{label}: khóa không biết {', '.join(unknown)} (nhận: {', '.join(sorted(PROVINCE_KEYS))})"
        )
    try:
        code = normalise_code(raw.get("code", ""))
    except ProvinceError as exc:
        raise ProvincesFileError(f"{label}: {exc}") from exc
    label = f"{where}: tỉnh {code}"
    if not raw.get("plan"):
        raise ProvincesFileError(f"{label}: thiếu plan (mã kế hoạch trong plans/ hoặc đường dẫn tệp kế hoạch)")
    if bool(raw.get("inbox")) == bool(raw.get("api")):
        raise ProvincesFileError(f"{label}: cần đúng một nguồn: inbox (thư mục tệp xuất) hoặc api (địa chỉ API)")
    if raw.get("data_dir"):
        data_dir = _path(raw["data_dir"], base)
    elif data_root:
        data_dir = str(Path(data_root) / code)
    else:
        raise ProvincesFileError(f"{label}: thiếu data_dir (hoặc data_root ở đầu tệp)")
    env = raw.get("env") or {}
    if not isinstance(env, dict):
        raise ProvincesFileError(f"{label}: env phải là các cặp TÊN: giá trị")
    return ProvinceRun(
        code=code,
        data_dir=data_dir,
        plan=_plan(raw["plan"], base),
        inbox=_path(raw["inbox"], base) if raw.get("inbox") else None,
        api=str(raw["api"]).strip() if raw.get("api") else None,
        queue=str(raw["queue"]).strip() if raw.get("queue") else None,
        env={str(k): str(v) for k, v in env.items()},
    )


def read_provinces_file(path: str | os.PathLike) -> ProvincesFile:
    """Read and check a provinces file; every problem is refused with the file and the entry."""
    file = Path(path).expanduser().resolve()
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProvincesFileError(f"không đọc được tệp danh sách tỉnh {file}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ProvincesFileError(f"{file}: không phải YAML hợp lệ: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("provinces"), list) or not raw["provinces"]:
        raise ProvincesFileError(f"{file}: cần khóa provinces: danh sách các tỉnh")
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise ProvincesFileError(f"{file}: khóa không biết {', '.join(unknown)} (nhận: {', '.join(sorted(TOP_KEYS))})")
    base = file.parent
    data_root = _path(raw["data_root"], base) if raw.get("data_root") else None
    provinces = [_entry(e, i, base, data_root, file.name) for i, e in enumerate(raw["provinces"], start=1)]
    seen: set[str] = set()
    for p in provinces:
        if p.code in seen:
            raise ProvincesFileError(f"{file.name}: tỉnh {p.code} có hai lần")
        seen.add(p.code)
    dirs = [p.data_dir for p in provinces]
    if len(set(dirs)) != len(dirs):
        raise ProvincesFileError(f"{file.name}: hai tỉnh dùng chung một data_dir (mỗi tỉnh một thư mục dữ liệu)")
    store = _path(raw["store"], base) if raw.get("store") else None
    return ProvincesFile(file, provinces, store)
