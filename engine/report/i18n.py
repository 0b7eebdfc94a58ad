"""Every word a report prints, in English and Japanese.

One table keeps the two languages side by side so a translator (or a test)
sees at once when one is missing.  The names of things (parameters, units,
channels, exposure sources, categories) are not here: they are in
``resources/vocabulary.toml`` (:mod:`engine.vocabulary`).  Values are ``str.format`` templates with
named fields; :func:`text` fills them in.
"""

from __future__ import annotations

from engine.formatting import LANGUAGES

__all__ = ["TEXT", "text"]

TEXT: dict[str, dict[str, str]] = {
    # -- cover and headings ----------------------------------------------------
    "report_title": {"en": "Stress test: {scenario}",
                     "ja": "ストレステスト：{scenario}"},
    "app_line": {"en": "Jevons {version} — AI-efficiency shock stress test",
                 "ja": "Jevons {version} — AI効率化ショックのストレステスト"},
    "portfolio": {"en": "Portfolio", "ja": "ポートフォリオ"},
    "file": {"en": "File", "ja": "ファイル"},
    "date": {"en": "Date", "ja": "作成日"},
    "base_currency": {"en": "Base currency", "ja": "基準通貨"},
    "scenario": {"en": "Scenario", "ja": "シナリオ"},
    "prices_as_of": {"en": "Prices as of", "ja": "価格基準日"},
    "no_file": {"en": "(built in the app, no file)", "ja": "（アプリ内で作成、ファイルなし）"},
    "h_summary": {"en": "Summary", "ja": "サマリー"},
    "h_scenario": {"en": "Scenario and parameters", "ja": "シナリオとパラメータ"},
    "h_holdings": {"en": "Holdings", "ja": "保有銘柄"},
    "h_attribution": {"en": "Attribution by channel", "ja": "要因別の損益"},
    "h_attribution_holdings": {"en": "Day-one P&L by holding and channel",
                               "ja": "銘柄別・要因別の初日損益"},
    "h_demand": {"en": "Compute-demand path", "ja": "計算需要の推移"},
    "h_value_path": {"en": "Portfolio value over the horizon",
                     "ja": "ホライズンまでのポートフォリオ評価額"},
    "h_distribution": {"en": "Distribution of outcomes (Monte Carlo)",
                       "ja": "損益の分布（モンテカルロ）"},
    "h_tornado": {"en": "Sensitivity to each parameter", "ja": "パラメータ別の感応度"},
    "h_heatmap": {"en": "Two-parameter grid", "ja": "2パラメータのグリッド"},
    "h_model_check": {"en": "Model check against a real day",
                      "ja": "実際の1日とのモデル検証"},
    "h_methodology": {"en": "Methodology", "ja": "計算方法"},
    # -- appendix: the model against naive baselines (engine.validation) ----------
    "h_validation": {"en": "Validation against naive baselines",
                     "ja": "単純なベータとの比較による検証"},
    "validation_intro": {
        "en": "Each preset's day-one prediction is set against what every US-listed stock with "
              "data did on each documented event day. Exposures are estimated from the {window} "
              "trading days before the day only. The baselines are one-factor betas to the SOX, "
              "to the Nasdaq-100 and to the market, times the index's realised move that day "
              "(which the model is never given, so the mean absolute error flatters them). "
              "Spearman is the rank correlation of predicted and realised moves (1 = the same "
              "order); * marks the event's own preset.",
        "ja": "各プリセットの初日予測を、記録された各イベント日に実際にデータのある米国上場銘柄すべてが"
              "どう動いたかと比べます。エクスポージャーはイベント前の{window}営業日のデータだけで推定します。"
              "比較対象はSOX指数、ナスダック100、市場へのそれぞれ1因子ベータに、その日の指数の実際の"
              "動きを掛けたものです（モデルには与えない情報なので、平均絶対誤差では比較対象が有利です）。"
              "スピアマンは予測と実際の値動きの順位相関（1＝同じ順序）、*はそのイベントのプリセットです。"},
    "validation_in_sample": {
        "en": "In-sample: the day is in the calibration period (on or before {cutoff}), and "
              "the model's day-one numbers were set on days of that period.",
        "ja": "標本内：この日は較正期間（{cutoff}以前）にあり、モデルの初日の数値はこの期間の"
              "日で定めています。"},
    "validation_out_of_sample": {
        "en": "Out of sample: the day is after the calibration period ({cutoff}); no number "
              "of the model was set on it.",
        "ja": "標本外：この日は較正期間（{cutoff}まで）より後で、モデルの数値はこの日では"
              "定めていません。"},
    "validation_event": {"en": "{event}: {names} names, estimated from {window}",
                         "ja": "{event}：{names}銘柄、推定期間 {window}"},
    "validation_wins": {
        "en": "Baselines that rank the day better than the event's preset (*): {baselines}.",
        "ja": "イベントのプリセット（*）より順位相関が高い比較対象：{baselines}。"},
    "validation_holds": {
        "en": "The event's preset (*) ranks the day at least as well as every baseline.",
        "ja": "イベントのプリセット（*）は、どの比較対象と比べても順位相関が同等以上です。"},
    "validation_model": {"en": "model: {preset}", "ja": "モデル：{preset}"},
    "validation_baseline": {"en": "baseline: {baseline}", "ja": "比較対象：{baseline}"},
    "baseline_beta_sox": {"en": "beta to SOX", "ja": "SOX指数へのベータ"},
    "baseline_beta_ndx": {"en": "beta to Nasdaq-100", "ja": "ナスダック100へのベータ"},
    "baseline_beta_market": {"en": "market beta", "ja": "市場ベータ"},
    "col_model_or_baseline": {"en": "Model or baseline", "ja": "モデル／比較対象"},
    "col_spearman": {"en": "Spearman", "ja": "スピアマン"},
    "col_sign_agreement": {"en": "Sign agreement", "ja": "符号一致"},
    "col_mae": {"en": "Mean absolute error", "ja": "平均絶対誤差"},
    "h_sources": {"en": "Data sources", "ja": "データの出典"},
    "h_notes": {"en": "Notes on the input", "ja": "入力についての注記"},
    "h_reproducibility": {"en": "Reproducibility", "ja": "再現のための情報"},
    "page_of": {"en": "Page {page} of {pages}", "ja": "{page} / {pages} ページ"},
    "continued": {"en": "(continued)", "ja": "（続き）"},
    "disclaimer": {
        "en": "This report is a model-based scenario analysis for information only. It is not "
              "investment advice, a forecast or a recommendation to buy or sell any security.",
        "ja": "本レポートはモデルに基づくシナリオ分析であり、情報提供のみを目的とします。"
              "投資助言、将来の予測、または特定の有価証券の売買の推奨ではありません。"},
    # -- KPIs --------------------------------------------------------------------
    "kpi_value_before": {"en": "Value before", "ja": "ショック前の評価額"},
    "kpi_value_after": {"en": "Value after day one", "ja": "初日後の評価額"},
    "kpi_pnl": {"en": "Day-one P&L", "ja": "初日の損益"},
    "kpi_return_instant": {"en": "Day-one return", "ja": "初日のリターン"},
    "kpi_value_horizon": {"en": "Value if the story plays out ({quarters} quarters)",
                          "ja": "シナリオが実現した場合（{quarters}四半期後）の評価額"},
    "kpi_pnl_horizon": {"en": "P&L if the story plays out", "ja": "シナリオが実現した場合の損益"},
    "kpi_return_horizon": {"en": "Return if the story plays out",
                           "ja": "シナリオが実現した場合のリターン"},
    "kpi_worst": {"en": "Worst holding on day one", "ja": "初日の騰落率が最も低い銘柄"},
    "kpi_best": {"en": "Best holding on day one", "ja": "初日の騰落率が最も高い銘柄"},
    "kpi_fallback": {"en": "Value outside the exposure library",
                     "ja": "エクスポージャー・ライブラリ外の評価額"},
    "kpi_var95": {"en": "95% value at risk, as P&L (at the horizon)",
                  "ja": "95% VaR、損益として（ホライズン）"},
    "kpi_es95": {"en": "95% expected shortfall, as P&L (at the horizon)",
                 "ja": "95% 期待ショートフォール、損益として（ホライズン）"},
    # -- table columns -----------------------------------------------------------
    "col_ticker": {"en": "Ticker", "ja": "銘柄コード"},
    "col_name": {"en": "Name", "ja": "銘柄名"},
    "col_shares": {"en": "Shares", "ja": "数量"},
    "col_price": {"en": "Price", "ja": "価格"},
    "col_currency": {"en": "Cur.", "ja": "通貨"},
    "col_value_before": {"en": "Value before", "ja": "ショック前"},
    "col_value_after": {"en": "Value after", "ja": "初日後"},
    "col_pnl": {"en": "P&L", "ja": "損益"},
    "col_return_instant": {"en": "Day one", "ja": "初日"},
    "col_return_horizon": {"en": "If it plays out", "ja": "実現した場合"},
    "col_exposure": {"en": "Exposure", "ja": "エクスポージャー"},
    "col_total": {"en": "Total", "ja": "合計"},
    "col_channel": {"en": "Channel", "ja": "要因"},
    "col_day_one": {"en": "Day one", "ja": "初日"},
    "col_horizon": {"en": "At the horizon", "ja": "ホライズン"},
    "col_share": {"en": "Share of P&L", "ja": "損益に占める割合"},
    "col_exposure_source": {"en": "Exposure data", "ja": "エクスポージャーの根拠"},
    "col_holdings_count": {"en": "Holdings", "ja": "銘柄数"},
    "col_share_of_value": {"en": "Share of value", "ja": "評価額に占める割合"},
    "col_quarter": {"en": "Quarter", "ja": "四半期"},
    "col_parameter": {"en": "Parameter", "ja": "パラメータ"},
    "col_symbol": {"en": "Symbol", "ja": "記号"},
    "col_value": {"en": "Value", "ja": "値"},
    "col_distribution": {"en": "Distribution", "ja": "分布"},
    "col_meaning": {"en": "Meaning", "ja": "意味"},
    "col_predicted": {"en": "Predicted", "ja": "予測"},
    "col_realised": {"en": "Realised", "ja": "実績"},
    "col_error": {"en": "Error", "ja": "誤差"},
    "col_what": {"en": "What", "ja": "項目"},
    "col_source": {"en": "Source", "ja": "出典"},
    "col_as_of": {"en": "As of", "ja": "基準日"},
    "col_statistic": {"en": "Statistic", "ja": "統計量"},
    "col_low": {"en": "Low", "ja": "下限"},
    "col_high": {"en": "High", "ja": "上限"},
    "col_pnl_low": {"en": "P&L at low", "ja": "下限での損益"},
    "col_pnl_high": {"en": "P&L at high", "ja": "上限での損益"},
    "channel_realised": {"en": "Realised price move", "ja": "実際の値動き"},
    "channel_realised_short": {"en": "Realised", "ja": "実績"},
    "h_coverage": {"en": "Coverage of the exposure data", "ja": "エクスポージャーデータの網羅率"},
    "kpi_coverage": {"en": "Value with exposure data", "ja": "エクスポージャーの根拠がある評価額"},
    "kpi_coverage_value": {"en": "{covered}", "ja": "{covered}"},
    "coverage_lead": {"en": "Exposure data, share of value (holdings):",
                      "ja": "エクスポージャーの根拠、評価額に占める割合（銘柄数）："},
    "coverage_line": {"en": "{share} of {what}", "ja": "{what} {share}"},
    "coverage_warning": {
        "en": "{share} of the value is market-only or unpriced: those holdings move with the "
              "market alone, so this report understates their AI exposure.",
        "ja": "評価額の{share}が市場連動のみ、または価格なしです。これらの銘柄は市場とだけ連動する"
              "ため、AIへのエクスポージャーを過小評価しています。"},
    "demand_D": {"en": "Compute demand D", "ja": "計算需要 D"},
    "demand_G": {"en": "GPU pool G", "ja": "GPU市場 G"},
    "demand_A": {"en": "ASIC pool A", "ja": "ASIC市場 A"},
    "demand_I": {"en": "Infrastructure pool I", "ja": "インフラ市場 I"},
    "demand_Q": {"en": "AI capability used Q", "ja": "AI利用量 Q"},
    "demand_c": {"en": "Cost of AI c", "ja": "AIのコスト c"},
    "col_portfolio_value": {"en": "Portfolio value", "ja": "評価額"},
    # -- section texts -----------------------------------------------------------
    "holdings_note": {
        "en": "Values in {currency}. Price is per share in the holding's own currency. "
              "A holding's return is its P&L over its absolute value before; the portfolio's "
              "is the total P&L over the gross exposure (the sum of absolute values before). "
              "The exposure column says where each holding's exposures come from: "
              "\"curated\", the exposure library; \"estimated\", the holding's own price "
              "history before the valuation date; \"fund\", what the fund holds; "
              "\"industry\", the typical exposures of its industry or of a category you chose; "
              "\"market only\", none of these, so it moves with the market alone.",
        "ja": "金額は{currency}建て。価格は各銘柄の現地通貨建ての1株価格。銘柄のリターンは損益を"
              "ショック前の評価額の絶対値で、ポートフォリオのリターンは損益合計を総エクスポージャー"
              "（評価額の絶対値の合計）で割ったもの。エクスポージャー欄は根拠を示します。「精査済み」は"
              "エクスポージャー・ライブラリ、「推定」は評価日より前の自身の価格履歴、「ファンド」は"
              "ファンドの保有銘柄、「業種」は業種または指定した分類の典型的なエクスポージャー、"
              "「市場連動のみ」はそのいずれもなく市場全体の動きだけを反映する銘柄です。"},
    "attribution_note": {
        "en": "The parts add up exactly to the P&L. They are measured by switching the "
              "channels on one at a time, in the order shown.",
        "ja": "各要因の合計は損益に一致します。表の順に要因を一つずつ加えて測っています。"},
    "demand_note": {
        "en": "Relative to no shock (1.00 = unchanged); quarter 0 is day one.",
        "ja": "ショックがない場合を1.00とした相対値。第0四半期が初日です。"},
    "distribution_note": {
        "en": "{draws} draws of the scenario's uncertain parameters (seed {seed}). "
              "Losses are shown as negative P&L; VaR and expected shortfall as losses.",
        "ja": "不確実なパラメータを{draws}回抽出（シード{seed}）。損失は負の損益で、"
              "VaRと期待ショートフォールは損失額で示します。"},
    "stat_mean": {"en": "Mean P&L", "ja": "損益の平均"},
    "stat_p05": {"en": "5th percentile", "ja": "5パーセンタイル"},
    "stat_p50": {"en": "Median", "ja": "中央値"},
    "stat_p95": {"en": "95th percentile", "ja": "95パーセンタイル"},
    "stat_var95": {"en": "VaR 95%", "ja": "VaR 95%"},
    "stat_es95": {"en": "Expected shortfall 95%", "ja": "期待ショートフォール 95%"},
    "stat_var99": {"en": "VaR 99%", "ja": "VaR 99%"},
    "stat_es99": {"en": "Expected shortfall 99%", "ja": "期待ショートフォール 99%"},
    "stat_draws": {"en": "Draws", "ja": "抽出回数"},
    "model_check_intro": {
        "en": "How the scenario's predicted day-one return compares with what each stock "
              "actually did in the {event}. This checks the model; it is not a forecast.",
        "ja": "シナリオが予測する初日のリターンと、{event}で各銘柄が実際に動いた幅との比較です。"
              "モデルの検証であり、予測ではありません。"},
    # -- the model check's notes (engine.modelcheck.check_notes) ------------------
    "mc_note_none": {
        "en": "No name has both a prediction and realised data for this event.",
        "ja": "この日について予測と実績の両方がある銘柄はありません。"},
    "mc_note_fit": {
        "en": "{count} names with data: mean absolute error {mae} percentage points; rank "
              "correlation {rank}.",
        "ja": "データのある{count}銘柄：平均絶対誤差{mae}ポイント、順位相関{rank}。"},
    "mc_note_fit_few": {
        "en": "{count} names with data: mean absolute error {mae} percentage points; too few "
              "names for a rank correlation.",
        "ja": "データのある{count}銘柄：平均絶対誤差{mae}ポイント。順位相関を出すには銘柄が少なすぎます。"},
    "mc_note_misses": {"en": "Largest misses: {misses}.", "ja": "予測が最も外れた銘柄：{misses}。"},
    "mc_note_miss": {"en": "{ticker} predicted {predicted} vs {realised}",
                     "ja": "{ticker}（予測{predicted}、実績{realised}）"},
    "mc_note_wrong_sign": {"en": "Direction wrong for {tickers}.",
                           "ja": "方向が外れた銘柄：{tickers}。"},
    "mc_note_limits": {
        "en": "What the model does not explain: it moves each name only through its exposures "
              "(AI revenue, AI spend, narrative, beta) and the scenario's parameters; it knows no "
              "stock-specific news, positioning or crowding, index and ETF flows, or where each "
              "stock stood before the day.",
        "ja": "モデルが説明しないこと：各銘柄はエクスポージャー（AI収益、AI支出、期待、ベータ）と"
              "シナリオのパラメータを通じてのみ動き、個別のニュース、ポジションの偏り、指数やETFの"
              "資金フロー、その日までの株価の位置は考慮しません。"},
    "mc_note_one_day": {
        "en": "One day is one draw: a good fit here does not mean the next shock will look the "
              "same.",
        "ja": "1日は1回の試行にすぎません。ここで当てはまりが良くても、次のショックが同じになるとは限りません。"},
    "mc_note_no_data": {"en": "No realised data (left out, never guessed): {tickers}.",
                        "ja": "実績データなし（推測せず除外）：{tickers}。"},
    "model_check_summary": {
        "en": "{n} holdings compared. Mean absolute error {mae}. Rank agreement "
              "(Spearman) {rank}. Direction right for {hits} of {n}.",
        "ja": "比較した銘柄は{n}件。平均絶対誤差は{mae}、順位相関（スピアマン）は{rank}、"
              "方向が一致したのは{n}件中{hits}件です。"},
    "model_check_missing": {
        "en": "Holdings with no realised return for that day are left out: {tickers}.",
        "ja": "当日の実績リターンがない銘柄は除外しています：{tickers}"},
    "sources_intro_documents": {
        "en": "Every number the model uses comes with a source and a date in the app's data "
              "files; resources/SOURCES.md explains what was computed and what is an "
              "estimate. Below, each document this portfolio drew on, once, with what it was "
              "used for (×n: that many numbers); the spreadsheet export lists every number "
              "with its own source.",
        "ja": "モデルが使う数値はすべて、アプリのデータファイルに出典と日付とともに収録しています。"
              "何を計算し何が推定かは resources/SOURCES.md に記載しています。以下は、この"
              "ポートフォリオが参照した資料を一度ずつ、その用途とともに示します（×n は数値の数）。"
              "数値ごとの出典はスプレッドシート出力に一覧があります。"},
    "sources_intro": {
        "en": "Every number the model uses comes with a source and a date in the app's data "
              "files; resources/SOURCES.md explains what was computed and what is an "
              "estimate. The rows below are the ones this portfolio used.",
        "ja": "モデルが使う数値はすべて、アプリのデータファイルに出典と日付とともに収録しています。"
              "何を計算し何が推定かは resources/SOURCES.md に記載しています。以下はこの"
              "ポートフォリオで使われた行です。"},
    "src_subject_price": {"en": "{ticker} price", "ja": "{ticker} 価格"},
    "src_judgement": {"en": "Reasoned estimates and notes (resources/exposures.csv, each with "
                            "its confidence)",
                      "ja": "根拠を示した推定と注記（resources/exposures.csv、各行に確度あり）"},
    "src_more": {"en": "and {n} more", "ja": "ほか{n}件"},
    "col_document": {"en": "Document", "ja": "資料"},
    "col_supports": {"en": "Used for", "ja": "用途"},
    "col_numbers": {"en": "Numbers", "ja": "数値の数"},
    "h_movers": {"en": "Biggest movers on day one", "ja": "初日に大きく動く銘柄"},
    "src_price_file": {"en": "Price of {ticker}", "ja": "{ticker} の価格"},
    "src_from_file": {"en": "your portfolio file", "ja": "ポートフォリオ・ファイル"},
    "src_fx": {"en": "Exchange rate {pair} = {rate}", "ja": "為替レート {pair} = {rate}"},
    "src_exposure": {"en": "{ticker}: {field} = {value}", "ja": "{ticker}：{field} = {value}"},
    "src_etf": {"en": "{etf} basket: {constituent} {weight}",
                "ja": "{etf} の構成：{constituent} {weight}"},
    "src_category": {"en": "Fallback {category}: {field} = {value}",
                     "ja": "代替カテゴリー {category}：{field} = {value}"},
    "src_settings": {"en": "Model settings (discount rate, growth, GPU share, floor)",
                     "ja": "モデル設定（割引率、成長率、GPUシェア、下限）"},
    "src_settings_where": {"en": "resources/model_settings.toml (each value with its reason)",
                           "ja": "resources/model_settings.toml（各値に根拠を記載）"},
    "stamp_version": {"en": "App version", "ja": "アプリのバージョン"},
    "stamp_generated": {"en": "Generated", "ja": "作成日時"},
    "stamp_input": {"en": "SHA-256 of the portfolio file", "ja": "ポートフォリオ・ファイルのSHA-256"},
    "stamp_scenario": {"en": "SHA-256 of the scenario file", "ja": "シナリオ・ファイルのSHA-256"},
    "stamp_fingerprint": {"en": "Scenario fingerprint (parameters as run)",
                          "ja": "シナリオの指紋（実行時のパラメータ）"},
    "stamp_seed": {"en": "Seed", "ja": "シード"},
    "stamp_draws": {"en": "Draws", "ja": "抽出回数"},
    "stamp_none": {"en": "none (point scenario)", "ja": "なし（点シナリオ）"},
    "stamp_no_file": {"en": "none (not read from a file)", "ja": "なし（ファイルからではない）"},
    "stamp_footer": {"en": "Jevons {version} · input {input} · scenario {scenario}{mc}",
                     "ja": "Jevons {version}・入力 {input}・シナリオ {scenario}{mc}"},
    "stamp_footer_mc": {"en": " · seed {seed}, {draws} draws",
                        "ja": "・シード {seed}、{draws}回"},
    "uncertain_none": {"en": "point value", "ja": "点推定"},
    "chart_attribution": {"en": "Day-one P&L by channel", "ja": "要因別の初日損益"},
    "chart_attribution_top": {"en": "Day-one P&L by channel: the {n} holdings with the largest "
                                     "moves, the rest summed as one row (every holding is in the "
                                     "tables)",
                              "ja": "要因別の初日損益：変動の大きい{n}銘柄と、その他の合計"
                                    "（全銘柄は表に掲載）"},
    "chart_demand": {"en": "Compute demand and its pools", "ja": "計算需要と各市場"},
    "chart_value_path": {"en": "Portfolio value by quarter", "ja": "四半期ごとの評価額"},
    "chart_distribution": {
        "en": "Distribution of P&L at the horizon, with the 95% and 99% value at risk (dashed) "
              "and expected shortfall (dotted) as losses",
        "ja": "ホライズンでの損益の分布。95%・99%のVaR（破線）と期待ショートフォール（点線）を"
              "損失として示します"},
    "chart_tornado": {
        "en": "P&L at the horizon with one parameter at its 5% or 95% quantile, the others at "
              "their medians (vertical line: all at their medians)",
        "ja": "一つのパラメータを5%点または95%点に置き、他を中央値にしたときのホライズンでの損益"
              "（縦線：すべて中央値）"},
    "chart_heatmap": {
        "en": "Return over two parameters, the others as in the scenario; lines at −20% and "
              "−10% and the break-even (0%); the cross marks the scenario",
        "ja": "2つのパラメータに対するリターン（他はシナリオのまま）。−20%・−10%と損益分岐（0%）"
              "の線、十字はシナリオの位置"},
    "h_sensitivity": {"en": "Sensitivity and reverse stress", "ja": "感応度とリバース・ストレス"},
    "h_reverse": {"en": "Reverse stress: what it takes to reach a loss",
                  "ja": "リバース・ストレス：損失に至る条件"},
    "h_break_even": {"en": "Break-even long-run elasticity per holding",
                     "ja": "銘柄別の損益分岐となる長期の需要弾力性"},
    "reverse_note": {
        "en": "Each answer moves one parameter over its whole range with the others as in the "
              "scenario, and reports every value at which the return at the horizon equals "
              "the target (the nearest to the scenario first).",
        "ja": "各回答は、他のパラメータをシナリオのままにして一つのパラメータを全範囲で動かし、"
              "ホライズンでのリターンが目標に一致する値をすべて示します（シナリオに近い順）。"},
    "break_even_note": {
        "en": "The long-run elasticity at which each holding neither gains nor loses at the "
              "horizon, the other parameters as in the scenario.",
        "ja": "他のパラメータをシナリオのままにしたとき、各銘柄のホライズンでの損益がゼロになる"
              "長期の需要弾力性です。"},
    "col_swing": {"en": "Swing", "ja": "振れ幅"},
    "col_variance_share": {"en": "Share of variance", "ja": "分散の寄与"},
    "col_of": {"en": "For", "ja": "対象"},
    "col_target": {"en": "Target return", "ja": "目標リターン"},
    "col_answer": {"en": "Value(s) that reach it", "ja": "目標に至る値"},
    "col_reached_low": {"en": "Lowest return in range", "ja": "範囲内の最低リターン"},
    "col_reached_high": {"en": "Highest return in range", "ja": "範囲内の最高リターン"},
    "col_break_even": {"en": "Break-even elasticity", "ja": "損益分岐の弾力性"},
    "rs_portfolio": {"en": "the portfolio", "ja": "ポートフォリオ"},
    "rs_no_value": {"en": "none in range", "ja": "範囲内になし"},
    "rs_found": {
        "en": "{parameter} = {value} gives {who} a return of {target} {when}, the "
              "other parameters as in the scenario (now {point}).",
        "ja": "{parameter} = {value} のとき、{who}の{when}リターンは{target}になります"
              "（他のパラメータはシナリオのまま、現在は{point}）。"},
    "rs_when_horizon": {"en": "at the horizon", "ja": "ホライズンでの"},
    "rs_when_day_one": {"en": "on day one", "ja": "初日の"},
    "rs_more": {"en": " Other values that do: {values}.",
                "ja": "ほかに目標に至る値：{values}。"},
    "rs_flat": {"en": "{who} does not move with {parameter}: its return is {value} over the "
                      "whole range.",
                "ja": "{who}は{parameter}に反応しません。全範囲でリターンは{value}です。"},
    "rs_none": {
        "en": "No value of {parameter} in its range ({low} to {high}) gives {who} a return of "
              "{target}: over that range it stays between {min} and {max}.",
        "ja": "{parameter}の範囲（{low}〜{high}）には、{who}のリターンを{target}にする値は"
              "ありません。この範囲でリターンは{min}から{max}の間にとどまります。"},
    # -- historical replay -------------------------------------------------------
    "replay_title": {"en": "Historical replay: {event}", "ja": "過去の再現：{event}"},
    "h_replay": {"en": "What a replay is", "ja": "再現とは"},
    "replay_text": {
        "en": "This is not the model. The realised return of each security over the event "
              "window is applied to today's holdings. Each holding's move is shown whole in "
              "the market channel (a replay cannot split it by cause); the exchange-rate "
              "channel is the event's USD/JPY move. Holdings with no data for the day keep "
              "their value and are counted as not covered.",
        "ja": "これはモデルではありません。イベント期間に各銘柄が実際に動いたリターンを、現在の保有に"
              "当てはめたものです。各銘柄の変動は原因別に分けられないため、すべて「市場全体」の要因に"
              "計上し、「為替」はイベント当日のドル円の変化です。当日のデータがない銘柄は評価額を"
              "変えず、対象外として数えます。"},
    "replay_window": {"en": "Event window", "ja": "イベント期間"},
    "replay_not_covered": {"en": "Value not covered (no data)", "ja": "対象外の評価額（データなし）"},
    "replay_no_data": {"en": "No data for: {tickers}", "ja": "データなし：{tickers}"},
    "src_event": {"en": "Realised returns of {event}", "ja": "{event} の実績リターン"},
    # -- methodology (MODEL.md's chain with this scenario's numbers) ------------
    "meth_h_chain": {"en": "The chain", "ja": "全体の流れ"},
    "meth_chain": {
        "en": "The model follows one chain (docs/model.md): a cheaper way to build AI changes how "
              "much compute the world buys; that changes what each company earns; earnings, "
              "the AI-infrastructure narrative, the broad market and the exchange rate then "
              "set each holding's price. Every step below uses this scenario's numbers.",
        "ja": "モデルは一本の因果の鎖をたどります（docs/model.md）。AIを安く作る方法が広まると、世界が"
              "買う計算量が変わり、各企業の利益が変わります。その利益に、AIインフラへの期待、"
              "市場全体、為替レートが加わって各銘柄の価格が決まります。以下の各段階は、このシナリオの"
              "数値で示しています。"},
    "meth_h_cost": {"en": "1. Adoption and the cost of AI", "ja": "1. 採用とAIのコスト"},
    "meth_cost": {
        "en": "By the end of the ramp {adoption} of AI compute adopts a technique that needs "
              "{k}× less compute for the same capability; half of that adoption happens within "
              "{tau_a} quarters. The cost of a unit of AI capability, relative to no shock, is "
              "{c0} on day one and {cT} after {T} quarters.",
        "ja": "ランプの終わりまでにAI計算の{adoption}が、同じ能力を{k}分の1の計算量で実現する技術を"
              "採用し、その半分は{tau_a}四半期以内に進みます。AI能力1単位のコスト（ショックなし＝1）は"
              "初日に{c0}、{T}四半期後に{cT}です。"},
    "meth_cost_eq": {"en": "α(t) = α·(1 − 2^(−t/τₐ));   c(t) = 1 − α(t)·(1 − 1/k)",
                     "ja": "α(t) = α·(1 − 2^(−t/τₐ))、 c(t) = 1 − α(t)·(1 − 1/k)"},
    "meth_h_demand": {"en": "2. How much compute is bought", "ja": "2. 購入される計算量"},
    "meth_demand": {
        "en": "Demand for AI capability responds to its price with an elasticity that moves "
              "from {eps_s} right after the shock to {eps_l} in the long run, half-way within "
              "{tau_e} quarters. Compute bought is then {D0} of its no-shock level on day one and "
              "{DT} at the horizon. {jevons}",
        "ja": "AI能力の需要は価格に反応し、その弾力性はショック直後の{eps_s}から長期の{eps_l}へ、"
              "{tau_e}四半期で半分まで移ります。その結果、購入される計算量はショックなしの水準に対し"
              "初日に{D0}、ホライズンで{DT}になります。{jevons}"},
    "meth_demand_eq": {"en": "ε(t) = ε_L + (εₛ − ε_L)·2^(−t/τ_ε);   Q = c^(−ε);   D = Q·c = c^(1−ε)",
                       "ja": "ε(t) = ε_L + (εₛ − ε_L)·2^(−t/τ_ε)、 Q = c^(−ε)、 D = Q·c = c^(1−ε)"},
    "meth_jevons_up": {
        "en": "Because the long-run elasticity is above 1, cheaper AI ends up using more "
              "compute: the Jevons paradox.",
        "ja": "長期の弾力性が1を超えるため、AIが安くなるほど計算量はかえって増えます"
              "（ジェボンズのパラドックス）。"},
    "meth_jevons_down": {
        "en": "Because the long-run elasticity is below 1, cheaper AI ends up using less compute.",
        "ja": "長期の弾力性が1未満のため、AIが安くなると計算量は減ります。"},
    "meth_jevons_flat": {
        "en": "With a long-run elasticity of exactly 1, the efficiency gain is used up in more "
              "AI and compute demand ends where it started.",
        "ja": "長期の弾力性がちょうど1のため、効率化の分だけAI利用が増え、計算量は元の水準に戻ります。"},
    "meth_h_pools": {"en": "3. Where the spending goes", "ja": "3. 支出の行き先"},
    "meth_pools": {
        "en": "Accelerator spend is compute bought times the GPU price change ({pi} by the end "
              "of the ramp). {sigma} of GPU spend moves to custom chips (the GPU share of "
              "accelerator spend was {g0} before the shock). At the horizon the GPU pool is "
              "{GT}, the ASIC pool {AT} and the infrastructure pool (networking, memory, "
              "foundry, servers, power) {IT} of their no-shock levels.",
        "ja": "アクセラレーター支出は、購入計算量にGPU価格の変化（ランプ終了時に{pi}）を掛けたものです。"
              "GPU支出の{sigma}がカスタムチップへ移ります（ショック前のGPUシェアは{g0}）。"
              "ホライズンでは、ショックなしの水準に対しGPU市場が{GT}、ASIC市場が{AT}、"
              "インフラ市場（ネットワーク、メモリ、ファウンドリ、サーバー、電力）が{IT}です。"},
    "meth_pools_eq": {"en": "S = D·(1 + π(t));   G = S·(1 − σ(t));   A = S·(1 + σ(t)·g₀/(1 − g₀));   I = S",
                      "ja": "S = D·(1 + π(t))、 G = S·(1 − σ(t))、 A = S·(1 + σ(t)·g₀/(1 − g₀))、 I = S"},
    "meth_h_company": {"en": "4. Each company's earnings", "ja": "4. 各企業の利益"},
    "meth_company": {
        "en": "A company's revenue moves with its shares of GPU, ASIC and infrastructure "
              "revenue and with its sensitivity to cheaper AI; a buyer of compute saves part of "
              "its AI spend (half of the saving on the AI it would have bought anyway, never "
              "more than it spends); a seller of compute capacity earns from compute demand. "
              "Earnings move by the operating leverage times revenue, and never "
              "fall below {floor} of today's. These exposures come from annual filings or "
              "stated estimates, each with its source (see Data sources).",
        "ja": "企業の売上は、GPU・ASIC・インフラ関連売上の比率と、AIが安くなることへの感応度に応じて"
              "動きます。計算を買う側の企業はAI支出の一部を節約します（もともと買うはずだったAIの節約分の半分で、支出額を超えません）。計算能力を売る企業は計算需要から収入を得ます。利益は売上の変化に営業レバレッジを"
              "掛けた分だけ動き、現在の{floor}を下回ることはありません。これらのエクスポージャーは"
              "年次報告書または明記した推定に基づき、すべて出典付きです（「データの出典」を参照）。"},
    "meth_company_eq": {
        "en": "ΔRev = gpu·(G−1) + asic·(A−1) + infra·(I−1) + compute_sell·(D−1) + ai_upside·ln Q;   "
              "E = 1 + op_leverage·ΔRev + ½·ai_cost·(1 − c·(1+π))/margin",
        "ja": "ΔRev = gpu·(G−1) + asic·(A−1) + infra·(I−1) + compute_sell·(D−1) + ai_upside·ln Q、 "
              "E = 1 + op_leverage·ΔRev + ½·ai_cost·(1 − c·(1+π))/margin"},
    "meth_h_value": {"en": "5. From earnings to price", "ja": "5. 利益から価格へ"},
    "meth_value": {
        "en": "The value of a company relative to no shock is the discounted average of its "
              "earnings multiplier over the {T} quarters, with the last quarter's earnings "
              "valued as a perpetuity, at a discount rate of {r} a year and long-run growth "
              "of {g}. On top, the AI-infrastructure narrative de-rates by {s} log points and "
              "fades with a half-life of {tau_s} quarters (a company fully exposed to it is "
              "worth {sent0} of its value on day one from this alone); the market outside AI "
              "moves by {M}, times each company's beta; and a USD asset held against {base} "
              "moves with the dollar ({fx}). Day one prices {p} of the story's change in value (the "
              "market's odds that it plays out); the share rises to all of it at the horizon, "
              "the figure labelled \"if the story plays out\".",
        "ja": "ショックなしに対する企業価値は、{T}四半期の利益倍率の割引平均に、最終四半期の利益を"
              "永続価値として加えたものです（割引率 年{r}、長期成長率 {g}）。これに加えて、AIインフラへの"
              "期待が{s}対数ポイント剥落し、半減期{tau_s}四半期で戻ります（期待に完全に依存する企業は"
              "これだけで初日に価値の{sent0}になります）。AI以外の市場は{M}動き、各企業のベータ倍で"
              "効きます。{base}建てで保有する米ドル資産はドルの変化（{fx}）に連動します。初日はシナリオによる"
              "価値変化のうち{p}だけを織り込み（実現する確率の市場評価）、ホライズンでは全部を織り込みます"
              "（「シナリオが実現した場合」の数字）。"},
    "meth_value_eq": {"en": "P(t) = (1 + p(t)·(F(t)−1))·exp(−narrative·s(t))·(1 + beta·M);   "
                            "s(t) = s·2^(−t/τₛ);   p(t) = p + (1−p)·t/T",
                      "ja": "P(t) = (1 + p(t)·(F(t)−1))·exp(−narrative·s(t))·(1 + beta·M)、 "
                            "s(t) = s·2^(−t/τₛ)、 p(t) = p + (1−p)·t/T"},
    "meth_h_attribution": {"en": "6. Attribution", "ja": "6. 要因分解"},
    "meth_attribution": {
        "en": "Each holding's P&L is split into six channels by switching them on one at a "
              "time in this order: compute demand, AI upside, AI cost savings, sentiment, "
              "market, exchange rate. Each part is the change in value when its channel is "
              "switched on, so the parts add up exactly to the P&L. ETFs are looked through "
              "to their largest holdings; a ticker outside the library moves with the market "
              "only (beta 1, no AI exposure).",
        "ja": "各銘柄の損益は、計算需要、AIによる増収、AIコストの削減、センチメント、市場全体、為替の"
              "順に要因を一つずつ加えて6つに分けます。各要因の寄与はそれを加えたときの価値の変化なので、"
              "合計は損益に正確に一致します。ETFは主要な組入銘柄に分解し、ライブラリにない銘柄は市場全体"
              "の動きだけを反映します（ベータ1、AIへのエクスポージャーなし）。"},
    "meth_h_limits": {"en": "7. What the model leaves out", "ja": "7. モデルが扱わないこと"},
    "meth_limits": {
        "en": "Day one is the value at quarter 0 with the scenario's central parameter values. "
              "The model puts numbers on a story; it does not predict prices. Company news, "
              "earnings surprises, liquidity and flows are outside it.",
        "ja": "初日は、シナリオの中心的なパラメータ値での第0四半期の評価額です。モデルはシナリオに"
              "数値を与えるものであり、価格を予測するものではありません。個別企業のニュース、決算の"
              "サプライズ、流動性や資金フローは扱いません。"},
    "meth_mc": {
        "en": "Uncertain parameters are drawn {draws} times (seed {seed}) and the whole chain is "
              "evaluated for every draw; the distribution section reports the spread of P&L.",
        "ja": "不確実なパラメータを{draws}回抽出し（シード{seed}）、抽出ごとに全段階を計算します。"
              "損益のばらつきは「損益の分布」の節に示します。"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """The report text ``key`` in ``lang``, with ``fields`` filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    template = TEXT[key][lang]
    return template.format(**fields) if fields else template

