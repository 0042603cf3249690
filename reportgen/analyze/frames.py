"""Stack frames read from failure details: Python and pytest, Java/Kotlin/Scala, JavaScript and
TypeScript, Go, .NET, Ruby and PHP.

`parse_frames` gives every frame as text (`where (file:line)`); `innermost_project_frame`
says where to look: the frame closest to the failure that is neither the runtime's, a test
runner's nor an installed package's (`is_library_frame`), as `path:line`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath, PureWindowsPath

_PYTHON = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)', re.M)
# pytest's own traceback lines: `path.py:12: in test_x` (--tb=short/long), `path.py:12: KeyError`
_PYTEST = re.compile(
    r"^(?P<file>[^\s:][^:\n]*\.py):(?P<line>\d+): (?:in (?P<func>\S+)|\w[\w.]*)\s*$", re.M
)
_PYTHON_START = re.compile(r'^\s*File "')
_JAVA = re.compile(r"^\s*at (?P<where>[\w$.<>/]+)\((?P<loc>[^()\n]*:\d+)\)\s*$", re.M)
_JS = re.compile(
    r"^\s*at (?:(?P<func>[^\s(][^(\n]*?) \()?(?P<loc>[^()\s][^()\n]*?:\d+:\d+)\)?\s*$", re.M
)
# `at Ns.Class.Method() in /src/Ledger/Client.cs:line 42`
_DOTNET = re.compile(
    r"^\s*at (?P<func>\S[^\n]*?) in (?P<file>[^\n]+?):line (?P<line>\d+)\s*$", re.M
)
# `    ledger_test.go:20: message` (testing's log) and `\t/src/ledger/client.go:42 +0x1d` (a panic)
_GO = re.compile(
    r"^\s*(?P<file>[^\s:()]+\.go):(?P<line>\d+)(?::\s|:?\s*$|\s+\+0x[0-9a-f]+\s*$)", re.M
)
# `./spec/ledger_spec.rb:12:in 'block (2 levels) in <top>'`, `from /app/lib/x.rb:3:in `f'`
_RUBY = re.compile(
    r"^\s*(?:from |# )?(?P<file>[^\s:'\"`]+\.rb):(?P<line>\d+)(?::in [`'](?P<func>[^'\n]*)')?",
    re.M,
)
# `#0 /app/src/Ledger.php(42): Ledger->fetch()` and PHPUnit's `/app/tests/LedgerTest.php:17`
_PHP = re.compile(
    r"^\s*(?:#\d+ (?P<file>[^\s(]+\.php)\((?P<line>\d+)\): (?P<func>[^\s(]+)"
    r"|(?P<file2>[^\s:()]+\.php):(?P<line2>\d+)\s*$)",
    re.M,
)
# vitest marks frames with U+276F: `<mark> src/client.test.js:42:53`,
# `<mark> Timeout.<anonymous> src/client.js:27:37`
_VITEST = re.compile(r"^\s*\u276f (?:(?P<func>\S+) )?(?P<file>[^\s:]+):(?P<line>\d+):\d+\s*$", re.M)
_LINE_NUMBER = re.compile(r"[:(]\d|line \d")
_JAVA_FILE = re.compile(r"^(?P<file>[^:]*):(?P<line>\d+)$")
_JS_FILE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):\d+$")


# Frames of runtimes, test runners and installed packages say little about where a failure
# comes from: every test passes through them. Matched on the rendered `where (file:line)`.
_LIBRARY = re.compile(
    r"/node_modules/|[/\\](?:site|dist)-packages[/\\]|/usr/lib/python|/lib/python3\.\d+/"
    r"|\(node:|\(<anonymous>\)|^(?:app//)?(?:java|javax|jdk|sun|kotlin|kotlinx|scala)\."
    r"|^(?:app//)?(?:org\.junit|org\.gradle|worker\.org\.gradle|org\.apache\.maven|org\.testng)\."
    r"|^java\.base@|^(?:_pytest|pluggy)/"
    r"|(?:^|\()(?:/usr/local/go|/usr/lib/go[^/]*|/opt/hostedtoolcache/go/[^/]+/[^/]+)/src/"
    r"|/pkg/mod/"
    r"|^(?:testing|panic|proc|asm_\w+)\.go:|^(?:System|Microsoft|Xunit|NUnit|MSTest)\."
    r"|/gems/|/lib/ruby/|/rubygems/|<internal:|[/\\]vendor[/\\]|\(node:"
)


def is_library_frame(frame: str) -> bool:
    return _LIBRARY.search(frame) is not None


@dataclass(frozen=True, slots=True)
class Frame:
    text: str  # `where (file:line)`, as parse_frames gives it
    file: str
    line: int
    func: str | None
    last_is_innermost: bool  # Python lists the innermost call last, the others first


def _frame(func: str | None, file: str, line: str, loc: str, python: bool) -> Frame:
    text = f"{func} ({loc})" if func else loc
    return Frame(text, file, int(line), func, python)


def _named(m: re.Match[str], func: str | None, python: bool) -> tuple[int, Frame]:
    """Where a frame starts, and the frame, of a format whose match names `file` and `line`."""
    loc = f"{m['file']}:{m['line']}"
    return m.start(), _frame(func, m["file"], m["line"], loc, python)


def _located(m: re.Match[str], place: re.Pattern[str], func: str) -> tuple[int, Frame]:
    """The same for a format that gives file and line as one `loc` (`Ledger.java:42`), which
    `place` splits; a `loc` it cannot split is the file, at line 0."""
    at = place.match(m["loc"])
    file, line = (at["file"], at["line"]) if at else (m["loc"], "0")
    return m.start(), _frame(func, file, line, m["loc"], False)


def read_frames(details: str) -> list[Frame]:
    """Every frame in the order the traceback lists them (a frame met twice is kept once)."""
    if _LINE_NUMBER.search(details) is None:
        return []  # every frame format gives a line: `:12`, `(12)`, `line 12`
    found: list[tuple[int, Frame]] = []
    if 'File "' in details:
        found.extend(_named(m, m["func"], True) for m in _PYTHON.finditer(details))
    if ".py:" in details:
        found.extend(_named(m, m["func"], True) for m in _PYTEST.finditer(details))
    if "at " in details:
        found.extend(_located(m, _JAVA_FILE, m["where"]) for m in _JAVA.finditer(details))
        found.extend(
            _located(m, _JS_FILE, m["func"] or "<anonymous>") for m in _JS.finditer(details)
        )
        if ":line " in details:
            found.extend(_named(m, m["func"], False) for m in _DOTNET.finditer(details))
    if "\u276f" in details:
        found.extend(_named(m, m["func"], False) for m in _VITEST.finditer(details))
    if ".go:" in details:
        found.extend(_named(m, None, False) for m in _GO.finditer(details))
    if ".rb:" in details:
        found.extend(_named(m, m["func"], False) for m in _RUBY.finditer(details))
    if ".php" in details:
        for m in _PHP.finditer(details):
            file, line = (m["file"], m["line"]) if m["file"] else (m["file2"], m["line2"])
            found.append((m.start(), _frame(m["func"], file, line, f"{file}:{line}", False)))
    found.sort(key=lambda item: item[0])
    unique: dict[str, Frame] = {}
    for _, frame in found:
        unique.setdefault(frame.text, frame)
    return list(unique.values())


def parse_frames(details: str) -> list[str]:
    """Frames in the order the traceback lists them, each as `where (file:line)`."""
    return [frame.text for frame in read_frames(details)]


_CAUSED_BY = re.compile(r"^\s*Caused by:", re.M)
_PACKAGED = re.compile(
    r"^(?:app//|[\w.-]+@[\w.-]*/|[\w.]+/)?(?P<name>[A-Za-z_$][\w$]*(?:\.[\w$<>]+)+)$"
)
# A conventional top directory of a project's code: where a path seen on another machine is cut.
_SOURCE_ROOTS = frozenset(
    {"src", "lib", "app", "test", "tests", "spec", "specs", "__tests__", "e2e", "internal"}
    | {"cmd", "pkg", "packages"}
)


def package_prefix(classname: str) -> str | None:
    """`com.acme.ledger.LedgerIT` -> `com.acme.`: the packages a JVM test's project owns."""
    parts = classname.split(".")
    if len(parts) < 3 or not all(p.isidentifier() for p in parts[:2]):
        return None
    return f"{parts[0]}.{parts[1]}."


