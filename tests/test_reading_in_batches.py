"""Reading a batch of records at a time: the records, lines and issues of reading one by one."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from graphkit.load import BATCH, _records_by_line


def ragged_csv(seed: int, rows: int, ending: str = "") -> str:
    """Rows of every shape the reader meets: quoted line breaks, blank lines, empty cells, lone CRs."""
    rng = random.Random(seed)
    lines = ["id,name,note\n"]
    for number in range(rows):
        kind = rng.random()
        if kind < 0.002:
            lines.append(f'{number},"two\nlines",x\n')
        elif kind < 0.003:
            lines.append(f'{number},"three\r\nlines\n",x\r\n')
        elif kind < 0.005:
            lines.append("\n")
        elif kind < 0.006:
            lines.append(",,\n")
        elif kind < 0.007:
            lines.append(f"{number},a\r")
        elif kind < 0.008:
            lines.append(f"{number},too,many,cells\n")
        else:
            lines.append(f'{number},name {number},"a note, with a comma"\n')
    return "".join(lines) + ending


@pytest.mark.parametrize(
    "ending",
    ["", '1,"unclosed\n2,b\n', '1,a"b\n3,"c"d,e\n4,f\n'],
    ids=["well formed", "an unclosed quote", "malformed quoting"],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_records_read_a_batch_at_a_time_are_those_read_one_by_one(seed, ending):
    """Text without hidden characters is read a batch at a time; the rest record by record. The same records."""
    text = ragged_csv(seed, 3 * BATCH + 17, ending)
    batched: list = []
    one_by_one: list = []
    records = list(_records_by_line(text, "x.csv", batched, plain=True))
    assert records == list(_records_by_line(text, "x.csv", one_by_one, plain=False))
    assert [(i.line, i.code, i.message) for i in batched] == [(i.line, i.code, i.message) for i in one_by_one]
    assert len(records) > 3 * BATCH - 100 and not all(fits for _, _, fits in records)  # some span lines
    assert bool(batched) == bool(ending)


def test_relations_read_in_batches_share_their_attribute_names(tmp_path):
    """Relations made a batch at a time share one table of attribute names, as those made one by one do.

    Each relation with a table of its own took 300 MB more at a million relations. Read in
    a fresh process, and read after one relation was made the usual way: the same size.
    """
    header = "id,source,target,relation,start,end,certainty,source_doc,quote,note"
    rows = [f"r{n},a,b,supports,2020,,reported,s,A backs B.," for n in range(2 * BATCH)]
    (tmp_path / "relations.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    for name in ("actors.csv", "sources.csv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    program = """
import sys
from graphkit.load import read_dataset
from graphkit.model import Relation
if sys.argv[2] == "made first":
    Relation(*[""] * 13)
dataset, _ = read_dataset(sys.argv[1])
print(len(dataset.relations), sys.getsizeof(vars(dataset.relations[-1])))
"""
    sizes = set()
    for first in ("read first", "made first"):
        run = [sys.executable, "-c", program, str(tmp_path), first]
        count, size = map(int, subprocess.run(run, capture_output=True, text=True, check=True).stdout.split())
        assert count == 2 * BATCH
        sizes.add(size)
    assert len(sizes) == 1
