# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
db_path = "data/curated/motcua.duckdb"
period = ""
as_of = ""
level = "huyen"
ma_don_vi = ""

# %%
# The unit's action sheet (issue 17): its gap to every target, its rank among its peers, its
# sub-units, trends against thresholds, dossiers by lĩnh vực, dossiers due soon and overdue (with
# the inspection that lists them), unfinished tasks, late reports, and its own Biểu 06.
import html

import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import due_soon as DS
from pipelines.reports import nb
from pipelines.settings import due_soon_days

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
ag = ctx.agencies()
if not ctx.ma_don_vi and len(ag):
    first = ag[ag["level"] == (level or "huyen")]
    ctx.ma_don_vi = (first if len(first) else ag).iloc[0]["ma_don_vi"]
me = ag[ag["ma_don_vi"] == ctx.ma_don_vi]
name = me.iloc[0]["ten_don_vi"] if len(me) else ctx.ma_don_vi
unit_level = me.iloc[0]["level"] if len(me) else level
unit_kind = me.iloc[0]["loai"] if len(me) and "loai" in me.columns else None
children = ag[ag["ma_don_vi_cha"] == ctx.ma_don_vi]
sc = ctx.scorecard(ma_don_vi=ctx.ma_don_vi)
N_DAYS = due_soon_days()
counts = ctx.due_soon(ctx.ma_don_vi, N_DAYS)
n_soon = int(counts["sap_den_han"].sum()) if len(counts) else 0
n_overdue = int(counts["qua_han_dang_mo"].sum()) if len(counts) else 0
Y0 = pd.Timestamp(ctx.year, 1, 1).date()
# dossiers this unit received for another answerable unit (a Trung tâm Phục vụ hành chính công)
for_others = ctx.received_for_others(ctx.ma_don_vi, N_DAYS)

# peers: the agencies of the same level and kind (loai) — districts with districts, departments
# with departments; the ranking rule is nb.rank_units
peer_codes = ag[(ag["level"] == unit_level) & ((ag["loai"] == unit_kind) if unit_kind is not None else True)]["ma_don_vi"]
peers_sc = ctx.q("""
    SELECT s.target_id, s.ma_don_vi, coalesce(a.ten_don_vi, s.ma_don_vi) AS ten_don_vi, s.status
    FROM plan_scorecard s JOIN dim_agency a ON a.ma_don_vi = s.ma_don_vi
    WHERE s.period = ? AND list_contains(?, s.ma_don_vi)""", [ctx.period, list(peer_codes)])
peer_rank = nb.rank_units(peers_sc) if len(peers_sc) else nb.rank_units(pd.DataFrame(columns=["ma_don_vi", "ten_don_vi", "status"]))
mine = peer_rank[peer_rank["ma_don_vi"] == ctx.ma_don_vi]
n_ranked = int(peer_rank["xep_hang"].sum())
peer_noun = {"huyen": "huyện, thị xã, thành phố", "tinh": "đơn vị cấp tỉnh cùng loại"}.get(unit_level, "đơn vị cùng cấp")
if len(mine) and bool(mine.iloc[0]["xep_hang"]):
    rank_text = f"xếp thứ {C.fmt_int(mine.iloc[0]['hang'])}/{C.fmt_int(n_ranked)} {peer_noun} theo tỷ lệ chỉ tiêu đạt"
elif len(mine):
    rank_text = f"chưa xếp hạng (chỉ {C.fmt_int(mine.iloc[0]['so_chi_tieu'])} chỉ tiêu được đánh giá, cần ít nhất {nb.RANK_MIN_COUNT})"
else:
    rank_text = "chưa xếp hạng (không có chỉ tiêu nào được đánh giá đạt hay chưa đạt)"

kind = "xã, phường, thị trấn" if unit_level == "huyen" else "đơn vị"
sub_text = (f"{C.fmt_int(len(children))} {kind} trực thuộc" if len(children) else "không có đơn vị trực thuộc trong danh mục")
others_text = (f" Đơn vị tiếp nhận {C.fmt_int(for_others['tiep_nhan'].sum())} hồ sơ thay cho "
               f"{C.fmt_int(len(for_others))} đơn vị giải quyết." if len(for_others) else "")
