"""Report -> a readable terminal report (rich): verdict and reasons first, then each analyzer's
findings, then the body with the highlighted spans."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..report import Finding, Report
from .highlight import segments
from .html import ANALYZER_TITLES, grouped

STYLES = {
    "propaganda": "on dark_red",
    "quotes": "on blue",
    "claims": "on magenta",
    "source": "on dark_green",
    "factchecks": "on red",
    "corroboration": "on cyan",
    "badges": "on yellow",
}
VERDICT_STYLES = {"reliable": "bold green", "mixed": "bold yellow", "unreliable": "bold red"}
MAX_ROWS = 12


def _header(report: Report) -> Panel:
    a = report.article
    meta = Text()
    meta.append(f"{a.domain or a.site_name or 'unknown site'}   {a.date or 'no date'}   ", style="dim")
    if a.genre:
        meta.append(f"{a.genre}   ", style="bold")  # an opinion column or a press release must not read as news
    meta.append(f"by {a.byline}" if a.byline else "no byline", style="dim")
    lines: list = [Text(a.title or "Untitled article", style="bold"), meta]
    if report.score:
        value = "–" if report.score.value is None else f"{report.score.value:.0f}/100"
        lines.append(Text(f"\nCredibility {value}: {report.score.label}", style=VERDICT_STYLES.get(report.score.label, "bold")))
    for r in report.reasons:
        lines.append(Text(f"  {r.weight:+.1f}  {r.text}", style="red" if r.weight < 0 else "green"))
    return Panel(Group(*lines), title="unspun", title_align="left")


def _finding_row(report: Report, f: Finding) -> tuple[str, str, str]:
    where = ""
    if f.spans:
        snippet = report.article.span_text(f.spans[0]).replace("\n", " ")
        where = (snippet[:90] + "…") if len(snippet) > 90 else snippet
    detail = escape(f.message or where)  # article text must never be read as rich markup
    if f.message and where and where[:40] not in f.message:
        detail = f"{escape(f.message)}\n[dim]“{escape(where)}”[/dim]"
    score = "" if f.score is None else f"{f.score:.2f}"
    return escape(f.label), score, detail


def _group_table(report: Report, analyzer: str, items: list[tuple[int, Finding]]) -> Table:
    counts = Counter(f.label for _, f in items)
    title = f"{ANALYZER_TITLES.get(analyzer, analyzer)}  ({', '.join(f'{n} {k}' for k, n in counts.most_common(4))})"
    table = Table(title=title, title_justify="left", show_header=False, expand=True, box=None, padding=(0, 1))
    table.add_column("label", style="bold", no_wrap=True, max_width=28)
    table.add_column("score", justify="right", width=5)
    table.add_column("detail", ratio=1)
    ranked = sorted(items, key=lambda item: -(item[1].score or 0)) if analyzer in {"claims", "propaganda"} else items
    for _, f in ranked[:MAX_ROWS]:
        table.add_row(*_finding_row(report, f))
    if len(items) > MAX_ROWS:
        table.add_row("", "", f"[dim]… {len(items) - MAX_ROWS} more (see --format json)[/dim]")
    return table


def _body(report: Report) -> Text:
    text = Text()
    for seg in segments(report.article.text, report.findings):
        style = STYLES.get(seg.marks[0].analyzer, "reverse") if seg.marks else ""
        text.append(seg.text, style=style)
    return text


def render_terminal(report: Report, console: Console | None = None, *, body: bool = True) -> None:
    """Print the report to the console (stdout by default)."""
    console = console or Console()
    console.print(_header(report))
    for analyzer, items in grouped(report).items():
        console.print(_group_table(report, analyzer, items))
        console.print()
    if report.article.comments:
        console.print(Text(f"{len(report.article.comments)} reader comment(s), kept apart from the body", style="dim"))
    for err in report.errors:
        console.print(Text(f"analyzer error: {err}", style="yellow"))
    if body:
        console.print(Panel(_body(report), title="Article body (highlighted)", title_align="left"))
