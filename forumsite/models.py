"""Imports every model so that SQLAlchemy and Alembic see the whole schema."""
from .accounts.models import OversightGrant, User  # noqa: F401
from .audit.models import AuditEntry  # noqa: F401
from .catalogue.models import CatalogueChange, CatalogueGroup, CatalogueItem  # noqa: F401
from .followup.models import (  # noqa: F401
    CellTerm,
    Clause,
    ClauseSource,
    DocumentSection,
    PartyDocument,
    RecommendationAnswer,
    Review,
    SectionVersion,
    Task,
    TaskNote,
)
from .meeting.models import Attendance, Proposal, Reservation, Speaker, Tally  # noqa: F401
from .members.models import Member, MemberTransfer, TransferRequest  # noqa: F401
from .offline.models import ForumCheckout, LaptopCopy, NumberingFloor, OfflineCheckin  # noqa: F401
from .org.models import GrassrootsType, Organisation  # noqa: F401
from .oversight.models import ForumStats, PublishedModel  # noqa: F401
from .planning.models import AgendaItem, AgendaTemplateItem, Forum, ForumDocument, Guest, Plan  # noqa: F401
from .screen.models import Display  # noqa: F401
