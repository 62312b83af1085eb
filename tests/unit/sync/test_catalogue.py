def test_seed_has_the_township_services(catalogue):
    names = {i.name for i in catalogue.items()}
    assert len(names) == 20
    assert {"居民身份证换领", "生育登记", "临时救助申请"} <= names
    assert "个人办事" in catalogue.categories()


def test_search_by_chinese_pinyin_and_initials(catalogue):
    assert catalogue.search("身份证")[0].name == "居民身份证换领"
    assert catalogue.search("sfz")[0].name == "居民身份证换领"
    assert any(i.name == "生育登记" for i in catalogue.search("生育"))
    assert catalogue.search("zzzzqqq") == []


def test_delta_update_and_delete(catalogue, store):
    item = catalogue.search("sfz")[0]
    wire = item.to_wire() | {"name": "居民身份证换领（新）"}
    with store.tx() as c:
        gone = next(i for i in catalogue.search("生育") if i.name == "生育登记")
        catalogue.apply(c, [wire, {"code": gone.code, "deleted": True}])
    assert catalogue.get(item.code).name == "居民身份证换领（新）"
    assert not any(i.name == "生育登记" for i in catalogue.items())


def test_most_used_first(catalogue, store):
    target = catalogue.items()[-1]
    with store.tx() as c:
        catalogue.bump(c, target.code)
    assert catalogue.items()[0].code == target.code
