"""Dated worklog files: `<slug>-<YYYY-MM-DD>-<NN>.md`, NN the next free number of that day.

A name is claimed with `O_CREAT | O_EXCL` before its content is rendered (the content shows
NN), then filled atomically. Nothing is ever overwritten; if rendering fails the claim is
removed, so no empty or partial worklog is left behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date as Date
from pathlib import Path

from reportgen.deliver.files import claim_numbered, fill_claims, release_claims
from reportgen.errors import UsageError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_name_parts(slug: str, date: str) -> None:
    """Refuse a slug or date that could escape the directory or break the naming scheme."""
    if not SLUG.match(slug):
        raise UsageError(
            f"worklog slug {slug!r} must be lowercase letters, digits and '-', "
            "starting with a letter or digit"
        )
    try:
        valid = bool(_DATE.match(date)) and Date.fromisoformat(date).isoformat() == date
    except ValueError:
        valid = False
    if not valid:
        raise UsageError(f"worklog date {date!r} must be a real date written YYYY-MM-DD")


def worklog_prefix(slug: str, date: str) -> str:
    return f"{slug}-{date}-"


def claim_worklog_path(
    out_dir: Path, slug: str, date: str, suffix: str = ".md"
) -> tuple[Path, int]:
    """Create an empty `<slug>-<date>-<NN><suffix>` with the next free NN; return it and NN."""
    check_name_parts(slug, date)
    number, paths = claim_numbered(out_dir, worklog_prefix(slug, date), [suffix])
    return paths[0], number


def write_worklog(out_dir: Path, slug: str, date: str, render: Callable[[int], str]) -> Path:
    """Claim the next name of the day, then write `render(NN)` into it atomically."""
    _, paths = write_numbered(out_dir, slug, date, {".md": render})
    return paths[0]


def write_numbered(
    out_dir: Path, slug: str, date: str, renders: Mapping[str, Callable[[int], str]]
) -> tuple[int, list[Path]]:
    """Claim one NN for every suffix at once (e.g. .md and .html), then fill them all.

    Everything is rendered before anything is written; on any error the claims go away.
    """
    check_name_parts(slug, date)
    number, paths = claim_numbered(out_dir, worklog_prefix(slug, date), list(renders))
    try:
        fill_claims(
            [(path, render(number)) for path, render in zip(paths, renders.values(), strict=True)]
        )
    except BaseException:
        release_claims(paths)
        raise
    return number, paths
