"""Turning command-line sources (files, directories, globs, '-') into the list of files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence

from reportgen.model import InputFile, InputProblem, InputStatus

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


def expand_sources(sources: Sequence[str]) -> tuple[list[str], list[InputFile]]:
    """Paths to read, in a stable order ('-' = stdin), and the entries that gave nothing.

    Directories give their `*.xml` files recursively, sorted; globs give their matches, sorted;
    a path named twice (directly or through a directory or glob) is read once.
    """
    paths: list[str] = []
    rejected: list[InputFile] = []
    seen: set[str] = set()
    for source in sources:
        found = _expand(source)
        if isinstance(found, InputFile):
            rejected.append(found)
            continue
        for path in found:
            identity = path if path == STDIN else os.path.realpath(path)
            if identity not in seen:
                seen.add(identity)
                paths.append(path)
    return paths, rejected


def _expand(source: str) -> list[str] | InputFile:
    if source == STDIN:
        return [STDIN]
    if os.path.isdir(source):
        found = sorted(glob.glob(os.path.join(glob.escape(source), "**", "*.xml"), recursive=True))
        found = [path for path in found if os.path.isfile(path)]
        if not found:
            return _missing(
                source,
                "directory holds no *.xml file",
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
