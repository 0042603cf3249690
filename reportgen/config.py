"""The worklog configuration (`worklog.toml`), validated by pydantic.

Every key is documented in the README; `load_config` turns any mistake into a
`ConfigError` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reportgen.errors import ConfigError
from reportgen.patterns import PatternError, compile_search


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Note(_Strict):
    """Free Markdown written by people: inline `text`, or a `file` relative to the config."""

    text: str | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Note:
        if (self.text is None) == (self.file is None):
            raise ValueError("give exactly one of 'text' or 'file'")
        return self


NoteValue = str | Note


class Notes(_Strict):
    """What only people know; each is Markdown, inline or from a file."""

    context: NoteValue | None = None
    open_issues: NoteValue | None = None
    recommendations: NoteValue | None = None
    final_status: NoteValue | None = None


class WorklogMeta(_Strict):
    title: str = "Test Run Worklog"
    slug: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    focus: str | None = None
    session: str | None = None
    environment: str | None = None
    objective: str | None = None
    framework: str | None = None
    mission: str | None = None
    timezone: str = "UTC"
    real_services: bool | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}; use an IANA name like 'UTC'") from exc
        return value

    def slug_or_default(self) -> str:
        if self.slug:
            return self.slug
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
        return slug or "worklog"


class Match(_Strict):
    """One rule; every given field must match (globs, case-sensitive). `property` is `key=glob`."""

    file: str | None = None
    classname: str | None = None
    name: str | None = None
    suite: str | None = None
    property: str | None = None
    input: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Match:
        if not any(v is not None for v in self.model_dump().values()):
            raise ValueError(
                "a match rule needs at least one of: file, classname, name, suite, property, input"
            )
        if self.property is not None and "=" not in self.property:
            raise ValueError("property rules are written 'key=glob', e.g. 'tier=critical'")
        return self


class Category(_Strict):
    """A row of the results matrix; a test joins the first category with a matching rule."""

    name: str = Field(min_length=1)
    match: list[Match] = Field(min_length=1)
    weight: float = Field(default=1.0, ge=0)
    real_services: bool = False
    description: str | None = None


class PassRate(_Strict):
    """passed / (run - skipped); flaky counts as passed."""

    errors_as_failures: bool = True


_TARGET = re.compile(r"^\s*(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*(%|ms|s)?\s*$")

Comparator = Literal[">", ">=", "<", "<=", "="]


class Target(BaseModel):
    comparator: Comparator
    value: float
    unit: str

    def __str__(self) -> str:
        number = f"{self.value:g}"
        return f"{self.comparator}{number}{self.unit}"


def parse_target(text: str) -> Target:
    """'>95%' -> Target('>', 95, '%'). A bare number means '>='."""
    found = _TARGET.match(text)
    if not found:
        raise ValueError(f"{text!r} is not a target; write it like '>95%', '>=90%' or '<200ms'")
    comparator, value, unit = found.groups()
    return Target(comparator=comparator or ">=", value=float(value), unit=unit or "%")


class Criterion(_Strict):
    """A success criterion on pass rates (or health, with scope 'overall').

    Status: EXCEEDED when the actual clears the target by `exceed_margin` points or more,
    ACHIEVED when it meets the target, NEAR TARGET when it misses by at most `near_margin`
    points, MISSED otherwise; BLOCKED instead of NEAR/MISSED when the failures keeping it
    down all belong to blocking known issues. `tests` narrows the scope to the tests whose
    identity matches the glob (e.g. the authentication tests inside a wider category).
    """

    name: str = Field(min_length=1)
    scope: list[str] | Literal["overall"] = "overall"
    target: str
    exceed_margin: float = Field(default=5.0, ge=0)
    near_margin: float = Field(default=5.0, ge=0)
    measure: Literal["pass_rate", "health"] | None = None
    tests: str | None = None  # glob on test identity (classname::name) narrowing the scope

    @field_validator("target")
    @classmethod
    def _valid_target(cls, value: str) -> str:
        if parse_target(value).unit != "%":
            raise ValueError(
                f"{value!r}: criteria judge pass rates and health, so the target is a "
                "percentage like '>95%'; timing targets go in [[targets]]"
            )
        return value

    @field_validator("scope", mode="before")
    @classmethod
    def _scope_list(cls, value: object) -> object:
        if isinstance(value, str) and value != "overall":
            return [value]
        if isinstance(value, list) and not value:
            raise ValueError(
                "scope = [] names no category, so the criterion could judge nothing; name "
                'categories (scope = ["API"]) or judge the health figure (scope = "overall")'
            )
        return value

    @property
    def parsed_target(self) -> Target:
        return parse_target(self.target)


class Health(_Strict):
    """Overall health = weighted mean of category pass rates (weights from categories or here)."""

    weights: dict[str, float] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)  # known issue ids left out of the 2nd figure


class IssueMatch(_Strict):
    signature: str | None = None  # glob on the normalized signature
    message: str | None = None  # regular expression searched in type + message + details
    test: str | None = None  # glob on the test identity (classname::name)

    @field_validator("message")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                compile_search(value)
            except PatternError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> IssueMatch:
        if self.signature is None and self.message is None and self.test is None:
            raise ValueError("a match needs at least one of: signature, message, test")
        return self


class KnownIssue(_Strict):
    id: str = Field(min_length=1)
    title: str
    match: IssueMatch
    priority: Literal["P0", "P1", "P2"] = "P1"
    blocks: bool = False
    action: str | None = None
    url: str | None = None


class GroupRule(_Strict):
    """A failure group made by hand: the failures its `match` picks (fields as a known issue's)
    form one group named `name`, taken out of the groups their signatures would make. One rule
    can merge causes no signature rule sees as one, or split a signature by test or message."""

    name: str = Field(min_length=1)
    match: IssueMatch


class MetricTarget(_Strict):
    """A target for a timing metric named in `--timings` (overrides one given there)."""

    metric: str
    target: float
    unit: str | None = None
    better: Literal["lower", "higher"] = "lower"
    statistic: Literal["value", "mean", "p50", "p95", "p99", "max", "min"] = "p95"


class Authenticity(_Strict):
    """Plausibility checks on categories marked `real_services`."""

    min_duration: float = Field(default=0.05, ge=0, description="seconds; faster is suspicious")
    suite_time_ratio: float = Field(default=0.5, gt=0, le=1)


class Phase(_Strict):
    """Names a phase of the execution log: the input files it covers and how they were run."""

    name: str
    input: str  # glob on the input path
    command: str | None = None


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# C0 and C1 controls, tab and newline too: each would break the one line an entry is shown on
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _toml_shown(value: object) -> str:
    """A TOML value as it is written in the file, not as Python shows it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return "an array" if isinstance(value, list) else "a table"


class QuarantineEntry(_Strict):
    """Tests whose failures are shown but fail no gate, until `expires` (judged by the run's
    date). Every given glob must match: `name`, `classname`, `file` (as category rules)."""

    name: str | None = None
    classname: str | None = None
    file: str | None = None
    ticket: str | None = None
    expires: date | None = None
    reason: str | None = None
    added: date | None = None

    @field_validator("expires", "added", mode="before")
    @classmethod
    def _a_date(cls, value: object) -> object:
        # a TOML datetime is a date too; a time of day would make the expiry depend on a zone
        if isinstance(value, datetime):
            raise ValueError(
                f"{value.isoformat()} is a date and time; write a date like "
                f"{value.date().isoformat()}"
            )
        if isinstance(value, str):
            try:
                if not _DATE.match(value):
                    raise ValueError(value)
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a date; write it like 2026-03-31") from None
        if isinstance(value, time):
            raise ValueError(f"{value.isoformat()} is a time of day; write a date like 2026-03-31")
        if not isinstance(value, date | None):
            raise ValueError(f"{_toml_shown(value)} is not a date; write it like 2026-03-31")
        return value

    @field_validator("ticket", "reason")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        # printed on a terminal and in the worklog: a newline there could fake a line
        if value is not None and _CONTROL.search(value):
            raise ValueError("holds a control character (a newline, tab, ESC...); write plain text")
        return value

    @model_validator(mode="after")
    def _complete(self) -> QuarantineEntry:
        if self.name is None and self.classname is None and self.file is None:
            raise ValueError("a quarantine entry needs at least one of: name, classname, file")
        if not (self.ticket or "").strip():
            raise ValueError('a quarantine entry names its ticket: ticket = "#123"')
        if self.expires is None:
            raise ValueError("a quarantine entry needs an expiry date: expires = 2026-03-31")
        return self

    @property
    def pattern(self) -> str:
        """The entry's globs in one line, as the worklog names it."""
        parts = [(k, getattr(self, k)) for k in ("file", "classname", "name")]
        shown = " ".join(f"{key}={value}" for key, value in parts if value is not None)
        # a glob may name any test, newlines and escapes too; the line shown must stay one
        return _CONTROL.sub("\ufffd", shown)


class QuarantineFile(_Strict):
    """`quarantine.toml`: `[[quarantine]]` entries; an entry that matched no failing test in
    the last `stale_after` archived runs (and this one) is reported stale."""

    stale_after: int = Field(default=10, ge=1, le=1000)
    quarantine: list[QuarantineEntry] = Field(default_factory=list)
    source: str = Field(default="quarantine.toml", exclude=True)
    lines: list[int | None] = Field(default_factory=list, exclude=True)  # line of each entry


class Config(_Strict):
    worklog: WorklogMeta = WorklogMeta()
    notes: Notes = Notes()
    pass_rate: PassRate = PassRate()
    categories: list[Category] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    health: Health = Health()
    known_issues: list[KnownIssue] = Field(default_factory=list)
    groups: list[GroupRule] = Field(default_factory=list)  # the first matching rule wins
    targets: list[MetricTarget] = Field(default_factory=list)
    authenticity: Authenticity = Authenticity()
    phases: list[Phase] = Field(default_factory=list)
    slowest: Annotated[int, Field(ge=0, le=100)] = 10
    quarantine: str | None = None  # the quarantine file, relative to the config

    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _references_exist(self) -> Config:
        names = [c.name for c in self.categories]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"categories: duplicate name(s) {sorted(duplicates)}")
        known = set(names) | {UNMATCHED}
        for i, criterion in enumerate(self.criteria):
            if criterion.scope != "overall":
                for name in criterion.scope:
                    if name == "overall" and name not in known:
                        # a list names categories; the health figure is the bare string
                        raise ValueError(
                            f"criteria[{i}].scope: 'overall' in a list is taken for a category "
                            "name, and there is no category of that name; write "
                            'scope = "overall" (a string, not a list) to judge the health figure'
                            + (", in a criterion of its own" if len(criterion.scope) > 1 else "")
                        )
                    if name not in known:
                        raise ValueError(
                            f"criteria[{i}].scope: no category named {name!r}; "
                            f"categories are {sorted(known)}"
                        )
        ids = {k.id for k in self.known_issues}
        for name in self.health.weights:
            if name not in known:
                raise ValueError(f"health.weights: no category named {name!r}")
        for issue in self.health.exclude:
            if issue not in ids:
                raise ValueError(f"health.exclude: no known issue with id {issue!r}")
        return self

    def quarantine_path(self) -> Path:
        return self.base_dir / (self.quarantine or "quarantine.toml")

    def note_text(self, value: NoteValue | None) -> str | None:
        """Resolve a note to its Markdown (reading a file relative to the config)."""
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if value.text is not None:
            return value.text
        assert value.file is not None
        return (self.base_dir / value.file).read_text(encoding="utf-8")


