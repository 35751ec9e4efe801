-- 2.2 Thời gian giải quyết TTHC trung bình (docs/index-766.md §3), chỉ để hiển thị (show): mỗi hồ
-- sơ tiếp nhận trong kỳ đã giải quyết (9, 10; mốc kết thúc có thể ở kỳ sau, biết tại D) một dòng,
-- value_double = thời gian từ tiếp nhận đến kết thúc theo đơn vị thời hạn của TTHC (danh mục mới
-- nhất ≤ D): ngay_lam_viec (và khi không biết) = số ngày làm việc, ngay = số ngày lịch,
-- gio_lam_viec = số giờ (thời điểm kết thúc − thời điểm tiếp nhận). is_favourable trống: chỉ số
-- không có tử số.
WITH procedure_unit AS (
    SELECT
        ma_tthc,
        arg_max(don_vi_thoi_han, ngay_xuat) AS don_vi_thoi_han
    FROM core_catalog_snapshot
    GROUP BY ma_tthc
),

resolved AS (
    SELECT
        received.period_id,
        dossier.eval_ma_don_vi,
        dossier.ma_ho_so,
        dossier.attribution_flags,
        dossier.ngay_tiep_nhan,
        dossier.ngay_tiep_nhan_d,
        dossier.terminal_at,
        dossier.terminal_d,
        procedure_unit.don_vi_thoi_han
    FROM dossier_766_period AS received
    INNER JOIN dossier_766_base AS dossier ON received.ma_ho_so = dossier.ma_ho_so
    LEFT JOIN procedure_unit ON dossier.ma_tthc = procedure_unit.ma_tthc
    WHERE
        received.is_received_in_p
        AND dossier.terminal_source IN ('buoc_9', 'buoc_10', 'ngay_ket_thuc_xu_ly')
)

SELECT
    '2.2' AS indicator_id,
    resolved.period_id,
    resolved.eval_ma_don_vi AS ma_don_vi,
    resolved.ma_ho_so AS record_key,
    true AS in_denominator,
    CAST(null AS BOOLEAN) AS is_favourable,
    resolved.attribution_flags AS flags,
    CASE
        WHEN resolved.don_vi_thoi_han = 'ngay' THEN CAST(resolved.terminal_d - resolved.ngay_tiep_nhan_d AS DOUBLE)
        WHEN resolved.don_vi_thoi_han = 'gio_lam_viec'
            THEN date_diff('minute', resolved.ngay_tiep_nhan, resolved.terminal_at) / 60.0
        ELSE CAST(end_day.wd_seq - received_day.wd_seq AS DOUBLE)
    END AS value_double
FROM resolved
LEFT JOIN dim_calendar AS end_day ON resolved.terminal_d = end_day.d
LEFT JOIN dim_calendar AS received_day ON resolved.ngay_tiep_nhan_d = received_day.d
