"""The `strikewatch` command line: one CLI over one store (an SQLite file or a PostgreSQL URL)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from strikewatch.model import Incident

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn news reports of airstrikes, drone strikes and shelling into an auditable incident database.",
)
console = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 160)

DEFAULT_DB = "./strikewatch.db"
DbOption = Annotated[str, typer.Option("--db", help="SQLite file path or postgresql:// URL.")]


def _open(db: str, must_exist: bool = False):  # noqa: ANN202 - a Store
    from strikewatch.store import open_store

    if must_exist and "://" not in db and not Path(db).exists():
        console.print(f"[red]No store at {db}[/red]: run `strikewatch run INPUT --db {db}` first.")
        raise typer.Exit(1)
    try:
        return open_store(db)
    except Exception as exc:  # noqa: BLE001 - a clear message instead of a traceback
        console.print(f"[red]Cannot open store {db}:[/red] {exc}")
        raise typer.Exit(1) from exc


class ArticleProgress:
    """The `run` progress bar's callback: one step per article read or skipped, the article shown. The total is
    an estimate (a JSON array or feed file counts as one article), so it grows when it is passed."""

    def __init__(self, progress: Progress, total: int | None) -> None:
        self.progress = progress
        self.task = progress.add_task("reading", total=total)

    def __call__(self, article_id: str) -> None:
        task = next(t for t in self.progress.tasks if t.id == self.task)
        if task.total is not None and task.completed >= task.total:
            self.progress.update(self.task, total=task.completed + 1)
        self.progress.update(self.task, description=f"reading {article_id[:40]}", advance=1)

    def linking(self) -> None:
        """All read: resolution takes a while at scale (~25 s at 100k articles), so say what is going on."""
        self.progress.update(self.task, description="linking incidents across articles")


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files and folders (recursively) to read.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[
        int, typer.Option(help="Processes that extract and build incidents (Dask LocalCluster when > 1).")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of an existing Dask scheduler (tcp://HOST:PORT).")
    ] = None,
) -> None:
    """Read articles, extract incidents, link them across articles and store everything."""
    from strikewatch.ingest import count_articles
    from strikewatch.runner import run as run_job

    try:
        total = count_articles(inputs)
    except Exception:  # noqa: BLE001 - the count is only for the progress bar
        total = None
    store = _open(db)
    started = time.monotonic()
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as progress:
            bar = ArticleProgress(progress, total)
            summary = run_job(
                inputs, store, workers=workers, scheduler=scheduler, on_article=bar, on_resolve=bar.linking
            )
    except Exception as exc:  # noqa: BLE001
        console.print(f"[red]fatal:[/red] {exc}")
        store.close()
        raise typer.Exit(1) from exc
    store.close()
    elapsed = time.monotonic() - started
    console.print(
        f"articles read: {summary.read} (new {summary.new}, revised {summary.revised}, unchanged {summary.unchanged}); "
        f"skipped: {len(summary.skipped)}; duplicates: {summary.duplicates}; incidents created: "
        f"{summary.incidents_created}, updated: {summary.incidents_updated}, total: {summary.incidents_total} "
        f"[{elapsed:.1f}s]"
    )
    for s in summary.skipped:
        where = f"{s.source}:{s.line}" if s.line else s.source
        console.print(f"  [yellow]skipped[/yellow] {where}: {s.reason}")
    for aid in summary.truncated:
        console.print(f"  [yellow]note[/yellow] {aid}: very long; extraction read only its beginning")
    raise typer.Exit(summary.exit_code)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[  # noqa: A002
        str, typer.Option("--format", help="json, csv, geojson, acled or ucdp (CSV in the ACLED / UCDP GED layouts)")
    ] = "json",
    output: Annotated[Path | None, typer.Option("--output", help="File to write (stdout if omitted).")] = None,
) -> None:
    """Write incidents and articles in the export format."""
    from strikewatch.export import FORMATS, write_export

    if format not in FORMATS:
        console.print(f"[red]Unknown format {format!r}[/red]; choose one of {', '.join(FORMATS)}.")
        raise typer.Exit(1)
    store = _open(db, must_exist=True)
    try:
        if output is None:
            write_export(store, format, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".tmp")
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                write_export(store, format, fh)
            tmp.replace(output)
            console.print(f"wrote {output}")
    finally:
        store.close()


# Reference files at least this long get a progress bar (reading and matching take seconds from here on).
PROGRESS_FROM_ROWS = 2000


@app.command()
def compare(
    reference: Annotated[
        Path, typer.Option("--reference", help="An ACLED or UCDP GED CSV (told apart by its header).")
    ],
    db: DbOption = DEFAULT_DB,
    days: Annotated[int, typer.Option("--days", min=0, help="Dates this many days apart still pair.")] = 1,
    km: Annotated[
        float, typer.Option("--km", min=0.1, help="Places this far apart agree (3x for coarse events).")
    ] = 25.0,
    output: Annotated[
        Path | None, typer.Option("--output", help="report.html or report.csv (a summary is printed either way).")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Where `strikewatch serve` runs: rows link to incident pages.")
    ] = None,
) -> None:
    """Match a reference dataset's events to our incidents and report agreement on date, place, type,
    perpetrator and fatalities, with the unmatched on each side. A malformed file exits 2, writing nothing."""
    from strikewatch.export.compare import ReferenceFileError, count_rows, read_reference
    from strikewatch.export.compare import compare as run_compare
    from strikewatch.export.report import render_report_html, write_report_csv

    if output is not None and output.suffix.lower() not in (".html", ".csv"):
        console.print(f"[red]--output must end in .html or .csv[/red], not {output.name!r}.")
        raise typer.Exit(2)
    try:
        total = count_rows(reference)
    except (OSError, UnicodeDecodeError) as exc:
        console.print(f"[red]Cannot read {reference}:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    store = _open(db, must_exist=True)
    try:
        incidents = list(store.iter_incidents())
    finally:
        store.close()
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal or total < PROGRESS_FROM_ROWS,
    ) as progress:
        reading = progress.add_task("reading reference", total=total)
        try:
            layout, events = read_reference(reference, on_row=lambda: progress.advance(reading))
        except ReferenceFileError as exc:
            console.print(f"[red]{reference}:[/red] {exc}. Nothing written.", soft_wrap=True)
            raise typer.Exit(2) from exc
        matching = progress.add_task("matching", total=len(events))
        result = run_compare(layout, events, incidents, days=days, km=km,
                             on_reference=lambda: progress.advance(matching))
    table = Table(title=f"{reference.name} ({layout.upper()}): {len(result.matches)} matched, "
                        f"{len(result.reference_only)} reference only, {len(result.ours_only)} ours only")
    for col in ("measure", "agree", "of matched", "share", "of reference", "share"):
        table.add_column(col)
    for name, agree, matched, of_ref in result.agreement():
        table.add_row(name, str(agree), str(matched), f"{agree / matched:.3f}", str(of_ref),
                      f"{agree / of_ref:.3f}" if of_ref else "–")
    out.print(table)
    if output is None:
        return
    tmp = output.with_name(output.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        if output.suffix.lower() == ".csv":
            write_report_csv(result, fh, base_url)
        else:
            fh.write(render_report_html(result, reference.name, days, km, base_url))
    tmp.replace(output)
    console.print(f"wrote {output}")


def _killed(inc: Incident) -> str:
    r = inc.casualty_range
    if r.killed_min is None and r.killed_max is None:
        return "–"
    if r.killed_max is None:
        return f"{r.killed_min}+"
    return str(r.killed_min) if r.killed_min == r.killed_max else f"{r.killed_min}–{r.killed_max}"


@app.command()
def incidents(
    db: DbOption = DEFAULT_DB, limit: Annotated[int, typer.Option(help="Show at most this many.")] = 200
) -> None:
    """A readable table of incidents."""
    store = _open(db, must_exist=True)
    try:
        table = Table(title="Incidents", show_lines=False)
        for col in ("id", "date", "type", "place", "perpetrator (status)", "killed", "sources"):
            table.add_column(col)
        for n, inc in enumerate(store.iter_incidents()):
            if n >= limit:
                break
            place = inc.locations[0].name if inc.locations else "–"
            date = inc.date.value or (inc.date.text or "–")
            perp = f"{inc.attribution.perpetrator or '?'} ({inc.attribution.status})"
            sources = ", ".join(sorted({f"{m.article_id[:18]}:{m.role[0]}" for m in inc.mentions}))
            table.add_row(inc.id, date, inc.event_type, place, perp, _killed(inc), sources)
        out.print(table)
    finally:
        store.close()


@app.command()
def explain(incident_id: str, db: DbOption = DEFAULT_DB) -> None:
    """Why each mention is part of an incident (linking features and scores)."""
    store = _open(db, must_exist=True)
    try:
        inc = store.get_incident(incident_id)
        if inc is None:
            console.print(f"[red]No incident {incident_id}[/red]")
            raise typer.Exit(1)
        out.print(
            f"[bold]{inc.id}[/bold] {inc.event_type} {inc.date.value or '?'} "
            f"{inc.attribution.perpetrator or '?'} ({inc.attribution.status})"
        )
        for link in store.links_of(incident_id):
            out.print(f"  {link.mention_id}: {json.dumps(link.explanation, ensure_ascii=False, sort_keys=True)}")
    finally:
        store.close()


@app.command()
def merge(
    incident_ids: Annotated[list[str], typer.Argument(help="Two or more incident ids.")], db: DbOption = DEFAULT_DB
) -> None:
    """Merge incidents (an analyst's correction that survives re-runs)."""
    from strikewatch.runner import resolve_store

    if len(incident_ids) < 2:
        console.print("[red]Give at least two incident ids.[/red]")
        raise typer.Exit(1)
    store = _open(db, must_exist=True)
    try:
        mention_ids = []
        for iid in incident_ids:
            if store.get_incident(iid) is None:
                console.print(f"[red]No incident {iid}[/red]")
                raise typer.Exit(1)
            mention_ids += [link.mention_id for link in store.links_of(iid)]
        store.add_override("merge", {"incident_ids": incident_ids, "mention_ids": sorted(mention_ids)})
        resolve_store(store)
        console.print(f"merged {', '.join(incident_ids)}")
    finally:
        store.close()


@app.command()
def split(
    incident_id: str,
    article: Annotated[str, typer.Option("--article", help="Article to take out.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Take one article's mentions out of an incident into an incident of their own."""
    from strikewatch.runner import resolve_store

    store = _open(db, must_exist=True)
    try:
        links = [link for link in store.links_of(incident_id) if link.mention_id.startswith(article + "#")]
        if not links:
            console.print(f"[red]Article {article} is not part of incident {incident_id}[/red]")
            raise typer.Exit(1)
        store.add_override(
            "split",
            {
                "incident_id": incident_id,
                "article_id": article,
                "mention_ids": sorted(link.mention_id for link in links),
            },
        )
        resolve_store(store)
        console.print(f"split {article} out of {incident_id}")
    finally:
        store.close()


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to bind (loopback by default).")] = "127.0.0.1",
    port: int = 8000,
    allow_ingest: Annotated[bool, typer.Option(help="Enable POST /api/articles (needs STRIKEWATCH_TOKEN).")] = False,
) -> None:
    """Web UI and JSON API over the store."""
    from strikewatch.web.app import serve as serve_app

    serve_app(db, host=host, port=port, allow_ingest=allow_ingest)


gazetteer_app = typer.Typer(no_args_is_help=True, help="The place gazetteer: import villages, look names up.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps (SY.zip, SY.txt) or WOF TSVs.")],
) -> None:
    """Extend the installed gazetteer with a region's places; a malformed file changes nothing."""
    from strikewatch.geo.imports import gazetteer_dir, import_files
    from strikewatch.geo.sources import GazetteerFileError

    try:
        done = import_files(files)
    except GazetteerFileError as exc:
        # soft_wrap: a file name and line number stay on one line, whatever the terminal's width
        console.print(f"[red]Not imported:[/red] {exc}. The installed gazetteer is unchanged.", soft_wrap=True)
        raise typer.Exit(1) from exc
    for d in done:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(d.by_type.items()))
        console.print(f"{d.source}: {d.places} places ({kinds}) in {', '.join(d.countries) or 'no country'}")
    console.print(f"installed in {gazetteer_dir()}; building the gazetteer with them ...")
    t0 = time.perf_counter()
    gaz = _gazetteer()
    console.print(f"gazetteer ready: {len(gaz):,} places ({time.perf_counter() - t0:.0f} s)")


