"""The HTML explorer, in real headless Chromium: it renders offline, filters, explains, and runs no data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

import graphkit
from graphkit.render.browser import CHROMIUM_ARGS, chromium_path
from graphkit.render.html import PAGE_MEASURES, explorer_html, write_html
from graphkit.rules import EdgeFilter

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = chromium_path()


@pytest.fixture(scope="module")
def bundled_graph():
    return graphkit.build_graph(graphkit.load())


@pytest.fixture(scope="module")
def bundled_page(bundled_graph, tmp_path_factory) -> Path:
    return write_html(bundled_graph, tmp_path_factory.mktemp("html") / "graph.html")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (scripts/test does) or set GRAPHKIT_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


class Page:
    """A loaded page plus everything it tried to do: requests, console messages, dialogs."""

    def __init__(self, browser, path: Path) -> None:
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.graphkit !== undefined && window.network !== undefined")

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def visible_nodes(self) -> list[str]:
        return self.js("window.graphkit.visibleNodeIds()")

    def visible_edges(self) -> list[str]:
        return self.js("window.graphkit.visibleEdgeIds()")

    def panel(self) -> str:
        return self.page.inner_text("#gk-panel")


@pytest.fixture
def page(browser, bundled_page):
    loaded = Page(browser, bundled_page)
    yield loaded
    loaded.page.close()


def counted(graph, edge_filter=None) -> list[str]:
    """The relations graphkit.rules counts, as the CLI and the report see them."""
    edge_filter = edge_filter or EdgeFilter()
    return sorted(k for _, _, k, d in graph.edges(keys=True, data=True) if edge_filter.accepts(d))


def test_every_actor_and_relation_is_drawn_offline_without_errors(page, bundled_graph):
    assert len(page.visible_nodes()) == bundled_graph.number_of_nodes()
    # The page holds every relation and opens on those that count: no proposed, no denied ones.
    shown = page.visible_edges()
    assert shown == counted(bundled_graph)
    assert {bundled_graph.edges[u, v, k]["certainty"] for u, v, k in bundled_graph.edges(keys=True) if k in shown} == {
        "confirmed",
        "reported",
        "alleged",
    }
    assert [u for u in page.requests if not u.startswith("file://")] == []
    assert len(page.requests) == 1  # the file itself, nothing else
    assert [m for m in page.console if m[0] in ("error", "pageerror", "warning")] == []
    assert page.page.inner_text("#gk-counts") == "Showing 102 of 102 actors, 321 of 408 relations in 200 lines."
    assert page.page.inner_text("#gk-certainty-note") == (
        "By default proposed and denied relations are not shown: they do not count as connections."
    )


def test_search_by_alias_focuses_the_actor_and_opens_its_dossier(page):
    page.page.fill("#gk-search", "the Kremlin")
    page.page.press("#gk-search", "Enter")
    assert page.js("window.graphkit.selected()") == {"type": "node", "id": "russia"}
    assert page.js("window.network.getSelectedNodes()") == [page.js("window.graphkit.visId('russia')")]
    assert page.panel().startswith("Russia\nState")
    page.page.fill("#gk-panel-text", "recognize")
    assert "On July 3, 2025, Russia became the first major state to formally recognize the Taliban" in page.panel()
    page.page.fill("#gk-search", "Atlantis")
    page.page.press("#gk-search", "Enter")
    assert page.page.inner_text("#gk-search-message") == "No actor is called “Atlantis”."


def test_clicking_a_node_highlights_its_neighbourhood(page):
    page.js("window.network.moveTo({scale: 1.0, animation: false})")
    x, y = page.js(
        "(() => { const p = window.network.canvasToDOM(window.network.getPosition(window.graphkit.visId('iskp')));"
        " const r = document.querySelector('#gk-graph canvas').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; })()"
    )
    page.page.mouse.click(x, y)
    assert page.js("window.graphkit.selected()") == {"type": "node", "id": "iskp"}
    assert page.panel().startswith("Islamic State Khorasan Province")
    colours = page.js(
        "(() => { const ids = JSON.parse(document.getElementById('graphkit-data').textContent).nodes.map(n => n.id);"
        " return Object.fromEntries(window.network.body.data.nodes.get().map(n => [ids[n.id], n.color.background])); })()"
    )
    assert colours["iskp"] != "#dddddd" and colours["russia"] != "#dddddd"  # the actor and a neighbour
    assert colours["ussr"] == "#dddddd"  # not a neighbour: dimmed
    page.js("window.network.moveTo({position: {x: 100000, y: 100000}, animation: false})")  # empty canvas
    page.page.mouse.click(x, y)
    assert page.js("window.graphkit.selected()") is None
    assert page.panel() == "Select an actor or a relation to see its evidence."


def test_selecting_a_relation_shows_its_evidence(page):
    page.js("window.graphkit.selectEdge('td002')")
    panel = page.panel()
    assert panel.startswith("Russia → removes from terrorist list → Taliban")
    assert (
        "On April 17, 2025, the Supreme Court officially removed the Taliban from the list of terrorist organizations"
        in panel
    )
    assert "confirmed" in panel and "on 2025-04-17" in panel  # a delisting is an event: it happened that day
    assert "claimed by" not in panel  # the text states it itself
    page.js("window.graphkit.selectEdge('bd001')")
    assert "claimed by Tajikistan" in page.panel()  # "Dushanbe claims"


def test_the_evidence_panel_weighs_the_claim(page, bundled_graph):
    """Corroboration, grades and contradictions, as graphkit.provenance and the contradictions step found them."""
    from graphkit.analysis.contradictions import contradicted, contradictions

    page.js("window.graphkit.selectEdge('ja001')")
    assert "stated by 2 independent documents (bd009)" in page.panel()
    flagged = contradicted(contradictions(bundled_graph))
    alone = next(
        k
        for _, _, k, d in sorted(bundled_graph.edges(keys=True, data=True), key=lambda e: e[2])
        if d["corroboration"] == 1 and k not in flagged
    )
    page.js(f"window.graphkit.selectEdge({alone!r})")
    assert "rests on one document" in page.panel() and "contradiction" not in page.panel()
    assert flagged["ja007"] == ("opposed stances",) and "denied" in flagged["td032"]
    page.js("window.graphkit.selectEdge('ja007')")
    assert "contradiction: opposed stances" in page.panel()


def test_relation_kind_and_certainty_filters(page, bundled_graph):
    page.page.uncheck("#gk-relations input[value=hosts]")
    shown = set(page.visible_edges())
    assert shown and not any(
        bundled_graph.edges[u, v, k]["relation"] == "hosts" for u, v, k in bundled_graph.edges(keys=True) if k in shown
    )
    page.page.uncheck("#gk-kinds input[value=person]")
    assert not any(bundled_graph.nodes[n]["kind"] == "person" for n in page.visible_nodes())
    page.page.uncheck("#gk-certainty input[value=reported]")
    page.page.uncheck("#gk-certainty input[value=alleged]")
    certainties = {
        bundled_graph.edges[u, v, k]["certainty"]
        for u, v, k in bundled_graph.edges(keys=True)
        if k in set(page.visible_edges())
    }
    assert certainties == {"confirmed"}
    page.page.check("#gk-certainty input[value=denied]")
    assert "td032" in page.visible_edges()  # a denied meeting, shown once asked for
    page.page.click("#gk-reset")
    assert page.visible_edges() == counted(bundled_graph)


def month_index(page, month: str) -> int:
    """The slider position of a month ("YYYY-MM"): months run from the first dated day's month."""
    first = page.js("JSON.parse(document.getElementById('graphkit-data').textContent).dated.first")
    return (int(month[:4]) - int(first[:4])) * 12 + int(month[5:7]) - int(first[5:7])


