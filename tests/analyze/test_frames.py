"""FrameReader reads each distinct line once; it must find exactly what parse_frames finds."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.analyze.frames import (
    FrameReader,
    innermost_project_frame,
    is_library_frame,
    package_prefix,
    parse_frames,
    shown_path,
)
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


# --- where to look: the innermost project frame, per language ---------------------------------

JAVA_CAUSED = (
    "java.lang.RuntimeException: statement failed\n"
    "\tat com.acme.ledger.StatementIT.buildsAMonthlyStatement(StatementIT.java:12)\n"
    "\tat java.base/java.lang.reflect.Method.invoke(Method.java:569)\n"
    "Caused by: java.util.concurrent.TimeoutException: connection to ledger-db:5432 timed out\n"
    "\tat org.postgresql.core.v3.ConnectionFactoryImpl.open(ConnectionFactoryImpl.java:346)\n"
    "\tat app//com.acme.ledger.LedgerClient.query(LedgerClient.java:186)\n"
    "\tat app//com.acme.ledger.LedgerClient.balance(LedgerClient.java:16)\n"
    "\t... 3 more\n"
)


@pytest.mark.parametrize(
    ("details", "classname", "where"),
    [
        # Python lists the innermost call last; site-packages and the stdlib are not the project's
        (
            "Traceback (most recent call last):\n"
            '  File "/repo/tests/test_ledger.py", line 17, in test_reads\n'
            '  File "/repo/src/payments/ledger.py", line 5, in balance\n'
            '  File "/repo/.venv/lib/python3.12/site-packages/psycopg/c.py", line 9, in connect\n'
            '  File "/usr/lib/python3.12/socket.py", line 3, in create_connection\n'
            "TimeoutError: timed out\n",
            "tests.test_ledger",
            ("/repo/src/payments/ledger.py", 5),
        ),
        # pytest's own traceback lines
        (
            "tests/unit/test_ledger.py:17: \n_ _ _\n    def balance():\n"
            "E       TimeoutError: x\n\nsrc/payments/ledger.py:5: TimeoutError",
            "tests.unit.test_ledger",
            ("src/payments/ledger.py", 5),
        ),
        # Java: the root cause's section; a dependency (org.postgresql) is not the project
        (JAVA_CAUSED, "com.acme.ledger.StatementIT", ("LedgerClient.java", 186)),
        # Kotlin, innermost first
        (
            "kotlinx.coroutines.TimeoutCancellationException: Timed out\n"
            "\tat kotlinx.coroutines.TimeoutKt.TimeoutCancellationException(Timeout.kt:184)\n"
            "\tat com.acme.sync.LedgerPoller.poll(LedgerPoller.kt:42)\n"
            "\tat com.acme.sync.LedgerPollerTest.polls(LedgerPollerTest.kt:20)\n",
            "com.acme.sync.LedgerPollerTest",
            ("LedgerPoller.kt", 42),
        ),
        # JavaScript / TypeScript: node_modules and node internals are not the project's
        (
            "TimeoutError: connection to ledger-db:5432 timed out\n"
            "    at Socket.<anonymous> (/repo/node_modules/pg/lib/client.js:80:12)\n"
            "    at query (/repo/src/ledgerClient.ts:10:9)\n"
            "    at Object.<anonymous> (/repo/tests/ledger.test.ts:5:24)\n"
            "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n",
            "ledger contract",
            ("/repo/src/ledgerClient.ts", 10),
        ),
        # Go: the test's log line, and a panic's frames (the runtime's are not the project's)
        (
            "=== RUN   TestFetch\n    sync_test.go:8: connection refused\n",
            "pkg",
            ("sync_test.go", 8),
        ),
        (
            "panic: runtime error: invalid memory address or nil pointer dereference\n"
            "goroutine 7 [running]:\n"
            "testing.tRunner.func1.2({0x5151e0, 0x6ea8e0})\n"
            "\t/usr/local/go/src/testing/testing.go:1396 +0x24e\n"
            "example.com/ledgersync.Batch(...)\n"
            "\t/home/ci/src/ledgersync/sync.go:14 +0x1d\n",
            "example.com/ledgersync",
            ("/home/ci/src/ledgersync/sync.go", 14),
        ),
        # .NET: framework frames are not the project's
        (
            "System.TimeoutException : connection to ledger-db:5432 timed out\n"
            "   at System.Net.Sockets.Socket.Connect() in /_/src/Socket.cs:line 12\n"
            "   at Acme.Ledger.LedgerClient.Balance(String account) in "
            "/build/src/Ledger/LedgerClient.cs:line 42\n"
            "   at Acme.Ledger.Tests.LedgerTests.ReadsBalance() in "
            "/build/tests/LedgerTests.cs:line 17\n",
            "Acme.Ledger.Tests.LedgerTests",
            ("/build/src/Ledger/LedgerClient.cs", 42),
        ),
        # Ruby: gems are not the project's
        (
            "/usr/lib/ruby/3.2.0/net/protocol.rb:43:in `ssl_socket_connect'\n"
            "/home/ci/.gem/gems/pg-1.5/lib/pg.rb:3:in `connect'\n"
            "./app/models/ledger.rb:12:in `balance'\n"
            "./spec/models/ledger_spec.rb:5:in `block (2 levels) in <top (required)>'\n",
            "Ledger",
            ("./app/models/ledger.rb", 12),
        ),
        # PHP: vendor/ is not the project's
        (
            "PDOException: SQLSTATE[HY000] [2002] Connection timed out\n\n"
            "/app/vendor/doctrine/dbal/src/Driver/PDO/Connection.php:33\n"
            "/app/src/Ledger/LedgerClient.php:42\n"
            "/app/tests/LedgerClientTest.php:17\n",
            "LedgerClientTest",
            ("/app/src/Ledger/LedgerClient.php", 42),
        ),
        # vitest's U+276F lines
        (
            "Error: timed out after 150 ms\n \u276f Timeout.<anonymous> src/client.js:27:37\n",
            "src/client.test.js",
            ("src/client.js", 27),
        ),
    ],
)
def test_innermost_project_frame(details: str, classname: str, where: tuple[str, int]) -> None:
    frame = innermost_project_frame(details, package_prefix(classname))
    assert frame is not None
    assert (frame.file, frame.line) == where


def test_no_project_frame_in_a_trace_of_libraries_only() -> None:
    trace = (
        "\tat org.junit.Assert.fail(Assert.java:89)\n"
        "\tat java.base/java.lang.Thread.run(Thread.java:1)\n"
    )
    assert innermost_project_frame(trace, "com.acme.") is None
    assert innermost_project_frame("AssertionError: no trace here", None) is None


def test_package_prefix() -> None:
    assert package_prefix("com.acme.ledger.LedgerIT") == "com.acme."
    assert package_prefix("tests.unit.test_ledger") == "tests.unit."
    assert package_prefix("LedgerIT") is None
    assert package_prefix("ledger contract balance response") is None


@pytest.mark.parametrize(
    ("file", "shown"),
    [
        ("/work/repo/src/a.ts", "src/a.ts"),  # under the working directory
        ("/home/ci/build/src/ledger/client.ts", "src/ledger/client.ts"),  # cut at src/
        ("/tmp/outage-build/jest/tests/contract/x.test.js", "tests/contract/x.test.js"),
        ("file:///home/ci/build/lib/x.mjs", "lib/x.mjs"),
        ("C:\\agent\\_work\\1\\s\\src\\Ledger\\Client.cs", "src/Ledger/Client.cs"),
        ("./spec/ledger_spec.rb", "spec/ledger_spec.rb"),
        ("LedgerClient.java", "LedgerClient.java"),
        ("/opt/weird/place/x.py", "/opt/weird/place/x.py"),  # no landmark: kept whole
    ],
)
def test_shown_path(file: str, shown: str) -> None:
    assert shown_path(file, "/work/repo") == shown
