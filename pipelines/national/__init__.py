"""Provinces as partitions: each publishes to a shared store, the national roll-up reads them all.

`store` (a folder or S3 through pyarrow.fs), `provinces` (GSO codes and names), `publish` (a
province's outputs and its manifest), `rollup` (national.duckdb). docs/national.md.
"""
