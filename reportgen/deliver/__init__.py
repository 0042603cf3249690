"""Deliver: put finished text where people read it (dated files, the archive, CI summaries).

`numbered` reserves a run's names and commits them once rendered, `archive` does so inside an
archive, `index` rewrites its INDEX, `ci` appends to the job summary and step outputs, and
`annotations` places failures on their file and line.
"""
