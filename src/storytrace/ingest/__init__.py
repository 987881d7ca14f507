"""Ingest: files to ``RawDocument`` records (text, Markdown, HTML, JSONL), encoding detected."""

from storytrace.ingest.decode import decode_bytes
from storytrace.ingest.readers import read_file, read_inputs, sniff_format

__all__ = ["decode_bytes", "read_file", "read_inputs", "sniff_format"]
