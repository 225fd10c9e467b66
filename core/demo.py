"""A realistic demo camp and loan list (SPEC §5.1 `demo`), the same for the same seed.

The loan list looks like a county rural commercial bank's list of overdue and
non-performing loans: mostly small 涉农 and 个人 balances with a long 小微 tail,
aging skewed to the first three months and to one to three years, classes mostly
at or below the regulatory floor (§4.3) with a few listed better, some
written-off loans, suits, guarantors and clocks.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from core.calendar import CampCalendar
from core.camp import DEFAULT_SCORING, CampConfig, TeamConfig
from core.loans import RISK_ORDER, class_floor
from core.records import AGREED_BY, APPOINTMENT_WAYS, LoanRecord, VisitRecord
from core.scoring import TEMPLATE_GUARDS

DEFAULT_START = date(2026, 12, 1)

TEAM_NAMES = (
    "猛虎队", "雄鹰队", "尖刀队", "突击队", "先锋队", "飞龙队", "野狼队", "蛟龙队",
    "猎豹队", "战狼队", "铁军队", "雷霆队", "闪电队", "火凤队", "神鹰队", "飞虎队",
    "旋风队", "烈焰队", "钢铁队", "狮王队", "海燕队", "骏马队", "苍狼队", "利剑队",
    "磐石队", "长城队", "破冰队", "追风队", "凌云队", "奔腾队", "亮剑队", "啄木鸟队",
)  # fmt: skip

TOWNSHIPS = (
    "城关镇", "石桥乡", "河口镇", "白沙乡", "青山乡", "新华街道", "金塘镇", "龙泉镇",
    "杨柳乡", "东风乡", "红星乡", "太平镇", "三合乡", "永安镇", "高坪乡", "黄土乡",
    "大坪镇", "双江镇", "长岭乡", "桃花乡", "梅溪镇", "松柏乡", "清水镇", "马头乡",
    "枫树乡", "金鸡镇", "凤凰镇", "莲花乡", "柏林镇", "新田乡", "西河镇", "南岳乡",
    "东山镇", "兴隆镇", "板桥乡", "花桥镇", "沙坪乡", "茶园乡", "文昌街道", "建设街道",
)  # fmt: skip

# Further township names are made from these stems when a big demo needs more.
_TOWNSHIP_STEMS = (
    "安乐", "宝山", "长乐", "朝阳", "大桥", "丰收", "福田", "古城", "官渡", "和平",
    "黄花", "江口", "金星", "柳林", "龙潭", "麻塘", "南湖", "盘石", "青龙", "泉塘",
    "仁和", "三江", "上坪", "水口", "太和", "桐木", "万福", "五里", "湘江", "小河",
    "新塘", "杏坛", "岩口", "玉泉", "云台", "樟树", "竹山", "紫荆", "白马", "碧溪",
)  # fmt: skip

VILLAGES = (
    "红旗村", "光明村", "团结村", "和平村", "新村村", "胜利村", "幸福村", "前进村",
    "东升村", "民主村", "建设村", "向阳村", "友谊村", "新民村", "大塘村", "石门村",
    "长冲村", "黄泥村", "枫林村", "桥头村", "柳树村", "双河村", "杉木村", "荷叶村",
    "新屋村", "马鞍村", "金盆村", "花园村", "上湾村", "下湾村", "五一村", "七星村",
)  # fmt: skip

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
)
# Weights: the commonest surnames first, as in a real county.
_SURNAME_CUM = tuple(accumulate(1.0 / (1 + i) ** 0.6 for i in range(len(SURNAMES))))
MALE_GIVEN = (
    "伟", "强", "军", "勇", "磊", "涛", "斌", "超", "明", "刚", "平", "辉", "杰", "峰",
    "建国", "建华", "国强", "国华", "志强", "志明", "德明", "长江", "海涛", "红军",
    "卫东", "文斌", "金山", "永红", "春生", "新民", "世杰", "家富", "光荣", "有才",
    "正华", "立新", "宏伟", "小龙", "俊杰", "浩然", "子豪", "明辉", "福生", "水生",
)  # fmt: skip
FEMALE_GIVEN = (
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "英", "红", "萍", "琴", "慧",
    "秀英", "桂英", "秀兰", "玉兰", "春花", "金凤", "小红", "丽华", "美玲", "淑珍",
    "桂芳", "海燕", "晓燕", "雪梅", "红梅", "翠花", "凤英", "婷婷", "佳怡", "雨涵",
)  # fmt: skip

ETHNICITIES = ("回族", "苗族", "彝族", "土家族", "侗族", "瑶族", "壮族", "白族", "藏族")
CUSTOMER_TYPES = (
    "有意愿有能力", "有意愿无能力", "无意愿有能力", "无意愿无能力",
    "失联", "死亡", "恶意逃废",
)  # fmt: skip
NOTES = (
    "借款人长期在外务工", "已协商分期还款", "抵押物为自建房", "借款人已故，由继承人承担",
    "经营不善，养殖场已停产", "家庭变故，收入来源减少", "保证人已外出", "借款人称年底卖粮后还款",
    "茶叶价格下跌，暂无还款来源", "曾多次上门未遇", "借款人患病住院", "已申请追加担保",
)  # fmt: skip
_FIRMS = ("宏达", "兴旺", "顺发", "鑫源", "丰泽", "华盛", "永盛", "金穗", "绿野", "富民")
_TRADES = (
    "养殖专业合作社", "农机专业合作社", "建材经营部", "农资经营部", "种植专业合作社",
    "食品加工厂", "茶业有限公司", "百货超市", "运输有限公司", "米业有限公司",
)  # fmt: skip

# County codes (the first six digits of an ID number): one home county, some neighbours.
_HOME_REGION = "430121"
_OTHER_REGIONS = ("430124", "430181", "430321", "431121", "433122", "522422", "532128")
_PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "157", "158", "159", "173", "176", "177", "180", "182", "183", "186",
    "187", "188", "189", "191", "198", "199",
)  # fmt: skip

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CN_DIGITS = "零一二三四五六七八九"

SEGMENT_MIX = (("涉农", 45), ("个人", 30), ("小微", 25))
_GUARANTEES = ("保证", "信用", "抵押", "质押")
_GUARANTEE_CUM = (50, 80, 95, 100)
OUTSIDE_SHARE = 0.08


# ---------------------------------------------------------------- helpers


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character of an ID number's first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals (二, 十一, 二十三); larger numbers in digits."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def team_names(count: int) -> list[str]:
    """`count` distinct team names: the list, then 猛虎二队, 雄鹰二队, …"""
    names = []
    for i in range(count):
        base = TEAM_NAMES[i % len(TEAM_NAMES)]
        round_no = i // len(TEAM_NAMES)
        names.append(base if round_no == 0 else f"{base[:-1]}{_cn_number(round_no + 1)}队")
    return names


def township_names(count: int) -> list[str]:
    """`count` distinct township names: the list, then names built from stems."""
    names = list(TOWNSHIPS[:count])
    suffixes = ("镇", "乡", "街道")
    i = 0
    taken = set(names)
    while len(names) < count:
        stem = _TOWNSHIP_STEMS[i % len(_TOWNSHIP_STEMS)]
        round_no = i // len(_TOWNSHIP_STEMS)
        if round_no < len(suffixes):
            name = stem + suffixes[round_no]
        else:
            name = f"{stem}{_cn_number(round_no - len(suffixes) + 2)}{suffixes[round_no % 2]}"
        if name not in taken:
            taken.add(name)
            names.append(name)
        i += 1
    return names


def _person_name(rng: random.Random, female: bool | None = None) -> tuple[str, bool]:
    if female is None:
        female = rng.random() < 0.45
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    return surname + rng.choice(FEMALE_GIVEN if female else MALE_GIVEN), female


def _season(month: int) -> str:
    return {12: "冬季", 1: "冬季", 2: "冬季", 3: "春季", 4: "春季", 5: "春季"}.get(
        month, "夏季" if month <= 8 else "秋季"
    )


# ---------------------------------------------------------------- the camp


def demo_camp(teams: int = 8, seed: int = 0, start_date: date | None = None) -> CampConfig:
    """The demo camp `demo`: `teams` teams of 3–5 members, 2–3 townships each."""
    if teams < 1:
        raise ValueError("a demo camp needs at least one team")
    rng = random.Random(f"camp:{seed}")
    start = start_date or DEFAULT_START

    territory_counts = [rng.choice((2, 2, 3)) for _ in range(teams)]
    pool = township_names(sum(territory_counts))
    first = pool[:6]  # the well-known names stay in the first teams' hands
    rest = pool[6:]
    rng.shuffle(first)
    rng.shuffle(rest)
    pool = first + rest

    used_names: set[str] = set()
    team_list = []
    at = 0
    for name, count in zip(team_names(teams), territory_counts, strict=True):
        members = []
        for _ in range(rng.randint(3, 5)):
            while True:
                person, _female = _person_name(rng)
                if person not in used_names:
                    break
            used_names.add(person)
            members.append(person)
        territories = tuple(pool[at : at + count])
        at += count
        target_yuan = rng.randrange(8, 31) * 100_000
        team_list.append(
            TeamConfig(
                name=name,
                target_fen=target_yuan * 100,
                members=tuple(members),
                territories=territories,
            )
        )

    return CampConfig(
        code="demo",
        name=f"示范农商银行{start.year}年{_season(start.month)}不良贷款清收训练营",
        bank="示范农村商业银行",
        start_date=start,
        cost_fen=(60_000 + 15_000 * teams) * 100,
        scoring={**DEFAULT_SCORING, **TEMPLATE_GUARDS},
        teams=tuple(team_list),
    )


# ---------------------------------------------------------------- the loans


_CLASS_ORDER = RISK_ORDER  # 正常 关注 次级 可疑 损失


def _floor_class(days: int) -> str:
    """The class floor of core.loans (§4.3), 正常 for a loan not overdue."""
    return class_floor(days) or "正常"


def _days_overdue(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.40:  # newly overdue: most in the first month
        return min(90, 1 + int(rng.expovariate(1 / 25)))
    if r < 0.55:
        return rng.randint(91, 360)
    if r < 0.88:
        return rng.randint(361, 1095)
    return 1096 + int(rng.expovariate(1 / 500)) % 2500


def _principal_yuan(rng: random.Random, segment: str) -> float:
    """Lognormal balances drawn again until they fall in the segment's range."""
    if segment == "小微":
        mu, sigma, low, high = math.log(150_000), 0.9, 20_000, 2_000_000
    else:
        median = 40_000 if segment == "涉农" else 30_000
        mu, sigma, low, high = math.log(median), 0.75, 5_000, 300_000
    while True:
        value = rng.lognormvariate(mu, sigma)
        if low <= value <= high:
            return value


