"""The portal's payment details form: a partner's users enter them, they are stored sealed, shown back masked,
always for the viewer's own partner; bad values are refused naming the field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from partnerops.payments.details import load_details
from partnerops.settings import Settings
from partnerops.store.database import make_engine, migrate
from partnerops.store.payment_tables import partner_payment_details
from partnerops.web.app import create_web_app
from payments.payments_kit import KEY, KEY_TEXT
from web.conftest import sign_in
from web.web_world import ALPHA, ALPHA_USER, BRAVO, seed_world

PAGE = "/portal/payment-details"
FORM = {"legal_name": "Alpha Partners Ltd", "tax_country": "gb", "tax_id": "GB123456789",
        "stripe_account": "acct_1AlphaPayee", "paypal_email": ""}  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, Engine]]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = make_engine(url)
    migrate(engine)
    seed_world(engine)
    app = create_web_app(engine, Settings(database_url=url, secure_cookies=False, secret_key=KEY_TEXT),
                         warm_dashboard=False)  # fmt: skip
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        yield client, engine
    engine.dispose()


def _post(client: TestClient, **fields: str) -> object:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(PAGE).text)
    assert token is not None
    return client.post(PAGE, data={"csrf_token": token.group(1)} | FORM | fields, follow_redirects=True)


def test_details_are_sealed_and_shown_back_masked(site: tuple[TestClient, Engine]) -> None:
    client, engine = site
    answer = _post(client, partner_id=str(BRAVO))
    assert answer.status_code == 200 and "Your payment and tax details are saved." in answer.text  # type: ignore[attr-defined]
    assert "GB123456789" not in answer.text and "•••••••6789" in answer.text  # type: ignore[attr-defined]
    with engine.connect() as conn:
        sealed = conn.execute(select(partner_payment_details.c.partner_id, partner_payment_details.c.sealed)).all()
        assert [row.partner_id for row in sealed] == [ALPHA]  # its own partner, whatever the form said
        assert "GB123456789" not in sealed[0].sealed and "Alpha Partners" not in sealed[0].sealed
        stored = load_details(conn, ALPHA, KEY)
    assert stored is not None and (stored.tax_country, stored.stripe_account) == ("GB", "acct_1AlphaPayee")
    # Blank hidden fields keep what is stored; a new PayPal email is added beside it.
    _post(client, tax_id="", stripe_account="", paypal_email="pay@alpha.test")
    with engine.connect() as conn:
        kept = load_details(conn, ALPHA, KEY)
    assert kept is not None and (kept.tax_id, kept.stripe_account, kept.paypal_email) == (
        "GB123456789", "acct_1AlphaPayee", "pay@alpha.test")


@pytest.mark.parametrize(("fields", "message"), [
    ({"stripe_account": "1234"}, "stripe_account &#39;1234&#39;: a Stripe connected account id starts acct_"),
    ({"tax_country": "Britain"}, "tax_country &#39;Britain&#39;: a two-letter ISO 3166 country code"),
    ({"legal_name": ""}, "Legal name is required."),
    ({"stripe_account": "", "paypal_email": ""}, "Give a Stripe connected account or a PayPal email"),
])  # fmt: skip
def test_bad_details_are_refused_naming_the_field(site: tuple[TestClient, Engine], fields: dict[str, str],
                                                  message: str) -> None:
    client, engine = site
    answer = _post(client, **fields)
    assert answer.status_code == 400 and message in answer.text  # type: ignore[attr-defined]
    with engine.connect() as conn:
        assert conn.execute(select(partner_payment_details)).all() == []
