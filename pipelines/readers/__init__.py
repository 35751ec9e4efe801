"""Readers: any landed export (.xlsx, .csv, .json) -> typed rows of docs/parsed-contract.md.

Public entry points: `pipelines.readers.parse.read_file` (pure) and
`pipelines.readers.parse.parse_pending` (writes raw/parsed, raw/quarantine, the parse index).
"""
from .parse import ReadResult, parse_pending, read_file

__all__ = ["ReadResult", "parse_pending", "read_file"]
