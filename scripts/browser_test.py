#!/usr/bin/env python3
"""The live page in a real browser: Debian's Chromium driven by Playwright (no browser
download), against a running `diypol serve`.

  browser_test.py URL DIYPOL SHOTS_DIR

It loads the page, changes levers, runs, watches the charts fill day by day, checks that
the numbers on the page are those `diypol run` computes from the YAML the page exports (to
the last digit), runs A/B, exports the chart (PNG, SVG) and the data (CSV, Parquet), opens
the presenter view, switches language, shows a pasted scenario's problems, and saves
screenshots at 1920×1080 and 1280×720 into SHOTS_DIR. Exits 1 on the first failure.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from playwright.sync_api import expect, sync_playwright

URL, DIYPOL, SHOTS = sys.argv[1], sys.argv[2], Path(sys.argv[3])
SHOTS.mkdir(parents=True, exist_ok=True)
WORK = Path(tempfile.mkdtemp(prefix="diypol-browser-"))
CHROMIUM = "/usr/bin/chromium"
# Small enough for a test, large enough that the crime map and trajectories mean something.
POPULATION, DAYS = 20000, 120
CARDS = ["crimes_per_1000_year", "harm_cost_eur", "final_mean_trust", "cost_eur_per_resident_year"]


def url(query):
    sep = "&" if "?" in URL else "?"
    return f"{URL}{sep}{query}"


def set_number(page, root, path, value):
    box = page.locator(f'{root} input[type=number][data-path="{path}"]')
    box.fill(str(value))
    box.dispatch_event("change")


def run_and_wait(page, timeout=90_000):
    page.click("#run")
    expect(page.locator("#status")).to_have_attribute("data-state", "done", timeout=timeout)


def card_value(page, indicator, config):
    node = page.locator(f'[data-indicator="{indicator}"][data-config="{config}"][data-value]').first
    return float(node.get_attribute("data-value"))


def reproduce(page, button, name):
    """Downloads the page's YAML export and runs it with `diypol run`: runs.parquet's row."""
    with page.expect_download() as d:
        page.click(button)
    yaml = WORK / f"{name}.yaml"
    d.value.save_as(yaml)
    out = WORK / f"run-{name}"
    subprocess.run([DIYPOL, "run", str(yaml), "--out", str(out), "--quiet", "--no-charts"], check=True)
    return pl.read_parquet(out / "runs.parquet").row(0, named=True)


def download(page, button, name):
    with page.expect_download() as d:
        page.click(button)
    path = WORK / name
    d.value.save_as(path)
    return path.read_bytes()


def wait_until(page, expression, predicate, timeout_s):
    """Polls `expression` in the page until `predicate` holds of it (the page's CSP forbids
    the string evaluation Playwright's wait_for_function uses)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if predicate(value):
            return value
        page.wait_for_timeout(50)
    raise TimeoutError(f"{expression} did not come true in {timeout_s} s")


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)
    print(f"ok: {message}")


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # Console errors (a CSP refusal, a failed fetch) are printed as they come: they
        # explain a timeout.
        page.on("console", lambda m: m.type == "error" and print(f"console: {m.text}"))
        page.goto(url("lang=en"))
        expect(page.locator('#controls-a [data-path="policy.stance"]')).to_be_visible(timeout=20_000)
        meta = page.evaluate("fetch('/api/meta').then(r => r.json())")
        check(len(meta["controls"]) >= 30, f"{len(meta['controls'])} controls generated from the schema")

        # A lever changed, a small city, a slow playback: the charts must fill day by day.
        page.select_option("#scenario", "baseline")
        page.select_option('#controls-a select[data-path="policy.stance"]', "collaborate")
        set_number(page, "#controls-a", "city.population", POPULATION)
        set_number(page, "#controls-a", "days", DAYS)
        page.fill("#seed", "42")
        page.fill("#replicates", "3")
        page.select_option("#speed", "1")
        page.click("#run")
        points = "(() => { const c = echarts.getInstanceByDom(document.querySelector('#chart-main'));" \
                 " return c ? Math.max(0, ...c.getOption().series.map(s => (s.data || []).length)) : 0; })()"
        early = wait_until(page, points, lambda n: n > 5, 60)
        later = wait_until(page, points, lambda n: n > early + 10, 30)
        check(later > early > 0, f"the chart grows while the run plays ({early} then {later} days)")
        page.select_option("#speed", "all")
        expect(page.locator("#status")).to_have_attribute("data-state", "done", timeout=90_000)
        check(page.evaluate(points) == DAYS, f"the chart holds all {DAYS} days")
        page.screenshot(path=SHOTS / "serve-1920.png")

        # The numbers on the page are those of `diypol run` on the exported settings.
        row = reproduce(page, "#export-yaml", "a")
        for ind in CARDS:
            shown = card_value(page, ind, 0)
            check(shown == row[ind], f"{ind}: page {shown!r} = diypol run {row[ind]!r}")
        check(row["stance"] == "collaborate" and row["population"] == POPULATION, "the export carries the lever")

        # Data downloads of the same run.
        csv = download(page, "#export-csv", "ticks.csv").decode()
        check(len(csv.strip().splitlines()) == DAYS + 1, "ticks.csv: a header and a row per day")
        parquet = download(page, "#export-parquet", "ticks.parquet")
        check(parquet[:4] == b"PAR1" and pl.read_parquet(WORK / "ticks.parquet").height == DAYS, "ticks.parquet")

        # The chart on screen as PNG and SVG.
        png = download(page, "#export-png", "chart.png")
        check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000, f"PNG export ({len(png)} bytes)")
        svg = download(page, "#export-svg", "chart.svg").decode()
        check("<svg" in svg and "</svg>" in svg, f"SVG export ({len(svg)} characters)")

        # A/B on the same city and seeds: B suppresses. Both sides reproduce; the
        # difference is drawn and carded.
        page.click("#ab")
        expect(page.locator("#controls-b")).to_be_visible()
        page.select_option('#controls-b select[data-path="policy.stance"]', "suppress")
        run_and_wait(page)
        row_b = reproduce(page, "#export-yaml-b", "b")
        for ind in CARDS:
            check(card_value(page, ind, 1) == row_b[ind], f"B {ind} = diypol run")
        row_a = reproduce(page, "#export-yaml", "a2")
        check(row_a["seed"] == row_b["seed"], "A and B share the seed")
        check(card_value(page, CARDS[0], 0) == row_a[CARDS[0]], "A unchanged by adding B")
        expect(page.locator("#chart-diff")).to_be_visible()
        check(page.locator('#cards [data-diff], #cards .diff').count() > 0, "the cards show B − A")
        page.screenshot(path=SHOTS / "serve-ab-1920.png")

        # For the room: the presenter view, one chart at a time, arrows to move on.
        page.keyboard.press("p")
        page.wait_for_timeout(500)
        page.screenshot(path=SHOTS / "serve-presenter-1920.png")
        title = page.locator("#chart-main").get_attribute("data-chart")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        check(page.locator("#chart-main").get_attribute("data-chart") != title, "→ shows the next chart")
        page.keyboard.press("Escape")

        # A projector of 1280×720.
        page.set_viewport_size({"width": 1280, "height": 720})
        page.wait_for_timeout(500)
        wide = page.evaluate("document.documentElement.scrollWidth")
        check(wide <= 1280, f"no horizontal scroll at 1280×720 ({wide} px)")
        page.screenshot(path=SHOTS / "serve-1280.png")

        # A pasted scenario with a typo: its problem, with line and column, on the page.
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.fill("#yaml", "version: 1\nmodel: diy_policing\npolicy:\n  stanse: collaborate\n")
        page.click("#yaml-load")
        expect(page.locator("#problems")).to_contain_text("pasted.yaml:4:3", timeout=10_000)

        # In French: the page's words and the charts' labels.
        page.goto(url("lang=fr"))
        expect(page.locator("#run")).to_have_text(meta_fr_run(page), timeout=20_000)
        check(page.locator("html").get_attribute("lang") == "fr", "the page is in French")
        page.screenshot(path=SHOTS / "serve-fr-1920.png")

        check(not errors, f"no JavaScript errors ({errors})")
        browser.close()


def meta_fr_run(page):
    return page.evaluate("fetch('/api/meta?lang=fr').then(r => r.json())")["ui"]["run"]


if __name__ == "__main__":
    main()
    print(json.dumps({"screenshots": sorted(str(p) for p in SHOTS.glob("*.png"))}))
