"""Whether the applicant's submission email has gone out (domain/delivery.py), for the
acknowledgement page: it says "đang gửi" until the outbox has delivered it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.delivery import MailState, mail_state
from vpub_onestop.models import OutboxMessage


def submission_mail(session: Session, dossier_id: int, submitted_at: datetime) -> MailState | None:
    """The state of the first email queued for the dossier at or after its submission (the
    acknowledgement the submission's own transaction queued), or None when none was (the
    applicant gave no address)."""
    row = session.execute(
        select(OutboxMessage.sent_at, OutboxMessage.attempts)
        .where(
            OutboxMessage.dossier_id == dossier_id,
            OutboxMessage.channel == "email",
            OutboxMessage.created_at >= submitted_at,
        )
        .order_by(OutboxMessage.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return mail_state(row.sent_at, int(row.attempts))
