"""What the readers of the tools' own formats (go test -json, mocha, RSpec, Cucumber, TAP)
share: the collector that keeps finer outcomes, the error that stops a reader, and JSON read
as a stream with the line it stopped at."""

from __future__ import annotations

from functools import partial
from typing import IO, Any

from reportgen.ingest.collect import Collector
from reportgen.ingest.summary import FileResult
from reportgen.jsonload import UniqueKeys
from reportgen.model import InputProblem, InputStatus, TestCase, add_kinds


class Unreadable(ValueError):
    """A reader cannot go on; what it read before still counts."""

    def __init__(self, message: str, hint: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


class PeerCollector(Collector):
    """A `Collector` that also tallies the tools' finer outcomes (`TestCase.kind`), kept or not."""

    def __init__(self, display: str, index: int, keep_passing: bool, fmt: str) -> None:
        super().__init__(display, index, keep_passing, fmt)
        self.kinds: dict[str, int] = {}

    def add(self, case: TestCase) -> None:
        if case.kind is not None:
            self.kinds[case.kind] = self.kinds.get(case.kind, 0) + 1
        super().add(case)

    def result(self, size: int, problem: InputProblem | None = None) -> FileResult:
        done = super().result(size, problem)
        if done.input.status is not InputStatus.REJECTED:
            done.input.kinds = add_kinds({}, self.kinds)
        return done


class LineCounter:
    """A binary stream that counts the lines handed out, so a JSON error can name a line: the
    parser reads in blocks, so the line is the last one it was given (exact for a cut file)."""

    def __init__(self, stream: IO[bytes], prefix: bytes = b"", first_line: int = 1) -> None:
        self._stream = stream
        self._prefix = prefix
        self.line = first_line

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson's probe for bytes or text
            return b""
        if self._prefix:
            cut = len(self._prefix) if size < 0 else size
            chunk, self._prefix = self._prefix[:cut], self._prefix[cut:]
        else:
            chunk = self._stream.read(size)
        self.line += chunk.count(b"\n")
        return chunk


def json_problem(error: Exception, counter: LineCounter, what: str) -> Unreadable:
    """The `Unreadable` for a JSON parse error of ijson, at the counter's line."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return Unreadable(
        f"{what} breaks off near line {counter.line}: {reason[:200]}",
        "the file is not complete JSON: the tool was probably stopped mid-write; rerun it "
        "(counts cover only the tests before the break)",
        counter.line,
    )


def text_of(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def walk(stream: LineCounter, prefixes: frozenset[str]) -> Any:
    """(prefix, value) for each value at one of `prefixes` (ijson prefixes, `tests.item`),
    built one at a time so that a big file is never held whole; `(prefix, END)` when the
    object or array a prefix names ends, for the prefixes ending in `.END`. An object that
    gives one key twice stops the reading: tools disagree on which value wins."""
    import ijson

    builder: Any = None
    depth = 0
    current = ""
    repeated: list[str] = []
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if builder is None:
            if prefix not in prefixes:
                if event in ("end_map", "end_array") and prefix + ".END" in prefixes:
                    yield prefix, END
                continue
            if event in ("start_map", "start_array"):
                builder = ijson.ObjectBuilder(map_type=partial(UniqueKeys, repeated))
                depth, current = 0, prefix
            elif event not in ("map_key", "end_map", "end_array"):
                yield prefix, value
                continue
            else:
                continue
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                if repeated:
                    raise Unreadable(
                        f"the key {repeated[0][:80]!r} appears twice in one object near line "
                        f"{stream.line}: tools disagree on which value wins",
                        "regenerate the report with the tool; do not edit it by hand",
                        stream.line,
                    )
                yield current, builder.value
                builder = None


END = object()  # see `walk`
