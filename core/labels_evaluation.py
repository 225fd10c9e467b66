"""Labels of the camp's evaluation on /postloan, merged into the one table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "eval.title": {"zh": "训练营成效评估", "en": "The camp's evaluation"},
    "eval.caption": {
        "zh": "{name}（{code}）· 截至 {today}",
        "en": "{name} ({code}) · as of {today}",
    },
    "eval.caption_closed": {
        "zh": "{name}（{code}）· {closed} 结营 · 截至 {today}",
        "en": "{name} ({code}) · closed on {closed} · as of {today}",
    },
    # ---- headline metrics
    "eval.m.cash": {"zh": "清收金额（万元）", "en": "Cash collected (10k yuan)"},
    "eval.m.cash_help": {
        "zh": "训练营期间（计入排名的走访）共 {yuan} 元：本金 {principal} 元，"
        "利息 {interest} 元，核销贷款收回 {written_off} 元。"
        "另有结营后跟进收回 {after} 元，单独列示，不计入上面的金额。",
        "en": "During the camp (counted visits) {yuan} 元: principal {principal}, interest "
        "{interest}, written-off loans {written_off}. Follow-ups after the close collected "
        "{after} 元 more, shown apart and not added in.",
    },
    "eval.m.promises": {"zh": "承诺兑现率（兑现/到期）", "en": "Promises kept (kept/due)"},
    "eval.m.promises_help": {
        "zh": "承诺日期已过（早于 {today}）的完整承诺 {due} 笔，其中 {kept} 笔兑现："
        "承诺走访之后至承诺日当天结束，该贷款的走访和跟进收回的本息不少于承诺金额。",
        "en": "{due} complete promises dated before {today}, {kept} kept: the loan's visits and "
        "follow-ups after the promise's visit, up to the end of its date, paid at least the "
        "amount promised.",
    },
    "eval.m.saved": {"zh": "时效保全（笔）", "en": "Limitations saved"},
    "eval.m.saved_help": {
        "zh": "训练营首次走访时诉讼时效已过期或紧急、经训练营走访"
        "（届满前收款或签收，届满后借款人本人签收）"
        "在营期最后一天已安全的贷款；其本金余额 {yuan} 元。",
        "en": "Loans whose limitation the camp's first visit found expired or urgent and "
        "which the camp's visits (money or the borrower's signature) made safe by its last "
        "day; their principal {yuan} 元.",
    },
    "eval.m.npl_balance": {
        "zh": "不良余额（万元，前 → 后）",
        "en": "NPL balance (10k yuan, before → after)",
    },
    "eval.m.npl_count": {"zh": "不良笔数（前 → 后）", "en": "NPL loans (before → after)"},
    "eval.m.npl_help": {
        "zh": "{b_date} 清单：{before} 笔 {b_yuan} 元；{a_date} 清单：{after} 笔 {a_yuan} 元"
        "（次级、可疑、损失；取清单分类与逾期天数下限中较差者；仅清收范围内的表内贷款）。"
        "已核销（表外）另列，不计入不良：前 {b_wo} 笔 {b_wo_yuan} 元，"
        "后 {a_wo} 笔 {a_wo_yuan} 元。",
        "en": "List of {b_date}: {before} loans, {b_yuan} 元; list of {a_date}: {after} loans, "
        "{a_yuan} 元 (次级, 可疑, 损失; the worse of the listed class and the floor of the "
        "days overdue; on-balance-sheet loans of the camp's scope). Written off (表外), "
        "never in the NPL figures: before {b_wo} loans, {b_wo_yuan} 元; after {a_wo} loans, "
        "{a_wo_yuan} 元.",
    },
    "eval.m.cost": {"zh": "每元清收成本", "en": "Cost per 元 collected"},
    "eval.m.cost_help": {
        "zh": "训练营费用 {cost} 元 ÷ 训练营期间清收金额（不含结营后跟进）",
        "en": "Camp cost {cost} 元 ÷ cash collected during the camp (follow-ups left out)",
    },
    "eval.m.no_cost": {
        "zh": "未填写训练营费用（在“训练营设置”中填写）",
        "en": "No camp cost given (enter it in Camp setup)",
    },
    "eval.no_list": {"zh": "还没有导入贷款清单。", "en": "No loan list imported yet."},
    "eval.no_later_list": {
        "zh": "还没有训练营开营后日期的贷款清单：导入结营后的清单后即可对比前后不良与分类迁徙。",
        "en": "No loan list dated after the camp's start yet: import the list drawn after "
        "the camp to compare NPLs and see the migration between classes.",
    },
    # ---- cash
    "eval.cash.title": {"zh": "清收金额分布", "en": "Cash collected by group"},
    "eval.cash.help": {
        "zh": "账龄按贷款清单中的逾期天数；客户分类为贷款当前的分类。",
        "en": "Aging by the loan list's days overdue; customer type as the loan has it now.",
    },
    "eval.dim.segment": {"zh": "客户类型", "en": "Segment"},
    "eval.dim.bucket": {"zh": "逾期天数（账龄）", "en": "Aging (days overdue)"},
    "eval.dim.township": {"zh": "乡镇", "en": "Township"},
    "eval.dim.customer_type": {"zh": "客户分类", "en": "Customer type"},
    "eval.not_overdue": {"zh": "未逾期", "en": "not overdue"},
    "eval.chart.camp": {"zh": "训练营期间", "en": "During the camp"},
    "eval.chart.after": {"zh": "结营后跟进", "en": "After the camp"},
    "eval.chart.axis": {"zh": "万元", "en": "10k yuan"},
    "eval.chart.hover": {"zh": "{name}：{yuan} 元", "en": "{name}: {yuan} yuan"},
    "eval.chart.table": {"zh": "明细表", "en": "Table"},
    "eval.col.principal": {"zh": "本金（元）", "en": "Principal (元)"},
    "eval.col.interest": {"zh": "利息（元）", "en": "Interest (元)"},
    "eval.col.written_off": {"zh": "核销收回（元）", "en": "Written-off (元)"},
    "eval.col.camp": {"zh": "训练营期间合计（元）", "en": "During the camp (元)"},
    "eval.col.after": {"zh": "结营后跟进（元）", "en": "After the camp (元)"},
    # ---- migration
    "eval.mig.title": {"zh": "五级分类迁徙", "en": "Migration between classes"},
    "eval.mig.help": {
        "zh": "行：{b_date} 清单（{b_file}）中仍欠款贷款的分类；"
        "列：{a_date} 清单（{a_file}）中的分类。余额为前一清单的本金。",
        "en": "Rows: the class of each loan owing in the list of {b_date} ({b_file}); columns: "
        "its class in the list of {a_date} ({a_file}). Balances are the first list's "
        "principal.",
    },
    "eval.mig.counts": {"zh": "笔数", "en": "Loans"},
    "eval.mig.balances": {"zh": "余额（元）", "en": "Balance (元)"},
    "eval.mig.before_after": {"zh": "前 \\ 后", "en": "Before \\ after"},
    "eval.mig.total": {"zh": "合计", "en": "Total"},
    "eval.mig.settled": {"zh": "已结清", "en": "Settled"},
    "eval.mig.absent": {"zh": "不在后一清单", "en": "Not in the later list"},
    "eval.mig.moved": {
        "zh": "分类上调（变好）{better} 笔，下调（变差）{worse} 笔，结清 {settled} 笔。",
        "en": "{better} loans moved to a better class, {worse} to a worse one, {settled} settled.",
    },
    # ---- tactics
    "eval.tactics.title": {"zh": "招式成效", "en": "Tactic effectiveness"},
    "eval.tactics.help": {
        "zh": "使用该招式的走访中，同一贷款在走访当时至其后 14 天内有还款（本金或利息，"
        "训练营走访或结营后跟进）的比例；走访当场收回款项也算。",
        "en": "Of the visits that used the tactic, the share followed by a payment (principal "
        "or interest, a camp visit or a follow-up) on the same loan from the visit up to 14 "
        "days after it; money collected at the visit itself counts.",
    },
    "eval.tactics.none": {"zh": "还没有记录招式的走访。", "en": "No visit logged a tactic yet."},
    "eval.col.tactic": {"zh": "招式", "en": "Tactic"},
    "eval.col.visits": {"zh": "走访次数", "en": "Visits"},
    "eval.col.followed": {"zh": "14天内有还款", "en": "Paid within 14 days"},
    "eval.col.share": {"zh": "比例", "en": "Share"},
    "eval.all_types": {"zh": "全部", "en": "All types"},
    # ---- workbook
    "eval.download": {"zh": "下载评估表（Excel）", "en": "Download the evaluation (Excel)"},
    "eval.sheet.overview": {"zh": "评估概览", "en": "Overview"},
    "eval.sheet.cash_segment": {"zh": "按客户类型", "en": "Cash by segment"},
    "eval.sheet.cash_bucket": {"zh": "按账龄", "en": "Cash by aging"},
    "eval.sheet.cash_township": {"zh": "按乡镇", "en": "Cash by township"},
    "eval.sheet.cash_customer_type": {"zh": "按客户分类", "en": "Cash by customer type"},
    "eval.sheet.migration_count": {"zh": "分类迁徙-笔数", "en": "Migration - loans"},
    "eval.sheet.migration_balance": {"zh": "分类迁徙-余额", "en": "Migration - balance"},
    "eval.sheet.tactics": {"zh": "招式成效", "en": "Tactics"},
    "eval.col.item": {"zh": "项目", "en": "Item"},
    "eval.col.value": {"zh": "数值", "en": "Value"},
    "eval.col.camp_name": {"zh": "训练营", "en": "Camp"},
    "eval.col.today": {"zh": "评估日期", "en": "As of"},
    "eval.col.closed_on": {"zh": "结营日期", "en": "Closed on"},
    "eval.col.saved_balance": {"zh": "时效保全贷款余额（元）", "en": "Saved loans' balance (元)"},
    "eval.col.cost_per_yuan": {"zh": "每元清收成本（元）", "en": "Cost per 元 collected (元)"},
}
