-- Hồ sơ như đã biết tại ngày chốt số liệu D (metrics.md, "Current version"):
-- bỏ các phiên bản có ngày(ngay_cap_nhat) > D; phiên bản hiện hành là phiên bản có ngay_cap_nhat
-- mới nhất (trống xếp sau cùng), rồi tệp nạp sau cùng (_landed_seq), rồi số dòng lớn nhất.
-- Nhanh: xếp hạng trên các cột khóa (kèm rowid) rồi lấy dòng thắng, thay vì sắp xếp cả dòng rộng
-- (2 triệu phiên bản × 30 cột ở quy mô một tỉnh: 16 s → ~2 s).
WITH run_date AS (SELECT as_of FROM run_params),

-- kenh_nop: ô trống = 1 (Trực tiếp) là quy tắc của phần mềm nguồn (exports.md, HOSO: "kenh …
-- empty = 1"), chỉ cho tệp CÓ cột Kênh thực hiện; hồ sơ từ tệp không có cột: kenh_nop trống
-- (metrics.md, "Required columns"; file_columns).
files_without_channel AS (
    SELECT file_id FROM file_columns
    WHERE entity = 'hoso' AND column_name = 'kenh' AND NOT carried
),

known AS (
    SELECT
        dossier_version.rowid AS rid,
        dossier_version.ma_ho_so,
        dossier_version.ngay_cap_nhat,
        dossier_version._landed_seq,
        dossier_version._row,
        dossier_version.trang_thai
    FROM stg_hoso AS dossier_version, run_date
    WHERE dossier_version.ngay_cap_nhat IS null OR CAST(dossier_version.ngay_cap_nhat AS DATE) <= run_date.as_of
),

latest_version AS (
    SELECT rid FROM known
    QUALIFY row_number() OVER (
        PARTITION BY ma_ho_so
        ORDER BY ngay_cap_nhat DESC NULLS LAST, _landed_seq DESC, _row DESC NULLS LAST
    ) = 1
),

current_dossier AS (
    SELECT dossier_version.*
    FROM stg_hoso AS dossier_version
    SEMI JOIN latest_version ON dossier_version.rowid = latest_version.rid
),

version_stats AS (
    SELECT
        ma_ho_so,
        count(*) AS so_phien_ban,
        min(ngay_cap_nhat) FILTER (WHERE trang_thai IN (7, 8)) AS first_stop_version_at
    FROM known
    GROUP BY ma_ho_so
),

step_stats AS (
    SELECT
        ma_ho_so,
        count(*) AS so_buoc,
        bool_or(is_transfer) AS has_transfer,
        count(*) FILTER (WHERE is_transfer) AS so_lan_chuyen,
        -- a transfer whose form is unknown (its file has no such column) leaves it unknown (NULL)
        CASE
            WHEN NOT bool_or(is_transfer AND is_electronic IS null)
                THEN bool_and(is_electronic) FILTER (WHERE is_transfer)
        END AS all_transfers_electronic,
        min(thoi_diem) FILTER (WHERE hanh_dong = 'xin_loi') AS first_apology_at,
        count(*) FILTER (WHERE hanh_dong = 'xin_loi') AS so_van_ban_xin_loi,
        arg_max(han_xu_ly, thoi_diem) FILTER (WHERE hanh_dong = 'xin_loi' AND han_xu_ly IS NOT null)
            AS hen_tra_sau_xin_loi,
        count(*) FILTER (WHERE hanh_dong = 'yeu_cau_bo_sung') AS so_lan_yeu_cau_bo_sung,
        count(*) FILTER (WHERE hanh_dong = 'cong_dan_bo_sung') AS so_lan_cong_dan_bo_sung,
        max(thoi_diem) FILTER (WHERE hanh_dong = 'yeu_cau_bo_sung') AS last_supplement_request_at,
        min(thoi_diem) FILTER (WHERE hanh_dong = 'rut_ho_so') AS rut_ho_so_at
    FROM fct_dossier_step
    GROUP BY ma_ho_so
),

base AS (
    SELECT
        current_dossier.*,
        agency.level,
        CAST(current_dossier.ngay_tiep_nhan AS DATE) AS ngay_tiep_nhan_d,
        CAST(current_dossier.ngay_ket_thuc_xu_ly AS DATE) AS ngay_ket_thuc_d,
        CAST(current_dossier.ngay_hen_tra AS DATE) AS ngay_hen_tra_d,
        CAST(current_dossier.ngay_tra AS DATE) AS ngay_tra_d,
        -- Tiếp nhận: có ngày tiếp nhận và trạng thái ∉ {1, 3} (trạng thái trống: không thuộc {1, 3}).
        current_dossier.ngay_tiep_nhan IS NOT null
        AND coalesce(current_dossier.trang_thai NOT IN (1, 3), true) AS is_received,
        -- Đã giải quyết: trạng thái ∈ {9, 10} và có ngày kết thúc xử lý.
        coalesce(current_dossier.trang_thai IN (9, 10), false)
        AND current_dossier.ngay_ket_thuc_xu_ly IS NOT null AS is_resolved,
        CASE WHEN files_without_channel.file_id IS null THEN coalesce(current_dossier.kenh, 1) END AS kenh_nop,
        version_stats.so_phien_ban,
        version_stats.first_stop_version_at,
        coalesce(step_stats.so_buoc, 0) AS so_buoc,
        coalesce(step_stats.has_transfer, false) AS has_transfer,
        coalesce(step_stats.so_lan_chuyen, 0) AS so_lan_chuyen,
        step_stats.all_transfers_electronic,
        step_stats.first_apology_at,
        coalesce(step_stats.so_van_ban_xin_loi, 0) AS so_van_ban_xin_loi,
        step_stats.hen_tra_sau_xin_loi,
        coalesce(step_stats.so_lan_yeu_cau_bo_sung, 0) AS so_lan_yeu_cau_bo_sung,
        coalesce(step_stats.so_lan_cong_dan_bo_sung, 0) AS so_lan_cong_dan_bo_sung,
        step_stats.last_supplement_request_at,
        step_stats.rut_ho_so_at
    FROM current_dossier
    LEFT JOIN dim_agency AS agency ON current_dossier.ma_don_vi = agency.ma_don_vi
    LEFT JOIN version_stats ON current_dossier.ma_ho_so = version_stats.ma_ho_so
    LEFT JOIN step_stats ON current_dossier.ma_ho_so = step_stats.ma_ho_so
    LEFT JOIN files_without_channel ON current_dossier._file_id = files_without_channel.file_id
)

SELECT
    *,
    -- Mức độ đúng hạn (Biểu 06, so sánh theo ngày): trước hạn / đúng hạn / quá hạn; không có hẹn trả = đúng hạn.
    CASE
        WHEN NOT is_resolved THEN null
        WHEN ngay_hen_tra_d IS null THEN 'dung_han'
        WHEN ngay_ket_thuc_d < ngay_hen_tra_d THEN 'truoc_han'
        WHEN ngay_ket_thuc_d = ngay_hen_tra_d THEN 'dung_han'
        ELSE 'qua_han'
    END AS timeliness,
    trang_thai IN (7, 8) AS is_withdrawn_or_stopped,
    -- Ngày rút/dừng: thời điểm bước "Công dân rút hồ sơ", nếu không có thì ngay_cap_nhat của phiên bản
    -- đầu tiên mang trạng thái 7 hoặc 8; chỉ cho hồ sơ đang ở trạng thái 7 hoặc 8.
    CASE WHEN trang_thai IN (7, 8) THEN coalesce(rut_ho_so_at, first_stop_version_at) END AS ngay_rut_dung,
    CAST(CASE WHEN trang_thai IN (7, 8) THEN coalesce(rut_ho_so_at, first_stop_version_at) END AS DATE)
        AS ngay_rut_dung_d,
    CAST(first_apology_at AS DATE) AS first_apology_d
FROM base
