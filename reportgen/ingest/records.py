"""What one testcase element says (its attempt: outcome, problem, texts), and how repeats of
the same test are merged into one record. Texts are bounded here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from reportgen.ingest import dialects
from reportgen.model import CaseDetail, Outcome, Problem, TestCase

MESSAGE_LIMIT = 2_000
TEXT_LIMIT = 8_000
SHORT_TEXT_LIMIT = 300


@dataclass(slots=True)
class Attempt:
    """One testcase element, read: what it says before merging with repeats of the same test."""

    outcome: Outcome
    problem: Problem | None
    attempts: list[Problem]
    attempt_count: int
    failed_runs: int
    error_runs: int
    skip_message: str | None = None
    system_out: str | None = None
    system_err: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    kind: str | None = None  # the tool's finer outcome (model.KIND_OUTCOME)


class Child(NamedTuple):
    """One child element of a testcase, with its local name."""

    kind: str  # "failure", "skipped", "rerunError", "system-out", ...
    elem: Any


Kids = list[Child]


class Children(NamedTuple):
    """A testcase's children by role (`classify`)."""

    results: Kids  # <failure>, <error>, <skipped>
    earlier: Kids  # earlier attempts: flaky* and rerun* elements
    extras: Kids  # output and properties


def classify(elem: Any) -> Children:
    """A testcase's children by role: results, earlier attempts, output and properties."""
    found = Children([], [], [])
    for child in elem:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comment or processing instruction
        kind = local_name(tag)
        if kind in dialects.RESULT_SEVERITY:
            found.results.append(Child(kind, child))
        elif kind in dialects.FLAKY_ELEMENTS or kind in dialects.RERUN_ELEMENTS:
            found.earlier.append(Child(kind, child))
        elif kind in ("system-out", "system-err", "properties"):
            found.extras.append(Child(kind, child))
    return found


def is_todo(results: Kids) -> bool:
    return any(
        c.kind == "skipped" and c.elem.get("type") in dialects.SKIP_TYPES_THAT_WIN for c in results
    )


def skip_kind(results: Kids) -> str | None:
    """The finer outcome a <skipped type=...> names (todo, xfail), if any."""
    for child in results:
        if child.kind == "skipped":
            found = dialects.SKIP_TYPE_KINDS.get(child.elem.get("type") or "")
            if found is not None:
                return found
    return None


def outcome_of(results: Kids, earlier: Kids, not_run: bool) -> Outcome:
    """The outcome alone, without reading any text (rules 2-4 in dialects)."""
    if not_run:
        return Outcome.SKIPPED
    if not results:
        return Outcome.FLAKY if earlier else Outcome.PASSED
    worst = max(results, key=lambda child: dialects.RESULT_SEVERITY[child.kind]).kind
    return dialects.RESULT_OUTCOME[worst]


def read_attempt(children: Children, not_run: bool) -> Attempt:
    """Everything one testcase element says, texts bounded."""
    attempt = Attempt(Outcome.PASSED, None, [], 1, 0, 0)
    for kind, child in children.extras:
        add_extra(attempt, kind, child)
    earlier = [problem_of(child, kind) for kind, child in children.earlier]
    settle(attempt, children.results, earlier, not_run)
    return attempt


def add_extra(attempt: Attempt, kind: str, child: Any) -> None:
    """Output or properties of a testcase, added to its attempt."""
    if kind == "system-out":
        attempt.system_out = join_output(attempt.system_out, text_of(child))
    elif kind == "system-err":
        attempt.system_err = join_output(attempt.system_err, text_of(child))
    else:
        attempt.properties.update(properties_of(child))


