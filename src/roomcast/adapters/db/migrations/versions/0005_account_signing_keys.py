"""account webhook signing keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import base64
import os

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signing_seed", sa.String(length=64), nullable=True))
    # Every existing account gets its own key pair: an Ed25519 seed is 32 random bytes.
    accounts = sa.table("accounts", sa.column("id", sa.Uuid()), sa.column("signing_seed"))
    connection = op.get_bind()
    for (account_id,) in connection.execute(sa.select(accounts.c.id)).all():
        seed = base64.b64encode(os.urandom(32)).decode()
        connection.execute(
            accounts.update().where(accounts.c.id == account_id).values(signing_seed=seed)
        )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.alter_column("signing_seed", existing_type=sa.String(length=64), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("signing_seed")
