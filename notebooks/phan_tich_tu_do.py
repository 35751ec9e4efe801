# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# Sổ mẫu cho người phân tích: đọc `metric_values`, `plan_scorecard` và một bảng sự kiện
# (`fct_dossier`) vào pandas, rồi vẽ một biểu đồ Altair theo kiểu của trang báo cáo. Mở bằng
# `motcua lab` (cơ sở dữ liệu đã công bố, chỉ đọc, qua biến `MOTCUA_DB`); chép sổ này thành sổ
# của mình rồi sửa. Các hàm dùng ở đây được mô tả trong `docs/notebooks.md`.

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

# nb.Ctx mở cơ sở dữ liệu ở chế độ chỉ đọc (MOTCUA_DB thay cho đường dẫn mặc định khi có);
# kỳ mặc định là năm của ngày chốt số liệu
ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
nb.header("Phân tích tự do", f"Ví dụ đọc dữ liệu vào pandas và vẽ biểu đồ từ {ctx.db_path.name}.", ctx)

# %% [markdown]
# ## 1. `metric_values`: giá trị chỉ số theo kỳ, cấp, đơn vị
# Một dòng cho mỗi chỉ số × kỳ (tháng `2022-03`, quý `2022-Q1`, năm `2022`) × cấp × đơn vị ×
# nhóm; `ma_don_vi` trống là dòng tổng hợp của cấp. `ctx.q(sql, params)` trả về một DataFrame.

# %%
mv = ctx.q("""
    SELECT metric_id, period, period_start, level, numerator, denominator, value
    FROM metric_values
    WHERE metric_id = 'on_time_resolution_rate' AND ma_don_vi IS NULL AND group_key IS NULL
      AND regexp_full_match(period, '[0-9]{4}-[0-9]{2}') AND period LIKE ?
    ORDER BY period, list_position(?, level)""", [f"{ctx.year}-%", ctx.levels()])
nb.h2("Tỷ lệ giải quyết đúng hạn theo tháng và cấp (metric_values)")
C.show_table(mv.drop(columns=["period_start"]),
             formats={"period": "period", "level": "level", "numerator": "int", "denominator": "int", "value": "pct"},
             headers={"metric_id": "Chỉ số", "period": "Kỳ", "level": "Cấp", "numerator": "Tử số",
                      "denominator": "Mẫu số", "value": "Giá trị"}, max_rows=20)

# %% [markdown]
# ## 2. `plan_scorecard`: chỉ tiêu của kế hoạch, ngưỡng, trạng thái
# `ctx.scorecard()` đọc các dòng toàn tỉnh của kỳ kèm nội dung chỉ tiêu; `nb.scorecard_table`
# định dạng kiểu Việt Nam (96,5%).

# %%
sc = ctx.scorecard()
nb.h2("Bảng chỉ tiêu toàn tỉnh (plan_scorecard)")
C.show_table(nb.scorecard_table(sc, with_text=False) if len(sc) else sc, max_rows=40)

# %% [markdown]
# ## 3. Một bảng sự kiện: `fct_dossier`
# Mỗi hồ sơ một dòng (phiên bản hiện hành tại ngày chốt). Không có dữ liệu cá nhân: người nộp chỉ
# có bí danh. Ở đây: số hồ sơ tiếp nhận theo tháng và kênh nộp.

# %%
by_channel = ctx.q("""
    SELECT date_trunc('month', ngay_tiep_nhan_d) AS thang, kenh, count(*) AS so_ho_so
    FROM fct_dossier
    WHERE is_received AND year(ngay_tiep_nhan_d) = ? AND ngay_tiep_nhan_d <= ?
    GROUP BY ALL ORDER BY thang, kenh""", [ctx.year, ctx.as_of])
nb.h2("Hồ sơ tiếp nhận theo tháng và kênh (fct_dossier)")
pivot = by_channel.pivot_table(index="thang", columns="kenh", values="so_ho_so", aggfunc="sum") if len(by_channel) else by_channel
if len(pivot):
    pivot.index = [C.fmt_date(d)[3:] for d in pivot.index]
    C.show_table(pivot.reset_index(names="Tháng").rename(columns=lambda c: c if c == "Tháng" else f"Kênh {c}").fillna(0),
                 formats={c: "int" for c in pivot.columns.map(lambda c: f"Kênh {c}")})
else:
    nb.para("Không có dữ liệu: không có hồ sơ tiếp nhận trong năm của kỳ.", "note")

# %% [markdown]
# ## 4. Biểu đồ theo kiểu của trang báo cáo
# `C.trend_chart` (đường theo tháng, mỗi cấp một kiểu nét và điểm, vạch ngưỡng) và `C.show`
# (SVG nội tuyến, định dạng Việt Nam, kèm câu chú thích). Ngưỡng lấy từ `plan_targets` của chỉ
# tiêu dùng chỉ số này, nếu có.

# %%
nb.h2("Biểu đồ: tỷ lệ giải quyết đúng hạn theo tháng")
thr = ctx.q("""SELECT max(s.threshold) AS t FROM plan_scorecard s JOIN plan_targets p USING (plan_id, target_id)
               WHERE p.metric_id = 'on_time_resolution_rate' AND s.period = ? AND s.level = 'toan_tinh'""", [ctx.period])
threshold = thr["t"].iloc[0] if len(thr) and pd.notna(thr["t"].iloc[0]) else None
data = mv[mv["value"].notna()].assign(thang=lambda d: pd.to_datetime(d["period_start"]),
                                      cap=lambda d: [C.level_vi(x) for x in d["level"]])
if len(data):
    C.show(C.trend_chart(data, threshold=threshold, title="Tỷ lệ giải quyết đúng hạn theo tháng"),
           "Mỗi đường là một cấp (toàn tỉnh và từng cấp), mỗi điểm là một tháng"
           + (f"; đường đứt nét là ngưỡng {C.fmt_threshold(threshold)}." if threshold is not None else "; chỉ số không có ngưỡng trong kế hoạch."))
else:
    nb.para("Không có dữ liệu: chưa có tháng nào có hồ sơ giải quyết.", "note")

# %%
nb.readme(ctx, ["on_time_resolution_rate"], ["metric_values", "plan_scorecard", "plan_targets", "fct_dossier"],
          "Sổ mẫu: mọi số liệu đọc thẳng từ các bảng đã công bố, không tính lại.")
ctx.close()
