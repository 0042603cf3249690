"""Deliver: put finished text where people read it (dated files, the archive, CI summaries)."""
