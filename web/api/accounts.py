"""JSON API of accounts (admin) and of one's own API tokens."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from accounts import service
from accounts.schemas import CreatedToken, PasswordReset, TokenCreate, TokenOut, UserCreate, UserOut, UserUpdate
from web.auth import CurrentActor
from web.deps import Session

users_router = APIRouter(prefix="/api/users", tags=["Användare"])
tokens_router = APIRouter(prefix="/api/tokens", tags=["API-token"])


@users_router.get("", response_model=list[UserOut])
async def list_users(session: Session, actor: CurrentActor):
    return await service.list_users(session, actor)


@users_router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def create_user(session: Session, actor: CurrentActor, data: UserCreate):
    return await service.create_user(session, actor, data)


@users_router.get("/{user_id}", response_model=UserOut)
async def get_user(session: Session, actor: CurrentActor, user_id: uuid.UUID):
    return await service.get_user(session, actor, user_id)


@users_router.put("/{user_id}", response_model=UserOut, summary="Change name, unit, roles, or deactivate")
async def update_user(session: Session, actor: CurrentActor, user_id: uuid.UUID, data: UserUpdate):
    return await service.update_user(session, actor, user_id, data)


@users_router.post("/{user_id}/password", response_model=UserOut, summary="Reset the password (ends their sessions)")
async def reset_password(session: Session, actor: CurrentActor, user_id: uuid.UUID, data: PasswordReset):
    return await service.reset_password(session, actor, user_id, data)


@tokens_router.get("", response_model=list[TokenOut], summary="Your own tokens")
async def list_tokens(session: Session, actor: CurrentActor):
    return await service.list_tokens(session, actor)


@tokens_router.post("", response_model=CreatedToken, status_code=status.HTTP_201_CREATED, summary="New token, shown once")
async def create_token(session: Session, actor: CurrentActor, data: TokenCreate):
    return await service.create_token(session, actor, data)


@tokens_router.post("/{token_id}/revoke", response_model=TokenOut)
async def revoke_token(session: Session, actor: CurrentActor, token_id: uuid.UUID):
    return await service.revoke_token(session, actor, token_id)
