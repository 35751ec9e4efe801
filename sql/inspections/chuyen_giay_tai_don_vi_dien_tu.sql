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
WITH ck AS (
    SELECT
        s.*,
        d.ma_don_vi,
        d.ngay_tiep_nhan_d
    FROM fct_dossier_step AS s
    INNER JOIN fct_dossier AS d ON s.ma_ho_so = d.ma_ho_so
    WHERE
        s.is_transfer AND d.is_received
        AND (CAST($tu_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
        AND (CAST($den_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
),

dv AS (
    SELECT
        ma_don_vi,
        count(*) AS so_buoc_chuyen,
        avg(CASE WHEN is_electronic THEN 1.0 ELSE 0.0 END) AS ty_le_dien_tu
    FROM ck
    GROUP BY ma_don_vi
),

nhan_la AS (
    SELECT dv.* FROM dv
    WHERE CASE
        WHEN CAST($ds_don_vi AS VARCHAR) IS null THEN dv.ty_le_dien_tu >= CAST($ty_le_toi_thieu AS DOUBLE)
        ELSE list_contains(string_split(replace(CAST($ds_don_vi AS VARCHAR), ' ', ''), ','), dv.ma_don_vi)
    END
)

SELECT
    ck.ma_ho_so,
    ck.ma_don_vi,
    a.ten_don_vi,
    ck.buoc,
    ck.thoi_diem,
    ck.don_vi_gui,
    ck.don_vi_nhan,
    ck.hinh_thuc_chuyen,
    ck.nguoi_xu_ly,
    n.so_buoc_chuyen AS so_buoc_chuyen_cua_don_vi,
    round(n.ty_le_dien_tu, 4) AS ty_le_chuyen_dien_tu_cua_don_vi
FROM ck
INNER JOIN nhan_la AS n ON ck.ma_don_vi = n.ma_don_vi
LEFT JOIN dim_agency AS a ON ck.ma_don_vi = a.ma_don_vi
WHERE NOT ck.is_electronic
ORDER BY ck.ma_don_vi, ck.thoi_diem, ck.ma_ho_so, ck.buoc
