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
level = "toan_tinh"
ma_don_vi = ""

# %%
import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
w = ctx.words()
# the plan's targets (not its indicators) whose metric the Kiểm soát TTHC page does not present:
# dossiers, online services, satisfaction, digitisation, payments (dim_metric.report_section)
targets = ctx.plan_targets()
targets = targets[(targets["list_name"] == "targets") & ~targets["metric_id"].isin(ctx.section_metrics("kiem_soat"))] \
    if len(targets) else targets
ids = list(targets["target_id"]) if len(targets) else []
sc_all = ctx.scorecard(level=None)
sc_all = sc_all[sc_all["target_id"].isin(ids)] if len(sc_all) else sc_all
sc = sc_all[sc_all["level"] == "toan_tinh"] if len(sc_all) else sc_all
counts = ctx.lead_unit_counts()
nb.header("Cơ chế một cửa, một cửa liên thông",
          nb.summary_sentence(sc, ctx, "chỉ tiêu về cơ chế một cửa ở phạm vi toàn tỉnh") +
          " Trang này tách từng chỉ tiêu theo cấp (tỉnh, huyện, xã, cơ quan Trung ương) và theo đơn vị, "
          "nêu các đơn vị xa ngưỡng nhất và diễn biến từng tháng.", ctx)

# %%
nb.h2("Theo cấp")
if len(sc_all):
    piv = sc_all.copy()
    piv["o"] = [txt + ("" if pd.isna(v) else " " + C.STATUS_MARK.get(C.status_vi(s), ""))
                for txt, v, s in zip(nb.value_texts(piv), piv["value"], piv["status"])]
    piv["Chỉ tiêu"] = [nb.target_label(r) for r in piv.to_dict("records")]
    order = list(dict.fromkeys(piv["Chỉ tiêu"]))
    t = piv.pivot_table(index="Chỉ tiêu", columns="level", values="o", aggfunc="first").reindex(order)
    cols = [c for c in ctx.levels() if c in t.columns]
    t = t[cols].rename(columns=C.LEVEL_VI).reset_index().fillna("")
    nb.para("Giá trị của từng chỉ tiêu ở toàn tỉnh và ở mỗi cấp trong phạm vi của chỉ tiêu (✓ đạt, ✗ chưa đạt, – không có dữ liệu).")
    C.show_table(t)
else:
    nb.para("Chưa có bảng chỉ tiêu.", "note")

# %%
ratio = sc[(sc["kind"] == "ratio")] if len(sc) else sc
for r in ratio.to_dict("records"):
    gk = None if pd.isna(r["group_key"]) else r["group_key"]
    name = nb.target_label(r)
    thr_txt = "theo cấp" if pd.isna(r["threshold"]) else C.fmt_threshold(r["threshold"])
    nb.h2(f"{name}: {C.fmt_pct(r['value'])} (ngưỡng {thr_txt}) — {C.status_vi(r['status'])}")
    nb.para(str(r["text"]))
    nb.para(nb.leads_line(r, counts), "note")
    if isinstance(r.get("ly_do_khong_co_du_lieu"), str):  # metrics.md, "Required columns"
        nb.para(r["ly_do_khong_co_du_lieu"], "note")
    # monthly trajectory per level: the target's scorecard rows (toan_tinh = its scope)
    rows = []
    for lv in ctx.levels():
        m = ctx.target_monthly(r["target_id"], level=lv, group_key=gk)
        m = m[m["value"].notna()] if len(m) else m
        for x in m.itertuples(index=False):
            rows.append({"thang": nb.month_start(x.period), "value": float(x.value), "cap": C.level_vi(lv)})
    if rows:
        # the threshold drawn: the target's own, else each level's (P2.2: a threshold per level)
        lv_thr = sc_all[(sc_all["target_id"] == r["target_id"]) & (sc_all["level"] != "toan_tinh") & sc_all["threshold"].notna()
                        & (sc_all["group_key"].isna() if gk is None else sc_all["group_key"] == gk)]
        shown = {x["cap"] for x in rows}
        thr = r["threshold"] if not pd.isna(r["threshold"]) else {
            C.level_vi(x.level): float(x.threshold) for x in lv_thr.itertuples(index=False) if C.level_vi(x.level) in shown}
        C.show(C.trend_chart(pd.DataFrame(rows), threshold=thr or None, title=f"{name} theo tháng và theo cấp"),
               f"Giá trị của {name} từng tháng, mỗi cấp một đường (hình điểm và kiểu nét khác nhau).")
    # the units furthest behind, by the site's one ranking rule (pipelines/reports/ranking.py)
    rk = nb.rank_target_units(ctx, r)
    if len(rk.ranked) or len(rk.apart):
        behind = rk.behind(10)
        noun = nb.unit_noun(ctx, r["metric_id"])
        ranked_txt = (f"{C.fmt_int(len(rk.behind()))} trong {C.fmt_int(len(rk.ranked))} đơn vị được xếp hạng còn thiếu "
                      "so với ngưỡng của đơn vị. " if len(rk.ranked) else "")
        nb.para(ranked_txt + rk.apart_note())
        if len(behind):
            behind = behind.assign(value=behind["value"].astype(float),
                                   threshold=pd.to_numeric(behind["threshold"], errors="coerce"))
            C.show(C.ranking_chart(behind, "nhan", "value", threshold=None if pd.isna(r["threshold"]) else r["threshold"],
                                   n_col="denominator", title="Các đơn vị còn thiếu nhiều nhất"),
                   "Mười đơn vị còn thiếu nhiều bản ghi đạt nhất để chạm ngưỡng của đơn vị; số trong ngoặc là mẫu số (n), "
                   "✗ đánh dấu đơn vị dưới ngưỡng.")
            C.show_table(behind[["nhan", "level", "numerator", "denominator", "value", "threshold", "con_thieu"]],
                         formats={"level": "level", "numerator": "num", "denominator": "num", "value": "pct",
                                  "threshold": "threshold", "con_thieu": "int"},
                         headers={"nhan": "Đơn vị", "level": "Cấp", "numerator": "Tử số", "denominator": "Mẫu số",
                                  "value": "Giá trị", "threshold": "Ngưỡng", "con_thieu": f"Còn thiếu ({noun})"})
    else:
        nb.para("Chỉ tiêu này không tính theo đơn vị (danh mục TTHC dùng chung).", "note")

# %%
others = sc[sc["kind"] != "ratio"] if len(sc) else sc
if len(others):
    nb.h2("Chỉ tiêu theo dõi và nhiệm vụ")
    C.show_table(nb.scorecard_table(others))

# %%
nb.readme(ctx, list(sc["metric_id"].unique()) if len(sc) else [],
          ["plan_scorecard", "plan_targets", "metric_values", "dim_metric", "dim_agency"],
          "Mỗi cấp gồm các hồ sơ, thủ tục hoặc đánh giá của đơn vị thuộc cấp đó; toàn tỉnh gồm các cấp trong phạm vi "
          "của chỉ tiêu.")

ctx.close()
