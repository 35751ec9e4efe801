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
from pipelines.reports import ranking as R

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
w = ctx.words()
sc_all = ctx.scorecard(level=None)
METRICS = ctx.section_metrics("hai_long_so_hoa")  # dim_metric.report_section, in report_order
sc = sc_all[sc_all["metric_id"].isin(METRICS)] if len(sc_all) else sc_all
# the plan's per-level thresholds of result digitization (plan_target_levels), in level order
d = sc[sc["metric_id"] == "result_digitization_rate"] if len(sc) else sc
dig_thr = d[(d["level"] != "toan_tinh") & d["threshold"].notna() & d["group_key"].isna()] if len(d) else d
DIGIT_THRESHOLDS = list(dict.fromkeys(zip(dig_thr["level"], dig_thr["threshold"].astype(float)))) if len(dig_thr) else []


def row(metric, lv="toan_tinh", gk=None):
    if not len(sc):
        return None
    r = sc[(sc["metric_id"] == metric) & (sc["level"] == lv) &
           (sc["group_key"].isna() if gk is None else sc["group_key"] == gk)]
    return r.iloc[0] if len(r) else None


def say(r, what):
    if r is None:
        return f"{what}: chưa có dữ liệu"
    thr = "" if pd.isna(r["threshold"]) else f" (ngưỡng {C.fmt_threshold(r['threshold'])})"
    why = r.get("ly_do_khong_co_du_lieu")  # metrics.md, "Required columns"
    why = f" ({why})" if isinstance(why, str) else ""
    return f"{what} {C.fmt_pct(r['value'])}{thr}, {C.status_vi(r['status']).lower()}{why}"


nb.header("Hài lòng, số hóa kết quả, thanh toán trực tuyến",
          "; ".join([say(row("satisfaction_rate"), "Mức độ hài lòng toàn tỉnh"),
                     say(row("result_digitization_rate"), "số hóa kết quả toàn tỉnh"),
                     say(row("online_payment_transaction_rate"), "giao dịch thanh toán trực tuyến")]) +
          ". Trang này trình bày mức độ hài lòng (kể cả ba nhóm lĩnh vực đất đai, xây dựng, đầu tư với ngưỡng 85%), "
          "tỷ lệ số hóa kết quả theo cấp so với ngưỡng " + " / ".join(C.fmt_threshold(t) for _, t in DIGIT_THRESHOLDS) +
          " và thanh toán trực tuyến.", ctx)

# %%
nb.h2("Mức độ hài lòng")
s = sc[(sc["metric_id"] == "satisfaction_rate") |
       ((sc["metric_id"] == "satisfaction_rate_by_field_group") & (sc["level"] == "toan_tinh"))] if len(sc) else sc
if len(s):
    C.show_table(nb.scorecard_table(s, with_text=False))
    g = s[(s["metric_id"] == "satisfaction_rate_by_field_group") & s["group_key"].notna() & (s["level"] == "toan_tinh")].copy()
    base = s[(s["metric_id"] == "satisfaction_rate") & (s["level"] != "toan_tinh")].copy()
    plot = pd.concat([base.assign(nhan=[f"Hài lòng — {C.level_vi(lv)}" for lv in base["level"]]),
                      g.assign(nhan=[w.group(k).capitalize() for k in g["group_key"]])])
    plot = plot[plot["value"].notna() & plot["threshold"].notna()]
    if len(plot):
        plot["trang_thai"] = [C.status_vi(x) for x in plot["status"]]
        plot["value"] = plot["value"].astype(float)
        C.show(C.scorecard_chart(plot, title="Hài lòng theo cấp và theo nhóm lĩnh vực"),
               "Mức độ hài lòng của từng cấp (ngưỡng 90%) và của từng nhóm lĩnh vực đất đai, xây dựng, đầu tư (ngưỡng 85%, "
               "mỗi nhóm phải đạt riêng); hình dạng và ✓/✗ cho biết đạt hay chưa.")
    low = ctx.agency_values("satisfaction_rate")
    sat = row("satisfaction_rate")
    if len(low) and sat is not None:
        # the site's one ranking rule (pipelines/reports/ranking.py)
        rk = R.rank_units(low, threshold=sat["threshold"])
        worst = rk.behind(10)
        if len(worst):
            C.show_table(worst[["nhan", "level", "numerator", "denominator", "value", "con_thieu"]],
                         formats={"level": "level", "numerator": "int", "denominator": "int", "value": "pct", "con_thieu": "int"},
                         headers={"nhan": "Đơn vị", "level": "Cấp", "numerator": "Hài lòng, rất hài lòng",
                                  "denominator": "Đánh giá", "value": "Tỷ lệ", "con_thieu": "Còn thiếu (đánh giá hài lòng)"},
                         caption=f"10 đơn vị còn thiếu nhiều đánh giá hài lòng nhất để đạt {C.fmt_threshold(sat['threshold'])}")
        nb.para(rk.apart_note("đánh giá"), "note")
