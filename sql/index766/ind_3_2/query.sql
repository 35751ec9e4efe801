-- 3.2 Tỷ lệ DVCTT có phát sinh hồ sơ (index-766.md §3, 3.2; §8 A18): per period P and evaluated
-- unit u, d = the online services of u: pairs (TTHC, applying unit) of tthc_ap_dung (TTHC_DONVI
-- at E) with online level >= 3 and status Đang công khai, Chờ dừng công khai or Đang kiểm thử.
-- Favourable = at least one dossier of that TTHC submitted online (kenh 2) and received in P,
-- executed by the applying unit (ma_co_quan_thuc_hien, else the receiving agency) — or, for a
-- pair whose applying unit is u itself, attributed to u (a sở's dossiers received for it by the
-- provincial centre).
-- Without TTHC_DONVI (source danh_muc_theo_cap) the pairs become the distinct TTHC of u with
-- catalogue level >= 3 (flag fallback), favourable with an online dossier attributed to u.
WITH online_services AS (
    SELECT DISTINCT
        period_id,
        ma_don_vi,
        ma_tthc,
        coalesce(ma_don_vi_ap_dung, ma_don_vi) AS applying_unit,
        source = 'danh_muc_theo_cap' AS is_fallback
    FROM tthc_ap_dung
    WHERE
        muc_do >= 3
        AND (
            source = 'danh_muc_theo_cap'
            OR trang_thai_dvc IN ('dang_cong_khai', 'cho_dung_cong_khai', 'dang_kiem_thu')
        )
),

online_dossiers AS (
    SELECT
        period_id,
        eval_ma_don_vi,
        ma_co_quan_xu_ly,
        ma_tthc
    FROM received_766_period
    WHERE kenh_nop = 2
)

SELECT
    '3.2' AS indicator_id,
    online_services.period_id,
    online_services.ma_don_vi,
    online_services.ma_tthc || '|' || online_services.applying_unit AS record_key,
    true AS in_denominator,
    EXISTS(
        SELECT 1
        FROM online_dossiers
        WHERE
            online_dossiers.period_id = online_services.period_id
            AND online_dossiers.ma_tthc = online_services.ma_tthc
            AND (
                online_dossiers.ma_co_quan_xu_ly = online_services.applying_unit
                OR (
                    online_services.applying_unit = online_services.ma_don_vi
                    AND online_dossiers.eval_ma_don_vi = online_services.ma_don_vi
                )
            )
    ) AS is_favourable,
    CASE WHEN online_services.is_fallback THEN ['fallback'] ELSE [] END::VARCHAR[] AS flags
FROM online_services
