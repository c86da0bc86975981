"""The pages in a real browser (Debian's Chromium driven by Playwright): map markers, navigation, no script
injection from article text, no CSP violations. Saves a screenshot of the map page under test-output/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from strikewatch.store import open_store
from strikewatch.web.app import MAP_ASSETS, VENDOR, create_app
from strikewatch.web.sample import XSS_ARTICLE_ID, Sample, fill_sample_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUT = Path(__file__).resolve().parent.parent / "test-output"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)"),
]


def wait_until(page, expression: str, timeout: float = 15.0) -> None:  # noqa: ANN001 - a Playwright page
    """Poll a page expression from the test side: Playwright's wait_for_function evaluates strings with eval
    inside the page, which our Content-Security-Policy forbids (and should)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Sample]]:
    import uvicorn

    path = str(tmp_path_factory.mktemp("browser") / "web.db")
    store = open_store(path)
    sample = fill_sample_store(store)
    store.close()
    port = _free_port()
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", sample
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001 - playwright types are optional here
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.problems = []  # console errors, page errors and dialogs seen while the test ran
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


def _map_assets_installed() -> bool:
    return all((VENDOR / n).is_file() for n in MAP_ASSETS)


def test_map_shows_one_marker_per_located_incident(server, page) -> None:  # noqa: ANN001
    if not _map_assets_installed():
        pytest.skip("map assets not installed: run scripts/web_assets.sh")
    base, sample = server
    page.goto(base + "/")
    wait_until(page, "document.getElementById('map').dataset.markers !== undefined")
    markers = page.locator("path.sw-marker")
    assert markers.count() == len(sample.located)
    assert sorted(markers.evaluate_all("els => els.map(e => e.dataset.id)")) == sorted(i.id for i in sample.located)
    # Country outlines come from the bundled Natural Earth file, no tiles.
    wait_until(page, "document.querySelectorAll('.leaflet-countries-pane path').length > 50")
    assert page.locator(".leaflet-tile").count() == 0
    # The list and the timeline follow the same data.
    assert page.locator(".incident-row").count() == len(sample.incidents)
    assert page.locator("#timeline a.tl-bin").count() == 5
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "map.png"), full_page=True)
    assert page.problems == []


def test_clicking_a_marker_opens_its_incident(server, page) -> None:  # noqa: ANN001
    if not _map_assets_installed():
        pytest.skip("map assets not installed: run scripts/web_assets.sh")
    base, _ = server
    page.goto(base + "/")
    wait_until(page, "document.getElementById('map').dataset.markers !== undefined")
    page.locator('path.sw-marker[data-id="inc-bukamal"]').click()
    page.wait_for_url(base + "/incidents/inc-bukamal")
    claims = page.locator("#attribution-claims")
    assert "Iranian state media" in claims.inner_text()
    assert "denies" in claims.inner_text()
    assert "killing at least seven fighters" in page.locator("#casualty-claims").inner_text()
    assert page.problems == []


def test_filters_reach_the_map_and_list(server, page) -> None:  # noqa: ANN001
    base, _ = server
    page.goto(base + "/")
    page.select_option("select[name=status]", "declared")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*status=declared*")
    assert page.locator(".incident-row").count() == 1
    if _map_assets_installed():
        wait_until(page, "document.getElementById('map').dataset.markers === '1'")
    assert page.problems == []


def test_markup_in_an_article_is_shown_as_text_and_never_runs(server, page) -> None:  # noqa: ANN001
    base, _ = server
    page.goto(f"{base}/articles/{XSS_ARTICLE_ID}")
    page.wait_for_load_state("networkidle")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 'script';</script>" in text
    assert "<img src=x onerror=" in text
    assert "<script>" in page.locator("#article-title").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#article-text img, #article-text script").count() == 0
    # The incident page quoting the same article is safe as well.
    page.goto(base + "/incidents/inc-kafrnabl")
    page.wait_for_load_state("networkidle")
    assert "<i>a local council</i>" in page.locator("#casualty-claims").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not any(p.startswith("dialog") for p in page.problems)
    assert page.problems == []


def test_article_page_highlights_evidence(server, page) -> None:  # noqa: ANN001
    base, _ = server
    page.goto(base + "/articles/sample_wire.txt")
    marks = page.locator("#article-text mark.ev")
    assert marks.count() >= 8
    assert page.locator("#article-text .ev-tag[data-label=place]").count() == 2
    assert page.problems == []
