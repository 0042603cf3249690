"""One sticky comment on a pull or merge request, found by its hidden marker and kept up to date.

reportgen's commands never call a host's API; this glue does, through the CLI the CI runner
already has and is logged into (`gh api` on GitHub, `glab api` on GitLab), so no token passes
through reportgen. Every page of comments is read, the oldest comment that starts with the
marker is updated in place (left alone when its text is the same) and any later copy, left
by an earlier race, is deleted: there is never a second comment. A host that refuses to write
(HTTP 403: a pull request from a fork gets a read-only token) is `Forbidden`, for the caller
to say and skip.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

PER_PAGE = 100
MAX_PAGES = 100  # 10,000 comments: far past any real thread, a bound on a runaway loop
_FORBIDDEN = re.compile(r"\b(?:HTTP 403|403 Forbidden)\b")
_TIMEOUT = 60


class ApiError(Exception):
    """The host's CLI failed: the message says which call and what it printed."""


class Forbidden(ApiError):
    """The token may read but not write here (a fork's pull request, missing permissions)."""


@dataclass(frozen=True)
class Thread:
    """Where the comments are: the CLI (`gh` or `glab`), the list's API path, how one comment
    is addressed (`{id}`), and the method that edits one."""

    cli: str
    comments: str  # e.g. repos/OWNER/REPO/issues/7/comments
    comment: str  # e.g. repos/OWNER/REPO/issues/comments/{id}
    edit_method: str = "PATCH"
    list_query: str = ""  # extra query parameters, e.g. GitLab's sort order
    extra_args: tuple[str, ...] = ()  # e.g. glab's --hostname

    @classmethod
    def github(cls, repository: str, number: int) -> Thread:
        return cls(
            "gh",
            f"repos/{repository}/issues/{number}/comments",
            f"repos/{repository}/issues/comments/{{id}}",
        )

    @classmethod
    def gitlab(cls, project: str, iid: int, hostname: str | None = None) -> Thread:
        notes = f"projects/{project}/merge_requests/{iid}/notes"
        return cls(
            "glab",
            notes,
            notes + "/{id}",
            edit_method="PUT",
            list_query="&sort=asc&order_by=created_at",  # GitLab lists the newest first
            extra_args=("--hostname", hostname) if hostname else (),
        )


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # nothing to update, and asked not to create


@dataclass(frozen=True)
class Posted:
    action: Action
    id: int | None = None
    url: str | None = None
    deleted: tuple[int, ...] = ()  # later copies removed


def call(thread: Thread, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """One `<cli> api` call; the answer's JSON (None for an empty answer)."""
    command = [thread.cli, "api", "--method", method, path, *thread.extra_args]
    with tempfile.TemporaryDirectory() as scratch:
        if body is not None:
            payload = Path(scratch) / "body.json"
            payload.write_text(json.dumps(body), encoding="utf-8")
            command += ["--input", str(payload)]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=_TIMEOUT, check=False
            )
        except FileNotFoundError:
            raise ApiError(f"{thread.cli} is not installed (needed to post the comment)") from None
        except subprocess.TimeoutExpired:
            raise ApiError(f"{thread.cli} api {method} {path}: no answer in {_TIMEOUT}s") from None
    if done.returncode != 0:
        said = " ".join((done.stderr.strip() or done.stdout.strip()).split())[:300]
        error = Forbidden if _FORBIDDEN.search(said) else ApiError
        raise error(f"{thread.cli} api {method} {path}: {said or f'exit {done.returncode}'}")
    return json.loads(done.stdout) if done.stdout.strip() else None


def marked(thread: Thread, marker: str) -> list[dict[str, Any]]:
    """Every comment whose text starts with `marker`, oldest first, from every page."""
    found = []
    for page in range(1, MAX_PAGES + 1):
        path = f"{thread.comments}?per_page={PER_PAGE}&page={page}{thread.list_query}"
        answer = call(thread, "GET", path)
        if not isinstance(answer, list):
            raise ApiError(f"{thread.cli} api GET {path}: expected a list of comments")
        found += [
            c for c in answer if isinstance(c, dict) and str(c.get("body") or "").startswith(marker)
        ]
        if len(answer) < PER_PAGE:
            break
    return found


def upsert(thread: Thread, body: str, marker: str, *, create: bool = True) -> Posted:
    """Create the marked comment, or update the earliest one in place; delete later copies."""
    if not body.startswith(marker):
        raise ValueError("the comment must start with its marker, or it is never found again")
    found = marked(thread, marker)
    if not found:
        if not create:
            return Posted(Action.SKIPPED)
        made = call(thread, "POST", thread.comments, {"body": body})
        return Posted(Action.CREATED, _id(made), _url(made))
    first, *copies = found
    deleted = tuple(_delete(thread, c) for c in copies)
    if first.get("body") == body:
        return Posted(Action.UNCHANGED, _id(first), _url(first), deleted)
    path = thread.comment.format(id=_id(first))
    edited = call(thread, thread.edit_method, path, {"body": body})
    return Posted(Action.UPDATED, _id(first), _url(edited) or _url(first), deleted)


def _delete(thread: Thread, comment: dict[str, Any]) -> int:
    number = _id(comment)
    call(thread, "DELETE", thread.comment.format(id=number))
    return number


def _id(comment: Any) -> int:
    value = comment.get("id") if isinstance(comment, dict) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError("the host answered without a comment id")
    return value


def _url(comment: Any) -> str | None:
    value = comment.get("html_url") if isinstance(comment, dict) else None
    return value if isinstance(value, str) else None


def describe(posted: Posted, where: Sequence[str] = ()) -> str:
    """One line for the log: what happened to the comment."""
    place = f" ({', '.join(where)})" if where else ""
    url = f": {posted.url}" if posted.url else ""
    removed = f"; removed {len(posted.deleted)} later copies" if posted.deleted else ""
    return f"comment {posted.action.value}{place}{url}{removed}"
