"""Readers: one landed export (.xlsx, .csv, .json) -> typed rows of docs/parsed-contract.md.

Pure file -> Arrow, nothing else: `read_file` writes nothing. The raw zone's bookkeeping (which
files to read, where their output goes) is `pipelines.raw.parse_runs`.
"""

from .read import ReadResult, read_file

__all__ = ["ReadResult", "read_file"]