def test_time_slider_shows_the_graph_as_of_a_date(page):
    page.page.check("#gk-asof-on")
    for month, present, absent in [
        ("2024-01", {"ja007"}, {"ja001", "td002"}),
        # the delisting (td002, 17 April 2025) is an event: it does not hold in August on its own
        ("2025-08", {"ja001"}, {"ja007", "td002", "ja005"}),
    ]:
        page.page.fill("#gk-asof", str(month_index(page, month)))  # dispatches the input event, as dragging does
        assert page.page.inner_text("#gk-asof-label") == f"as of {month}"
        assert page.page.input_value("#gk-date") == month
        shown = set(page.visible_edges())
        assert present <= shown and not (absent & shown), month
        assert "bd009" not in shown  # undated relations are hidden as of any date
    page.page.select_option("#gk-window", "12m")  # events of the twelve months up to the day
    shown = set(page.visible_edges())
    assert {"ja001", "td002"} <= shown and not ({"ja007", "ja005"} & shown)  # the 2024-03 attack is too old
    page.page.fill("#gk-date", "2025-04-17")  # the date field takes a day, as --as-of does
    page.page.press("#gk-date", "Enter")
    assert page.page.input_value("#gk-asof") == str(month_index(page, "2025-04"))
    page.page.uncheck("#gk-asof-on")
    assert "bd009" in page.visible_edges()