w = ctx.words()
nb.header(f"{name}",
          nb.summary_sentence(sc, ctx, f"chỉ tiêu của {name}") + others_text +
          f" {name} (mã {ctx.ma_don_vi}, {C.level_vi(unit_level).lower()}) {rank_text}; {sub_text}. "
          f"Hồ sơ đang mở: {C.fmt_int(n_overdue)} đã quá hạn, {C.fmt_int(n_soon)} sắp đến hạn "
          f"(trong {N_DAYS} ngày làm việc tới).", ctx)

# %%
nb.h2("Còn thiếu bao nhiêu để đạt từng chỉ tiêu")
if len(sc):
    nb.para("Mỗi dòng là một chỉ tiêu của đơn vị: giá trị, ngưỡng ở cấp của đơn vị và số còn thiếu để đạt ngưỡng "
            "với cùng mẫu số (tỷ lệ: số đơn vị đếm cần thêm ở tử số).")
    C.show_table(nb.target_gaps(ctx, sc))
    plot = sc[(sc["kind"] == "ratio") & sc["threshold"].notna() & sc["value"].notna()].copy()
    if len(plot):
        plot["nhan"] = [nb.chart_label(r, w) for r in plot.to_dict("records")]
        plot["trang_thai"] = [C.status_vi(s) for s in plot["status"]]
        plot["value"] = plot["value"].astype(float)
        C.show(C.scorecard_chart(plot, title=f"{name}: giá trị so với ngưỡng"),
               "Mỗi điểm là giá trị của một chỉ tiêu tại đơn vị (hình dạng và ✓/✗ cho biết trạng thái), vạch đen là ngưỡng.")
else:
    why = ("các hồ sơ đơn vị tiếp nhận được tính vào chỉ tiêu của đơn vị giải quyết, xem phần \"Hồ sơ tiếp nhận cho đơn vị "
           "khác giải quyết\"" if len(for_others) else
           "đơn vị không là đơn vị tiếp nhận của hồ sơ nào, không có đánh giá, báo cáo hay nhiệm vụ được giao trong kỳ")
    nb.para(f"Không có dữ liệu chỉ tiêu của đơn vị trong kỳ {C.fmt_period(ctx.period)}: bảng chỉ tiêu không có dòng nào "
            f"mang mã đơn vị {ctx.ma_don_vi} ({why}). Các phần dưới đây cho biết đơn vị có những dữ liệu nào.", "note")

# %%
nb.h2("Vị trí so với các đơn vị cùng loại")
if n_ranked:
    show = peer_rank.copy()
    show["Đơn vị"] = [("▶ " if m == ctx.ma_don_vi else "") + t for m, t in zip(show["ma_don_vi"], show["ten_don_vi"])]
    show["Hạng"] = [C.fmt_int(h) if ok else f"chưa xếp hạng (dưới {nb.RANK_MIN_COUNT} chỉ tiêu)"
                    for h, ok in zip(show["hang"], show["xep_hang"])]
    show["Chỉ tiêu đạt"] = [f"{C.fmt_int(n - c)}/{C.fmt_int(n)}" for n, c in zip(show["so_chi_tieu"], show["chua_dat"])]
    show["Tỷ lệ đạt"] = [C.fmt_pct(v) for v in show["ty_le_dat"]]
    nb.para(f"Xếp hạng {C.fmt_int(len(peer_rank))} {peer_noun} theo tỷ lệ chỉ tiêu đạt trong số chỉ tiêu được đánh giá "
            f"(đạt hoặc chưa đạt), rồi theo số chỉ tiêu được đánh giá; đơn vị có dưới {nb.RANK_MIN_COUNT} chỉ tiêu được "
            "đánh giá không được xếp hạng. ▶ là đơn vị này.")
    C.show_table(show[["Hạng", "Đơn vị", "Chỉ tiêu đạt", "Tỷ lệ đạt"]])
else:
    nb.para(f"Không xếp hạng được: không có {peer_noun} nào có từ {nb.RANK_MIN_COUNT} chỉ tiêu được đánh giá trong kỳ.", "note")

