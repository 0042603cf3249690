"""Testcases off the fast path: the general case (status attributes, several results, reruns
and their merges), and a first failure whose children are read in one pass before the same
steps."""

from __future__ import annotations

from typing import Any

from reportgen.ingest import dialects
from reportgen.ingest.prolog import refuse_attribute_flood
from reportgen.ingest.records import (
    Attempt,
    Child,
    attach_teardown,
    classify,
    count_failure,
    detail_of,
    in_file_order,
    is_teardown_record,
    is_todo,
    join_output,
    merge_detail,
    outcome_of,
    problem_of,
    properties_of,
    read_attempt,
    shorten,
    skip_kind,
    text_of,
    to_int,
)
from reportgen.ingest.state import UNSETTLED, Key, Layout, ReaderState, SuiteAcc
from reportgen.model import Counts, Outcome, TestCase


class CaseReading(ReaderState):
    """How the reader turns one testcase element into counts and kept records."""

    def _failing_case(
        self, elem: Any, acc: SuiteAcc, key: Key, values: list[str], layout: Layout
    ) -> None:
        """A first record with plain attributes and one <failure> or <error> beside output and
        properties (`_shape`): its children read in one pass, by the tags `_shape` vouched for,
        instead of `classify`, the attribute dict and the status checks of `_slow_case`; the
        rest is `_slow_case`'s."""
        out = err = result = None
        properties: dict[str, str] = {}
        kind = ""
        names = self.child_names
        for child in elem:
            tag = names[child.tag]
            if tag == "system-out":
                out = join_output(out, text_of(child))
            elif tag == "system-err":
                err = join_output(err, text_of(child))
            elif tag == "properties":
                properties.update(properties_of(child))
            else:
                kind, result = tag, child
        # what `settle` makes of a lone result, without its lists
        outcome = Outcome.ERROR if kind == "error" else Outcome.FAILED
        said_file = result.get("file") or None  # type: ignore[union-attr]
        said_line = to_int(result.get("line"))  # type: ignore[union-attr]
        problem = problem_of(result, kind)
        attempt = Attempt(
            outcome, problem, [], 1, 0, 0, None, out, err, properties, said_file, said_line
        )
        count_failure(attempt)
        line = elem.sourceline or 0
        duration = self._duration(values[layout.time], line)
        if self.times_acc is not acc:
            self._flush_times_if_other(acc)
        acc.duration += duration
        if dialects.is_suite_error(key[0], key[1], problem.message):
            _as_suite_error(attempt)
        elif attempt.kind is None and attempt.outcome is Outcome.FAILED and not problem.message:
            attempt.kind = dialects.cucumber_kind(None, out)
        self._count_attempt(acc, attempt)
        file = values[layout.file] if layout.file >= 0 else None
        at = self.line_number(values[layout.line]) if layout.line >= 0 else None
        case = self._new_record(acc, attempt, key, duration, line, file, at)
        if key[1]:
            _remember(acc, key, case, attempt.outcome)

    def _slow_case(self, elem: Any, acc: SuiteAcc) -> None:
        if acc.habits in dialects.SECTIONED and "/" in (elem.get("name") or ""):
            self._section(elem, acc)
        else:
            self._read_case(elem, acc)

    def _section(self, elem: Any, acc: SuiteAcc) -> None:
        """One leaf section of a Catch2 test case ("case/section"): read as a testcase, then
        remembered so that the suite's end folds the case's sections into one test."""
        kept, counts, kinds = len(self.cases), acc.counts(), dict(acc.kinds)
        self._read_case(elem, acc)
        after = acc.counts()
        outcome = next((o for o in Outcome if _count(after, o) > _count(counts, o)), None)
        if outcome is None:
            return
        kind = next((k for k, n in acc.kinds.items() if n > kinds.get(k, 0)), None)
        case = self.cases[-1] if len(self.cases) > kept else None
        name = (elem.get("name") or "").split("/", 1)[0]
        key = (elem.get("classname") or "", name)
        time = elem.get("time")
        duration = case.duration if case is not None else dialects.parse_duration(time or "0")[0]
        acc.sections.setdefault(key, []).append((outcome, kind, duration, case))

    def fold_sections(self, acc: SuiteAcc) -> None:
        """Catch2's leaf sections of one test case are one test, the worst outcome winning,
        as Catch2 counts them (dialects rule 16); its kept case is the worst section's,
        named after the test case, timed as all of them."""
        for (_, name), sections in acc.sections.items():
            if len(sections) < 2:
                continue
            worst = max(sections, key=lambda s: _SECTION_SEVERITY[s[0]])
            for outcome, kind, _, case in sections:
                acc.add(outcome, -1)
                acc.mark(kind, -1)
                if case is not None and case is not worst[3]:
                    self.dropped.add(id(case))
            acc.add(worst[0])
            acc.mark(worst[1])
            if worst[3] is not None:
                worst[3].name = name
                worst[3].duration = sum(s[2] for s in sections)
        acc.sections.clear()

    def _read_case(self, elem: Any, acc: SuiteAcc) -> None:
        refuse_attribute_flood(elem, len(elem.keys()))
        attrs = dict(elem.items())
        name = attrs.get("name") or ""
        classname = attrs.get("classname") or attrs.get("class") or ""
        line = elem.sourceline or 0
        duration = self._duration(attrs["time"], line) if "time" in attrs else 0.0
        children = classify(elem)
        results = children.results
        marked: tuple[str, str | None, str | None] | None = None
        if acc.habits == "node-tap":
            if name and self._told_by_its_suite(acc, name, results):
                return  # node-tap's second record of a subtest (dialects rule 14)
            marked = _not_run_property(children.extras)
        tap_number = None
        if not classname:
            if not len(elem) and name in dialects.TIMING_PSEUDO_CASES:
                return  # prove's timing of a file's start or end: no test
            numbered = dialects.TAP_CASE_NAME.match(name)
            tap_number = int(numbered.group(1)) if numbered else None
        not_run = (
            not dialects.STATUS_ATTRIBUTES.isdisjoint(attrs)
            and dialects.status_means_skipped(attrs)
        ) or is_todo(results)
        forced: tuple[str, str] | None = None  # (finer outcome, problem type) of a failure
        if marked is not None:
            not_run = True
        elif not_run and _failure_beats_status(attrs, results):
            not_run = False
            kinds = sorted({f"<{c.kind}>" for c in results if c.kind in ("failure", "error")})
            counted = "an error" if "<error>" in kinds else "failed"
            self.notice(
                line,
                f"testcase '{name}' says {_status_words(attrs)} but carries "
                f"{' and '.join(kinds)}: counted as {counted}",
            )
        if not_run and results and results[0].kind == "skipped":
            skipped = results[0].elem
            if dialects.not_run_is_failure(attrs, skipped.get("message")):
                results, not_run, forced = [Child("failure", skipped)], False, NOT_RUN
                children = children._replace(results=results)
        elif acc.habits == "catch2" and _may_fail(results):
            marked = ("", "xfail", None)
            not_run = True
        elif acc.habits == "nose2" and len(results) == 1 and results[0].kind == "skipped":
            said = dialects.NOSE2_SKIP_MESSAGES.get(results[0].elem.get("message") or "")
            if said is not None and said[0] is Outcome.SKIPPED:
                marked = ("", said[1], None)
                not_run = True
            elif said is not None:
                results, forced = [Child("failure", results[0].elem)], (said[1], said[1])
                children = children._replace(results=results)
                self.notice(
                    line,
                    f"testcase '{name}' passed where a failure was expected: unittest counts "
                    "an unexpected success against the run, so it is counted as failed",
                )
        self._flush_times_if_other(acc)
        acc.duration += duration
        key = (classname, name)
        if name and acc.records.folded and key not in acc.records:
            self.take_back(acc, key)
        # a nameless testcase has no identity, so it is never a rerun
        previous = acc.records.get(key) if name and acc.records else None
        unkept = acc.seen.get(hash(key)) if name and acc.seen and previous is None else None
        first = previous is None and unkept is None
        if first and not self.keep_passing:
            outcome = outcome_of(results, children.earlier, not_run)
            if outcome is Outcome.PASSED or outcome is Outcome.SKIPPED:
                acc.add(outcome)  # counted, not kept: no need to read its texts
                if tap_number is not None and outcome is Outcome.PASSED:
                    acc.remember_tap(tap_number, None)
                if outcome is Outcome.SKIPPED:
                    acc.mark(marked[1] if marked is not None else skip_kind(results))
                acc.runs_extra += len(children.earlier)
                if acc.rerun_any and name:
                    acc.seen[hash(key)] = outcome
                return
        attempt = read_attempt(children, not_run)
        if marked is not None:
            attempt.kind, attempt.skip_message = marked[1], marked[2] or attempt.skip_message
        elif forced is not None and attempt.problem is not None:
            attempt.kind, attempt.problem.type = forced
        elif attempt.problem is not None and dialects.is_suite_error(
            classname, name, attempt.problem.message
        ):
            _as_suite_error(attempt)
        elif (
            attempt.outcome is Outcome.FAILED
            and attempt.kind is None
            and attempt.problem is not None
            and attempt.problem.message is None
        ):
            attempt.kind = dialects.cucumber_kind(None, attempt.system_out)
        if first and attempt.outcome in (Outcome.PASSED, Outcome.SKIPPED):
            # the output of a first pass or skip is never kept (`detail_of`): it must spend
            # none of the failure-text budget, as in a totals-only reading
            attempt.system_out = attempt.system_err = None
        self._count_attempt(acc, attempt)
        if (
            previous is not None
            and previous.outcome is Outcome.FAILED
            and is_teardown_record(attempt)
        ):
            attach_teardown(previous, attempt, duration)
            acc.runs_extra += 1
            return
        if not first:
            self._merge(acc, key, previous, unkept, attempt, duration, line)
            return
        file, at = attrs.get("file"), self.line_number(attrs.get("line"))
        case = self._new_record(acc, attempt, key, duration, line, file, at)
        if tap_number is not None and attempt.outcome is Outcome.PASSED and attempt.kind is None:
            acc.remember_tap(tap_number, case)
        if name:
            _remember(acc, key, case, attempt.outcome)

    def _told_by_its_suite(self, acc: SuiteAcc, name: str, results: list[Child]) -> bool:
        """Whether a node-tap testcase is a subtest already read as the suite of its assertions:
        it is, unless it failed and that suite holds no failure (dialects rule 14)."""
        nested = (*acc.path, name)
        if nested not in self.accs:
            return False
        if outcome_of(results, [], False) not in (Outcome.FAILED, Outcome.ERROR):
            return True
        depth = len(nested)
        for path, inner in self.accs.items():
            if path[:depth] == nested:
                counts = inner.counts()
                if counts.failed or counts.errors:
                    return True
        return False

    def _count_attempt(self, acc: SuiteAcc, attempt: Attempt) -> None:
        """The runs of one testcase element in its suite's totals, its texts on the budget."""
        acc.failed_runs += attempt.failed_runs
        acc.error_runs += attempt.error_runs
        acc.runs_extra += attempt.attempt_count - 1
        problem = attempt.problem
        if self.text_budget <= 0:
            problems = ([problem] if problem else []) + attempt.attempts
            self.shortened += shorten(attempt, problems)
            return
        spent = len(attempt.system_out or "") + len(attempt.system_err or "")
        if problem is not None:
            spent += len(problem.details or "")
        if attempt.attempts:
            spent += sum(len(p.details or "") for p in attempt.attempts)
        self.text_budget -= spent

    def _new_record(
        self,
        acc: SuiteAcc,
        attempt: Attempt,
        key: Key,
        duration: float,
        line: int,
        file: str | None,
        at: int | None,
    ) -> TestCase | None:
        """The first record of a test, kept unless it is a pass or skip of a totals-only
        reading. `file` and `at` are the testcase's own attributes; its result's stand in."""
        tally = acc.tally  # `acc.add` and `acc.mark`, without two calls for every kept failure
        tally[attempt.outcome] = tally.get(attempt.outcome, 0) + 1
        if attempt.kind is not None:
            acc.mark(attempt.kind)
        if not self.keep_passing and attempt.outcome in (Outcome.PASSED, Outcome.SKIPPED):
            return None
        classname, name = key
        file = file or attempt.file
        if (
            self.fold is not None
            and attempt.outcome is Outcome.SKIPPED
            and not acc.rerun_any
            and acc.habits not in dialects.SECTIONED
        ):
            # no later record can change a skip where repeats are not reruns (`_remember`),
            # nor fold it into its test case (Catch2's sections)
            group = self.fold_group(acc.path, classname, file or None)
            if group is not None:
                group.skips.append(duration)
                return None
        share = self.strings.setdefault
        if attempt.problem is not None and attempt.problem.type:
            attempt.problem.type = share(attempt.problem.type, attempt.problem.type)
        case = TestCase(  # positional: this runs for every kept test off the fast path
            name,
            share(classname, classname),
            acc.path,
            attempt.outcome,
            duration,
            self.index,
            line,
            share(file, file) if file else None,
            at if at is not None else attempt.line,  # line 0 is a line (pytest counts from 0)
            attempt.attempt_count,
            detail_of(attempt),
            attempt.kind,
        )
        self.cases.append(case)
        if acc.pseudo is not None and attempt.outcome is Outcome.FAILED:
            acc.pseudo.candidates.append(case)
        return case

    def _merge(
        self,
        acc: SuiteAcc,
        key: Key,
        previous: TestCase | None,
        unkept: Outcome | None,
        attempt: Attempt,
        duration: float,
        line: int,
    ) -> None:
        """A rerun of a test seen before in this suite: one test, the last record's outcome wins.

        `previous` is the kept record, or `unkept` the outcome of one counted but not kept.
        """
        before = previous.outcome if previous is not None else unkept
        assert before is not None
        after = attempt.outcome
        # pytest-rerunfailures writes a failed attempt as a testcase with no result element; a
        # skip is no failed attempt, so a skip and then a pass is a pass (dialects rule 5)
        failed_before = before in (Outcome.FAILED, Outcome.ERROR, Outcome.FLAKY) or (
            acc.passes_are_attempts and before is Outcome.PASSED
        )
        if after in (Outcome.PASSED, Outcome.FLAKY) and failed_before:
            after = Outcome.FLAKY
        acc.runs_extra += 1
        acc.add(before, -1)
        acc.add(after)
        if previous is not None:
            acc.mark(previous.kind, -1)
        acc.mark(attempt.kind)
        history = acc.histories.pop(key, None)
        if history is None:
            history = in_file_order(previous.detail) if previous is not None else []
        history += in_file_order(attempt)
        if previous is None:
            hashed = hash(key)
            if after in (Outcome.PASSED, Outcome.SKIPPED) and not self.keep_passing:
                acc.seen[hashed] = after
                return
            del acc.seen[hashed]
            previous = TestCase(
                name=key[1],
                classname=key[0],
                suite=acc.path,
                outcome=after,
                duration=0.0,
                input=self.index,
                source_line=line,
                file=attempt.file,
                line=attempt.line,
                attempts=1,  # what the earlier records were is not known beyond their count
            )
            self.cases.append(previous)
        previous.outcome = after
        previous.kind = attempt.kind
        previous.attempts += attempt.attempt_count
        previous.duration += duration
        previous.detail = merge_detail(previous.detail, attempt, after, history)
        if after in UNSETTLED or acc.rerun_any:
            acc.records[key] = previous
            acc.histories[key] = history
        else:
            acc.records.pop(key, None)


