"""reportgen: JUnit XML and timing data in, dated Markdown worklogs out."""

__version__ = "0.1.0"
