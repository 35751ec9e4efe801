-- title: Chuyển hồ sơ bằng giấy tại đơn vị nhận là đã luân chuyển điện tử toàn bộ
-- description: Bước chuyển xử lý giữa hai đơn vị (don_vi_gui ≠ don_vi_nhan) bằng giấy, của hồ sơ tiếp nhận trong khoảng
-- description: ngày, tại các đơn vị tiếp nhận "nhận là" luân chuyển điện tử toàn bộ: danh sách ds_don_vi (mã, cách nhau bởi dấu phẩy)
-- description: do tổ kiểm tra nhập từ báo cáo của đơn vị; nếu để trống, là các đơn vị có tỷ lệ bước chuyển điện tử trong khoảng ngày
-- description: từ ty_le_toi_thieu trở lên (gần như toàn bộ, thường được báo cáo là 100%).
-- param: ds_don_vi VARCHAR = NULL | Mã các đơn vị nhận là luân chuyển điện tử toàn bộ, cách nhau bởi dấu phẩy
-- param: ty_le_toi_thieu DOUBLE = 0.9 | Khi ds_don_vi trống: tỷ lệ bước chuyển điện tử tối thiểu của đơn vị
-- param: tu_ngay DATE = NULL | Hồ sơ tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Hồ sơ tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
WITH transfer_step AS (
    SELECT
        step.*,
        dossier.ma_don_vi,
        dossier.ngay_tiep_nhan_d
    FROM fct_dossier_step AS step
    INNER JOIN fct_dossier AS dossier ON step.ma_ho_so = dossier.ma_ho_so
    WHERE
        step.is_transfer AND dossier.is_received
        AND (CAST($tu_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
        AND (CAST($den_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
),

unit_transfer_rate AS (
    SELECT
        ma_don_vi,
        count(*) AS so_buoc_chuyen,
        avg(CASE WHEN is_electronic THEN 1.0 ELSE 0.0 END) AS ty_le_dien_tu
    FROM transfer_step
    GROUP BY ma_don_vi
),

nhan_la AS (
    SELECT unit_transfer_rate.* FROM unit_transfer_rate
    WHERE CASE
        WHEN
            CAST($ds_don_vi AS VARCHAR) IS null
            THEN unit_transfer_rate.ty_le_dien_tu >= CAST($ty_le_toi_thieu AS DOUBLE)
        ELSE
            list_contains(
                string_split(replace(CAST($ds_don_vi AS VARCHAR), ' ', ''), ','), unit_transfer_rate.ma_don_vi
            )
    END
)

SELECT
    transfer_step.ma_ho_so,
    transfer_step.ma_don_vi,
    agency.ten_don_vi,
    transfer_step.buoc,
    transfer_step.thoi_diem,
    transfer_step.don_vi_gui,
    transfer_step.don_vi_nhan,
    transfer_step.hinh_thuc_chuyen,
    transfer_step.nguoi_xu_ly,
    targeted_unit.so_buoc_chuyen AS so_buoc_chuyen_cua_don_vi,
    round(targeted_unit.ty_le_dien_tu, 4) AS ty_le_chuyen_dien_tu_cua_don_vi
FROM transfer_step
INNER JOIN nhan_la AS targeted_unit ON transfer_step.ma_don_vi = targeted_unit.ma_don_vi
LEFT JOIN dim_agency AS agency ON transfer_step.ma_don_vi = agency.ma_don_vi
WHERE NOT transfer_step.is_electronic
ORDER BY transfer_step.ma_don_vi, transfer_step.thoi_diem, transfer_step.ma_ho_so, transfer_step.buoc
