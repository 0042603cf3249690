"""What the readers of the tools' own formats (go test -json, mocha, RSpec, Cucumber, TAP)
share: the collector that keeps finer outcomes, the error that stops a reader, and JSON read
as a stream with the line it stopped at."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import IO, Any

from reportgen.ingest.collect import Collector
from reportgen.ingest.records import SHORT_TEXT_LIMIT, shorten
from reportgen.ingest.state import TEXT_BUDGET
from reportgen.ingest.summary import FileResult
from reportgen.jsonload import UniqueKeys
from reportgen.model import InputProblem, InputStatus, Outcome, TestCase, add_kinds

# Deeper JSON is refused: no tool nests its report this deep, and a hostile file must not
# cost memory that grows with its depth.
MAX_DEPTH = 256


class Unreadable(ValueError):
    """A reader cannot go on; what it read before still counts."""

    def __init__(self, message: str, hint: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


class PeerCollector(Collector):
    """A `Collector` that also tallies the tools' finer outcomes (`TestCase.kind`) and every
    outcome, kept or not, and bounds the failure text a file keeps."""

    def __init__(self, display: str, index: int, keep_passing: bool, fmt: str) -> None:
        super().__init__(display, index, keep_passing, fmt)
        self.kinds: dict[str, int] = {}
        self.outcomes: dict[Outcome, int] = {}
        self.unread_failures = 0  # failures the file declares beyond those its tests hold
        self.refused = False  # set before raising `Unreadable`: nothing of the file counts
        self._budget = TEXT_BUDGET
        self._shortened = 0

    def add(self, case: TestCase) -> None:
        if case.kind is not None:
            self.kinds[case.kind] = self.kinds.get(case.kind, 0) + 1
        self.outcomes[case.outcome] = self.outcomes.get(case.outcome, 0) + 1
        detail = case.detail
        if detail is not None and detail.problem is not None:
            # as the JUnit reader does: the first TEXT_BUDGET characters in full, then short
            if self._budget > 0:
                self._budget -= len(detail.problem.details or "")
            else:
                self._shortened += shorten(detail, [detail.problem])
        super().add(case)

    def failing(self) -> int:
        """Failed and errored tests read so far, kept or not."""
        return self.outcomes.get(Outcome.FAILED, 0) + self.outcomes.get(Outcome.ERROR, 0)

    def result(self, size: int, problem: InputProblem | None = None) -> FileResult:
        if self.refused:
            self.cases, self._suites, self.kinds, self.notices = [], {}, {}, []
        if self._shortened:
            self.notice(
                None,
                f"{self._shortened} failure texts cut to {SHORT_TEXT_LIMIT} characters: the "
                f"file's first {TEXT_BUDGET:,} characters of failure text are kept in full",
            )
        done = super().result(size, problem)
        if done.input.status is not InputStatus.REJECTED:
            done.input.kinds = add_kinds({}, self.kinds)
            done.input.unread_failures = self.unread_failures if problem is None else 0
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


_SHAPES = {"start_map": "object", "start_array": "list"}


def walk(stream: LineCounter, prefixes: frozenset[str], out: PeerCollector) -> Iterator[Any]:
    """(prefix, value) for each value at one of `prefixes` (ijson prefixes, `tests.item`),
    built one at a time so that a big file is never held whole; `(prefix, END)` when the
    object or list a prefix names ends, for the prefixes ending in `.END`; `(prefix, shape)`
    ("object", "list", "string", "number", "boolean", "null") for the prefixes ending in
    `.TYPE`, as the value at the prefix before them starts, without building it.

    The reading stops with `Unreadable` where an object gives one key twice (tools disagree
    on which value wins) or the nesting passes MAX_DEPTH (then nothing of the file counts);
    text after the complete JSON (npm's own lines) is skipped with a notice."""
    import ijson

    # ijson's own prefixes cost memory growing with the square of the depth: the path is kept
    # here as its parts, and joined only as deep as `prefixes` reach.
    reach = max(p.count(".") + 1 for p in prefixes)
    path: list[str] = []  # per open object or list: its current key, or "item"
    keys: list[set[str] | None] = []  # the keys seen in each open object not being built
    builder: Any = None
    built_at = 0  # the depth of the value being built
    current = ""
    repeated: list[str] = []
    complete = False
    events = ijson.basic_parse(stream, use_float=True)
    while True:
        try:
            event, value = next(events)
        except StopIteration:
            return
        except ijson.JSONError:
            if complete:  # the report ended: the error is about the text after it
                out.notice(
                    stream.line,
                    f"text after the complete JSON (near line {stream.line}: the tool's or "
                    "npm's own output) was skipped",
                )
                return
            raise
        if event == "map_key":
            seen = keys[-1]
            if seen is not None:
                if value in seen:
                    raise _twice(value, stream)
                seen.add(value)
            path[-1] = value if len(path) <= reach else ""
            if builder is not None:
                builder.event(event, value)
            continue
        if event in ("end_map", "end_array"):
            if builder is not None:
                builder.event(event, value)
            elif len(path) <= reach and ".".join([*path[:-1], "END"]) in prefixes:
                yield ".".join(path[:-1]), END
            path.pop()
            keys.pop()
            if builder is not None and len(path) == built_at:
                if repeated:
                    raise _twice(repeated[0], stream)
                yield current, builder.value
                builder = None
            complete = not path
            continue
        if builder is None:
            prefix = ".".join(path) if len(path) <= reach else None
            if prefix is not None and prefix + ".TYPE" in prefixes:
                yield prefix + ".TYPE", _SHAPES.get(event, event)
            if prefix is not None and prefix in prefixes:
                if event not in _SHAPES:
                    yield prefix, value
                    continue
                builder = ijson.ObjectBuilder(map_type=partial(UniqueKeys, repeated))
                built_at, current = len(path), prefix
        if builder is not None:
            builder.event(event, value)
        if event in _SHAPES:
            if len(path) >= MAX_DEPTH:
                out.refused = True
                raise Unreadable(
                    f"refused: values nested more than {MAX_DEPTH} levels deep near line "
                    f"{stream.line}; the reader stops there so that a hostile file cannot "
                    "exhaust memory, and no test tool nests its report that deep",
                    "regenerate the report with the test tool",
                    stream.line,
                )
            path.append("" if event == "start_map" else "item")
            keys.append(set() if event == "start_map" and builder is None else None)
        else:
            complete = not path


def _twice(key: str, stream: LineCounter) -> Unreadable:
    return Unreadable(
        f"the key {key[:80]!r} appears twice in one object near line "
        f"{stream.line}: tools disagree on which value wins",
        "regenerate the report with the tool; do not edit it by hand",
        stream.line,
    )


END = object()  # see `walk`
