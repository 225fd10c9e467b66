"""Labels of /research, merged into the one translation table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "research.caption": {
        "zh": "{name}（{code}）· 清收范围内 {n} 笔贷款，范围外 {out} 笔",
        "en": "{name} ({code}) · {n} loans in the camp's scope, {out} outside it",
    },
    "research.no_loans": {
        "zh": "清收范围内还没有贷款：请管理员在“训练营设置”中导入贷款清单或调整清收范围。",
        "en": "No loans in the camp's scope yet: the organiser imports the loan list or "
        "widens the scope in Camp setup.",
    },
    "research.at": {"zh": "调研基准日", "en": "Research date"},
    "research.at_help": {
        "zh": "逾期天数、五级分类下限和诉讼时效按此日期计算；默认为训练营当地今天。",
        "en": "Days overdue, the class floor and the limitation are read at this date; "
        "camp local today by default.",
    },
    "research.tab.composition": {"zh": "组合构成", "en": "Composition"},
    "research.tab.clocks": {"zh": "时效与期限", "en": "Clocks"},
    "research.tab.types": {"zh": "客户分类", "en": "Customer types"},
    "research.tab.attention": {"zh": "乡镇注意事项", "en": "Attention notes"},
    "research.tab.plans": {"zh": "每日走访计划", "en": "Daily visit plans"},
    "research.save": {"zh": "保存", "en": "Save"},
    "research.saved": {"zh": "已保存。", "en": "Saved."},
    "research.unchanged": {"zh": "没有改动。", "en": "Nothing changed."},
    "research.rejected": {
        "zh": "未保存：请修正以下问题（没有写入任何内容）。",
        "en": "Not saved: fix the problems below (nothing was written).",
    },
    # ---- composition
    "research.m.loans": {"zh": "在清贷款（笔）", "en": "Loans owing"},
    "research.m.loans_help": {
        "zh": "清收范围内仍欠本息的贷款；已结清 {settled} 笔，范围外 {out} 笔不计。",
        "en": "Loans in the scope still owing; {settled} settled and {out} outside the "
        "scope are left out.",
    },
    "research.m.balance": {"zh": "贷款余额（万元）", "en": "Balance (10k yuan)"},
    "research.m.balance_help": {
        "zh": "本金余额 {yuan} 元；欠息 {interest} 元（已扣除训练营期间收回的金额）",
        "en": "Principal {yuan} yuan; owed interest {interest} yuan (after what the camp "
        "has collected)",
    },
    "research.m.npl": {"zh": "不良余额（万元）", "en": "NPL balance (10k yuan)"},
    "research.m.npl_count": {"zh": "不良笔数", "en": "NPL loans"},
    "research.m.npl_ratio": {"zh": "不良率（按表内余额）", "en": "NPL ratio (on-balance-sheet)"},
    "research.m.npl_help": {
        "zh": "{yuan} 元，仅表内贷款；已核销（表外）{n} 笔 {wo} 元另列，不计入不良余额和不良率",
        "en": "{yuan} yuan, on-balance-sheet loans only; written off (表外): {n} loans, "
        "{wo} yuan, shown apart, never in the NPL balance or ratio",
    },
    "research.m.expired_urgent": {
        "zh": "时效已过期 / 紧急",
        "en": "Limitation expired / urgent",
    },
    "research.composition.help": {
        "zh": "基准日 {at}。五级分类取清单分类与逾期天数对应下限中较差者；"
        "不良 = 次级 + 可疑 + 损失。柱高为余额（万元），柱上为笔数。",
        "en": "At {at}. The class is the worse of the listed class and the floor for the "
        "days overdue; NPL = 次级 + 可疑 + 损失. Bar height: balance (10k yuan); label: loans.",
    },
    "research.dim.segment": {"zh": "客户类型", "en": "Segment"},
    "research.dim.bucket": {"zh": "逾期账龄", "en": "Aging bucket"},
    "research.dim.risk_class": {"zh": "五级分类", "en": "Five-category class"},
    "research.dim.township": {"zh": "乡镇", "en": "Township"},
    "research.dim.status": {"zh": "诉讼时效状态", "en": "Limitation status"},
    "research.chart.bar": {"zh": "{n} 笔 · {wan} 万元", "en": "{n} loans · {wan}"},
    "research.chart.count": {"zh": "{n} 笔", "en": "{n}"},
    "research.chart.balance_wan": {"zh": "余额（万元）", "en": "Balance (10k yuan)"},
    "research.chart.table": {"zh": "明细表", "en": "Table"},
    "research.bucket.none": {"zh": "未逾期", "en": "not overdue"},
    "research.bucket.days": {"zh": "{b} 天", "en": "{b} days"},
    "research.bucket.over": {"zh": "1095 天以上", "en": "over 1095 days"},
    "research.flagged.title": {
        "zh": "分类偏离：清单分类优于下限（{n} 笔）",
        "en": "Classes under the floor: listed better than the floor ({n})",
    },
    "research.flagged.help": {
        "zh": "按 2023 年金融资产风险分类办法：逾期即至少关注，逾期 90 天以上至少次级，"
        "270 天以上至少可疑，360 天以上为损失。",
        "en": "2023 risk-classification measures: overdue at all → at least 关注; over 90 "
        "days → 次级; over 270 → 可疑; over 360 → 损失.",
    },
    "research.flagged.none": {
        "zh": "没有清单分类优于下限的贷款。",
        "en": "No loan is listed better than its floor.",
    },
    # ---- columns
    "research.col.count": {"zh": "笔数", "en": "Loans"},
    "research.col.balance": {"zh": "本金余额（元）", "en": "Principal (yuan)"},
    "research.col.interest": {"zh": "欠息（元）", "en": "Owed interest (yuan)"},
    "research.col.npl_count": {"zh": "不良笔数", "en": "NPL loans"},
    "research.col.npl_balance": {"zh": "不良余额（元）", "en": "NPL balance (yuan)"},
    "research.col.loan_no": {"zh": "贷款账号", "en": "Loan no."},
    "research.col.borrower": {"zh": "借款人", "en": "Borrower"},
    "research.col.township": {"zh": "乡镇", "en": "Township"},
    "research.col.village": {"zh": "村", "en": "Village"},
    "research.col.segment": {"zh": "客户类型", "en": "Segment"},
    "research.col.days": {"zh": "逾期天数", "en": "Days overdue"},
    "research.col.listed": {"zh": "清单分类", "en": "Listed class"},
    "research.col.floor": {"zh": "分类下限", "en": "Floor"},
    "research.col.class": {"zh": "认定分类", "en": "Class"},
    "research.col.status": {"zh": "诉讼时效", "en": "Limitation"},
    "research.col.limitation_start": {"zh": "时效起算日", "en": "Runs from"},
    "research.col.expiry": {"zh": "时效届满日", "en": "Expires"},
    "research.col.days_left": {"zh": "剩余天数", "en": "Days left"},
    "research.col.sued_on": {"zh": "诉讼日期", "en": "Sued on"},
    "research.col.guarantee": {"zh": "保证期间", "en": "Guarantee period"},
    "research.col.demand": {"zh": "已向保证人催收", "en": "Guarantor demanded on"},
    "research.col.enforcement": {"zh": "申请执行期限", "en": "Enforcement deadline"},
    "research.col.customer_type": {"zh": "客户分类", "en": "Customer type"},
    "research.col.strategy": {"zh": "清收策略", "en": "Strategy"},
    # ---- clocks
    "research.clocks.help": {
        "zh": "基准日 {at}。诉讼时效三年，自到期日、清单最后还款和最后签收回执起算；"
        "时效届满前，借款人或同住成年家属签收回执、借款人还款（含代还、到行还款）重新起算；"
        "届满后只有借款人本人签收（放弃时效抗辩）重新起算，家属签收和单纯还款不能恢复；"
        "保证人的签收或还款不影响借款人的时效；自到期日起满二十年超过最长保护期。"
        "保证期间不中断、不延长，连带责任保证期内向保证人主张后起算保证债务时效；"
        "判决履行期限届满后两年内申请执行。已过期和紧急的排在前面。",
        "en": "At {at}. Three years from maturity, the list's last repayment or signed "
        "receipt; while running, a receipt signed by the borrower or a co-resident relative "
        "and a payment by or for the borrower restart it; once expired only the borrower's "
        "own signature (a waiver) does; a guarantor never restarts the borrower's clock; 20 "
        "years after maturity the claim is beyond protection. The guarantee period is never "
        "extended; a demand on a joint guarantor within it starts the guarantor's own three "
        "years; enforcement within two years of the judgment's last day. Expired and urgent "
        "first.",
    },
    "research.clocks.filter": {"zh": "按时效状态筛选", "en": "Filter by limitation status"},
    "research.clocks.left": {"zh": "剩 {n} 天", "en": "{n} days left"},
    "research.clocks.over": {"zh": "已过 {n} 天", "en": "over by {n} days"},
    "research.status.expired": {"zh": "已过期", "en": "expired"},
    "research.status.urgent": {"zh": "紧急（180天内）", "en": "urgent (≤180 days)"},
    "research.status.watch": {"zh": "临期（一年内）", "en": "watch (≤365 days)"},
    "research.status.safe": {"zh": "安全", "en": "safe"},
    "research.status.litigation": {"zh": "诉讼中", "en": "in litigation"},
    "research.status.beyond": {
        "zh": "超过二十年最长保护期",
        "en": "beyond protection (20 years)",
    },
    "research.col.why": {"zh": "时效依据", "en": "Why"},
    # why the limitation runs from where it does (core.clocks reasons)
    "research.clock.from.maturity": {"zh": "自到期日 {on} 起算", "en": "from maturity {on}"},
    "research.clock.from.list_payment": {
        "zh": "清单最后还款 {on} 重新起算",
        "en": "restarted by the list's last repayment {on}",
    },
    "research.clock.from.list_ack": {
        "zh": "清单最后签收回执 {on} 重新起算",
        "en": "restarted by the list's last signed receipt {on}",
    },
    "research.clock.from.borrower_ack": {
        "zh": "{on} 借款人本人签收回执，重新起算",
        "en": "restarted {on}: the borrower signed a receipt",
    },
    "research.clock.from.relative_ack": {
        "zh": "{on} 同住成年家属签收回执，重新起算",
        "en": "restarted {on}: a co-resident relative signed a receipt",
    },
    "research.clock.from.payment": {
        "zh": "{on} 借款人还款（本人、家属代还或到行还款），重新起算",
        "en": "restarted {on}: a payment by or for the borrower",
    },
    "research.clock.from.waiver": {
        "zh": "{on} 时效届满后借款人本人签收：放弃时效抗辩，重新计算三年",
        "en": "{on}: the borrower signed after expiry — a waiver, a new three years",
    },
    "research.clock.from.cap": {
        "zh": "自到期日 {on} 起满二十年为最长保护期（民法典第188条），先于三年届满",
        "en": "20 years from maturity {on} (Civil Code art. 188) end it before three years do",
    },
    "research.clock.from.litigation": {
        "zh": "{on} 已起诉：诉讼中，不计诉讼时效",
        "en": "sued {on}: in litigation, no limitation",
    },
    "research.clock.relative_after_expiry": {
        "zh": "注意：{on} 家属签收在时效届满之后，不能保全（只有借款人本人可以）",
        "en": "note: a relative signed on {on}, after expiry — it saves nothing",
    },
    "research.clock.payment_after_expiry": {
        "zh": "注意：{on} 时效届满后的还款计入回收，但贷款仍为已过期，须借款人本人签收",
        "en": "note: the payment of {on} came after expiry — cash, but the loan stays expired",
    },
    "research.clock.beyond_protection": {
        "zh": "注意：{on} 的签收或还款已超过二十年最长保护期",
        "en": "note: the signature or payment of {on} came beyond the 20-year cap",
    },
    "research.clock.guarantor_demand": {
        "zh": "{on} 向保证人主张（签收）",
        "en": "guarantor demanded {on}",
    },
    "research.clock.guarantor_restart": {
        "zh": "{on} 保证人再次签收或还款",
        "en": "guarantor signed or paid again {on}",
    },
    "research.clock.guarantor_released": {
        "zh": "注意：{on} 保证人签收在保证期间届满之后，保证人已免责，不能恢复",
        "en": "note: the guarantor signed on {on}, after the guarantee period — released",
    },
    "research.clock.general_demand": {
        "zh": "注意：{on} 向一般保证人催收不足以保全，须在保证期间内起诉借款人",
        "en": "note: the demand of {on} is not enough for a general guarantee — sue the "
        "borrower within the period",
    },
    "research.clock.guarantor_not_borrower": {
        "zh": "{on} 保证人还款：不中断借款人的诉讼时效",
        "en": "the guarantor paid {on}: it does not restart the borrower's limitation",
    },
    "research.clock.restart": {"zh": "{on} 重新起算", "en": "restarted {on}"},
    "research.clock.waiver": {"zh": "{on} 放弃时效抗辩", "en": "waiver {on}"},
    # the guarantee
    "research.g.assumed": {"zh": "（按训练营默认）", "en": " (camp default)"},
    "research.g.assumed_count": {
        "zh": "{n} 笔贷款清单未写保证方式，按训练营默认保证方式处理。",
        "en": "{n} loans' lists give no guarantee type: the camp's default was assumed.",
    },
    "research.g.basis.contract": {"zh": "合同约定", "en": "agreed in the contract"},
    "research.g.basis.six_months": {
        "zh": "未约定：主债务到期后六个月",
        "en": "none agreed: six months from maturity",
    },
    "research.g.basis.contract_ignored": {
        "zh": "约定到期日不晚于主债务到期日，视为没有约定：六个月（民法典第692条）",
        "en": "the agreed end is not after maturity, so none (art. 692): six months",
    },
    "research.g.status.running": {"zh": "尚未主张", "en": "not demanded yet"},
    "research.g.status.fixed": {
        "zh": "{on} 已主张，保证债务时效至 {until}",
        "en": "demanded {on}; the guarantor's limitation runs to {until}",
    },
    "research.g.status.suit": {"zh": "期内已起诉借款人", "en": "borrower sued within it"},
    "research.g.status.released": {
        "zh": "期内未主张：保证人免责",
        "en": "lapsed without a demand: guarantor released",
    },
    # a mortgage (art. 419): its line follows the borrower's limitation
    "research.col.mortgage": {"zh": "抵押权", "en": "Mortgage"},
    "research.m.protected": {
        "zh": "须在主债权诉讼时效内行使：{end} 前（民法典第419条）",
        "en": "enforce within the main claim's limitation: by {end} (Civil Code art. 419)",
    },
    "research.m.waived": {
        "zh": "主债权时效届满后经借款人放弃时效抗辩重新起算，至 {end}；"
        "第三人提供的抵押仍可能以时效届满抗辩（民法典第419条）",
        "en": "the limitation runs again to {end} only from the borrower's waiver; a "
        "third-party mortgagor may still plead the lapse (art. 419)",
    },
    "research.m.lapsed": {
        "zh": "主债权诉讼时效已于 {end} 届满：抵押权不再受人民法院保护（民法典第419条）",
        "en": "the main claim's limitation ended on {end}: the mortgage is no longer "
        "protected (Civil Code art. 419)",
    },
    "research.m.litigation": {
        "zh": "已起诉：在诉讼中一并主张抵押权",
        "en": "sued: claim the mortgage in that suit",
    },
    # enforcement
    "research.e.open": {"zh": "尚未申请执行", "en": "not applied for"},
    "research.e.lapsed": {
        "zh": "已过申请执行期限且未申请",
        "en": "the two years are over, none applied for",
    },
    "research.e.applied": {"zh": "{on} 已申请执行", "en": "applied for {on}"},
    "research.e.terminated": {"zh": "{on} 终结本次执行（终本）", "en": "terminated {on} (终本)"},
    "research.e.completed": {"zh": "{on} 执行完毕", "en": "completed {on}"},
    # ---- customer types
    "research.types.strategies": {
        "zh": "客户分类与清收策略（是人是鬼）",
        "en": "Customer types and their strategies",
    },
    "research.types.strategies_help": {
        "zh": "意愿 × 能力四类，加失联、死亡、涉诉、恶意逃废四个标记；策略由培训师编辑，"
        "打印在走访计划上。",
        "en": "Willingness × ability, plus the flags lost contact, deceased, in litigation "
        "and deliberate evasion; trainers edit the strategies, printed on the visit plans.",
    },
    "research.types.loans": {
        "zh": "逐户分类（尚未分类 {n} 笔）",
        "en": "Type per loan ({n} not typed yet)",
    },
    "research.types.untyped": {"zh": "只看未分类", "en": "Untyped only"},
    "research.types.saved": {"zh": "已更新 {n} 笔贷款的客户分类。", "en": "{n} loans updated."},
    "research.term.小微": {"zh": "小微", "en": "小微 (small business)"},
    "research.term.涉农": {"zh": "涉农", "en": "涉农 (agricultural)"},
    "research.term.个人": {"zh": "个人", "en": "个人 (personal)"},
    "research.term.正常": {"zh": "正常", "en": "正常 (pass)"},
    "research.term.关注": {"zh": "关注", "en": "关注 (special mention)"},
    "research.term.次级": {"zh": "次级", "en": "次级 (substandard)"},
    "research.term.可疑": {"zh": "可疑", "en": "可疑 (doubtful)"},
    "research.term.损失": {"zh": "损失", "en": "损失 (loss)"},
    # ---- attention
    "research.att.help": {
        "zh": "按乡镇汇总民族与风俗、集中或分散、涉及的第三方（保证人、法院、继承人等），"
        "并可填写本乡镇的注意事项。",
        "en": "Per township: ethnicities and customs, concentrated or scattered, third "
        "parties involved (guarantors, courts, heirs); and the trainers' own note.",
    },
    "research.att.size": {"zh": "{n} 笔，本金余额 {yuan} 元", "en": "{n} loans, {yuan} yuan"},
    "research.att.concentrated": {
        "zh": "集中：{villages}",
        "en": "Concentrated: {villages}",
    },
    "research.att.scattered": {"zh": "分散：{villages}", "en": "Scattered: {villages}"},
    "research.att.no_village": {"zh": "{n} 笔未注明村", "en": "{n} without a village"},
    "research.att.ethnicities": {"zh": "民族：{list}", "en": "Ethnicities: {list}"},
    "research.att.custom": {"zh": "{ethnicity}风俗：{note}", "en": "{ethnicity} customs: {note}"},
    "research.att.guarantors": {
        "zh": "保证人 {n} 人；为多笔贷款担保：{shared}",
        "en": "{n} guarantors; guaranteeing several loans: {shared}",
    },
    "research.att.courts": {
        "zh": "已起诉 {sued} 笔，已有判决 {judged} 笔",
        "en": "{sued} sued, {judged} with a judgment",
    },
    "research.att.flags": {"zh": "特殊标记：{list}", "en": "Flags: {list}"},
    "research.att.note": {"zh": "注意事项", "en": "Note"},
    # ---- visit plans
    "research.plan.no_teams": {
        "zh": "还没有团队：请管理员在“训练营设置”中建立团队。",
        "en": "No teams yet: the organiser sets them up in Camp setup.",
    },
    "research.plan.day": {"zh": "走访日", "en": "Field day"},
    "research.plan.day_label": {"zh": "第 {day} 天（{date}）", "en": "Day {day} ({date})"},
    "research.plan.team": {"zh": "团队", "en": "Team"},
    "research.plan.limit": {"zh": "预排户数", "en": "Loans to prefill"},
    "research.plan.stored": {
        "zh": "已保存的计划，{n} 户。勾选并填写顺序后保存即可修改。",
        "en": "The saved plan, {n} loans. Tick and number rows, then save, to change it.",
    },
    "research.plan.prefilled": {
        "zh": "系统预排 {n} 户：先排诉讼时效或保证期间 30 天内届满的（按剩余天数），"
        "再排时效已过期的（借款人本人签收仍可放弃时效抗辩），再排时效紧急的，"
        "再排当日到期的还款承诺，其余按紧急程度和欠款金额。",
        "en": "Prefilled, {n} loans: limitations or guarantee periods ending within 30 days "
        "(fewest days first), then expired limitations (the borrower's own signature still "
        "waives the defence), then urgent ones, then promises due that day, then the rest by "
        "urgency and amount owed.",
    },
    "research.plan.gone": {
        "zh": "以下贷款已不在清收范围内，不再显示：{loans}",
        "en": "These loans left the camp's scope and are not shown: {loans}",
    },
    "research.plan.unsaved": {
        "zh": "计划有未保存的改动：保存后晨会看板才会显示。",
        "en": "The plan has unsaved changes: save it so the morning board shows it.",
    },
    "research.plan.save": {"zh": "保存计划", "en": "Save plan"},
    "research.plan.saved": {"zh": "计划已保存（{n} 户）。", "en": "Plan saved ({n} loans)."},
    "research.plan.reset": {"zh": "恢复系统预排", "en": "Back to the prefilled plan"},
    "research.plan.was_reset": {
        "zh": "已恢复系统预排。",
        "en": "The plan is prefilled again.",
    },
    "research.plan.print": {"zh": "打印走访计划（PDF）", "en": "Print the visit plans (PDF)"},
    "research.plan.masked": {"zh": "脱敏打印", "en": "Masked"},
    "research.plan.masked_help": {
        "zh": "姓名只留首字，电话留前3后4位，账号留后4位，不印地址。"
        "外出人员用的计划可不脱敏，用后收回。",
        "en": "Names keep the first character, phones the first 3 and last 4 digits, loan "
        "numbers the last 4, no address. The field copy may be unmasked: collect it back.",
    },
    "research.plan.pdf_team": {"zh": "下载 {team} 的计划", "en": "Download {team}'s plan"},
    "research.plan.pdf_all": {
        "zh": "下载全部团队的计划（已保存或预排）",
        "en": "Download every team's plan (saved or prefilled)",
    },
    "research.plan.col.include": {"zh": "列入", "en": "Plan"},
    "research.plan.col.order": {"zh": "顺序", "en": "Order"},
    "research.plan.col.loan_no": {"zh": "贷款账号", "en": "Loan no."},
    "research.plan.col.borrower": {"zh": "借款人", "en": "Borrower"},
    "research.plan.col.township": {"zh": "乡镇", "en": "Township"},
    "research.plan.col.village": {"zh": "村", "en": "Village"},
    "research.plan.col.tier": {"zh": "优先级", "en": "Priority"},
    "research.plan.col.status": {"zh": "诉讼时效", "en": "Limitation"},
    "research.plan.col.promise": {"zh": "最近承诺", "en": "Latest promise"},
    "research.plan.col.owed": {"zh": "欠款（元）", "en": "Owed (yuan)"},
    "research.plan.col.customer_type": {"zh": "客户分类", "en": "Customer type"},
    "research.tier.0": {"zh": "① 30天内届满", "en": "1 ends within 30 days"},
    "research.tier.1": {"zh": "② 时效已过期", "en": "2 expired"},
    "research.tier.2": {"zh": "③ 时效紧急", "en": "3 urgent"},
    "research.tier.3": {"zh": "④ 当日承诺到期", "en": "4 promise due"},
    "research.tier.4": {"zh": "⑤ 按紧急程度和金额", "en": "5 by urgency and amount"},
    # ---- the PDF
    "research.pdf.title": {"zh": "走访计划", "en": "Visit plan"},
    "research.pdf.heading": {
        "zh": "{team}  第 {day} 天（{date}）",
        "en": "{team}, day {day} ({date})",
    },
    "research.pdf.members": {"zh": "成员：{names}", "en": "Members: {names}"},
    "research.pdf.count": {
        "zh": "共 {n} 户，欠款合计 {amount} 元",
        "en": "{n} loans, {amount} yuan owed in all",
    },
    "research.pdf.empty": {"zh": "本日没有安排走访。", "en": "No visits planned."},
    "research.pdf.due_today": {"zh": "今日到期", "en": "due"},
    "research.pdf.page": {"zh": "第 {n} 页", "en": "page {n}"},
    "research.pdf.confidential": {
        "zh": "内部资料 含客户个人信息 注意保密 用后收回",
        "en": "Internal: holds customers' personal data — keep it safe, hand it back",
    },
    "research.pdf.masked": {"zh": "已脱敏", "en": "Masked copy"},
    "research.pdf.strategies": {"zh": "客户分类与策略", "en": "Customer types and strategies"},
    "research.pdf.customs": {"zh": "民族风俗提示", "en": "Customs notes"},
    "research.pdf.conduct": {"zh": "催收行为规范", "en": "Conduct reminders"},
    "research.pdf.col.order": {"zh": "序号", "en": "#"},
    "research.pdf.col.loan_no": {"zh": "贷款账号", "en": "Loan no."},
    "research.pdf.col.borrower": {"zh": "借款人", "en": "Borrower"},
    "research.pdf.col.phone": {"zh": "联系电话", "en": "Phone"},
    "research.pdf.col.place": {"zh": "村 / 地址", "en": "Village / address"},
    "research.pdf.col.principal": {"zh": "本金余额（元）", "en": "Principal (yuan)"},
    "research.pdf.col.interest": {"zh": "欠息（元）", "en": "Interest (yuan)"},
    "research.pdf.col.limitation": {"zh": "诉讼时效", "en": "Limitation"},
    "research.pdf.col.promise": {"zh": "还款承诺", "en": "Promise"},
    "research.pdf.col.customer_type": {"zh": "客户分类", "en": "Type"},
    "research.pdf.col.guarantors": {"zh": "保证人", "en": "Guarantors"},
    "research.pdf.col.result": {"zh": "走访结果（手写）", "en": "Result (by hand)"},
}
