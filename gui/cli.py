"""The ``jevons`` command (DESIGN.md, "Command line contract").

``jevons run … --format json|csv`` never imports Qt, so it works on a machine
with no display.  Exit status: 0 success, 2 bad input (one ``error: …`` line),
1 internal fault (traceback in the log file, a short message on stderr).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_FAULT, EXIT_INPUT = 0, 1, 2
FORMATS = ("json", "csv", "xlsx", "html", "pdf")
_TEXT_FORMATS = ("json", "csv")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _build_parser() -> argparse.ArgumentParser:
    from engine import __version__

    p = _Parser(prog="jevons", description="Stress-test a portfolio against AI-efficiency "
                "shocks. With no command, opens the app on the sample portfolio.")
    p.add_argument("--version", action="version", version=f"jevons {__version__}")
    p.add_argument("--self-test", action="store_true",
                   help="build the main window offscreen, run the sample end to end, exit 0 "
                        "if all is well")
    p.add_argument("--screenshot", metavar="PATH", help="with --self-test: save a screenshot")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser("run", help="reprice a portfolio under a scenario and write a report")
    run.add_argument("portfolio", help="portfolio CSV file")
    run.add_argument("--scenario", required=True,
                     help="preset name (see 'jevons scenarios'), a scenario .toml file, or "
                          "event:DATE for a historical replay")
    run.add_argument("--format", choices=FORMATS, default="json")
    run.add_argument("-o", "--output", default="-", metavar="PATH",
                     help="output file, or - for standard output (json and csv only)")
    run.add_argument("--force", action="store_true", help="overwrite an existing output file")
    run.add_argument("--base-currency", default="USD", type=str.upper, choices=("USD", "JPY"))
    run.add_argument("--lang", default="en", choices=("en", "ja"), help="report language")
    run.add_argument("--paper", default=None, type=str.lower, choices=("a4", "letter"),
                     help="paper size of a pdf or html report (default: by locale)")
    run.add_argument("--draws", type=int, default=0, help="Monte Carlo draws (N > 1)")
    run.add_argument("--seed", type=int, default=None, help="random seed for --draws")
    run.add_argument("--no-noise", action="store_true",
                     help="with --draws: leave out the stocks' own volatility (assumptions only)")
    run.add_argument("--import-profile", metavar="NAME|FILE",
                     help="read the portfolio with a saved import profile (a .toml file) or a "
                          "built-in one (generic, yahoo-finance, schwab, fidelity, vanguard, "
                          "degiro-en, ibkr-activity, sbi, rakuten, …; docs/import.md lists "
                          "them all); a matching built-in profile is otherwise chosen by itself")
    run.add_argument("--total-value", nargs=2, metavar=("AMOUNT", "CCY"),
                     help="the portfolio's total value, for a file that gives weights only "
                          "(e.g. --total-value 250000 USD)")
    run.add_argument("--skip-bad-rows", action="store_true",
                     help="leave out rows that cannot be read (each is listed) instead of "
                          "stopping")

    sub.add_parser("scenarios", help="list the scenario presets")
    sub.add_parser("companies", help="list the exposure library")
    gui = sub.add_parser("gui", help="open the app, optionally on a portfolio file")
    gui.add_argument("portfolio", nargs="?")
    return p


def _cmd_run(args: argparse.Namespace) -> int:
    from engine import evaluate, load_portfolio, load_scenario, prepare
    from engine.atomic import atomic_write
    from engine.errors import InputError
    from engine.report import to_csv_bytes, to_json_bytes

    if args.format not in _TEXT_FORMATS and args.output == "-":
        raise InputError(f"--format {args.format} writes a file; give one with -o PATH")
    if args.draws < 0:
        raise InputError(f"--draws must be a positive whole number, not {args.draws}")
    from engine.events import is_event_spec, load_event, replay

    event = load_event(args.scenario) if is_event_spec(args.scenario) else None
    if event and args.draws > 1:
        raise InputError("--draws needs a model scenario; a historical replay has no "
                         "assumptions to draw")
    scenario = None if event else load_scenario(args.scenario)
    portfolio = load_portfolio(args.portfolio, _import_settings(args))
    book = prepare(portfolio, base_currency=args.base_currency)
    from engine.modelcheck import with_reference_check

    result = replay(book, event) if event else with_reference_check(evaluate(book, scenario))
    if args.draws > 1:
        result = _with_uncertainty(result, book, scenario, args)
    if args.format in _TEXT_FORMATS:
        if args.format == "json":
            from engine.report.content import build_report

            data = to_json_bytes(result, content=build_report(result, args.lang))
        else:
            data = to_csv_bytes(result)
        if args.output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            atomic_write(args.output, data, overwrite=args.force)
    else:
        _write_report(args, result)
    for note in portfolio.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def _with_uncertainty(result, book, scenario, args):
    """``result`` with the Monte Carlo distribution, and the drivers / reverse-stress sections."""
    import dataclasses

    from engine.analysis import run_report_analysis

    parts = run_report_analysis(book, scenario, args.draws, seed=args.seed,
                                noise=not args.no_noise)
    # The sections ride on the Result so every report format has them.
    return dataclasses.replace(result, **parts)


def _write_report(args: argparse.Namespace, result) -> None:
    """An xlsx (no Qt), html or pdf report (Qt, offscreen without a display) to a file."""
    if args.format == "xlsx":
        from engine.report.content import build_report
        from engine.report.export import write_report

        write_report(build_report(result, args.lang), "xlsx", args.output, overwrite=args.force)
        return
    from gui.report_export import ensure_app, export_report

    ensure_app()
    export_report(result, args.format, args.output, lang=args.lang, paper=args.paper,
                  overwrite=args.force)


def _import_settings(args: argparse.Namespace):
    from engine.errors import InputError
    from engine.importer import ImportSettings, builtin_profiles, load_profile

    settings = ImportSettings()
    if args.import_profile:
        builtin = builtin_profiles()
        if args.import_profile in builtin:
            settings = builtin[args.import_profile]
        elif args.import_profile.endswith(".toml"):
            settings = load_profile(args.import_profile)
        else:
            raise InputError(f"unknown import profile {args.import_profile!r}; give a .toml file "
                             f"or one of {', '.join(builtin)}")
    if args.total_value:
        amount, currency = args.total_value
        try:
            value = float(amount.replace(",", "").replace("_", ""))
        except ValueError:
            raise InputError(f"--total-value needs an amount and a currency, e.g. 250000 USD; "
                             f"{amount!r} is not an amount") from None
        settings = settings.replace(total_value=value, total_currency=currency.upper())
    return settings.replace(skip_bad_rows=True) if args.skip_bad_rows else settings


def _print_input_error(exc: Exception) -> None:
    """One ``error:`` line, then the next few problems of a file, indented."""
    print(f"error: {exc}", file=sys.stderr)
    errors = [p for p in getattr(exc, "problems", ()) if p.level == "error"][1:]
    for problem in errors[:_SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(errors) > _SHOWN_PROBLEMS:
        print(f"  … and {len(errors) - _SHOWN_PROBLEMS} more", file=sys.stderr)


_SHOWN_PROBLEMS = 9


def _cmd_scenarios() -> int:
    from engine import list_presets

    presets = list_presets()
    width = max(len(s.name) for s in presets)
    for s in presets:
        print(f"{s.name:<{width}}  {s.title}: {s.story}")
    return EXIT_OK


def _cmd_companies() -> int:
    from engine import load_library, load_snapshot

    lib = load_library()
    snap = load_snapshot()
    table = lib.table()
    print(f"{'ticker':<8} {'kind':<5} {'cur':<3} {'category':<11} {'gpu':>5} {'asic':>5} "
          f"{'infra':>5} {'upside':>6} {'aicost':>6} {'beta':>5} {'narr':>5}  name")
    for r in table.itertuples(index=False):
        d = r._asdict()
        if d["kind"] == "etf":
            nums = f"{'(basket of its holdings)':^47}"
        else:
            nums = (f"{d['gpu']:5.2f} {d['asic']:5.2f} {d['infra']:5.2f} {d['ai_upside']:6.3f} "
                    f"{d['ai_cost']:6.3f} {d['beta']:5.2f} {d['narrative']:5.2f}")
        print(f"{d['ticker']:<8} {d['kind']:<5} {d['currency']:<3} {d['category']:<11} {nums}  "
              f"{d['name']}")
    print(f"\nprices as of {snap.as_of}; sources: resources/exposures.csv (one per number)")
    return EXIT_OK


def _cmd_gui(portfolio: str | None, *, self_test: bool = False,
             screenshot: str | None = None) -> int:
    from gui.app import run_app

    return run_app(portfolio, self_test=self_test, screenshot=screenshot)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jevons`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from engine.errors import InputError
    from gui.logfile import setup_logging

    # ``jevons holdings.csv`` (e.g. from a file manager) opens the GUI on that file.
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in (
            "run", "scenarios", "companies", "gui"):
        argv = ["gui", argv[0]]
    try:
        args = _build_parser().parse_args(argv)
        if args.self_test:
            return _cmd_gui(None, self_test=True, screenshot=args.screenshot)
        if args.command == "run":
            return _cmd_run(args)
        if args.command == "scenarios":
            return _cmd_scenarios()
        if args.command == "companies":
            return _cmd_companies()
        return _cmd_gui(getattr(args, "portfolio", None))
    except _UsageError as exc:
        print(f"error: {exc} (see 'jevons --help')", file=sys.stderr)
        return EXIT_INPUT
    except InputError as exc:
        _print_input_error(exc)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_FAULT
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        path = setup_logging()
        logging.getLogger("jevons").exception("internal fault in: jevons %s", " ".join(argv))
        print(f"error: internal fault ({sys.exc_info()[1]!r}); details in {path}",
              file=sys.stderr)
        return EXIT_FAULT


if __name__ == "__main__":
    sys.exit(main())