@pytest.mark.parametrize(
    "levels",
    [
        ("confirmed", "reported", "alleged"),
        ("confirmed",),
        ("confirmed", "reported", "alleged", "proposed", "denied"),
    ],
)
@pytest.mark.parametrize("polarity", [None, "hostile"])
def test_the_page_shows_exactly_what_the_cli_filter_counts(page, bundled_graph, levels, polarity):
    """explorer.js repeats graphkit.rules (certainty levels, polarity, events and states, windows): the sets must agree."""
    for box in page.js("Array.from(document.querySelectorAll('#gk-certainty input')).map(b => b.value)"):
        (page.page.check if box in levels else page.page.uncheck)(f"#gk-certainty input[value={box}]")
    if polarity:
        page.page.click(f"#gk-polarity .gk-only[data-value={polarity}]")
    certainties = frozenset(levels)
    assert page.visible_edges() == counted(bundled_graph, EdgeFilter(certainties=certainties, polarity=polarity))
    days = ["1998-08-15", "2003", "2021-08", "2024-03-15", "2024-12-31", "2025-04-17", "2025-08-01", "2026-01-01"]
    for day in days:
        for window in ("", "30d", "2w", "3m", "12m", "5y"):
            page.js(f"window.graphkit.setMoment({day!r}, {window!r})")
            expected = counted(
                bundled_graph,
                EdgeFilter(certainties=certainties, polarity=polarity, as_of=day, window=window or None),
            )
            assert page.visible_edges() == expected, (day, window)


def test_node_size_follows_the_selected_measure(page):
    def size(node: str) -> float:
        return page.js(f"window.network.body.data.nodes.get(window.graphkit.visId('{node}')).size")

    page.page.select_option("#gk-measure", "betweenness")
    by_betweenness = size("taliban")
    page.page.select_option("#gk-measure", "pagerank")
    assert size("taliban") > size("kyrgyzstan") and by_betweenness > size("kyrgyzstan")


def test_hostile_data_is_shown_as_text_and_never_runs(browser, tmp_path):
    hostile = graphkit.build_graph(graphkit.load(FIXTURES / "hostile"))
    page = Page(browser, write_html(hostile, tmp_path / "hostile.html", title="<script>window.__xss=9</script>"))
    try:
        page.js("window.graphkit.selectNode('alpha')")
        page.page.fill("#gk-search", "Beta")
        page.page.press("#gk-search", "Enter")
        page.js("window.graphkit.selectEdge('r2')")
        assert page.js("window.__xss") is None
        assert page.dialogs == []
        assert page.page.inner_text("#gk-panel").startswith(
            'Beta "><svg onload="window.__xss=3"> → hosts → </script><script>window.__xss=4</script> Gamma'
        )
        assert page.page.inner_text("#gk-title") == "<script>window.__xss=9</script>"
        page.js("window.graphkit.selectNode('alpha')")
        assert '<img src=x onerror="window.__xss=1">' in page.panel()
        assert (
            page.js(
                "document.querySelectorAll('#gk-panel img, #gk-panel script, #gk-panel svg, #gk-title script').length"
            )
            == 0
        )
        assert [m for m in page.console if m[0] in ("error", "pageerror")] == []
    finally:
        page.page.close()


def test_page_is_self_contained_with_a_strict_policy(bundled_graph):
    html = explorer_html(bundled_graph)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#39;none&#39;" in policy and "unsafe-inline" not in policy
    tags = re.findall(r"^<script[^>]*>", html, re.M)
    assert tags == [
        '<script type="application/json" id="graphkit-data">',
        "<script>",
        "<script>",
    ]  # data, vis, explorer
    assert html.lower().count("</script") == 3


def test_same_dataset_gives_byte_identical_pages(bundled_graph):
    assert explorer_html(bundled_graph) == explorer_html(graphkit.build_graph(graphkit.load()))


def test_large_graph_layout_is_reproducible():
    from graphkit.render.html import layout

    big = nx.MultiDiGraph(nx.gnm_random_graph(600, 1500, seed=3))
    first, second = layout(big), layout(big)
    assert first == second
    assert len(set(first.values())) > 590  # actors are spread, not piled up


# --- focus --------------------------------------------------------------------------------


def neighbourhood_ids(graph, actor: str, depth: int, edge_filter=None) -> list[str]:
    from graphkit.query import neighbors

    return sorted({actor, *(n.id for n in neighbors(graph, actor, edge_filter=edge_filter, depth=depth))})


@pytest.mark.parametrize(
    ("focus", "depth", "options"), [(["taliban"], 1, []), (["iskp", "Dushanbe"], 2, ["--polarity", "hostile"])]
)
def test_a_focus_page_holds_exactly_the_neighbourhood_the_cli_finds(
    browser, bundled_graph, tmp_path, focus, depth, options
):
    from click.testing import CliRunner

    from graphkit.cli import main

    target = tmp_path / "focus.html"
    args = ["html", "--out", str(target), "--depth", str(depth), *options]
    for actor in focus:
        args += ["--focus", actor]
    assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
    edge_filter = EdgeFilter(polarity="hostile") if options else None
    expected = set()
    for actor in ("iskp", "tajikistan") if len(focus) == 2 else ("taliban",):
        expected.update(neighbourhood_ids(bundled_graph, actor, depth, edge_filter))
    page = Page(browser, target)
    try:
        assert page.visible_nodes() == sorted(expected)
        assert page.page.inner_text("#gk-subtitle").startswith("Neighbourhood of ")
        assert [m for m in page.console if m[0] in ("error", "pageerror")] == []
    finally:
        page.page.close()


