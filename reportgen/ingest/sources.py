"""Turning command-line sources (files, directories, globs, '-') into the list of files to read."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Collection, Sequence
from typing import NamedTuple

from reportgen.ingest.ctrf import looks_like_ctrf
from reportgen.ingest.peers import SNIFF_BYTES, sniff
from reportgen.model import InputFile, InputProblem, InputStatus, Notice
from reportgen.text import plural

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")
_DIRECTORY_PATTERNS = ("*.xml", "*.trx", "*.json", "*.jsonl", "*.ndjson", "*.tap")
_SNIFF_BYTES = 4096
_OTHER_TEXT = (".json", ".jsonl", ".ndjson", ".tap")
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
# Files a test job leaves beside its reports that are not test reports: root element -> why
NOT_REPORTS: dict[bytes, str] = {
    b"failsafe-summary": "Maven Failsafe's run summary, not a test report "
    "(its tests are in the TEST-*.xml files beside it)",
}


class Expansion(NamedTuple):
    paths: list[str]
    rejected: list[InputFile]
    notices: list[Notice]


def expand_sources(sources: Sequence[str]) -> tuple[list[str], list[InputFile]]:
    """Paths to read and the entries that gave nothing (see `expand`)."""
    found = expand(sources)
    return found.paths, found.rejected


def expand(sources: Sequence[str], named: Collection[str] = ()) -> Expansion:
    """Paths to read, in a stable order ('-' = stdin), the entries that gave nothing, and
    notices for the files a directory held that were left out.

    Directories give, recursively and sorted, their `*.xml` and `*.trx` files, and the `*.json`,
    `*.jsonl`, `*.ndjson` and `*.tap` files whose content is a report (CTRF, go test -json,
    mocha, RSpec or Cucumber JSON, TAP); an XML file known not to be a test report (Failsafe's
    summary) and any other of those (timings, saved runs, expected results) are left out with a
    notice.
    Globs give their matches, sorted; a path named twice (directly or through a directory or
    glob) is read once. Files in `named` (timing files given on their own) are passed over in
    directories without a notice.
    """
    paths: list[str] = []
    rejected: list[InputFile] = []
    notices: list[Notice] = []
    seen: set[str] = set()
    for source in sources:
        found = _expand(source, notices, named)
        if isinstance(found, InputFile):
            rejected.append(found)
            continue
        for path in found:
            identity = path if path == STDIN else os.path.realpath(path)
            if identity not in seen:
                seen.add(identity)
                paths.append(path)
    return Expansion(paths, rejected, notices)


def _expand(
    source: str, notices: list[Notice], named: Collection[str] = ()
) -> list[str] | InputFile:
    if source == STDIN:
        return [STDIN]
    if os.path.isdir(source):
        found = _directory(source, notices, named)
        if not found:
            return _missing(
                source,
                "directory holds no test report (*.xml, *.trx, CTRF *.json)",
                "point at the folder the test job writes its reports to",
            )
        return found
    if os.path.exists(source):
        return [source]
    if _GLOB_CHARS & set(source):
        matches = sorted(path for path in glob.glob(source, recursive=True) if os.path.isfile(path))
        if not matches:
            return _missing(
                source,
                "no file matches this pattern",
                "check the pattern; quote it so the shell does not expand it",
            )
        return matches
    return _missing(
        source,
        "no such file or directory",
        "check the path; did the test job run and write its report?",
    )


def _missing(source: str, message: str, hint: str) -> InputFile:
    return InputFile(
        path=source, status=InputStatus.REJECTED, problem=InputProblem(message=message, hint=hint)
    )


def _directory(source: str, notices: list[Notice], named: Collection[str] = ()) -> list[str]:
    base = glob.escape(source)
    found = sorted(
        path
        for pattern in _DIRECTORY_PATTERNS
        for path in glob.glob(os.path.join(base, "**", pattern), recursive=True)
        if os.path.isfile(path)
    )
    kept: list[str] = []
    other_json: list[str] = []
    # a file named elsewhere on the command line (`--timings`) is read as that: no notice
    given = {os.path.realpath(p) for p in named}
    for path in (p for p in found if os.path.realpath(p) not in given):
        if path.endswith(_OTHER_TEXT):
            # JSON and TAP are told apart by content only, which can take more than a root
            head = _head(path, SNIFF_BYTES)
            if is_report_text(head):
                kept.append(path)
            else:
                other_json.append(path)
            continue
        head = _head(path)
        root = _FIRST_ELEMENT.search(head)
        why = NOT_REPORTS.get(root.group(1)) if root else None
        if why is not None:
            notices.append(Notice(file=path, message=f"left out: {why}"))
        else:
            kept.append(path)
    if other_json:
        shown = ", ".join(os.path.relpath(p, source) for p in other_json[:3])
        more = f" and {len(other_json) - 3} more" if len(other_json) > 3 else ""
        notices.append(
            Notice(
                file=source,
                message=f"left out {plural(len(other_json), '.json file')} that "
                f"{'is not a CTRF report' if len(other_json) == 1 else 'are not CTRF reports'} "
                f"({shown}{more}); name a saved reportgen run directly to merge it",
            )
        )
    return kept


def _head(path: str, size: int = _SNIFF_BYTES) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(size)
    except OSError:
        return b""  # read and rejected with its reason later


def is_report_text(head: bytes) -> bool:
    """Whether the first bytes of a JSON or text file are a report reportgen reads."""
    return looks_like_ctrf(head) or sniff(head) is not None


def is_saved_run(source: str) -> bool:
    """A `.json` source named directly is a saved reportgen run unless its content is a report
    (CTRF, mocha, RSpec, Cucumber, go test -json)."""
    return source.endswith(".json") and not is_report_text(_head(source, SNIFF_BYTES))
