"""The vendor's column headers, DVCQG keys, value kinds and code labels, per entity.

This is the *outside world's* view of the contract (`docs/exports.md`): the simulator writes with
these names; the pipeline keeps its own alias file and must never import this module (and this
module imports nothing of the pipeline).

Each column is a :class:`Col`:

* ``name``    canonical snake_case name (the column of the generator's DataFrames)
* ``kind``    how values are rendered: ``text`` · ``code`` (int code, may be written as label) ·
  ``bool`` (0/1) · ``money`` · ``int`` (a count) · ``datetime`` · ``date`` · ``tthc``
  (a procedure code that may be written as the local variant)
* ``vi``      the Vietnamese Excel header, ``also`` the accepted variants
* ``key``     the DVCQG JSON key (``None`` when the contract has none)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Col:
    name: str
    kind: str
    vi: str
    also: tuple[str, ...] = ()
    key: str | None = None


def C(name, kind, vi, also=(), key=None):  # noqa: N802 - terse table below
    return Col(name, kind, vi, tuple(also), key)


ENTITIES = (
    "hoso",
    "tientrinh",
    "danhgia",
    "thanhtoan",
    "tthc",
    "donvi",
    "pakn",
    "rasoat",
    "nhiemvu",
    "baocao",
    "tailieunop",
    "giaytoketqua",
    "lephi",
    "tthc_donvi",
)

COLUMNS: dict[str, list[Col]] = {
    "hoso": [
        C("ma_ho_so", "text", "Mã hồ sơ", ["Số hồ sơ"], "MaHoSo"),
        C("ma_don_vi", "text", "Mã đơn vị", ["Mã định danh đơn vị", "Đơn vị tiếp nhận - mã"], "MaDonVi"),
        C("ma_tthc", "tthc", "Mã TTHC", ["Mã thủ tục"], "MaTTHC"),
        C("ten_tthc", "text", "Tên TTHC", ["Tên thủ tục"], "TenTTHC"),
        C("ma_linh_vuc", "text", "Mã lĩnh vực", [], "MaLinhVuc"),
        C("ten_linh_vuc", "text", "Tên lĩnh vực", ["Lĩnh vực"], "TenLinhVuc"),
        C("muc_do", "code", "Mức độ", ["Mức độ DVC"], "MucDo"),
        C("kenh", "code", "Kênh thực hiện", ["Hình thức nộp"], "KenhThucHien"),
        C("loai_doi_tuong", "code", "Loại đối tượng", [], "LoaiDoiTuong"),
        C("chu_ho_so", "text", "Chủ hồ sơ", [], "ChuHoSo"),
        C("so_giay_to", "text", "Số giấy tờ chủ hồ sơ", ["Số CCCD/CMND"], "SoGiayToChuHoSo"),
        C("so_dien_thoai", "text", "Số điện thoại", [], "SoDienThoai"),
        C("email", "text", "Email", [], "Email"),
        C("dia_chi", "text", "Địa chỉ", [], "DiaChi"),
        C("trich_yeu", "text", "Trích yếu", [], "TrichYeuHoSo"),
        C("ngay_nop", "datetime", "Ngày nộp", [], "NgayNopHoSo"),
        C("ngay_tiep_nhan", "datetime", "Ngày tiếp nhận", [], "NgayTiepNhan"),
        C("ngay_hen_tra", "datetime", "Ngày hẹn trả", [], "NgayHenTra"),
        C("ngay_ket_thuc_xu_ly", "datetime", "Ngày kết thúc xử lý", ["Ngày có kết quả"], "NgayKetThucXuLy"),
        C("ngay_tra", "datetime", "Ngày trả kết quả", [], "NgayTra"),
        C("trang_thai", "code", "Trạng thái", [], "TrangThaiHoSo"),
        C("hinh_thuc_tra", "code", "Hình thức trả kết quả", [], "HinhThuc"),
        C("co_thanh_phan_so_hoa", "bool", "Thành phần hồ sơ số hóa", [], "HoSoCoThanhPhanSoHoa"),
        C("da_so_hoa_ket_qua", "bool", "Kết quả số hóa", ["Kết quả điện tử"], "DaSoHoaKetQua"),
        C("ma_ket_qua", "text", "Mã giấy tờ kết quả", [], "MaGiayToKetQua"),
        C("phi_le_phi", "money", "Phí, lệ phí (VND)", [], "TongPhiLePhi"),
        C("thanh_toan_truc_tuyen", "code", "Thanh toán trực tuyến", [], "DuocThanhToanTrucTuyen"),
        C("da_dong_bo_dvcqg", "bool", "Đồng bộ DVCQG", [], "DaDongBoDVCQG"),
        C("ngay_cap_nhat", "datetime", "Ngày cập nhật", [], "NgayCapNhat"),
        C("ma_co_quan_thuc_hien", "text", "Mã cơ quan thực hiện", ["Đơn vị xử lý - mã"]),
        C("ngay_dong_bo_dvcqg", "datetime", "Ngày đồng bộ DVCQG"),
        C("tai_khoan_vneid", "bool", "Tài khoản xác thực VNeID", [], "TaiKhoanDuocXacThucVoiVNeID"),
        C("noi_nop", "code", "Nơi nộp hồ sơ", [], "NoiNopHoSo"),
        C("ma_csdl", "text", "CSDL đã khai thác", [], "DSKetNoiCSDL"),  # JSON: [{"MaCSDL": ..}]
    ],
    "tientrinh": [
        C("ma_ho_so", "text", "Mã hồ sơ", [], "MaHoSo"),
        C("buoc", "int", "Bước", ["STT"]),
        C("thoi_diem", "datetime", "Thời điểm xử lý", [], "ThoiDiemXuLy"),
        C("trang_thai", "code", "Trạng thái", [], "TrangThai"),
        C("noi_dung", "text", "Nội dung xử lý", [], "NoiDungXuLy"),
        C("don_vi_gui", "text", "Đơn vị chuyển"),
        C("don_vi_nhan", "text", "Đơn vị nhận", [], "PhongBanXuLy"),
        C("hinh_thuc_chuyen", "text", "Hình thức chuyển"),
        C("han_xu_ly", "datetime", "Hạn xử lý bước", [], "NgayKetThucTheoQuyDinh"),
        C("nguoi_xu_ly", "text", "Người xử lý", [], "NguoiXuLy"),
        C("ngay_dong_bo_dvcqg", "datetime", "Ngày đồng bộ DVCQG"),
    ],
    "danhgia": [
        C("ma_danh_gia", "text", "Mã đánh giá"),
        C("ma_ho_so", "text", "Mã hồ sơ"),
        C("thoi_diem", "datetime", "Thời gian đánh giá"),
        C("kenh_danh_gia", "text", "Kênh đánh giá"),
        C("muc_do_hai_long", "code", "Mức độ hài lòng"),
    ],
    "thanhtoan": [
        C("ma_giao_dich", "text", "Mã giao dịch"),
        C("ma_ho_so", "text", "Mã hồ sơ"),
        C("so_tien", "money", "Số tiền (VND)"),
        C("loai", "text", "Loại"),
        C("hinh_thuc", "code", "Hình thức thanh toán"),
        C("thoi_diem", "datetime", "Thời điểm thanh toán"),
        C("trang_thai", "text", "Trạng thái"),
    ],
    "tthc": [
        C("ngay_xuat", "date", "Ngày xuất danh mục"),
        C("ma_tthc", "text", "Mã TTHC", ["Mã số"]),
        C("ten_tthc", "text", "Tên TTHC", ["Tên"]),
        C("ma_linh_vuc", "text", "Mã lĩnh vực"),
        C("ten_linh_vuc", "text", "Lĩnh vực"),
        C("cap_thuc_hien", "text", "Cấp thực hiện"),
        C("loai_tthc", "text", "Loại TTHC"),
        C("thoi_han", "int", "Thời hạn giải quyết"),
        C("don_vi_thoi_han", "text", "Đơn vị thời hạn"),
        C("muc_do", "code", "Mức độ DVC"),
        C("du_dieu_kien_truc_tuyen", "bool", "Đủ điều kiện DVC trực tuyến mức 3, 4"),
        C("tich_hop_dvcqg", "bool", "Tích hợp Cổng DVCQG"),
        C("co_nghia_vu_tai_chinh", "bool", "Có nghĩa vụ tài chính"),
        C("trien_khai_thanh_toan_truc_tuyen", "bool", "Triển khai thanh toán trực tuyến"),
        C("co_quy_trinh_noi_bo", "bool", "Đã công bố quy trình nội bộ"),
        C("cong_khai_csdlqg", "bool", "Đã công khai trên CSDLQG"),
        C("niem_yet", "bool", "Đã niêm yết, công khai"),
        C("so_qd_cong_bo", "text", "Số QĐ công bố"),
        C("ngay_qd_cong_bo", "date", "Ngày QĐ công bố"),
        C("ngay_hieu_luc_can_cu", "date", "Ngày hiệu lực văn bản quy định"),
        C("co_ket_qua_giay_to", "bool", "Trả kết quả bằng văn bản, giấy tờ"),
        C("du_dieu_kien_toan_trinh", "bool", "Đủ điều kiện DVCTT toàn trình"),
        C("doi_tuong_thuc_hien", "text", "Đối tượng thực hiện"),
        C("loai_cong_bo", "text", "Loại công bố"),
        C("trang_thai_cong_khai", "text", "Trạng thái công khai"),
        C("ngay_cong_khai_csdlqg", "date", "Ngày công khai trên CSDLQG"),
        C("ma_don_vi_chu_tri", "text", "Cơ quan chủ trì công bố"),
        C("co_ten", "bool", "Có tên TTHC"),
        C("co_trinh_tu", "bool", "Có trình tự thực hiện"),
        C("co_cach_thuc", "bool", "Có cách thức thực hiện"),
        C("co_thanh_phan_ho_so", "bool", "Có thành phần, số lượng hồ sơ"),
        C("co_thoi_han", "bool", "Có thời hạn giải quyết"),
        C("co_doi_tuong", "bool", "Có đối tượng thực hiện"),
        C("co_co_quan_thuc_hien", "bool", "Có cơ quan thực hiện"),
    ],
    "donvi": [
        C("ma_don_vi", "text", "Mã định danh"),
        C("ten_don_vi", "text", "Tên đơn vị"),
        C("cap", "text", "Cấp"),
        C("loai", "text", "Loại đơn vị"),
        C("ma_don_vi_cha", "text", "Mã đơn vị cấp trên"),
        C("ma_dvhc", "text", "Mã ĐVHC"),
    ],
    "pakn": [
        C("ma_pakn", "text", "Mã PAKN"),
        C("ngay_tiep_nhan", "datetime", "Ngày tiếp nhận"),
        C("nguon", "text", "Nguồn tiếp nhận"),
        C("thuoc_pham_vi", "bool", "Thuộc phạm vi xử lý"),
        C("ma_don_vi_xu_ly", "text", "Đơn vị xử lý"),
        C("ngay_chuyen", "datetime", "Ngày chuyển xử lý"),
        C("ngay_co_ket_qua", "datetime", "Ngày có kết quả xử lý"),
        C("trang_thai", "text", "Trạng thái"),
        C("cong_khai", "bool", "Đã công khai kết quả"),
        C("ma_ho_so", "text", "Mã hồ sơ liên quan"),
        C("phan_loai", "text", "Phân loại"),
        C("so_thich", "int", "Số lượt thích"),
        C("so_khong_thich", "int", "Số lượt không thích"),
        C("ma_pakn_goc", "text", "PAKN gốc (nhắc lại)"),
        C("ngay_yeu_cau_bo_sung", "datetime", "Ngày yêu cầu bổ sung"),
        C("ngay_cong_khai", "datetime", "Ngày công khai kết quả"),
    ],
    "rasoat": [
        C("ma_tthc", "text", "Mã TTHC"),
        C("ma_don_vi", "text", "Đơn vị rà soát"),
        C("so_quy_dinh", "int", "Số quy định hiện hành"),
        C("so_quy_dinh_cat_giam", "int", "Số quy định kiến nghị cắt giảm"),
        C("chi_phi_truoc", "money", "Chi phí tuân thủ hiện tại (VND/năm)"),
        C("chi_phi_sau", "money", "Chi phí tuân thủ sau đơn giản hóa (VND/năm)"),
        C("ngay_phe_duyet", "date", "Ngày phê duyệt phương án"),
    ],
    "nhiemvu": [
        C("ma_nhiem_vu", "text", "Mã nhiệm vụ"),
        C("ma_don_vi", "text", "Đơn vị thực hiện"),
        C("san_pham", "text", "Sản phẩm"),
        C("so_luong", "int", "Số lượng"),
        C("han", "date", "Hạn hoàn thành"),
        C("ngay_hoan_thanh", "date", "Ngày hoàn thành"),
    ],
    "baocao": [
        C("ma_don_vi", "text", "Đơn vị báo cáo"),
        C("ky_bao_cao", "text", "Kỳ báo cáo"),
        C("han_nop", "date", "Hạn nộp"),
        C("ngay_nop", "date", "Ngày nộp"),
        C("so_ho_so_tiep_nhan", "int", "Số hồ sơ tiếp nhận (tự báo cáo)"),
    ],
    # QĐ 766 entities (index-766.md §6); in DVCQG JSON dossiers the first three come nested
    "tailieunop": [
        C("ma_ho_so", "text", "Mã hồ sơ", [], "MaHoSo"),
        C("ma_tep", "text", "Mã tệp đính kèm", ["Mã tệp"], "TepDinhKemId"),
        C("ma_thanh_phan", "text", "Mã thành phần hồ sơ", [], "MaThanhPhanHoSo"),
        C("ten_tep", "text", "Tên tệp", ["Tên tệp đính kèm"], "TenTepDinhKem"),
        C("duong_dan_tep", "text", "Đường dẫn tệp", [], "DuongDanTaiTepTin"),
        C("da_xoa", "bool", "Đã xóa", [], "IsDeleted"),
        C("duoc_so_hoa", "bool", "Được số hóa", [], "DuocSoHoa"),
        C("duoc_tai_su_dung", "int", "Được tái sử dụng", [], "DuocTaiSuDung"),
        C("lay_tu_kho_dmqg", "bool", "Lấy từ kho DMQG", [], "DuocLayTuKhoDMQG"),
        C("ma_ket_qua_thay_the", "text", "Mã kết quả thay thế", [], "MaKetQuaThayThe"),
    ],
    "giaytoketqua": [
        C("ma_ho_so", "text", "Mã hồ sơ", [], "MaHoSo"),
        C("ma_giay_to", "text", "Mã giấy tờ", [], "GiayToId"),
        C("ten_giay_to", "text", "Tên giấy tờ", [], "TenGiayTo"),
        C("ma_thanh_phan", "text", "Mã thành phần hồ sơ", [], "MaThanhPhanHoSo"),
        C("duong_dan_tep_ket_qua", "text", "Đường dẫn tệp kết quả", [], "DuongDanTepTinKetQua"),
        C("ma_giay_to_ket_qua", "text", "Mã giấy tờ kết quả", [], "MaGiayToKetQua"),
        C("dong_bo_kho_ca_nhan", "bool", "Đã đồng bộ kho dữ liệu cá nhân"),
    ],
    "lephi": [
        C("ma_ho_so", "text", "Mã hồ sơ", [], "MaHoSo"),
        C("stt", "int", "STT"),
        C("ma_phi_le_phi", "text", "Mã phí, lệ phí", [], "MaPhiLePhi"),
        C("ten_phi_le_phi", "text", "Tên phí, lệ phí", [], "TenPhiLePhi"),
        C("loai_phi_le_phi", "text", "Loại phí, lệ phí", [], "LoaiPhiLePhi"),
        C("hinh_thuc_thu", "text", "Hình thức thu", [], "HinhThucThu"),
        C("gia", "money", "Giá (VND)", [], "Gia"),
    ],
    "tthc_donvi": [
        C("ngay_xuat", "date", "Ngày xuất danh mục"),
        C("ma_tthc", "text", "Mã TTHC"),
        C("ma_don_vi", "text", "Đơn vị áp dụng"),
        C("muc_do", "code", "Mức độ DVC"),
        C("trang_thai_dvc", "text", "Trạng thái DVC"),
    ],
}
#: the entities a DVCQG dossier (JSON) carries nested, under these keys (the nested rows carry
#: no dossier key and no STT: the dossier and the array position say them)
NESTED: dict[str, str] = {"tailieunop": "TaiLieuNop", "giaytoketqua": "DanhSachGiayToKetQua", "lephi": "DanhSachLePhi"}

#: the key columns of each entity (a row with an empty one is a bad row)
KEYS: dict[str, tuple[str, ...]] = {
    "hoso": ("ma_ho_so",),
    "tientrinh": ("ma_ho_so", "buoc"),
    "danhgia": ("ma_danh_gia",),
    "thanhtoan": ("ma_giao_dich",),
    "tthc": ("ngay_xuat", "ma_tthc"),
    "donvi": ("ma_don_vi",),
    "pakn": ("ma_pakn",),
    "rasoat": ("ma_tthc", "ma_don_vi"),
    "nhiemvu": ("ma_nhiem_vu", "ma_don_vi", "han"),
    "baocao": ("ma_don_vi", "ky_bao_cao"),
    "tailieunop": ("ma_ho_so", "ma_tep"),
    "giaytoketqua": ("ma_ho_so", "ma_giay_to"),
    "lephi": ("ma_ho_so", "stt"),
    "tthc_donvi": ("ngay_xuat", "ma_tthc", "ma_don_vi"),
}

_TRANG_THAI = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

#: (entity, column) -> code -> label(s); the first label is the usual one, the others are
#: accepted variants the software also writes.
LABELS: dict[tuple[str, str], dict[int, tuple[str, ...]]] = {
    ("hoso", "trang_thai"): {k: (v,) for k, v in _TRANG_THAI.items()},
    ("tientrinh", "trang_thai"): {k: (v,) for k, v in _TRANG_THAI.items()},
    ("hoso", "muc_do"): {2: ("DVC", "Mức độ 2"), 3: ("Một phần", "Mức độ 3"), 4: ("Toàn trình", "Mức độ 4")},
    ("tthc", "muc_do"): {2: ("DVC", "Mức độ 2"), 3: ("Một phần", "Mức độ 3"), 4: ("Toàn trình", "Mức độ 4")},
    ("hoso", "kenh"): {1: ("Trực tiếp",), 2: ("Trực tuyến",), 3: ("Bưu chính công ích",)},
    ("hoso", "loai_doi_tuong"): {
        1: ("Công dân",),
        2: ("Doanh nghiệp",),
        3: ("Cơ quan nhà nước",),
        4: ("Tổ chức khác",),
    },
    ("hoso", "hinh_thuc_tra"): {0: ("Trực tiếp",), 1: ("Qua bưu chính công ích",)},
    ("hoso", "noi_nop"): {1: ("Cổng DVCQG",), 2: ("Hệ thống của tỉnh",)},
    ("tthc_donvi", "muc_do"): {2: ("DVC", "Mức độ 2"), 3: ("Một phần", "Mức độ 3"), 4: ("Toàn trình", "Mức độ 4")},
    ("danhgia", "muc_do_hai_long"): {
        5: ("Rất hài lòng",),
        4: ("Hài lòng",),
        3: ("Bình thường",),
        2: ("Không hài lòng",),
        1: ("Rất không hài lòng",),
    },
    ("thanhtoan", "hinh_thuc"): {
        1: ("Trực tuyến qua Cổng DVCQG",),
        2: ("Trực tuyến qua cổng thanh toán của tỉnh",),
        3: ("Tiền mặt tại bộ phận một cửa",),
        4: ("Chuyển khoản / POS tại quầy",),
    },
}

#: boolean columns the contract explicitly allows as Có/Không
BOOL_LABELS: set[tuple[str, str]] = {("hoso", "co_thanh_phan_so_hoa")}

#: columns whose empty value means a default (the software sometimes leaves them empty)
EMPTY_MEANS: dict[tuple[str, str], object] = {("hoso", "kenh"): 1, ("tientrinh", "hinh_thuc_chuyen"): "Điện tử"}

#: report titles of the vendor's Excel layouts (``{d}`` = dd/mm/yyyy of the export night)
TITLES: dict[str, str] = {
    "hoso": "DANH SÁCH HỒ SƠ CẬP NHẬT NGÀY {d}",
    "tientrinh": "NHẬT KÝ XỬ LÝ HỒ SƠ NGÀY {d}",
    "danhgia": "KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG NGÀY {d}",
    "thanhtoan": "DANH SÁCH GIAO DỊCH THANH TOÁN PHÍ, LỆ PHÍ NGÀY {d}",
    "tthc": "DANH MỤC THỦ TỤC HÀNH CHÍNH",
    "donvi": "DANH SÁCH CƠ QUAN, ĐƠN VỊ",
    "pakn": "DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ NGÀY {d}",
    "rasoat": "KẾT QUẢ RÀ SOÁT, ĐÁNH GIÁ THỦ TỤC HÀNH CHÍNH",
    "nhiemvu": "THEO DÕI THỰC HIỆN NHIỆM VỤ KẾ HOẠCH",
    "baocao": "TÌNH HÌNH GỬI BÁO CÁO ĐỊNH KỲ",
    "tailieunop": "DANH SÁCH TÀI LIỆU NỘP KÈM HỒ SƠ NGÀY {d}",
    "giaytoketqua": "DANH SÁCH GIẤY TỜ KẾT QUẢ NGÀY {d}",
    "lephi": "DANH SÁCH PHÍ, LỆ PHÍ CỦA HỒ SƠ NGÀY {d}",
    "tthc_donvi": "DANH MỤC TTHC, DỊCH VỤ CÔNG ÁP DỤNG TẠI CÁC ĐƠN VỊ",
}

#: the unit word of the footer line ``Tổng cộng: 1.234 hồ sơ``
UNITS: dict[str, str] = {
    "hoso": "hồ sơ",
    "tientrinh": "bước xử lý",
    "danhgia": "lượt đánh giá",
    "thanhtoan": "giao dịch",
    "tthc": "thủ tục",
    "donvi": "đơn vị",
    "pakn": "phản ánh, kiến nghị",
    "rasoat": "thủ tục",
    "nhiemvu": "nhiệm vụ",
    "baocao": "báo cáo",
    "tailieunop": "tệp",
    "giaytoketqua": "giấy tờ",
    "lephi": "khoản phí, lệ phí",
    "tthc_donvi": "thủ tục - đơn vị",
}

#: vendor-ish file name stems per entity (the name is not reliable: readers use headers)
FILE_STEMS: dict[str, tuple[str, ...]] = {
    "hoso": ("DanhSachHoSo_{dmy}", "hoso_{ymd}", "BaoCaoHoSo_{ymd}_0200"),
    "tientrinh": ("tientrinh_{ymd}", "NhatKyXuLy_{dmy}", "QuaTrinhXuLy_{ymd}"),
    "danhgia": ("danhgia_{ymd}", "KetQuaDanhGia_{dmy}"),
    "thanhtoan": ("thanhtoan_{ymd}", "GiaoDichThanhToan_{dmy}"),
    "tthc": ("DanhMucTTHC_{ymd}", "tthc_{ymd}"),
    "donvi": ("DanhSachDonVi_{ymd}", "donvi_{ymd}"),
    "pakn": ("pakn_{ymd}", "PhanAnhKienNghi_{dmy}"),
    "rasoat": ("KetQuaRaSoat_{ymd}", "rasoat_{ymd}"),
    "nhiemvu": ("TheoDoiNhiemVu_{ymd}", "nhiemvu_{ymd}"),
    "baocao": ("TinhHinhBaoCao_{ymd}", "baocao_{ymd}"),
    "tailieunop": ("TaiLieuNop_{ymd}", "tailieunop_{ymd}"),
    "giaytoketqua": ("GiayToKetQua_{dmy}", "giaytoketqua_{ymd}"),
    "lephi": ("LePhi_{ymd}", "lephi_{ymd}"),
    "tthc_donvi": ("TTHC_DonViApDung_{ymd}", "tthc_donvi_{ymd}"),
}


def strip_diacritics(s: str) -> str:
    """`Mã hồ sơ` -> `Ma ho so` (đ -> d as Vietnamese typists do)."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))


@dataclass
class HeaderStyle:
    """How one file spells its header row."""

    dvcqg: bool = False  # DVCQG keys where the column has one
    alias: bool = False  # the first "also:" variant where there is one
    ascii: bool = False  # without diacritics
    upper: bool = False  # upper case
    spaces: bool = False  # surrounding spaces

    def label(self, col: Col) -> str:
        if self.dvcqg and col.key:
            return col.key
        h = col.also[0] if (self.alias and col.also) else col.vi
        if self.ascii:
            h = strip_diacritics(h)
        if self.upper:
            h = h.upper()
        if self.spaces:
            h = f" {h}  "
        return h
