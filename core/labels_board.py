"""Labels of /board, merged into the one translation table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "board.title": {"zh": "晨会动员", "en": "Morning mobilisation"},
    "board.no_teams": {
        "zh": "训练营还没有团队：请管理员在“训练营设置”中添加。",
        "en": "The camp has no teams yet: the organiser adds them in Camp setup.",
    },
    "board.gone": {
        "zh": "训练营 {code} 已不存在，请在左侧重新选择。",
        "en": "Camp {code} no longer exists: pick another in the sidebar.",
    },
    # ---- the header
    "board.day": {"zh": "第 {day} 天 / 共 {days} 天", "en": "Day {day} of {days}"},
    "board.field_day": {"zh": "实战第 {k} 天 / 共 {n} 天", "en": "Field day {k} of {n}"},
    "board.research_day": {"zh": "调研日", "en": "Research day"},
    "board.class_day": {"zh": "培训日", "en": "Classroom day"},
    "board.before": {"zh": "{date} 开营", "en": "Opens on {date}"},
    "board.after": {"zh": "训练营已结束", "en": "The camp has ended"},
    "board.frozen": {"zh": "排名已冻结", "en": "Standings frozen"},
    "board.clock": {
        "zh": "{month}月{day}日 {weekday} {time}",
        "en": "{weekday} {month}/{day} {time}",
    },
    "board.weekday.0": {"zh": "周一", "en": "Mon"},
    "board.weekday.1": {"zh": "周二", "en": "Tue"},
    "board.weekday.2": {"zh": "周三", "en": "Wed"},
    "board.weekday.3": {"zh": "周四", "en": "Thu"},
    "board.weekday.4": {"zh": "周五", "en": "Fri"},
    "board.weekday.5": {"zh": "周六", "en": "Sat"},
    "board.weekday.6": {"zh": "周日", "en": "Sun"},
    # ---- channels
    "board.channel": {"zh": "频道", "en": "Channel"},
    "board.channel_auto": {"zh": "自动轮播", "en": "Rotate"},
    "board.channel_help": {
        "zh": "投影时每 {seconds} 秒换一个频道；选定一个频道则停在该频道。"
        "投影地址可加 ?present=1&view=2 固定频道。",
        "en": "The projector moves to the next channel every {seconds} s; pick one to hold "
        "it. A bookmark can hold one too: ?present=1&view=2.",
    },
    "board.view.scores": {"zh": "战况与 PK", "en": "Results and PK"},
    "board.view.plans_today": {"zh": "今日走访计划", "en": "Today's visit plans"},
    "board.view.plans_day": {
        "zh": "第 {day} 天（{date}）走访计划",
        "en": "Visit plans of day {day} ({date})",
    },
    "board.view.notes": {"zh": "物资 · 奖惩 · 纪律 · 风俗", "en": "Materials, rules, conduct"},
    "board.page": {"zh": "{n}/{of}", "en": "{n}/{of}"},
    # ---- the scoreboard
    "board.col.rank": {"zh": "排名", "en": "Rank"},
    "board.col.team": {"zh": "团队", "en": "Team"},
    "board.col.visits": {"zh": "走访", "en": "Visits"},
    "board.col.points": {"zh": "积分", "en": "Points"},
    "board.col.cash": {"zh": "收回(万)", "en": "Cash (万)"},
    "board.col.place": {"zh": "名次", "en": "Place"},
    "board.col.target": {"zh": "目标(万)", "en": "Target (万)"},
    "board.col.attainment": {"zh": "完成率", "en": "Attained"},
    "board.night": {"zh": "昨夜战果（{since} 后）", "en": "Last night (after {since})"},
    "board.period_yesterday": {"zh": "昨日（第 {day} 天）", "en": "Yesterday (day {day})"},
    "board.period_day": {"zh": "第 {day} 天时段", "en": "Period of day {day}"},
    "board.period_none": {"zh": "时段未结束", "en": "No period closed"},
    "board.to_date": {"zh": "累计对照目标", "en": "Camp to date vs target"},
    "board.total": {
        "zh": "全营累计收回 {cash} 万元 / 目标 {target} 万元（{share}）",
        "en": "Camp to date: {cash} 万 of a {target} 万 target ({share})",
    },
    "board.pace": {
        "zh": "竖线：按已结束时段应达进度 {share}",
        "en": "Line: where the closed periods put the camp, {share}",
    },
    "board.red_flag": {"zh": "流动红旗", "en": "Red flag"},
    "board.red_flag_holder": {
        "zh": "第 {day} 天时段第一 · {points} 分",
        "en": "Top of day {day}'s period · {points} points",
    },
    "board.red_flag_none": {"zh": "首个时段结束后颁发", "en": "Awarded when a period closes"},
    "board.pairings_today": {"zh": "今日 PK 对阵", "en": "Today's PK pairings"},
    "board.pairings_day": {"zh": "第 {day} 天 PK 对阵", "en": "PK pairings of day {day}"},
    "board.pairings_none": {"zh": "尚未设置对阵", "en": "No pairings set"},
    "board.results": {"zh": "第 {day} 天 PK 结果", "en": "PK results of day {day}"},
    "board.won": {"zh": "胜", "en": "won"},
    "board.draw": {"zh": "平局", "en": "Draw"},
    "board.vs": {"zh": "VS", "en": "vs"},
    # ---- the plans
    "board.plan.summary": {"zh": "{n} 户 · {owed} 万", "en": "{n} households · {owed} 万"},
    "board.plan.prefilled": {"zh": "预排", "en": "prefilled"},
    "board.plan.stored": {"zh": "已定", "en": "set"},
    "board.plan.continued": {"zh": "（续）", "en": " (cont.)"},
    "board.plan.empty": {"zh": "没有安排走访", "en": "No visits planned"},
    "board.plan.no_village": {"zh": "村未填", "en": "village not given"},
    "board.plan.none": {
        "zh": "还没有走访计划：清收范围内没有贷款，或团队还没有辖区。",
        "en": "No visit plans: no loans in the scope, or the teams have no territories.",
    },
    "board.plan.owed": {"zh": "{owed}万", "en": "{owed}万"},
    "board.plan.legend": {
        "zh": "序号 = 走访优先级（30 天内届满 → 时效已过期 → 时效紧急 → 今日承诺 → 金额）",
        "en": "Number = priority (ends within 30 days → expired → urgent → promise due → amount)",
    },
    "board.tier.deadline": {"zh": "30天内届满", "en": "Ends within 30 days"},
    "board.tier.expired": {"zh": "时效已过期", "en": "Expired"},
    "board.tier.urgent": {"zh": "时效紧急", "en": "Urgent"},
    "board.tier.promise": {"zh": "今日承诺", "en": "Promise due"},
    # ---- the lists
    "board.materials": {"zh": "物资清单", "en": "Materials checklist"},
    "board.rules": {"zh": "奖惩规则", "en": "Rewards and penalties"},
    "board.rules_none": {
        "zh": "尚未录入奖惩规则（训练营设置 → 规则文本）。",
        "en": "No rules text yet (Camp setup → rules text).",
    },
    "board.conduct": {"zh": "行为规范", "en": "Conduct reminders"},
    "board.customs": {"zh": "民族风俗提示", "en": "Customs notes"},
    "board.customs_none": {
        "zh": "今日计划中的客户没有需要提示的民族风俗。",
        "en": "No customs notes for the households on today's plans.",
    },
    # ---- team colours and emblems (/setup, teams tab)
    "setup.style": {"zh": "队色与队徽", "en": "Team colours and emblems"},
    "setup.style.help": {
        "zh": "大屏（晨会看板、PK 榜）和战报海报用这些颜色与队徽区分各队；"
        "未设置的团队自动分配一种颜色。",
        "en": "The wall (/board, /pk) and the poster tell the teams apart by these; a team "
        "without a colour gets one of its own.",
    },
    "setup.style.colour": {"zh": "队色", "en": "Colour"},
    "setup.style.emblem": {"zh": "队徽", "en": "Emblem"},
    "setup.style.badge": {"zh": "队徽文字", "en": "Badge"},
    "setup.style.badge_help": {
        "zh": "队徽选“文字”时使用：1–2 个汉字、字母或数字，如 虎、A1",
        "en": "Used when the emblem is “text”: 1–2 letters or digits, e.g. 虎, A1",
    },
    "setup.style.icon.none": {"zh": "无", "en": "None"},
    "setup.style.icon.badge": {"zh": "文字", "en": "Text"},
    "setup.style.icon.star": {"zh": "星", "en": "Star"},
    "setup.style.icon.bolt": {"zh": "闪电", "en": "Bolt"},
    "setup.style.icon.shield": {"zh": "盾牌", "en": "Shield"},
    "setup.style.icon.flag": {"zh": "旗帜", "en": "Flag"},
    "setup.style.icon.emoji_events": {"zh": "奖杯", "en": "Trophy"},
    "setup.style.icon.favorite": {"zh": "红心", "en": "Heart"},
    "setup.style.icon.whatshot": {"zh": "火焰", "en": "Flame"},
    "setup.style.icon.pets": {"zh": "虎爪", "en": "Paw"},
    "setup.style.icon.water_drop": {"zh": "水滴", "en": "Drop"},
    "setup.style.icon.landscape": {"zh": "山峰", "en": "Mountain"},
    "setup.style.icon.adjust": {"zh": "靶心", "en": "Target"},
    "setup.style.icon.trending_up": {"zh": "上升", "en": "Rising"},
    # ---- the news ticker of /board and /pk (core.ticker)
    "news.title": {"zh": "快讯", "en": "News"},
    "news.none": {"zh": "今天还没有大额收回或签收", "en": "No big recovery or signature yet today"},
    "news.cash": {
        "zh": "{team} 收回 {borrower} {amount}{unit}",
        "en": "{team}: {amount}{unit} from {borrower}",
    },
    "news.cash_settled": {
        "zh": "{team} 收回 {borrower} {amount}{unit}，结清",
        "en": "{team}: {amount}{unit} from {borrower}, settled",
    },
    "news.ack": {"zh": "{team} 取得 {borrower} 催收签收", "en": "{team}: {borrower} signed"},
    "news.ack_urgent": {
        "zh": "{team} 取得 {borrower} 签收，保住临期时效",
        "en": "{team}: {borrower} signed, an urgent limitation saved",
    },
    "news.unit.wan": {"zh": "万元", "en": " ×10,000 元"},
    "news.unit.yuan": {"zh": "元", "en": " 元"},
}
