"""The `placera` command line: serve, migrate, seed."""

from __future__ import annotations

import asyncio
import logging
import os

import typer

from core import migrate
from core.database import database_url, get_engine, get_sessionmaker

app = typer.Typer(help="Placera: familjehemsregister, matchning och placeringar.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _where() -> str:
    url = database_url()  # starts the embedded server when DATABASE_URL is not set
    return "DATABASE_URL" if os.environ.get("DATABASE_URL") else f"inbyggd PostgreSQL i {url.split('host=')[-1]}"


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    typer.echo(f"Migrerar databasen ({_where()}) …")
    migrate.upgrade(database_url(), revision)
    typer.echo("Databasen är uppdaterad.")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base or -1.")) -> None:
    """Revert migrations down to REVISION."""
    migrate.downgrade(database_url(), revision)
    typer.echo(f"Databasen är återställd till {revision}.")


async def _seed(demo: bool, scale: int | None, seed: int, only_if_empty: bool) -> str:
    from rich.progress import Progress

    from foster_homes import demo as demo_data
    from foster_homes.service import count_homes

    try:
        async with get_sessionmaker()() as session:
            if only_if_empty and await count_homes(session):
                return "Databasen har redan data; demodata laddas inte igen."
            if demo:
                summary = await demo_data.seed_demo(session, seed=seed)
            else:
                with Progress() as progress:
                    task = progress.add_task("Skapar familjehem", total=scale)
                    summary = await demo_data.seed_scale(
                        session, scale, seed=seed, progress=lambda done: progress.update(task, completed=done)
                    )
            return summary
    finally:
        await get_engine().dispose()


@app.command()
def seed(
    demo: bool = typer.Option(False, "--demo", help="Load the demo municipality (about 150 homes)."),
    scale: int | None = typer.Option(None, "--scale", min=1, help="Add N generated homes for load and benchmarks."),
    seed_value: int = typer.Option(2026, "--seed", help="Random seed: the same seed gives the same data."),
) -> None:
    """Load demo data or generated data at scale."""
    if demo == (scale is not None):
        raise typer.BadParameter("Ange antingen --demo eller --scale N.")
    migrate.upgrade(database_url())
    typer.echo(asyncio.run(_seed(demo, scale, seed_value, only_if_empty=False)))


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    typer.echo(f"Placera körs på http://{host}:{port}  (Ctrl-C avslutar)")
    uvicorn.run("web.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes (the app is stateless)."),
) -> None:
    """Serve the web app and API."""
    typer.echo(f"Databas: {_where()}")
    _serve(host, port, workers)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Migrate, load the demo municipality if the database is empty, and serve."""
    typer.echo(f"Databas: {_where()}")
    migrate.upgrade(database_url())
    typer.echo(asyncio.run(_seed(True, None, 2026, only_if_empty=True)))
    _serve(host, port, 1)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
