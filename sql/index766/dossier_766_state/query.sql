-- Trạng thái QĐ 766 của hồ sơ tại ngày cuối kỳ E (docs/index-766.md §2), cho mỗi điểm đánh giá:
-- mỗi kỳ của dim_period (E = effective_end) và điểm 'as_of' (E = D, dùng cho dossier_766).
-- Chỉ các hồ sơ đã tiếp nhận, ngày tiếp nhận ≤ E, có thể thuộc kỳ: tiếp nhận trong kỳ, hoặc chưa
-- kết thúc tại D, hoặc kết thúc từ đầu kỳ trở đi.
-- ket_thuc_766 tại E: bước kết thúc đầu tiên nếu ngày của nó ≤ E; không thì, nếu đang chờ bổ sung
-- tại E (trạng thái tại E = 5 theo bước cuối cùng ≤ E, hoặc trạng thái HOSO khi hồ sơ không có
-- bước nào, và không có bước "Công dân bổ sung" sau yêu cầu bổ sung cuối cùng ≤ E): thời điểm yêu
-- cầu đó; không thì hồ sơ đang mở tại E và mốc kết thúc là E.
-- dung_han_766: so theo ngày (§8 A8) ngày kết thúc với ngày hẹn trả; chờ bổ sung có hơn một yêu
-- cầu bổ sung ≤ E: quá hạn; không có hẹn trả: số ngày làm việc từ ngày tiếp nhận đến ngày kết
-- thúc ≤ thời hạn của TTHC (danh mục mới nhất ≤ E; ngày: ngày lịch; giờ làm việc: 8 giờ một ngày
-- làm việc), không có thời hạn: đúng hạn. Không trừ thời gian bổ sung: hẹn trả đã được dời (§8 A6).
-- synced_at_e: ngày đồng bộ ≤ E; tệp không có cột ngày đồng bộ: da_dong_bo_dvcqg (cờ as_of_D).
WITH evaluation_point AS (
    SELECT
        period AS period_id,
        period_start,
        effective_end AS e
    FROM dim_period
    UNION ALL
    SELECT
        'as_of' AS period_id,
        DATE '0001-01-01' AS period_start,
        as_of AS e
    FROM run_params
),

candidate AS (
    SELECT
        evaluation_point.period_id,
        evaluation_point.period_start,
        evaluation_point.e,
        dossier.ma_ho_so,
        dossier.ma_tthc,
        dossier.ngay_tiep_nhan_d,
        dossier.ngay_hen_tra_d,
        dossier.trang_thai,
        dossier.terminal_at,
        dossier.terminal_d,
        dossier.terminal_source,
        dossier.ngay_dong_bo_dvcqg,
        dossier.sync_date_absent,
        dossier.da_dong_bo_dvcqg,
        coalesce(dossier.terminal_d <= evaluation_point.e, false) AS ended_by_e
    FROM dossier_766_base AS dossier
    INNER JOIN evaluation_point
        ON
            dossier.ngay_tiep_nhan_d <= evaluation_point.e
            AND (
                dossier.ngay_tiep_nhan_d >= evaluation_point.period_start
                OR dossier.terminal_d IS null
                OR dossier.terminal_d >= evaluation_point.period_start
            )
    WHERE dossier.is_received
),

-- bước ≤ E của các hồ sơ chưa kết thúc tại E (hồ sơ đã kết thúc không cần: mốc kết thúc là bước kết thúc)
step_state AS (
    SELECT
        candidate.period_id,
        candidate.ma_ho_so,
        arg_max(step.trang_thai, (step.thoi_diem, step.buoc)) AS state_at_e,
        count(*) FILTER (WHERE step.hanh_dong = 'yeu_cau_bo_sung') AS so_yeu_cau_bo_sung,
        max(step.thoi_diem) FILTER (WHERE step.hanh_dong = 'yeu_cau_bo_sung') AS last_request_at,
        max(step.thoi_diem) FILTER (WHERE step.hanh_dong = 'cong_dan_bo_sung') AS last_supplement_at
    FROM candidate
    INNER JOIN fct_dossier_step AS step
        ON candidate.ma_ho_so = step.ma_ho_so AND candidate.e >= step.thoi_diem_d
    WHERE NOT candidate.ended_by_e
    GROUP BY candidate.period_id, candidate.ma_ho_so
),

dossier_with_steps AS (
    SELECT DISTINCT ma_ho_so FROM fct_dossier_step
),

