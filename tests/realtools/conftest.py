"""Keep pytest out of the sample projects the real tools run (they are not reportgen's tests),
and read back what each module's `generated` fixture wrote (a module may override `read_back`)."""

import pytest

from reportgen.model import Run

from ._support import ToolRun, read

collect_ignore = ["js", "cmake", "generated", "prove", "phpunit", "rust"]


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> Run:
    return read(generated.xml)
