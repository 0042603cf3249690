"""A stand-in for `gh api` and `glab api`: answers from a JSON state file as the host would
(pages of comments, 403 for a read-only token) and records every call.

Run as `fake_host.py gh|glab api --method M PATH [--input FILE] [--hostname H]`, with
FAKE_HOST_STATE (the comments, and `read_only`) and FAKE_HOST_LOG (one JSON call per line).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def main() -> int:
    cli, args = sys.argv[1], sys.argv[2:]
    state_path = Path(os.environ["FAKE_HOST_STATE"])
    state = json.loads(state_path.read_text(encoding="utf-8"))
    assert args[0] == "api", args
    method, path, body = "GET", "", None
    rest = iter(args[1:])
    for word in rest:
        if word in ("--method", "-X"):
            method = next(rest)
        elif word == "--input":
            body = json.loads(Path(next(rest)).read_text(encoding="utf-8"))
        elif word == "--hostname":
            next(rest)
        else:
            path = word
    with Path(os.environ["FAKE_HOST_LOG"]).open("a", encoding="utf-8") as log:
        log.write(json.dumps({"cli": cli, "method": method, "path": path, "body": body}) + "\n")
    if method != "GET" and state.get("read_only"):
        if cli == "gh":
            print("gh: Resource not accessible by integration (HTTP 403)", file=sys.stderr)
        else:
            print("glab: 403 Forbidden", file=sys.stderr)
        return 1
    split = urlsplit(path)
    parts = split.path.strip("/").split("/")
    comments = state["comments"]
    if method == "GET":
        query = parse_qs(split.query)
        size, page = int(query["per_page"][0]), int(query["page"][0])
        if cli == "glab":
            assert query.get("sort") == ["asc"], "GitLab lists the newest first unless asked"
        print(json.dumps(comments[(page - 1) * size : page * size]))
    elif method == "POST":
        state["next_id"] += 1
        made = {
            "id": state["next_id"],
            "body": body["body"],
            "html_url": f"https://host.example/c/{state['next_id']}",
        }
        comments.append(made)
        print(json.dumps(made))
    elif method in ("PATCH", "PUT"):
        (found,) = [c for c in comments if c["id"] == int(parts[-1])]
        found["body"] = body["body"]
        print(json.dumps(found))
    elif method == "DELETE":
        state["comments"] = [c for c in comments if c["id"] != int(parts[-1])]
    else:
        print(f"{cli}: unexpected method {method}", file=sys.stderr)
        return 1
    state_path.write_text(json.dumps(state), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
