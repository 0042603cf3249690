"""The sidecar: everything known about one archived run, as versioned JSON.

Each archived worklog `<slug>-<YYYY-MM-DD>-<NN>.md` has a sidecar of the same name ending
in `.json`. The history database, the archive index and run-over-run diffs are all built
from sidecars alone, so a sidecar must stay readable by every later version of reportgen.

Schema (version 1), a JSON object with three keys:

- `schema_version` (integer): version of this layout, 1 today.
- `run` (object): the normalized run, `reportgen.model.Run`: inputs, suites, every kept
  test case (identity parts, outcome, duration, problem, attempts), counts, notices,
  timings, start and end.
- `report` (object): the analyzed report, `reportgen.report.Report`: meta (slug, date,
  sequence NN), counts, pass rate, categories, health, criteria, failure groups, known
  issues, diff, flaky tests, overall status and headline.

`run.cases_complete` is false when the run kept only failing cases (totals-only ingest);
then passing tests are not listed and history treats them as unknown, not as absent.

Upgrading: a sidecar of an older version is read as JSON and passed through
`MIGRATIONS[v]` (a function from the version-v dict to the version-v+1 dict) until it
reaches `SIDECAR_VERSION`, then validated. A change to the layout bumps `SIDECAR_VERSION`
and adds one migration; fields added to `Run` or `Report` with a default need none.
A sidecar newer than this reportgen is refused with a message saying so.

Every sidecar read is checked (`reportgen.archive.checks`): counts out of bounds or contradicted
by its own cases refuse it, naming the field. A sidecar is a regular file: a link is refused.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.archive.checks import check_sidecar_numbers
from reportgen.errors import InputError
from reportgen.files import read_no_follow
from reportgen.jsonload import load_json
from reportgen.model import Run
from reportgen.report import Report

SIDECAR_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# MIGRATIONS[v] turns a version-v sidecar dict into a version-(v+1) one.
MIGRATIONS: dict[int, Migration] = {}


class Sidecar(BaseModel):
    schema_version: int = SIDECAR_VERSION
    run: Run
    report: Report

    def dump_json(self) -> str:
        return self.model_dump_json(indent=1)


def upgrade(data: dict[str, Any], source: str = "sidecar") -> dict[str, Any]:
    """Bring a sidecar dict of any known version up to `SIDECAR_VERSION`."""
    version = data.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise InputError(
            source,
            f"schema_version {version!r} is not a sidecar version",
            "is this a reportgen sidecar (.json beside an archived worklog)?",
        )
    if version > SIDECAR_VERSION:
        raise InputError(
            source,
            f"sidecar version {version} is newer than this reportgen "
            f"reads (up to {SIDECAR_VERSION})",
            "upgrade reportgen to read it",
        )
    while version < SIDECAR_VERSION:
        if version not in MIGRATIONS:
            raise InputError(
                source,
                f"no upgrade from sidecar version {version}",
                "this reportgen cannot read sidecars that old",
            )
        data = MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def parse_sidecar(text: str | bytes, source: str = "sidecar") -> Sidecar:
    try:
        data = load_json(text)
    except ValueError as exc:
        raise InputError(source, f"not valid JSON: {exc}", "the sidecar is damaged") from exc
    if not isinstance(data, dict):
        raise InputError(source, "a sidecar is a JSON object", "the sidecar is damaged")
    data = upgrade(data, source)
    try:
        sidecar = Sidecar.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(source, f"{where}: {first['msg']}", "the sidecar is damaged") from exc
    check_sidecar_numbers(sidecar.run, sidecar.report, source)
    return sidecar


def load_sidecar(path: Path) -> Sidecar:
    """Read a sidecar of any known version (upgrading it in memory; the file is not touched)."""
    try:
        text = read_no_follow(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(
                str(path), "a symbolic link, not a sidecar", "a sidecar is a regular file"
            ) from exc
        raise InputError(str(path), f"cannot read: {exc.strerror}", "check the path") from exc
    return parse_sidecar(text, str(path))
