"""Keeping the reports of the tools under generated/more/ (TRX, xUnit.net, CTRF and JUnit
writers beyond the first set): each report beside the tool's own console output and a record
of the tool's version, command, own summary and the counts reportgen must find.

`test_rt_more_saved.py` reads them back without the tools.
"""

from __future__ import annotations

from pathlib import Path

from ._support import GENERATED, ToolRun, package_version, require_node_package, save_run

MORE = GENERATED / "more"
JS_EXTRA = Path(__file__).resolve().parent / "js" / "extra" / "node_modules"


def save_more(result: ToolRun, report_name: str) -> None:
    save_run(result, MORE, report_name)


def extra_package(package: str) -> Path:
    """An installed package of setup.sh's EXTRA list; skips when it is not installed."""
    return require_node_package(package, JS_EXTRA)


def extra_version(package: str) -> str:
    return package_version(package, JS_EXTRA)