def test_focus_on_an_actor_in_the_page_and_back(page, bundled_graph):
    page.js("window.graphkit.selectNode('taliban')")
    page.page.select_option("#gk-focus-depth", "2")
    page.page.click("#gk-focus")
    assert page.visible_nodes() == neighbourhood_ids(bundled_graph, "taliban", 2)
    page.js("window.graphkit.focus('russia', 1)")
    assert page.visible_nodes() == neighbourhood_ids(bundled_graph, "russia", 1)
    assert page.page.inner_text("#gk-focus-status").startswith("Focused on Russia:")
    page.page.click("#gk-unfocus")
    assert len(page.visible_nodes()) == bundled_graph.number_of_nodes()


# --- merged relations ---------------------------------------------------------------------


def test_merged_view_draws_one_line_per_pair_and_polarity_and_expands_to_the_relations(page, bundled_graph):
    from graphkit.vocab import vocabulary

    polarity = {r: v.polarity_name for r, v in vocabulary().relations.items()}
    shown = counted(bundled_graph)
    expected: dict[tuple, set] = {}
    for u, v, k, d in bundled_graph.edges(keys=True, data=True):
        if k in shown:
            expected.setdefault((*sorted((u, v)), polarity[d["relation"]]), set()).add(k)
    drawn = page.js("window.graphkit.drawnEdges()")
    assert len(drawn) == len(expected)
    assert page.page.inner_text("#gk-counts").endswith(f"in {len(expected)} lines.")
    by_line = {}
    for line in drawn:
        key = (
            *sorted((line["from"], line["to"])),
            polarity[bundled_graph.edges[_ends(bundled_graph, line["relations"][0])]["relation"]],
        )
        by_line[key] = line
        assert line["label"] == (str(len(line["relations"])) if len(line["relations"]) > 1 else "")
    assert {k: set(v["relations"]) for k, v in by_line.items()} == expected
    pair = by_line[("russia", "taliban", "cooperative")]
    assert "Russia — Taliban:" in pair["title"] or "Taliban — Russia:" in pair["title"]
    # Selecting the pair lists its relations in date order and draws them one by one.
    page.js("window.graphkit.selectPair('russia', 'taliban')")
    between = [k for k in shown if set(_ends(bundled_graph, k)[:2]) == {"russia", "taliban"}]
    on_screen = [
        line for line in page.js("window.graphkit.drawnEdges()") if {line["from"], line["to"]} == {"russia", "taliban"}
    ]
    assert sorted(r for line in on_screen for r in line["relations"]) == sorted(between)
    assert all(not line["merged"] and len(line["relations"]) == 1 for line in on_screen)
    listed = page.js("Array.from(document.querySelectorAll('#gk-panel li')).map(li => li.dataset.relation)")
    assert sorted(listed) == sorted(between)
    days = [_first_day(bundled_graph, k) for k in listed]
    assert days == sorted(days)
    assert page.panel().startswith(f"Russia — Taliban\n{len(between)} relations")
    # The toggle draws every relation on its own.
    page.page.uncheck("#gk-merge")
    assert len(page.js("window.graphkit.drawnEdges()")) == len(shown)


def _ends(graph, key):
    return next((u, v, k) for u, v, k in graph.edges(keys=True) if k == key)


def _first_day(graph, key) -> str:
    from graphkit.render.html import _span_days
    from graphkit.rules import temporal_in

    d = graph.edges[_ends(graph, key)]
    first, last = _span_days(d["start"], d["end"], temporal_in(d))
    return first or last or "9999-99-99"


def test_merging_follows_the_filters(page):
    page.page.click("#gk-polarity .gk-only[data-value=hostile]")
    drawn = page.js("window.graphkit.drawnEdges()")
    assert drawn and sorted(r for line in drawn for r in line["relations"]) == page.visible_edges()


# --- labels -------------------------------------------------------------------------------


def test_the_most_central_actors_labels_are_readable_and_apart_at_the_fitted_view(page):
    boxes = page.js(
        """(() => {
        const data = JSON.parse(document.getElementById('graphkit-data').textContent);
        const top = data.nodes.slice().sort((a, b) => b.measures.degree - a.measures.degree || (a.id < b.id ? -1 : 1)).slice(0, 20);
        return top.map((n) => {
          const node = window.network.body.nodes[window.graphkit.visId(n.id)];
          const s = node.labelModule.size;
          const a = window.network.canvasToDOM({x: s.left, y: s.top});
          const b = window.network.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
          return {id: n.id, label: node.options.label, box: [a.x, a.y, b.x, b.y], px: node.options.font.size * window.network.getScale()};
        });
      })()"""
    )
    width, height = page.js(
        "(() => { const c = document.querySelector('#gk-graph canvas'); return [c.clientWidth, c.clientHeight]; })()"
    )
    assert len(boxes) == 20
    for item in boxes:
        assert item["label"], item["id"]  # drawn at the fitted view
        assert item["px"] >= 11.5, item  # as high on screen as the page's own text, about
        x0, y0, x1, y1 = item["box"]
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, item  # on the canvas
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            assert not (ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1), (a["id"], b["id"])


