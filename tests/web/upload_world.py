"""What the portal's upload tests send: an account list with one bad row, proof files of several kinds, and an
approved MDF request of partner Alpha to claim against."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine

from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds
from partnerops.program.mdf_model import RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from web.portal_world import partner_id

ACCOUNT_LIST = (
    "name,domain,status,owner,region,segment\n"
    "Initech,initech.test,customer,Ana,EMEA,enterprise\n"
    "Hooli,hooli.test,prospect,Ana,NA,mid-market\n"
    "Globex,globex.test,not-a-status,Ana,NA,smb\n"
)
# A real PDF's first bytes, and a PNG's: their type is read from these, whatever the file is called.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 36
# A Windows program, named like a document.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def approved_request(engine: Engine, partner: str = "PA", budget: str = "1000") -> int:
    """A funded, approved MDF request of the partner (external id `partner`)."""
    owner = partner_id(engine, partner)
    manager = Principal(0, "manager@partnerops.test", Role.PARTNER_MANAGER)
    user = Principal(0, "ana@alpha.test", Role.PARTNER_USER, owner)
    now = datetime.now(UTC)
    with engine.begin() as c:
        allocate_funds(c, manager, owner, str(now.year), Money(Decimal("9000"), "USD"), now)
        form = RequestInput(str(now.year), "Retail CIO webinar", "A webinar for 200 CIOs",
                            Money(Decimal(budget), "USD"), date(now.year, 1, 1), date(now.year, 1, 31))  # fmt: skip
        return approve_request(c, manager, submit_request(c, user, form, now=now).id, now).id
