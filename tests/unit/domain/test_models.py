from datetime import date

import pytest

from domain.models import ALL_DELIVERY, Person, ServiceItem, delivery_methods, mask_name, wire_fields
from domain.wire import canonical, digest


def test_mask_name():
    assert mask_name("张三") == "张*"
    assert mask_name("张秀英") == "张*英"
    assert mask_name("欧阳娜娜") == "欧**娜"


def test_canonical_is_order_independent_and_utf8():
    a = {"b": 1, "a": "堃"}
    assert canonical(a) == canonical({"a": "堃", "b": 1}) == '{"a":"堃","b":1}'.encode()
    assert digest(a) == digest({"a": "堃", "b": 1})


def test_the_print_limit_rides_the_catalogue_wire_form():
    from domain.models import ServiceItem

    item = ServiceItem.from_wire({"code": "X", "name": "证明", "print_limit": 5})
    assert item.print_limit == 5 and ServiceItem.from_wire(item.to_wire()).print_limit == 5
    plain = ServiceItem.from_wire({"code": "Y", "name": "登记"})
    assert plain.print_limit == 2 and "print_limit" not in plain.to_wire()  # the default keeps the old bytes


def test_the_face_match_flag_rides_the_catalogue_wire_form():
    import json
    from pathlib import Path

    from domain.models import ServiceItem

    item = ServiceItem.from_wire({"code": "X", "name": "高龄津贴申领", "face_match": True})
    assert item.face_match and ServiceItem.from_wire(item.to_wire()).face_match
    plain = ServiceItem.from_wire({"code": "Y", "name": "登记"})
    assert not plain.face_match and "face_match" not in plain.to_wire()  # the default keeps the old bytes
    seed = json.loads((Path(__file__).resolve().parents[3] / "assets" / "catalogue.json").read_text("utf-8"))
    assert [i["name"] for i in seed["items"] if ServiceItem.from_wire(i).face_match] == ["高龄津贴申领"]


def test_person_to_wire_is_its_wire_fields() -> None:
    """Person.to_wire is written out for the enqueue's path; it must stay what wire_fields makes of WIRE."""
    full = Person("张秀英", "440117195603080421", sex="女", nation="汉", birth=date(1956, 3, 8),
                  address="广东省广州市从化区", authority="x", valid_to=date(2030, 1, 1), photo=b"p", source="id_card")
    bare = Person("李四", "11010519491231002X")
    for person in (full, bare):
        assert person.to_wire() == wire_fields(person, *Person.WIRE)
        assert list(person.to_wire()) == list(Person.WIRE)


def test_an_items_delivery_methods_are_canonical_and_default_to_all() -> None:
    """The catalogue's list: NFKC, trimmed, lower case, once each, in the author's order; none means all three (what
    every item offered before items said which)."""
    assert delivery_methods(None) == ALL_DELIVERY == ("window", "kiosk", "post")
    assert delivery_methods(["ＰＯＳＴ", " Window ", "post"], strict=True) == ("post", "window")
    for bad, said in ((["window", "fax"], "未知的领取方式"), ([], "至少须提供一种"), ("window", "列表")):
        with pytest.raises(ValueError, match=said):
            delivery_methods(bad, strict=True)
    # a kiosk reading a newer network's catalogue leaves out what it does not know, and never fails the sync
    assert delivery_methods(["fax", "window"]) == ("window",) and delivery_methods(["fax"]) == ALL_DELIVERY


def test_a_service_item_carries_its_delivery_methods() -> None:
    base = {"code": "C1", "name": "居民身份证换领", "category": "个人办事", "department": "镇派出所"}
    every = ServiceItem.from_wire(base)
    assert every.delivery_methods == ALL_DELIVERY and "delivery_methods" not in every.to_wire()  # bytes as before
    card = ServiceItem.from_wire({**base, "delivery_methods": ["window", "post"]})
    assert card.to_wire()["delivery_methods"] == ["window", "post"] and card.default_delivery == "window"
    assert ServiceItem.from_wire(card.to_wire()) == card
    assert ServiceItem.from_wire({**base, "delivery_methods": ["post"]}).default_delivery == "post"
