"""Checks made before lxml sees a report: encoding, prolog, DTD, root element; and the
byte streams lxml reads (a replayed head, the control-character repair)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Any

from reportgen.ingest import dialects

_SNIFF_BYTES = 64 * 1024
_MAX_PROLOG_BYTES = 1024 * 1024
_REPLACEMENT_UTF8 = "\ufffd".encode()
_CONTROL_CHARS = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]"
    rb"|&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)
_XML_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_NAME = re.compile(r"[^\s/>]+")
_DEFAULT_NS = re.compile(r"""\sxmlns\s*=\s*["']([^"']*)["']""")


class Refused(Exception):
    """The file cannot be read as JUnit XML; carries the user-facing message and hint."""

    def __init__(
        self, message: str, hint: str, line: int | None = None, root: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.root = root  # the root element of a well-formed prolog that is not JUnit


@dataclass(slots=True)
class Prolog:
    root: str
    namespace: str | None
    ascii_compatible: bool
    utf8: bool
    head: bytes  # the bytes read so far, possibly with the XML 1.1 declaration rewritten
    rewritten: bool


def sniff_stream(stream: IO[bytes]) -> Prolog:
    head = stream.read(_SNIFF_BYTES)
    while True:
        prolog = _sniff(head, complete=len(head) < _SNIFF_BYTES)
        if prolog is not None:
            return prolog
        if len(head) >= _MAX_PROLOG_BYTES:
            raise Refused("no root element in the first megabyte", "point at a JUnit XML report")
        more = stream.read(len(head))
        head += more
        if not more:
            prolog = _sniff(head, complete=True)
            assert prolog is not None
            return prolog


def _detect_encoding(head: bytes) -> tuple[str, int]:
    boms = (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, name in boms:
        if head.startswith(bom):
            return name, len(bom)
    if head.startswith(b"<\x00"):
        return "utf-16-le", 0
    if head.startswith(b"\x00<"):
        return "utf-16-be", 0
    declared = _XML_DECL_ENCODING.match(head)
    return (declared.group(1).decode("ascii").lower() if declared else "utf-8"), 0


def _sniff(head: bytes, complete: bool) -> Prolog | None:
    """Check the prolog and name the root; None when more bytes are needed to decide."""
    if not head.strip():
        raise Refused(
            "empty file: nothing in it", "the writer probably failed; rerun the job that makes it"
        )
    encoding, bom = _detect_encoding(head)
    try:
        text = head[bom:].decode(encoding, errors="replace")
    except LookupError as error:
        raise Refused(f"unknown encoding '{encoding}'", "re-encode the report as UTF-8") from error
    scan = _scan_prolog(text, complete)
    if scan is None:
        return None
    root, namespace, version = scan
    local = root.rpartition(":")[2]
    if local not in ("testsuites", "testsuite"):
        what, hint = dialects.FOREIGN_ROOTS.get(local, ("", dialects.GENERIC_FOREIGN_HINT))
        named = f" ({what})" if what else ""
        raise Refused(f"not JUnit XML: root <{local}>{named}", hint, root=root)
    ascii_compatible = not encoding.startswith(("utf-16", "utf-32"))
    rewritten = False
    if version == "1.1":
        # libxml2 builds differ on XML 1.1; nothing a report uses differs from 1.0, so read as 1.0.
        for quote in ('"', "'"):
            old = f"version={quote}1.1{quote}".encode(encoding)
            if old in head:
                head = head.replace(old, f"version={quote}1.0{quote}".encode(encoding), 1)
                rewritten = True
                break
    return Prolog(
        root=local,
        namespace=namespace,
        ascii_compatible=ascii_compatible,
        utf8=encoding in ("utf-8", "utf8", "us-ascii", "ascii"),
        head=head,
        rewritten=rewritten,
    )


def _scan_prolog(text: str, complete: bool) -> tuple[str, str | None, str | None] | None:
    """Walk declaration, comments, PIs and DOCTYPE; return (root, default namespace, version)."""
    position, version = 0, None
    while True:
        while position < len(text) and text[position] in " \t\r\n\ufeff":
            position += 1
        rest = text[position : position + 9]
        if position >= len(text):
            if complete:
                raise Refused(
                    "no root element: the file holds only an XML prolog",
                    "rerun the job that writes it",
                )
            return None
        if rest.startswith("<?"):
            end = text.find("?>", position)
            if end < 0:
                return _need_more(complete, "an unterminated XML declaration")
            declaration = text[position:end]
            if declaration.startswith("<?xml "):
                found = re.search(r"""version\s*=\s*["']([^"']+)["']""", declaration)
                version = found.group(1) if found else None
            position = end + 2
        elif rest.startswith("<!--"):
            end = text.find("-->", position)
            if end < 0:
                return _need_more(complete, "an unterminated comment")
            position = end + 3
        elif rest.upper().startswith("<!DOCTYPE"):
            end = _doctype_end(text, position)
            if end < 0:
                return _need_more(complete, "an unterminated DOCTYPE")
            _refuse_entities(text[position:end])
            position = end
        elif rest.startswith("<") and len(rest) > 1:
            name = _NAME.match(text, position + 1)
            if name is None:
                raise Refused("not XML: no element name after '<'", "point at a JUnit XML report")
            tag_end = text.find(">", position)
            start_tag = text[position : tag_end if tag_end >= 0 else len(text)]
            namespace = _DEFAULT_NS.search(start_tag)
            return name.group(0), (namespace.group(1) or None) if namespace else None, version
        else:
            raise Refused(_not_xml_message(text[position:]), "point at a JUnit XML report")


def _need_more(complete: bool, what: str) -> tuple[str, str | None, str | None] | None:
    """None (read more) unless the whole file is already in hand."""
    if complete:
        hint = "point at a JUnit XML report"
        raise Refused(f"not a JUnit report: {what} and no root element", hint)
    return None


def _doctype_end(text: str, start: int) -> int:
    bracket, close = text.find("[", start), text.find(">", start)
    if close < 0:
        return -1
    if 0 <= bracket < close:
        found = re.compile(r"\]\s*>").search(text, bracket)
        return found.end() if found else -1
    return close + 1


def _refuse_entities(doctype: str) -> None:
    if "<!ENTITY" in doctype.upper():
        raise Refused(
            "refused: the document type declares entities (<!ENTITY>), which can read local files, "
            "reach the network or expand without bound; nothing was parsed",
            "test reports never need a DTD: remove the <!DOCTYPE> block "
            "or check where the file came from",
        )


def _not_xml_message(start: str) -> str:
    sample = start[:24]
    if any(ord(ch) < 9 or ch == "\ufffd" for ch in sample):
        return "not XML: the file is binary"
    printable = sample.splitlines()[0] if sample.strip() else sample
    return f"not XML: the file starts with '{printable}'"


class Replay:
    """A read()-able stream giving `head` first, then the rest of `stream`, optionally filtered."""

    def __init__(self, head: bytes, stream: IO[bytes], repair: RepairFilter | None = None) -> None:
        self._head = head
        self._stream = stream
        self.repair = repair

    def read(self, size: int = -1) -> bytes:
        size = size if size and size > 0 else 1 << 20
        while True:
            if self._head:
                chunk, self._head = self._head[:size], self._head[size:]
            else:
                chunk = self._stream.read(size)
            if self.repair is None:
                return chunk
            filtered = self.repair.feed(chunk)
            if filtered or not chunk:
                return filtered


class RepairFilter:
    """Second try for a file lxml refused: replaces characters XML 1.0 forbids (raw or as
    character references) and escapes the placeholders of `dialects.UNESCAPED_PLACEHOLDERS`,
    chunk by chunk. Chunks are cut after whitespace, which no repaired token contains."""

    def __init__(self, utf8: bool) -> None:
        self._replacement = _REPLACEMENT_UTF8 if utf8 else b"?"
        self._carry = b""
        self.replaced = 0
        self.placeholders = 0

    def feed(self, chunk: bytes) -> bytes:
        data = self._carry + chunk
        self._carry = b""
        if chunk:
            cut = max(data.rfind(b" "), data.rfind(b"\n"))
            if cut >= 0:
                data, self._carry = data[: cut + 1], data[cut + 1 :]
        for raw, escaped in dialects.UNESCAPED_PLACEHOLDERS.items():
            self.placeholders += data.count(raw)
            data = data.replace(raw, escaped)
        filtered, count = _CONTROL_CHARS.subn(self._replacement, data)
        self.replaced += count
        return filtered


# No test tool writes more than a few dozen attributes on one element; lxml reads each of them
# in time that grows with their number, so 100,000 of them would take minutes.
MAX_ATTRIBUTES = 1_000


def refuse_attribute_flood(elem: Any, count: int) -> None:
    """Refuse the file when one element carries more attributes than any report needs."""
    if count > MAX_ATTRIBUTES:
        tag = str(elem.tag).rpartition("}")[2]
        raise Refused(
            f"refused: <{tag}> at line {elem.sourceline} carries {count:,} attributes "
            f"(at most {MAX_ATTRIBUTES:,} are read): a flood, not a test report",
            "regenerate the report with the test tool; no tool writes that many attributes",
            elem.sourceline,
        )


_DEPTH = re.compile(r"^Excessive depth in document: (\d+)")


def parser_limit(message: str, line: int | None) -> tuple[str, str] | None:
    """A libxml2 refusal that protects the reader (not a broken file), said in our words:
    the message and the hint; None for any other XML error."""
    found = _DEPTH.match(message)
    if found is None:
        return None
    where = f" at line {line}" if line else ""
    return (
        f"refused: elements nested more than {int(found.group(1)):,} levels deep{where}; the "
        "XML parser stops there so that a hostile file cannot exhaust memory, and no test "
        "tool nests suites that deep",
        "regenerate the report with the test tool; if it really nests this deep, flatten its "
        "suites before reading it",
    )