# %%
nb.h2("Hồ sơ sắp đến hạn và quá hạn")
if ctx.has("fct_dossier"):
    end = DS.window_end(ctx.con, ctx.as_of, N_DAYS)
    C.show_table(pd.DataFrame({
        "Tình trạng tại ngày " + C.fmt_date(ctx.as_of): [
            f"Sắp đến hạn: hẹn trả từ {C.fmt_date(ctx.as_of)} đến hết {C.fmt_date(end)} ({N_DAYS} ngày làm việc)",
            "Đã quá hạn, còn đang mở"],
        "Số hồ sơ": [C.fmt_int(n_soon), C.fmt_int(n_overdue)],
        "Danh sách (truy vấn kiểm tra)": [DS.inspection_command(N_DAYS, ctx.ma_don_vi), DS.overdue_command(ctx.ma_don_vi)],
    }))
    nb.para("Hồ sơ đang mở: đã tiếp nhận, chưa giải quyết, không bị từ chối, không chờ công dân bổ sung (đồng hồ dừng), "
            "không rút hay dừng. Số ngày cảnh báo là thiết lập MOTCUA_DUE_SOON_DAYS.", "note")
else:
    nb.para("Không có dữ liệu hồ sơ (bảng fct_dossier) trong cơ sở dữ liệu.", "note")

# %%
nb.h2("Hồ sơ theo lĩnh vực")
by_field = ctx.q("""
    WITH on_time AS (
        SELECT f.unit_id AS ma_ho_so, f.num, f.den FROM metric_facts f
        WHERE f.metric_id = 'on_time_resolution_rate' AND f.period = $period AND f.ma_don_vi = $unit)
    SELECT coalesce(nullif(trim(d.ten_linh_vuc), ''), 'Chưa xác định lĩnh vực') AS linh_vuc,
           count(*) FILTER (WHERE d.is_received AND d.ngay_tiep_nhan_d BETWEEN $y0 AND $t) AS tiep_nhan,
           sum(o.den) AS giai_quyet, sum(o.num) AS dung_han,
           count(*) FILTER (WHERE is_open_overdue_at(d, $t)) AS qua_han_dang_mo,
           count(*) FILTER (WHERE is_due_soon_at(d, $t, $n)) AS sap_den_han
    FROM fct_dossier d LEFT JOIN on_time o ON o.ma_ho_so = d.ma_ho_so
    WHERE d.ma_don_vi = $unit
    GROUP BY ALL
    HAVING tiep_nhan > 0 OR giai_quyet > 0 OR qua_han_dang_mo > 0 OR sap_den_han > 0
    ORDER BY qua_han_dang_mo DESC, tiep_nhan DESC, linh_vuc""",
    {"period": ctx.period, "unit": ctx.ma_don_vi, "y0": Y0, "t": ctx.as_of, "n": N_DAYS})
if len(by_field):
    by_field["ty_le"] = [nb.fmt_value(n / d if d else None) if d else nb.no_data("chưa giải quyết hồ sơ nào")
                         for n, d in zip(by_field["dung_han"].fillna(0), by_field["giai_quyet"].fillna(0))]
    nb.para(f"Hồ sơ đơn vị tiếp nhận, theo lĩnh vực: tiếp nhận từ {C.fmt_date(Y0)} đến {C.fmt_date(ctx.as_of)}, đã giải quyết "
            "và đúng hạn trong kỳ (như chỉ số tỷ lệ giải quyết đúng hạn), quá hạn còn mở và sắp đến hạn tại ngày chốt số liệu.")
    C.show_table(by_field[["linh_vuc", "tiep_nhan", "giai_quyet", "dung_han", "ty_le", "qua_han_dang_mo", "sap_den_han"]].fillna(0),
                 formats={c: "int" for c in ("tiep_nhan", "giai_quyet", "dung_han", "qua_han_dang_mo", "sap_den_han")},
                 headers={"linh_vuc": "Lĩnh vực", "tiep_nhan": "Tiếp nhận", "giai_quyet": "Đã giải quyết",
                          "dung_han": "Đúng hạn", "ty_le": "Tỷ lệ đúng hạn", "qua_han_dang_mo": "Quá hạn, còn mở",
                          "sap_den_han": "Sắp đến hạn"})
