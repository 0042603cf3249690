"""Keeping the reports of the tools under generated/more/ (TRX, xUnit.net, CTRF and JUnit
writers beyond the first set): each report beside the tool's own console output and a record
of the tool's version, command, own summary and the counts reportgen must find.

`test_rt_more_saved.py` reads them back without the tools.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from ._support import GENERATED, SAVE_ENV, ToolRun, counts_dict

MORE = GENERATED / "more"
JS_EXTRA = Path(__file__).resolve().parent / "js" / "extra" / "node_modules"


def save_more(result: ToolRun, report_name: str) -> None:
    """Keep the report, the tool's console output and the record, only when asked."""
    if os.environ.get(SAVE_ENV) != "1":
        return
    MORE.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(result.xml, MORE / report_name)
    (MORE / f"{result.tool}.console.txt").write_text(result.output, encoding="utf-8")
    record: dict[str, Any] = {
        "tool": result.tool,
        "report": report_name,
        "version": result.version,
        "command": " ".join(result.command),
        "tool_summary": result.tool_summary,
        "expected": counts_dict(result.expected),
        "expected_kinds": result.expected_kinds,
        "notes": result.notes,
    }
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    (MORE / f"{result.tool}.record.json").write_text(text, encoding="utf-8")


def extra_package(package: str) -> Path:
    """An installed package of setup.sh's EXTRA list; skips when it is not installed."""
    import pytest

    from ._support import require_node

    require_node()
    folder = JS_EXTRA / package
    if not (folder / "package.json").is_file():
        pytest.skip(f"{package} is not installed: run tests/realtools/setup.sh")
    return folder


def extra_version(package: str) -> str:
    meta = json.loads((JS_EXTRA / package / "package.json").read_text(encoding="utf-8"))
    return str(meta["version"])
