"""The province's procedure catalogue (TTHC) and how it evolves during the year.

Real national codes, names and fields come from the National Public Service Portal exports in
``data/reference/tthc-catalog-dvcqg/`` (those carried out by provincial, district or communal
bodies); the rest of the ~1,900 procedures are made up from name templates with codes that do
not collide with real ones. Each procedure carries the dates on which it changed in 2022 (online
level, national-portal integration, online payment, internal workflow, re-publication), so a
snapshot at any date is a pure function of the procedure table.
"""

from __future__ import annotations

import datetime as dt
import glob
import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from . import calibration as cal
from . import province
from .work_calendar import calendar

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
CATALOG_DIR = REFERENCE_DIR / "tthc-catalog-dvcqg"

# national code -> the province's local variant of it (the national code, then its UBND's id)
LOCAL_VARIANT = {"1.001193": "1.001193.000.00.00.H27"}


def local_variants() -> dict[str, str]:
    """:data:`LOCAL_VARIANT` in the simulated province (its own UBND's id)."""
    suffix = province.current().suffix
    return {code: f"{code}.000.00.00.{suffix}" for code in LOCAL_VARIANT}


# field name -> (department key, ma_linh_vuc suffix). Department keys: see province.DEPARTMENTS
FIELD_DEPT = {
    "Đất đai": "STNMT",
    "Địa chất và khoáng sản": "STNMT",
    "Tài nguyên nước": "STNMT",
    "Môi trường": "STNMT",
    "Biển và hải đảo": "STNMT",
    "Khí tượng, thủy văn": "STNMT",
    "Biến đổi khí hậu": "STNMT",
    "Đo đạc, bản đồ và thông tin địa lý": "STNMT",
    "Hộ tịch": "STP",
    "Chứng thực": "STP",
    "Lý lịch tư pháp": "STP",
    "Luật sư": "STP",
    "Công chứng": "STP",
    "Nuôi con nuôi": "STP",
    "Quốc tịch": "STP",
    "Trợ giúp pháp lý": "STP",
    "Đấu giá tài sản": "STP",
    "Giám định tư pháp": "STP",
    "Thừa phát lại": "STP",
    "Hòa giải thương mại": "STP",
    "Trọng tài thương mại": "STP",
    "Quản tài viên": "STP",
    "Bồi thường nhà nước": "STP",
    "Đăng ký biện pháp bảo đảm": "STP",
    "Hòa giải cơ sở": "STP",
    "Xây dựng": "SXD",
    "Hoạt động xây dựng": "SXD",
    "Nhà ở": "SXD",
    "Nhà ở và công sở": "SXD",
    "Quy hoạch xây dựng, kiến trúc": "SXD",
    "Kinh doanh bất động sản": "SXD",
    "Kiến trúc": "SXD",
    "Quy hoạch đô thị và nông thôn": "SXD",
    "Vật liệu xây dựng": "SXD",
    "Đầu tư tại Việt Nam": "SKHDT",
    "Thành lập và hoạt động của doanh nghiệp": "SKHDT",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": "SKHDT",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã": "SKHDT",
    "Đầu tư bằng vốn đầu tư công": "SKHDT",
    "Hỗ trợ doanh nghiệp nhỏ và vừa": "SKHDT",
    "Đầu tư vào nông nghiệp, nông thôn": "SNNPTNT",
    "Đường bộ": "SGTVT",
    "Đường thủy nội địa": "SGTVT",
    "Đăng kiểm": "SGTVT",
    "Sát hạch, cấp giấy phép lái xe": "SGTVT",
    "Khám bệnh, chữa bệnh": "SYT",
    "Dược phẩm": "SYT",
    "An toàn thực phẩm và dinh dưỡng": "SYT",
    "Y tế dự phòng": "SYT",
    "Trang thiết bị y tế": "SYT",
    "Giáo dục và Đào tạo": "SGDDT",
    "Thi, tuyển sinh": "SGDDT",
    "Văn bằng, chứng chỉ": "SGDDT",
    "Việc làm": "SLDTBXH",
    "Bảo trợ xã hội": "SLDTBXH",
    "Người có công": "SLDTBXH",
    "Giáo dục nghề nghiệp": "SLDTBXH",
    "An toàn, vệ sinh lao động": "SLDTBXH",
    "Trẻ em": "SLDTBXH",
    "Lao động, tiền lương": "SLDTBXH",
    "Lưu thông hàng hóa trong nước": "SCT",
    "Điện": "SCT",
    "Hóa chất": "SCT",
    "Xúc tiến thương mại": "SCT",
    "Kinh doanh khí": "SCT",
    "An toàn thực phẩm công thương": "SCT",
    "Trồng trọt và Bảo vệ thực vật": "SNNPTNT",
    "Thú y": "SNNPTNT",
    "Thủy sản": "SNNPTNT",
    "Lâm nghiệp": "SNNPTNT",
    "Thủy lợi": "SNNPTNT",
    "Chăn nuôi": "SNNPTNT",
    "Kiểm lâm": "SNNPTNT",
    "Quản lý chất lượng nông lâm sản và thủy sản": "SNNPTNT",
    "Trồng trọt": "SNNPTNT",
    "Kinh tế hợp tác và Phát triển nông thôn": "SNNPTNT",
    "Văn hóa": "SVHTTDL",
    "Thể dục thể thao": "SVHTTDL",
    "Du lịch": "SVHTTDL",
    "Gia đình": "SVHTTDL",
    "Di sản văn hóa": "SVHTTDL",
    "Hoạt động khoa học và công nghệ": "SKHCN",
    "Tiêu chuẩn đo lường chất lượng": "SKHCN",
    "Sở hữu trí tuệ": "SKHCN",
    "An toàn bức xạ và hạt nhân": "SKHCN",
    "Xuất bản, in và phát hành": "STTTT",
    "Bưu chính": "STTTT",
    "Báo chí": "STTTT",
    "Phát thanh, truyền hình và thông tin điện tử": "STTTT",
    "Tổ chức, cán bộ": "SNV",
    "Thi đua – Khen thưởng": "SNV",
    "Tôn giáo": "SNV",
    "Văn thư, lưu trữ": "SNV",
    "Tổ chức phi chính phủ": "SNV",
    "Chính quyền địa phương": "SNV",
    "Quản lý công sản": "STC",
    "Tài chính doanh nghiệp": "STC",
    "Quản lý giá": "STC",
    "Tài chính ngân sách": "STC",
    "Kế toán, kiểm toán": "STC",
    "Lãnh sự": "SNGV",
    "Hợp tác quốc tế": "SNGV",
    "Tiếp công dân": "TTRA",
    "Giải quyết khiếu nại": "TTRA",
    "Giải quyết tố cáo": "TTRA",
    "Công tác dân tộc": "BDT",
    "Quản lý khu kinh tế": "BQLKKT",
    "Kiểm soát TTHC": "VPUB",
    # central agencies located in the province (level tw)
    "Cấp, quản lý căn cước": "CA",
    "Đăng ký, quản lý cư trú": "CA",
    "Quản lý xuất nhập cảnh": "CA",
    "Phòng cháy, chữa cháy": "CA",
    "Quản lý ngành nghề kinh doanh có điều kiện": "CA",
    "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng": "CA",
    "Quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ và pháo": "CA",
    "Thuế": "CTHUE",
    "Thu bảo hiểm xã hội": "BHXH",
    "Thực hiện chính sách BHXH": "BHXH",
    "Cấp sổ, thẻ": "BHXH",
    "Kho bạc Nhà nước": "KBNN",
}
RENAME_FIELD = {"Đầu tư tại Việt nam": "Đầu tư tại Việt Nam", "Thi đua - Khen thưởng": "Thi đua – Khen thưởng"}
TW_KEYS = {"CA", "CTHUE", "BHXH", "KBNN"}

