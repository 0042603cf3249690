"""Stack frames read from failure details (Python, pytest, Java, JavaScript)."""

from __future__ import annotations

import re

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


# Frames of runtimes, test runners and installed packages say little about where a failure
# comes from: every test passes through them. Matched on the rendered `where (file:line)`.
_LIBRARY = re.compile(
    r"/node_modules/|[/\\](?:site|dist)-packages[/\\]|/usr/lib/python|/lib/python3\.\d+/"
    r"|\(node:|<anonymous>|^(?:app//)?(?:java|javax|jdk|sun|kotlin|scala)\."
    r"|^(?:app//)?(?:org\.junit|org\.gradle|worker\.org\.gradle|org\.apache\.maven|org\.testng)\."
    r"|^java\.base@|^(?:_pytest|pluggy)/"
)


def is_library_frame(frame: str) -> bool:
    return _LIBRARY.search(frame) is not None


def parse_frames(details: str) -> list[str]:
    """Frames in the order the traceback lists them, each as `where (file:line)`."""
    found: list[tuple[int, str]] = []
    if 'File "' in details:
        for m in _PYTHON.finditer(details):
            found.append((m.start(), f"{m['func']} ({m['file']}:{m['line']})"))
    if ".py:" in details:
        for m in _PYTEST.finditer(details):
            where = f"{m['file']}:{m['line']}"
            found.append((m.start(), f"{m['func']} ({where})" if m["func"] else where))
    if "at " in details:
        for m in _JAVA.finditer(details):
            found.append((m.start(), f"{m['where']} ({m['loc']})"))
        for m in _JS.finditer(details):
            found.append((m.start(), f"{m['func'] or '<anonymous>'} ({m['loc']})"))
    found.sort()
    return list(dict.fromkeys(frame for _, frame in found))


class FrameReader:
    """`parse_frames` without library frames, for many tracebacks that share most lines.

    Each distinct line is parsed once. Frames never span lines, with one exception: a
    Python `File "` line whose quote closes on a later line; such a traceback is parsed whole.
    """

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

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