def _gazetteer():  # noqa: ANN202 - a Gazetteer
    from strikewatch.geo import load_gazetteer

    return load_gazetteer()


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """What the installed gazetteer holds (building it first if this is its first use: about two minutes)."""
    from collections import Counter

    from strikewatch.geo.build import regional_files

    t0 = time.perf_counter()
    gaz = _gazetteer()
    kinds = Counter(gaz.kind)
    from strikewatch.geo.gazetteer import KINDS

    out.print(f"{len(gaz):,} places: " + ", ".join(f"{kinds[i]:,} {k}" for i, k in enumerate(KINDS)))
    out.print(f"loaded in {time.perf_counter() - t0:.1f} s" + (f" (built in {gaz.build_seconds:.0f} s)" if
              gaz.build_seconds and not gaz.load_seconds else ""))
    for path in regional_files():
        out.print(f"regional layer: {path}")


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name as a text writes it.")],
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO country code the text is about (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Candidates to show.")] = 10,
) -> None:
    """The candidates for a name, best first, with the terms of each one's score."""
    from strikewatch.geo import normalise_key
    from strikewatch.geo.rank import score_parts

    gaz = _gazetteer()
    countries = {c.upper() for c in country or ()}
    key = normalise_key(name)
    cands = gaz.lookup(key)
    if not cands:
        cands = gaz.fuzzy(key)
        if cands:
            console.print(f"no entry named {name!r} (key {key!r}); near spellings of important places:")
    if not cands:
        console.print(f"[yellow]no place named {name!r}[/yellow] (key {key!r}) in {len(gaz):,} places")
        raise typer.Exit(1)
    scored = sorted(((sum(v for _, v in p), e, p) for e in cands for p in [score_parts(e, countries)]),
                    key=lambda t: -t[0])
    table = Table(title=f"{name} (key {key}): {len(cands)} candidates")
    for col in ("", "score", "name", "kind", "country", "admin1", "admin2", "lat, lon", "id", "why"):
        table.add_column(col)
    for rank, (total, e, parts) in enumerate(scored[:limit], 1):
        why = "; ".join(f"{label} {v:+.1f}" for label, v in parts)
        point = f"{e.lat:.4f}, {e.lon:.4f}" if e.lat is not None else ""
        table.add_row("wins" if rank == 1 else str(rank), f"{total:.2f}", e.name, f"{e.kind}/{e.precision}",
                      e.country or "", e.admin1 or "", e.admin2 or "", point, e.id, why)
    out.print(table)
    if len(scored) > limit:
        out.print(f"... and {len(scored) - limit} more")
    out.print("In a text, nearby places, a division named after the name (\"X, Y province\") and the text's countries "
              "change these scores; a small place far from the text's other places is not taken.")


if __name__ == "__main__":
    app()