# Made-up procedures: field -> (levels, number, objects). Names are "{verb} {object}".
VERBS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Đăng ký",
    "Thẩm định",
    "Phê duyệt",
    "Xác nhận",
    "Công nhận",
    "Chấp thuận",
]
GENERATED: dict[str, tuple[str, int, list[str]]] = {
    "Đất đai": (
        "tinh;huyen;xa",
        60,
        [
            "Giấy chứng nhận quyền sử dụng đất",
            "biến động đất đai",
            "chuyển mục đích sử dụng đất",
            "giao đất, cho thuê đất",
            "tách thửa, hợp thửa đất",
            "gia hạn sử dụng đất",
            "đăng ký thế chấp quyền sử dụng đất",
        ],
    ),
    "Hộ tịch": (
        "huyen;xa",
        40,
        [
            "khai tử",
            "kết hôn",
            "nhận cha, mẹ, con",
            "thay đổi, cải chính hộ tịch",
            "giám hộ",
            "khai sinh kết hợp nhận cha, mẹ, con",
            "xác nhận tình trạng hôn nhân",
            "trích lục hộ tịch",
        ],
    ),
    "Chứng thực": ("huyen;xa", 10, ["bản sao từ bản chính", "chữ ký", "hợp đồng, giao dịch"]),
    "Xây dựng": (
        "tinh;huyen",
        40,
        [
            "giấy phép xây dựng công trình",
            "thiết kế cơ sở",
            "dự án đầu tư xây dựng",
            "báo cáo kinh tế - kỹ thuật",
            "chứng chỉ năng lực hoạt động xây dựng",
        ],
    ),
    "Hoạt động xây dựng": (
        "tinh;huyen",
        45,
        [
            "giấy phép xây dựng nhà ở riêng lẻ",
            "giấy phép xây dựng có thời hạn",
            "giấy phép sửa chữa, cải tạo",
            "giấy phép di dời công trình",
            "chứng chỉ hành nghề",
        ],
    ),
    "Nhà ở": (
        "tinh;huyen",
        25,
        ["nhà ở xã hội", "thuê nhà ở công vụ", "bán nhà ở thuộc sở hữu nhà nước", "công nhận chủ đầu tư dự án nhà ở"],
    ),
    "Quy hoạch xây dựng, kiến trúc": (
        "tinh;huyen",
        20,
        ["quy hoạch chi tiết xây dựng", "giấy phép quy hoạch", "thông tin quy hoạch xây dựng"],
    ),
    "Đầu tư tại Việt Nam": (
        "tinh",
        35,
        ["chủ trương đầu tư", "Giấy chứng nhận đăng ký đầu tư", "dự án đầu tư", "thành lập văn phòng điều hành"],
    ),
    "Đầu tư vào nông nghiệp, nông thôn": ("tinh", 10, ["hỗ trợ đầu tư vào nông nghiệp", "dự án khuyến khích đầu tư"]),
    "Đầu tư bằng vốn đầu tư công": ("tinh;huyen", 12, ["chủ trương đầu tư dự án nhóm B, C", "kế hoạch đầu tư công"]),
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": ("huyen", 15, ["hộ kinh doanh", "địa điểm kinh doanh"]),
    "Lý lịch tư pháp": ("tinh", 4, ["Phiếu lý lịch tư pháp số 1", "Phiếu lý lịch tư pháp số 2"]),
    "Đường bộ": (
        "tinh",
        45,
        [
            "giấy phép lái xe",
            "giấy phép liên vận",
            "phù hiệu xe",
            "giấy phép kinh doanh vận tải",
            "giấy phép thi công công trình đường bộ",
        ],
    ),
    "Khám bệnh, chữa bệnh": (
        "tinh",
        50,
        [
            "chứng chỉ hành nghề khám bệnh, chữa bệnh",
            "giấy phép hoạt động phòng khám",
            "giấy phép hoạt động cơ sở dịch vụ y tế",
        ],
    ),
    "Dược phẩm": (
        "tinh",
        40,
        [
            "chứng chỉ hành nghề dược",
            "giấy chứng nhận đủ điều kiện kinh doanh dược",
            "giấy xác nhận nội dung quảng cáo thuốc",
        ],
    ),
    "An toàn thực phẩm và dinh dưỡng": ("tinh;huyen", 20, ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"]),
    "Giáo dục và Đào tạo": (
        "tinh;huyen;xa",
        70,
        [
            "thành lập trường mầm non",
            "hoạt động giáo dục",
            "sáp nhập, chia tách trường",
            "giấy phép dạy thêm",
            "cho phép trung tâm ngoại ngữ hoạt động",
            "nhóm trẻ độc lập",
        ],
    ),
    "Văn bằng, chứng chỉ": ("tinh;huyen", 15, ["bản sao văn bằng, chứng chỉ", "chỉnh sửa nội dung văn bằng"]),
    "Việc làm": (
        "tinh",
        30,
        ["giấy phép lao động cho người nước ngoài", "trợ cấp thất nghiệp", "giấy phép hoạt động dịch vụ việc làm"],
    ),
    "Bảo trợ xã hội": (
        "tinh;huyen;xa",
        40,
        [
            "trợ cấp xã hội hằng tháng",
            "hỗ trợ chi phí mai táng",
            "cơ sở trợ giúp xã hội",
            "hỗ trợ khẩn cấp",
            "chăm sóc nuôi dưỡng đối tượng",
        ],
    ),
    "Người có công": (
        "tinh;huyen;xa",
        50,
        [
            "trợ cấp người có công",
            "giám định thương tật",
            "chế độ thờ cúng liệt sĩ",
            "hỗ trợ cải thiện nhà ở người có công",
            "di chuyển hài cốt liệt sĩ",
        ],
    ),
    "Giáo dục nghề nghiệp": (
        "tinh",
        25,
        ["thành lập cơ sở giáo dục nghề nghiệp", "đăng ký hoạt động giáo dục nghề nghiệp"],
    ),
    "Lưu thông hàng hóa trong nước": (
        "tinh;huyen",
        40,
        ["giấy phép bán lẻ rượu", "giấy phép kinh doanh thuốc lá", "giấy chứng nhận đủ điều kiện cửa hàng xăng dầu"],
    ),
    "Điện": ("tinh", 20, ["giấy phép hoạt động điện lực", "thẩm định thiết kế công trình điện"]),
    "Văn hóa": (
        "tinh;huyen;xa",
        45,
        [
            "giấy phép tổ chức lễ hội",
            "giấy phép kinh doanh karaoke",
            "công nhận gia đình văn hóa",
            "giấy phép biểu diễn nghệ thuật",
        ],
    ),
    "Thể dục thể thao": (
        "tinh;huyen",
        25,
        ["giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao", "tổ chức giải thi đấu thể thao"],
    ),
    "Du lịch": (
        "tinh",
        25,
        ["thẻ hướng dẫn viên du lịch", "giấy phép kinh doanh lữ hành", "hạng cơ sở lưu trú du lịch"],
    ),
    "Hoạt động khoa học và công nghệ": (
        "tinh",
        30,
        [
            "giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
            "nhiệm vụ khoa học và công nghệ",
            "doanh nghiệp khoa học và công nghệ",
        ],
    ),
    "Xuất bản, in và phát hành": (
        "tinh",
        20,
        ["giấy phép hoạt động in", "giấy phép xuất bản tài liệu không kinh doanh"],
    ),
    "Tổ chức, cán bộ": ("tinh;huyen", 25, ["thi tuyển công chức", "xét tuyển viên chức", "thành lập đơn vị sự nghiệp"]),
    "Thi đua – Khen thưởng": (
        "tinh;huyen;xa",
        25,
        ["tặng Bằng khen", "tặng danh hiệu Chiến sĩ thi đua", "tặng Giấy khen", "khen thưởng đột xuất"],
    ),
    "Tôn giáo": (
        "tinh;huyen;xa",
        25,
        [
            "đăng ký sinh hoạt tôn giáo tập trung",
            "tổ chức cuộc lễ ngoài cơ sở tôn giáo",
            "đăng ký người được bổ nhiệm chức việc",
        ],
    ),
    "Quản lý công sản": ("tinh;huyen", 15, ["mua sắm tài sản công", "thanh lý tài sản công"]),
    "Quản lý giá": ("tinh", 10, ["đăng ký giá", "kê khai giá"]),
    "Lãnh sự": ("tinh", 10, ["phép đón đoàn khách nước ngoài", "phép xuất cảnh công vụ"]),
    "Giải quyết khiếu nại": ("tinh;huyen;xa", 10, ["giải quyết khiếu nại lần đầu", "giải quyết khiếu nại lần hai"]),
    "Tiếp công dân": ("tinh;huyen;xa", 5, ["tiếp công dân"]),
    "Công tác dân tộc": ("tinh;huyen", 10, ["công nhận người có uy tín trong đồng bào dân tộc thiểu số"]),
    "Quản lý khu kinh tế": (
        "tinh",
        30,
        [
            "giấy phép xây dựng trong khu kinh tế",
            "chủ trương đầu tư trong khu kinh tế",
            "giấy phép lao động trong khu kinh tế",
        ],
    ),
    "Thủy lợi": ("tinh;huyen", 15, ["giấy phép hoạt động trong phạm vi bảo vệ công trình thủy lợi"]),
    "Môi trường": (
        "tinh;huyen",
        25,
        ["giấy phép môi trường", "báo cáo đánh giá tác động môi trường", "đăng ký môi trường"],
    ),
    "Tài nguyên nước": ("tinh", 15, ["giấy phép khai thác nước dưới đất", "giấy phép xả nước thải vào nguồn nước"]),
    "Thuế": ("tw", 40, ["mã số thuế", "hoàn thuế", "miễn, giảm thuế", "khai thuế"]),
    "Thực hiện chính sách BHXH": (
        "tw",
        30,
        ["sổ bảo hiểm xã hội", "thẻ bảo hiểm y tế", "chế độ thai sản", "chế độ hưu trí"],
    ),
    "Đăng ký, quản lý cư trú": ("tw", 12, ["thường trú", "tạm trú", "tách hộ"]),
    "Kho bạc Nhà nước": ("tw", 8, ["tài khoản giao dịch", "mẫu dấu, mẫu chữ ký"]),
}
INTERNAL_FIELDS = {
    "Tổ chức, cán bộ": [
        "Phê duyệt đề án vị trí việc làm",
        "Thẩm định đề án thành lập đơn vị sự nghiệp",
        "Quyết định điều động công chức",
        "Phê duyệt kế hoạch tuyển dụng",
    ],
    "Quản lý công sản": [
        "Giao tài sản công cho đơn vị",
        "Điều chuyển tài sản công",
        "Phê duyệt phương án sắp xếp nhà, đất",
    ],
    "Tài chính ngân sách": [
        "Thẩm định dự toán ngân sách",
        "Bổ sung kinh phí chi thường xuyên",
        "Phê duyệt quyết toán vốn",
    ],
    "Thi đua – Khen thưởng": ["Trình khen thưởng Huân chương", "Đề nghị tặng Cờ thi đua của Chính phủ"],
    "Kiểm soát TTHC": ["Công bố danh mục TTHC", "Phê duyệt quy trình nội bộ", "Phê duyệt phương án đơn giản hóa TTHC"],
    "Đầu tư bằng vốn đầu tư công": ["Giao kế hoạch vốn đầu tư công", "Điều chỉnh kế hoạch vốn"],
}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(s).split()))


