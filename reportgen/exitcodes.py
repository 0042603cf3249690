"""Documented, stable exit statuses of the `reportgen` command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Everything was read and no `--fail-on` gate tripped."""

    GATE_FAILED = 1
    """A `--fail-on` condition holds (criteria missed, new failures, no tests, ...)."""

    USAGE = 2
    """Bad command line or configuration; nothing was written. (2 is what typer/click use.)"""

    INPUTS_REJECTED = 3
    """Some inputs were rejected or only partly read; the others were processed and written."""

    INTERNAL_ERROR = 4
    """A bug in reportgen: an unexpected error stopped the command; outputs may be missing."""

    INTERRUPTED = 130
    """Stopped by Ctrl-C (SIGINT), as shells report it (128 + 2)."""
