"""Partners' uploads from the portal: the account list lands as `partnerops mapping import` lands it (bad rows
quarantined and named, good rows in, the same file twice changes nothing), and MDF proof files are checked by
their content, attached to the claim, and served only to that partner's users and to staff."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from partnerops.store.mapping_tables import partner_accounts
from partnerops.store.portal_tables import stored_files
from partnerops.store.program_tables import mdf_claims
from web.portal_world import csrf, portal_client, seed_partners
from web.upload_world import ACCOUNT_LIST, EXE, PDF, PNG, approved_request
from web.web_world import ALPHA_USER, BRAVO_USER, MANAGER


def _upload_list(client: TestClient, text: str, name: str = "alpha-accounts.csv") -> tuple[int, str]:
    token = csrf(client.get("/portal/mapping/upload").text)
    answer = client.post("/portal/mapping/upload", data={"csrf_token": token},
                         files={"account_list": (name, text.encode(), "text/csv")})  # fmt: skip
    return answer.status_code, answer.text


def _claim(client: TestClient, request_id: int, name: str, content: bytes, amount: str = "400",
           link: str = "") -> tuple[int, str]:  # fmt: skip
    token = csrf(client.get("/portal/mdf").text)
    answer = client.post(f"/portal/mdf/requests/{request_id}/claims/proof",
                         data={"csrf_token": token, "amount": amount, "proof_description": "187 attendees",
                               "proof_reference": link},
                         files={"proof_file": (name, content, "application/octet-stream")} if content else None,
                         follow_redirects=False)  # fmt: skip
    return answer.status_code, answer.text


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_an_uploaded_list_lands_its_good_rows_and_names_the_bad_one(engine: Engine) -> None:
    seed_partners(engine)
    with portal_client(engine) as client:
        status, page = _upload_list(client, ACCOUNT_LIST)
    assert status == 200
    assert "alpha-accounts.csv" in page and "3 rows read: 2 new" in page and "1 quarantined" in page
    row = re.search(r"<tr><th scope=\"row\">4</th><td>status</td><td>not-a-status</td><td>([^<]+)</td>", page)
    assert row is not None, page
    assert _count(engine, partner_accounts) == 2


def test_uploading_the_same_list_twice_changes_nothing(engine: Engine) -> None:
    seed_partners(engine)
    with portal_client(engine) as client:
        _upload_list(client, ACCOUNT_LIST)
        with engine.connect() as c:
            before = c.execute(select(partner_accounts).order_by(partner_accounts.c.id)).all()
        status, page = _upload_list(client, ACCOUNT_LIST)
        with engine.connect() as c:
            after = c.execute(select(partner_accounts).order_by(partner_accounts.c.id)).all()
    assert status == 200 and "0 new, 0 updated, 2 unchanged" in page
    assert after == before


def test_an_unreadable_list_is_refused_naming_the_file_and_nothing_lands(engine: Engine) -> None:
    seed_partners(engine)
    with portal_client(engine) as client:
        status, page = _upload_list(client, "name,status\n,,customer\n", "broken.csv")
    assert status == 400 and "broken.csv" in page and "/tmp" not in page
    assert _count(engine, partner_accounts) == 0


def test_a_proof_file_is_stored_with_its_claim_and_served_to_the_partner_and_staff_only(engine: Engine) -> None:
    seed_partners(engine)
    request_id = approved_request(engine)
    with portal_client(engine) as alpha:
        status, _ = _claim(alpha, request_id, "webinar-attendees.pdf", PDF)
        page = alpha.get("/portal/mdf").text
        claim_id = int(re.search(r'href="/mdf/claims/(\d+)/proof"', page).group(1))  # type: ignore[union-attr]
        mine = alpha.get(f"/mdf/claims/{claim_id}/proof")
    assert status == 303 and "webinar-attendees.pdf" in page
    assert mine.status_code == 200 and mine.content == PDF
    assert mine.headers["content-type"] == "application/pdf" and mine.headers["x-content-type-options"] == "nosniff"
    with portal_client(engine, MANAGER) as manager:
        assert manager.get(f"/mdf/claims/{claim_id}/proof").content == PDF
    with portal_client(engine, BRAVO_USER) as bravo:
        other = bravo.get(f"/mdf/claims/{claim_id}/proof")
    assert other.status_code == 404 and PDF.decode("latin-1") not in other.text


def test_a_proofs_type_is_read_from_its_content_not_its_name(engine: Engine) -> None:
    seed_partners(engine)
    request_id = approved_request(engine)
    with portal_client(engine) as alpha:
        disguised_picture = _claim(alpha, request_id, "booth.pdf", PNG)
        program = _claim(alpha, request_id, "invoice.pdf", EXE)
    assert disguised_picture[0] == 303
    with engine.connect() as c:
        assert c.execute(select(stored_files.c.content_type)).scalar_one() == "image/png"
    assert program[0] == 400
    assert "invoice.pdf" in program[1] and "application/x-msdownload" in program[1] and "PDF" in program[1]
    assert _count(engine, mdf_claims) == 1


def test_a_proof_over_the_size_limit_is_refused_and_no_claim_is_filed(engine: Engine) -> None:
    seed_partners(engine)
    request_id = approved_request(engine)
    with portal_client(engine) as alpha:
        status, page = _claim(alpha, request_id, "huge.pdf", PDF + b"0" * (8 * 1024 * 1024))
    assert status == 400 and "the limit is 8 MB" in page
    assert _count(engine, mdf_claims) == 0 and _count(engine, stored_files) == 0


def test_a_claim_may_still_link_its_proof_instead_of_uploading_it(engine: Engine) -> None:
    seed_partners(engine)
    request_id = approved_request(engine)
    with portal_client(engine) as alpha:
        status, _ = _claim(alpha, request_id, "", b"", link="https://proof.example/webinar")
        page = alpha.get("/portal/mdf").text
    assert status == 303 and "https://proof.example/webinar" in page
    assert _count(engine, stored_files) == 0


def test_a_partner_cannot_attach_proof_to_another_partners_claim(engine: Engine) -> None:
    seed_partners(engine)
    request_id = approved_request(engine, "PB")
    with portal_client(engine, BRAVO_USER) as bravo:
        _claim(bravo, request_id, "bravo-proof.pdf", PDF)
    with engine.connect() as c:
        claim_id = c.execute(select(mdf_claims.c.id)).scalar_one()
    with portal_client(engine, ALPHA_USER) as alpha:
        token = csrf(alpha.get("/portal/mdf").text)
        answer = alpha.post(f"/portal/mdf/claims/{claim_id}/proof", data={"csrf_token": token},
                            files={"proof_file": ("swap.png", PNG, "image/png")})  # fmt: skip
        claimed_on_theirs = alpha.post(f"/portal/mdf/requests/{request_id}/claims/proof",
                                       data={"csrf_token": token, "amount": "10", "proof_description": "x"},
                                       files={"proof_file": ("x.pdf", PDF, "application/pdf")})  # fmt: skip
    assert answer.status_code == 404 and claimed_on_theirs.status_code == 404
    with engine.connect() as c:
        assert c.execute(select(stored_files.c.filename)).scalars().all() == ["bravo-proof.pdf"]
