"""Every figure the simulator is calibrated on, in ONE place.

Each entry is a :class:`Figure` with its ``value`` and either a ``source`` (a published figure)
or ``assumption=True`` (a simulator assumption: no published source found). The generator reads
these values only through this module, so changing the world is changing this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    value: Any
    source: str = ""
    assumption: bool = False
    note: str = ""


F = Figure

# --------------------------------------------------------------------------------------------
# Published figures (Hà Tĩnh)
# --------------------------------------------------------------------------------------------
CALIBRATION: dict[str, Figure] = {
    "dossiers_per_year": F(
        850_000,
        source="1,058,816 dossiers from 01/2019 to 03/2020 (≈850,000 a year); 873,387 in 2018 "
        "(UBND tỉnh Hà Tĩnh reports, see data/reference/README.md)",
    ),
    "level_share": F(
        {"tinh": 0.089, "huyen": 0.137, "xa": 0.774},
        source="2018: province 77,833 · district 119,649 · commune 675,905 (8.9% / 13.7% / 77.4%)",
    ),
    "late_share_province": F(
        0.0015,
        source="late share of resolved dossiers 0.12% (2018), 0.15% (2019–Q1/2020); on-time 99.84% (2020)",
    ),
    "online_share_jan_may": F(
        {"toan_tinh": 0.17, "tinh": 0.2645, "tinh_may": 0.327, "huyen_xa": 0.104},
        source="online share of dossiers of online-service procedures, Jan–May 2022: 17% province-wide;"
        " 26.45% provincial departments (32.7% in May); 10.4% districts and communes",
    ),
    "online_services_may_2022": F(
        {"tinh_level3": 247, "tinh_level4": 643, "huyen_level34": 1572},
        source="online services offered, May 2022 (provincial departments 247 level 3, 643 level 4;"
        " districts 1,572 level 3+4)",
        note="used as an order of magnitude for the share of level 3/4 procedures",
    ),
    "land_supplement_share": F(0.14, source="about 14% of land dossiers at Sở TN&MT needed supplements (2020)"),
    "agency_code_province": F("000.00.00.H27", source="national agency code system (QĐ 20/2020/QĐ-TTg)"),
    # ----------------------------------------------------------------------------------------
    # Assumptions (no published source)
    # ----------------------------------------------------------------------------------------
    "tw_share": F(
        0.01,
        assumption=True,
        note="dossiers received by central agencies in the province (Công an, BHXH, Thuế,"
        " Kho bạc), as an extra 1% on top of the three levels' 850k",
    ),
    "carryover_dec_2021": F(
        300, assumption=True, note="dossiers received in Dec 2021 still open on 1 Jan 2022 (scale 1)"
    ),
    "monthly_volume_factor": F(
        {1: 1.30, 2: 0.80, 3: 1.05, 4: 0.95, 5: 1.0, 6: 1.0, 7: 0.95, 8: 0.95, 9: 1.0, 10: 1.0, 11: 1.0, 12: 1.05},
        assumption=True,
        note="January rush before Tết, Tết trough in February (per working day)",
    ),
    "pre_tet_rush": F(1.5, assumption=True, note="factor on the 10 working days before the Tết closure"),
    "post_tet_trough": F(0.6, assumption=True, note="factor on the first 5 working days after Tết"),
    "saturday_factor": F(0.04, assumption=True, note="a few dossiers received on Saturdays (one-stop units on duty)"),
    "online_share_path": F(
        # share of online (kenh=2) among dossiers of muc_do >= 3 procedures, by level, Jan and Dec
        # (linear in between, reaching the May figure for 'tinh'); agency multipliers below
        {"tinh": (0.22, 0.50), "huyen": (0.07, 0.30), "xa": (0.07, 0.30), "tw": (0.10, 0.30)},
        assumption=True,
        note="start values chosen so that Jan–May matches the published shares; end values assumed",
    ),
    "laggard_districts": F(
        {"443": 0.35, "441": 0.45},
        assumption=True,
        note="GSO district code -> multiplier of online share and digitisation (Can Lộc, Vũ Quang"
        " lag behind); their communes inherit it",
    ),
    "postal_submit_share": F(0.006, assumption=True, note="kenh = 3 (Bưu chính công ích)"),
    "postal_return_share": F(0.015, assumption=True, note="hinh_thuc_tra = 1 among non-postal dossiers"),
    "online_refusal_share": F(0.02, assumption=True, note="online submissions refused at receipt (3)"),
    "counter_refusal_share": F(0.001, assumption=True),
    "withdrawn_share": F(0.003, assumption=True, note="status 7"),
    "stopped_share": F(0.0015, assumption=True, note="status 8"),
    "supplement_share": F(
        {
            "default": 0.02,
            "Đất đai": 0.14,
            "Xây dựng": 0.08,
            "Hoạt động xây dựng": 0.08,
            "Đầu tư tại Việt Nam": 0.06,
            "Nhà ở": 0.06,
            "Hộ tịch": 0.01,
            "Chứng thực": 0.0,
        },
        assumption=True,
        note="land 14% is published (see land_supplement_share); others assumed",
    ),
    "supplement_never_returned": F(
        0.08, assumption=True, note="citizen never completes the dossier (stays 5 or withdraws)"
    ),
    "late_multiplier": F(
        {
            "tinh": 1.0,
            "huyen": 4.0,
            "xa": 0.6,
            "tw": 1.0,
            "Đất đai": 6.0,
            "Xây dựng": 4.0,
            "Hoạt động xây dựng": 4.0,
            "bad_department": 25.0,
        },
        assumption=True,
        note="relative late risk; normalised so the province-wide late share is the published 0.15%",
    ),
    "bad_department": F("Sở Xây dựng", assumption=True, note="one department with many late dossiers"),
    "apology_share_of_late": F(0.8, assumption=True, note="most, not all, late dossiers get an apology"),
    "digitization_path": F(
        # da_so_hoa_ket_qua share among resolved dossiers, by level: (Jan–Jun, Jul–Dec)
        {"tinh": (0.35, 0.75), "huyen": (0.25, 0.55), "xa": (0.15, 0.45), "tw": (0.2, 0.5)},
        assumption=True,
        note="rising after the 2022 national digitisation deadlines (from July)",
    ),
    "component_digitized_share": F(0.6, assumption=True, note="co_thanh_phan_so_hoa = 1"),
    "paper_transfer_share": F(
        {"tinh": 0.12, "huyen": 0.30, "xa": 0.45, "tw": 0.2},
        assumption=True,
        note="hinh_thuc_chuyen = Giấy among real transfers (x1.5 in laggard districts)",
    ),
    "real_transfer_share": F(
        {"tinh": 1.0, "huyen": 0.35, "xa": 0.12, "tw": 0.3},
        assumption=True,
        note="dossiers with a transfer to another agency (provincial ones go Centre -> department)",
    ),
    "return_delay_days": F((0, 3), assumption=True, note="working days from result to return"),
    "financial_obligation_share": F(
        0.6,
        assumption=True,
        note="land dossiers with a fee that go through status 6 (Yêu cầu thực"
        " hiện nghĩa vụ tài chính) before resolution",
    ),
    "never_collected_share": F(0.03, assumption=True, note="results never collected (stay 9)"),
    "evaluation_share": F(0.25, assumption=True, note="resolved dossiers that get an evaluation"),
    "satisfied_share": F(
        {
            "default": 0.95,
            "Đất đai": 0.84,
            "Xây dựng": 0.87,
            "Hoạt động xây dựng": 0.87,
            "Nhà ở": 0.88,
            "Đầu tư tại Việt Nam": 0.90,
            "late": 0.35,
        },
        assumption=True,
        note="share of evaluations 4/5",
    ),
    "payment_status_share": F({"Thành công": 0.975, "Thất bại": 0.02, "Hoàn tiền": 0.005}, assumption=True),
    "online_payment_share": F(
        {"online_dossier": 0.70, "counter_dossier": 0.15},
        assumption=True,
        note="payments made online (hinh_thuc 1/2) for procedures with online payment deployed",
    ),
    "catalogue_size": F(
        1900,
        assumption=True,
        note="about 1,900 procedures published by the province (order of magnitude of Hà Tĩnh's 2022 catalogue)",
    ),
    "internal_procedure_share": F(0.07, assumption=True, note="TTHC nội bộ"),
    "internal_workflow_path": F(
        (0.10, 0.35), assumption=True, note="internal procedures with a published internal workflow, Jan -> Dec"
    ),
    "muc_do_jan": F(
        {"provincial": {2: 0.20, 3: 0.30, 4: 0.50}, "local": {2: 0.87, 3: 0.08, 4: 0.05}},
        assumption=True,
        note="online level of public procedures on 1 Jan 2022 (provincial-only procedures vs"
        " those also carried out by districts/communes); order of magnitude of the May 2022"
        " counts (247 level 3 + 643 level 4 at departments)",
    ),
    "upgrade_share_2022": F(0.20, assumption=True, note="procedures moved from level 2 to 3/4 during 2022"),
    "national_portal_path": F(
        (0.40, 0.62), assumption=True, note="level 3/4 procedures integrated on Cổng DVCQG, Jan -> Dec"
    ),
    "fee_procedure_share": F(0.35, assumption=True, note="procedures with a financial obligation"),
    "online_payment_path": F(
        (0.25, 0.55), assumption=True, note="fee procedures with online payment deployed, Jan -> Dec"
    ),
    "republished_share_2022": F(0.25, assumption=True, note="procedures re-published (amended) by a 2022 decision"),
    "publication_late_share": F(
        0.15, assumption=True, note="decisions later than 5 working days before the legal basis"
    ),
    "csdlqg_share": F(0.93, assumption=True),
    "posting_share": F(0.97, assumption=True),
    "pakn_per_year": F(400, assumption=True, note="feedback on administrative regulations"),
    "pakn_transfer_on_time": F(0.9, assumption=True),
    "pakn_handled_on_time": F(0.85, assumption=True),
    "report_late_share": F(0.15, assumption=True, note="periodic reports sent after han_nop"),
    "report_missing_share": F(0.04, assumption=True, note="periodic reports never sent"),
    "report_overcount": F((0.25, 0.05), assumption=True, note="(share of reports over-counting, max relative excess)"),
    "task_late_share": F(0.15, assumption=True),
    "task_missing_share": F(0.08, assumption=True),
}


def value(name: str) -> Any:
    """The calibrated value of a figure."""
    return CALIBRATION[name].value


def assumptions() -> dict[str, Figure]:
    return {k: f for k, f in CALIBRATION.items() if f.assumption}


def sources() -> dict[str, Figure]:
    return {k: f for k, f in CALIBRATION.items() if not f.assumption}


# Field mix of dossiers by level (assumption: communes dominated by certification and civil
# status, districts and the province by land). Weights are shares of the level's dossiers; the
# remainder ("_other") is spread over every other field's procedures at that level.
CALIBRATION["field_volume_mix"] = F(
    {
        "xa": {
            "Chứng thực": 0.50,
            "Hộ tịch": 0.25,
            "Đất đai": 0.03,
            "Bảo trợ xã hội": 0.05,
            "Người có công": 0.03,
            "_other": 0.14,
        },
        "huyen": {
            "Đất đai": 0.30,
            "Chứng thực": 0.14,
            "Hộ tịch": 0.06,
            "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": 0.10,
            "Hoạt động xây dựng": 0.07,
            "Xây dựng": 0.02,
            "Nhà ở": 0.01,
            "Bảo trợ xã hội": 0.06,
            "Giáo dục và Đào tạo": 0.04,
            "_other": 0.20,
        },
        "tinh": {
            "Đất đai": 0.30,
            "Đường bộ": 0.15,
            "Lý lịch tư pháp": 0.10,
            "Thành lập và hoạt động của doanh nghiệp": 0.08,
            "Đầu tư tại Việt Nam": 0.02,
            "Hoạt động xây dựng": 0.04,
            "Xây dựng": 0.02,
            "Nhà ở": 0.01,
            "Quy hoạch xây dựng, kiến trúc": 0.01,
            "Khám bệnh, chữa bệnh": 0.04,
            "Việc làm": 0.04,
            "Giáo dục và Đào tạo": 0.03,
            "_other": 0.16,
        },
        "tw": {"_other": 1.0},
    },
    assumption=True,
)
