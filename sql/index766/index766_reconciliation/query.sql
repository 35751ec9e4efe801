-- Ours vs the Portal (docs/index-766.md, "Reconciliation"): each row of cur_diem766 (the points the
-- Portal published for a period, a unit or the province, an indicator, a group or the total)
-- beside the points of index766_indicator / index766_group / index766_total for the same period
-- and row, their difference, and the causes the definition names where our data show them:
-- sync (the Portal sees only synced dossiers: 1.4 below 100 %), attribution (dossiers counted
-- for a unit by their receiving agency or hand-over, the Portal counts by the performing agency)
-- and supplement time (the Portal subtracts supplement waits, motcua does not: due dates are
-- already moved). A difference below 0,005 point (display precision) is a match.
WITH portal AS (
    SELECT * FROM cur_diem766
),

unit_level AS (
    SELECT DISTINCT
        period,
        ma_don_vi,
        level
    FROM index766_total
    WHERE ma_don_vi IS NOT null AND level <> 'dia_ban_huyen'
),

keyed AS (
    SELECT
        portal.*,
        coalesce(unit_level.level, CASE WHEN portal.ma_don_vi IS null THEN 'toan_tinh' END) AS level
    FROM portal
    LEFT JOIN unit_level ON portal.period = unit_level.period AND portal.ma_don_vi = unit_level.ma_don_vi
),

ours AS (
    SELECT
        keyed.period,
        keyed.ma_don_vi,
        keyed.muc,
        keyed.ma_muc,
        coalesce(ind.version, grp.version, tot.version) AS version,
        coalesce(ind.points, grp.points, tot.points) AS diem_motcua,
        coalesce(ind.points, grp.points_computed, tot.points_computed) AS diem_motcua_tinh_duoc,
        coalesce(ind.max_points, grp.max_computed, tot.max_computed) AS max_tinh_duoc,
        coalesce(ind.status, CASE WHEN coalesce(grp.period, tot.period) IS NOT null THEN 'tong_hop' END)
            AS trang_thai_motcua
    FROM keyed
    LEFT JOIN index766_indicator AS ind
        ON
            keyed.muc = 'chi_so' AND keyed.period = ind.period AND keyed.level = ind.level
            AND keyed.ma_don_vi IS NOT DISTINCT FROM ind.ma_don_vi AND keyed.ma_muc = ind.indicator_id
    LEFT JOIN index766_group AS grp
        ON
            keyed.muc = 'nhom' AND keyed.period = grp.period AND keyed.level = grp.level
            AND keyed.ma_don_vi IS NOT DISTINCT FROM grp.ma_don_vi AND keyed.ma_muc = grp.group_id
    LEFT JOIN index766_total AS tot
        ON
            keyed.muc = 'tong' AND keyed.period = tot.period AND keyed.level = tot.level
            AND keyed.ma_don_vi IS NOT DISTINCT FROM tot.ma_don_vi
),

-- the row's sync ratio (1.4) of the same period and row
sync AS (
    SELECT
        keyed.period,
        keyed.ma_don_vi,
        sync_row.numerator AS synced,
        sync_row.denominator AS received
    FROM (SELECT DISTINCT
        period,
        ma_don_vi,
        level
    FROM keyed) AS keyed
    INNER JOIN index766_indicator AS sync_row
        ON
            keyed.period = sync_row.period AND keyed.level = sync_row.level
            AND keyed.ma_don_vi IS NOT DISTINCT FROM sync_row.ma_don_vi AND sync_row.indicator_id = '1.4'
),

-- a unit's dossiers of the period attributed by their receiving agency or first hand-over
-- rather than by a performing agency: the Portal may count them elsewhere (a unit row only)
attribution AS (
    SELECT
        dossier_period.period_id AS period,
        dossier_period.eval_ma_don_vi AS ma_don_vi,
        count(*) AS so_ho_so
    FROM dossier_766_period AS dossier_period
    INNER JOIN dossier_766_base AS dossier ON dossier_period.ma_ho_so = dossier.ma_ho_so
    WHERE
        dossier.attribution_source <> 'co_quan_thuc_hien'
        AND dossier.ma_don_vi IS DISTINCT FROM dossier_period.eval_ma_don_vi
    GROUP BY ALL
),

-- the dossiers of a row's processing population (2.1, 5.4) with a supplement request by E
supplement AS (
    SELECT
        dossier_period.period_id AS period,
        dossier_period.eval_ma_don_vi AS ma_don_vi,
        count(*) AS so_ho_so
    FROM dossier_766_period AS dossier_period
    WHERE dossier_period.in_ho_so_xu_ly AND dossier_period.so_yeu_cau_bo_sung_at_e > 0
    GROUP BY ALL
),

supplement_province AS (
    SELECT
        period,
        sum(so_ho_so) AS so_ho_so
    FROM supplement
    GROUP BY period
),

-- the groups holding 2.1 and 5.4 (supplement time) in each version
timed_groups AS (
    SELECT DISTINCT
        version,
        group_id
    FROM index766_weights
    WHERE indicator_id IN ('2.1', '5.4')
),

