"""The camp's editable lists (SPEC §4.5, §4.11, /setup): kinds, their defaults and checks.

Every list is rows of (name, text). What the two hold per kind:

- ``move``: one of the 18 negotiation moves — name, how it is played;
- ``tactic``: one of the 30 collection tactics — name (as visits log it), description;
- ``material``: the materials checklist of the morning meeting — item, note;
- ``conduct``: conduct reminders — the rule, a note;
- ``custom``: customs notes — the ethnicity, what to respect;
- ``customer_type``: strategy per customer type — the type (one of CUSTOMER_TYPES),
  the strategy.

Moves and tactics are the trainers' course material and start empty; the other
lists start with the defaults below, which every camp edits to its county.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.errors import InputRejected
from core.records import Problem

ITEM_KINDS = ("move", "tactic", "material", "conduct", "custom", "customer_type")
NAME_MAX = 100

# §4.5: willingness × ability, then the flags
CUSTOMER_TYPES = (
    "有意愿有能力",
    "有意愿无能力",
    "无意愿有能力",
    "无意愿无能力",
    "失联",
    "死亡",
    "涉诉",
    "恶意逃废",
)

# the departments the camp's members come from
DEPARTMENTS = ("信贷营销", "风控合规", "资管")

DEFAULT_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "move": (),
    "tactic": (),
    "material": (
        ("催收通知书及回执", "每户至少两份，回执须借款人、同住成年亲属或授权人签字"),
        ("还款承诺书", "写明还款日期、金额、方式（三要素）"),
        ("工作证", "上门先出示，表明身份"),
        ("执法记录仪", "全程记录，出发前充满电"),
        ("POS机/收款码", "只用银行对公收款渠道，当场出具凭证"),
        ("客户清单和走访计划", "按乡镇、村排好顺序"),
        ("借款合同、借据复印件", "核对贷款账号、金额和到期日"),
        ("签字笔、印泥", ""),
        ("充电宝、雨具、常用药品", ""),
    ),
    "conduct": (
        ("不威胁、恐吓、辱骂客户", "不使用暴力或以暴力相威胁，不侮辱诽谤"),
        ("不向无关人员透露欠款信息", "只向借款人和保证人催收"),
        ("不在公共场所张贴、散发催收信息", ""),
        ("表明身份和来意", "上门先出示工作证，说明所属银行和来意"),
        (
            "夜间上门须经客户同意",
            "静默时段（默认 22:00 至次日 08:00）的走访须事先约定，备注中记录客户同意",
        ),
        ("至少两人同行", "一人沟通，一人记录，全程执法记录仪"),
        ("不私收现金", "收款走银行渠道并当场出具凭证，不得个人代收"),
        ("尊重当地民族风俗习惯", "走访少数民族客户前查看风俗提示"),
    ),
    "custom": (
        ("回族", "尊重清真饮食习惯，不携带、不谈论猪肉制品；避开主麻日（周五）聚礼时间上门"),
        ("藏族", "尊重宗教信仰，不随意触摸佛像、经幡、玛尼堆；进门注意礼节"),
        ("彝族", "火把节等重大节日期间避免上门催收"),
        ("苗族", "苗年、四月八等节日期间避免上门催收；尊重家中祭祀习俗"),
    ),
    "customer_type": (
        (
            "有意愿有能力",
            "督促尽快足额还款；当场约定还款日期、金额、方式（三要素），签收催收通知书回执",
        ),
        (
            "有意愿无能力",
            "了解困难原因，制定分期还款计划，争取部分还款和签收回执；协调保证人代偿或追加担保",
        ),
        ("无意愿有能力", "讲清法律后果和征信影响，联动保证人、村委；收集财产线索，准备依法起诉"),
        ("无意愿无能力", "首先保住诉讼时效（签收回执）；核实财产和收入状况，评估核销或处置"),
        ("失联", "通过亲属、村委、保证人查找下落；下落不明时以报纸公告催收，中断诉讼时效"),
        ("死亡", "核实死亡情况，确认继承人和遗产；在遗产范围内向继承人主张，联系保证人"),
        ("涉诉", "跟进审理和执行进度；判决履行期限届满后两年内申请强制执行"),
        (
            "恶意逃废",
            "固定证据，依法起诉并申请财产保全；申请列入失信被执行人名单，涉嫌犯罪的移送公安",
        ),
    ),
}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return str(value).strip()


def clean_items(kind: str, rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The rows of one list as stored: trimmed (name, text), blank rows dropped.

    Rows are numbered from 1 as the editor shows them. Raises InputRejected listing
    every problem: a missing or too long name, a name listed twice, and for
    ``customer_type`` a name that is not one of CUSTOMER_TYPES.
    """
    if kind not in ITEM_KINDS:
        raise InputRejected([Problem.coded(None, "kind", "list.unknown", kind=repr(kind))])
    problems: list[Problem] = []
    items: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        name, text = _text(row.get("name")), _text(row.get("text"))
        if not name and not text:
            continue
        if not name:
            problems.append(Problem.coded(number, "name", "list.name_required"))
            continue
        if len(name) > NAME_MAX:
            problems.append(Problem.coded(number, "name", "input.too_long", limit=NAME_MAX))
            continue
        if kind == "customer_type" and name not in CUSTOMER_TYPES:
            problems.append(
                Problem.coded(
                    number,
                    "name",
                    "list.not_customer_type",
                    name=name,
                    expected="、".join(CUSTOMER_TYPES),
                )  # fmt: skip
            )
            continue
        if name in seen:
            problems.append(
                Problem.coded(number, "name", "list.twice", name=name, first=seen[name])
            )
            continue
        seen[name] = number
        items.append((name, text))
    if problems:
        raise InputRejected(problems)
    return items
