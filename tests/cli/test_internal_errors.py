"""An unexpected exception: one line on stderr, its own exit status, a traceback only on request."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path
from typing import NoReturn

import pytest

from reportgen import cli, pipeline
from reportgen.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parents[2]


def _report(tmp_path: Path) -> Path:
    path = tmp_path / "ok.xml"
    path.write_text(
        '<testsuite name="s" tests="1"><testcase classname="c" name="a"/></testsuite>',
        encoding="utf-8",
    )
    return path


def _main(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    """Run the console entry point in-process and return its exit status."""
    monkeypatch.setattr("sys.argv", ["reportgen", *map(str, args)])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    code = stopped.value.code
    assert isinstance(code, int)
    return code


def _read_run_raises(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def broken_stage(*_args: object, **_kwargs: object) -> NoReturn:
        raise error

    monkeypatch.setattr(pipeline, "read_run", broken_stage)


def test_the_installed_command_is_main() -> None:
    (script,) = entry_points(group="console_scripts", name="reportgen")
    assert script.value == "reportgen.cli:main"


def test_unexpected_error_is_one_line_and_status_four(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(cli.DEBUG_VARIABLE, raising=False)
    _read_run_raises(monkeypatch, RuntimeError("stage fell over\n  on line two"))
    assert _main(monkeypatch, "summary", _report(tmp_path)) == ExitCode.INTERNAL_ERROR == 4
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "reportgen: internal error: RuntimeError: stage fell over on line two "
        "(please report it; REPORTGEN_DEBUG=1 shows the traceback)\n"
    )


def test_error_without_message_names_its_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "0")
    _read_run_raises(monkeypatch, KeyError())
    assert _main(monkeypatch, "summary", _report(tmp_path)) == ExitCode.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.startswith("reportgen: internal error: KeyError (")
    assert "Traceback" not in err


def test_debug_switch_shows_the_traceback_then_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")
    _read_run_raises(monkeypatch, RuntimeError("stage fell over"))
    assert _main(monkeypatch, "summary", _report(tmp_path)) == ExitCode.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.count("Traceback (most recent call last):") == 1
    assert re.search(r"in broken_stage\n", err)
    *_, last = err.splitlines()
    assert last == (
        "reportgen: internal error: RuntimeError: stage fell over "
        "(please report it with the traceback above)"
    )


def test_interrupt_is_130_and_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(cli.DEBUG_VARIABLE, raising=False)
    _read_run_raises(monkeypatch, KeyboardInterrupt())
    assert _main(monkeypatch, "summary", _report(tmp_path)) == ExitCode.INTERRUPTED == 130
    assert capsys.readouterr() == ("", "")


def test_expected_outcomes_keep_their_statuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _report(tmp_path)
    assert _main(monkeypatch, "summary", report) == ExitCode.OK
    assert _main(monkeypatch, "summary", report, "--fail-on", "bogus") == ExitCode.USAGE
    assert _main(monkeypatch, "summary", report, "--no-such-option") == ExitCode.USAGE
    assert "internal error" not in capsys.readouterr().err


def test_readme_documents_every_status() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit status", 1)[1].split("\n#", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)}
    assert documented == {int(code) for code in ExitCode}


def test_console_script_collects_garbage_less_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long-lived test cases must not be walked by the collector every 700 allocations."""
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert _main(monkeypatch, "--version") == ExitCode.OK
        assert gc.get_threshold() == cli.COLLECTOR_THRESHOLDS
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)