def _as_suite_error(attempt: Attempt) -> None:
    """jest's testcase for a test file that failed to load (its classname is one of
    dialects.SUITE_ERROR_CLASSNAMES) is an error of the suite, not a failed test."""
    if attempt.problem is None:
        return
    if attempt.outcome is Outcome.FAILED:
        attempt.failed_runs, attempt.error_runs = attempt.failed_runs - 1, 1
    attempt.outcome, attempt.kind = Outcome.ERROR, "suite error"


# Which section's outcome is its test case's: a failure anywhere fails it; an allowed failure
# ([!mayfail]: skipped, "xfail") beats a pass.
_SECTION_SEVERITY = {
    Outcome.ERROR: 4,
    Outcome.FAILED: 3,
    Outcome.SKIPPED: 2,
    Outcome.FLAKY: 1,
    Outcome.PASSED: 0,
}


def _count(counts: Counts, outcome: Outcome) -> int:
    return {
        Outcome.PASSED: counts.passed,
        Outcome.FAILED: counts.failed,
        Outcome.ERROR: counts.errors,
        Outcome.SKIPPED: counts.skipped,
        Outcome.FLAKY: counts.flaky,
    }[outcome]


def _may_fail(results: list[Child]) -> bool:
    """Catch2's test tagged [!mayfail] or [!shouldfail] that failed, as allowed: its <skipped>
    says so beside the <failure> (dialects rule 16)."""
    return any(
        c.kind == "skipped" and (c.elem.get("message") or "") == dialects.CATCH2_MAY_FAIL
        for c in results
    ) and any(c.kind in ("failure", "error") for c in results)


