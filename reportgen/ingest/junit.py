"""Reading one JUnit XML report: the entry point.

`read_report` opens the file (or spools standard input) and has `prolog` check it before lxml
sees it: its encoding, its prolog (a DTD that declares entities is refused there, before any
parsing) and its root element (other formats are refused by name). `reader.Reader` then streams
it; when lxml refuses a character XML forbids, the file is read again through
`prolog.RepairFilter`. `summary` turns what was read into a `FileResult`.

The other modules: `state` (what is kept while streaming), `cases` (testcases off the fast
path), `records` (what one testcase element says; merging reruns), `declared` (declared counts).
Outcome rules are in `dialects`.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from datetime import UTC, tzinfo
from typing import IO, Any

from lxml import etree

from reportgen.ingest.others import read_other
from reportgen.ingest.prolog import Prolog, Refused, RepairFilter, Replay, sniff_stream
from reportgen.ingest.reader import Parsed, Reader
from reportgen.ingest.state import Cut, Fold
from reportgen.ingest.summary import TRUNCATED, FileResult, file_result
from reportgen.model import InputFile, InputProblem, InputStatus

__all__ = ["FileResult", "read_report"]


def read_report(
    path: str,
    index: int = 0,
    *,
    keep_passing: bool = True,
    assume_tz: tzinfo = UTC,
    fold: Fold | None = None,
    pack: bool = False,
) -> FileResult:
    """Read one report file ('-' for standard input). Never raises for bad input.

    `fold` counts a JUnit file's plain passes in groups instead of keeping them; `pack` keeps
    them in `FileResult.packed`, without an object each."""
    display = "<stdin>" if path == "-" else path
    try:
        with _open(path) as stream:
            return _read_stream(stream, path, display, index, keep_passing, assume_tz, fold, pack)
    except OSError as error:
        reason = error.strerror or str(error)
        return _rejected(
            display, f"cannot read the file: {reason}", "check the path and its permissions"
        )
    except Refused as refused:
        return _rejected(display, refused.message, refused.hint, refused.line)
    except (ValueError, LookupError, UnicodeError, etree.LxmlError) as error:
        # Whatever else a hostile or damaged file provokes still leaves the run readable.
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        return _rejected(display, f"cannot be read: {reason}", "report this file to reportgen")


def _open(path: str) -> IO[bytes]:
    """The report as a binary stream; the caller closes it."""
    if path != "-":
        return open(path, "rb")
    # Standard input is spooled so it can be read twice (control-character repair) and sized.
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    while chunk := sys.stdin.buffer.read(1024 * 1024):
        spool.write(chunk)
    spool.seek(0)
    return spool


def _read_stream(
    stream: IO[bytes],
    path: str,
    display: str,
    index: int,
    keep_passing: bool,
    assume_tz: tzinfo,
    fold: Fold | None,
    pack: bool,
) -> FileResult:
    size = _size_of(stream)
    try:
        prolog = sniff_stream(stream)
    except Refused as refused:  # TRX, NUnit, xUnit.net, CTRF: read by `others`
        other = read_other(refused.root, stream, display, index, size, keep_passing, assume_tz)
        if other is None:
            raise
        return other
    reader = Reader(display, index, prolog, keep_passing, assume_tz, fold, pack)
    source: Any = path if (path != "-" and not prolog.rewritten) else Replay(prolog.head, stream)
    repaired = reader.parse(source) is Parsed.RETRY_WITH_REPAIR
    if repaired:
        stream.seek(len(prolog.head))  # the rewritten head has the length of the original
        repair = RepairFilter(prolog.utf8)
        reader = Reader(display, index, prolog, keep_passing, assume_tz, fold, pack)
        reader.parse(Replay(prolog.head, stream, repair))
        if repair.replaced:
            reader.notice(
                None, f"{repair.replaced} control characters that XML does not allow were replaced"
            )
        if repair.placeholders:
            reader.notice(
                None, f"{repair.placeholders} unescaped placeholder attribute values were escaped"
            )
    if reader.cut is not None and _stopped_at_end(reader.cut, stream):
        reader.cut = reader.cut._replace(message=TRUNCATED)
        if not reader.accs:  # cut before any testcase or suite ended: no tree was kept
            reader.salvage(_again(source, stream, prolog, repaired))
        if reader.cut_in_case:
            reader.read_cut_case(_again(source, stream, prolog, repaired))
    reader.hints.update(node_totals(stream, size))
    return file_result(reader, size)


_NODE_TOTAL = re.compile(rb"<!-- (tests|suites|pass|fail|cancelled|skipped|todo) (\d+) -->")


def node_totals(stream: IO[bytes], size: int) -> dict[str, str]:
    """node --test's own totals, which its junit reporter writes as comments at the end."""
    stream.seek(max(0, size - 2048))
    found = dict(_NODE_TOTAL.findall(stream.read(2048)))
    if b"tests" not in found:
        return {}
    return {f"node.{key.decode()}": value.decode() for key, value in found.items()}


def _again(source: Any, stream: IO[bytes], prolog: Prolog, repaired: bool) -> Any:
    """The same bytes as `source`, to be read a second time."""
    if isinstance(source, str):
        return source
    stream.seek(len(prolog.head))
    return Replay(prolog.head, stream, RepairFilter(prolog.utf8) if repaired else None)


def _stopped_at_end(cut: Cut, stream: IO[bytes]) -> bool:
    """Whether the XML error is the end of the data (a file cut mid-write) rather than a
    mistake inside it: libxml2 says "Premature end of data", or it stopped on the last character
    of the file, whatever it then complains about (a cut start tag, attribute, CDATA...)."""
    if cut.message.startswith("Premature end of data"):
        return True
    if cut.line is None or cut.column is None:
        return False
    last, width = _last_line(stream)
    return cut.line == last and cut.column > width


def _last_line(stream: IO[bytes]) -> tuple[int, int]:
    """The number of the file's last line and its length in characters (UTF-8 assumed)."""
    stream.seek(0)
    lines, width = 1, 0
    while chunk := stream.read(1 << 20):
        newlines = chunk.count(b"\n")
        tail = chunk[chunk.rfind(b"\n") + 1 :] if newlines else chunk
        lines += newlines
        width = (0 if newlines else width) + len(tail) - sum(map(tail.count, _CONTINUATION))
    return lines, width


_CONTINUATION = [bytes([byte]) for byte in range(0x80, 0xC0)]  # UTF-8 bytes that start no character


def _size_of(stream: IO[bytes]) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, io.UnsupportedOperation):
        end = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        return end


def _rejected(display: str, message: str, hint: str, line: int | None = None) -> FileResult:
    problem = InputProblem(message=message, line=line, hint=hint)
    return FileResult(input=InputFile(path=display, status=InputStatus.REJECTED, problem=problem))
