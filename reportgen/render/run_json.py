"""The normalized run as JSON (what `summary --json` and `merge` write), made in pieces.

The text is exactly `Run.dump_json(indent)`, but the cases are serialized a batch at a
time, so a million of them never sit in memory as one string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from pydantic import TypeAdapter

from reportgen.model import Run, TestCase

BATCH = 5000
_CASES = TypeAdapter(list[TestCase])


def _field(run: Run, name: str, indent: int) -> bytes:
    """` "name": value` as it stands inside the whole run's JSON."""
    whole = run.model_dump_json(include={name}, indent=indent).encode("utf-8")
    return whole[2:-2]  # without the `{\n` and `\n}` around it


def _cases(cases: Iterable[TestCase], indent: int) -> Iterator[bytes]:
    pad = b" " * indent
    started = False
    stream = iter(cases)
    while batch := list(islice(stream, BATCH)):
        text = _CASES.dump_json(batch, indent=indent)
        items = text[2:-2]  # without the `[\n` and `\n]` around the batch
        # one level deeper: JSON strings hold no raw newline, so every "\n" is layout
        yield (
            (b",\n" if started else pad + b'"cases": [\n') + pad + items.replace(b"\n", b"\n" + pad)
        )
        started = True
    yield b"\n" + pad + b"]" if started else pad + b'"cases": []'


def run_json(run: Run, indent: int = 1, cases: Iterable[TestCase] | None = None) -> Iterator[bytes]:
    """The bytes of `run.dump_json(indent)`, in pieces of at most `BATCH` cases.

    `cases`, when given, stand for `run.cases` and are read only as the text is written. A run
    with packed passes is written with every case, as if they had been kept.
    """
    if indent < 1:
        raise ValueError("run_json writes indented JSON; use Run.dump_json for compact text")
    if cases is None and run.packed is not None:
        run, cases = run.model_copy(update={"cases_complete": True}), run.every_case()
    yield b"{\n"
    saved = [name for name, field in Run.model_fields.items() if not field.exclude]
    for number, name in enumerate(saved):
        if number:
            yield b",\n"
        if name == "cases":
            yield from _cases(run.cases if cases is None else cases, indent)
        else:
            yield _field(run, name, indent)
    yield b"\n}"
