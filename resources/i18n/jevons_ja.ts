<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>Portfolio</source>
        <translation>ポートフォリオ</translation>
    </message>
    <message>
        <source>The scenario has changed since these numbers were computed; they are for the earlier settings. Run again to update them.</source>
        <translation>これらの数値を計算した後にシナリオが変わりました。表示は変更前の設定によるものです。最新にするにはもう一度実行してください。</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Drivers</source>
        <translation>要因</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>感応度</translation>
    </message>
    <message>
        <source>Reverse stress</source>
        <translation>リバース・ストレス</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>実行中…</translation>
    </message>
    <message>
        <source>The scenario changed during the run, so its result was dropped. Run again.</source>
        <translation>実行中にシナリオが変わったため、結果は破棄しました。もう一度実行してください。</translation>
    </message>
    <message>
        <source>Monte Carlo: {0} draws</source>
        <translation>モンテカルロ：{0}回</translation>
    </message>
    <message>
        <source>Choose two different parameters.</source>
        <translation>異なる2つのパラメータを選んでください。</translation>
    </message>
    <message>
        <source>Sensitivity grid</source>
        <translation>感応度グリッド</translation>
    </message>
    <message>
        <source>The run failed: {0}</source>
        <translation>実行に失敗しました：{0}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Press “Run Monte Carlo” to draw the scenario&apos;s uncertain parameters {0} times and see the range of outcomes at the horizon.</source>
        <translation>「モンテカルロを実行」を押すと、シナリオの不確実なパラメータを{0}回抽出し、最終時点の結果の幅を表示します。</translation>
    </message>
    <message>
        <source>Press “Run Monte Carlo and tornado” to see which assumptions move the P&amp;L most, and how much of the spread is ordinary market noise.</source>
        <translation>「モンテカルロとトルネードを実行」を押すと、どの前提が損益を最も動かすか、結果のばらつきのうちどれだけが通常の市場ノイズかを表示します。</translation>
    </message>
    <message>
        <source>{0} draws, seed {1}, stock noise {2}.</source>
        <translation>{0}回の抽出、シード{1}、個別銘柄のノイズ{2}。</translation>
    </message>
    <message>
        <source>on</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>off</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>This scenario has no uncertain parameters: give some a distribution in a scenario file (see docs/uncertainty.md).</source>
        <translation>このシナリオには不確実なパラメータがありません。シナリオ・ファイルで分布を指定してください（docs/uncertainty.md を参照）。</translation>
    </message>
    <message>
        <source>Choose two parameters and press Compute grid.</source>
        <translation>2つのパラメータを選び、「グリッドを計算」を押してください。</translation>
    </message>
    <message>
        <source>Hover for the exact value; click a cell to use it.</source>
        <translation>マウスを重ねると正確な値を表示します。セルをクリックするとその値を使います。</translation>
    </message>
</context>
<context>
    <name>AttributionChart</name>
    <message>
        <source>at the horizon</source>
        <extracomment>Rows drawn at most (the last one &quot;others&quot; when there are more holdings). Fewer rows when the chart is short: each needs this many pixels to stay legible. On screen the rows follow the height; a report sets False and draws :attr:`max_rows`.</extracomment>
        <translation>最終時点</translation>
    </message>
    <message>
        <source>on day one</source>
        <translation>初日</translation>
    </message>
    <message>
        <source>P&amp;L by cause, {0}</source>
        <translation>要因別の損益（{0}）</translation>
    </message>
    <message>
        <source>P&amp;L ({0})</source>
        <translation>損益（{0}）</translation>
    </message>
    <message>
        <source>P&amp;L</source>
        <translation>損益</translation>
    </message>
    <message>
        <source>Realised price move</source>
        <translation>実際の値動き</translation>
    </message>
    <message>
        <source>Others ({0})</source>
        <translation>その他（{0}銘柄）</translation>
    </message>
    <message>
        <source>Net P&amp;L</source>
        <translation>損益合計</translation>
    </message>
</context>
<context>
    <name>ChartArea</name>
    <message>
        <source>Value over time</source>
        <extracomment>Tabs before the analysis pages: value path, demand, all presets.</extracomment>
        <translation>評価額の推移</translation>
    </message>
    <message>
        <source>Compute demand</source>
        <translation>計算需要</translation>
    </message>
    <message>
        <source>All scenarios</source>
        <translation>全シナリオ比較</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <source>Save chart as PNG…</source>
        <extracomment>Which gridlines the chart draws, (x, y): values run up the y axis by default.</extracomment>
        <translation>グラフをPNGで保存…</translation>
    </message>
    <message>
        <source>Save chart as SVG…</source>
        <translation>グラフをSVGで保存…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG画像 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG画像 (*.svg)</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>グラフを保存</translation>
    </message>
    <message>
        <source>Could not save the chart: {0}</source>
        <translation>グラフを保存できませんでした: {0}</translation>
    </message>
</context>
<context>
    <name>CoverageBanner</name>
    <message>
        <source>Right-click a holding to give it a category.</source>
        <extracomment>Holdings named in the banner at most (the rest as &quot;…&quot;).</extracomment>
        <translation>銘柄を右クリックすると業種を指定できます。</translation>
    </message>
</context>
<context>
    <name>DemandChart</name>
    <message>
        <source>Compute demand after the shock</source>
        <translation>ショック後の計算需要</translation>
    </message>
    <message>
        <source>Index (no shock = 1)</source>
        <translation>指数（ショックなし＝1）</translation>
    </message>
    <message>
        <source>Quarters after the shock</source>
        <translation>ショック後の四半期</translation>
    </message>
    <message>
        <source>No shock</source>
        <translation>ショックなし</translation>
    </message>
    <message>
        <source>Compute demand D(t)</source>
        <translation>計算需要 D(t)</translation>
    </message>
    <message>
        <source>GPU spend G(t)</source>
        <translation>GPU支出 G(t)</translation>
    </message>
    <message>
        <source>ASIC spend A(t)</source>
        <translation>ASIC支出 A(t)</translation>
    </message>
