"""The web page in a real headless Chromium (Debian's, via Playwright; never Playwright's download)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import need
from unspun.server.app import create_app
from unspun.server.live import running
from unspun.settings import Settings

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TITLE = "Assad Says Aleppo Victory Will Change Course Of War In Syria"
SLOW = 120_000  # ms: the first analysis loads every model


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    exe = need(Path(os.environ.get("UNSPUN_CHROMIUM", "/usr/bin/chromium")), "needs Debian's chromium (.ci/services.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(exe), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running(create_app(Settings(data_dir=tmp_path_factory.mktemp("web")))) as url:
        yield url


@pytest.fixture
def page(browser, base: str):
    """A fresh tab that records dialogs, and fails on any request leaving the server or any CSP violation
    (the page itself must need nothing the policy forbids; an injected script would show up here)."""
    context = browser.new_context(base_url=base)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    outside: list[str] = []
    context.route(re.compile(r"^(?!" + re.escape(base) + ").*"), lambda route: (outside.append(route.request.url), route.abort()))
    yield tab
    context.close()
    assert not outside, f"the page tried to load {outside}"
    assert not blocked, f"the policy had to block something: {blocked}"


def _analyse(page, content: str) -> None:
    page.goto("/")
    page.fill("#source", content)
    page.click("#analyze-button")
    page.wait_for_url(re.compile(r"/reports/[0-9a-f]{32}$"), timeout=SLOW)


def test_paste_example_see_badge_and_spans_then_reopen_from_history(page, example_html: Path) -> None:
    _analyse(page, example_html.read_text(encoding="utf-8"))
    report_url = page.url
    assert page.locator("#article-title").inner_text() == TITLE
    badge = page.locator(".badge-line .pill-unsubstantiated")
    assert badge.is_visible() and badge.inner_text() == "unsubstantiated"
    marks = page.locator("mark.hl")
    assert marks.count() >= 1 and marks.first.is_visible()
    assert "Fact checked" in page.locator(".badge-line mark.hl").first.inner_text()
    assert page.locator(".group[data-analyzer=badges] .finding").count() >= 1
    assert page.locator("#comments .comment").count() == 1

    # filter: hiding the badge findings hides their group and mutes their marks
    page.uncheck("#filters input[value=badges]")
    assert not page.locator(".group[data-analyzer=badges]").is_visible()
    assert "muted" in page.locator(".badge-line mark.hl").first.get_attribute("class")
    page.check("#filters input[value=badges]")
    assert page.locator(".group[data-analyzer=badges]").is_visible()

    page.goto("/")
    entry = page.locator("a.history-link", has_text=TITLE).first
    assert entry.is_visible()
    entry.click()
    page.wait_for_url(report_url)
    assert page.locator("#article-title").inner_text() == TITLE
    assert page.locator(".badge-line .pill-unsubstantiated").is_visible()
    assert not page.dialogs


def test_problem_is_shown_as_text(page) -> None:
    page.goto("/")
    page.fill("#source", "<b>only a fragment</b>")
    page.click("#analyze-button")
    problem = page.locator("#problem")
    problem.wait_for(state="visible", timeout=SLOW)
    assert "article" in problem.inner_text().lower()
    assert page.locator("#problem b").count() == 0  # shown as text, never as markup


def _malicious(example: str) -> str:
    """The example page with script in the title, body, comment and attributes."""
    attack = "&lt;script&gt;window.__pwned=1;alert('title')&lt;/script&gt;"
    html = example.replace(f"<title>{TITLE}", f"<title>{attack}{TITLE}<script>window.__pwned=1</script>")
    html = html.replace(f'content="{TITLE}"', f'content="&quot;&gt;&lt;img src=x onerror=window.__pwned=1&gt;{TITLE}"')
    html = html.replace(f'<h1 class="entry-title">{TITLE}', f'<h1 class="entry-title">{attack}{TITLE}')
    html = html.replace(
        "<p>The Syrian President said",
        '<p onmouseover="window.__pwned=1" onclick="window.__pwned=1">&lt;img src=x onerror="window.__pwned=1;'
        "alert('body')\"&gt; <script>window.__pwned=1;alert('inline')</script>"
        '<a href="javascript:window.__pwned=1">The Syrian President</a> said',
    )
    html = html.replace(
        "<p>President Bashar al-Assad also said",
        '<p>&quot; onmouseover=&quot;window.__pwned=1&quot; &lt;/textarea&gt;&lt;svg onload=window.__pwned=1&gt; '
        "President Bashar al-Assad also said",
    )
    html = html.replace('<b class="fn">Anonymous</b>', '<b class="fn">&lt;script&gt;alert(\'author\')&lt;/script&gt;</b>')
    return re.sub(
        r'(<div class="comment-content">\s*<p>)',
        r"\1&lt;img src=x onerror=window.__pwned=1&gt;&lt;script&gt;alert('comment')&lt;/script&gt; ",
        html,
    )


def test_malicious_page_renders_inert(page, example_html: Path) -> None:
    html = _malicious(example_html.read_text(encoding="utf-8"))
    assert html.count("__pwned") >= 7
    _analyse(page, html)
    article = page.locator("#article").inner_text()
    assert "<img src=x onerror=" in article, "the payload is shown as text, not dropped or executed"
    assert re.search(r"<(script>|img )", page.locator("#article-title").inner_text())
    for element in [page.locator("#article p").first, *page.locator("mark.hl").all()[:3]]:
        element.hover()
        element.click()
    assert "alert('comment')" in page.locator("#comments").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#article script, #article img, #article svg, #comments script, #comments img").count() == 0

    report_id = page.url.rsplit("/", 1)[1]
    page.goto("/")  # the history shows the hostile title as text too
    assert re.search(r"<(script>|img )", page.locator(f"a.history-link[href='/reports/{report_id}']").inner_text())
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.goto(f"/v1/reports/{report_id}")  # the browser asks for HTML: the self-contained rendering
    assert "<img src=x onerror=" in page.locator("article").inner_text()
    page.locator("article p").first.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.dialogs


def test_form_works_without_javascript(browser, base: str, example_txt: Path) -> None:
    """With scripts off the form posts straight to the API, which answers with the HTML report."""
    context = browser.new_context(base_url=base, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/")
    tab.fill("#source", example_txt.read_text(encoding="utf-8"))
    with tab.expect_navigation(timeout=SLOW):
        tab.click("#analyze-button")
    assert tab.locator("h1").inner_text() == TITLE
    assert "unsubstantiated" in tab.locator("aside").inner_text()
    context.close()
