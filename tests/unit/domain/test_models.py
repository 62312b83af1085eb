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
