"""Reading a batch of records at a time: the records, lines and issues of reading one by one."""

from __future__ import annotations

import random

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