def read_reference_catalog() -> pd.DataFrame:
    """Rows of the national portal exports carried out by local bodies, with parsed levels."""
    return _read_reference_catalog().copy()


@lru_cache(maxsize=1)
def _read_reference_catalog() -> pd.DataFrame:
    rows = []
    for f in sorted(glob.glob(str(CATALOG_DIR / "*.xlsx"))):
        data = CalamineWorkbook.from_path(f).get_sheet_by_index(0).to_python()
        hdr = [str(c).strip() for c in data[1]]
        for r in data[2:]:
            rec = dict(zip(hdr, r))
            code = str(rec.get("Mã số", "")).strip()
            if not code:
                continue
            ag = _nfc(rec.get("Cơ quan thực hiện", "")).lower()
            lv = []
            if "cấp tỉnh" in ag or "sở " in ag or ag.startswith("sở"):
                lv.append("tinh")
            if "cấp huyện" in ag:
                lv.append("huyen")
            if "cấp xã" in ag:
                lv.append("xa")
            field = _nfc(rec.get("Lĩnh vực", ""))
            field = RENAME_FIELD.get(field, field)
            if field == "Nhà ở và công sở":
                field = "Nhà ở"
            if (
                field == "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng"
                or FIELD_DEPT.get(field) in TW_KEYS
            ):
                lv = ["tw"]
            if not lv or field not in FIELD_DEPT:
                continue
            rows.append(
                dict(
                    ma_tthc=code, ten_tthc=_nfc(rec.get("Tên", "")), ten_linh_vuc=field, levels=";".join(lv), real=True
                )
            )
    df = pd.DataFrame(rows).drop_duplicates("ma_tthc").sort_values("ma_tthc").reset_index(drop=True)
    return df


