-- 3.2 Tỷ lệ DVCTT có phát sinh hồ sơ (index-766.md §3, 3.2; §8 A18): per period P and evaluated
-- unit u, d = the online services of u: pairs (TTHC, applying unit) of TTHC_DONVI at E whose
-- applying unit belongs to u, online level >= 3, status Đang công khai, Chờ dừng công khai or
-- Đang kiểm thử, and the TTHC applied at u (tthc_ap_dung). Favourable = at least one dossier
-- of that TTHC submitted online (kenh 2) and received in P, executed by the applying unit
-- (ma_co_quan_thuc_hien, else the receiving agency) — or, for a pair whose applying unit is u
-- itself, by any agency of u (a sở's dossiers received by the provincial centre).
-- Without TTHC_DONVI in P the pairs become the distinct TTHC of u with catalogue level >= 3
-- (flag fallback), favourable with an online dossier of u.
WITH unit_services AS (
    SELECT
        service_row.period_id,
        service_row.eval_ma_don_vi AS ma_don_vi,
        service_row.ma_tthc,
        service_row.ma_don_vi AS applying_unit,
        false AS is_fallback
    FROM tthc_donvi_766_period AS service_row
    SEMI JOIN tthc_ap_dung AS applied
        ON
            service_row.period_id = applied.period_id
            AND service_row.eval_ma_don_vi = applied.ma_don_vi
            AND service_row.ma_tthc = applied.ma_tthc
    WHERE
        service_row.muc_do >= 3
        AND service_row.trang_thai_dvc IN ('dang_cong_khai', 'cho_dung_cong_khai', 'dang_kiem_thu')
),

fallback_services AS (
    SELECT
        applied.period_id,
        applied.ma_don_vi,
        applied.ma_tthc,
        applied.ma_don_vi AS applying_unit,
        true AS is_fallback
    FROM tthc_ap_dung AS applied
    INNER JOIN tthc_766_period AS catalogue
        ON applied.period_id = catalogue.period_id AND applied.ma_tthc = catalogue.ma_tthc
    ANTI JOIN (SELECT DISTINCT period_id FROM tthc_donvi_766_period) AS periods_with_services
        ON applied.period_id = periods_with_services.period_id
    WHERE catalogue.muc_do >= 3 AND catalogue.is_public
),

online_services AS (
    SELECT * FROM unit_services
    UNION ALL
    SELECT * FROM fallback_services
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
    EXISTS (
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
