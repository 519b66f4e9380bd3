"""document corrections (đính chính) of adopted documents

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['party_document.id'], name=op.f('fk_document_correction_document_id_party_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['document_section.id'], name=op.f('fk_document_correction_section_id_document_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_correction'))
    )
    with op.batch_alter_table('document_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_correction_document_id'), ['document_id'], unique=False)


def downgrade():
    with op.batch_alter_table('document_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_correction_document_id'))
    op.drop_table('document_correction')