def _made_up(rng: np.random.Generator, taken: set[str], n_target: int) -> pd.DataFrame:
    rows = []
    used_codes = set(taken)

    def code(prefix: str) -> str:
        while True:
            c = f"{prefix}.{int(rng.integers(2000, 12000)):06d}"
            if c not in used_codes:
                used_codes.add(c)
                return c

    for field in sorted(GENERATED):
        levels, n, objects = GENERATED[field]
        names = [f"{v} {o}" for o in objects for v in VERBS]
        pick = rng.permutation(len(names))[: min(n, len(names))]
        for i in sorted(pick):
            rows.append(dict(ma_tthc=code("1"), ten_tthc=names[i], ten_linh_vuc=field, levels=levels, real=False))
    for field in sorted(INTERNAL_FIELDS):
        for name in INTERNAL_FIELDS[field]:
            for suffix in [
                "",
                " cấp tỉnh",
                " cấp huyện",
                " (sửa đổi)",
                " (bổ sung)",
                " liên thông",
                " đối với đơn vị sự nghiệp",
            ]:
                rows.append(
                    dict(
                        ma_tthc=code("2"),
                        ten_tthc=name + suffix,
                        ten_linh_vuc=field,
                        levels="tinh" if "huyện" not in suffix else "huyen",
                        real=False,
                        internal=True,
                    )
                )
    df = pd.DataFrame(rows)
    return df