def _fen(rng: random.Random, yuan: float) -> int:
    """A balance in fen: often whole hundreds, else with 元 and fen left by repayments."""
    r = rng.random()
    if r < 0.45:
        return max(100, round(yuan / 100)) * 100 * 100
    if r < 0.70:
        return round(yuan) * 100
    return round(yuan * 100)


def _id_number(rng: random.Random, female: bool, as_of: date) -> str:
    region = _HOME_REGION if rng.random() < 0.85 else rng.choice(_OTHER_REGIONS)
    birth = as_of - timedelta(days=rng.randint(22 * 365, 68 * 365))
    seq = rng.randint(0, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def demo_loans(
    cfg: CampConfig, n: int = 1500, seed: int = 0, as_of: date | None = None
) -> list[LoanRecord]:
    """`n` loans for the demo camp's list, dated `as_of` (default the camp's first day)."""
    rng = random.Random(f"loans:{seed}")
    as_of = as_of or cfg.start_date

    inside = [t for team in cfg.teams for t in team.territories]
    held = set(inside)
    outside = [t for t in township_names(len(held) + 3 + len(TOWNSHIPS)) if t not in held][:3]
    inside_cum = list(accumulate(rng.uniform(0.5, 2.0) for _ in inside))
    villages = {t: rng.sample(VILLAGES, rng.randint(4, 8)) for t in inside + outside}

    n_managers = max(6, min(15, (len(inside) + len(outside) + 1) // 2))
    managers: list[str] = []
    while len(managers) < n_managers:
        person, _female = _person_name(rng)
        if person not in managers:
            managers.append(person)
    manager_of = {t: managers[i % n_managers] for i, t in enumerate(inside + outside)}

    segments = [s for s, _ in SEGMENT_MIX]
    segment_cum = list(accumulate(w for _, w in SEGMENT_MIX))
    used_loan_nos: set[str] = set()
    branch_codes = [f"82{rng.randint(1, 40):02d}" for _ in range(max(3, len(managers) // 2))]

    records: list[LoanRecord] = []
    for index in range(n):
        segment = rng.choices(segments, cum_weights=segment_cum)[0]

        # --- where
        if not inside or rng.random() < OUTSIDE_SHARE:
            township = rng.choice(outside)
        else:
            township = rng.choices(inside, cum_weights=inside_cum)[0]
        village = rng.choice(villages[township])
        address = (
            f"{township}{village}{rng.randint(1, 12)}组{rng.randint(1, 88)}号"
            if rng.random() < 0.85
            else None
        )
        r = rng.random()
        manager = manager_of[township] if r < 0.85 else rng.choice(managers) if r < 0.97 else None

        # --- who
        firm = segment == "小微" and rng.random() < 0.2
        person, female = _person_name(rng)
        if firm:
            borrower = rng.choice(_FIRMS) + rng.choice(_TRADES)
            id_number = None
            ethnicity = None
        else:
            borrower = person
            id_number = _id_number(rng, female, as_of) if rng.random() < 0.97 else None
            e = rng.random()
            ethnicity = "汉族" if e < 0.86 else rng.choice(ETHNICITIES) if e < 0.96 else None
        phone = (
            rng.choice(_PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
            if rng.random() < 0.95
            else None
        )

        # --- the loan
        while True:
            loan_no = rng.choice(branch_codes) + f"{rng.randint(0, 999_999_999_999):012d}"
            if loan_no not in used_loan_nos:
                used_loan_nos.add(loan_no)
                break
        days = _days_overdue(rng)
        maturity = as_of - timedelta(days=days)
        term_days = 365 * (1 if segment == "涉农" and rng.random() < 0.6 else rng.choice((1, 2, 3)))
        disbursed = maturity - timedelta(days=term_days - rng.randint(-1, 1))
        principal = _fen(rng, _principal_yuan(rng, segment))
        rate = rng.uniform(0.055, 0.095)
        accrued = principal * rate * min(days, 1460) / 360 * rng.uniform(0.2, 1.0)
        interest = 0 if rng.random() < 0.08 else round(accrued)

        floor = _floor_class(days)
        level = _CLASS_ORDER.index(floor)
        r = rng.random()
        if r < 0.05:  # listed better than the floor: the flag of §4.3
            risk_class = _CLASS_ORDER[rng.randint(max(0, level - 2), level - 1)]
        elif r < 0.15 and level < 4:
            risk_class = _CLASS_ORDER[level + 1]
        else:
            risk_class = floor

        written_off = days > 360 and rng.random() < 0.067
        if written_off:
            risk_class = "损失"

        # --- clocks
        last_payment = None
        if rng.random() < 0.4:
            latest = min(as_of - timedelta(days=1), maturity + timedelta(days=days * 7 // 10))
            earliest = max(disbursed + timedelta(days=30), maturity - timedelta(days=180))
            last_payment = _between(rng, earliest, latest)
        last_ack = None
        if rng.random() < 0.2 and days > 10:
            last_ack = _between(rng, maturity + timedelta(days=5), as_of - timedelta(days=1))

        guarantee = rng.choices(_GUARANTEES, cum_weights=_GUARANTEE_CUM)[0]
        guarantors: tuple[str, ...] = ()
        guarantee_until = None
        if guarantee == "保证":
            guarantors = tuple(_person_name(rng)[0] for _ in range(rng.choice((1, 1, 1, 2))))
            if rng.random() < 0.3:
                guarantee_until = _add_years(maturity, rng.choice((2, 3)))

        sued_on = judgment_due_on = None
        customer_type = None
        if days > 400 and rng.random() < 0.11:
            sued_on = _between(rng, maturity + timedelta(days=90), as_of - timedelta(days=300))
            customer_type = "涉诉" if rng.random() < 0.5 else None
            if rng.random() < 0.5:
                judgment_due_on = _between(
                    rng, sued_on + timedelta(days=90), min(sued_on + timedelta(days=270), as_of)
                )
        if customer_type is None and rng.random() < 0.05:
            customer_type = rng.choice(CUSTOMER_TYPES)
        notes = rng.choice(NOTES) if rng.random() < 0.06 else None

        records.append(
            LoanRecord(
                row=index + 2,
                loan_no=loan_no,
                borrower=borrower,
                segment=segment,
                principal_fen=principal,
                maturity_date=maturity,
                township=township,
                interest_fen=interest,
                id_number=id_number,
                phone=phone,
                disbursed_on=disbursed,
                days_overdue=days,
                risk_class=risk_class,
                last_payment_on=last_payment,
                last_ack_on=last_ack,
                guarantee=guarantee,
                guarantors=guarantors,
                guarantee_until=guarantee_until,
                sued_on=sued_on,
                judgment_due_on=judgment_due_on,
                village=village,
                address=address,
                manager=manager,
                written_off=written_off,
                ethnicity=ethnicity,
                customer_type=customer_type,
                notes=notes,
            )
        )
    return records


# ---------------------------------------------------------------- the visits

DEMO_TACTICS = (
    "亲情感化", "政策宣讲", "以案说法", "分期还款方案", "上门面谈", "保证人联动",
    "征信提醒", "村委协助",
)  # fmt: skip

# The contact results (§5.4) a visit reports, in percent. 见到保证人 is only drawn
# for loans that list guarantors, at twice the weight, so the camp-wide share stays
# near 5 %.
_CONTACT_MIX = (
    ("见到本人", 40), ("见到家属", 15), ("见到保证人", 5), ("未见到", 15),
    ("失联", 5), ("拒绝沟通", 10), ("到行还款", 10),
)  # fmt: skip
_CONTACT_NAMES = tuple(c for c, _ in _CONTACT_MIX)
_GUARANTOR_CONTACT = "见到保证人"
_PAID_AT_BRANCH = "到行还款"
_MET = frozenset({"见到本人", "见到家属"})
_ACK_CONTACTS = frozenset({"见到本人", "见到家属", _GUARANTOR_CONTACT})
_PAYING_CONTACTS = frozenset({"见到本人", "见到家属", _GUARANTOR_CONTACT, _PAID_AT_BRANCH})

# (pay part, settle in full) per paying contact.
_PAY_ODDS = {
    "见到本人": (0.25, 0.05),
    "见到家属": (0.15, 0.02),
    _GUARANTOR_CONTACT: (0.15, 0.03),
    _PAID_AT_BRANCH: (0.75, 0.25),
}
_BIG_BALANCE_FEN = 200_000 * 100  # above this a full settlement is five times rarer

NIGHT_SHARE = 0.10
SINGLE_COLLECTOR_SHARE = 0.03
ACK_SHARE = 0.30
PROMISE_SHARE = 0.20
INCOMPLETE_PROMISE_SHARE = 0.10
PROMISE_METHODS = ("现金", "转账", "代扣")

# Field hours (local wall time, both ends taken): the morning and afternoon rounds.
FIELD_HOURS = ((time(8, 30), time(12, 0)), (time(14, 0), time(17, 30)))

CONSENT_NOTES = (
    "客户同意夜间上门（白天外出务工）",
    "预约上门，客户白天在外务工",
    "经客户电话预约，同意晚间面谈",
    "客户本人要求清晨上门（白天出工）",
    "已征得客户同意，夜间在家等候",
)
_VISIT_NOTES = {
    "见到本人": (
        "借款人承认欠款，称年底卖粮后还款", "说明征信影响后表示理解", "同意分期还款",
        "借款人称收入下降，暂无力一次还清", "当面核对借据，借款人无异议",
    ),
    "见到家属": (
        "配偶在家，答应转告借款人", "父母在家，表示会督促还款", "家属称借款人在外务工",
    ),
    _GUARANTOR_CONTACT: (
        "已向保证人送达催收通知", "保证人同意协助联系借款人", "保证人称借款人已外出",
    ),
    "未见到": ("家中无人，已留联系卡", "邻居称借款人外出务工", "大门紧锁，已张贴联系方式于门内"),
    "失联": ("电话停机，村委称多年未归", "原住址已拆迁，下落不明", "户籍地无此人消息"),
    "拒绝沟通": ("态度强硬，拒绝签收", "称无钱可还，拒绝沟通", "闭门不见"),
    _PAID_AT_BRANCH: ("客户到网点柜台还款", "客户手机银行转账还款", "客户委托家属到行还款"),
}  # fmt: skip
_NOTE_SHARE = 0.35


def _minutes(day: date, start: time, end: time, inclusive: bool) -> list[datetime]:
    """Every whole minute from `start` to `end` on `day` (wrapping midnight when end ≤ start)."""
    at = datetime.combine(day, start)
    stop = datetime.combine(day, end)
    if stop <= at:
        stop += timedelta(days=1)
    out = []
    while at < stop or (inclusive and at == stop):
        out.append(at)
        at += timedelta(minutes=1)
    return out


def _visit_slots(cfg: CampConfig) -> tuple[list[datetime], list[bool], list[int], list[int]]:
    """The minutes a demo visit may carry, in time order, each with its quiet-hours flag,
    and the indices of the field-hour minutes and of the night-shift minutes."""
    cal = CampCalendar.from_config(cfg)
    start, end = cal.window()
    first = cal.date_of_day(cal.first_field_day)
    last = cal.date_of_day(cal.days)

    field: set[datetime] = set()
    night: set[datetime] = set()
    for day in cal.field_days:
        for a, b in FIELD_HOURS:
            field.update(_minutes(cal.date_of_day(day), a, b, inclusive=True))
    day = first - timedelta(days=1)
    while day <= last:
        for a, b in cal.night_shifts:
            if a != b:
                night.update(_minutes(day, a, b, inclusive=False))
        day += timedelta(days=1)

    def inside(at: datetime) -> bool:
        return start < cal.to_utc(at) <= end

    field = {at for at in field if inside(at)}
    night = {at for at in night if inside(at) and at not in field}
    if not field and not night:  # an odd camp: any minute of the window will do
        at = cal.local(start).replace(tzinfo=None, second=0, microsecond=0)
        while not inside(at):
            at += timedelta(minutes=1)
        while inside(at):
            field.add(at)
            at += timedelta(minutes=1)

    slots = sorted(field | night)
    quiet = [cal.in_quiet_hours(cal.to_utc(at)) for at in slots]
    field_idx = [i for i, at in enumerate(slots) if at in field]
    night_idx = [i for i, at in enumerate(slots) if at in night]
    return slots, quiet, field_idx, night_idx


def _part_yuan(rng: random.Random) -> int:
    """A part payment in 元: round thousands mostly, sometimes an odd whole sum."""
    r = rng.random()
    if r < 0.45:
        return rng.randrange(2, 11) * 1000
    if r < 0.70:
        return rng.randrange(20, 61) * 500
    if r < 0.85:
        return rng.randrange(30, 51) * 1000
    return rng.randrange(2000, 50_001)


def demo_visits(
    cfg: CampConfig, loans: list[LoanRecord], n: int = 3000, seed: int = 0
) -> list[VisitRecord]:
    """`n` visit records for the demo camp's loans (SPEC §5.4), the same for the same seed.

    Every visit passes the import checks: inside the camp window, a consent note in
    quiet hours, the team holding the loan's township (any team for a loan in no
    territory), members of that team, signed receipts only with the borrower, a
    relative or a guarantor, and — replayed in time order — never more principal or
    owed interest collected than is left. Most visits fall in field hours, about a
    tenth in the night shifts; about 3 % have a single collector (a warning). No two
    visits share a loan and a minute unless their notes differ, so none is a
    duplicate of another. Returned in time order (then team); `row` = index + 2.
    A camp with no teams, or no loans, gets no visits.
    """
    if n <= 0 or not loans or not cfg.teams:
        return []
    rng = random.Random(f"visits:{seed}")
    slots, quiet, field_idx, night_idx = _visit_slots(cfg)
    if not night_idx:
        night_idx = field_idx
    if not field_idx:
        field_idx = night_idx
    n_slots = len(slots)

    teams = cfg.teams
    holder = {t: i for i, team in enumerate(teams) for t in team.territories}
    loan_team = [holder.get(loan.township) for loan in loans]
    has_guarantor = [bool(loan.guarantors) for loan in loans]
    plain_cum = list(accumulate(0 if c == _GUARANTOR_CONTACT else w for c, w in _CONTACT_MIX))
    guaranteed_cum = list(
        accumulate(2 * w if c == _GUARANTOR_CONTACT else w for c, w in _CONTACT_MIX)
    )
    night_odds = NIGHT_SHARE / (1 - 0.10)  # 到行还款 (10 %) is paid at the branch by day

    # --- first pass: who visits which loan when
    taken: dict[int, int] = {}
    plan: list[tuple[int, int, int, str, int]] = []  # slot, team, loan, contact, clash no.
    n_loans = len(loans)
    for _ in range(n):
        li = rng.randrange(n_loans)
        cum = guaranteed_cum if has_guarantor[li] else plain_cum
        contact = rng.choices(_CONTACT_NAMES, cum_weights=cum)[0]
        pool = night_idx if contact != _PAID_AT_BRANCH and rng.random() < night_odds else field_idx
        for _try in range(8):
            si = pool[rng.randrange(len(pool))]
            key = li * n_slots + si
            if key not in taken:
                break
        clash = taken.get(key, 0)
        taken[key] = clash + 1
        ti = loan_team[li]
        if ti is None:
            ti = rng.randrange(len(teams))
        plan.append((si, ti, li, contact, clash))

    team_order = sorted(range(len(teams)), key=lambda i: teams[i].name)
    team_rank = {ti: r for r, ti in enumerate(team_order)}
    plan.sort(key=lambda p: (p[0], team_rank[p[1]]))

    # --- second pass, in time order: members, money, receipts, promises, notes
    principal_left = [loan.principal_fen for loan in loans]
    interest_left = [loan.interest_fen for loan in loans]
    out: list[VisitRecord] = []
    for index, (si, ti, li, contact, clash) in enumerate(plan):
        loan = loans[li]
        team = teams[ti]
        visited_at = slots[si]
        p_left = principal_left[li]
        i_left = interest_left[li]
        if contact == _PAID_AT_BRANCH and p_left == 0 and i_left == 0:
            contact = "见到本人"  # nothing left to pay: the team just called on the borrower

        # members
        roster = team.members
        if contact == _PAID_AT_BRANCH and (rng.random() < 0.4 or not roster):
            members: tuple[str, ...] = ()
        elif len(roster) <= 1 or rng.random() < SINGLE_COLLECTOR_SHARE:
            members = (rng.choice(roster),) if roster else ()
        else:
            k = 2 if len(roster) == 2 or rng.random() < 0.6 else 3
            members = tuple(rng.sample(roster, k))

        # money
        principal = interest = 0
        if contact in _PAYING_CONTACTS and (p_left or i_left):
            part_odds, settle_odds = _PAY_ODDS[contact]
            if p_left > _BIG_BALANCE_FEN:
                settle_odds /= 5
            if contact == _PAID_AT_BRANCH:
                part_odds = 1.0  # paid at the branch: always something
            r = rng.random()
            if r < settle_odds:
                principal, interest = p_left, i_left
            elif r < settle_odds + part_odds:
                amount = _part_yuan(rng) * 100
                if p_left == 0 or (i_left and rng.random() < 0.2):
                    interest = min(i_left, amount)  # the interest first
                else:
                    principal = min(p_left, amount)
                    if i_left and rng.random() < 0.35:
                        interest = min(i_left, rng.randrange(1, 21) * 100 * 100)
            principal_left[li] = p_left - principal
            interest_left[li] = i_left - interest

        ack = contact in _ACK_CONTACTS and rng.random() < ACK_SHARE

        # promise
        promise_date = promise_amount = promise_method = None
        owing = principal_left[li] + interest_left[li]
        if contact in _MET and owing > 0 and rng.random() < PROMISE_SHARE:
            promise_date = visited_at.date() + timedelta(days=rng.randint(3, 90))
            promise_amount = min(owing, rng.choice((1, 2, 3, 5, 10, 20)) * 1000 * 100)
            promise_method = rng.choice(PROMISE_METHODS)
            if rng.random() < INCOMPLETE_PROMISE_SHARE:
                if rng.random() < 0.5:
                    promise_method = None
                else:
                    promise_date = None

        # tactics
        r = rng.random()
        tactics = tuple(rng.sample(DEMO_TACTICS, 0 if r < 0.35 else 1 if r < 0.8 else 2))

        # a quiet-hours visit was arranged beforehand (SPEC §4.11): by phone the day before,
        # on WeChat that afternoon, ... — chosen by position, so the seed's draws stay as
        # they were; the note still says how the customer agreed
        appointment_at = appointment_by = agreed_by = None
        if quiet[si] and contact != _PAID_AT_BRANCH:
            appointment_at = visited_at - timedelta(hours=3 + index % 22, minutes=index % 60)
            appointment_by = APPOINTMENT_WAYS[index % len(APPOINTMENT_WAYS)]
            agreed_by = AGREED_BY[1] if index % 5 == 0 else AGREED_BY[0]
        parts = []
        if quiet[si]:
            parts.append(rng.choice(CONSENT_NOTES))
        if rng.random() < _NOTE_SHARE:
            parts.append(rng.choice(_VISIT_NOTES[contact]))
        if clash:
            parts.append(f"同一时间第{clash + 1}条记录")
        notes = "；".join(parts) or None

        out.append(
            VisitRecord(
                row=index + 2,
                visited_at=visited_at,
                team=team.name,
                loan_no=loan.loan_no,
                contact=contact,
                members=members,
                principal_fen=principal,
                interest_fen=interest,
                ack=ack,
                promise_date=promise_date,
                promise_amount_fen=promise_amount,
                promise_method=promise_method,
                tactics=tactics,
                notes=notes,
                appointment_at=appointment_at,
                appointment_by=appointment_by,
                agreed_by=agreed_by,
            )
        )
    return out
