"""Export rows spilled to disk window by window, read back one night at a time.

The generator makes the year window by window (receipt days), but a file holds one night's rows
of every window (a dossier received in March is resolved in April...).  So each window's rows
are written here as they come, then the exporters read back each night: memory holds one window
while generating and one night per writer while exporting, whatever the scale.

Layout: ``folder/<entity>-<NNNNN>.arrow``, one Arrow IPC file (LZ4: fast, about 3x smaller) per
:meth:`ShardStore.add`, one record batch per night in it; the index (entity -> night -> [(file,
batch)]) stays in memory.  A night's rows come back in the order of the adds, then sorted by the
entity's time column (stable), so the rows of a file do not depend on how the year was cut.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

COMPRESSION = "lz4"


class ShardStore:
    """The spilled rows: :meth:`add` a table (with ``export_date``), :meth:`nights`, :meth:`load`;
    :meth:`seal` the nights handed to the writers (a later :meth:`add` for them is an error)."""

    def __init__(self, folder: Path, order_by: dict[str, str] | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.order_by = dict(order_by or {})
        self.index: dict[str, dict[np.datetime64, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
        self.rows_by: dict[str, dict[np.datetime64, int]] = defaultdict(lambda: defaultdict(int))
        self.sealed = np.datetime64("NaT", "D")  # nights before this one are handed out ...
        self.sealed_entities: set[str] = set()  # ... for these entities: no more rows
        self.schemas: dict[str, pa.Schema] = {}
        self.files = 0
        self.bytes = 0

    def add(self, entity: str, table: pa.Table | pd.DataFrame) -> None:
        """Spill ``table``'s rows (column ``export_date`` = their night; dropped here)."""
        if isinstance(table, pd.DataFrame):
            table = pa.Table.from_pandas(table, preserve_index=False)
        if table.num_rows == 0:
            return
        nights = np.asarray(table["export_date"].to_numpy()).astype("datetime64[D]")
        if (nights[1:] < nights[:-1]).any():
            order = np.argsort(nights, kind="stable")
            table, nights = table.take(pa.array(order)), nights[order]
        table = table.drop_columns(["export_date"]).combine_chunks()
        if entity in self.schemas:
            table = table.cast(self.schemas[entity])  # e.g. an all-null column of one window
        else:
            self.schemas[entity] = table.schema
        if entity in self.sealed_entities and nights[0] < self.sealed:
            raise ValueError(f"{entity}: rows for night {nights[0]}, already written (before {self.sealed})")
        uniq, starts = np.unique(nights, return_index=True)
        bounds = list(starts) + [len(nights)]
        path = self.folder / f"{entity}-{self.files:05d}.arrow"
        self.files += 1
        opts = ipc.IpcWriteOptions(compression=COMPRESSION)
        with ipc.new_file(str(path), table.schema, options=opts) as w:
            for b, night in enumerate(uniq):
                part = table.slice(bounds[b], bounds[b + 1] - bounds[b])
                w.write_batch(part.to_batches(max_chunksize=part.num_rows)[0])
                self.index[entity][night].append((str(path), b))
                self.rows_by[entity][night] += part.num_rows
        self.bytes += path.stat().st_size

    def seal(self, entities, before: np.datetime64) -> list[np.datetime64]:
        """Mark the nights of ``entities`` before ``before`` final (adding rows to them later is an
        error); return the nights that became final, in order."""
        prev = self.sealed
        new = sorted(
            {n for e in entities for n in self.rows_by.get(e, {}) if n < before and (np.isnat(prev) or n >= prev)}
        )
        self.sealed_entities |= set(entities)
        if np.isnat(prev) or before > prev:
            self.sealed = before
        return new

    def entities(self) -> list[str]:
        return list(self.schemas)

    def columns(self, entity: str) -> list[str]:
        return self.schemas[entity].names

    def nights(self, entity: str) -> list[tuple[pd.Timestamp, int]]:
        """(night, rows) of the entity, in night order."""
        return (
            [(pd.Timestamp(n), int(k)) for n, k in sorted(self.rows_by[entity].items())]
            if entity in self.rows_by
            else []
        )

    def all_nights(self, entities=None) -> list[np.datetime64]:
        return sorted({n for e in (entities or self.rows_by) for n in self.rows_by.get(e, {})})

    def rows(self, entity: str, night) -> int:
        return int(self.rows_by[entity].get(_day(night), 0)) if entity in self.rows_by else 0

    def load(self, entity: str, night) -> pa.Table:
        """The night's rows of ``entity`` (every window's, in file order)."""
        return _read(self.index[entity][_day(night)], self.schemas[entity], self.order_by.get(entity))

    def view(self, entity: str, nights) -> ShardView:
        """What a writer process needs to load these nights of ``entity``."""
        return ShardView(
            entity,
            {_day(n): list(self.index[entity][_day(n)]) for n in nights},
            self.schemas[entity],
            self.order_by.get(entity),
        )


class ShardView:
    """A few nights of one entity of a :class:`ShardStore` (file references): small, picklable."""

    def __init__(self, entity: str, refs: dict, schema: pa.Schema, key: str | None):
        self.entity, self.refs, self.schema, self.key = entity, refs, schema, key

    def load(self, entity: str, night) -> pa.Table:
        assert entity == self.entity
        return _read(self.refs[_day(night)], self.schema, self.key)


def _day(night) -> np.datetime64:
    return np.datetime64(pd.Timestamp(night).date(), "D")


def _read(refs: list[tuple[str, int]], schema: pa.Schema, key: str | None) -> pa.Table:
    """The record batches ``refs`` as one table, sorted by ``key`` (stable) when there are several."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for path, b in refs:
        by_file[path].append(b)
    batches = []
    for path, bs in by_file.items():  # files in the order they were added
        with pa.OSFile(path, "rb") as src:  # read, not mapped: the batches own their memory
            r = ipc.open_file(src)
            batches.extend(r.get_batch(b) for b in bs)
    t = pa.Table.from_batches(batches, schema=schema)
    if key and len(batches) > 1:
        t = t.take(pc.sort_indices(t, sort_keys=[(key, "ascending")]))
    return t
