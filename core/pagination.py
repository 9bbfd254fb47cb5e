"""One page of a list: every list in Placera pages the same way (limit and offset from the page's number and
size) and counts its total only when the page does not already show it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession


def page_slice(statement: Select, page: int, page_size: int) -> Select:
    """The statement limited to the given page (page 1 is the first)."""
    return statement.limit(page_size).offset((page - 1) * page_size)


async def fetch_page(
    session: AsyncSession, statement: Select, *, count_from: Any, page: int, page_size: int,
    conditions: list | None = None, scalars: bool = False,
) -> tuple[list, int]:
    """The page's rows (ORM objects when ``scalars``) and the total number of rows on every page.

    ``count_from`` is what to count (a table or a join) under the same ``conditions`` as the statement. A plain
    ORDER BY … LIMIT lets an index stop after one page, so the total is a separate count; when the first page
    holds fewer rows than fit, that count is the page's own length and the database is not asked."""
    sliced = page_slice(statement, page, page_size)
    rows = list(await session.scalars(sliced)) if scalars else list(await session.execute(sliced))
    if page == 1 and len(rows) < page_size:
        return rows, len(rows)
    total = await session.scalar(select(func.count()).select_from(count_from).where(*(conditions or [])))
    return rows, total or 0
