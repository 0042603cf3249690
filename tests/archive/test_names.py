"""Names derived from a title stay within file-system limits, distinct and stable."""

from pathlib import Path

from run_builders import P, archive_run, report_of, run_of

from reportgen.archive import layout
from reportgen.archive.layout import previous_sidecar
from reportgen.archive.store import HistoryStore
from reportgen.config import WorklogMeta

TITLE = "Nightly end to end run of the payment service " * 110  # about 5,000 characters


def test_a_five_thousand_character_title_archives(tmp_path: Path) -> None:
    slug = WorklogMeta(title=TITLE).slug_or_default()
    assert len(slug) > 4000
    run = run_of({"a": P})
    first = archive_run(tmp_path, run, slug=slug, report=report_of(run, slug=slug))
    second = archive_run(tmp_path, run, slug=slug, report=report_of(run, slug=slug))
    assert len(first.worklog.name) <= layout.MAX_SLUG + len("-2025-01-02-01.json")
    assert first.worklog.name == f"{layout.file_slug(slug)}-2025-01-02-01.md"
    assert second.sequence == 2
    found = previous_sidecar(tmp_path, slug, "2025-01-02")
    assert found == second.sidecar
    with HistoryStore.open(tmp_path) as store:
        assert [r.label for r in store.runs(slug)] == ["2025-01-02-01", "2025-01-02-02"]
        assert len(store.outcomes("pkg.Mod::a", slug=slug)) == 2


def test_a_cut_slug_ends_on_a_word_and_keeps_titles_apart() -> None:
    one, other = "word-" * 40 + "one", "word-" * 40 + "other"
    cut = layout.file_slug(one)
    assert len(cut) <= layout.MAX_SLUG and cut == layout.file_slug(one)
    assert cut.startswith("word-word-") and cut.rsplit("-", 1)[0].endswith("word")
    assert layout.file_slug(other) != cut
    assert layout.file_slug("short-slug") == "short-slug"
