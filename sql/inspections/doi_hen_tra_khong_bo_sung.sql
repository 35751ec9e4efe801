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
WITH cutoff AS (
    SELECT
        coalesce(CAST($den_ngay AS DATE), as_of) AS e,
        as_of
    FROM run_params
),

version_history AS (
    SELECT
        staged_version.ma_ho_so,
        staged_version.ma_don_vi,
        staged_version.ngay_cap_nhat,
        staged_version.ngay_hen_tra,
        lag(staged_version.ngay_hen_tra) OVER dossier_versions AS hen_tra_truoc,
        lag(staged_version.ngay_cap_nhat) OVER dossier_versions AS cap_nhat_truoc
    FROM stg_hoso AS staged_version, cutoff
    WHERE staged_version.ngay_cap_nhat IS NOT null AND CAST(staged_version.ngay_cap_nhat AS DATE) <= cutoff.as_of
    WINDOW
        dossier_versions AS (
            PARTITION BY staged_version.ma_ho_so
            ORDER BY staged_version.ngay_cap_nhat, staged_version._landed_seq, staged_version._row
        )
),

due_date_change AS (
    SELECT
        version_history.*,
        row_number() OVER (PARTITION BY version_history.ma_ho_so ORDER BY version_history.ngay_cap_nhat) AS lan_doi
    FROM version_history
    WHERE
        version_history.hen_tra_truoc IS NOT null AND version_history.ngay_hen_tra IS NOT null
        AND CAST(version_history.ngay_hen_tra AS DATE) <> CAST(version_history.hen_tra_truoc AS DATE)
),

change_with_requests AS (
    SELECT
        due_date_change.*,
        (
            SELECT count(*) FROM fct_dossier_step AS step
            WHERE
                step.ma_ho_so = due_date_change.ma_ho_so AND step.hanh_dong = 'yeu_cau_bo_sung'
                AND step.thoi_diem <= due_date_change.ngay_cap_nhat
        ) AS so_yeu_cau_bo_sung_den_luc_doi
    FROM due_date_change
)

SELECT
    change_with_requests.ma_ho_so,
    coalesce(dossier.ma_don_vi, change_with_requests.ma_don_vi) AS ma_don_vi,
    agency.ten_don_vi,
    change_with_requests.lan_doi,
    CAST(change_with_requests.hen_tra_truoc AS DATE) AS hen_tra_cu,
    CAST(change_with_requests.ngay_hen_tra AS DATE) AS hen_tra_moi,
    CAST(
        CAST(change_with_requests.ngay_hen_tra AS DATE) - CAST(change_with_requests.hen_tra_truoc AS DATE) AS INTEGER
    ) AS so_ngay_doi,
    change_with_requests.cap_nhat_truoc AS phien_ban_truoc_luc,
    change_with_requests.ngay_cap_nhat AS phien_ban_doi_luc,
    change_with_requests.so_yeu_cau_bo_sung_den_luc_doi
FROM change_with_requests, cutoff
LEFT JOIN fct_dossier AS dossier ON dossier.ma_ho_so = change_with_requests.ma_ho_so
LEFT JOIN dim_agency AS agency ON agency.ma_don_vi = coalesce(dossier.ma_don_vi, change_with_requests.ma_don_vi)
WHERE
    change_with_requests.so_yeu_cau_bo_sung_den_luc_doi < change_with_requests.lan_doi
    AND CAST(change_with_requests.ngay_cap_nhat AS DATE) <= cutoff.e
    AND (CAST($tu_ngay AS DATE) IS null OR CAST(change_with_requests.ngay_cap_nhat AS DATE) >= CAST($tu_ngay AS DATE))
    AND (
        CAST($don_vi AS VARCHAR) IS null
        OR coalesce(dossier.ma_don_vi, change_with_requests.ma_don_vi) = CAST($don_vi AS VARCHAR)
    )
ORDER BY ma_don_vi, change_with_requests.ma_ho_so, change_with_requests.lan_doi
