"""servicenet.schemas: the applicant's model is built from Person's wire fields, with their types as sent."""
from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.models import Person
from servicenet.schemas import PersonIn


def test_person_in_takes_what_person_to_wire_sends() -> None:
    person = Person("张三", "11010519491231002X", sex="女", nation="汉", birth=date(1949, 12, 31), address="北京市",
                    authority="北京市公安局", valid_from=date(2020, 1, 1), photo=b"jpg", source="id_card")
    wire = person.to_wire()
    assert list(PersonIn.model_fields) == list(Person.WIRE) == list(wire)
    assert PersonIn.model_validate(wire).model_dump() == wire  # the birth date as its ISO text
    assert PersonIn.model_validate({"name": "李四", "id_number": "x"}).model_dump() == {
        "name": "李四", "id_number": "x", "sex": "", "nation": "", "birth": None, "address": "", "source": "id_card"}


def test_person_in_refuses_an_empty_name_or_no_number_and_keeps_what_a_newer_kiosk_adds() -> None:
    with pytest.raises(ValidationError):
        PersonIn.model_validate({"name": "", "id_number": "x"})
    with pytest.raises(ValidationError):
        PersonIn.model_validate({"name": "张三"})
    assert PersonIn.model_validate({"name": "张三", "id_number": "x", "phone": "1"}).model_dump()["phone"] == "1"
