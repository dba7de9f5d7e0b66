"""The staff search (`/tim-kiem`): an officer finds a dossier by a part of its code, the
applicant's name typed without accents, a phone or ID number, the owner's tax code or the
procedure, among the dossiers the role may see (Decree 61/2018 Art. 19-20: the receiving
one-stop unit keeps the whole record; an agency works on the file handed over to it for
its own step, and on nothing else; docs/domain.md#who-sees-what). A citizen has no staff
search. Runs on SQLite (FTS5) and, with TEST_POSTGRES_URL, on PostgreSQL (pg_trgm).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from tests.services.support import actor, counter_receipt, procedure_id
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, fresh, text_of
from vpub_onestop.extensions import db
from vpub_onestop.models import User
from vpub_onestop.queries import search
from vpub_onestop.services.applicants import Applicant

AN = Applicant(
    name="Nguyễn Văn An",
    id_number="052190009876",
    phone="0912345678",
    email="an@example.com",
    address="Phường Quy Nhơn, tỉnh Gia Lai",
)
BINH = Applicant(
    name="Trần Thị Bình",
    id_number="052190004321",
    phone="0987654321",
    address="Phường Quy Nhơn, tỉnh Gia Lai",
)


def _receive(clock: Clock, applicant: Applicant, desk: str, code: str = scenarios.SIMPLE) -> int:
    dossier = counter_receipt(actor(desk), procedure_id(code), applicant, now=clock.now)
    return dossier.id


def _page(client: FlaskClient, query: str) -> str:
    response = client.get(f"/tim-kiem?q={quote(query)}")
    assert response.status_code == 200
    return text_of(response)


def _listed(page: str) -> set[str]:
    """The codes of the result rows (the query itself is echoed in the box)."""
    return set(re.findall(r'<a class="fw-semibold[^"]*" href="[^"]*">([^<]+)</a>', page))


def _find(client: FlaskClient, query: str) -> set[str]:
    return _listed(_page(client, query))


def _code(dossier_id: int) -> str:
    return fresh(dossier_id).code or ""


def test_a_name_typed_without_accents_finds_the_applicant(
    client_for: Clients, clock: Clock
) -> None:
    an = _receive(clock, AN, "reception.px_quynhon")
    _receive(clock, BINH, "reception.px_quynhon")  # another applicant, not listed
    page = _page(client_for("reception.px_quynhon"), "nguyen van an")
    assert _listed(page) == {_code(an)}
    assert "Nguyễn Văn An" in page
    # Upper case with the accents typed is the same search.
    assert _code(an) in _find(client_for("reception.px_quynhon"), "NGUYỄN VĂN")


def test_the_last_digits_of_a_code_find_the_dossier(client_for: Clients, clock: Clock) -> None:
    first = _receive(clock, AN, "reception.px_quynhon")
    second = _receive(clock, BINH, "reception.px_quynhon")
    # Codes end in the day's sequence: -0001 and -0002 (domain/codes.py, received the
    # same day at the same unit).
    assert _code(first).endswith("-0001") and _code(second).endswith("-0002")
    page = _find(client_for("reception.px_quynhon"), "0002")
    assert _code(second) in page
    assert _code(first) not in page
    # The full code too, and the result links to the desk's dossier page.
    page = _page(client_for("reception.px_quynhon"), _code(first))
    assert _listed(page) == {_code(first)}
    assert f'href="/mot-cua/ho-so/{first}"' in page


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "052190009876", "0009876"])
def test_a_phone_or_id_number_finds_the_dossier(
    client_for: Clients, clock: Clock, typed: str
) -> None:
    an = _receive(clock, AN, "reception.px_quynhon")
    binh = _receive(clock, BINH, "reception.px_quynhon")
    page = _find(client_for("reception.px_quynhon"), typed)
    assert _code(an) in page
    assert _code(binh) not in page


def test_the_procedure_name_finds_its_dossiers(client_for: Clients, clock: Clock) -> None:
    marriage = _receive(clock, AN, "reception.px_quynhon")  # 1.000894: marriage registration
    birth = _receive(clock, BINH, "reception.px_quynhon", scenarios.PARALLEL)
    page = _find(client_for("reception.px_quynhon"), "ket hon")
    assert _code(marriage) in page
    assert _code(birth) not in page


def test_the_owners_tax_code_finds_the_organisations_dossier(
    client_for: Clients, clock: Clock
) -> None:
    owner = db.session.query(User).filter_by(username="citizen1").one()
    owner.tax_code = "4100123456"
    db.session.commit()
    online = scenarios.submitted_online(clock)  # citizen1's dossier at the commune centre
    other = _receive(clock, BINH, "reception.px_quynhon")
    page = _find(client_for("reception.px_quynhon"), "4100123456")
    assert _code(online.dossier_id) in page
    assert _code(other) not in page


def test_reception_finds_only_its_own_units_dossiers(client_for: Clients, clock: Clock) -> None:
    commune = _receive(clock, AN, "reception.px_quynhon")
    province = _receive(clock, AN, "reception.ttpvhcc", scenarios.SEQUENTIAL)
    commune_page = _find(client_for("reception.px_quynhon"), "nguyen van an")
    assert _code(commune) in commune_page
    assert _code(province) not in commune_page
    province_page = _find(client_for("reception.ttpvhcc"), "nguyen van an")
    assert _code(province) in province_page
    assert _code(commune) not in province_page
    # The supervising office oversees both units (read-only, the desk's dossier page).
    supervisor_page = _find(client_for("supervisor.ttpvhcc"), "nguyen van an")
    assert _code(commune) in supervisor_page and _code(province) in supervisor_page


def test_an_agency_finds_a_dossier_only_once_its_own_step_has_arrived(
    client_for: Clients, clock: Clock
) -> None:
    # LT.KS-TT-BHYT at the commune: the commune's step first, then police and social
    # insurance in parallel. Until the commune's step is done, the police step waits:
    # the police must not find the dossier; the land office (no step at all) never does.
    built = scenarios.dispatched(clock, scenarios.PARALLEL)
    code = _code(built.dossier_id)
    police = client_for("specialist.congan")
    assert code not in _find(police, code)
    assert code in _find(client_for("specialist.px_quynhon"), code)
    scenarios.work_step(clock, built.task("px_quynhon"), "px_quynhon")
    page = _page(police, code)
    assert _listed(page) == {code}
    # The result opens the police's own step, the page its task list opens.
    police_task = built.task("congan").id
    assert f'href="/xu-ly/nhiem-vu/{police_task}"' in page
    assert code not in _find(client_for("specialist.vpdkdd"), code)
    assert code not in _find(client_for("leader.vpdkdd"), "nguyen")


def test_a_citizen_has_no_staff_search(client_for: Clients, clock: Clock) -> None:
    _receive(clock, AN, "reception.px_quynhon")
    citizen = client_for("citizen1")
    assert citizen.get("/tim-kiem?q=nguyen").status_code == 403
    assert 'role="search"' not in text_of(citizen.get("/"))
    assert 'role="search"' in text_of(client_for("reception.px_quynhon").get("/"))


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Nhập mã hồ sơ, tên"), ("an", "ít nhất 3 ký tự"), ("  a  ", "ít nhất 3 ký tự")],
)
def test_an_empty_or_too_short_query_is_explained(
    client_for: Clients, clock: Clock, typed: str, message: str
) -> None:
    _receive(clock, AN, "reception.px_quynhon")
    page = _page(client_for("reception.px_quynhon"), typed)
    assert message in page
    assert _listed(page) == set()


def test_results_come_a_page_at_a_time_newest_first(
    client_for: Clients, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    ids = [_receive(clock, AN, "reception.px_quynhon") for _ in range(3)]
    desk = client_for("reception.px_quynhon")
    first = _page(desk, "nguyen van an")
    assert re.findall(r"H21-\d{6}-(\d{4})</a></td>", first) == ["0003", "0002"]
    following = re.search(r'href="([^"]*sau=\d+)"', first)
    assert following is not None
    second = text_of(desk.get(following.group(1).replace("&amp;", "&")))
    assert _listed(second) == {_code(ids[0])}
    assert 'rel="next"' not in second


def test_the_search_speaks_english_on_an_english_page(client_for: Clients, clock: Clock) -> None:
    an = _receive(clock, AN, "reception.px_quynhon")
    desk = client_for("reception.px_quynhon")
    short = text_of(desk.get("/tim-kiem?q=an&lang=en"))
    assert "Please type at least 3 characters." in short
    found = text_of(desk.get("/tim-kiem?q=nguyen&lang=en"))
    assert "Results for «nguyen», newest dossier first." in found
    assert _listed(found) == {_code(an)}
