"""Small worlds written as export files and taken through the real path: land the inbox, read
every file (pipelines.readers), build the warehouse with the Hà Tĩnh plan (pipelines.flows.steps).

Used by the tests of metrics.md, "Required columns: no value without its data", where what
matters is which columns the files carry: an absent column must be known as absent, not read as
empty cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.flows import steps
from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import parse_pending
from pipelines.settings import Paths, connect
from tests.readers.conftest import write_csv, write_json
from tests.sql.records import HATINH_PLAN

TINH, HUYEN = "000.00.12.H27", "000.00.30.H27"
DONVI_HEADER = ["Mã định danh", "Tên đơn vị", "Cấp"]
DONVI_ROWS = [[TINH, "Sở Tư pháp", "Tỉnh"], [HUYEN, "UBND huyện Cẩm Xuyên", "Huyện"]]
HOSO_HEADER = ["Mã hồ sơ", "Mã đơn vị", "Mã TTHC", "Mức độ", "Kênh thực hiện", "Ngày tiếp nhận", "Trạng thái"]
HOSO_HEADER += ["Kết quả số hóa", "Hình thức trả kết quả", "Ngày hẹn trả", "Ngày cập nhật"]
STEP_HEADER = ["Mã hồ sơ", "Bước", "Thời điểm xử lý", "Trạng thái", "Nội dung xử lý", "Đơn vị chuyển"]
STEP_HEADER += ["Đơn vị nhận", "Hình thức chuyển"]


def dossier_code(i: int) -> str:
    return f"{TINH}-220310-{i:04d}"


def hoso_rows(n: int) -> list[dict]:
    """n dossiers received 10/03/2022 at the tinh agency, online, being processed."""
    return [
        {
            "Mã hồ sơ": dossier_code(i),
            "Mã đơn vị": TINH,
            "Mã TTHC": "1.001193",
            "Mức độ": "3",
            "Kênh thực hiện": "2",
            "Ngày tiếp nhận": "10/03/2022 08:00:00",
            "Trạng thái": "4",
            "Kết quả số hóa": "0",
            "Hình thức trả kết quả": "0",
            "Ngày hẹn trả": "25/03/2022",
            "Ngày cập nhật": "10/03/2022 09:00:00",
        }
        for i in range(1, n + 1)
    ]


def step_rows(dossiers: range, form: str = "Điện tử") -> list[dict]:
    """Per dossier: step 1 received at tinh, step 2 handed over tinh -> huyen (a transfer step)."""
    out = []
    for i in dossiers:
        common = {"Mã hồ sơ": dossier_code(i), "Trạng thái": "4"}
        out.append(
            {**common, "Bước": "1", "Thời điểm xử lý": "10/03/2022 08:00:00", "Nội dung xử lý": "Tiếp nhận hồ sơ"}
        )
        out.append(
            {
                **common,
                "Bước": "2",
                "Thời điểm xử lý": "10/03/2022 10:00:00",
                "Nội dung xử lý": "Chuyển xử lý",
                "Đơn vị chuyển": TINH,
                "Đơn vị nhận": HUYEN,
                "Hình thức chuyển": form,
            }
        )
    return out


def write_base(inbox: Path, n_dossiers: int) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    write_csv(inbox / "donvi.csv", DONVI_HEADER, DONVI_ROWS)
    write_csv(inbox / "hoso_2022-03-10.csv", HOSO_HEADER, hoso_rows(n_dossiers))


def write_steps(inbox: Path, name: str, rows: list[dict], header: list[str] = STEP_HEADER) -> None:
    write_csv(inbox / name, header, rows)


def write_steps_json(inbox: Path, name: str, rows: list[dict]) -> None:
    write_json(inbox / name, rows)


def build_inbox(root: Path, inbox: Path, as_of: date = date(2022, 3, 31)):
    """Land, read and build (whole) with the Hà Tĩnh plan; a read-only connection on the result."""
    paths = Paths(root)
    paths.ensure()
    land_inbox(inbox, paths)
    parse_pending(paths)
    result = steps.build(paths, as_of, "test", plan_paths=[HATINH_PLAN], full=True)
    return connect(result.db_path, read_only=True), result


def scorecard_row(con, target_id: str, period: str, level: str = "toan_tinh") -> dict:
    cur = con.execute(
        "SELECT numerator, denominator, value, status, ly_do_khong_co_du_lieu FROM plan_scorecard "
        "WHERE target_id = ? AND period = ? AND level = ? AND ma_don_vi IS NULL AND group_key IS NULL",
        [target_id, period, level],
    )
    cols = [d[0] for d in cur.description]
    found = [dict(zip(cols, r)) for r in cur.fetchall()]
    assert len(found) == 1, found
    return found[0]