def test_zooming_in_shows_more_labels(page):
    fitted = len(page.js("window.graphkit.labelled()"))
    page.js(
        "window.network.moveTo({scale: 2.5, position: window.network.getPosition(window.graphkit.visId('taliban')), animation: false})"
    )
    page.page.wait_for_timeout(100)
    near = page.js(
        "window.graphkit.labelled().filter(id => { const p = window.network.canvasToDOM(window.network.getPosition(window.graphkit.visId(id)));"
        " return p.x > 0 && p.y > 0 && p.x < 800 && p.y < 800; })"
    )
    assert "taliban" in near and len(near) >= 5 and fitted < 102


# --- search -------------------------------------------------------------------------------

QUERIES = ["Pak", "afghanistan", "Rusia", "ISIS-K", "Moscow", "tajik", "Talibn", "Kremlin", "Iranian"]


def test_search_ranks_what_a_person_means(page):
    ranked = {q: page.js(f"window.graphkit.ranked({q!r})") for q in QUERIES}
    assert ranked["Pak"][0] == "pakistan"
    assert ranked["afghanistan"][0] in ("taliban", "afghan_republic") and ranked["afghanistan"][:2] != [
        "five_nation_road"
    ]
    assert ranked["afghanistan"].index("five_nation_road") > 1
    assert ranked["ISIS-K"][0] == "iskp"
    assert ranked["Moscow"][0] == "russia"
    assert ranked["tajik"][0] == "tajikistan"
    assert ranked["Rusia"] == []
    page.page.fill("#gk-search", "Pak")
    options = page.js("Array.from(document.querySelectorAll('#gk-matches li')).map(li => li.innerText)")
    assert options[0].split("\n")[0] == "Pakistan" and "State" in options[0] and len(options) > 1
    page.page.press("#gk-search", "Enter")
    assert page.js("window.graphkit.selected()") == {"type": "node", "id": "pakistan"}
    page.page.fill("#gk-search", "Rusia")
    page.page.press("#gk-search", "Enter")
    assert (
        page.page.inner_text("#gk-search-message")
        == "No actor is called “Rusia”. Did you mean Russia or United States?"
    )
    page.page.click("#gk-search-message button >> nth=0")
    assert page.js("window.graphkit.selected()") == {"type": "node", "id": "russia"}


def test_near_misses_are_the_ones_the_cli_suggests(page, bundled_graph):
    from rapidfuzz import fuzz

    from graphkit.names import NameIndex
    from graphkit.text import name_key

    index = NameIndex.from_graph(bundled_graph)
    keys = list(dict.fromkeys(key for key, _, _ in index.surfaces))
    for query in QUERIES:
        assert page.js(f"window.graphkit.similar({query!r})") == index.similar(query), query
        scores = page.js(
            f"(() => {{ const k = {keys!r}; return k.map(x => window.graphkit.wratio({name_key(query)!r}, x)); }})()"
        )
        expected = [fuzz.WRatio(name_key(query), key) for key in keys]
        assert scores == pytest.approx(expected, abs=1e-6), query


# --- time ---------------------------------------------------------------------------------


def test_the_time_control_reaches_every_year_with_keyboard_and_mouse(page, bundled_graph):
    first = page.js("JSON.parse(document.getElementById('graphkit-data').textContent).dated.first")
    last = page.js("JSON.parse(document.getElementById('graphkit-data').textContent).dated.last")
    years = set(range(int(first[:4]), int(last[:4]) + 1))
    page.page.check("#gk-asof-on")
    page.page.focus("#gk-asof")
    page.page.keyboard.press("Home")
    seen = {int(page.page.input_value("#gk-date")[:4])}
    for _ in years:
        page.page.keyboard.press("PageUp")
        seen.add(int(page.page.input_value("#gk-date")[:4]))
    assert seen == years
    page.page.keyboard.press("ArrowLeft")  # a month back
    assert page.page.input_value("#gk-date") == f"{last[:4]}-11"
    box = page.page.locator("#gk-asof").bounding_box()
    months = 12 * len(years) - (int(first[5:7]) - 1)
    thumb = 16  # Chromium's range thumb: its centre travels from half its width to width minus half
    clicked = set()
    for year in sorted(years):
        index = max(0, month_index(page, f"{year}-06"))
        x = box["x"] + thumb / 2 + (box["width"] - thumb) * index / (months - 1)
        page.page.mouse.click(x, box["y"] + box["height"] / 2)
        clicked.add(int(page.page.input_value("#gk-date")[:4]))
    assert clicked == years
    assert page.page.inner_text("#gk-ticks").split() == [str(y) for y in sorted(years) if y % 10 == 0]


