"""Streaming XML events that keep everything parsed before an error, on every lxml.

`lxml.etree.iterparse` up to 6.1 handed out the events of a chunk before raising the chunk's
syntax error; from 6.2 it raises first and the events of that chunk are lost, so a one-line
file broken after two testcases read as no test at all. A pull parser fed chunk by chunk keeps
its events queued after a failed `feed`, so `EventStream` hands them out and then raises: the
same cases are read whatever lxml is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

# Every parse of a report: no entities, no DTD, no network. Entities are refused before parsing
# (prolog), so a big tree is only a big file: a text node over libxml2's 10 MB default must not
# cut a well-formed report.
SAFE_PARSING: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,
    "remove_comments": True,
    "remove_pis": True,
}

_CHUNK = 1 << 16


class EventStream:
    """`(event, element)` pairs of `events` for `tags`, parsed with `SAFE_PARSING` from a path
    or a read()-able source. Iterate it once; `root` is the document's root once the end was
    reached without an error."""

    def __init__(self, source: str | IO[bytes] | Any, events: tuple[str, ...], tag: Any) -> None:
        self._source = source
        self._parser = etree.XMLPullParser(events=events, tag=tag, **SAFE_PARSING)
        self.root: Any = None

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        if isinstance(self._source, str):
            with open(self._source, "rb") as handle:
                yield from self._feed(handle)
        else:
            yield from self._feed(self._source)

    def _feed(self, handle: Any) -> Iterator[tuple[str, Any]]:
        parser = self._parser
        read = handle.read
        while True:
            data = read(_CHUNK)
            if not data:
                break
            try:
                parser.feed(data)
            except etree.XMLSyntaxError:
                yield from parser.read_events()
                raise
            yield from parser.read_events()
        # at the end of a cut file, close() ends the elements left open: those events are not
        # the file's, so they are dropped with the error
        self.root = parser.close()
        yield from parser.read_events()