else:
    nb.para("Chưa có đánh giá.", "note")

# %%
nb.h2("Số hóa kết quả giải quyết theo cấp")
if len(d):
    C.show_table(nb.scorecard_table(d, with_text=False))
    rows = []
    for lv, _ in DIGIT_THRESHOLDS:
        m = ctx.monthly("result_digitization_rate", level=lv)
        for x in (m[m["value"].notna()].itertuples(index=False) if len(m) else []):
            rows.append({"thang": nb.month_start(x.period), "value": float(x.value), "cap": C.level_vi(lv)})
    if rows:
        C.show(C.trend_chart(pd.DataFrame(rows), threshold={C.level_vi(lv): t for lv, t in DIGIT_THRESHOLDS} or None,
                             title="Tỷ lệ số hóa kết quả theo tháng, theo cấp"),
               "Tỷ lệ hồ sơ tiếp nhận có kết quả được số hóa, mỗi cấp một đường (hình điểm, kiểu nét riêng).")
    for lv, thr in DIGIT_THRESHOLDS:
        a = ctx.agency_values("result_digitization_rate")
        a = a[(a["level"] == lv) & (a["denominator"] > 0)] if len(a) else a
        if len(a):
            rk = R.rank_units(a, threshold=thr)
            a = rk.behind(8)
            if len(a):
                C.show(C.ranking_chart(a.assign(value=a["value"].astype(float)), "nhan", "value", threshold=thr,
                                       n_col="denominator",
                                       title=f"{C.level_vi(lv)}: đơn vị thiếu nhiều kết quả số hóa nhất"),
                       f"Tỷ lệ số hóa của các đơn vị {C.level_vi(lv).lower()} còn thiếu nhiều kết quả số hóa nhất để đạt "
                       f"{C.fmt_threshold(thr)}; n là số hồ sơ tiếp nhận. {rk.apart_note('hồ sơ')}")
            else:
                nb.para(f"{C.level_vi(lv)}: không có đơn vị được xếp hạng còn thiếu. {rk.apart_note('hồ sơ')}", "note")
else:
    nb.para("Chưa có số liệu số hóa.", "note")

# %%
nb.h2("Thanh toán trực tuyến")
p = sc[sc["metric_id"].isin(ctx.section_metrics("hai_long_so_hoa.thanh_toan"))] if len(sc) else sc
if len(p):
    C.show_table(nb.scorecard_table(p[p["level"] == "toan_tinh"]))
    rows = []
    for mid, lab in [("online_payment_transaction_rate", "Giao dịch trực tuyến"), ("fee_procedures_online_payment_rate", "Thủ tục có thanh toán trực tuyến")]:
        m = ctx.monthly(mid, level="toan_tinh")
        for x in (m[m["value"].notna()].itertuples(index=False) if len(m) else []):
            rows.append({"thang": nb.month_start(x.period), "value": float(x.value), "cap": lab})
    if rows:
        C.show(C.trend_chart(pd.DataFrame(rows), title="Thanh toán trực tuyến theo tháng"),
               "Tỷ lệ giao dịch nộp phí, lệ phí thành công được thanh toán trực tuyến và tỷ lệ thủ tục có nghĩa vụ tài chính "
               "đã triển khai thanh toán trực tuyến, mỗi tháng; hai đường có hình điểm khác nhau.")

# %%
nb.readme(ctx, METRICS, ["plan_scorecard", "metric_values", "dim_metric", "dim_agency", "plan_field_groups"],
          "Mỗi hồ sơ chỉ tính đánh giá mới nhất trong kỳ; nhóm lĩnh vực so khớp tên lĩnh vực (chuẩn hóa NFC, chữ thường) "
          "với danh sách trong kế hoạch. Số hóa tính trên hồ sơ tiếp nhận trong kỳ. Giao dịch thanh toán tính các giao "
          "dịch thành công của thủ tục đã triển khai thanh toán trực tuyến.")

ctx.close()
