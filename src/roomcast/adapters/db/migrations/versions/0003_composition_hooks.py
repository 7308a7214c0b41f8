"""composition hooks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "composition_hooks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("friendly_name", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("video_layout", sa.JSON(), nullable=False),
        sa.Column("audio_sources", sa.JSON(), nullable=False),
        sa.Column("audio_sources_excluded", sa.JSON(), nullable=False),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("trim", sa.Boolean(), nullable=False),
        sa.Column("extras", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_composition_hooks_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_composition_hooks")),
    )
    with op.batch_alter_table("composition_hooks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_composition_hooks_account_id_friendly_name",
            ["account_id", "friendly_name"],
            unique=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("composition_hooks", schema=None) as batch_op:
        batch_op.drop_index("ix_composition_hooks_account_id_friendly_name")

    op.drop_table("composition_hooks")
