"""The admin audit log: who did what, when, to what, and how it ended."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import AwareDatetime, BaseModel, ConfigDict
from sqlalchemy import select

from bot.db.models import AuditRow

if TYPE_CHECKING:
    from bot.db.database import Database


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    at: AwareDatetime
    guild_id: int | None
    user_id: int
    user_name: str
    action: str
    target: str
    result: str
    ok: bool


async def record(
    db: Database,
    *,
    guild_id: int | None,
    user_id: int,
    user_name: str,
    action: str,
    target: str,
    result: str,
    ok: bool,
    at: dt.datetime | None = None,
) -> None:
    """Store one action. `at` defaults to now; pass the runtime's clock to control it in tests."""
    if not action.strip():
        raise ValueError("an audit entry needs an action")
    row = AuditRow(
        at=at or dt.datetime.now(dt.UTC),
        guild_id=guild_id,
        user_id=user_id,
        user_name=user_name,
        action=action,
        target=target,
        result=result,
        ok=ok,
    )
    async with db.session() as session, session.begin():
        session.add(row)


async def latest(db: Database, *, guild_id: int | None, limit: int = 10) -> list[AuditEntry]:
    """Newest first. `guild_id=None` means the entries recorded outside any guild (console,
    signals), not every guild's: one guild's admins never read another guild's log."""
    if limit < 1:
        return []
    where = AuditRow.guild_id.is_(None) if guild_id is None else AuditRow.guild_id == guild_id
    query = select(AuditRow).where(where).order_by(AuditRow.id.desc()).limit(limit)
    async with db.session() as session:
        rows = (await session.scalars(query)).all()
    return [AuditEntry.model_validate(row) for row in rows]
