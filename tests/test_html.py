"""The HTML explorer, in real headless Chromium: it renders offline, filters, explains, and runs no data."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

import graphkit
from graphkit.render.browser import CHROMIUM_ARGS, chromium_path
from graphkit.render.html import explorer_html, write_html
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
    assert page.page.inner_text("#gk-counts") == "Showing 102 of 102 actors, 321 of 408 relations in 205 lines."
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
def test_the_page_shows_exactly_what_the_cli_filter_counts(page, bundled_graph, levels):
    """explorer.js repeats graphkit.rules (certainty levels, events and states, windows): the sets must agree."""
    for box in page.js("Array.from(document.querySelectorAll('#gk-certainty input')).map(b => b.value)"):
        (page.page.check if box in levels else page.page.uncheck)(f"#gk-certainty input[value={box}]")
    certainties = frozenset(levels)
    assert page.visible_edges() == counted(bundled_graph, EdgeFilter(certainties=certainties))
    days = ["1998-08-15", "2003", "2021-08", "2024-03-15", "2024-12-31", "2025-04-17", "2025-08-01", "2026-01-01"]
    for day in days:
        for window in ("", "30d", "2w", "3m", "12m", "5y"):
            page.js(f"window.graphkit.setMoment({day!r}, {window!r})")
            expected = counted(bundled_graph, EdgeFilter(certainties=certainties, as_of=day, window=window or None))
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
