from domain.models import mask_name
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
