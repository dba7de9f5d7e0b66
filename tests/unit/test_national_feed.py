"""The national-portal feed's pure rules: channel codes, which states are reported, the
webhook signature, the retry pauses and the subscription filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from vpub_onestop.domain.national_feed import (
    channel_code,
    filter_problem,
    matches,
    reported,
    retry_delay,
    signature,
    signature_valid,
)
from vpub_onestop.domain.status import DossierState


def test_channels_are_coded_as_the_portal_codes_them() -> None:
    assert [channel_code(c) for c in ("direct", "online", "post")] == [1, 2, 3]


def test_a_draft_and_a_voided_dossier_are_not_reported() -> None:
    assert not reported(DossierState.DRAFT) and not reported(DossierState.VOIDED)
    assert all(
        reported(s) for s in DossierState if s not in (DossierState.DRAFT, DossierState.VOIDED)
    )


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # Computed with OpenSSL, not with this code:
    #   printf '%s' '1772413200.{"id":7,"status_code":2}' \
    #     | openssl dgst -sha256 -hmac 'bi-mat-cua-cong-tinh'
    body = b'{"id":7,"status_code":2}'
    expected = "sha256=2bdfe2320409a25ac1f659b1e2e73726a87eab2fdb52ac1622794fc0332dcece"
    assert signature("bi-mat-cua-cong-tinh", 1772413200, body) == expected
    assert signature_valid("bi-mat-cua-cong-tinh", 1772413200, body, expected)
    assert not signature_valid("bi-mat-cua-cong-tinh", 1772413201, body, expected)
    assert not signature_valid("bi-mat-cua-cong-tinh", 1772413200, body + b" ", expected)


def test_retries_wait_one_two_four_minutes_and_never_more_than_an_hour() -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(7) == timedelta(hours=1)  # 64 minutes, capped


@pytest.mark.parametrize(
    ("event_filter", "code", "taken"),
    [
        ("*", 4, True),
        ("dossier.status_changed", 4, True),
        ("dossier.status_changed:2,9,10", 9, True),
        ("dossier.status_changed:2,9,10", 4, False),
        ("*:10", 10, True),
        ("dossier.other", 4, False),
    ],
)
def test_the_filter_takes_the_types_and_codes_named(
    event_filter: str, code: int, taken: bool
) -> None:
    assert matches(event_filter, "dossier.status_changed", code) is taken


def test_a_wrong_filter_names_the_wrong_part() -> None:
    assert filter_problem("*") is None
    assert filter_problem("dossier.status_changed:1,10") is None
    assert filter_problem("dossier.moved") == "dossier.moved"
    assert filter_problem("*:11") == "11"
    assert filter_problem("*:x") == "x"
