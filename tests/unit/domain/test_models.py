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
