"""Owners of failing tests, from the repository's CODEOWNERS (GitHub and GitLab syntax).

The file is the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS` under the
repository root (GitHub's search order). A line is `pattern owner...`; `#` starts a comment;
`\\ ` and `\\#` escape a space and a hash. Patterns follow gitignore: a leading `/` or a `/`
inside anchors the pattern at the root, otherwise it matches at any depth; `*` and `?` stay
within one directory, `**` crosses them; a pattern naming a directory owns everything under
it, except one ending in `/*`, which owns only the files directly inside (GitHub's rule).

GitLab sections: `[Name]`, `^[Name]` (optional approval) and `[Name][2]`, optionally followed
by the section's default owners, given to its entries that name none. Within each section
the last matching entry wins; a path's owners are those of every section, in the order the
sections first appear (sections of the same name, in any case, are one). Lines before any
section form the unnamed section, where an entry without owners owns the path for nobody.

Lines that cannot be read (negation `!`, character classes `[a-z]`, an owner that is neither
`@name`, `@org/team`, `@@role` nor an e-mail address) are skipped and reported with their
line, as GitHub skips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reportgen.analyze.categories import module_paths
from reportgen.analyze.frames import is_library_frame, parse_frames
from reportgen.model import TestCase

SEARCH_ORDER = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
_OWNER = re.compile(r"^(?:@@?[\w.-]+(?:/[\w.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")
_SECTION = re.compile(r"^(\^?)\[([^\]]+)\](?:\[(\d+)\])?(?:\s+(.*))?$")
_TOKEN = re.compile(r"(?:\\.|[^\s\\])+")
_FRAME_FILE = re.compile(r"\((?P<file>[^()]+?):\d+(?::\d+)?\)$|^(?P<bare>[^\s()]+?):\d+$")


@dataclass(frozen=True, slots=True)
class Rule:
    line: int
    pattern: str
    owners: tuple[str, ...]
    section: str  # "" for lines before any section
    regex: re.Pattern[str]


@dataclass(slots=True)
class Section:
    name: str
    default_owners: tuple[str, ...] = ()
    optional: bool = False
    rules: list[Rule] = field(default_factory=list)


@dataclass(slots=True)
class CodeOwners:
    source: str  # path of the file, relative to the repository root
    sections: list[Section] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def owners_of(self, path: str) -> tuple[list[str], str] | None:
        """(owners, where they come from) for a path relative to the root; None if no entry
        matches it. An entry without owners matches and owns it for nobody."""
        owners: list[str] = []
        where: list[str] = []
        for section in self.sections:
            rule = next((r for r in reversed(section.rules) if r.regex.fullmatch(path)), None)
            if rule is None:
                continue
            found = rule.owners or (section.default_owners if section.name else ())
            owners += [o for o in found if o not in owners]
            label = f"[{section.name}] " if section.name else ""
            where.append(f"{self.source}:{rule.line} {label}{rule.pattern}")
        return (owners, "; ".join(where)) if where else None


def _unescape(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token)


def _regex(pattern: str) -> re.Pattern[str]:
    """gitignore-style pattern -> a regex on a root-relative POSIX path."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    files_only = body.endswith("/*") or (body == "*" and anchored)
    out = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "\\" and i + 1 < len(body):
            out.append(re.escape(body[i + 1]))
            i += 2
        else:
            out.append(re.escape(body[i]))
            i += 1
    start = "" if anchored else "(?:.*/)?"
    end = "/.*" if directory else "" if files_only else "(?:/.*)?"
    return re.compile(f"{start}{''.join(out)}{end}", re.DOTALL)


def _problem(pattern: str) -> str | None:
    if pattern.startswith("!"):
        return "negation ('!') is not supported in CODEOWNERS"
    if re.search(r"(?<!\\)\[", pattern):
        return "character classes ('[...]') are not supported in CODEOWNERS"
    return None


