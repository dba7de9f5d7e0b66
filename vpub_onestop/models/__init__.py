"""SQLAlchemy models. Importing this package registers every table on the metadata."""

from vpub_onestop.models.admin_audit import AdminChange
from vpub_onestop.models.agency_merge import ScheduledMerge
from vpub_onestop.models.api_token import ApiToken
from vpub_onestop.models.base import Base
from vpub_onestop.models.calendar import CalendarOverride, CalendarRevision, CalendarYear
from vpub_onestop.models.catalogue import Procedure, RequiredDocument, RouteStep
from vpub_onestop.models.complaint import Complaint
from vpub_onestop.models.dossier import Dossier, DossierFile, DossierPublicTimeline, StepTask
from vpub_onestop.models.feedback import CounterGuidance, ManualIndicator, Rating, RatingAnswer
from vpub_onestop.models.idempotency import IdempotencyKey
from vpub_onestop.models.jobs import BackgroundJob
from vpub_onestop.models.ledger import ClockPause, DossierEvent
from vpub_onestop.models.operations import SweepRun
from vpub_onestop.models.org import Agency, AgencyName, User
from vpub_onestop.models.outbox import DossierCounter, OutboxMessage, SlipCounter
from vpub_onestop.models.policy import PolicySetting
from vpub_onestop.models.search_index import FTS_TABLE  # noqa: F401  (keeps search_text)
from vpub_onestop.models.status_feed import (
    StatusFeedEntry,
    WebhookAttempt,
    WebhookSubscription,
)
from vpub_onestop.models.summary import (
    DailyDossierSummary,
    DailyStepSummary,
    MonthlyDossierSummary,
    MonthlyStepSummary,
    SummaryMonth,
)
from vpub_onestop.models.summary_indicators import (
    DailyIndicatorSummary,
    DailyOfficerSummary,
    DailyRatingSummary,
)

__all__ = [
    "AdminChange",
    "Agency",
    "AgencyName",
    "ApiToken",
    "BackgroundJob",
    "Base",
    "CalendarOverride",
    "CalendarRevision",
    "CalendarYear",
    "ClockPause",
    "Complaint",
    "CounterGuidance",
    "DailyDossierSummary",
    "DailyIndicatorSummary",
    "DailyOfficerSummary",
    "DailyRatingSummary",
    "DailyStepSummary",
    "Dossier",
    "DossierCounter",
    "DossierEvent",
    "DossierFile",
    "DossierPublicTimeline",
    "IdempotencyKey",
    "ManualIndicator",
    "MonthlyDossierSummary",
    "MonthlyStepSummary",
    "OutboxMessage",
    "PolicySetting",
    "Procedure",
    "Rating",
    "RatingAnswer",
    "RequiredDocument",
    "RouteStep",
    "SlipCounter",
    "StatusFeedEntry",
    "StepTask",
    "SummaryMonth",
    "ScheduledMerge",
    "SweepRun",
    "User",
    "WebhookAttempt",
    "WebhookSubscription",
]
