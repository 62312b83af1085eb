"""A synthetic catalogue of N service items (names, departments, pinyin keywords), the same for every run."""
from __future__ import annotations

import random
from typing import Any

# (word, full pinyin, initials)
WORDS = [
    ("身份证", "shenfenzheng", "sfz"), ("户口", "hukou", "hk"), ("社保", "shebao", "sb"), ("医保", "yibao", "yb"),
    ("生育", "shengyu", "sy"), ("婚姻", "hunyin", "hy"), ("营业执照", "yingyezhizhao", "yyzz"),
    ("低保", "dibao", "db"), ("养老", "yanglao", "yl"), ("公积金", "gongjijin", "gjj"), ("残疾", "canji", "cj"),
    ("驾驶证", "jiashizheng", "jsz"), ("居住证", "juzhuzheng", "jzz"), ("出生", "chusheng", "cs"),
    ("死亡", "siwang", "sw"), ("迁移", "qianyi", "qy"), ("救助", "jiuzhu", "jz"), ("补贴", "butie", "bt"),
    ("就业", "jiuye", "jy"), ("失业", "shiye", "sy"), ("退役", "tuiyi", "ty"), ("优待", "youdai", "yd"),
    ("宅基地", "zhaijidi", "zjd"), ("林权", "linquan", "lq"), ("农机", "nongji", "nj"), ("税务", "shuiwu", "sw"),
    ("发票", "fapiao", "fp"), ("食品", "shipin", "sp"), ("药品", "yaopin", "yp"), ("建设", "jianshe", "js"),
    ("房产", "fangchan", "fc"), ("不动产", "budongchan", "bdc"), ("水电", "shuidian", "sd"), ("燃气", "ranqi", "rq"),
    ("教育", "jiaoyu", "jy"), ("入学", "ruxue", "rx"), ("老年人", "laonianren", "lnr"),
    ("独生子女", "dushengzinv", "dszn"),
    ("计划生育", "jihuashengyu", "jhsy"), ("殡葬", "binzang", "bz"),
]
ACTIONS = [("登记", "dengji", "dj"), ("申请", "shenqing", "sq"), ("变更", "biangeng", "bg"), ("注销", "zhuxiao", "zx"),
           ("补领", "buling", "bl"), ("换领", "huanling", "hl"), ("备案", "beian", "ba"), ("认定", "rending", "rd"),
           ("审批", "shenpi", "sp"), ("查询", "chaxun", "cx")]
DEPARTMENTS = ["公安局", "人社局", "医保局", "卫健委", "民政局", "市场监管局", "税务局", "自然资源局", "住建局",
               "教育局", "退役军人事务局", "农业农村局"]
PLACES = ["从化区", "增城区", "花都区", "番禺区", "白云区", "越秀区", "天河区", "海珠区", "黄埔区", "南沙区"]


def items(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(WORDS, 2)
        act = rng.choice(ACTIONS)
        place = rng.choice(PLACES)
        name = f"{place}{a[0]}{b[0]}{act[0]}"
        out.append({
            "code": f"1144{i:08d}X{rng.randrange(10**12):012d}",
            "name": name,
            "category": rng.choice(["个人办事", "法人办事"]),
            "department": place + rng.choice(DEPARTMENTS),
            "life_event": rng.choice(["生育收养", "户籍办理", "就业创业", "社会保障", "婚姻登记", "开办企业"]),
            "time_limit_days": rng.randint(1, 30),
            "keywords": [a[1] + b[1] + act[1], a[2] + b[2] + act[2], a[1], a[2], b[1], b[2], act[1], a[0], b[0]],
            "materials": [{"name": "居民身份证", "copies": 1, "required": True, "note": ""}],
            "version": 1,
        })
    return out


QUERIES = ["身份证", "sfz", "shenfen", "社保 补贴", "sbbt", "营业执照", "yyzz", "低保申请", "dibao", "户口迁移",
           "hkqy", "公积金", "gjj", "老年人优待", "lnr", "不动产登记", "从化 生育", "出生 登记", "jiaoyu",
           "残疾", "婚姻登记", "驾驶证 换领", "jsz", "殡葬"]
