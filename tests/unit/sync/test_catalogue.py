from sync.catalogue import CataloguePage, fts_query


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



def test_search_by_full_pinyin_prefix_substring_and_code(catalogue):
    assert catalogue.search("shenfen")[0].name == "居民身份证换领"  # a prefix of the full pinyin keyword
    assert catalogue.search("份证")[0].name == "居民身份证换领"  # any run of characters inside the name
    assert catalogue.search("身份证 sfz")[0].name == "居民身份证换领"  # every word must match
    item = catalogue.search("sfz")[0]
    assert [i.code for i in catalogue.search(item.code)] == [item.code]
    assert catalogue.search("“身份证”！")[0].name == "居民身份证换领"  # punctuation is ignored
    assert catalogue.search('" OR 1') == []  # no FTS syntax leaks through
    assert len(catalogue.search("")) == 20


def test_fts_query_shapes():
    assert fts_query("身份证 sfz") == '"身 份 证" AND "sfz"*'
    assert fts_query("sfz身份") == '"sfz"* AND "身 份"'
    assert fts_query("  ,. ") == ""


class Pages:
    """A catalogue source that serves `items` in pages, as servicenet would."""

    def __init__(self, items):
        self.items = items

    def catalogue_page(self, cursor, limit=1000, calendar=""):
        part = self.items[cursor:cursor + limit]
        end = cursor + len(part)
        return CataloguePage(part, end, end < len(self.items), len(self.items) - end)


def test_initial_sync_reports_progress_and_resumes_by_cursor(catalogue, store):
    base = catalogue.search("sfz")[0].to_wire()
    items = [base | {"code": f"X{i:05d}", "name": f"测试事项{i}", "keywords": [f"ceshi{i}"]} for i in range(250)]
    seen = []
    assert catalogue.pull(Pages(items), progress=lambda done, total: seen.append((done, total)), limit=100) == 250
    assert seen == [(100, 250), (200, 250), (250, 250)]
    assert catalogue.get("X00249").name == "测试事项249"
    assert catalogue.search("ceshi249")[0].code == "X00249"
    items.append({"code": "X00003", "deleted": True})  # a later delta: one deletion
    assert catalogue.pull(Pages(items), limit=100) == 1
    assert catalogue.get("X00003") is None and catalogue.search("ceshi3")[0].code != "X00003"


def test_index_is_rebuilt_when_it_does_not_cover_the_table(catalogue, store):
    with store.tx() as c:
        c.execute("DELETE FROM services_fts")
    assert catalogue.search("sfz") == []
    catalogue.ensure_index()
    assert catalogue.search("sfz")[0].name == "居民身份证换领"


def test_one_page_may_change_an_item_twice_and_delete_it(catalogue, store):
    base = catalogue.search("sfz")[0].to_wire()
    with store.tx() as c:
        catalogue.apply(c, [base | {"code": "Y1", "name": "甲", "keywords": ["jiajiajia"]},
                            base | {"code": "Y1", "name": "乙", "keywords": ["yiyiyi"]},
                            base | {"code": "Y2", "name": "丙", "keywords": ["bingbingbing"]},
                            {"code": "Y2", "deleted": True}])
    assert catalogue.get("Y1").name == "乙" and catalogue.get("Y2") is None
    assert [i.code for i in catalogue.search("yiyiyi")] == ["Y1"] and catalogue.search("jiajiajia") == []
    assert catalogue.search("bingbingbing") == []
    with store.read() as c:
        tables = ("services_fts", "services", "service_rank")
        counts = [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables]
        assert counts[0] == counts[1] == counts[2]


def test_the_calendar_comes_with_the_delta_and_is_built_here_before(catalogue, store):
    from datetime import date

    from domain.workdays import WorkCalendar

    before = catalogue.calendar(date(2026, 9, 30))  # no pull yet: the same library and data files as the network
    assert before.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
    sent = WorkCalendar(frozenset({date(2026, 10, 8)}), frozenset(), (2026,))

    class WithCalendar(Pages):
        asked = []

        def catalogue_page(self, cursor, limit=1000, calendar=""):
            self.asked.append(calendar)
            page = super().catalogue_page(cursor, limit)
            return CataloguePage(page.items, page.cursor, page.more, page.remaining,
                                 None if calendar == sent.version else sent.to_wire())

    source = WithCalendar([])
    catalogue.pull(source)
    assert catalogue.calendar(date(2026, 9, 30)) == sent
    catalogue.pull(source)
    assert source.asked == ["", sent.version]  # the second pull says which version it holds
