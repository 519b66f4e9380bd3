"""pairing code of a forum's projector (issue 16.1)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pairing_code', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('pairing_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_forum_pairing_code'), ['pairing_code'], unique=False)


def downgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_pairing_code'))
        batch_op.drop_column('pairing_expires_at')
        batch_op.drop_column('pairing_code')