else:
    nb.para(f"Không có dữ liệu: không hồ sơ nào đã nạp có đơn vị tiếp nhận (mã đơn vị của hồ sơ) là {ctx.ma_don_vi} "
            f"trong kỳ {C.fmt_period(ctx.period)}.", "note")

# %%
nb.h2("Hồ sơ tiếp nhận cho đơn vị khác giải quyết")
if len(for_others):
    fo = for_others.copy()
    fo["ty_le"] = [nb.fmt_value(n / d) if d else nb.no_data("chưa giải quyết hồ sơ nào")
                   for n, d in zip(fo["dung_han"], fo["da_giai_quyet"])]
    total = fo[["tiep_nhan", "da_giai_quyet", "dung_han", "qua_han_dang_mo", "sap_den_han"]].sum()
    nb.para(f"{name} tiếp nhận {C.fmt_int(total['tiep_nhan'])} hồ sơ (bước \"Tiếp nhận hồ sơ\" do đơn vị thực hiện, từ "
            f"{C.fmt_date(Y0)} đến {C.fmt_date(ctx.as_of)}) mà đơn vị khác giải quyết; các hồ sơ này được tính vào chỉ tiêu "
            f"của đơn vị giải quyết. Tại ngày chốt số liệu: {C.fmt_int(total['qua_han_dang_mo'])} đã quá hạn, còn mở; "
            f"{C.fmt_int(total['sap_den_han'])} sắp đến hạn.")
    C.show_table(fo[["ten_don_vi", "tiep_nhan", "da_giai_quyet", "dung_han", "ty_le", "qua_han_dang_mo", "sap_den_han"]],
                 formats={c: "int" for c in ("tiep_nhan", "da_giai_quyet", "dung_han", "qua_han_dang_mo", "sap_den_han")},
                 headers={"ten_don_vi": "Đơn vị giải quyết", "tiep_nhan": "Tiếp nhận", "da_giai_quyet": "Đã giải quyết",
                          "dung_han": "Đúng hạn", "ty_le": "Tỷ lệ đúng hạn", "qua_han_dang_mo": "Quá hạn, còn mở",
                          "sap_den_han": "Sắp đến hạn"})
else:
    nb.para("Không có hồ sơ nào đơn vị tiếp nhận mà đơn vị khác giải quyết (theo các bước \"Tiếp nhận hồ sơ\" của tiến "
            "trình xử lý).", "note")

# %%
nb.h2(f"Đơn vị trực thuộc ({kind})" if len(children) else "Đơn vị trực thuộc")
kids_sc = ctx.q("""
    SELECT s.target_id, s.ma_don_vi, coalesce(a.ten_don_vi, s.ma_don_vi) AS ten_don_vi, s.group_key,
           s.numerator, s.denominator, s.value, s.threshold, s.status, s.ly_do_khong_co_du_lieu
    FROM plan_scorecard s JOIN dim_agency a ON a.ma_don_vi = s.ma_don_vi
    WHERE s.period = ? AND a.ma_don_vi_cha = ?""", [ctx.period, ctx.ma_don_vi])
