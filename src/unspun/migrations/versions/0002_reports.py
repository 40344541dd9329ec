"""The server's stored reports (`unspun.server.store`).

Revision ID: 0002_reports
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_reports"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create `server_reports`: listing columns plus the report JSON."""
    op.create_table(
        "server_reports",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(500)),
        sa.Column("url", sa.String(2000)),
        sa.Column("domain", sa.String(255)),
        sa.Column("score", sa.Float),
        sa.Column("label", sa.String(40)),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("analyzers", sa.String(500), nullable=False),
        sa.Column("report", sa.Text, nullable=False),
    )
    op.create_index("ix_server_reports_created", "server_reports", ["created"])


def downgrade() -> None:
    """Drop the table and its index."""
    op.drop_index("ix_server_reports_created", table_name="server_reports")
    op.drop_table("server_reports")
