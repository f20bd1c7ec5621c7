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


FIRST_SCREEN = {"width": 1280, "height": 800}
# What a reader sees of each landmark on the first screen: its box, clipped to the viewport.
_BOXES = """(selectors) => selectors.map(s => { const e = document.querySelector(s);
  if (!e) return [s, null]; const r = e.getBoundingClientRect(); return [s, [r.top, r.bottom, r.width, r.height]]; })"""


def test_the_first_screen_shows_the_headline_numbers_the_themes_chart_and_the_talk_index(browser, tmp_path, corpus_dir):
    from analysis.report import render_report

    out = render_report([corpus_dir], tmp_path / "corpus.html")
    page = browser.new_page(viewport=FIRST_SCREEN)
    page.goto(out.resolve().as_uri(), wait_until="load")
    boxes = dict(page.evaluate(_BOXES, [".stats", "#themes img", "#talks h2", "#talks tbody tr:nth-child(3)"]))
    tiles = page.evaluate("Array.from(document.querySelectorAll('.stat')).map(s => s.innerText.split('\\n'))")
    first_talk = page.evaluate("document.querySelector('#talks tbody tr a').textContent")
    page.screenshot(path=str(tmp_path / "first-screen.png"))
    page.close()
    height = FIRST_SCREEN["height"]
    for selector, (top, bottom, width, box_height) in boxes.items():
        assert 0 <= top and bottom <= height and width > 0 and box_height > 0, (selector, top, bottom)
    assert boxes["#themes img"][3] > 200  # the chart itself, not a sliver of it
    # Each tile: the number over its name (the number and name never run together: "15events").
    assert tiles[:2] == [["15", "events"], ["141", "talks"]]
    assert first_talk == "Keynotes"  # the first talk of the earliest event (events/2014/05/openstack.md)


# JupyterLab's own rules for rendered HTML outputs (from @jupyterlab/rendermime's CSS): what
# made the report's tables right-aligned and its tiles read "1events" inside JupyterLab.
JUPYTERLAB_CSS = """
.jp-RenderedHTMLCommon { font-size: 14px; line-height: 1.28; }
.jp-RenderedHTMLCommon table { border-collapse: collapse; border-spacing: 0; border: none; color: black;
  font-size: 12px; table-layout: fixed; margin-left: auto; margin-bottom: 1em; margin-right: auto; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr { text-align: right;
  vertical-align: middle; padding: 0.5em; line-height: normal; white-space: normal; max-width: none; border: none; }
.jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: #f5f5f5; }
.jp-RenderedHTMLCommon b, .jp-RenderedHTMLCommon span { display: inline; }
"""


def test_a_section_looks_the_same_inside_jupyterlab(browser, default_notes):
    from analysis.report import ReportPage

    page_of = ReportPage(default_notes)
    outputs = "".join(f'<div class="jp-RenderedHTMLCommon">{block._repr_mimebundle_()["text/html"]}</div>'
                      for block in (page_of.header(), page_of.section("talks")))
    page = browser.new_page(viewport=FIRST_SCREEN)
    page.set_content(f"<!DOCTYPE html><html><head><style>{JUPYTERLAB_CSS}</style></head><body>{outputs}</body></html>")
    seen = page.evaluate("""() => {
      const style = (s, p) => getComputedStyle(document.querySelector(s))[p];
      return {cell: style('#talks td', 'textAlign'), table: style('#talks table', 'marginLeft'),
              row: style('#talks tbody tr', 'backgroundColor'), number: style('.stat b', 'display'),
              tile: document.querySelector('.stat').innerText.split('\\n'),
              chips: document.querySelectorAll('#talks .chip')[1].getBoundingClientRect().left -
                     document.querySelectorAll('#talks .chip')[0].getBoundingClientRect().right};
    }""")
    page.close()
    assert seen["cell"] == "left" and seen["table"] == "0px" and seen["row"] == "rgba(0, 0, 0, 0)"
    assert seen["number"] == "block" and seen["tile"] == ["1", "events"]
    assert seen["chips"] >= 4  # theme tags keep apart