-- thời hạn của TTHC trong danh mục mới nhất ≤ E (chỉ cần khi hồ sơ không có hẹn trả)
procedure_deadline AS (
    SELECT
        evaluation_point.period_id,
        snapshot.ma_tthc,
        arg_max(snapshot.thoi_han, snapshot.ngay_xuat) AS thoi_han,
        arg_max(snapshot.don_vi_thoi_han, snapshot.ngay_xuat) AS don_vi_thoi_han
    FROM evaluation_point
    INNER JOIN core_catalog_snapshot AS snapshot ON evaluation_point.e >= snapshot.ngay_xuat
    GROUP BY evaluation_point.period_id, snapshot.ma_tthc
),

state_at_e AS (
    SELECT
        candidate.*,
        coalesce(
            NOT candidate.ended_by_e
            AND CASE
                WHEN dossier_with_steps.ma_ho_so IS null THEN candidate.trang_thai = 5
                ELSE step_state.state_at_e = 5
            END
            AND step_state.last_request_at IS NOT null
            AND (step_state.last_supplement_at IS null OR step_state.last_supplement_at < step_state.last_request_at),
            false
        ) AS in_supplement_wait_at_e,
        coalesce(step_state.so_yeu_cau_bo_sung, 0) AS so_yeu_cau_bo_sung_at_e,
        step_state.last_request_at
    FROM candidate
    LEFT JOIN step_state ON candidate.period_id = step_state.period_id AND candidate.ma_ho_so = step_state.ma_ho_so
    LEFT JOIN dossier_with_steps ON candidate.ma_ho_so = dossier_with_steps.ma_ho_so
),

with_end AS (
    SELECT
        state_at_e.*,
        CASE
            WHEN state_at_e.ended_by_e THEN state_at_e.terminal_at
            WHEN state_at_e.in_supplement_wait_at_e THEN state_at_e.last_request_at
            ELSE CAST(state_at_e.e AS TIMESTAMP)
        END AS ket_thuc_766,
        CASE
            WHEN state_at_e.ended_by_e THEN state_at_e.terminal_source
            WHEN state_at_e.in_supplement_wait_at_e THEN 'cho_bo_sung'
            ELSE 'dang_mo_tai_e'
        END AS ket_thuc_source
    FROM state_at_e
)

SELECT
    with_end.period_id,
    with_end.ma_ho_so,
    with_end.e,
    with_end.ngay_tiep_nhan_d >= with_end.period_start AS is_received_in_p,
    with_end.ket_thuc_766,
    CAST(with_end.ket_thuc_766 AS DATE) AS ket_thuc_766_d,
    with_end.ket_thuc_source,
    with_end.ket_thuc_source = 'dang_mo_tai_e' AS is_open_at_e,
    with_end.in_supplement_wait_at_e,
    with_end.so_yeu_cau_bo_sung_at_e,
    CASE
        WHEN with_end.in_supplement_wait_at_e AND with_end.so_yeu_cau_bo_sung_at_e > 1 THEN false
        WHEN with_end.ngay_hen_tra_d IS NOT null THEN CAST(with_end.ket_thuc_766 AS DATE) <= with_end.ngay_hen_tra_d
        WHEN procedure_deadline.thoi_han IS null THEN true
        WHEN procedure_deadline.don_vi_thoi_han = 'ngay'
            THEN CAST(with_end.ket_thuc_766 AS DATE) - with_end.ngay_tiep_nhan_d <= procedure_deadline.thoi_han
        ELSE
            end_day.wd_seq - received_day.wd_seq
            <= CASE
                WHEN procedure_deadline.don_vi_thoi_han = 'gio_lam_viec' THEN ceil(procedure_deadline.thoi_han / 8)
                ELSE procedure_deadline.thoi_han
            END
    END AS dung_han_766,
    CASE
        WHEN with_end.sync_date_absent THEN coalesce(with_end.da_dong_bo_dvcqg, false)
        ELSE coalesce(CAST(with_end.ngay_dong_bo_dvcqg AS DATE) <= with_end.e, false)
    END AS synced_at_e,
    CASE WHEN with_end.sync_date_absent THEN ['as_of_D'] ELSE CAST([] AS VARCHAR[]) END AS sync_flags
FROM with_end
LEFT JOIN procedure_deadline
    ON with_end.period_id = procedure_deadline.period_id AND with_end.ma_tthc = procedure_deadline.ma_tthc
LEFT JOIN dim_calendar AS end_day ON CAST(with_end.ket_thuc_766 AS DATE) = end_day.d
LEFT JOIN dim_calendar AS received_day ON with_end.ngay_tiep_nhan_d = received_day.d