def build_catalog(seed: int = 42) -> pd.DataFrame:
    """The procedure table (one row per procedure) with its 2022 evolution dates.

    Columns: ma_tthc, ten_tthc, ma_linh_vuc, ten_linh_vuc, levels (';'-joined tinh/huyen/xa/tw),
    dept (department key), loai_tthc, thoi_han (float, NaN = none), don_vi_thoi_han,
    muc_do0 (level on 1 Jan), muc_do1 (after upgrade), upgrade_date, du_dieu_kien,
    dvcqg_date, fee, fee_type, payment_date, internal_wf_date, cong_khai_csdlqg, niem_yet,
    so_qd0, ngay_qd0, hieu_luc0, so_qd1, ngay_qd1, hieu_luc1 (2022 re-publication or NaT),
    internal (bool). Dates are numpy datetime64 (NaT = never in 2022).
    """
    rng = np.random.default_rng([seed, 11])
    cal_ = calendar()
    ref = read_reference_catalog()
    ref["internal"] = False
    made = _made_up(rng, set(ref.ma_tthc), int(cal.value("catalogue_size")))
    made["internal"] = made["internal"].fillna(False).astype(bool)
    df = pd.concat([ref, made], ignore_index=True)
    # bring the catalogue to ~1,900 procedures: drop surplus made-up public ones deterministically
    target = int(cal.value("catalogue_size"))
    if len(df) > target:
        extra = len(df) - target
        cand = df.index[(~df.real) & (~df.internal)].to_numpy()
        drop = rng.choice(cand, size=min(extra, cand.size), replace=False)
        df = df.drop(index=drop).reset_index(drop=True)
    n = len(df)
    df["dept"] = df.ten_linh_vuc.map(FIELD_DEPT).fillna("VPUB")
    df["internal"] = df["internal"].astype(bool)
    df["loai_tthc"] = np.where(df.internal, "TTHC nội bộ", "TTHC")
    fields = sorted(df.ten_linh_vuc.unique())
    dept_seq: dict[str, int] = {}
    codes = {}
    for f in fields:
        k = df.loc[df.ten_linh_vuc == f, "dept"].iloc[0]
        dept_seq[k] = dept_seq.get(k, 0) + 1
        codes[f] = f"{k}-{dept_seq[k]:02d}"
    df["ma_linh_vuc"] = df.ten_linh_vuc.map(codes)

    # deadlines (working days) by field (assumption)
    lo_hi = {
        "Chứng thực": (1, 1),
        "Hộ tịch": (1, 5),
        "Đất đai": (10, 30),
        "Xây dựng": (7, 20),
        "Hoạt động xây dựng": (7, 20),
        "Nhà ở": (10, 30),
        "Đầu tư tại Việt Nam": (10, 35),
        "Đường bộ": (3, 10),
        "Lý lịch tư pháp": (10, 10),
    }
    lo = df.ten_linh_vuc.map(lambda f: lo_hi.get(f, (3, 20))[0]).to_numpy()
    hi = df.ten_linh_vuc.map(lambda f: lo_hi.get(f, (3, 20))[1]).to_numpy()
    th = rng.integers(lo, hi + 1).astype(float)
    u = rng.random(n)
    unit = np.full(n, "Ngày làm việc", dtype=object)
    unit[(u < 0.03) & (lo > 1)] = "Ngày"
    hours = (u >= 0.03) & (u < 0.045) & (lo > 1)
    unit[hours] = "Giờ làm việc"
    th[hours] = 8.0
    nodl = (u >= 0.045) & (u < 0.055) & (lo > 1)
    th[nodl] = np.nan
    unit[nodl] = ""
    df["thoi_han"] = th
    df["don_vi_thoi_han"] = unit

    # online level and its evolution
    md_all = cal.value("muc_do_jan")
    local = df.levels.str.contains("huyen|xa").to_numpy()
    m0 = np.zeros(n, dtype=int)
    for key, mask in (("provincial", ~local), ("local", local)):
        md = md_all[key]
        lv = np.array(sorted(md))
        p = np.array([md[k] for k in lv], dtype=float)
        m0[mask] = rng.choice(lv, size=int(mask.sum()), p=p / p.sum())
    # certification stays at level 2 (assumption: electronic certification came later)
    m0[df.ten_linh_vuc.isin(["Chứng thực"]).to_numpy()] = 2
    m0[df.ma_tthc.eq("1.001193").to_numpy()] = 2
    share2 = float((m0 == 2).mean())
    up = (m0 == 2) & (rng.random(n) < cal.value("upgrade_share_2022") / max(share2, 1e-9))
    up[df.ten_linh_vuc.eq("Chứng thực").to_numpy()] = False
    up[df.ma_tthc.eq("1.001193").to_numpy()] = True
    m1 = np.where(up, rng.choice([3, 4], size=n, p=[0.4, 0.6]), m0)
    m1[df.ma_tthc.eq("1.001193").to_numpy()] = 4
    days = np.arange(np.datetime64("2022-01-15"), np.datetime64("2022-12-15"))
    upgrade_date = np.where(up, rng.choice(days, size=n), np.datetime64("NaT"))
    upgrade_date[df.ma_tthc.eq("1.001193").to_numpy()] = np.datetime64("2022-07-01")
    df["muc_do0"] = m0
    df["muc_do1"] = m1
    df["upgrade_date"] = upgrade_date.astype("datetime64[D]")
    df["du_dieu_kien"] = np.where((m1 >= 3) | (rng.random(n) < 0.5), 1, 0)
    df.loc[df.internal, ["muc_do0", "muc_do1"]] = 2
    df.loc[df.internal, "du_dieu_kien"] = 0

    def dated_path(path: tuple[float, float], mask: np.ndarray) -> np.ndarray:
        """A date per procedure: NaT = not by 2022 end; 2021-12-31 = already at start."""
        a, b = path
        r = rng.random(n)
        d = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        d[(r < a) & mask] = np.datetime64("2021-12-31")
        mid = (r >= a) & (r < b) & mask
        d[mid] = rng.choice(days, size=int(mid.sum()))
        return d

    public = ~df.internal.to_numpy()
    df["dvcqg_date"] = dated_path(cal.value("national_portal_path"), public)
    fee = (rng.random(n) < cal.value("fee_procedure_share")) & public
    fee[df.ten_linh_vuc.isin(["Chứng thực", "Đất đai", "Lý lịch tư pháp", "Đường bộ"]).to_numpy()] = True
    fee[df.ma_tthc.eq("1.001193").to_numpy()] = False
    amount = rng.choice(
        [10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 500_000, 1_000_000],
        size=n,
        p=[0.1, 0.15, 0.1, 0.2, 0.2, 0.12, 0.08, 0.05],
    )
    amount[df.ten_linh_vuc.eq("Chứng thực").to_numpy()] = 10_000
    df["fee"] = np.where(fee, amount, 0).astype("int64")
    df["fee_type"] = np.where(rng.random(n) < 0.6, "Lệ phí", "Phí")
    df["payment_date"] = dated_path(cal.value("online_payment_path"), fee)
    wf = cal.value("internal_workflow_path")
    df["internal_wf_date"] = np.where(
        df.internal, dated_path(wf, df.internal.to_numpy()), dated_path((0.85, 0.95), public)
    )
    df["cong_khai_csdlqg"] = (rng.random(n) < cal.value("csdlqg_share")).astype(int)
    df["niem_yet"] = (rng.random(n) < cal.value("posting_share")).astype(int)

    # publication decisions: initial (2019–2021) and a 2022 re-publication for some
    def decision(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        doy = (dates - dates.astype("datetime64[Y]")).astype(int)
        num = (doy * 11 + rng.integers(1, 11, size=dates.size)).astype(int)
        so = np.array([f"{k}/QĐ-UBND" for k in num], dtype=object)
        return so, dates

    d0 = rng.choice(np.arange(np.datetime64("2019-03-01"), np.datetime64("2021-12-20")), size=n)
    d0 = cal_.next_working_day(d0)
    so0, _ = decision(d0)
    late = rng.random(n) < cal.value("publication_late_share")
    k = np.where(late, -rng.integers(0, 20, size=n), rng.integers(5, 30, size=n))
    hl0 = np.where(k >= 0, cal_.add_working_days(d0, np.maximum(k, 0)), d0 - (-k).astype("timedelta64[D]"))
    df["so_qd0"], df["ngay_qd0"], df["hieu_luc0"] = so0, d0, hl0.astype("datetime64[D]")
    rep = rng.random(n) < cal.value("republished_share_2022")
    d1 = cal_.next_working_day(rng.choice(days, size=n))
    so1, _ = decision(d1)
    late1 = rng.random(n) < cal.value("publication_late_share")
    k1 = np.where(late1, -rng.integers(0, 20, size=n), rng.integers(5, 30, size=n))
    hl1 = np.where(k1 >= 0, cal_.add_working_days(d1, np.maximum(k1, 0)), d1 - (-k1).astype("timedelta64[D]"))
    df["so_qd1"] = np.where(rep, so1, None)
    df["ngay_qd1"] = np.where(rep, d1, np.datetime64("NaT")).astype("datetime64[D]")
    df["hieu_luc1"] = np.where(rep, hl1, np.datetime64("NaT")).astype("datetime64[D]")
    return df.reset_index(drop=True)


TTHC_COLUMNS = [
    "ngay_xuat",
    "ma_tthc",
    "ten_tthc",
    "ma_linh_vuc",
    "ten_linh_vuc",
    "cap_thuc_hien",
    "loai_tthc",
    "thoi_han",
    "don_vi_thoi_han",
    "muc_do",
    "du_dieu_kien_truc_tuyen",
    "tich_hop_dvcqg",
    "co_nghia_vu_tai_chinh",
    "trien_khai_thanh_toan_truc_tuyen",
    "co_quy_trinh_noi_bo",
    "cong_khai_csdlqg",
    "niem_yet",
    "so_qd_cong_bo",
    "ngay_qd_cong_bo",
    "ngay_hieu_luc_can_cu",
    # QĐ 766 additions (index-766.md §6)
    "co_ket_qua_giay_to",
    "du_dieu_kien_toan_trinh",
    "doi_tuong_thuc_hien",
    "loai_cong_bo",
    "trang_thai_cong_khai",
    "ngay_cong_khai_csdlqg",
    "ma_don_vi_chu_tri",
    "co_ten",
    "co_trinh_tu",
    "co_cach_thuc",
    "co_thanh_phan_ho_so",
    "co_thoi_han",
    "co_doi_tuong",
    "co_co_quan_thuc_hien",
]
# the seven parts of a published procedure (NĐ 63/2010 Đ.8 k.2) and how often one is missing
PART_FLAGS = {
    "co_ten": 0.0,
    "co_trinh_tu": 0.01,
    "co_cach_thuc": 0.01,
    "co_thanh_phan_ho_so": 0.04,
    "co_thoi_han": 0.02,
    "co_doi_tuong": 0.02,
    "co_co_quan_thuc_hien": 0.01,
}
CAP_LABEL = {"tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã", "tw": "Tỉnh"}


def muc_do_at(cat: pd.DataFrame, d) -> np.ndarray:
    """Online level of each procedure of ``cat`` on date(s) d (scalar or array aligned to cat)."""
    d = np.asarray(d).astype("datetime64[D]")
    ud = cat["upgrade_date"].to_numpy().astype("datetime64[D]")
    return np.where(~np.isnat(ud) & (ud <= d), cat["muc_do1"].to_numpy(), cat["muc_do0"].to_numpy())


def proc_draw(cat: pd.DataFrame, salt: str) -> np.ndarray:
    """A fixed number in [0, 1) per procedure and ``salt``: attributes that hold for the whole
    year whatever the snapshot (and draw nothing from the world's generators)."""
    return np.array([zlib.crc32(f"{salt}:{c}".encode()) / 2**32 for c in cat.ma_tthc], dtype=float)


RESULT_DOCUMENT_SHARE = 0.88  # procedures whose result is a document (a few only answer or register)


def has_result_document(cat: pd.DataFrame) -> np.ndarray:
    """`co_ket_qua_giay_to` of every procedure (the result documents are made for these only)."""
    return proc_draw(cat, "ket_qua_giay_to") < RESULT_DOCUMENT_SHARE


def qd766_columns(cat: pd.DataFrame, d: np.datetime64, rep: np.ndarray, agencies: pd.DataFrame | None) -> dict:
    """The catalogue columns the QĐ 766 index reads, as of the snapshot day ``d``."""
    biz = cat.ten_linh_vuc.isin(["Thành lập và hoạt động của doanh nghiệp", "Đầu tư tại Việt Nam", "Điện"]).to_numpy()
    person = cat.ten_linh_vuc.isin(["Hộ tịch", "Chứng thực", "Quốc tịch"]).to_numpy()
    doi_tuong = np.where(
        biz,
        "Doanh nghiệp; Tổ chức",
        np.where(person, "Công dân Việt Nam; Người Việt Nam định cư ở nước ngoài", "Công dân Việt Nam; Tổ chức"),
    )
    qd = pd.to_datetime(np.where(rep, cat.ngay_qd1, cat.ngay_qd0)).to_numpy().astype("datetime64[D]")
    # publicised on the national database 1–9 days after the decision (late beyond 5 working days)
    lag = (proc_draw(cat, "lag_csdlqg") * 9).astype(int) + 1
    pub = np.where(cat.cong_khai_csdlqg.to_numpy().astype(bool) & ~np.isnat(qd), qd + lag, np.datetime64("NaT"))
    published = ~np.isnat(pub) & (pub <= d)
    status = np.where(published, np.where(rep, "Đang công khai sửa đổi bổ sung", "Đang công khai"), "Chưa công khai")
    kind = np.where(rep, np.where(proc_draw(cat, "thay_the") < 0.2, "Thay thế", "Sửa đổi, bổ sung"), "Thêm mới")
    chu_tri = dict(zip(agencies.key, agencies.ma_don_vi)) if agencies is not None else {}
    out = {
        "co_ket_qua_giay_to": has_result_document(cat).astype(int),
        "du_dieu_kien_toan_trinh": (
            cat.du_dieu_kien.to_numpy().astype(bool) & (proc_draw(cat, "toan_trinh") < 0.55)
        ).astype(int),
        "doi_tuong_thuc_hien": doi_tuong,
        "loai_cong_bo": kind,
        "trang_thai_cong_khai": status,
        "ngay_cong_khai_csdlqg": pd.to_datetime(np.where(published, pub, np.datetime64("NaT"))),
        "ma_don_vi_chu_tri": cat.dept.map(chu_tri).to_numpy(dtype=object) if chu_tri else None,
    }
    for flag, missing in PART_FLAGS.items():
        out[flag] = (proc_draw(cat, flag) >= missing).astype(int)
    return out


def snapshot(cat: pd.DataFrame, day: dt.date, agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """The catalogue as exported on ``day`` (TTHC columns)."""
    d = np.datetime64(day, "D")

    def on(col: str) -> np.ndarray:
        x = cat[col].to_numpy().astype("datetime64[D]")
        return (~np.isnat(x) & (x <= d)).astype(int)

    rep = on("ngay_qd1").astype(bool)
    caps = cat["levels"].map(lambda s: ";".join(dict.fromkeys(CAP_LABEL[x] for x in s.split(";"))))
    out = pd.DataFrame(
        {
            "ngay_xuat": pd.Timestamp(day),
            "ma_tthc": cat.ma_tthc,
            "ten_tthc": cat.ten_tthc,
            "ma_linh_vuc": cat.ma_linh_vuc,
            "ten_linh_vuc": cat.ten_linh_vuc,
            "cap_thuc_hien": caps,
            "loai_tthc": cat.loai_tthc,
            "thoi_han": cat.thoi_han.astype("Float64").round().astype("Int64"),
            "don_vi_thoi_han": cat.don_vi_thoi_han,
            "muc_do": muc_do_at(cat, d).astype(int),
            "du_dieu_kien_truc_tuyen": cat.du_dieu_kien.astype(int),
            "tich_hop_dvcqg": on("dvcqg_date") & (muc_do_at(cat, d) >= 3),
            "co_nghia_vu_tai_chinh": (cat.fee > 0).astype(int),
            "trien_khai_thanh_toan_truc_tuyen": on("payment_date"),
            "co_quy_trinh_noi_bo": on("internal_wf_date"),
            "cong_khai_csdlqg": cat.cong_khai_csdlqg.astype(int),
            "niem_yet": cat.niem_yet.astype(int),
            "so_qd_cong_bo": np.where(rep, cat.so_qd1, cat.so_qd0),
            "ngay_qd_cong_bo": pd.to_datetime(np.where(rep, cat.ngay_qd1, cat.ngay_qd0)),
            "ngay_hieu_luc_can_cu": pd.to_datetime(np.where(rep, cat.hieu_luc1, cat.hieu_luc0)),
        }
    )
    out["tich_hop_dvcqg"] = out["tich_hop_dvcqg"].astype(int)
    for col, values in qd766_columns(cat, d, rep, agencies).items():
        out[col] = values
    return out[TTHC_COLUMNS]


TTHC_DONVI_COLUMNS = ["ngay_xuat", "ma_tthc", "ma_don_vi", "muc_do", "trang_thai_dvc"]


def applied_at_units(cat: pd.DataFrame, agencies: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """TTHC_DONVI on ``day``: every public procedure at each unit of its levels (a provincial one
    at its department, a district one at each UBND huyện, a commune one at each UBND xã), with
    its online level; a few services stopped, being tested or about to stop."""
    d = np.datetime64(day, "D")
    public = ~cat.internal.to_numpy().astype(bool)
    lv = cat.levels.to_numpy()
    muc = muc_do_at(cat, d).astype(int)
    code = cat.ma_tthc.to_numpy(dtype=object)
    parts = []
    dept = dict(zip(agencies.key, agencies.ma_don_vi))
    for level in ("tinh", "huyen", "xa"):
        procs = np.flatnonzero(public & np.array([level in s.split(";") for s in lv]))
        if level == "tinh":
            units = cat.dept.map(dept).to_numpy(dtype=object)[procs]
            parts.append(pd.DataFrame({"ma_tthc": code[procs], "ma_don_vi": units, "muc_do": muc[procs]}))
            continue
        units = agencies.ma_don_vi[agencies.level == level].to_numpy(dtype=object)
        parts.append(
            pd.DataFrame(
                {
                    "ma_tthc": np.repeat(code[procs], units.size),
                    "ma_don_vi": np.tile(units, procs.size),
                    "muc_do": np.repeat(muc[procs], units.size),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).dropna(subset=["ma_don_vi"])
    # the service's status at the unit: a fixed draw per (procedure, unit)
    u = np.array([zlib.crc32(f"dvc:{t}:{a}".encode()) / 2**32 for t, a in zip(out.ma_tthc, out.ma_don_vi)])
    online = out.muc_do.to_numpy() >= 3
    out["trang_thai_dvc"] = np.where(
        ~online | (u < 0.93),
        "Đang công khai",
        np.where(u < 0.96, "Đang kiểm thử", np.where(u < 0.98, "Chờ dừng công khai", "Dừng công khai")),
    )
    out.insert(0, "ngay_xuat", pd.Timestamp(day))
    return out[TTHC_DONVI_COLUMNS].reset_index(drop=True)
