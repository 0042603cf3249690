"""FrameReader reads each distinct line once; it must find exactly what parse_frames finds."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.analyze.frames import FrameReader, is_library_frame, parse_frames
from reportgen.ingest import read_reports

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def expected(details: str) -> list[str]:
    return [f for f in parse_frames(details) if not is_library_frame(f)]


LINES = st.sampled_from(
    [
        '  File "/app/orders.py", line 12, in create',
        'File "/usr/lib/python3.11/json/decoder.py", line 3, in decode',
        '  File "/app/odd',  # a file name whose quote closes on a later line
        'name.py", line 7, in f',
        "tests/test_x.py:40: in test_x",
        "tests/test_x.py:41: AssertionError",
        "    at com.acme.Orders.create(Orders.java:88)",
        "\tat org.junit.Assert.fail(Assert.java:89)",
        "    at Object.<anonymous> (src/a.test.js:10:5)",
        "    at async run (/app/node_modules/x/y.js:1:2)",
        "at f (src/b.js:3:4)\r",
        "E   assert 1 == 2",
        "",
        "   ",
        "AssertionError: expected 3",
    ]
)


@given(st.lists(LINES, max_size=12))
def test_the_same_frames_as_a_whole_parse(lines: list[str]) -> None:
    details = "\n".join(lines)
    reader = FrameReader()
    assert reader.application_frames(details) == expected(details)
    assert reader.application_frames(details) == expected(details)  # now from its cache


def test_a_python_file_name_over_two_lines_is_still_found() -> None:
    details = '  File "/app/odd\nname.py", line 7, in f\n  File "/app/b.py", line 2, in g'
    assert FrameReader().application_frames(details) == [
        "f (/app/odd\nname.py:7)",
        "g (/app/b.py:2)",
    ]


def corpus_details() -> list[str]:
    if not CORPUS.is_dir():
        return []
    paths = sorted(str(p) for p in CORPUS.rglob("*.xml"))
    run = read_reports(paths, keep_passing=False)
    texts = []
    for case in run.cases:
        detail = case.detail
        if detail is not None and detail.problem is not None and detail.problem.details:
            texts.append(detail.problem.details)
    return texts


def test_every_corpus_traceback_gives_the_same_frames() -> None:
    texts = corpus_details()
    if not texts:
        pytest.skip("no shared corpus")
    reader = FrameReader()
    differ = [t[:200] for t in texts if reader.application_frames(t) != expected(t)]
    assert differ == []
    assert sum(1 for t in texts if expected(t)) > 50  # the corpus does hold tracebacks
