"""The rendered report in headless Chromium: no console errors, no network, every chart loads.

Needs Playwright (PyPI) and Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`;
.ci/run installs it). The full-page screenshots go to the test's temporary folder (pytest keeps
the last few runs' folders: `pytest --basetemp DIR` puts them where you want to look at them).
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile.md"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install -y chromium (CI installs it)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def open_report(browser, path: Path, screenshot: Path | None = None) -> dict:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests, errors, dialogs = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(200)  # let anything late (it should not exist) show up
    images = page.evaluate("Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth])")
    scripts = page.evaluate("document.scripts.length")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return {"requests": requests, "errors": errors, "dialogs": dialogs, "images": images, "scripts": scripts}


def check(seen: dict) -> None:
    assert seen["errors"] == []
    assert seen["dialogs"] == []
    assert seen["scripts"] == 0
    outside = [url for url in seen["requests"] if not url.startswith(("file:", "data:"))]
    assert outside == []
    assert seen["images"], "the report has no chart"
    assert all(complete and width > 0 for _, complete, width in seen["images"]), seen["images"]


def test_default_report_in_chromium(browser, tmp_path):
    from analysis.report import render_report

    out = render_report(None, tmp_path / "report.html")
    seen = open_report(browser, out, tmp_path / "report.png")
    check(seen)
    assert len(seen["images"]) == out.read_text(encoding="utf-8").count("<img ")
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_hostile_report_in_chromium(browser, tmp_path):
    from analysis.report import render_report

    out = render_report([HOSTILE], tmp_path / "hostile.html")
    check(open_report(browser, out, tmp_path / "hostile.png"))