# ctest's "Not Run" (dialects rule 10): the finer outcome and the problem's type
NOT_RUN = ("not run", "Not Run")


def _not_run_property(extras: list[Child]) -> tuple[str, str | None, str | None] | None:
    """node-tap's `skip`/`todo` property on a testcase: (property, finer outcome, its reason)."""
    for kind, child in extras:
        if kind == "properties":
            for prop, value in properties_of(child).items():
                if prop in dialects.NOT_RUN_PROPERTIES:
                    return prop, dialects.NOT_RUN_PROPERTIES[prop], value
    return None


def _remember(acc: SuiteAcc, key: Key, case: TestCase | None, outcome: Outcome) -> None:
    """What a later record of the same named test needs to be read as its rerun."""
    if case is not None and (outcome in UNSETTLED or acc.rerun_any):
        acc.records[key] = case
    elif case is None and acc.rerun_any:
        acc.seen[hash(key)] = outcome


def _failure_beats_status(attrs: dict[str, str], results: Any) -> bool:
    """A `<failure>`/`<error>` is stronger evidence than a "not run" status attribute: the test
    ran far enough to fail. Two conventions keep their skip: cppfw's `status="disabled"`, which
    puts the reason a test is disabled in a failure, and node's todo (`<skipped type="todo">`),
    whose failures node itself does not count."""
    if not any(c.kind in ("failure", "error") for c in results) or is_todo(results):
        return False
    return (attrs.get("status") or "").lower() != "disabled"


def _status_words(attrs: dict[str, str]) -> str:
    keys = ("status", "result", "disabled", "skip", "skipped")
    return " ".join(f'{key}="{attrs[key]}"' for key in keys if key in attrs)
