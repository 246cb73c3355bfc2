"""The bundled dataset: valid, substantial, and shipped inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import graphkit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dataset() -> graphkit.Dataset:
    return graphkit.load()


def test_bundled_dataset_is_valid_and_substantial(dataset):
    assert len(dataset.actors) >= 60
    assert len(dataset.relations) >= 150
    assert {s.path for s in dataset.sources} == {f"../seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")}
    per_source = Counter(r.source_doc for r in dataset.relations)
    assert all(per_source[s.id] > 0 for s in dataset.sources), per_source
    kinds = Counter(a.kind for a in dataset.actors)
    assert set(kinds) == set(graphkit.vocabulary().kinds)


def relations(dataset, source, target, relation):
    return [r for r in dataset.relations if (r.source, r.target, r.relation) == (source, target, relation)]


def test_russia_taliban_history_is_three_kinds_of_dated_relation(dataset):
    designations = relations(dataset, "russia", "taliban", "designates_terrorist")
    assert any(r.start == "2003" for r in designations)
    assert any(r.end == "2025-04-17" for r in designations)
    assert any(
        r.start == "2025-04-17" and r.certainty == "confirmed"
        for r in relations(dataset, "russia", "taliban", "delists_terrorist")
    )
    assert any(
        r.start == "2025-07-03" and r.certainty == "confirmed"
        for r in relations(dataset, "russia", "taliban", "recognizes")
    )


def test_allegations_denials_and_plans_are_kept_as_such(dataset):
    certainty = Counter(r.certainty for r in dataset.relations)
    assert all(certainty[c] > 0 for c in ("confirmed", "reported", "alleged", "denied", "proposed")), certainty
    helicopters = [r for r in dataset.relations if "helicopters delivered weapons" in r.quote]
    assert helicopters and all(r.certainty == "denied" for r in helicopters)


def test_aliases_resolve_to_one_actor(dataset):
    aliases = {a.id: set(a.aliases) for a in dataset.actors}
    assert {"Moscow", "Kremlin"} <= aliases["russia"]
    assert {"ISIS-K", "ISIL-K"} <= aliases["iskp"]


def test_plain_install_ships_the_bundled_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("graphkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graphkit/_bundled/data/relations.csv" in names
    assert "graphkit/_bundled/seeds/002_12b63b600469abee.txt" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import graphkit, sys; d = graphkit.load(); print(d.directory.parent.name, len(d.relations))",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[0] == "_bundled"


def by_id(dataset) -> dict[str, graphkit.Relation]:
    return {r.id: r for r in dataset.relations}


def test_who_claims_is_recorded_where_the_text_names_them(dataset):
    rows = by_id(dataset)
    assert (rows["bd001"].claimant, rows["bd001"].certainty) == ("tajikistan", "alleged")  # "Dushanbe claims"
    assert (rows["fw004"].claimant, rows["fw004"].certainty) == ("pakistan", "alleged")  # "Islamabad has ... accused"
    assert (rows["ja034"].claimant, rows["ja034"].certainty) == ("united_nations", "reported")
    assert rows["bd004"].claimant == "media"  # Reuters
    assert (rows["kl053"].claimant, rows["kl053"].certainty) == ("russia", "alleged")  # the Kremlin's attempt to link
    assert rows["ja038"].claimant == ""  # "reportedly": the text names no one
    assert all(r.credibility == "" for r in dataset.relations)  # nothing graded from memory


def test_fears_are_reported_by_whoever_fears_and_hypotheses_are_proposed(dataset):
    rows = by_id(dataset)
    for rid, who in (("td019", "russia"), ("fw032", "china"), ("sa016", "tajikistan"), ("kl041", "russia")):
        assert (rows[rid].relation, rows[rid].certainty, rows[rid].claimant) == ("threatens", "reported", who), rid
    for rid in ("bd037", "bd039", "bd040", "fw033"):  # "Hypothetically, it could be", "It's also possible"
        assert (rows[rid].certainty, rows[rid].claimant) == ("proposed", "author"), rid
    assert "rejects" in rows["bd040"].note
    assert (rows["kl071"].certainty, rows["kl071"].claimant) == ("alleged", "author")  # "does appear"


def test_one_fact_is_one_row(dataset):
    ids = set(by_id(dataset))
    # state-level copies of meetings between persons, and mirrored rows of one mutual hostility
    assert not ids & {"fw019", "fw026", "fw039", "kl033", "td016", "sa013", "uc049", "kl075"}
    crocus = [r for r in dataset.relations if "Crocus City Hall" in r.quote and r.relation == "attacks"]
    assert {(r.source, r.target) for r in crocus} == {("iskp", "crocus_city_hall")}
    assert len({r.source_doc for r in crocus}) == len(crocus)


def test_hosts_means_shelter_not_a_visit(dataset):
    hosted = {(r.source, r.target) for r in dataset.relations if r.relation == "hosts"}
    assert ("taliban", "al_qaeda") in hosted and ("tajikistan", "nrf") in hosted
    visits = [r for r in dataset.relations if "delegation" in r.quote or "intra-Afghan talks" in r.quote]
    assert visits and all(r.relation != "hosts" for r in visits)


def test_collectives_and_places_are_not_states(dataset):
    kinds = {a.id: a.kind for a in dataset.actors}
    assert kinds["central_asian_states"] == kinds["western_powers"] == "group_of_states"
    assert kinds["wakhan_corridor"] == "place"
    assert not [r.id for r in dataset.relations if r.source == "wakhan_corridor"]  # a place does nothing


def test_every_bundled_quote_names_one_of_its_actors():
    _, issues = graphkit.validate()
    assert [str(issue) for issue in issues] == []