def settle(attempt: Attempt, results: Kids, earlier: list[Problem], not_run: bool) -> None:
    """Decide one testcase element's outcome from its result elements (rules 2-4 in dialects)."""
    severity = dialects.RESULT_SEVERITY
    if len(results) == 1:  # the common case, without the comprehensions
        worst, chosen, others = severity[results[0].kind], results, []
    else:
        worst = max((severity[c.kind] for c in results), default=0)
        chosen = [c for c in results if severity[c.kind] == worst]
        others = [c for c in results if severity[c.kind] != worst and c.kind != "skipped"]
    if earlier:
        attempt.failed_runs = sum(1 for p in earlier if p.kind.endswith("Failure"))
        attempt.error_runs = sum(1 for p in earlier if p.kind.endswith("Error"))
    else:
        attempt.failed_runs = attempt.error_runs = 0
    attempt.attempt_count = 1 + len(earlier)
    if results:
        first = results[0].elem
        attempt.file = first.get("file") or None
        attempt.line = to_int(first.get("line"))
    if not_run:
        attempt.outcome = Outcome.SKIPPED
        skipped = [c.elem for c in results if c.kind == "skipped"] or [c.elem for c in results]
        attempt.skip_message = _skip_message(skipped[0]) if skipped else None
        attempt.kind = skip_kind(results)
        return
    if worst == 0:
        if earlier:
            attempt.outcome = Outcome.FLAKY
            attempt.problem, attempt.attempts = earlier[0], earlier[1:]
        return
    kind, element = chosen[0]
    attempt.outcome = dialects.RESULT_OUTCOME[kind]
    if kind == "skipped":
        attempt.skip_message = _skip_message(element)
        attempt.kind = skip_kind(chosen)
        return
    problem = problem_of(element, kind)
    for extra_kind, extra in chosen[1:] + others:
        _append_details(problem, problem_of(extra, extra_kind))
    attempt.problem = problem
    attempt.attempts = earlier
    count_failure(attempt)


def count_failure(attempt: Attempt) -> None:
    """The finer outcome its problem's type names, and the failed or errored run it is."""
    problem = attempt.problem
    finer = dialects.RESULT_TYPE_KINDS.get(problem.type or "") if problem is not None else None
    if finer is not None:
        attempt.outcome, attempt.kind = finer
        if attempt.outcome is Outcome.PASSED:
            return  # the tool counts it as passed: no failed run
    if attempt.outcome is Outcome.ERROR:
        attempt.error_runs += 1
    else:
        attempt.failed_runs += 1


def shorten(attempt: Attempt | CaseDetail, problems: list[Problem]) -> int:
    """Cut the texts of one attempt to SHORT_TEXT_LIMIT; how many texts were cut."""
    cut = 0
    for problem in problems:
        if problem.details is not None and len(problem.details) > SHORT_TEXT_LIMIT:
            problem.details = bounded(problem.details, SHORT_TEXT_LIMIT)[0]
            problem.truncated = True
            cut += 1
    for name in ("system_out", "system_err"):
        text = getattr(attempt, name)
        if text is not None and len(text) > SHORT_TEXT_LIMIT:
            setattr(attempt, name, bounded(text, SHORT_TEXT_LIMIT)[0])
            cut += 1
    return cut


def attach_teardown(case: TestCase, attempt: Attempt, duration: float) -> None:
    """pytest's second record of a test whose call failed and whose teardown errored.

    It is the same test (pytest collected it once), so it stays one FAILED test and the
    teardown error joins its details instead of becoming a test of its own.
    """
    case.duration += duration
    teardown = attempt.problem
    if teardown is None or case.detail is None or case.detail.problem is None:
        return
    problem = case.detail.problem
    extra = "\n".join(t for t in (teardown.message, teardown.details) if t)
    problem.details = f"{problem.details or ''}\n\n[teardown error] {extra}".lstrip("\n")


def is_teardown_record(attempt: Attempt) -> bool:
    return (
        attempt.outcome is Outcome.ERROR
        and attempt.problem is not None
        and dialects.is_teardown_error(attempt.problem.message)
    )