def test_play_moves_through_time(page):
    page.page.click("#gk-play")
    start = page.page.input_value("#gk-date")
    for _ in range(100):  # the page's policy forbids wait_for_function's eval: poll
        if page.page.input_value("#gk-date") > start:
            break
        page.page.wait_for_timeout(50)
    page.page.click("#gk-play")  # pause
    paused = page.page.input_value("#gk-date")
    assert paused > start
    page.page.wait_for_timeout(400)
    assert page.page.input_value("#gk-date") == paused


def test_undated_relations_are_shown_alongside_only_when_asked_and_marked(page, bundled_graph):
    from graphkit.rules import NO_DAY, span, temporal_in

    undated = sorted(
        k
        for k in counted(bundled_graph)
        if span(
            *(bundled_graph.edges[_ends(bundled_graph, k)][f] for f in ("start", "end")),
            temporal_in(bundled_graph.edges[_ends(bundled_graph, k)]),
        )
        == NO_DAY
    )
    total = len(counted(bundled_graph))
    assert (
        page.page.inner_text("#gk-dated-share")
        == f"{total - len(undated)} of {total} relations in view are dated ({round(100 * (total - len(undated)) / total)}%)."
    )
    page.page.fill("#gk-date", "2025-08")
    page.page.press("#gk-date", "Enter")
    dated_view = counted(bundled_graph, EdgeFilter(as_of="2025-08"))
    assert page.visible_edges() == dated_view
    page.page.select_option("#gk-undated", "show")
    assert page.visible_edges() == sorted(dated_view + undated)
    assert page.js("window.graphkit.undatedEdgeIds()") == undated
    page.page.uncheck("#gk-merge")
    titles = {line["relations"][0]: line["title"] for line in page.js("window.graphkit.drawnEdges()")}
    assert all("undated: shown alongside the dated view" in titles[k] for k in undated)
    assert not any("undated" in titles[k] for k in dated_view)


# --- filters ------------------------------------------------------------------------------


def test_only_none_and_polarity_filters_agree_with_the_cli_and_refit(page, bundled_graph):
    page.page.click("#gk-relations .gk-only[data-value=hosts]")
    assert page.visible_edges() == counted(bundled_graph, EdgeFilter(relations=frozenset({"hosts"})))
    inside = page.js(
        "window.graphkit.visibleNodeIds().every(id => { const p = window.network.canvasToDOM(window.network.getPosition(window.graphkit.visId(id)));"
        " const c = document.querySelector('#gk-graph canvas'); return p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight; })"
    )
    assert inside
    page.page.click("#gk-relations .gk-none")
    assert page.visible_edges() == [] and page.visible_nodes() == []
    page.page.click("#gk-relations .gk-all")
    assert page.visible_edges() == counted(bundled_graph)
    page.page.uncheck("#gk-relations input[value=hosts]")
    assert page.visible_edges() == counted(bundled_graph, EdgeFilter(exclude_relations=frozenset({"hosts"})))
    page.page.click("#gk-relations .gk-all")
    for polarity in ("hostile", "cooperative", "neutral"):
        page.page.click(f"#gk-polarity .gk-only[data-value={polarity}]")
        assert page.visible_edges() == counted(bundled_graph, EdgeFilter(polarity=polarity)), polarity
    page.page.click("#gk-kinds .gk-only[data-value=person]")
    assert {bundled_graph.nodes[n]["kind"] for n in page.visible_nodes()} <= {"person"}


def test_tooltips_name_both_actors_and_the_legend_tells_confirmed_from_reported(page):
    page.page.uncheck("#gk-merge")
    lines = {line["relations"][0]: line for line in page.js("window.graphkit.drawnEdges()")}
    assert lines["td002"]["title"] == "Russia → removes from terrorist list → Taliban (confirmed, on 2025-04-17)"
    dashes = page.js(
        "Object.fromEntries(Array.from(document.querySelectorAll('#gk-legend [data-certainty] line')).map(l => [l.closest('[data-certainty]').dataset.certainty, l.getAttribute('stroke-dasharray')]))"
    )
    assert len(set(dashes.values())) == len(dashes)  # every level its own line
    drawn = page.js(
        "Object.fromEntries(window.network.body.data.edges.get().map(e => [e.id, JSON.stringify(e.dashes)]))"
    )
    certainty_of = page.js(
        "Object.fromEntries(JSON.parse(document.getElementById('graphkit-data').textContent).edges.map((e, j) => ['r' + j, e.certainty]))"
    )
    by_level: dict[str, set] = {}
    for vis_id, pattern in drawn.items():
        by_level.setdefault(certainty_of[vis_id], set()).add(pattern)
    assert by_level["confirmed"] == {"false"} and by_level["reported"] != by_level["confirmed"]


