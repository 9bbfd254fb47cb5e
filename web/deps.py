"""Dependencies shared by every router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from core.database import unit_of_work


async def get_session() -> AsyncIterator[AsyncSession]:
    """The request's unit of work: committed when the handler has answered, rolled back if it raised."""
    async with unit_of_work() as session:
        yield session


# "function": the commit runs as soon as the handler returns, before the answer is sent, so a commit that
# fails (a concurrent edit) is answered as a 409 instead of a success that was not saved.
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