</context>
<context>
    <name>DistributionChart</name>
    <message>
        <source>Range of outcomes at the horizon</source>
        <translation>最終時点の結果の幅</translation>
    </message>
    <message>
        <source>P&amp;L at the horizon ({0})</source>
        <translation>最終時点の損益（{0}）</translation>
    </message>
    <message>
        <source>P&amp;L at the horizon</source>
        <translation>最終時点の損益</translation>
    </message>
    <message>
        <source>Share of draws (%)</source>
        <translation>抽出に占める割合（%）</translation>
    </message>
    <message>
        <source>Worst 5% of draws</source>
        <translation>最悪の5%の抽出</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>VaR 95%</source>
        <translation>VaR 95%</translation>
    </message>
    <message>
        <source>ES 95%</source>
        <translation>ES 95%</translation>
    </message>
    <message>
        <source>VaR 99%</source>
        <translation>VaR 99%</translation>
    </message>
    <message>
        <source>ES 99%</source>
        <translation>ES 99%</translation>
    </message>
    <message>
        <source>P&amp;L from {0} to {1}</source>
        <translation>損益 {0} 〜 {1}</translation>
    </message>
</context>
<context>
    <name>DistributionPage</name>
    <message>
        <source>Draws</source>
        <translation>抽出回数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>The same seed and number of draws give the same numbers</source>
        <translation>同じシードと抽出回数なら同じ数値になります</translation>
    </message>
    <message>
        <source>Stock noise</source>
        <translation>個別銘柄のノイズ</translation>
    </message>
    <message>
        <source>Add each stock&apos;s own documented volatility (market and AI factors plus its own part), not only the uncertain assumptions</source>
        <translation>不確実な前提だけでなく、各銘柄の文書化されたボラティリティ（市場とAIのファクター、および固有の部分）も加えます</translation>
    </message>
    <message>
        <source>Run Monte Carlo</source>
        <translation>モンテカルロを実行</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>統計量</translation>
    </message>
    <message>
        <source>P&amp;L (return)</source>
        <translation>損益（リターン）</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中央値</translation>
    </message>
    <message>
        <source>5th percentile</source>
        <translation>5パーセンタイル</translation>
    </message>
    <message>
        <source>95th percentile</source>
        <translation>95パーセンタイル</translation>
    </message>
    <message>
        <source>VaR 95%</source>
        <translation>VaR 95%</translation>
    </message>
    <message>
        <source>ES 95%</source>
        <translation>ES 95%</translation>
    </message>
    <message>
        <source>VaR 99%</source>
        <translation>VaR 99%</translation>
    </message>
    <message>
        <source>ES 99%</source>
        <translation>ES 99%</translation>
    </message>
    <message>
        <source>The P&amp;L that 95% of the draws do better than</source>
        <translation>抽出の95%がこれより良くなる損益</translation>
    </message>
    <message>
        <source>The mean P&amp;L of the worst 5% of the draws</source>
        <translation>最悪の5%の抽出の平均損益</translation>
    </message>
    <message>
        <source>The P&amp;L that 99% of the draws do better than</source>
        <translation>抽出の99%がこれより良くなる損益</translation>
    </message>
    <message>
        <source>The mean P&amp;L of the worst 1% of the draws</source>
        <translation>最悪の1%の抽出の平均損益</translation>
    </message>
    <message>
        <source>Chance of any loss</source>
        <translation>損失になる確率</translation>
    </message>
    <message>
        <source>Chance of losing {0} or more</source>
        <translation>{0}以上損する確率</translation>
    </message>
