"""Reports that are not JUnit XML, chosen by content: TRX, NUnit 3 and 2, xUnit.net, CTRF JSON,
and the streams `peers` sniffs (go test -json, mocha/RSpec/Cucumber JSON, TAP).

`junit.read_report` calls `read_other` when the prolog check finds a root it does not read (the
prolog, and so the refusal of DTDs declaring entities, was checked by then) or a file that is
not XML; None means no reader here knows the file either, and the JUnit refusal stands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import IO, Any

from lxml import etree

from reportgen.ingest import ctrf, nunit, peers, trx, xunitnet
from reportgen.ingest.collect import Collector
from reportgen.ingest.peerbase import PeerCollector
from reportgen.ingest.summary import FileResult
from reportgen.model import InputProblem

Reader = Callable[[Any, Collector, tzinfo], None]

# Root element (no namespace prefix) -> (format name, reader)
XML_FORMATS: dict[str, tuple[str, Reader]] = {
    "TestRun": ("trx", trx.read),
    "test-run": ("nunit3", nunit.read),
    "test-suite": ("nunit3", nunit.read),
    "test-results": ("nunit2", nunit.read),
    "assemblies": ("xunit.net", xunitnet.read),
    "assembly": ("xunit.net", xunitnet.read),
}
_CTRF_SNIFF = 64 * 1024


def read_other(
    root: str | None,
    stream: IO[bytes],
    display: str,
    index: int,
    size: int,
    keep_passing: bool,
    assume_tz: tzinfo,
) -> FileResult | None:
    """Read `stream` if its root (None: not XML) names a format read here; else None."""
    stream.seek(0)
    if root is None:
        head = stream.read(_CTRF_SNIFF)
        if not ctrf.looks_like_ctrf(head):
            return peers.read_sniffed(head, stream, display, index, size, keep_passing)
        stream.seek(0)
        out = PeerCollector(display, index, keep_passing, "ctrf")
        try:
            ctrf.read(stream.read(), out)
        except ctrf.NotCtrf as error:
            return out.result(size, InputProblem(message=str(error), hint=_CTRF_HINT))
        return out.result(size)
    known = XML_FORMATS.get(root)
    if known is None:
        return None
    name, read = known
    out = PeerCollector(display, index, keep_passing, name)
    try:
        read(stream, out, assume_tz)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno and error.lineno > 0 else None
        message = str(error.msg or error).strip().splitlines()[0].split(", line ")[0]
        where = f" at line {line}" if line else ""
        hint = "the file is not well-formed XML; fix or regenerate it"
        if out.cases or out.notices:
            hint = "counts cover only the tests before the break; " + hint
        return out.result(
            size, InputProblem(message=f"XML error{where}: {message}", line=line, hint=hint)
        )
    return out.result(size)


_CTRF_HINT = "give a CTRF report (ctrf.io) or a reportgen run saved with 'summary --json'"
