"""Reports in the tools' own formats, chosen by content: `go test -json` streams, mocha's JSON
reporter, RSpec's JSON formatter, Cucumber's JSON and message stream, and TAP (13 and 14).

`sniff` names the format of a file from its first bytes (None: none of these); `read_stream`
reads it into a `FileResult` and never raises for bad input: a reader stops with `Unreadable`
(the file and line named), and what it counted before stays, as PARTIAL.
Each reader keeps its tool's own way of counting; the modules say how.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from reportgen.ingest import (
    cucumber_json,
    cucumber_messages,
    gotest_json,
    mocha_json,
    rspec_json,
    tap,
)
from reportgen.ingest.peerbase import PeerCollector, Unreadable
from reportgen.ingest.summary import FileResult
from reportgen.model import InputFile, InputProblem, InputStatus

SNIFF_BYTES = 64 * 1024
_BOM = b"\xef\xbb\xbf"


Reader = Callable[[IO[bytes], PeerCollector], None]


def strip_head(head: bytes) -> bytes:
    return head[len(_BOM) :] if head.startswith(_BOM) else head


# Format name (InputFile.format) -> (sniffer of the first bytes, reader); no two heads overlap.
FORMATS: dict[str, tuple[Callable[[bytes], bool], Reader]] = {
    # first: its one-key envelope lines are NDJSON too, and must never pass for go's events
    "cucumber-messages": (cucumber_messages.looks_like, cucumber_messages.read),
    "go-test-json": (gotest_json.looks_like, gotest_json.read),
    "mocha-json": (mocha_json.looks_like, mocha_json.read),
    "rspec-json": (rspec_json.looks_like, rspec_json.read),
    "cucumber-json": (cucumber_json.looks_like, cucumber_json.read),
    "tap": (tap.looks_like, tap.read),
}


def sniff(head: bytes) -> str | None:
    """The format whose first bytes `head` are, or None."""
    head = strip_head(head)
    for name, (looks_like, _) in FORMATS.items():
        if looks_like(head):
            return name
    return None


def read_stream(
    fmt: str, stream: IO[bytes], display: str, index: int, size: int, keep_passing: bool
) -> FileResult:
    """Read `stream` (at its start) as `fmt`, a name `sniff` gives."""
    _, read = FORMATS[fmt]
    out = PeerCollector(display, index, keep_passing, fmt)
    if stream.read(len(_BOM)) != _BOM:
        stream.seek(0)
    try:
        read(stream, out)
    except Unreadable as error:
        return out.result(
            size, InputProblem(message=error.message, line=error.line, hint=error.hint)
        )
    return out.result(size)


def read_sniffed(
    head: bytes, stream: IO[bytes], display: str, index: int, size: int, keep_passing: bool
) -> FileResult | None:
    """`read_stream` for the format `head` shows; None when it is none of these."""
    fmt = sniff(head)
    if fmt is None:
        return None
    stream.seek(0)
    return read_stream(fmt, stream, display, index, size, keep_passing)


def read_path(path: str, index: int = 0, *, keep_passing: bool = True) -> FileResult:
    """One file read as the format its content shows; rejected (not raised) when it is none of
    these or cannot be opened."""
    try:
        with open(path, "rb") as stream:
            size = stream.seek(0, 2)
            stream.seek(0)
            found = read_sniffed(stream.read(SNIFF_BYTES), stream, path, index, size, keep_passing)
    except OSError as error:
        return _rejected(path, f"cannot read the file: {error.strerror or error}")
    if found is None:
        return _rejected(
            path, "not a go test -json, mocha, RSpec, Cucumber JSON or message, or TAP report"
        )
    return found


def _rejected(path: str, message: str) -> FileResult:
    problem = InputProblem(message=message, hint="check the path and the tool's output option")
    return FileResult(input=InputFile(path=path, status=InputStatus.REJECTED, problem=problem))