def detail_of(attempt: Attempt) -> CaseDetail | None:
    keep_output = attempt.outcome not in (Outcome.PASSED, Outcome.SKIPPED)
    if (
        attempt.problem is None
        and not attempt.properties
        and attempt.skip_message is None
        and not (keep_output and (attempt.system_out or attempt.system_err))
    ):
        return None
    return CaseDetail(  # positional: this runs for every kept failure
        attempt.problem,
        list(attempt.attempts),
        attempt.skip_message,
        attempt.system_out if keep_output else None,
        attempt.system_err if keep_output else None,
        attempt.properties,
    )


def in_file_order(attempt: Attempt | CaseDetail | None) -> list[Problem]:
    """One element's failing attempts as they stand in the file (a final <failure> precedes its
    <rerunFailure> siblings; a flaky test's problem is its first attempt)."""
    if attempt is None:
        return []
    return ([attempt.problem] if attempt.problem else []) + attempt.attempts


def merge_detail(
    detail: CaseDetail | None, attempt: Attempt, outcome: Outcome, history: list[Problem]
) -> CaseDetail:
    """Fold a rerun into its test: a flaky test shows its first failure, a failing one its
    last; every other failing attempt is kept in `attempts`, in file order."""
    first = history[0] if history else None
    problem = first if outcome is Outcome.FLAKY else attempt.problem
    merged = detail_of(attempt) or CaseDetail()
    merged.problem = problem
    merged.attempts = [p for p in history if p is not problem]
    if detail is not None:
        merged.properties = {**detail.properties, **merged.properties}
        merged.system_out = merged.system_out or detail.system_out
        merged.system_err = merged.system_err or detail.system_err
    return merged


def problem_of(element: Any, kind: str) -> Problem:
    message, cut_message = bounded(element.get("message"), MESSAGE_LIMIT)
    if kind in dialects.FLAKY_ELEMENTS or kind in dialects.RERUN_ELEMENTS:
        trace = next(
            (c for c in element if isinstance(c.tag, str) and local_name(c.tag) == "stackTrace"),
            None,
        )
        raw = text_of(trace) if trace is not None else (element.text or "").strip() or None
    else:
        raw = text_of(element)
    details, cut_details = bounded(raw, TEXT_LIMIT)
    return Problem(
        kind=kind,
        type=element.get("type") or None,
        message=message,
        details=details,
        truncated=cut_message or cut_details,
    )


def _append_details(problem: Problem, extra: Problem) -> None:
    summary = f"[also {extra.kind}] {extra.message or ''}".rstrip()
    body = "\n".join(p for p in (problem.details, summary, extra.details) if p)
    problem.details, cut = bounded(body, TEXT_LIMIT)
    problem.truncated = problem.truncated or cut or extra.truncated


def _skip_message(element: Any) -> str | None:
    text = element.get("message") or text_of(element)
    return bounded(text, MESSAGE_LIMIT)[0]


def properties_of(element: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for prop in element:
        if isinstance(prop.tag, str) and local_name(prop.tag) == "property" and prop.get("name"):
            value = prop.get("value")
            found[prop.get("name")] = value if value is not None else (prop.text or "").strip()
    return found


def text_of(element: Any) -> str | None:
    text = "".join(element.itertext()) if len(element) else element.text
    return text if text and not text.isspace() else None


def bounded(text: str | None, limit: int) -> tuple[str | None, bool]:
    if text is None or len(text) <= limit:
        return text, False
    return text[:limit] + f"\n[... {len(text) - limit} more characters]", True


def join_output(before: str | None, more: str | None) -> str | None:
    if more is None:
        return before
    joined = more if before is None else before + more
    return bounded(joined, TEXT_LIMIT)[0]


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2] if tag.startswith("{") else tag


def free(elem: Any) -> None:
    """Drop an element read whole, and the siblings before it, so memory stays flat."""
    elem.clear()
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


def to_int(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return None