if len(kids_sc):
    rank = nb.rank_units(kids_sc)
    ranked = rank[rank["xep_hang"]]
    if len(ranked):
        weak_first = ranked.sort_values(["hang"], ascending=False)
        C.show(C.ranking_chart(weak_first, "ten_don_vi", "ty_le_dat", threshold=None, n_col="so_chi_tieu",
                               title="Tỷ lệ chỉ tiêu đạt của từng đơn vị trực thuộc", x_max=1.0),
               f"Mỗi thanh là tỷ lệ chỉ tiêu có ngưỡng mà đơn vị trực thuộc đã đạt (n = số chỉ tiêu được đánh giá); đơn vị "
               f"yếu nhất ở trên cùng; đơn vị có dưới {nb.RANK_MIN_COUNT} chỉ tiêu được đánh giá không xếp hạng.")
    wide = kids_sc[kids_sc["threshold"].notna()].copy()
    if len(wide):
        wide["o"] = [nb.no_data(r) if pd.isna(v) else C.fmt_pct(v) + " " + C.STATUS_MARK.get(C.status_vi(s), "")
                     for v, s, r in zip(wide["value"], wide["status"], wide["ly_do_khong_co_du_lieu"])]
        wide["ct"] = [w.target(t) + (f" — {w.group(g, t)}" if w.group(g, t) else "") for g, t in zip(wide["group_key"], wide["target_id"])]
        t = wide.pivot_table(index="ten_don_vi", columns="ct", values="o", aggfunc="first")
        order = list(rank["ten_don_vi"])
        t = t.reindex([x for x in order if x in t.index] + [x for x in t.index if x not in set(order)])
        t = t.fillna("không áp dụng")  # a target with no row for a unit: not in its scope or level
        hang = dict(zip(rank["ten_don_vi"], [C.fmt_int(h) if ok else "–" for h, ok in zip(rank["hang"], rank["xep_hang"])]))
        t.insert(0, "Hạng", [hang.get(x, "–") for x in t.index])
        C.show_table(t.reset_index().rename(columns={"ten_don_vi": "Đơn vị"}))
        nb.para("Ô \"không áp dụng\": chỉ tiêu không có dòng cho đơn vị (ngoài phạm vi hoặc cấp của chỉ tiêu).", "note")
elif len(children):
    nb.para(f"Không có dữ liệu chỉ tiêu của {C.fmt_int(len(children))} đơn vị trực thuộc trong kỳ.", "note")
else:
    nb.para(f"{name} không có đơn vị trực thuộc trong danh mục đơn vị (không có đơn vị nào có mã đơn vị cha {ctx.ma_don_vi}).", "note")

# %%
nb.h2("Diễn biến theo tháng so với ngưỡng")
main = sc[(sc["kind"] == "ratio") & sc["group_key"].isna() & sc["threshold"].notna()] if len(sc) else sc
if len(main):
    # the targets furthest below their threshold first; the rest in one table
    main = main.assign(_gap=(main["threshold"] - main["value"].astype(float)).fillna(-1)).sort_values("_gap", ascending=False)
    charted, table_rows = 0, []
    for r in main.itertuples(index=False):
        m = ctx.target_monthly(r.target_id, level=None, ma_don_vi=ctx.ma_don_vi)
        m = m[m["value"].notna()] if len(m) else m
        if not len(m):
            table_rows.append({"Chỉ tiêu": w.target(r.target_id), "Ngưỡng": C.fmt_threshold(r.threshold), "Diễn biến": nb.no_data("không tháng nào có mẫu số khác 0")})
            continue
        if r.status == "chua_dat":  # a chart for every unmet target
            d = pd.DataFrame({"thang": pd.to_datetime(m["period_start"]), "value": m["value"].astype(float), "cap": name})
            C.show(C.trend_chart(d, threshold=r.threshold, title=w.target(r.target_id)),
                   f"Giá trị của đơn vị theo tháng; ngưỡng {C.fmt_threshold(r.threshold)}.")
            charted += 1
        else:
            table_rows.append({"Chỉ tiêu": w.target(r.target_id), "Ngưỡng": C.fmt_threshold(r.threshold),
                               "Diễn biến": " · ".join(f"{C.fmt_period(p).replace('Tháng ', 'T')}: {C.fmt_pct(v)}"
                                                        + ("" if v >= r.threshold else " ✗")
                                                        for p, v in zip(m["period"], m["value"]))})
    if table_rows:
        nb.para("Các chỉ tiêu còn lại theo tháng (✗: tháng dưới ngưỡng).")
        C.show_table(pd.DataFrame(table_rows))
else:
    nb.para("Không có dữ liệu: đơn vị không có chỉ tiêu tỷ lệ có ngưỡng ở cấp đơn vị trong kỳ.", "note")

# %%
nb.h2("Nhiệm vụ chưa hoàn thành")
tasks = ctx.q("""
    SELECT ma_nhiem_vu, san_pham, so_luong_tinh, han,
           CASE WHEN han < $t THEN 'Quá hạn' WHEN han = $t THEN 'Đến hạn hôm nay' ELSE 'Chưa đến hạn' END AS tinh_trang
    FROM core_nhiemvu WHERE ma_don_vi = $unit AND (ngay_hoan_thanh IS NULL OR ngay_hoan_thanh > $t)
    ORDER BY han, ma_nhiem_vu""", {"unit": ctx.ma_don_vi, "t": ctx.as_of}) if ctx.has("core_nhiemvu") else pd.DataFrame()
