"""Keep pytest out of the sample projects the real tools run (they are not reportgen's tests)."""

collect_ignore = ["js", "cmake", "generated"]
