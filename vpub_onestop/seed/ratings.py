"""Demo satisfaction ratings (Decree 61/2018 Art. 31): the citizens rate some of their
returned dossiers through the same service as the rating page, a few hours to two days
after the return, so that the satisfaction indicator and reports show real figures."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select

from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.satisfaction import CRITERIA, Answer
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier
from vpub_onestop.services import portal

# Most people are satisfied; a few are not, and say why.
SHARE_RATED = 0.7
COMMENTS = (
    "Cán bộ hướng dẫn nhiệt tình, trả kết quả đúng hẹn.",
    "Thủ tục nhanh gọn, không phải đi lại nhiều lần.",
    "",
    "",
    "Mong niêm yết rõ hơn thành phần hồ sơ trên cổng dịch vụ công.",
)
UNHAPPY_COMMENT = "Phải chờ lâu tại quầy, đề nghị bố trí thêm cán bộ tiếp nhận giờ cao điểm."


def seed_ratings(actors: Mapping[str, Actor], now: datetime) -> int:
    rng = random.Random(31)
    by_user = {actor.user_id: actor for actor in actors.values() if actor.user_id is not None}
    rows = db.session.execute(
        select(Dossier.id, Dossier.owner_user_id, Dossier.returned_at)
        .where(
            Dossier.state == DossierState.RETURNED,
            Dossier.owner_user_id.is_not(None),
            Dossier.returned_at.is_not(None),
        )
        .order_by(Dossier.id)
    ).all()
    db.session.rollback()  # end the read before the service's own transactions
    made = 0
    for dossier_id, owner_id, returned_at in rows:
        citizen = by_user.get(owner_id) if owner_id is not None else None
        if citizen is None or returned_at is None:
            continue
        moment: datetime = returned_at + timedelta(hours=rng.uniform(2, 48))
        if moment >= now or rng.random() > SHARE_RATED:
            continue
        unhappy = rng.random() < 0.12
        answers = {key: _answer(rng, unhappy) for key, _ in CRITERIA}
        comment = UNHAPPY_COMMENT if unhappy else rng.choice(COMMENTS)
        portal.rate(citizen, dossier_id, answers, comment, now=moment)
        made += 1
    return made


def _answer(rng: random.Random, unhappy: bool) -> int:
    if unhappy:
        return rng.choice((Answer.UNSATISFIED, Answer.SATISFIED, Answer.UNSATISFIED)).value
    return rng.choice((Answer.VERY_SATISFIED, Answer.VERY_SATISFIED, Answer.SATISFIED)).value
