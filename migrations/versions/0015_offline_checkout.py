"""offline check-out and check-in of a forum (issue 17): stable uuids for every record that travels,
the check-out, the applied records, a laptop's copy and its numbering floor

Revision ID: 0015
Revises: 0016
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0016'
branch_labels = None
depends_on = None

# Every table whose rows travel between the server and a meeting-room laptop.
UUID_TABLES = ('organisation', 'member', 'plan', 'forum', 'agenda_item', 'guest', 'forum_document', 'attendance',
               'speaker', 'proposal', 'tally', 'reservation', 'review', 'clause', 'party_document',
               'document_section', 'section_version', 'task', 'audit_entry', 'submission')


def _backfill(table: str) -> None:
    """One uuid4-like value per existing row, in SQL (a generated province holds 600,000 proposals)."""
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute(f"UPDATE \"{table}\" SET uuid = md5(random()::text || clock_timestamp()::text || id::text)")
    else:
        op.execute(f'UPDATE "{table}" SET uuid = lower(hex(randomblob(16)))')


def upgrade():
    op.create_table('numbering_floor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_numbering_floor_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_numbering_floor')),
    sa.UniqueConstraint('organisation_id', 'kind', 'term_start', name=op.f('uq_numbering_floor_organisation_id'))
    )
    op.create_table('forum_checkout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=32), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('destination', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('base', sa.JSON(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_by', sa.String(length=80), nullable=False),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_forum_checkout_forum_id_forum'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_checkout')),
    sa.UniqueConstraint('uuid', name=op.f('uq_forum_checkout_uuid'))
    )
    with op.batch_alter_table('forum_checkout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_checkout_forum_id'), ['forum_id'], unique=False)

    op.create_table('laptop_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('package_uuid', sa.String(length=32), nullable=False),
    sa.Column('server_forum_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('audit_from', sa.Integer(), nullable=False),
    sa.Column('base', sa.JSON(), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_laptop_copy_forum_id_forum'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_laptop_copy')),
    sa.UniqueConstraint('forum_id', name=op.f('uq_laptop_copy_forum_id'))
    )
    op.create_table('offline_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_uuid', sa.String(length=64), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_offline_checkin_forum_id_forum'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offline_checkin')),
    sa.UniqueConstraint('record_uuid', name=op.f('uq_offline_checkin_record_uuid'))
    )
    with op.batch_alter_table('offline_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_checkin_forum_id'), ['forum_id'], unique=False)

    for table in UUID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uuid', sa.String(length=32), nullable=True))
        _backfill(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uuid', existing_type=sa.String(length=32), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_uuid'), ['uuid'])

    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkout_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_forum_checkout_id_forum_checkout'), 'forum_checkout',
                                    ['checkout_id'], ['id'], ondelete='SET NULL', use_alter=True)


def downgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_forum_checkout_id_forum_checkout'), type_='foreignkey')
        batch_op.drop_column('checkout_id')
    for table in reversed(UUID_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_uuid'), type_='unique')
            batch_op.drop_column('uuid')

    with op.batch_alter_table('offline_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_checkin_forum_id'))
    op.drop_table('offline_checkin')
    op.drop_table('laptop_copy')
    with op.batch_alter_table('forum_checkout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_checkout_forum_id'))
    op.drop_table('forum_checkout')
    op.drop_table('numbering_floor')
