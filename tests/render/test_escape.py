"""Each escape function keeps its text inert in its own Markdown context."""

from __future__ import annotations

from hypothesis import given, settings

from reportgen.render.escape import CELL_LIMIT, EMPTY, Escaper, clean, note, one_line, url

from .mdcheck import fences, flatten, html_tokens, inline_text, parse, tables
from .strategies import hostile, untrusted

ESC = Escaper()
INERT = {"text", "text_special", "softbreak"}
FAST = settings(max_examples=150, deadline=None)


def _paragraph_children(markdown: str) -> list[str]:
    tokens = parse(markdown)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], markdown
    return [child.type for child in tokens[1].children or []]


@FAST
@given(untrusted)
def test_text_is_shown_as_written_and_forms_nothing(value: str) -> None:
    escaped = ESC.text(value)
    markdown = f"**Label:** {escaped}"
    kinds = _paragraph_children(markdown)
    after_label = kinds[kinds.index("strong_close") + 1 :]
    assert set(after_label) <= INERT, kinds
    assert inline_text(parse(markdown)[1]) == "Label: " + (one_line(value) or EMPTY)


@FAST
@given(untrusted)
def test_text_at_the_start_of_a_list_item_opens_no_block(value: str) -> None:
    tokens = parse(f"**Problems:**\n- {ESC.text(value)}\n")[3:]
    kinds = [t.type for t in tokens]
    assert kinds == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    ], kinds
    assert inline_text(tokens[3]) == (one_line(value) or EMPTY)


@FAST
@given(untrusted, untrusted)
def test_cells_keep_the_row_shape(first: str, second: str) -> None:
    markdown = "| a | b | c |\n|---|---|---|\n"
    markdown += f"| {ESC.cell(first)} | {ESC.cell_code(second)} | end |\n"
    rows = tables(markdown)[0]
    assert len(rows) == 2
    assert rows[1][0] == (one_line(first, CELL_LIMIT) or "-")
    assert rows[1][1] == (one_line(second, CELL_LIMIT) or "-")
    assert rows[1][2] == "end"


@FAST
@given(untrusted)
def test_code_span_holds_the_text_verbatim(value: str) -> None:
    span = ESC.code(value)
    if not one_line(value):
        assert span == EMPTY
        return
    children = [c for c in parse(f"see {span} here")[1].children or []]
    codes = [c for c in children if c.type == "code_inline"]
    assert len(codes) == 1
    assert codes[0].content == one_line(value)


@FAST
@given(untrusted)
def test_fence_holds_the_block_and_closes(value: str) -> None:
    block = ESC.fence(value, "text")
    found = fences(f"{block}\n\nafter\n")
    assert len(found) == 1
    expected = "\n".join(line for line in clean(value).rstrip("\n").split("\n"))
    if "more chars cut" not in found[0].content:
        assert found[0].content == expected + "\n"
    assert parse(f"{block}\n\nafter\n")[-2].content == "after"


@FAST
@given(hostile)
def test_html_text_inside_summary_adds_no_tag(value: str) -> None:
    escaped = ESC.html(value)
    assert "<" not in escaped and ">" not in escaped
    blocks = html_tokens(f"<details>\n<summary>{escaped}</summary>\n\n</details>\n")
    assert "".join(blocks).count("<") == 4  # <details>, <summary>, </summary>, </details>


def test_long_lines_are_cut_and_say_so() -> None:
    text = ESC.text("x" * 5000)
    assert len(text) < 500
    assert "4600 more chars cut" in text
    block = ESC.fence("y" * 2000)
    assert "1500 more chars cut" in block


def test_control_characters_and_bidi_overrides_are_removed() -> None:
    assert ESC.text("a\x00b\x1b[31mc\u202ed\x7f") == "ab\\[31mcd"
    assert ESC.code("a\x07b") == "`ab`"


def test_defang_breaks_mentions_and_issue_references_only_in_text() -> None:
    loud = Escaper(defang=True)
    rendered = flatten(parse(loud.text("ping @octocat about #123 and a#b")))
    text = "".join(t.content for t in rendered if t.type == "text")
    assert "@\u200docto" in text and "#\u200d123" in text and "a#b" in text
    assert loud.code("@octocat") == "`@octocat`"  # forges do not link inside code
    assert Escaper().text("@octocat") == "@octocat"


def test_url_allows_only_http() -> None:
    assert url("javascript:alert(1)") == "#"
    assert url("data:text/html,x") == "#"
    assert url("https://ci.test/a b)") == "https://ci.test/a%20b%29"


@FAST
@given(hostile)
def test_notes_keep_markdown_but_no_html_and_no_open_fence(value: str) -> None:
    markdown = f"{note('**kept** ' + value)}\n\nafter\n"
    assert not html_tokens(markdown)
    tokens = parse(markdown)
    assert tokens[-2].type == "inline" and tokens[-2].content == "after"
    assert any(t.type == "strong_open" for t in flatten(tokens))
