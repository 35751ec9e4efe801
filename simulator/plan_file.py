"""The plan a simulated province delivers with its exports ("minh họa").

Only Hà Tĩnh's plan is real (``plans/hatinh-2022.yaml``, Quyết định 461/QĐ-UBND). Another
simulated province gets a copy of it as its own plan: its id, its name, GSO code and UBND id,
the title and the decision labelled "minh họa", every target and threshold unchanged — so a
national roll-up of simulated provinces compares like with like. The copy is made on the text
(comments kept); each replaced piece must be found exactly once, else the template has changed
and the copy is refused rather than half-relabelled.
"""

from __future__ import annotations

from pathlib import Path

from .people import ascii_fold
from .province import HA_TINH, SimProvince

TEMPLATE = Path(__file__).resolve().parents[1] / "plans" / "hatinh-2022.yaml"
NOTE = "minh họa"


def plan_id(prov: SimProvince) -> str:
    """`quangbinh-2022-minh-hoa`: the province's name folded, the year, and what it is."""
    slug = "".join(c for c in ascii_fold(prov.short).lower() if c.isalnum())
    return f"{slug}-2022-minh-hoa"


def plan_text(prov: SimProvince, template: str) -> str:
    """The Hà Tĩnh plan's text as province ``prov``'s illustrative plan."""
    head = (
        f"# KẾ HOẠCH MINH HỌA của bộ mô phỏng cho {prov.name}: bản sao kế hoạch năm 2022 của Hà Tĩnh\n"
        "# (Quyết định 461/QĐ-UBND), cùng chỉ tiêu và ngưỡng; không phải kế hoạch thật của tỉnh.\n"
    )
    replacements = [
        ("id: hatinh-2022\n", f"id: {plan_id(prov)}\n"),
        ("  decision: 461/QĐ-UBND\n", f'  decision: "461/QĐ-UBND ({NOTE})"\n'),
        (
            '{ name: Tỉnh Hà Tĩnh, gso_code: "42", agency_id: "000.00.00.H27" }',
            f'{{ name: {prov.name}, gso_code: "{prov.code}", agency_id: "{prov.province_id}" }}',
        ),
    ]
    text = template
    for old, new in replacements:
        if text.count(old) != 1:
            raise ValueError(f"{TEMPLATE.name}: không thấy đúng một lần {old.strip()!r}; không chép được kế hoạch")
        text = text.replace(old, new)
    title = next(line for line in text.splitlines() if line.startswith("  title: "))
    return head + text.replace(title, f"{title} ({NOTE})", 1)


def write_plan(prov: SimProvince, out: Path) -> Path | None:
    """Write ``out/plans/<id>.yaml`` for a province other than Hà Tĩnh and return its path; None
    for Hà Tĩnh, whose plan is the project's own ``plans/hatinh-2022.yaml``."""
    if prov.code == HA_TINH:
        return None
    path = Path(out) / "plans" / f"{plan_id(prov)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan_text(prov, TEMPLATE.read_text(encoding="utf-8")), encoding="utf-8")
    return path
