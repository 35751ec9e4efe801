-- title: Hồ sơ bị dời ngày hẹn trả mà không có yêu cầu bổ sung
-- description: Ngày hẹn trả chỉ được dời khi có yêu cầu bổ sung (đồng hồ dừng trong lúc công dân bổ sung; văn bản xin lỗi
-- description: không dời ngày hẹn trả). Truy vấn so sánh các phiên bản liên tiếp của hồ sơ (stg_hoso, các phiên bản đã biết
-- description: tại ngày chốt, xếp theo ngày cập nhật) và đếm mỗi lần ngày hẹn trả (theo ngày) đổi sang ngày khác; lần dời thứ k
-- description: bị nêu khi số bước "Yêu cầu bổ sung" có thời điểm không sau phiên bản đó nhỏ hơn k (mỗi yêu cầu bổ sung
-- description: biện minh cho một lần dời).
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Lần dời được ghi nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Lần dời được ghi nhận đến ngày (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH p AS (
    SELECT
        coalesce(CAST($den_ngay AS DATE), as_of) AS e,
        as_of
    FROM run_params
),

v AS (
    SELECT
        h.ma_ho_so,
        h.ma_don_vi,
        h.ngay_cap_nhat,
        h.ngay_hen_tra,
        lag(h.ngay_hen_tra) OVER w AS hen_tra_truoc,
        lag(h.ngay_cap_nhat) OVER w AS cap_nhat_truoc
    FROM stg_hoso AS h, p
    WHERE h.ngay_cap_nhat IS NOT null AND CAST(h.ngay_cap_nhat AS DATE) <= p.as_of
    WINDOW w AS (PARTITION BY h.ma_ho_so ORDER BY h.ngay_cap_nhat, h._landed_seq, h._row)
),

doi AS (
    SELECT
        v.*,
        row_number() OVER (PARTITION BY v.ma_ho_so ORDER BY v.ngay_cap_nhat) AS lan_doi
    FROM v
    WHERE
        v.hen_tra_truoc IS NOT null AND v.ngay_hen_tra IS NOT null
        AND CAST(v.ngay_hen_tra AS DATE) <> CAST(v.hen_tra_truoc AS DATE)
),

kq AS (
    SELECT
        doi.*,
        (
            SELECT count(*) FROM fct_dossier_step AS s
            WHERE
                s.ma_ho_so = doi.ma_ho_so AND s.hanh_dong = 'yeu_cau_bo_sung'
                AND s.thoi_diem <= doi.ngay_cap_nhat
        ) AS so_yeu_cau_bo_sung_den_luc_doi
    FROM doi
)

SELECT
    kq.ma_ho_so,
    coalesce(d.ma_don_vi, kq.ma_don_vi) AS ma_don_vi,
    a.ten_don_vi,
    kq.lan_doi,
    CAST(kq.hen_tra_truoc AS DATE) AS hen_tra_cu,
    CAST(kq.ngay_hen_tra AS DATE) AS hen_tra_moi,
    CAST(CAST(kq.ngay_hen_tra AS DATE) - CAST(kq.hen_tra_truoc AS DATE) AS INTEGER) AS so_ngay_doi,
    kq.cap_nhat_truoc AS phien_ban_truoc_luc,
    kq.ngay_cap_nhat AS phien_ban_doi_luc,
    kq.so_yeu_cau_bo_sung_den_luc_doi
FROM kq, p
LEFT JOIN fct_dossier AS d ON d.ma_ho_so = kq.ma_ho_so
LEFT JOIN dim_agency AS a ON a.ma_don_vi = coalesce(d.ma_don_vi, kq.ma_don_vi)
WHERE
    kq.so_yeu_cau_bo_sung_den_luc_doi < kq.lan_doi
    AND CAST(kq.ngay_cap_nhat AS DATE) <= p.e
    AND (CAST($tu_ngay AS DATE) IS null OR CAST(kq.ngay_cap_nhat AS DATE) >= CAST($tu_ngay AS DATE))
    AND (CAST($don_vi AS VARCHAR) IS null OR coalesce(d.ma_don_vi, kq.ma_don_vi) = CAST($don_vi AS VARCHAR))
ORDER BY ma_don_vi, kq.ma_ho_so, kq.lan_doi
