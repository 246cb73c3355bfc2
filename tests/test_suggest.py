"""`graphkit suggest` reads made-up sentences with general rules: who does what to whom, how sure, who says so."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

import graphkit
from graphkit.sources import add_source
from graphkit.suggest import suggest
from graphkit.vocab import parse_vocabulary, vocabulary


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))


def suggested(dataset_dir, tmp_path, text: str) -> list[tuple[str, str, str, str]]:
    """(source, target, relation, certainty) of each suggestion for a new document holding `text`."""
    return [(r.source, r.target, r.relation, r.certainty) for r in rows(dataset_dir, tmp_path, text)]


def rows(dataset_dir, tmp_path, text: str):
    document = tmp_path / "article.txt"
    document.write_text("Made-up article\n" + text + "\n", encoding="utf-8")
    add_source(dataset_dir, document, source_id="article")
    return suggest(graphkit.load(dataset_dir), "article")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # active voice: the subject before the verb acts on the object after it
        ("Ruritania attacked the Borduria Front.", ("ruritania", "borduria_front", "attacks", "confirmed")),
        # passive voice: the agent after "by" acts on the subject
        ("The Borduria Front was attacked by Ruritania.", ("ruritania", "borduria_front", "attacks", "confirmed")),
        ("The Carpathia Railway is funded by Avalonia.", ("avalonia", "carpathia_railway", "funds", "confirmed")),
        # a symmetric relation links the two members of one group, or the two sides of "between"
        ("Avalonia and Ruritania clashed near the border.", ("avalonia", "ruritania", "clashes_with", "confirmed")),
        ("Talks between Ruritania and Avalonia resumed.", ("avalonia", "ruritania", "negotiates_with", "confirmed")),
        # hedges: a modal verb before the cue, an allegation, a denial, a report
        ("Avalonia could fund the Carpathia Railway.", ("avalonia", "carpathia_railway", "funds", "proposed")),
        ("Ruritania allegedly supplied arms to the Front.", ("ruritania", "borduria_front", "supplies", "alleged")),
        ("Ruritania denied that it hosts the Front.", ("ruritania", "borduria_front", "hosts", "denied")),
        (
            "According to the Test Gazette, Avalonia attacked the Front.",
            ("avalonia", "borduria_front", "attacks", "reported"),
        ),
        # a project in a state is hosted by it
        ("The Carpathia Railway in Avalonia is new.", ("avalonia", "carpathia_railway", "hosts", "confirmed")),
    ],
)
def test_the_pair_the_cue_links_its_direction_and_certainty(dataset_dir, tmp_path, sentence, expected):
    assert suggested(dataset_dir, tmp_path, sentence) == [expected]


def test_a_bystander_is_not_paired_with_the_cue(dataset_dir, tmp_path):
    found = suggested(dataset_dir, tmp_path, "Ruritania attacked the Front near Avalonia.")
    assert found == [("ruritania", "borduria_front", "attacks", "confirmed")]


def test_a_group_of_subjects_each_acts_on_the_object(dataset_dir, tmp_path):
    found = suggested(dataset_dir, tmp_path, "Avalonia, Ruritania and the Carpathia Railway support the Front.")
    assert found == [
        ("avalonia", "borduria_front", "supports", "confirmed"),
        ("ruritania", "borduria_front", "supports", "confirmed"),
        ("carpathia_railway", "borduria_front", "supports", "confirmed"),
    ]


def test_the_claimant_goes_into_the_note_and_is_no_side(dataset_dir, tmp_path):
    (row,) = rows(dataset_dir, tmp_path, "Avalonia claims the Front attacked the Carpathia Railway.")
    assert (row.source, row.target, row.relation, row.certainty) == (
        "borduria_front",
        "carpathia_railway",
        "attacks",
        "alleged",
    )
    assert "claimant: Avalonia (avalonia)" in row.note


def test_reporting_verbs_make_it_reported_and_name_the_claimant(dataset_dir, tmp_path):
    (row,) = rows(dataset_dir, tmp_path, "Ruritania further notes that the Front attacked Avalonia.")
    assert (row.source, row.target, row.relation, row.certainty) == (
        "borduria_front",
        "avalonia",
        "attacks",
        "reported",
    )
    assert "claimant: Ruritania (ruritania)" in row.note


def test_it_and_the_group_refer_to_actors_named_before(dataset_dir, tmp_path):
    text = "Ruritania is a small state.\nIt has attacked the Borduria Front.\nThe group then struck Avalonia."
    found = rows(dataset_dir, tmp_path, text)
    assert [(r.source, r.target, r.relation) for r in found] == [
        ("ruritania", "borduria_front", "attacks"),
        ("borduria_front", "avalonia", "attacks"),
    ]
    assert "'It' read as ruritania" in found[0].note
    assert "'The group' read as borduria_front" in found[1].note


def test_an_empty_it_refers_to_nothing(dataset_dir, tmp_path):
    assert suggested(dataset_dir, tmp_path, "Ruritania is calm.\nIt is possible that Avalonia funds the Front.") == [
        ("avalonia", "borduria_front", "funds", "proposed")  # "it is possible": a hypothesis (data/README.md, rule 11)
    ]


def test_dates_come_from_the_sentence(dataset_dir, tmp_path):
    (row,) = rows(dataset_dir, tmp_path, "On 4 May 2024, Avalonia attacked the Front, and held it until 2025.")
    assert (row.start, row.end) == ("2024-05-04", "2025")


def test_curated_sentences_get_no_suggestion_and_nothing_is_written(dataset_dir, tmp_path):
    before = (dataset_dir / "relations.csv").read_bytes()
    dataset = graphkit.load(dataset_dir)
    assert suggest(dataset, "report") == []
    assert suggest(dataset, "report", include_curated=True) != []
    assert (dataset_dir / "relations.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Avalonia claims the Front attacked the Carpathia Railway.", "avalonia"),  # an actor: its id
        ("According to media reports, Avalonia attacked the Front.", "media"),  # words naming no actor: a label
        ("Officials said that Ruritania supplied arms to the Front.", "officials"),
        ("Analysts believe Ruritania funds the Front.", "observers"),
        ("Ruritania could fund the Front.", "author"),  # a hypothesis nobody else is said to make: the author's
        ("Ruritania plans to fund the Front.", ""),  # a plan: Ruritania's own, stated by the text
        ("Ruritania attacked the Front.", ""),  # stated as fact
    ],
)
def test_the_claimant_column_names_who_makes_the_claim(dataset_dir, tmp_path, sentence, claimant):
    (row,) = rows(dataset_dir, tmp_path, sentence)
    assert row.claimant == claimant


@pytest.fixture
def syldavia(dataset_dir, monkeypatch):
    """A made-up state that changed hands in 2000: its name and capital mean the Kingdom before, the Front after."""
    import graphkit.states

    with (dataset_dir / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("kingdom,Kingdom of Syldavia,state,,A fictional state's old government.\n")
    table = {
        "syldavia": {
            "name": "Syldavia",
            "capital": "Klow",
            "demonyms": ["Syldavian"],
            "governments": [
                {"names": ["Kingdom of Syldavia"], "since": "1950", "until": "2000-06"},
                {"names": ["Syldavian Emirate", "Borduria Front"], "since": "2000-06"},
            ],
        }
    }
    monkeypatch.setattr(graphkit.states, "states", lambda: table)
    monkeypatch.setattr("graphkit.suggest.states", lambda: table)
    return dataset_dir


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the sentence's date decides who "Syldavia" or its capital is as a government
        ("In 1990, Syldavia attacked Ruritania.", [("kingdom", "ruritania", "attacks")]),
        ("In 2010, Klow attacked Ruritania.", [("borduria_front", "ruritania", "attacks")]),
        # no date in the sentence or the document: today's government
        ("Syldavia supports Avalonia.", [("borduria_front", "avalonia", "supports")]),
        # a date that straddles the change names no one
        ("In 2000, Syldavia attacked Ruritania.", []),
        # the change is known to the month: a date inside that month names no one, the next one does
        ("In June 2000, Syldavia attacked Ruritania.", []),
        ("In July 2000, Syldavia attacked Ruritania.", [("borduria_front", "ruritania", "attacks")]),
        # a place is no actor: "in", "near", "northern", a possessive that is no government's organ
        ("Ruritania attacked Avalonia in Syldavia.", [("ruritania", "avalonia", "attacks")]),
        ("Ruritania attacked Avalonia near northern Syldavia.", [("ruritania", "avalonia", "attacks")]),
        ("Ruritania attacked Syldavia's mountains.", []),
        ("In 1990, Syldavia's foreign minister attacked Ruritania.", [("kingdom", "ruritania", "attacks")]),
        # the demonym joined to another state's name is that state: "Syldavian-Ruritanian talks"
        ("In 1990, Syldavian-Ruritania talks resumed.", [("kingdom", "ruritania", "negotiates_with")]),
    ],
)
def test_a_state_that_changed_hands_is_read_by_date(syldavia, tmp_path, sentence, expected):
    assert [(s, t, r) for s, t, r, _ in suggested(syldavia, tmp_path, sentence)] == expected


def test_these_groups_and_one_another_refer_to_the_list_named_before(dataset_dir, tmp_path):
    with (dataset_dir / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("ghost_brigade,Ghost Brigade,militant_group,,A fictional armed movement.\n")
    text = (
        "The Borduria Front, the Ghost Brigade and Avalonia are near.\nBoth are old.\nThese groups support one another."
    )
    (row,) = [r for r in rows(dataset_dir, tmp_path, text) if r.quote.startswith("These groups")]
    assert (row.source, row.target, row.relation) == (
        "borduria_front",
        "ghost_brigade",
        "supports",
    )  # groups: not Avalonia
    assert "'These groups' read as borduria_front" in row.note


@pytest.mark.parametrize(("calm", "expected"), [(0, [("avalonia", "ruritania", "clashes_with")]), (3, [])])
def test_a_plural_reference_fades_after_three_sentences(dataset_dir, tmp_path, calm, expected):
    text = "Avalonia, Ruritania and the Front are near.\n" + "Calm.\n" * calm + "These countries clashed."
    found = [r for r in rows(dataset_dir, tmp_path, text) if r.quote.startswith("These countries")]
    assert [(r.source, r.target, r.relation) for r in found] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the possessive holds the noun: "X's invasion of Y" reads as "X invaded Y"
        ("Ruritania's invasion of Avalonia began in May.", ("ruritania", "avalonia", "attacks")),
        # ... even when a preposition governs the possessive
        (
            "Avalonia was alarmed by the Front's open backing for Ruritania.",
            ("borduria_front", "ruritania", "supports"),
        ),
        # the noun's object after "of", its agent after "by"
        ("The invasion of Avalonia by Ruritania began in May.", ("ruritania", "avalonia", "attacks")),
        # "Y's NOUN from X": X gives it
        ("The Front's funding from Ruritania grew.", ("ruritania", "borduria_front", "funds")),
    ],
)
def test_a_noun_of_a_cue_links_its_holder_and_its_object(dataset_dir, tmp_path, sentence, expected):
    assert [(s, t, r) for s, t, r, _ in suggested(dataset_dir, tmp_path, sentence)][:1] == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the actor right before a gerund does it, whatever preposition governs it
        ("Avalonia worries about the Front sheltering Ruritania.", [("borduria_front", "ruritania", "hosts")]),
        # two verbs joined by "and" share their subject
        (
            "Avalonia worries about the Front sheltering and funding Ruritania.",
            [("borduria_front", "ruritania", "hosts"), ("borduria_front", "ruritania", "funds")],
        ),
    ],
)
def test_each_cue_of_a_sentence_links_its_own_subject_and_objects(dataset_dir, tmp_path, sentence, expected):
    assert [(s, t, r) for s, t, r, _ in suggested(dataset_dir, tmp_path, sentence)] == expected


def test_every_actor_up_to_the_next_cue_is_its_object(dataset_dir, tmp_path):
    found = rows(dataset_dir, tmp_path, "Ruritania funds the Front, and later Avalonia, with gold.")
    assert [(r.source, r.target, r.relation) for r in found] == [
        ("ruritania", "borduria_front", "funds"),
        ("ruritania", "avalonia", "funds"),
    ]
    assert [r.note.split(", ")[2] for r in found] == ["subject and object of 'fund'"] * 2  # no rule-less link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the definite description that is the subject stands for the previous sentence's subject
        ("The Office of Ruritania filed a motion. On May 1, the Supreme Court officially banned the Front.", True),
        # ... never across a paragraph break
        ("The Office of Ruritania filed a motion.\nOn May 1, the Supreme Court officially banned the Front.", None),
    ],
)
def test_an_unnamed_subject_is_the_previous_sentences_subject(dataset_dir, tmp_path, text, expected):
    found = [r for r in rows(dataset_dir, tmp_path, text) if "Supreme Court" in r.quote]
    if expected is None:
        assert found == []
    else:
        assert [(r.source, r.target) for r in found] == [("ruritania", "borduria_front")]
        assert "'the Supreme Court' read as ruritania" in found[0].note


def test_it_after_a_governed_actor_is_the_previous_subject(dataset_dir, tmp_path):
    text = "Ruritania is big. Since the invasion of Avalonia, it has funded the Front."
    found = [r for r in rows(dataset_dir, tmp_path, text) if "invasion" in r.quote]
    assert ("ruritania", "borduria_front", "funds") in [(r.source, r.target, r.relation) for r in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "X officials" act for X: no membership to suggest; an adverb ("officially") is no cue
        ("Ruritania officials officially funded the Front.", [("ruritania", "borduria_front", "funds")]),
        # a making or sending verb that only carries a cue's noun gives way to it
        ("Ruritania established diplomatic relations with Avalonia.", [("ruritania", "avalonia", "recognizes")]),
        ("Ruritania sent humanitarian aid to Avalonia.", [("ruritania", "avalonia", "supplies")]),
    ],
)
def test_the_type_is_the_acts_not_its_holders_or_carriers(dataset_dir, tmp_path, sentence, expected):
    assert [(s, t, r) for s, t, r, _ in suggested(dataset_dir, tmp_path, sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a rival competes, it does not oppose; an armed conflict is a clash; hostility is opposition
        ("Avalonia is a rival of Ruritania.", [("avalonia", "ruritania", "competes_with")]),
        ("The armed conflict between Ruritania and Avalonia went on.", [("avalonia", "ruritania", "clashes_with")]),
        ("Avalonia showed open hostility to the Front.", [("avalonia", "borduria_front", "opposes")]),
        # "engaged in" only carries the noun that says what is done: a dialogue is a negotiation
        ("Ruritania engaged in dialogue with Avalonia.", [("avalonia", "ruritania", "negotiates_with")]),
    ],
)
def test_the_type_follows_the_cue_that_names_the_act(dataset_dir, tmp_path, sentence, expected):
    assert [(s, t, r) for s, t, r, _ in suggested(dataset_dir, tmp_path, sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Ruritania's concerns over the Front grew.",
        "The Front worried Ruritania.",
        "The Front's raids have caused major concerns for Ruritania.",
        "Ruritania expressed concern about the Front.",
    ],
)
def test_a_partys_concern_is_a_threat_it_reports(dataset_dir, tmp_path, sentence):
    found = [r for r in rows(dataset_dir, tmp_path, sentence) if r.relation == "threatens"]
    assert [(r.source, r.target, r.certainty, r.claimant) for r in found] == [
        ("borduria_front", "ruritania", "reported", "ruritania")
    ]


def test_the_two_sides_are_the_pair_the_sentence_named(dataset_dir, tmp_path):
    text = "Avalonia attacked the Front. Talks between Ruritania and Avalonia failed, and clashes between the two sides followed."
    found = [(r.source, r.target) for r in rows(dataset_dir, tmp_path, text) if r.relation == "clashes_with"]
    assert found == [("avalonia", "ruritania")]  # not the previous sentence's pair


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "X, which VERB Y": X is the subject, even where a preposition governs it
        (
            "Avalonia praised the rise of the Front, which attacked Ruritania.",
            ("borduria_front", "ruritania", "attacks"),
        ),
        # "X (which Y VERB)": Y acts on X
        (
            "The Front (which Ruritania designates as terrorist) grew.",
            ("ruritania", "borduria_front", "designates_terrorist"),
        ),
    ],
)
def test_a_relative_clause_links_its_antecedent(dataset_dir, tmp_path, sentence, expected):
    assert [(s, t, r) for s, t, r, _ in suggested(dataset_dir, tmp_path, sentence)][:1] == [expected]


def test_a_hedge_outside_a_relative_clause_does_not_bind_it(dataset_dir, tmp_path):
    text = "Hypothetically, it could be the Front (which Ruritania designates as terrorist)."
    assert suggested(dataset_dir, tmp_path, text) == [
        ("ruritania", "borduria_front", "designates_terrorist", "confirmed")
    ]


def test_a_pronouns_project_is_controlled_by_the_pronouns_actor(dataset_dir, tmp_path):
    found = [(s, t, r) for s, t, r, _ in suggested(dataset_dir, tmp_path, "Ruritania opened its Carpathia Railway.")]
    assert found == [("ruritania", "carpathia_railway", "controls")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Ruritania advocated for cooperation with Avalonia.",
            ("avalonia", "ruritania", "cooperates_with", "proposed"),
        ),
        ("Ruritania is talking about funding the Front.", ("ruritania", "borduria_front", "funds", "proposed")),
    ],
)
def test_advocating_or_talking_about_an_act_proposes_it(dataset_dir, tmp_path, sentence, expected):
    assert suggested(dataset_dir, tmp_path, sentence) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one actor named is acted on: the previous sentence's subject acts on it
        (
            "Ruritania reinforced the border last year. In March, talks with the Front began.",
            ("borduria_front", "ruritania", "negotiates_with", "confirmed"),
        ),
        # the one actor named acts before the cue: it acts on the previous sentence's subject
        (
            "Ruritania reinforced the border last year. The Front later attacked the garrison.",
            ("borduria_front", "ruritania", "attacks", "confirmed"),
        ),
    ],
)
def test_a_sentence_naming_one_actor_takes_its_partner_from_the_previous_sentence(
    dataset_dir, tmp_path, text, expected
):
    (row,) = rows(dataset_dir, tmp_path, text)
    assert (row.source, row.target, row.relation, row.certainty) == expected
    assert "partner from the previous sentence: ruritania" in row.note


def test_the_partner_from_context_must_be_of_a_kind_the_relation_allows(dataset_dir, tmp_path):
    # builds takes a project as its target: the railway, not a state
    text = "The Carpathia Railway was delayed last year. Avalonia later upgraded the tracks."
    assert suggested(dataset_dir, tmp_path, text) == [("avalonia", "carpathia_railway", "builds", "confirmed")]


def test_a_state_is_no_partner_a_relation_cannot_take(dataset_dir, tmp_path):
    text = "Ruritania was hit by floods last year. Avalonia later upgraded the tracks."
    assert suggested(dataset_dir, tmp_path, text) == []


def test_a_partner_is_taken_only_within_the_paragraph(dataset_dir, tmp_path):
    text = "Ruritania reinforced the border last year.\nThe Front later attacked the garrison."
    assert suggested(dataset_dir, tmp_path, text) == []


def test_a_cue_no_actor_comes_before_has_the_documents_topic_as_subject(dataset_dir, tmp_path):
    text = (
        "The Front attacked Avalonia in May. The Front later raided Ruritania. The Front grew. "
        "Talks with Avalonia and Ruritania resumed in June."
    )
    found = [r for r in rows(dataset_dir, tmp_path, text) if r.quote.startswith("Talks")]
    assert [(r.source, r.target, r.relation) for r in found] == [
        ("avalonia", "borduria_front", "negotiates_with"),
        ("borduria_front", "ruritania", "negotiates_with"),
    ]
    assert all("partner from the document's topic: borduria_front" in r.note for r in found)


def test_officials_saying_something_are_no_cue_for_the_topic(dataset_dir, tmp_path):
    text = "Officials said that Ruritania supplied arms to the Front."
    assert suggested(dataset_dir, tmp_path, text) == [("ruritania", "borduria_front", "supplies", "reported")]


def test_a_relations_kinds_must_be_kinds_of_the_vocabulary():
    data = tomllib.loads(resources.files("graphkit").joinpath("vocab.toml").read_text(encoding="utf-8"))
    data["relations"]["attacks"]["target_kinds"] = ["planet"]
    with pytest.raises(graphkit.GraphkitError, match="unknown kind 'planet'"):
        parse_vocabulary(data)


def test_every_bundled_relation_fits_its_types_kinds():
    dataset = graphkit.load(None)
    kinds = {a.id: a.kind for a in dataset.actors}
    relations = vocabulary().relations
    unfit = [
        r.id
        for r in dataset.relations
        if kinds[r.source] not in (relations[r.relation].source_kinds or (kinds[r.source],))
        or kinds[r.target] not in (relations[r.relation].target_kinds or (kinds[r.target],))
    ]
    assert unfit == []