</context>
<context>
    <name>DriversPage</name>
    <message>
        <source>&lt;b&gt;Assumptions: {0} of the spread of outcomes.&lt;/b&gt; Ordinary market noise (each stock&apos;s own day-to-day moves) and the interplay of the assumptions: {1}. Each bar&apos;s percentage is its part of the assumptions&apos; {0}.</source>
        <translation>&lt;b&gt;前提が結果のばらつきの{0}を説明します。&lt;/b&gt;通常の市場ノイズ（各銘柄固有の日々の値動き）と前提どうしの相互作用：{1}。各バーの割合は、前提による{0}のうちの内訳です。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Assumptions: {0} of the spread of outcomes&lt;/b&gt; (stock noise is off); their interplay: {1}. Each bar&apos;s percentage is its part of the assumptions&apos; {0}.</source>
        <translation>&lt;b&gt;前提が結果のばらつきの{0}を説明します&lt;/b&gt;（個別銘柄のノイズはなし）。前提どうしの相互作用：{1}。各バーの割合は、前提による{0}のうちの内訳です。</translation>
    </message>
    <message>
        <source>Run Monte Carlo and tornado</source>
        <translation>モンテカルロとトルネードを実行</translation>
    </message>
    <message>
        <source>Uses the draws, seed and noise of the Distribution tab</source>
        <translation>「分布」タブの抽出回数・シード・ノイズの設定を使います</translation>
    </message>
    <message>
        <source>Each bar: the P&amp;L at the horizon with one parameter at its 5% or 95% quantile and the others at their medians. The shares of the spread come from the Monte Carlo draws.</source>
        <translation>各バーは、一つのパラメータを5%点または95%点に置き、他を中央値にしたときの最終時点の損益です。ばらつきの割合はモンテカルロの抽出から求めます。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Cannot use this file</source>
        <translation>このファイルは使えません</translation>
    </message>
    <message>
        <source>Where: {0}</source>
        <translation>場所: {0}</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>問題が発生しました</translation>
    </message>
    <message>
        <source>Jevons hit an unexpected error and carried on: {0}</source>
        <translation>予期しないエラーが発生しましたが、Jevonsは動作を続けています: {0}</translation>
    </message>
    <message>
        <source>The details are in the log file:
{0}</source>
        <translation>詳細はログファイルにあります:
{0}</translation>
    </message>
    <message>
        <source>The log folder cannot be written; the details are below.</source>
        <translation>ログ・フォルダーに書き込めません。詳細は以下のとおりです。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export report</source>
        <translation>レポートを出力</translation>
    </message>
    <message>
        <source>PDF (print-ready)</source>
        <translation>PDF（印刷用）</translation>
    </message>
    <message>
        <source>HTML (one file)</source>
        <translation>HTML（1ファイル）</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Excelブック（XLSX）</translation>
    </message>
    <message>
        <source>CSV (tidy table)</source>
        <translation>CSV（整然データ）</translation>
    </message>
    <message>
        <source>JSON (machine-readable)</source>
        <translation>JSON（機械可読）</translation>
    </message>
    <message>
        <source>All formats into a folder</source>
        <translation>全形式をフォルダへ</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>用紙</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存先</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>This is a historical replay: the report says so on every page and shows the value the event data does not cover.</source>
        <translation>これは過去の再現です。レポートの各ページにその旨を記し、イベントのデータで対象外となる評価額も示します。</translation>
    </message>
    <message>
        <source>Folder for the reports</source>
        <translation>レポートの保存フォルダ</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>レポートを保存</translation>
    </message>
    <message>
        <source>Choose where to save the report.</source>
        <translation>レポートの保存先を選んでください。</translation>
    </message>
    <message>
        <source>The folder {0} does not exist.</source>
        <translation>フォルダ {0} がありません。</translation>
    </message>
    <message>
        <source>Drawing the charts…</source>
        <translation>グラフを描画中…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>出力中…</translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation>ファイルを置き換えますか？</translation>
    </message>
    <message>
        <source>These files exist already and will be replaced:
{0}</source>
        <translation>次のファイルは既にあり、置き換えられます：
{0}</translation>
    </message>
    <message>
        <source>Saved {0} file(s).</source>
        <translation>{0} 個のファイルを保存しました。</translation>
    </message>
    <message>
        <source>The export failed: {0}</source>
        <translation>出力に失敗しました：{0}</translation>
    </message>
    <message>
        <source>Export cancelled; no partial file was left.</source>
        <translation>出力を中止しました。書きかけのファイルは残っていません。</translation>
    </message>
</context>
<context>
    <name>FX</name>
    <message>
        <source>USD/JPY</source>
        <extracomment>Pairs with a name of their own in some language (ドル円 for USD/JPY), marked for lupdate; a pair without a translation is shown by its codes.</extracomment>
        <translation>ドル円</translation>
    </message>
    <message>
        <source>EUR/JPY</source>
        <translation>ユーロ円</translation>
    </message>
    <message>
        <source>GBP/JPY</source>
        <translation>ポンド円</translation>
    </message>
    <message>
        <source>AUD/JPY</source>
        <translation>豪ドル円</translation>
    </message>
    <message>
        <source>CHF/JPY</source>
        <translation>スイスフラン円</translation>
    </message>
    <message>
        <source>CAD/JPY</source>
        <translation>カナダドル円</translation>
    </message>
    <message>
        <source>HKD/JPY</source>
        <translation>香港ドル円</translation>
    </message>
    <message>
        <source>EUR/USD</source>
        <translation>ユーロドル</translation>
    </message>
    <message>
        <source>GBP/USD</source>
        <translation>ポンドドル</translation>
    </message>
    <message>
        <source>AUD/USD</source>
        <translation>豪ドル米ドル</translation>
    </message>
</context>
<context>
    <name>HeatmapChart</name>
    <message>
        <source>Return over two parameters</source>
        <translation>2つのパラメータに対するリターン</translation>
    </message>
    <message>
        <source>on day one</source>
        <translation>初日</translation>
    </message>
    <message>
        <source>at the horizon</source>
        <translation>最終時点</translation>
    </message>
    <message>
        <source>the portfolio</source>
        <translation>ポートフォリオ</translation>
    </message>
    <message>
        <source>Return of {0} {1} (%)</source>
        <translation>{0}の{1}のリターン（%）</translation>
    </message>
    <message>
        <source>The scenario now</source>
        <translation>現在のシナリオ</translation>
    </message>
    <message>
        <source>Break-even (0%)</source>
        <translation>損益分岐（0%）</translation>
    </message>
    <message>
        <source>{0} return</source>
        <translation>リターン{0}</translation>
    </message>
