"""updates: update-post subscriptions, what they have seen, the changes reloads brought, deliveries

Revision ID: 0005
Revises: 0004
Create Date: 2025-06-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "update_subscriptions",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("kinds", sa.String(100), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=True),
        sa.Column("actor_name", sa.String(200), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("quiet_from", sa.String(5), nullable=True),
        sa.Column("quiet_until", sa.String(5), nullable=True),
        sa.Column("max_per_hour", sa.Integer(), nullable=False),
        sa.Column("ping_role_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("notify_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.Column("failed_at", WHEN, nullable=True),
        sa.Column("admins_told_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_update_subscriptions"),
        sa.UniqueConstraint("channel_id", name="uq_update_subscriptions_channel_id"),
    )
    op.create_table(
        "update_changes",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("actors", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("first_seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_update_changes"),
        sa.UniqueConstraint("key", name="uq_update_changes_key"),
    )
    op.create_index("ix_update_changes_first_seen_at", "update_changes", ["first_seen_at"])
    op.create_table(
        "update_seen",
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("event", sa.Text(), nullable=True),
        sa.Column("seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_update_seen"),
    )
    op.create_table(
        "update_deliveries",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("subscription_id", ROW_ID, nullable=False),
        sa.Column("run_key", sa.String(64), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("window_ends_at", WHEN, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=True),
        sa.Column("last_attempt_at", WHEN, nullable=True),
        sa.Column("covered_from", WHEN, nullable=False),
        sa.Column("covered_until", WHEN, nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("message_ids", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("claimed_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_update_deliveries"),
        sa.ForeignKeyConstraint(
            ["subscription_id"], ["update_subscriptions.id"],
            name="fk_update_deliveries_subscription_id_update_subscriptions", ondelete="CASCADE",
        ),
        sa.UniqueConstraint("subscription_id", "run_key", name="uq_update_deliveries_subscription_id_run_key"),
    )
    op.create_index("ix_update_deliveries_subscription_id", "update_deliveries", ["subscription_id"])


def downgrade() -> None:
    op.drop_index("ix_update_deliveries_subscription_id", table_name="update_deliveries")
    op.drop_table("update_deliveries")
    op.drop_table("update_seen")
    op.drop_index("ix_update_changes_first_seen_at", table_name="update_changes")
    op.drop_table("update_changes")
    op.drop_table("update_subscriptions")
