"""The `placera` command line: serve, migrate, seed."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import uuid
import warnings

import typer
from pydantic import ValidationError

from core import migrate
from core.database import database_url, get_engine, unit_of_work
from core.errors import DomainError
from core.permissions import SYSTEM, Role
from core.schemas import field_errors

app = typer.Typer(help="Placera: familjehemsregister, matchning och placeringar.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
users_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")
tokens_app = typer.Typer(help="Personal API tokens for integrations.", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")


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
    """Demo: users, homes, then schools and children. Scale: N homes, 2N children, and one school per ten
    children (every municipality centre gets each kind of school), so --scale 25000 gives the national
    size: 25 000 homes, 50 000 children, 5 000 schools."""
    from rich.progress import Progress

    from accounts import service as accounts
    from demo.users import DEMO_USERS, FAMILY_CARE_EMAIL, seed_demo_users
    from demo import homes as demo_data
    from foster_homes.service import count_homes
    from demo import children as children_demo
    from demo import economy as economy_demo
    from demo import invoices as invoices_demo
    from demo import schools as schools_demo

    try:
        async with unit_of_work() as session:
            if demo:
                users = await seed_demo_users(session)
                sign_ins = "\n".join(f"  {role.value:<20} {email:<34} {password}" for email, password, role in users)
                typer.echo(f"Demoanvändare (roll, e-post, lösenord):\n{sign_ins}")
            if only_if_empty and await count_homes(session):
                return "Databasen har redan data; demodata laddas inte igen."
            if demo:
                # The family-care demo user becomes the secretary of the protected homes (and some others).
                family_care = await accounts.find_user_by_email(session, FAMILY_CARE_EMAIL)
                summary = await demo_data.seed_demo(
                    session, seed=seed, family_care_user_id=family_care.id if family_care else None
                )
                # The children's social worker and the placement secretary share the children's cases.
                workers = []
                for _, email, role, _, _ in DEMO_USERS:
                    if role in (Role.SOCIAL_WORKER, Role.PLACEMENT_SECRETARY):
                        user = await accounts.find_user_by_email(session, email)
                        if user is not None:
                            workers.append(user.id)
                schools = await schools_demo.seed_demo_schools(session, seed=seed)
                children = await children_demo.seed_demo_children(
                    session, seed=seed, worker_ids=workers, schools=schools,
                    family_care_user_id=family_care.id if family_care else None,
                )
                requests = await children_demo.seed_demo_requests(session)
                placements = await children_demo.seed_demo_placements(session)
                economy = await economy_demo.seed_demo_economy(session)
                economy += "\n" + await invoices_demo.write_demo_invoices(session)
                return (f"{summary}\nSkolor: {schools_demo.school_summary(schools)}.\n{children}\n{requests}\n"
                        f"{placements}\n{economy}")
            child_count = 2 * scale
            school_count = max(len(demo_data.NATIONAL_CENTRES) * len(schools_demo.SCALE_KIND_SHARES), child_count // 10)
            with Progress() as progress:
                task = progress.add_task("Skapar familjehem", total=scale)
                homes = await demo_data.seed_scale(
                    session, scale, seed=seed, progress=lambda done, task=task: progress.update(task, completed=done)
                )
                task = progress.add_task("Skapar skolor", total=school_count)
                schools = await schools_demo.seed_scale_schools(
                    session, school_count, seed=seed, progress=lambda done, task=task: progress.update(task, completed=done)
                )
                task = progress.add_task("Skapar barn", total=child_count)
                children = await children_demo.seed_scale_children(
                    session, child_count, seed=seed, progress=lambda done, task=task: progress.update(task, completed=done)
                )
            return f"{homes}\n{schools}\n{children}"
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


async def _with_session(work):
    try:
        async with unit_of_work() as session:
            return await work(session)
    finally:
        await get_engine().dispose()


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="Full name."),
    email: str = typer.Option(..., "--email", help="E-mail, also the sign-in name."),
    role: list[Role] = typer.Option(..., "--role", help="Role; repeat for several."),
    unit: str | None = typer.Option(None, "--unit", help="Unit or team."),
) -> None:
    """Add a user. The password is read from standard input (one line), so it never shows in the shell history."""
    from accounts import service as accounts
    from accounts.schemas import UserCreate

    password = sys.stdin.readline().rstrip("\n")
    try:
        data = UserCreate(name=name, email=email, unit=unit, roles=role, password=password)
    except ValidationError as error:
        _fail("\n".join(f"{e.field}: {e.message}" for e in field_errors(error)))
    try:
        user = asyncio.run(_with_session(lambda session: accounts.create_user(session, SYSTEM, data)))
    except DomainError as error:
        _fail(error.detail)
    typer.echo(f"Användaren {user.email} ({', '.join(user.roles)}) är skapad.")


@users_app.command("list")
def users_list() -> None:
    """List users with their roles."""
    from accounts import service as accounts

    for user in asyncio.run(_with_session(lambda session: accounts.list_users(session, SYSTEM))):
        state = "aktiv" if user.active else "inaktiv"
        typer.echo(f"{user.email:<36} {user.name:<28} {','.join(user.roles):<36} {state}")


@tokens_app.command("create")
def tokens_create(
    name: str = typer.Argument(..., help="What the token is for, e.g. the integration's name."),
    email: str = typer.Option(..., "--user", help="E-mail of the user the token acts as."),
    days: int = typer.Option(365, "--days", min=1, max=3650, help="Days until it expires."),
) -> None:
    """Create a personal API token and print it once (use it as `Authorization: Bearer <token>`)."""
    from accounts import service as accounts
    from accounts.schemas import TokenCreate

    async def work(session):
        user = await accounts.find_user_by_email(session, email)
        if user is None:
            _fail(f"Ingen användare med e-postadressen {email}.")
        return await accounts.create_token(session, SYSTEM, TokenCreate(name=name, expires_in_days=days), for_user=user.id)

    created = asyncio.run(_with_session(work))
    typer.echo(created.token)
    typer.echo(f"Token {created.prefix}… för {email}, giltig till {created.expires_at:%Y-%m-%d}. Den visas bara nu.", err=True)


@tokens_app.command("revoke")
def tokens_revoke(token_id: uuid.UUID = typer.Argument(..., help="The token's id (see `placera tokens list`).")) -> None:
    """Revoke a token at once."""
    from accounts import service as accounts

    try:
        asyncio.run(_with_session(lambda session: accounts.revoke_token(session, SYSTEM, token_id)))
    except DomainError as error:
        _fail(error.detail)
    typer.echo("Token är återkallad.")


@tokens_app.command("list")
def tokens_list() -> None:
    """List every user's tokens (never the tokens themselves)."""
    from accounts import service as accounts

    for token in asyncio.run(_with_session(lambda session: accounts.list_tokens(session, SYSTEM, all_users=True))):
        state = "återkallad" if token.revoked_at else "aktiv"
        typer.echo(f"{token.id}  {token.prefix}…  {token.name:<30} {state}")


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    typer.echo(f"Placera körs på http://{host}:{port}  (Ctrl-C avslutar)")
    # uvicorn shuts down gracefully on SIGTERM, then raises it again; exiting through Python instead of the
    # default handler lets the embedded PostgreSQL stop with us (it stops at exit, like on Ctrl-C).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if workers > 1 and not os.environ.get("DATABASE_URL"):
        # Worker processes die by the signal, not through Python's exit, so a server one of them joined
        # would outlive us. This process starts the embedded server and owns it; the workers get its address.
        os.environ["DATABASE_URL"] = database_url()
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
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback it picks is fine.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
