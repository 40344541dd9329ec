"""The fact-check store: one `factchecks` table of ClaimReview records with their MiniLM vectors.

Revision ID: 0004_factchecks
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_factchecks"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the `factchecks` table (see `unspun.factchecks.store.FactCheckRow`)."""
    op.create_table(
        "factchecks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("claim", sa.Text, nullable=False),
        sa.Column("rating", sa.Text, nullable=False, server_default=""),
        sa.Column("verdict", sa.String(16), nullable=False, server_default="other"),
        sa.Column("publisher", sa.Text, nullable=False, server_default=""),
        sa.Column("publisher_url", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("date", sa.String(40), nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("claimant", sa.Text, nullable=False, server_default=""),
        sa.Column("claim_date", sa.String(40), nullable=False, server_default=""),
        sa.Column("language", sa.String(16), nullable=False, server_default=""),
        sa.Column("provenance", sa.Text, nullable=False, server_default=""),
        sa.Column("embedding", sa.LargeBinary, nullable=True),
        sa.Column("embedding_model", sa.String(64), nullable=False, server_default=""),
        sa.Column("added", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )
    op.create_index("ix_factchecks_key", "factchecks", ["key"], unique=True)


def downgrade() -> None:
    """Drop the table."""
    op.drop_index("ix_factchecks_key", table_name="factchecks")
    op.drop_table("factchecks")
