"""Errors a user can act on. Each carries where it happened and what to do; the CLI prints
the message and exits with a status, never a traceback."""

from __future__ import annotations


class ReportgenError(Exception):
    """Base class: `str(error)` is the one line shown to the user."""


class InputError(ReportgenError):
    """An input report could not be read (or only partly)."""

    def __init__(self, file: str, message: str, hint: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message} ({hint})")


class ConfigError(ReportgenError):
    """The configuration is wrong: names the file, the key and what is allowed."""

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        super().__init__(f"{file}: {key}: {message}")


class UsageError(ReportgenError):
    """The command line asks for something that cannot be done."""