# --- ids that are property names, and the evidence panel ----------------------------------

PROTOTYPE_IDS = ["toString", "constructor", "__proto__", "hasOwnProperty"]


def test_ids_named_like_object_properties_draw_and_select(browser, tmp_path):
    from graphkit.vocab import vocabulary

    graph = nx.MultiDiGraph()
    for i, actor in enumerate(PROTOTYPE_IDS):
        graph.add_node(actor, name=f"Actor {actor}", kind="state", aliases=(f"alias {i}",), description="")
    for i, relation_id in enumerate(PROTOTYPE_IDS):
        graph.add_edge(
            PROTOTYPE_IDS[i],
            PROTOTYPE_IDS[(i + 1) % 4],
            key=relation_id,
            relation="supports",
            directed=True,
            polarity=vocabulary().relations["supports"].polarity,
            certainty="confirmed",
            start="2024",
            end="",
            temporal="state",
            source_doc="doc",
            source_title="A document",
            quote=f"quote {relation_id}",
            note="",
        )
    page = Page(browser, write_html(graph, tmp_path / "protos.html"))
    try:
        assert page.visible_nodes() == sorted(PROTOTYPE_IDS)
        assert page.visible_edges() == sorted(PROTOTYPE_IDS)
        for actor in PROTOTYPE_IDS:
            page.js(f"window.graphkit.selectNode({actor!r})")
            assert page.panel().startswith(f"Actor {actor}\nState")
            page.js(f"window.graphkit.selectEdge({actor!r})")
            assert f"quote {actor}" in page.panel()
        page.js("window.graphkit.selectPair('toString', 'constructor')")
        assert "quote toString" in page.panel()
        page.page.fill("#gk-search", "Actor __proto__")
        page.page.press("#gk-search", "Enter")
        assert page.js("window.graphkit.selected()") == {"type": "node", "id": "__proto__"}
        page.page.uncheck("#gk-merge")
        page.js("window.graphkit.focus('hasOwnProperty', 1)")
        assert page.visible_nodes() == sorted(["hasOwnProperty", "toString", "__proto__"])
        assert [m for m in page.console if m[0] in ("error", "pageerror", "warning")] == []
    finally:
        page.page.close()


def test_the_actor_panel_summarises_then_groups_by_counterpart_with_a_filter(page, bundled_graph):
    page.js("window.graphkit.selectNode('taliban')")
    shown = set(counted(bundled_graph))
    mine = [
        (u, v, k, d) for u, v, k, d in bundled_graph.edges(keys=True, data=True) if k in shown and "taliban" in (u, v)
    ]
    text = page.panel()
    summary = text.split("Relations (")[0]
    assert f"{len(mine)} relations shown: " in summary
    assert "Main counterparts: Russia (" in summary and "Dated " in summary and "Certainty: " in summary
    groups = page.js(
        "Array.from(document.querySelectorAll('#gk-groups details')).map(d => [d.dataset.counterpart, d.querySelectorAll('li').length, d.open])"
    )
    counts: dict[str, int] = {}
    for u, v, _k, _d in mine:
        other = v if u == "taliban" else u
        counts[other] = counts.get(other, 0) + 1
    assert {g[0]: g[1] for g in groups} == counts
    assert (
        groups[0][0] == "russia" and groups[0][2] and not groups[1][2]
    )  # the largest group first, open; the rest closed
    assert [g[1] for g in groups] == sorted((g[1] for g in groups), reverse=True)
    page.page.select_option("#gk-panel-polarity", "hostile")
    listed = page.js("Array.from(document.querySelectorAll('#gk-groups li')).map(li => li.dataset.relation)")
    from graphkit.vocab import vocabulary

    hostile = {k for _u, _v, k, d in mine if vocabulary().relations[d["relation"]].polarity_name == "hostile"}
    assert set(listed) == hostile
    page.page.select_option("#gk-panel-polarity", "")
    page.page.select_option("#gk-panel-relation", "recognizes")
    page.page.select_option("#gk-panel-certainty", "confirmed")
    listed = page.js("Array.from(document.querySelectorAll('#gk-groups li')).map(li => li.dataset.relation)")
    assert set(listed) == {
        k for _u, _v, k, d in mine if d["relation"] == "recognizes" and d["certainty"] == "confirmed"
    }
    page.page.select_option("#gk-panel-relation", "")
    page.page.select_option("#gk-panel-certainty", "")
    page.page.fill("#gk-panel-text", "Supreme Court")
    listed = page.js("Array.from(document.querySelectorAll('#gk-groups li')).map(li => li.dataset.relation)")
    assert listed and all(
        "supreme court" in bundled_graph.edges[_ends(bundled_graph, k)]["quote"].lower()
        or "supreme court" in bundled_graph.edges[_ends(bundled_graph, k)]["note"].lower()
        for k in listed
    )


