"""catalogue: three levels of certainty, sources as a list, notes (research-2026-12.md)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('catalogue_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('sources', sa.JSON(), nullable=True))
    with op.batch_alter_table('catalogue_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certainty', sa.String(length=20), nullable=False,
                                      server_default='unverified'))
        batch_op.add_column(sa.Column('sources', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
    # The old yes/no flag becomes the first and last of the three levels; nothing is "một nguồn" until
    # an administrator (or an import of the shipped reference.yaml) says so.
    op.execute(sa.text("UPDATE catalogue_item SET certainty = 'verified' WHERE verified = :yes").bindparams(yes=True))
    op.execute(sa.text("UPDATE catalogue_item SET sources = '[]'"))
    op.execute(sa.text("UPDATE catalogue_group SET sources = '[]'"))
    with op.batch_alter_table('catalogue_group', schema=None) as batch_op:
        batch_op.alter_column('sources', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('note', server_default=None)
    with op.batch_alter_table('catalogue_item', schema=None) as batch_op:
        batch_op.alter_column('sources', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('certainty', server_default=None)
        batch_op.alter_column('note', server_default=None)
        batch_op.drop_column('verified')


def downgrade():
    with op.batch_alter_table('catalogue_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text("UPDATE catalogue_item SET verified = :yes WHERE certainty = 'verified'").bindparams(yes=True))
    with op.batch_alter_table('catalogue_item', schema=None) as batch_op:
        batch_op.alter_column('verified', server_default=None)
        batch_op.drop_column('note')
        batch_op.drop_column('sources')
        batch_op.drop_column('certainty')
    with op.batch_alter_table('catalogue_group', schema=None) as batch_op:
        batch_op.drop_column('sources')
        batch_op.drop_column('note')