def parse_codeowners(text: str, source: str = "CODEOWNERS") -> CodeOwners:
    found = CodeOwners(source=source)
    unnamed = Section(name="")
    found.sections.append(unnamed)
    by_name: dict[str, Section] = {}
    current = unnamed
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION.match(line)
        if header:
            optional, name, _, rest = header.groups()
            defaults = _owners(rest or "")
            bad = [o for o in defaults if not _OWNER.match(o)]
            if bad:
                found.problems.append(
                    f"{source}:{number}: {bad[0]!r} is not an owner (@name, @org/team or an "
                    "e-mail address); section header read without default owners"
                )
                defaults = [o for o in defaults if _OWNER.match(o)]
            key = name.strip().lower()
            if key not in by_name:
                by_name[key] = Section(name=name.strip(), optional=bool(optional))
                found.sections.append(by_name[key])
            current = by_name[key]
            current.default_owners = tuple(dict.fromkeys([*current.default_owners, *defaults]))
            continue
        tokens = _owners(line)
        pattern, owners = tokens[0], tokens[1:]
        why = _problem(pattern)
        if why is None and (bad := [o for o in owners if not _OWNER.match(o)]):
            why = f"{bad[0]!r} is not an owner (@name, @org/team or an e-mail address)"
        if why is not None:
            found.problems.append(f"{source}:{number}: {why}; line skipped")
            continue
        current.rules.append(
            Rule(number, pattern, tuple(owners), current.name, _regex(_unescape_keep(pattern)))
        )
    return found


def _unescape_keep(pattern: str) -> str:
    # `\ ` and `\#` stand for the character; other escapes are kept for the glob translation
    return re.sub(r"\\([ #])", r"\1", pattern)


def _owners(text: str) -> list[str]:
    """The line's tokens up to an inline comment (a token starting with an unescaped `#`)."""
    tokens = []
    for token in _TOKEN.findall(text):
        if token.startswith("#"):
            break
        tokens.append(token)
    return tokens


def find_codeowners(root: Path) -> CodeOwners | None:
    """The repository's CODEOWNERS, the first found in GitHub's order; None without one."""
    for relative in SEARCH_ORDER:
        path = root / relative
        if path.is_file() and not path.is_symlink():
            text = path.read_text(encoding="utf-8", errors="replace")
            return parse_codeowners(text, relative)
    return None


def repository_path(file: str, root: Path) -> str | None:
    """`file` as a POSIX path relative to the root, or None when it lies outside."""
    posix = file.replace("\\", "/")
    path = PurePosixPath(posix)
    if path.is_absolute():
        try:
            path = path.relative_to(PurePosixPath(root.resolve().as_posix()))
        except ValueError:
            return None
    parts = [p for p in path.parts if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _frame_files(details: str) -> list[str]:
    """Files of the traceback's project frames, innermost first.

    Python lists the innermost frame last; Java and JavaScript list it first.
    """
    files = []
    for frame in parse_frames(details):
        if is_library_frame(frame):
            continue
        found = _FRAME_FILE.search(frame)
        if found:
            files.append(found["file"] or found["bare"])
    if files and all(f.endswith(".py") for f in files):
        files.reverse()
    return files


def candidate_paths(case: TestCase, root: Path) -> Iterable[str]:
    """Paths that may say whose a test is, best first: its file, the files its classname can
    name (existing ones first), then the files of its project frames, innermost first."""
    if case.file:
        path = repository_path(case.file, root)
        if path is not None:
            yield path
    if case.classname:
        named = module_paths(case.classname)
        yield from sorted(named, key=lambda p: not (root / p).is_file())
    problem = case.detail.problem if case.detail is not None else None
    if problem is not None and problem.details:
        for file in _frame_files(problem.details):
            path = repository_path(file, root)
            if path is not None and (root / path).is_file():
                yield path


def owners_of_case(
    case: TestCase, codeowners: CodeOwners, root: Path
) -> tuple[str | None, list[str], str | None]:
    """(the path used, owners, the rule that gave them) for one test: the first candidate
    path an entry matches; without one, the test's best path with no owner."""
    first: str | None = None
    for path in candidate_paths(case, root):
        first = first or path
        found = codeowners.owners_of(path)
        if found is not None:
            return path, found[0], found[1]
    return first, [], None
