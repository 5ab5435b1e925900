"""Company names as registries and CRMs spell them reduce to the same identifying words; different companies do
not; the free-mail list is one list."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from partnerops.domain import registration_rules, registration_settings
from partnerops.domain.company_names import FREE_MAIL_DOMAINS, LEGAL_FORMS, fold_characters, normalise_name
from partnerops.mapping import domains


@pytest.mark.parametrize(("registry", "crm"), [
    ("Home Depot (The)", "The Home Depot"),
    ("Home Depot, Inc. (The)", "Home Depot"),
    ("Amazon.com, Inc.", "Amazon"),
    ("D.R. Horton, Inc.", "D. R. Horton"),
    ("D.R. Horton", "DR Horton"),
    ("Alphabet Inc. (Class A)", "Alphabet"),
    ("Alphabet Inc. Class C", "Alphabet Inc."),
    ("Brown-Forman Corp. Class B", "Brown Forman"),
    ("Travelers Companies, Inc. (The)", "Travelers Cos."),
    ("Laboratory Corp. of America Holdings", "Laboratory Corporation of America"),
    ("Marsh & McLennan Cos.", "Marsh McLennan"),
    ("Procter & Gamble Co.", "Procter and Gamble Company"),
    ("AT&T Inc.", "ATT"),
    ("Estée Lauder Cos. Inc. (Class A)", "Estee Lauder"),
    ("Nestlé S.A.", "NESTLE"),
    ("Lowe's Companies, Inc.", "Lowes"),
    ("Müller & Söhne GmbH & Co. KG", "Muller & Sohne"),
    ("UnitedHealth Group Incorporated", "UnitedHealth"),
    ("Ｆｕｌｌｗｉｄｔｈ Ltd", "fullwidth"),
    ("Lilly (Eli) & Co.", "Eli Lilly"),
    ("Grainger (W.W.) Inc.", "W.W. Grainger"),
    ("Hartford Financial Svc. Gp.", "Hartford Financial Services Group"),
    ("Public Serv. Enterprise Group Inc.", "Public Service Enterprise Group"),
    ("Zions Bancorporation", "Zions Bancorp"),
    ("Willis Towers Watson Public Limited Company", "Willis Towers Watson"),
    ("Siemens Aktiengesellschaft", "Siemens AG"),
    ("Grupo Televisa, S.A.B. de C.V.", "Grupo Televisa"),
    ("Charles River Laboratories", "Charles River Labs"),
    ("Micron Technology, Inc.", "Micron Tech"),
    ("Interpublic Group of Companies, Inc. (The)", "Interpublic"),
    ("Alphabet (Class A) Inc.", "Alphabet"),
])
def test_a_registrys_spelling_and_a_crms_are_one_company(registry: str, crm: str) -> None:
    assert normalise_name(registry) == normalise_name(crm)


@pytest.mark.parametrize(("one", "other"), [
    ("Marathon Oil Corporation", "Marathon Petroleum Corporation"),
    ("Discovery, Inc. (Series A)", "Discover Financial Services"),
    ("General Mills, Inc.", "General Motors Company"),
    ("Fox Corporation (Class A)", "Fox Factory Holding Corp."),
    ("Siemens Healthineers AG", "Siemens AG"),
    ("Acme Labs Inc.", "Acme Inc."),
])
def test_different_companies_keep_different_names(one: str, other: str) -> None:
    assert normalise_name(one) != normalise_name(other)


def test_a_name_that_is_only_legal_forms_keeps_its_words() -> None:
    assert normalise_name("The") == "the"
    assert normalise_name("Inc.") == "inc"
    assert normalise_name("株式会社トヨタ") == "株式会社トヨタ"


def test_marks_that_change_a_word_stay_while_accents_go() -> None:
    assert normalise_name("ガス") != normalise_name("カス")
    assert normalise_name("Crédit Agricole") == "credit agricole"


def test_mapping_and_registrations_share_one_free_mail_list_and_one_normaliser() -> None:
    assert domains.FREE_MAIL_DOMAINS is FREE_MAIL_DOMAINS
    assert registration_settings.RegistrationRules(version="x").free_mail_domains is FREE_MAIL_DOMAINS
    assert registration_rules.normalise_name is normalise_name


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüøß", min_size=2, max_size=8).filter(
    lambda w: fold_characters(w) not in {*LEGAL_FORMS, "and"})
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
FORM = st.sampled_from(["Inc.", "Corporation", "Ltd", "GmbH", "S.A.", "plc", "Co.", "LLC", "(Class A)",
                        "Class B", "Holdings", "Group", "AG"])


@given(NAME, st.lists(FORM, max_size=3, unique=True))
@example("aa", ["Class B", "S.A."])
def test_trailing_legal_forms_and_share_classes_never_change_the_name(name: str, forms: list[str]) -> None:
    assert normalise_name(" ".join([name, *forms])) == normalise_name(name)


@given(NAME)
@example("aa cl")  # "Cl" ends the name: the legal form after it is no share class
def test_case_a_leading_the_and_punctuation_never_change_the_name(name: str) -> None:
    assert normalise_name(f"The {name.upper()}.") == normalise_name(name)
    assert normalise_name(f"{name}, Inc. (The)") == normalise_name(name)


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


@given(WORD, WORD)
def test_ampersand_and_the_word_and_are_one_spelling(left: str, right: str) -> None:
    assert normalise_name(f"{left} & {right}") == normalise_name(f"{left} and {right}")