def _is_project(frame: Frame, packages: str | None) -> bool:
    if is_library_frame(frame.text):
        return False
    if packages is None or frame.func is None or not frame.file.endswith(_JVM_SOURCES):
        return True
    named = _PACKAGED.match(frame.func)
    return named is None or named["name"].startswith(packages)


_JVM_SOURCES = (".java", ".kt", ".scala", ".groovy")


def shown_path(file: str, root: str | None = None) -> str:
    """A frame's file as a reader finds it: relative to `root` (the working directory) when
    under it, else from its first conventional source directory (`src/`, `tests/`, ...)."""
    text = file.removeprefix("file://")
    if text.startswith("./"):
        return text[2:]
    windows = bool(re.match(r"^[A-Za-z]:[\\/]", text))
    path: PurePath = PureWindowsPath(text) if windows else PurePosixPath(text)
    if not path.is_absolute():
        return text
    base = root if root is not None else os.getcwd()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        pass
    parts = path.parts[1:]
    for index, part in enumerate(parts):
        if part in _SOURCE_ROOTS:
            return "/".join(parts[index:])
    return text


def innermost_project_frame(
    details: str, packages: str | None = None, frames: list[Frame] | None = None
) -> Frame | None:
    """The project frame closest to where the failure was raised; None when there is none.

    Java's root cause is its last `Caused by:` section; `packages` (`package_prefix` of the
    test's class) tells a JVM project's frames from its dependencies'.
    """
    if frames is None:
        frames = read_frames(details)
    if not frames:
        return None
    sections = list(_CAUSED_BY.finditer(details))
    if sections:
        caused = sections[-1]
        root_cause = [f for f in read_frames(details[caused.start() :]) if _is_project(f, packages)]
        if root_cause:
            return root_cause[0]
    own = [f for f in frames if _is_project(f, packages)]
    if not own:
        return None
    return own[-1] if own[-1].last_is_innermost else own[0]