</context>
<context>
    <name>HoldingsModel</name>
    <message>
        <source>Ticker</source>
        <extracomment>Model columns (keys into the holdings frame, except &quot;exposure&quot; which is composed): what a person opens the app for first, the rest behind the header&apos;s column chooser. The columns shown until the user chooses others (header right-click). The roles the model answers; every other one is None without a look at the cell. The columns a new scenario changes (the rest come from the book). The value columns in runs of neighbours: one dataChanged each.</extracomment>
        <translation>ティッカー</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>銘柄名</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>価格</translation>
    </message>
    <message>
        <source>Value, day one</source>
        <translation>評価額（初日）</translation>
    </message>
    <message>
        <source>Day one</source>
        <translation>初日</translation>
    </message>
    <message>
        <source>Value after the day-one repricing</source>
        <translation>初日の再評価後の評価額</translation>
    </message>
    <message>
        <source>Gain or loss on day one, in the base currency</source>
        <translation>初日の損益（基準通貨）</translation>
    </message>
    <message>
        <source>Return on day one</source>
        <translation>初日のリターン</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>評価額</translation>
    </message>
    <message>
        <source>P&amp;L</source>
        <translation>損益</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>最終時点</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>根拠</translation>
    </message>
    <message>
        <source>Value before the shock: shares × price, in the base currency</source>
        <translation>ショック前の評価額：数量 × 価格（基準通貨）</translation>
    </message>
    <message>
        <source>Return at the scenario&apos;s horizon, if the story plays out</source>
        <translation>シナリオが想定どおり進んだ場合の最終時点のリターン</translation>
    </message>
    <message>
        <source>Where the holding&apos;s exposures come from: the curated library, an estimate, its industry or fund, or the market only when nothing is known</source>
        <translation>銘柄のエクスポージャーの根拠：精査済みライブラリ、推定、業種またはファンド、何も分からない場合は市場連動のみ</translation>
    </message>
    <message>
        <source>Value, event day</source>
        <translation>評価額（イベント当日）</translation>
    </message>
    <message>
        <source>P&amp;L, event day</source>
        <translation>損益（イベント当日）</translation>
    </message>
    <message>
        <source>Realised</source>
        <translation>実績</translation>
    </message>
    <message>
        <source>Event data</source>
        <translation>イベントのデータ</translation>
    </message>
    <message>
        <source>The holding&apos;s realised return over the event window, with the event&apos;s USD/JPY move for a holding in the other currency</source>
        <translation>イベント期間中の実際の騰落率（基準通貨と異なる通貨の銘柄にはイベント時のドル円の変化も含む）</translation>
    </message>
    <message>
        <source>Whether the event file has a realised return for the holding</source>
        <translation>イベントのファイルにこの銘柄の実績騰落率があるかどうか</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>データなし</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>現金</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データなし</translation>
    </message>
    <message>
        <source>The event file has no return for this holding: its value is left unchanged and counted as not covered (never guessed)</source>
        <translation>イベントのファイルにこの銘柄の騰落率がありません。評価額は変えず、対象外として数えます（推測はしません）</translation>
    </message>
    <message>
        <source>Cash moves only with the event&apos;s exchange rate</source>
        <translation>現金はイベント時の為替レートの変化だけで動きます</translation>
    </message>
    <message>
        <source>Realised return {0}</source>
        <translation>実際の騰落率 {0}</translation>
    </message>
</context>
<context>
    <name>HoldingsView</name>
    <message>
        <source>Default columns</source>
        <extracomment>Columns never hidden: without the ticker a row names nothing. The widest the name column gets when fitted (the full name is in the tooltip). Added to a fitted column so the sort arrow never covers the header&apos;s text.</extracomment>
        <translation>既定の列に戻す</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a portfolio</source>
        <extracomment>Currencies offered for a weights-only file&apos;s total value. Per column, the words shown for the engine&apos;s values (a row&apos;s status and kind).</extracomment>
        <translation>ポートフォリオの読み込み</translation>
    </message>
    <message>
        <source>File: {0}</source>
        <translation>ファイル: {0}</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>プロファイル:</translation>
    </message>
    <message>
        <source>(detect)</source>
        <translation>（自動検出）</translation>
    </message>
    <message>
        <source>Load profile…</source>
        <translation>プロファイルを開く…</translation>
    </message>
    <message>
        <source>Save as profile…</source>
        <translation>プロファイルとして保存…</translation>
    </message>
    <message>
        <source>How the file is written</source>
        <translation>ファイルの形式</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>文字コード</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>区切り文字</translation>
    </message>
    <message>
        <source>Decimal mark</source>
        <translation>小数点</translation>
    </message>
    <message>
        <source>Header on line</source>
        <translation>見出し行</translation>
    </message>
    <message>
        <source>comma  ,</source>
        <translation>カンマ  ,</translation>
    </message>
    <message>
        <source>semicolon  ;</source>
        <translation>セミコロン  ;</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>タブ</translation>
    </message>
    <message>
        <source>bar  |</source>
        <translation>縦棒  |</translation>
    </message>
    <message>
        <source>point  1,234.56</source>
        <translation>ピリオド  1,234.56</translation>
    </message>
    <message>
        <source>comma  1.234,56</source>
        <translation>カンマ  1.234,56</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列の対応</translation>
    </message>
    <message>
        <source>Ticker</source>
        <translation>ティッカー</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>銘柄名</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>価格</translation>
    </message>
    <message>
        <source>Cost per share</source>
        <translation>取得単価</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>取得総額</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>比率</translation>
    </message>
    <message>
        <source>Total value</source>
        <translation>評価額合計</translation>
    </message>
    <message>
        <source>The file gives weights only: the portfolio&apos;s total value makes them amounts</source>
        <translation>このファイルは比率だけです。ポートフォリオの評価額合計から金額を求めます</translation>
    </message>
    <message>
        <source>Market value</source>
        <translation>時価評価額</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>通貨</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>口座</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>読込</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>除外</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>security</source>
        <translation>株式・ETF</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>現金</translation>
    </message>
    <message>
        <source>money market</source>
        <translation>MMF</translation>
    </message>
    <message>
        <source>bond</source>
        <translation>債券</translation>
    </message>
    <message>
        <source>option</source>
        <translation>オプション</translation>
    </message>
    <message>
        <source>fund</source>
        <translation>投資信託</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>（使わない）</translation>
    </message>
    <message>
        <source>Cannot use this setting</source>
        <translation>この設定は使えません</translation>
    </message>
    <message>
        <source>confidence {0}%</source>
        <translation>確度 {0}%</translation>
    </message>
    <message>
        <source>How sure the detection is; pick another value if it is wrong</source>
        <translation>自動検出の確からしさです。違っていれば別の値を選んでください</translation>
    </message>
    <message>
        <source>First {0} of {1} rows, as they will be read</source>
        <translation>全{1}行のうち最初の{0}行（読み込まれる内容）</translation>
    </message>
    <message>
        <source>Problems: none</source>
        <translation>問題: なし</translation>
    </message>
    <message>
        <source>Problems: {0} error(s), {1} other note(s)</source>
        <translation>問題: エラー{0}件、その他の注意{1}件</translation>
    </message>
    <message>
        <source>Fix the errors listed below first</source>
        <translation>先に下のエラーを直してください</translation>
    </message>
    <message>
        <source>Save import profile</source>
        <translation>読み込みプロファイルを保存</translation>
    </message>
    <message>
        <source>Import profiles (*.toml)</source>
        <translation>読み込みプロファイル (*.toml)</translation>
    </message>
    <message>
        <source>Load import profile</source>
        <translation>読み込みプロファイルを開く</translation>
    </message>
