-- 5.4 Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (index-766.md §3, 5.4; §8 A9, A10): one
-- fact per dossier of the 2.1 population (ho_so_xu_ly_P: dossier_766_period.in_ho_so_xu_ly),
-- attributed to its evaluated unit. Unfavourable = the union (each dossier once) of: not on
-- time at that period's E (dung_han_766); an evaluation dated <= E with muc_do_hai_long 1 or 2
-- (the "dislike"; 3 is neutral); a PAKN received <= E about the dossier (ma_ho_so). Partly
-- computable (flag proxy) while the PAKN export lacks ma_ho_so.
WITH population AS (
    SELECT
        dossier.*,
        attributed.attribution_flags,
        dim_period.effective_end AS e
    FROM dossier_766_period AS dossier
    INNER JOIN dim_period ON dossier.period_id = dim_period.period
    INNER JOIN dossier_766_base AS attributed ON dossier.ma_ho_so = attributed.ma_ho_so
    WHERE dossier.in_ho_so_xu_ly
),

disliked AS (
    SELECT
        population.period_id,
        population.ma_ho_so
    FROM population
    SEMI JOIN cur_danhgia AS evaluation
        ON
            population.ma_ho_so = evaluation.ma_ho_so
            AND evaluation.muc_do_hai_long IN (1, 2)
            AND CAST(evaluation.thoi_diem AS DATE) <= population.e
),

complained AS (
    SELECT
        population.period_id,
        population.ma_ho_so
    FROM population
    SEMI JOIN core_pakn AS feedback
        ON population.ma_ho_so = feedback.ma_ho_so AND population.e >= feedback.ngay_tiep_nhan_d
)

SELECT
    '5.4' AS indicator_id,
    population.period_id,
    population.eval_ma_don_vi AS ma_don_vi,
    population.ma_ho_so AS record_key,
    true AS in_denominator,
    coalesce(population.dung_han_766, false) AND disliked.ma_ho_so IS null AND complained.ma_ho_so IS null
        AS is_favourable,
    CAST(list_concat(
        CASE WHEN inputs_766.pakn_ma_ho_so THEN [] ELSE ['proxy'] END, population.attribution_flags
    ) AS VARCHAR[]) AS flags
FROM population
CROSS JOIN inputs_766
LEFT JOIN disliked ON population.period_id = disliked.period_id AND population.ma_ho_so = disliked.ma_ho_so
LEFT JOIN complained ON population.period_id = complained.period_id AND population.ma_ho_so = complained.ma_ho_so