# --- large graphs -------------------------------------------------------------------------


def test_a_large_page_opens_on_the_central_actors_from_packed_data(browser, bundled_graph, tmp_path, monkeypatch):
    """What a page of 10^5 relations does, on the bundled data: packed evidence, the most central actors first."""
    from graphkit.render import html

    monkeypatch.setattr(html, "PACK_ABOVE", 0)
    target = write_html(bundled_graph, tmp_path / "large.html", opening_actors=20)
    stored = re.search(r'id="graphkit-data">(.*?)</script>', target.read_text(encoding="utf-8")).group(1)
    assert list(json.loads(stored)) == ["packed"]
    page = Page(browser, target)
    try:
        data = page.js("window.graphkit.visId('taliban') >= 0 && window.graphkit.visibleNodeIds()")
        measures = html.default_measures(bundled_graph)["degree"]
        top = sorted(bundled_graph.nodes, key=lambda n: (-measures[n], sorted(bundled_graph.nodes).index(n)))[:20]
        assert data == sorted(top)
        assert page.page.inner_text("#gk-focus-status").startswith("The 20 most central of 102 actors")
        page.page.fill("#gk-search", "Kyrgyzstan")  # outside the opening view: its neighbourhood is drawn
        page.page.press("#gk-search", "Enter")
        assert page.visible_nodes() == neighbourhood_ids(bundled_graph, "kyrgyzstan", 1)
        page.page.click("#gk-unfocus")
        page.page.click("#gk-show-all")
        assert len(page.visible_nodes()) == 102
        assert [m for m in page.console if m[0] in ("error", "pageerror", "warning")] == []
    finally:
        page.page.close()


def test_the_page_folds_every_character_as_the_cli_does(page):
    """explorer.js repeats graphkit.text.name_key: every character folds alike.

    The one exception allowed: a character this Python's Unicode does not know yet, which a
    browser with newer tables may decompose (U+A7F1 in Unicode 17, say).
    """
    import unicodedata

    from graphkit.text import name_key

    characters = [
        chr(c) for c in range(0x110000) if c < 0xD800 or 0xDFFF < c < 0x10000 or unicodedata.category(chr(c)) != "Cn"
    ]
    texts = [f"The {c}x{c} " for c in characters] + ["the", "The Thebes", "  the  Taliban ", "STRASSE Straße", "a−b"]
    folded = page.js(f"{json.dumps(texts)}.map(t => window.graphkit.nameKey(t))")
    differ = [(t, f, name_key(t)) for t, f in zip(texts, folded, strict=True) if f != name_key(t)]
    unknown = [d for d in differ if unicodedata.category(d[0][4]) == "Cn"]
    assert differ == unknown, (
        f"{len(differ) - len(unknown)} differ, e.g. {[d for d in differ if d not in unknown][:10]}"
    )
    assert len(characters) > 200_000 and len(unknown) < 20
    assert name_key("a−b") == name_key("a-b") == "a b" and name_key("STRASSE Straße") == "strasse strasse"


def test_a_page_of_many_actors_sizes_nodes_by_the_linear_measures_and_says_so(
    browser, bundled_graph, tmp_path, monkeypatch
):
    """Above ALL_MEASURES_UP_TO actors: degree, eigenvector and PageRank as the report computes them, and a note."""
    from graphkit.analysis import centrality
    from graphkit.render import html

    monkeypatch.setattr(html, "ALL_MEASURES_UP_TO", 50)  # the bundled data's 102 actors count as many
    measures = html.default_measures(bundled_graph)
    table = centrality(bundled_graph, layers=("all",))
    assert list(measures) == ["degree", "eigenvector", "pagerank"]
    for name, values in measures.items():
        assert values == pytest.approx(table[f"{name}_all"].fillna(0.0).to_dict())
    page = Page(browser, write_html(bundled_graph, tmp_path / "many.html"))
    try:
        assert page.page.eval_on_selector_all("#gk-measure option", "os => os.map(o => o.textContent)") == [
            "Degree",
            "Eigenvector",
            "PageRank",
        ]
        note = page.page.inner_text("#gk-measures-note")
        assert note.startswith("Betweenness and closeness are left out above 50 actors")
    finally:
        page.page.close()


def test_a_small_page_has_every_measure_and_no_note(page):
    assert page.page.eval_on_selector_all("#gk-measure option", "os => os.map(o => o.value)") == list(PAGE_MEASURES)
    assert not page.page.is_visible("#gk-measures-note")