compared AS (
    SELECT
        keyed.period,
        keyed.ky,
        keyed.level,
        keyed.ma_don_vi,
        keyed.muc,
        keyed.ma_muc,
        keyed.diem AS diem_cong,
        keyed.diem_text AS diem_cong_text,
        ours.version,
        ours.diem_motcua,
        ours.diem_motcua_tinh_duoc,
        ours.max_tinh_duoc,
        ours.trang_thai_motcua,
        ours.diem_motcua - keyed.diem AS chenh_lech,
        sync.synced,
        sync.received,
        CASE WHEN keyed.ma_don_vi IS NOT null THEN attribution.so_ho_so END AS so_ho_so_gan_theo_tiep_nhan,
        CASE WHEN keyed.ma_don_vi IS null THEN supplement_province.so_ho_so ELSE supplement.so_ho_so END
            AS so_ho_so_bo_sung,
        (
            keyed.muc = 'tong'
            OR keyed.ma_muc IN ('2.1', '5.4')
            OR (keyed.muc = 'nhom' AND timed_groups.group_id IS NOT null)
        ) AS uses_processing_time,
        (
            keyed.muc <> 'chi_so'
            OR keyed.ma_muc IN ('1.4', '2.1', '3.3', '3.6', '4.1', '4.2', '4.3', '4.4', '4.5b', '5.4')
        ) AS counts_dossiers
    FROM keyed
    INNER JOIN ours
        ON
            keyed.period IS NOT DISTINCT FROM ours.period AND keyed.ma_don_vi IS NOT DISTINCT FROM ours.ma_don_vi
            AND keyed.muc = ours.muc AND keyed.ma_muc = ours.ma_muc
    LEFT JOIN sync ON keyed.period = sync.period AND keyed.ma_don_vi IS NOT DISTINCT FROM sync.ma_don_vi
    LEFT JOIN attribution ON keyed.period = attribution.period AND keyed.ma_don_vi = attribution.ma_don_vi
    LEFT JOIN supplement ON keyed.period = supplement.period AND keyed.ma_don_vi = supplement.ma_don_vi
    LEFT JOIN supplement_province ON keyed.period = supplement_province.period
    LEFT JOIN timed_groups ON ours.version = timed_groups.version AND keyed.ma_muc = timed_groups.group_id
),

causes AS (
    SELECT
        compared.*,
        abs(compared.chenh_lech) < 0.005 AS khop,
        list_filter(
            [
                CASE WHEN compared.counts_dossiers AND compared.synced < compared.received THEN 'dong_bo' END,
                CASE WHEN compared.counts_dossiers AND compared.so_ho_so_gan_theo_tiep_nhan > 0 THEN 'gan_don_vi' END,
                CASE WHEN compared.uses_processing_time AND compared.so_ho_so_bo_sung > 0 THEN 'thoi_gian_bo_sung' END
            ],
            LAMBDA x: x IS NOT null
        ) AS candidate_causes
    FROM compared
)

SELECT
    period,
    ky,
    version,
    level,
    ma_don_vi,
    muc,
    ma_muc,
    diem_cong,
    diem_motcua,
    diem_motcua_tinh_duoc,
    max_tinh_duoc,
    chenh_lech,
    trang_thai_motcua,
    CASE WHEN chenh_lech IS null OR khop THEN [] ELSE candidate_causes END AS nguyen_nhan,
    CASE
        WHEN period IS null THEN 'Không đọc được kỳ "' || ky || '" của tệp Cổng'
        WHEN diem_cong IS null THEN 'Điểm Cổng không đọc được: "' || coalesce(diem_cong_text, '') || '"'
        WHEN trang_thai_motcua IS null THEN 'motcua không có dòng này (đơn vị, kỳ hoặc mã chỉ số không có trong chỉ số)'
        WHEN diem_motcua IS null
            THEN
                'motcua chưa tính được đủ điểm (thiếu dữ liệu hoặc chưa xác định): đã tính '
                || coalesce(replace(printf('%.2f', diem_motcua_tinh_duoc), '.', ','), '–') || '/'
                || coalesce(replace(printf('%g', max_tinh_duoc), '.', ','), '–')
        WHEN khop THEN 'Khớp'
        WHEN len(candidate_causes) = 0 THEN 'Chưa rõ nguyên nhân'
        ELSE array_to_string(
            list_filter([
                CASE
                    WHEN list_contains(candidate_causes, 'dong_bo')
                        THEN 'Đồng bộ (1.4): Cổng chỉ thấy ' || synced || '/' || received || ' hồ sơ đã đồng bộ'
                END,
                CASE
                    WHEN list_contains(candidate_causes, 'gan_don_vi')
                        THEN
                            'Gắn đơn vị: ' || so_ho_so_gan_theo_tiep_nhan
                            || ' hồ sơ gắn theo đơn vị tiếp nhận hoặc chuyển xử lý, Cổng tính theo cơ quan thực hiện'
                END,
                CASE
                    WHEN list_contains(candidate_causes, 'thoi_gian_bo_sung')
                        THEN
                            'Thời gian bổ sung: ' || so_ho_so_bo_sung
                            || ' hồ sơ có yêu cầu bổ sung; Cổng trừ thời gian chờ bổ sung, '
                            || 'motcua không trừ (hạn trả đã dời)'
                END
            ], LAMBDA x: x IS NOT null),
            '; '
        )
    END AS giai_thich
FROM causes
ORDER BY period, ma_don_vi NULLS FIRST, muc, ma_muc
