from __future__ import annotations

import pytest

from domain import creditcode
from domain.organisation import (
    AUTHORISATION,
    AUTHORISED_AGENT,
    LEGAL_REPRESENTATIVE,
    Organisation,
    is_business,
    role_on_form,
)
from tests.helpers.stubs import BUSINESS_ITEM, ITEMS


def test_an_organisation_is_checked_and_prefills_the_form() -> None:
    org = Organisation.of("９１３５０１００ｍ０００１００ｙ４３", " 好味  食品 ", LEGAL_REPRESENTATIVE)
    assert org.prefill() == {"credit_code": "91350100M000100Y43", "org_name": "好味 食品", "rep_role": "法定代表人"}
    with pytest.raises(creditcode.InvalidCreditCode):
        Organisation.of("91350100M000100Y44", "好味", LEGAL_REPRESENTATIVE)
    with pytest.raises(ValueError):
        Organisation.of("91350100M000100Y43", "", LEGAL_REPRESENTATIVE)


def test_business_services_and_the_agents_letter() -> None:
    assert is_business(BUSINESS_ITEM) and not any(is_business(i) for i in ITEMS)
    agent = Organisation.of("91350100M000100Y43", "好味", AUTHORISED_AGENT)
    assert agent.materials(BUSINESS_ITEM).materials[-1] == AUTHORISATION
    assert agent.materials(agent.materials(BUSINESS_ITEM)) == agent.materials(BUSINESS_ITEM)
    legal = Organisation.of("91350100M000100Y43", "好味", LEGAL_REPRESENTATIVE)
    assert legal.materials(BUSINESS_ITEM) == BUSINESS_ITEM


def test_the_role_chosen_on_a_form() -> None:
    schema = BUSINESS_ITEM.form_schema
    assert role_on_form(schema, {"rep_role": "授权代理人"}) == AUTHORISED_AGENT
    assert role_on_form(schema, {"rep_role": " 法定代表人 "}) == LEGAL_REPRESENTATIVE
    assert role_on_form(schema, {"rep_role": ""}) is None and role_on_form(schema, {}) is None
    assert role_on_form(schema, {"rep_role": "老板"}) is None
    assert role_on_form(ITEMS[0].form_schema, {"rep_role": "授权代理人"}) is None  # a form without the field