UNMATCHED = "Unmatched"


_UNION_TAG = re.compile(r"^(?:str|int|float|bool|none|.*[\[(].*)$")


def _fields(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The location without pydantic's union-member tags (`str`, `function-after[...]`)."""
    return tuple(p for p in loc if isinstance(p, int) or not _UNION_TAG.match(p))


def _key(loc: tuple[int | str, ...]) -> str:
    key = ""
    for part in _fields(loc):
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key or "(top level)"


def _allowed_keys(loc: tuple[int | str, ...], root: type[BaseModel]) -> list[str]:
    """The keys the model at `loc` (a path of field names and list indexes) accepts."""
    model: type[BaseModel] = root
    for part in loc:
        if isinstance(part, int):
            continue
        if part not in model.model_fields:
            return []
        annotation = model.model_fields[part].annotation
        nested = [
            t
            for t in (annotation, *getattr(annotation, "__args__", ()))
            if isinstance(t, type) and issubclass(t, BaseModel)
        ]
        nested += [
            a
            for t in getattr(annotation, "__args__", ())
            for a in getattr(t, "__args__", ())
            if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if not nested:
            return []
        model = nested[0]
    return [name for name, f in model.model_fields.items() if not f.exclude]


_NAMED_KEY = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.*)$", re.DOTALL)


_TABLE = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(?:#.*)?$")
_BARE_OR_QUOTED = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_ASSIGNED = re.compile(rf"^\s*({_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*)\s*=")
_KEY_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in text.split("."))


def _key_path(key: str) -> tuple[int | str, ...]:
    return tuple(int(i) if i else name for i, name in _KEY_PART.findall(key))


def _line_of(text: str, key: str) -> int | None:
    """The line of `text` that sets `key` (`criteria[0].scope`), or opens its table.

    A plain reading of the TOML layout (table headers, `key =` lines), enough to point at the
    place of a mistake; None when the key is not written where that reading finds it.
    """
    wanted = _key_path(key)
    latest: dict[tuple[str, ...], int] = {}  # index of the last [[name]] seen, per name
    table: tuple[int | str, ...] = ()
    best: tuple[int, int] | None = None  # (length of the path matched, line)

    def consider(path: tuple[int | str, ...], number: int) -> None:
        nonlocal best
        if path and wanted[: len(path)] == path and (best is None or len(path) > best[0]):
            best = (len(path), number)

    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE.match(line)
        if header:
            names = _dotted(header.group(2))
            path: list[int | str] = []
            for depth, name in enumerate(names, 1):
                path.append(name)
                if header.group(1) == "[[" and depth == len(names):
                    latest[names] = latest.get(names, -1) + 1
                if names[:depth] in latest:
                    path.append(latest[names[:depth]])
            table = tuple(path)
            consider(table, number)
            continue
        assigned = _ASSIGNED.match(line)
        if assigned:
            consider((*table, *_dotted(assigned.group(1))), number)
    return best[1] if best else None


def _at_line(message: str, text: str, key: str) -> str:
    line = _line_of(text, key)
    return f"{message} (line {line})" if line else message


def _config_error(
    source: str, exc: ValidationError, text: str = "", root: type[BaseModel] = Config
) -> ConfigError:
    """One `key: message` line per mistake, each with its line; the first names the key."""
    lines = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            allowed = ", ".join(_allowed_keys(_fields(tuple(error["loc"][:-1])), root))
            message = f"unknown key; allowed here: {allowed}" if allowed else "unknown key"
        key = _key(tuple(error["loc"]))
        # cross-checks of the whole file name their key at the start of the message
        named = _NAMED_KEY.match(message) if not error["loc"] else None
        if named:
            key, message = named.group(1), named.group(2)
        lines.append((key, _at_line(message, text, key)))
    key, message = lines[0]
    rest = "".join(f"\n{source}: {k}: {m}" for k, m in lines[1:])
    return ConfigError(source, key, message + rest)


def parse_config(text: str, source: str = "worklog.toml", base_dir: Path | None = None) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "(syntax)", f"not valid TOML: {exc}") from exc
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise _config_error(source, exc, text) from exc
    config.base_dir = base_dir or Path(".")
    for field_name in ("context", "open_issues", "recommendations", "final_status"):
        note = getattr(config.notes, field_name)
        if (
            isinstance(note, Note)
            and note.file is not None
            and not (config.base_dir / note.file).is_file()
        ):
            key = f"notes.{field_name}.file"
            raise ConfigError(source, key, _at_line(f"no such file {note.file!r}", text, key))
    if config.quarantine is not None and not config.quarantine_path().is_file():
        message = f"no such file {config.quarantine!r}; 'reportgen quarantine add' creates it"
        raise ConfigError(source, "quarantine", _at_line(message, text, "quarantine"))
    return config


def parse_quarantine(text: str, source: str = "quarantine.toml") -> QuarantineFile:
    """Read a quarantine file; a mistake is a ConfigError naming the entry and its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "(syntax)", f"not valid TOML: {exc}") from exc
    try:
        found = QuarantineFile.model_validate(data)
    except ValidationError as exc:
        raise _config_error(source, exc, text, QuarantineFile) from exc
    found.source = source
    found.lines = [_line_of(text, f"quarantine[{i}]") for i in range(len(found.quarantine))]
    return found


def load_quarantine(path: str | Path) -> QuarantineFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc.strerror}") from exc
    return parse_quarantine(text, str(path))


def load_config(path: str | Path | None) -> Config:
    """Read and validate a config file; no path means the defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc.strerror}") from exc
    return parse_config(text, str(path), path.parent)