</context>
<context>
    <name>KpiStrip</name>
    <message>
        <source>Exposure data</source>
        <translation>エクスポージャーの根拠</translation>
    </message>
    <message>
        <source>Share of the value whose exposures come from data (the library, an estimate, an industry or a fund) rather than from the market alone</source>
        <translation>市場連動だけでなく、データ（ライブラリ、推定、業種、ファンド）に基づくエクスポージャーを持つ評価額の割合</translation>
    </message>
    <message>
        <source>Portfolio value, before → event day</source>
        <translation>評価額（前 → イベント当日）</translation>
    </message>
    <message>
        <source>P&amp;L on the event day (realised)</source>
        <translation>イベント当日の損益（実績）</translation>
    </message>
    <message>
        <source>Not covered by the event data</source>
        <translation>イベントのデータの対象外</translation>
    </message>
    <message>
        <source>Worst holding, event day</source>
        <translation>騰落率が最も低い銘柄（イベント当日）</translation>
    </message>
    <message>
        <source>Best holding, event day</source>
        <translation>騰落率が最も高い銘柄（イベント当日）</translation>
    </message>
    <message>
        <source>Portfolio value, before → day one</source>
        <translation>評価額（前 → 初日）</translation>
    </message>
    <message>
        <source>P&amp;L on day one</source>
        <translation>初日の損益</translation>
    </message>
    <message>
        <source>Worst holding, day one</source>
        <translation>騰落率が最も低い銘柄（初日）</translation>
    </message>
    <message>
        <source>Best holding, day one</source>
        <translation>騰落率が最も高い銘柄（初日）</translation>
    </message>
    <message>
        <source>P&amp;L at the horizon ({0} quarters)</source>
        <translation>最終時点の損益（{0}四半期後）</translation>
    </message>
    <message>
        <source>P&amp;L at the horizon</source>
        <translation>最終時点の損益</translation>
    </message>
    <message>
        <source>realised on {0}, not modelled</source>
        <translation>{0}の実績（モデルではありません）</translation>
    </message>
    <message>
        <source>{0} of the value · {1} holding(s) with no data</source>
        <translation>評価額の{0} · データなし {1} 銘柄</translation>
    </message>
    <message>
        <source>at the horizon: {0}</source>
        <translation>最終時点: {0}</translation>
    </message>
    <message>
        <source>{0} covered</source>
        <translation>{0} をカバー</translation>
    </message>
    <message>
        <source>{0} market only or unpriced</source>
        <translation>市場連動のみ・価格なし {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>loading the model</source>
        <translation>モデルを読み込んでいます</translation>
    </message>
    <message>
        <source>loading the charts</source>
        <translation>グラフを準備しています</translation>
    </message>
    <message>
        <source>reading the scenarios</source>
        <translation>シナリオを読み込んでいます</translation>
    </message>
    <message>
        <source>building the window</source>
        <translation>画面を組み立てています</translation>
    </message>
    <message>
        <source>Could not start: {0}</source>
        <translation>起動できませんでした: {0}</translation>
    </message>
    <message>
        <source>Starting: {0}…</source>
        <translation>起動中: {0}…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open portfolio…</source>
        <translation>ポートフォリオを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近使ったファイル(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save scenario…</source>
        <translation>シナリオを保存(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Load scenario…</source>
        <translation>シナリオを開く(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Validation against baselines…</source>
        <translation>単純なベータとの比較検証(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Update prices (online)</source>
        <translation>価格を更新（オンライン）(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>シナリオ(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Replay an event</source>
        <translation>過去のイベントを再現(&amp;R)</translation>
    </message>
    <message>
        <source>{0} (history)</source>
        <translation>{0}（過去の実績）</translation>
    </message>
    <message>
        <source>&amp;Back to the model</source>
        <translation>モデルに戻る(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Model check against {0}…</source>
        <translation>{0}の実績でモデルを検証(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Model check…</source>
        <translation>実績でモデルを検証(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>P&amp;&amp;L by cause at the &amp;horizon</source>
        <translation>要因別損益を最終時点で表示(&amp;H)</translation>
    </message>
    <message>
        <source>Base &amp;currency</source>
        <translation>基準通貨(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>テーマ(&amp;T)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Methodology</source>
        <translation>計算方法(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;About Jevons</source>
        <translation>Jevonsについて(&amp;A)</translation>
    </message>
    <message>
        <source>Loading the portfolio…</source>
        <translation>ポートフォリオを読み込んでいます…</translation>
    </message>
    <message>
        <source>Right-click a holding on fallback to choose its category</source>
        <translation>代替設定の銘柄を右クリックすると分類を選べます</translation>
    </message>
    <message>
        <source>{0} note(s) from the import: {1}</source>
        <translation>読み込み時の注意 {0}件: {1}</translation>
    </message>
    <message>
        <source>Open a portfolio</source>
        <translation>ポートフォリオを開く</translation>
    </message>
    <message>
        <source>Portfolio files ({0});;All files (*)</source>
        <translation>ポートフォリオファイル ({0});;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（最近使ったファイルはありません）</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>シナリオを保存</translation>
    </message>
    <message>
        <source>Scenario files (*.toml)</source>
        <translation>シナリオファイル (*.toml)</translation>
    </message>
    <message>
        <source>Scenario saved to {0}</source>
        <translation>シナリオを保存しました: {0}</translation>
    </message>
    <message>
        <source>Load scenario</source>
        <translation>シナリオを開く</translation>
    </message>
    <message>
        <source>Treat {0} as</source>
        <translation>{0} の分類</translation>
    </message>
    <message>
        <source>Treat {0} as:</source>
        <translation>{0} をどの分類として扱うか:</translation>
    </message>
    <message>
        <source>history: {0}</source>
        <translation>過去の再現：{0}</translation>
    </message>
    <message>
        <source>No portfolio loaded: File → Open, or drop a CSV file here</source>
        <translation>ポートフォリオが読み込まれていません：ファイル → 開く、またはCSVファイルをここにドロップしてください</translation>
    </message>
    <message>
        <source>{0} — {1} holdings</source>
        <translation>{0} — {1}銘柄</translation>
    </message>
    <message>
        <source>Prices from the file</source>
        <translation>価格はファイルの値</translation>
    </message>
    <message>
        <source>Prices as of {0}</source>
        <translation>価格 {0}時点</translation>
    </message>
    <message>
        <source>{0} · {1} ({2})</source>
        <translation>{0} · {1}（{2}）</translation>
    </message>
    <message>
        <source>Updating prices…</source>
        <translation>価格を更新中…</translation>
    </message>
    <message>
        <source>Prices updated: {0} closes, {1} exchange rates</source>
        <translation>価格を更新しました：終値 {0} 件、為替レート {1} 件</translation>
    </message>
    <message>
        <source> (no close for {0})</source>
        <translation>（{0} は終値なし）</translation>
    </message>
    <message>
        <source>Open a portfolio first, then export its report.</source>
        <translation>先にポートフォリオを開いてから、レポートを出力してください。</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>エクスポートしました: {0}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Jevons {0}&lt;/h3&gt;&lt;p&gt;Stress-tests a stock portfolio against DeepSeek-style AI-efficiency shocks.&lt;/p&gt;&lt;p&gt;Prices as of {1}; exchange rates as of {2}.&lt;br&gt;Exposure numbers: resources/exposures.csv, each with its source.&lt;/p&gt;&lt;p&gt;A what-if calculator, not investment advice.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Jevons {0}&lt;/h3&gt;&lt;p&gt;DeepSeekのようなAI効率化ショックに対して、株式ポートフォリオのストレステストを行います。&lt;/p&gt;&lt;p&gt;価格は{1}時点、為替レートは{2}時点のものです。&lt;br&gt;エクスポージャーの数値: resources/exposures.csv（数値ごとに出典付き）。&lt;/p&gt;&lt;p&gt;仮定に基づく試算ツールであり、投資助言ではありません。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Jevons</source>
        <translation>Jevonsについて</translation>
    </message>
    <message>
        <source>&lt;h3&gt;How Jevons computes&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1. Cheaper AI.&lt;/b&gt; An efficiency gain k, adopted by a share α of AI workloads over time, lowers the cost of a unit of AI capability.&lt;/p&gt;&lt;p&gt;&lt;b&gt;2. Demand answers.&lt;/b&gt; With price elasticity ε, capability demanded rises as it gets cheaper. Compute demanded D = c^(1−ε): below ε = 1 less compute is bought; above 1 more (the Jevons paradox). ε drifts from its short-run to its long-run value.&lt;/p&gt;&lt;p&gt;&lt;b&gt;3. Where the money goes.&lt;/b&gt; Accelerator spend splits into GPUs, custom ASICs (a share σ moves there) and infrastructure.&lt;/p&gt;&lt;p&gt;&lt;b&gt;4. Each company.&lt;/b&gt; Revenue moves with its documented exposures (GPU, ASIC, infrastructure, AI upside); buyers of compute save on AI cost. Earnings follow with operating leverage; a discounted earnings path gives the value.&lt;/p&gt;&lt;p&gt;&lt;b&gt;5. Price.&lt;/b&gt; Sentiment on the AI-infrastructure narrative (fading with a half-life), the broad market (beta) and the US dollar against your base currency move the price on top.&lt;/p&gt;&lt;p&gt;The P&amp;amp;L of every holding is split into these causes, which add up exactly to the total. Holdings outside the library take exposures estimated from their own price history and industry, funds are seen through to what they hold, and a holding with neither moves with the market only.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Jevonsの計算方法&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1. AIが安くなる。&lt;/b&gt;効率化の倍率 k が、AIワークロードのうち割合 α に時間をかけて採用され、AI能力1単位あたりのコストが下がります。&lt;/p&gt;&lt;p&gt;&lt;b&gt;2. 需要が反応する。&lt;/b&gt;価格弾力性 ε により、安くなるほど求められるAI能力は増えます。計算需要は D = c^(1−ε)：ε が1未満なら購入される計算資源は減り、1を超えると増えます（ジェボンズのパラドックス）。ε は短期の値から長期の値へ移っていきます。&lt;/p&gt;&lt;p&gt;&lt;b&gt;3. お金の行き先。&lt;/b&gt;アクセラレーターへの支出は、GPU、カスタムASIC（割合 σ がこちらへ移る）、インフラに分かれます。&lt;/p&gt;&lt;p&gt;&lt;b&gt;4. 各企業。&lt;/b&gt;売上は文書化されたエクスポージャー（GPU、ASIC、インフラ、AIによる増収）に沿って動き、計算資源の買い手はAIコストを節約します。利益は営業レバレッジに従って動き、割り引いた利益の経路から企業価値が決まります。&lt;/p&gt;&lt;p&gt;&lt;b&gt;5. 株価。&lt;/b&gt;AIインフラの物語に対する市場心理（半減期で薄れる）、市場全体（ベータ）、基準通貨に対する米ドルがさらに株価を動かします。&lt;/p&gt;&lt;p&gt;各銘柄の損益はこれらの要因に分解され、その合計は損益全体と正確に一致します。ライブラリにない銘柄は、自身の価格履歴と業種から推定したエクスポージャーで動き、ファンドは保有銘柄まで見通します。どちらもない銘柄は市場全体とだけ連動します。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Methodology</source>
        <translation>計算方法</translation>
    </message>
</context>
<context>
    <name>ModelCheckChart</name>
    <message>
        <source>Predicted against realised, day one</source>
        <translation>予測と実績（初日）</translation>
    </message>
    <message>
        <source>Predicted by the model (%)</source>
        <translation>モデルの予測（%）</translation>
    </message>
    <message>
        <source>Realised (%)</source>
        <translation>実績（%）</translation>
    </message>
</context>
<context>
    <name>ModelCheckDialog</name>
    <message>
        <source>Model check: {0} against {1}</source>
        <translation>モデルの検証：{0} と {1}の実績</translation>
    </message>
</context>
<context>
    <name>ModelCheckView</name>
    <message>
        <source>{0} pp</source>
        <translation>{0} ポイント</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model check.&lt;/b&gt; The &lt;i&gt;{0}&lt;/i&gt; preset&apos;s day-one price move for each name (in its own currency, without the exchange rate) against what the market did on {1}.</source>
        <translation>&lt;b&gt;モデルの検証。&lt;/b&gt;プリセット &lt;i&gt;{0}&lt;/i&gt; による各銘柄の初日の値動き（現地通貨建て、為替を除く）と、{1}の実際の値動きの比較です。</translation>
    </message>
    <message>
        <source>Your holdings</source>
        <translation>保有銘柄</translation>
    </message>
    <message>
        <source>Calibration set</source>
        <translation>較正用の銘柄</translation>
    </message>
    <message>
        <source>All names with data</source>
        <translation>データのある全銘柄</translation>
    </message>
    <message>
        <source>Open a portfolio to check the model on its holdings</source>
        <translation>保有銘柄で検証するにはポートフォリオを開いてください</translation>
    </message>
    <message>
        <source>Ticker</source>
        <translation>ティッカー</translation>
    </message>
    <message>
        <source>Predicted day one</source>
        <translation>初日の予測</translation>
    </message>
    <message>
        <source>Realised</source>
        <translation>実績</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>誤差</translation>
    </message>
    <message>
        <source>Predicted minus realised, in percentage points</source>
        <translation>予測 − 実績（%ポイント）</translation>
    </message>
    <message>
        <source>Mean absolute error {0} · rank correlation {1} · {2} names</source>
        <translation>平均絶対誤差 {0} · 順位相関 {1} · {2} 銘柄</translation>
    </message>
</context>
<context>
    <name>PresetCompareChart</name>
    <message>
        <source>Your portfolio under every scenario</source>
        <extracomment>A closing note in brackets at the end of a title, Latin or full-width.</extracomment>
        <translation>各シナリオでのポートフォリオ</translation>
    </message>
    <message>
        <source>Portfolio return (%)</source>
        <translation>ポートフォリオのリターン（%）</translation>
    </message>
    <message>
        <source>Day one</source>
        <translation>初日</translation>
    </message>
    <message>
        <source>At the horizon</source>
        <translation>最終時点</translation>
    </message>
</context>
<context>
    <name>ReplayBanner</name>
    <message>
        <source>Model check…</source>
        <translation>モデルの検証…</translation>
    </message>
    <message>
        <source>How well the deepseek-r1 scenario predicted this day</source>
        <translation>deepseek-r1 シナリオがこの日をどれだけ予測できたか</translation>
    </message>
    <message>
        <source>Back to the model</source>
        <translation>モデルに戻る</translation>
    </message>
    <message>
        <source>&lt;b&gt;History, not the model.&lt;/b&gt; The realised returns of {0} applied to today&apos;s holdings; nothing here is estimated.</source>
        <translation>&lt;b&gt;過去の実績で、モデルではありません。&lt;/b&gt;{0}の実際の騰落率を現在の保有銘柄に当てはめたもので、推計は含みません。</translation>
    </message>
    <message>
        <source>{0} holding(s) have no data for that day ({1}): they keep their value and {2} ({3} of the portfolio) is not covered.</source>
        <translation>{0} 銘柄はその日のデータがありません（{1}）。評価額は変えず、{2}（ポートフォリオの{3}）が対象外です。</translation>
    </message>
    <message>
        <source>Every holding has data for that day.</source>
        <translation>すべての保有銘柄にその日のデータがあります。</translation>
    </message>
</context>
<context>
    <name>ReverseStressPage</name>
    <message>
        <source>Target return</source>
        <translation>目標リターン</translation>
    </message>
    <message>
        <source>by moving</source>
        <translation>動かすパラメータ</translation>
    </message>
    <message>
        <source>for</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Solve</source>
        <translation>求める</translation>
    </message>
    <message>
        <source>Break-even long-run elasticity per holding (return at the horizon is 0%, other parameters as in the scenario)</source>
        <translation>銘柄別の損益分岐となる長期の弾力性（最終時点のリターンが0%、他のパラメータはシナリオのまま）</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>銘柄</translation>
    </message>
    <message>
        <source>Break-even elasticity</source>
        <translation>損益分岐の弾力性</translation>
    </message>
    <message>
        <source>Return over the elasticity&apos;s range</source>
        <translation>弾力性の範囲でのリターン</translation>
    </message>
    <message>
        <source>Choose a target return and a parameter, then Solve.</source>
        <translation>目標リターンとパラメータを選び、「求める」を押してください。</translation>
    </message>
    <message>
        <source>none in range</source>
        <translation>範囲内になし</translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <source>Scenario</source>
        <translation>シナリオ</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Set every parameter back to the scenario&apos;s values</source>
        <translation>すべてのパラメーターをシナリオの値に戻します</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save these parameters as a scenario file</source>
        <translation>このパラメーターをシナリオファイルとして保存します</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>開く…</translation>
    </message>
    <message>
        <source>Load a scenario file</source>
        <translation>シナリオファイルを開きます</translation>
    </message>
    <message>
        <source>&lt;i&gt;The sliders are off while a replay is shown: it applies realised returns, not the model&apos;s parameters. Choose a scenario above to go back to the model.&lt;/i&gt;</source>
        <translation>&lt;i&gt;再現の表示中はスライダーを使えません。モデルのパラメータではなく実際の騰落率を当てはめているためです。モデルに戻るには上でシナリオを選んでください。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>History: replay {0}</source>
        <translation>過去の再現：{0}</translation>
    </message>
</context>
<context>
    <name>SensitivityPage</name>
    <message>
        <source>Across</source>
        <translation>横軸</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>縦軸</translation>
    </message>
    <message>
        <source>Return of</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>at the horizon</source>
        <translation>最終時点</translation>
    </message>
    <message>
        <source>on day one</source>
        <translation>初日</translation>
    </message>
    <message>
        <source>Compute grid</source>
        <translation>グリッドを計算</translation>
    </message>
    <message>
        <source>Click a cell to set these two parameters in the scenario</source>
        <translation>セルをクリックすると、シナリオの2つのパラメータをその値にします</translation>
    </message>
    <message>
        <source>Parameters other than these two have changed since the grid was computed. Compute it again to update it.</source>
        <translation>グリッドを計算した後に、この2つ以外のパラメータが変わりました。最新にするにはもう一度計算してください。</translation>
    </message>
</context>
<context>
    <name>TaskStatusWidget</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>TornadoChart</name>
    <message>
        <source>What drives the P&amp;L at the horizon</source>
        <translation>最終時点の損益を動かす要因</translation>
    </message>
    <message>
        <source>P&amp;L at the horizon ({0})</source>
        <translation>最終時点の損益（{0}）</translation>
    </message>
    <message>
        <source>P&amp;L at the horizon</source>
        <translation>最終時点の損益</translation>
    </message>
    <message>
        <source>Parameter at its 5% quantile</source>
        <translation>パラメータが5%点のとき</translation>
    </message>
    <message>
        <source>at its 95% quantile</source>
        <translation>95%点のとき</translation>
    </message>
    <message>
        <source>All at their medians</source>
        <translation>すべて中央値</translation>
    </message>
    <message>
        <source>Part of the assumptions&apos; share: {0}</source>
        <translation>前提による分のうちの割合：{0}</translation>
    </message>
    <message>
        <source>5% quantile {0}: P&amp;L {1}</source>
        <translation>5%点 {0}：損益 {1}</translation>
    </message>
    <message>
        <source>95% quantile {0}: P&amp;L {1}</source>
        <translation>95%点 {0}：損益 {1}</translation>
    </message>
    <message>
        <source>Swing: {0}</source>
        <translation>振れ幅：{0}</translation>
    </message>
    <message>
        <source>Share of the Monte Carlo variance: {0}</source>
        <translation>モンテカルロの分散に占める割合：{0}</translation>
    </message>
</context>
<context>
    <name>ValidationDialog</name>
    <message>
        <source>Validation against naive baselines</source>
        <translation>単純なベータとの比較検証</translation>
    </message>
    <message>
        <source>Each preset&apos;s day-one prediction for every US stock with data, set against what the stock did on each documented event day. Exposures are estimated from the 250 trading days before the day only. Baselines: a one-factor beta to the SOX, to the Nasdaq-100 and to the market, times the index&apos;s realised move that day.</source>
        <translation>各プリセットの初日予測を、データのある全米国株について、記録された各イベント日の実際の値動きと比べます。エクスポージャーはその日より前の250営業日のデータだけで推定します。比較対象：SOX指数、ナスダック100、市場それぞれへの1因子ベータに、当日の指数の実際の動きを掛けたもの。</translation>
    </message>
    <message>
        <source>Event / model or baseline</source>
        <translation>イベント／モデルまたは比較対象</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>銘柄数</translation>
    </message>
    <message>
        <source>Spearman</source>
        <translation>スピアマン</translation>
    </message>
    <message>
        <source>Sign agreement</source>
        <translation>符号一致</translation>
    </message>
    <message>
        <source>Mean abs. error</source>
        <translation>平均絶対誤差</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Press Run to score each preset and the baselines on every documented event day.</source>
        <translation>「実行」を押すと、記録された各イベント日について各プリセットと比較対象を採点します。</translation>
    </message>
    <message>
        <source>Estimating exposures and scoring every preset…</source>
        <translation>エクスポージャーを推定し、各プリセットを採点しています…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>The validation could not run: {0}</source>
        <translation>検証を実行できませんでした：{0}</translation>
    </message>
    <message>
        <source> (event preset)</source>
        <translation>（イベントのプリセット）</translation>
    </message>
    <message>
        <source>model: {0}</source>
        <translation>モデル：{0}</translation>
    </message>
    <message>
        <source>baseline: {0}</source>
        <translation>比較対象：{0}</translation>
    </message>
    <message>
        <source>{0}: ranked better than the event preset by {1}.</source>
        <translation>{0}：イベントのプリセットより順位相関が高い比較対象：{1}。</translation>
    </message>
    <message>
        <source>Every event preset ranks its day at least as well as every baseline.</source>
        <translation>どのイベントでも、プリセットの順位相関はすべての比較対象以上です。</translation>
    </message>
</context>
<context>
    <name>ValuePathChart</name>
    <message>
        <source>Portfolio value over the horizon</source>
        <translation>期間中のポートフォリオ評価額</translation>
    </message>
    <message>
        <source>Value ({0})</source>
        <translation>評価額（{0}）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>評価額</translation>
    </message>
    <message>
        <source>Quarters after the shock (0 = day one)</source>
        <translation>ショック後の四半期（0＝初日）</translation>
    </message>
    <message>
        <source>Portfolio value</source>
        <translation>ポートフォリオ評価額</translation>
    </message>
    <message>
        <source>Value before the shock</source>
        <translation>ショック前の評価額</translation>
    </message>
</context>
</TS>
