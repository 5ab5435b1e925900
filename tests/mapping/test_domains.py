"""Registrable domains: public-suffix rules from the shipped snapshot, free-mail never a company."""

from __future__ import annotations

import polars as pl
import pytest

from partnerops.mapping.domains import registrable_domain
from partnerops.mapping.suffixes import registrable_domains


@pytest.mark.parametrize(("value", "expected"), [
    ("https://shop.bbc.co.uk/basket?x=1", "bbc.co.uk"),
    ("ceo@Acme.COM", "acme.com"),
    ("www.siemens.de", "siemens.de"),
    ("http://user:pw@portal.tesco.com:8443/x", "tesco.com"),
    ("acme.com.au", "acme.com.au"),
    ("foo.github.io", "foo.github.io"),
    ("x.city.kawasaki.jp", "city.kawasaki.jp"),
])
def test_registrable_domain_of_urls_emails_and_country_domains(value: str, expected: str) -> None:
    assert registrable_domain(value) == expected


@pytest.mark.parametrize("value", ["gmail.com", "bob@gmail.com", "https://mail.outlook.com", "jo@yahoo.co.uk",
                                   "co.uk", "1.2.3.4", "localhost", "not a domain", ""])
def test_free_mail_public_suffixes_and_non_hosts_have_no_registrable_domain(value: str) -> None:
    assert registrable_domain(value) is None


def test_column_version_agrees_with_the_scalar_one() -> None:
    values = ["https://shop.bbc.co.uk/x", "a@b.gmail.com", "www.ck", "a.b.ck", "a.b.kawasaki.jp", "co.uk",
              "sub.acme.co.jp", "ACME.com.", "bob@hotmail.com", "x.unknowntld", "1.2.3.4"]
    assert registrable_domains(pl.Series(values)).to_list() == [registrable_domain(v) for v in values]
