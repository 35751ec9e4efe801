-- title: Hồ sơ quá hạn còn đang mở, theo đơn vị
-- description: Số hồ sơ đã tiếp nhận đến ngày E, chưa giải quyết đến ngày E, không ở trạng thái bị từ chối (3), chờ công
-- description: dân bổ sung (5), rút (7), dừng (8), và ngày hẹn trả trước ngày E (metrics.md "Open overdue at E"), gộp theo
-- description: đơn vị tiếp nhận: số hồ sơ, ngày hẹn trả sớm nhất, số ngày trễ lớn nhất và trung bình.
-- param: cap VARCHAR = NULL | Cấp của đơn vị: tinh, huyen, xa, tw (trống: mọi cấp)
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: den_ngay DATE = NULL | Ngày E (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH cutoff AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS e FROM run_params),

open_overdue AS (
    SELECT
        dossier.*,
        CAST(cutoff.e - dossier.ngay_hen_tra_d AS INTEGER) AS so_ngay_tre
    FROM fct_dossier AS dossier CROSS JOIN cutoff
    WHERE
        is_open_overdue_at(dossier, cutoff.e)
        AND (CAST($cap AS VARCHAR) IS null OR dossier.level = CAST($cap AS VARCHAR))
        AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    open_overdue.ma_don_vi,
    agency.ten_don_vi,
    open_overdue.level,
    count(*) AS so_ho_so_qua_han,
    min(open_overdue.ngay_hen_tra_d) AS hen_tra_som_nhat,
    max(open_overdue.so_ngay_tre) AS so_ngay_tre_lon_nhat,
    round(avg(open_overdue.so_ngay_tre), 1) AS so_ngay_tre_trung_binh,
    list(open_overdue.ma_ho_so ORDER BY open_overdue.ngay_hen_tra_d, open_overdue.ma_ho_so)[1:10] AS vi_du_ma_ho_so
FROM open_overdue
LEFT JOIN dim_agency AS agency ON open_overdue.ma_don_vi = agency.ma_don_vi
GROUP BY open_overdue.ma_don_vi, agency.ten_don_vi, open_overdue.level
ORDER BY so_ho_so_qua_han DESC, open_overdue.ma_don_vi ASC