if len(tasks):
    tasks["ma_nhiem_vu"] = [w.target(x) for x in tasks["ma_nhiem_vu"]]  # a plan item's code with its name
    C.show_table(tasks, formats={"han": "date", "so_luong_tinh": "int"},
                 headers={"ma_nhiem_vu": "Nhiệm vụ", "san_pham": "Sản phẩm", "so_luong_tinh": "Số lượng", "han": "Hạn",
                          "tinh_trang": "Tình trạng"})
else:
    nb.para("Không có nhiệm vụ nào của đơn vị chưa hoàn thành tại ngày chốt số liệu (sổ theo dõi nhiệm vụ core_nhiemvu).", "note")

# %%
nb.h2("Báo cáo định kỳ trễ hạn hoặc chưa nộp")
late = ctx.q("""
    SELECT ky_bao_cao, han_nop, ngay_nop,
           CASE WHEN ngay_nop IS NULL THEN 'Chưa nộp' ELSE 'Trễ ' || CAST(ngay_nop - han_nop AS VARCHAR) || ' ngày' END AS tinh_trang
    FROM core_baocao WHERE ma_don_vi = $unit AND han_nop BETWEEN $y0 AND $t AND (ngay_nop IS NULL OR ngay_nop > han_nop)
    ORDER BY han_nop""", {"unit": ctx.ma_don_vi, "y0": Y0, "t": ctx.as_of}) if ctx.has("core_baocao") else pd.DataFrame()
if len(late):
    C.show_table(late, formats={"han_nop": "date", "ngay_nop": "date"},
                 headers={"ky_bao_cao": "Kỳ báo cáo", "han_nop": "Hạn nộp", "ngay_nop": "Ngày nộp", "tinh_trang": "Tình trạng"})
else:
    nb.para(f"Không có báo cáo định kỳ nào trễ hạn hay chưa nộp có hạn nộp từ {C.fmt_date(Y0)} đến {C.fmt_date(ctx.as_of)}.", "note")

# %%
nb.h2("Biểu số 06/VPCP/KSTT của đơn vị")
form = nb.unit_bieu06_name(ctx.ma_don_vi, ctx.as_of)
if form:
    C.html_block(f'<p>Biểu 06 của riêng {html.escape(name)}, kỳ báo cáo gần nhất đã khép lại ({html.escape(form[1])}): '
                 f'<a href="{html.escape(form[0])}">{html.escape(form[0])}</a>.</p>')
else:
    nb.para(f"Chưa có Biểu 06: chưa kỳ báo cáo nào của năm khép lại đến ngày {C.fmt_date(ctx.as_of)}.", "note")

# %%
nb.readme(ctx, list(sc["metric_id"].unique()) if len(sc) else [],
          ["plan_scorecard", "plan_targets", "metric_values", "metric_facts", "fct_dossier", "fct_dossier_step", "core_nhiemvu", "core_baocao",
           "dim_metric", "dim_agency"],
          "Số liệu của đơn vị là các hồ sơ, đánh giá, báo cáo, nhiệm vụ mà đơn vị tiếp nhận hoặc thực hiện; ngưỡng là ngưỡng "
          "của cấp đơn vị. Còn thiếu = số đơn vị đếm cần thêm ở tử số để đạt ngưỡng với cùng mẫu số. Đơn vị cùng loại là các "
          "đơn vị cùng cấp và cùng loại đơn vị trong danh mục; đơn vị trực thuộc là các đơn vị có mã đơn vị cha là đơn vị này. "
          "Hồ sơ sắp đến hạn: đang mở, chưa quá hạn, hẹn trả trong số ngày làm việc cảnh báo kể từ ngày chốt số liệu.")

ctx.close()

# %%
# the unit's QĐ 766 card (pipelines/reports/index766.py): its score, groups, the indicators it loses
from pipelines.reports import index766 as _i766  # noqa: E402

_c766 = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
C.html_block(_i766.unit_card_html(_c766, ctx.ma_don_vi))
_c766.close()
