"""Names the dead-code check (vulture, in .ci/run) cannot see are used.

Each line names something used from outside Python's view: a Qt or
pyqtgraph override, a module hook, a field written to JSON through
``dataclasses.fields``, an enum member other code compares with, or a pytest
fixture taken only for its side effect.  Add a name here only with its
reason; anything else vulture reports is dead and goes.
"""

# ruff: noqa
_ = object()

# Module hooks (PEP 562): engine's lazy imports.
__getattr__, __dir__

# Qt / pyqtgraph overrides, called by the toolkit.
_.tickStrings  # pyqtgraph AxisItem
_.updateSize  # pyqtgraph LegendItem
_.dragEnterEvent  # QWidget

# Window methods the menus call by name (gui/menus.py declares them as data).
_.open_file_dialog, _._on_horizon_toggled, _.show_about, _.show_methodology
_.update_prices, _.save_scenario, _.load_scenario_file, _.export_dialog, _.show_model
_.show_model_check

# Fields of typed results, written to JSON through dataclasses.fields().
_.fallback_value  # engine.outcomes.Summary (the reports show coverage instead)
_.p01, _.p50, _.p95, _.p99  # engine.outcomes.Stats
_.return_low, _.return_high  # engine.outcomes.DriverBar
_.validation  # engine.result.Result (filled by a validation run)
_.adoption  # engine.demand.DemandPaths (the chart's adoption path)

# Exposure sources the exposure library and the coverage figures name.
_.ESTIMATED, _.INDUSTRY, _.FUND, _.UNPRICED

# Security kinds the security master reads from its CSV (SecurityKind(value)).
_.STOCK, _.ETF, _.MONEY_MARKET, _.BOND, _.OPTION, _.OTHER

# The security master's and price history's lookups, for the importers that
# resolve CUSIPs and listings (engine/marketdata); review when they land.
_.by_cusip, _.listings, _.is_priced

# In-place numpy results (out=): the name documents the step.
shifted

# http.server handler overrides (a local price server in the tests).
_.do_GET, _.log_message

# pytest: fixtures asked for their side effect; callback arguments.
_private_dirs, _every_xlsx_reads_back, qapp, roles
_.pure, _.scripts  # PyInstaller Analysis attributes read by build.spec

# io.RawIOBase overrides: the parser reads the body through them (engine/importer/table.py).
_.readable, _.readinto

# QLayout overrides: Qt calls them (gui/flow_layout.py).
_.takeAt, _.itemAt, _.expandingDirections, _.hasHeightForWidth, _.heightForWidth

# pyqtgraph LegendItem override: its addItem calls it (gui/charts.py).
_._addItemToLayout
