"""Testcases off the fast path: a first failure read in one pass, and the general case
(status attributes, several results, reruns and their merges)."""

from __future__ import annotations

from typing import Any

from reportgen.ingest import dialects
from reportgen.ingest.prolog import refuse_attribute_flood
from reportgen.ingest.records import (
    MESSAGE_LIMIT,
    SHORT_TEXT_LIMIT,
    TEXT_LIMIT,
    Attempt,
    attach_teardown,
    bounded,
    classify,
    detail_of,
    in_file_order,
    is_teardown_record,
    is_todo,
    join_output,
    merge_detail,
    outcome_of,
    properties_of,
    read_attempt,
    shorten,
    skip_kind,
    text_of,
    to_int,
)
from reportgen.ingest.state import UNSETTLED, Key, Layout, ReaderState, SuiteAcc
from reportgen.model import CaseDetail, Outcome, Problem, TestCase


class CaseReading(ReaderState):
    """How the reader turns one testcase element into counts and kept records."""

    def _failing_case(
        self,
        elem: Any,
        acc: SuiteAcc,
        key: Key,
        values: list[str],
        layout: Layout,
    ) -> None:
        """A first record with plain attributes and one <failure> or <error> beside output and
        properties (`_shape`), read in one pass: the result of `_slow_case` without its
        intermediate objects."""
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
        line = elem.sourceline or 0
        duration = self._duration(values[layout.time], line)
        if self.times_acc is not acc:
            self.flush_times()
            self.times_acc = acc
        acc.duration += duration
        message, cut = bounded(result.get("message"), MESSAGE_LIMIT)  # type: ignore[union-attr]
        details, cut_details = bounded(text_of(result), TEXT_LIMIT)
        if self.text_budget > 0:
            for text in (out, err, details):
                if text:
                    self.text_budget -= len(text)
        else:
            details, out, err, cut_details = self._short_texts(details, out, err, cut_details)
        share = self.strings.setdefault
        kept_type = result.get("type") or None  # type: ignore[union-attr]
        problem = Problem(
            kind,
            share(kept_type, kept_type) if kept_type else None,
            message,
            details,
            cut or cut_details,
        )
        classname, name = key
        outcome = Outcome.ERROR if kind == "error" else Outcome.FAILED
        finer = dialects.RESULT_TYPE_KINDS.get(kept_type) if kept_type else None
        if finer is not None:
            outcome, finer_kind = finer
        elif classname in dialects.SUITE_ERROR_CLASSNAMES:
            outcome, finer_kind = Outcome.ERROR, "suite error"
        else:
            finer_kind = None
        if outcome is Outcome.ERROR:
            acc.error_runs += 1
        elif outcome is Outcome.FAILED:
            acc.failed_runs += 1
        acc.tally[outcome] = acc.tally.get(outcome, 0) + 1
        if finer_kind is not None:
            acc.mark(finer_kind)
        file = values[layout.file] if layout.file >= 0 else None
        at = to_int(values[layout.line]) if layout.line >= 0 else None
        file = file or result.get("file")  # type: ignore[union-attr]
        at = at or to_int(result.get("line"))  # type: ignore[union-attr]
        case = TestCase(
            name,
            share(classname, classname),
            acc.path,
            outcome,
            duration,
            self.index,
            line,
            share(file, file) if file else None,
            at,
            1,
            CaseDetail(problem, [], None, out, err, properties),
            finer_kind,
        )
        self.cases.append(case)
        if acc.pseudo is not None and outcome is Outcome.FAILED:
            acc.pseudo.candidates.append(case)
        if name and outcome is not Outcome.PASSED:
            acc.records[key] = case

    def _short_texts(
        self, details: str | None, out: str | None, err: str | None, cut: bool
    ) -> tuple[str | None, str | None, str | None, bool]:
        """`shorten` for the texts of `_failing_case`, once the file's text budget is spent."""
        if details is not None and len(details) > SHORT_TEXT_LIMIT:
            details, cut = bounded(details, SHORT_TEXT_LIMIT)[0], True
            self.shortened += 1
        if out is not None and len(out) > SHORT_TEXT_LIMIT:
            out = bounded(out, SHORT_TEXT_LIMIT)[0]
            self.shortened += 1
        if err is not None and len(err) > SHORT_TEXT_LIMIT:
            err = bounded(err, SHORT_TEXT_LIMIT)[0]
            self.shortened += 1
        return details, out, err, cut

    def _slow_case(self, elem: Any, acc: SuiteAcc) -> None:
        refuse_attribute_flood(elem, len(elem.keys()))
        attrs = dict(elem.items())
        name = attrs.get("name") or ""
        classname = attrs.get("classname") or attrs.get("class") or ""
        line = elem.sourceline or 0
        duration = self._duration(attrs["time"], line) if "time" in attrs else 0.0
        results, earlier, extras = classify(elem)
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
        forced: str | None = None
        if not_run and results and results[0][0] == "skipped":
            skipped = results[0][1]
            if dialects.not_run_is_failure(attrs, skipped.get("message")):
                results, not_run, forced = [("failure", skipped)], False, "not run"
        self._flush_times_if_other(acc)
        acc.duration += duration
        key = (classname, name)
        # a nameless testcase has no identity, so it is never a rerun
        previous = acc.records.get(key) if name and acc.records else None
        unkept = acc.seen.get(hash(key)) if name and acc.seen and previous is None else None
        first = previous is None and unkept is None
        if first and not self.keep_passing:
            outcome = outcome_of(results, earlier, not_run)
            if outcome is Outcome.PASSED or outcome is Outcome.SKIPPED:
                acc.add(outcome)  # counted, not kept: no need to read its texts
                if tap_number is not None and outcome is Outcome.PASSED:
                    acc.remember_tap(tap_number, None)
                if outcome is Outcome.SKIPPED:
                    acc.mark(skip_kind(results))
                acc.runs_extra += len(earlier)
                if acc.rerun_any and name:
                    acc.seen[hash(key)] = outcome
                return
        attempt = read_attempt(results, earlier, extras, not_run)
        if forced is not None and attempt.problem is not None:
            attempt.kind, attempt.problem.type = forced, "Not Run"
        elif attempt.problem is not None and classname in dialects.SUITE_ERROR_CLASSNAMES:
            if attempt.outcome is Outcome.FAILED:
                attempt.failed_runs, attempt.error_runs = attempt.failed_runs - 1, 1
            attempt.outcome, attempt.kind = Outcome.ERROR, "suite error"
        self._spend_text_budget(attempt)
        acc.failed_runs += attempt.failed_runs
        acc.error_runs += attempt.error_runs
        acc.runs_extra += attempt.attempt_count - 1
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
        case = self._new_record(acc, attempt, name, classname, duration, line, attrs)
        if tap_number is not None and attempt.outcome is Outcome.PASSED and attempt.kind is None:
            acc.remember_tap(tap_number, case)
        if not first or not name:
            return
        if case is not None and (attempt.outcome in UNSETTLED or acc.rerun_any):
            acc.records[key] = case
        elif case is None and acc.rerun_any:
            acc.seen[hash(key)] = attempt.outcome

    def _spend_text_budget(self, attempt: Attempt | CaseDetail) -> None:
        problems = ([attempt.problem] if attempt.problem else []) + attempt.attempts
        if self.text_budget <= 0:
            self.shortened += shorten(attempt, problems)
            return
        texts = [attempt.system_out, attempt.system_err, *(p.details for p in problems)]
        self.text_budget -= sum(len(t) for t in texts if t)

    def _new_record(
        self,
        acc: SuiteAcc,
        attempt: Attempt,
        name: str,
        classname: str,
        duration: float,
        line: int,
        attrs: dict[str, str],
    ) -> TestCase | None:
        acc.add(attempt.outcome)
        acc.mark(attempt.kind)
        if not self.keep_passing and attempt.outcome in (Outcome.PASSED, Outcome.SKIPPED):
            return None
        share = self.strings.setdefault
        file = attrs.get("file") or attempt.file
        if attempt.problem is not None and attempt.problem.type:
            attempt.problem.type = share(attempt.problem.type, attempt.problem.type)
        case = TestCase(
            name=name,
            classname=share(classname, classname),
            suite=acc.path,
            outcome=attempt.outcome,
            duration=duration,
            input=self.index,
            source_line=line,
            file=share(file, file) if file else None,
            line=to_int(attrs.get("line")) or attempt.line,
            attempts=attempt.attempt_count,
            detail=detail_of(attempt),
            kind=attempt.kind,
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
            acc.rerun_any and before is Outcome.PASSED
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