MAX_TAILS = 20_000  # tracebacks remembered by FrameReader.innermost: bounds its memory


class FrameReader:
    """`parse_frames` without library frames, for many tracebacks that share most lines.

    Each distinct line is parsed once. Frames never span lines, with one exception: a
    Python `File "` line whose quote closes on a later line; such a traceback is parsed whole.
    """

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}
        self._frames: dict[str, tuple[list[Frame], bool] | None] = {}
        self._own: dict[tuple[str, str | None], bool] = {}
        self._tails: dict[tuple[str, str | None], Frame | None] = {}

    def _line(self, line: str) -> list[str] | None:
        if _PYTHON_START.match(line) and not _PYTHON.match(line):
            return None  # its file name might go on over the next line
        return [f for f in parse_frames(line) if not is_library_frame(f)]

    def application_frames(self, details: str) -> list[str]:
        found: list[str] = []
        lines = self._lines
        for line in details.split("\n"):  # the lines `^` and `$` see under re.M
            if line in lines:
                frames = lines[line]
            else:
                frames = lines[line] = self._line(line)
            if frames is None:
                return [f for f in parse_frames(details) if not is_library_frame(f)]
            found.extend(frames)
        return list(dict.fromkeys(found))

    def _line_frames(self, line: str) -> tuple[list[Frame], bool] | None:
        """The line's frames and whether it starts a `Caused by:` section; None when a frame
        may go on over the next line."""
        try:
            return self._frames[line]
        except KeyError:
            pass
        found: tuple[list[Frame], bool] | None
        if _PYTHON_START.match(line) and not _PYTHON.match(line):
            found = None
        else:
            found = (read_frames(line) if line.strip() else [], bool(_CAUSED_BY.match(line)))
        self._frames[line] = found
        return found

    def _is_project(self, frame: Frame, packages: str | None) -> bool:
        key = (frame.text, packages)
        own = self._own.get(key)
        if own is None:
            own = self._own[key] = _is_project(frame, packages)
        return own

    def innermost(self, details: str, packages: str | None = None) -> Frame | None:
        """`innermost_project_frame`, each distinct line parsed once. Tracebacks that differ
        only in their first line (the message, with its ids) share one answer."""
        head, _, tail = details.partition("\n")
        first = self._line_frames(head)
        if not tail or first is None or first != ([], False):
            return self._innermost(details, packages)
        key = (tail, packages)
        if key in self._tails:
            return self._tails[key]
        found = self._innermost(tail, packages)
        if len(self._tails) < MAX_TAILS:
            self._tails[key] = found
        return found

    def _innermost(self, details: str, packages: str | None) -> Frame | None:
        first: Frame | None = None
        last: Frame | None = None
        cause_first: Frame | None = None  # the first project frame after the last `Caused by:`
        in_cause = False
        for line in details.split("\n"):
            found = self._line_frames(line)
            if found is None:
                return innermost_project_frame(details, packages)
            frames, caused = found
            if caused:
                cause_first = None
                in_cause = True
            for frame in frames:
                if self._is_project(frame, packages):
                    if first is None:
                        first = frame
                    last = frame
                    if cause_first is None and in_cause:
                        cause_first = frame
        if cause_first is not None:
            return cause_first
        if first is None or last is None:
            return None
        return last if last.last_is_innermost else first
