from domain import forms

SCHEMA = {
    "type": "object", "required": ["name", "phone", "size"], "x-order": ["phone", "name"],
    "properties": {
        "name": {"type": "string", "title": "姓名", "x-prefill": "name", "maxLength": 4},
        "phone": {"type": "string", "title": "电话", "x-format": "phone"},
        "size": {"type": "integer", "title": "人数", "minimum": 1, "maximum": 20},
        "born": {"type": "string", "format": "date"},
        "reason": {"type": "string", "enum": ["遗失", "损坏"]},
        "id": {"type": "string", "x-format": "id_number"},
        "code": {"type": "string", "pattern": "^[A-Z]{2}$", "x-error": "两个大写字母"},
    },
}


def test_fields_follow_x_order_then_the_rest_with_their_kinds():
    specs = forms.field_specs(SCHEMA)
    assert [f.name for f in specs][:2] == ["phone", "name"]
    kinds = {f.name: f.kind for f in specs}
    assert kinds == {"phone": "phone", "name": "text", "size": "number", "born": "date", "reason": "choice",
                     "id": "id_number", "code": "text"}
    assert [f.name for f in specs if f.required] == ["phone", "name", "size"]


def p(name, value):
    spec = next(f for f in forms.field_specs(SCHEMA) if f.name == name)
    found = forms.problem(spec.kind, spec.required, spec.schema, value)
    return found and (found.code, found.values)


def test_each_rule_names_its_problem():
    assert p("name", "  ") == ("required", ())
    assert p("born", "") is None
    assert p("size", "x") == ("whole_number", ())
    assert p("size", "21") == ("range", (1, 20))
    assert p("reason", "丢了") == ("choice", ())
    assert p("born", "2026-02-30") == ("date", ())
    assert p("id", "123") == ("id_shape", ())
    assert p("id", "110105194912310021") == ("id_check", ())
    assert p("id", "11010519491231002x") is None
    assert p("name", "欧阳娜娜娜") == ("max_length", (4,))
    assert p("phone", "1380013800") == ("phone", ())
    assert p("code", "ab") == ("pattern", ("两个大写字母",))


def test_typed_values_are_the_same_on_both_channels():
    assert forms.typed("number", {"type": "integer"}, " 3 ") == 3
    assert forms.typed("id_number", {}, "11010519491231002x") == "11010519491231002X"
    assert forms.typed("text", {}, "  ") is None


def test_identifier_fields_take_their_canonical_form() -> None:
    from domain import forms as f

    assert f.problem("id_number", True, {}, "１１０１０５１９４９１２３１００２x") is None
    assert f.typed("id_number", {}, "１１０１０５１９４９１２３１００２x") == "11010519491231002X"
    assert f.typed("phone", {}, "１３８ ００１３ ８０００") == "13800138000"
    arabic = "".join(chr(0x660 + int(d)) for d in "11010519491231002") + "X"
    assert f.problem("id_number", True, {}, arabic) == f.Problem("id_chars")
    assert f.problem("phone", True, {}, "١٣٨٠٠١٣٨٠٠٠") == f.Problem("phone_chars")


def test_credit_code_fields() -> None:
    from domain import forms as f

    assert f.kind_of({"x-format": "credit_code"}) == "credit_code"
    assert f.problem("credit_code", True, {}, "91350100m000100y43") is None
    assert f.typed("credit_code", {}, "9135 0100 M000 100Y 43") == "91350100M000100Y43"
    assert f.problem("credit_code", True, {}, "91350100M000100Y44") == f.Problem("credit_check")
    assert f.problem("credit_code", True, {}, "91350100M000100Y4") == f.Problem("credit_shape")
    assert f.problem("credit_code", True, {}, "91350100M000100O43") == f.Problem("credit_chars")
    schema = {"properties": {"c": {"x-format": "credit_code"}, "p": {"x-format": "phone"}}}
    assert f.not_canonical(schema, {"c": "91350100M000100Y43", "p": "13800138000"}) == []
    assert f.not_canonical(schema, {"c": "91350100m000100y43", "p": "138 0013 8000"}) == ["c", "p"]


def test_a_date_or_a_number_typed_full_width_is_taken_in_its_canonical_form() -> None:
    """A Chinese input method in full-width mode types ２０２６－１０－０１ and １２: the same date and number, not
    "please enter a date like 1956-03-08" for what reads exactly so; the case carries the ASCII form."""
    assert p("born", "２０２６－１０－０１") is None
    assert forms.typed("date", {"format": "date"}, " ２０２６－１０－０１ ") == "2026-10-01"
    assert p("born", "２０２６－０２－３０") == ("date", ())  # NFKC makes it readable, not valid
    assert p("size", "１２") is None and forms.typed("number", {"type": "integer"}, "１２") == 12
    assert p("size", "－３") == ("range", (1, 20))
