"""Labels of /pk, merged into the one translation table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "pk.no_camp": {
        "zh": "还没有训练营：请管理员先在“训练营设置”中创建。",
        "en": "No camp yet: the organiser creates one in Camp setup first.",
    },
    "pk.no_teams": {
        "zh": "这个训练营还没有团队。",
        "en": "This camp has no teams yet.",
    },
    "pk.day": {
        "zh": "第 {day} 天 / 共 {days} 天 · 实战第 {k} 天 / 共 {n} 天",
        "en": "Day {day} of {days} · field day {k} of {n}",
    },
    "pk.day_plain": {"zh": "第 {day} 天 / 共 {days} 天", "en": "Day {day} of {days}"},
    "pk.before": {"zh": "实战尚未开始", "en": "The field days have not begun"},
    "pk.over": {"zh": "训练营已结束 · 最终排名", "en": "The camp is over · final ranking"},
    "pk.changed": {"zh": "数据更新于 {time}", "en": "Data changed at {time}"},
    "pk.never": {"zh": "暂无数据", "en": "no data yet"},
    "pk.refresh": {"zh": "每 {seconds} 秒自动刷新", "en": "refreshes every {seconds} s"},
    "pk.col.rank": {"zh": "名次", "en": "Rank"},
    "pk.col.move": {"zh": "升降", "en": "Move"},
    "pk.col.team": {"zh": "团队", "en": "Team"},
    "pk.col.points": {"zh": "积分", "en": "Points"},
    "pk.col.cash": {"zh": "收回（万元）", "en": "Cash (10k ¥)"},
    "pk.col.attain": {"zh": "目标达成", "en": "Of target"},
    "pk.col.member": {"zh": "姓名", "en": "Name"},
    "pk.move_since": {
        "zh": "升降：与第 {day} 天时段结束时相比",
        "en": "Move: since day {day}'s period ended",
    },
    "pk.screen": {
        "zh": "第 {first}–{last} 名 / 共 {n} 队（轮播）",
        "en": "Ranks {first}–{last} of {n} teams (rotating)",
    },
    "pk.members": {"zh": "清收标兵", "en": "Top collectors"},
    "pk.no_members": {"zh": "还没有个人成绩", "en": "No member has scored yet"},
    "pk.race": {"zh": "积分赛跑", "en": "Points race"},
    "pk.race_start": {"zh": "起点", "en": "Start"},
    "pk.race_day": {"zh": "第{day}天", "en": "Day {day}"},
    "pk.race_axis": {"zh": "累计积分", "en": "Points to date"},
    "pk.race_empty": {
        "zh": "实战开始后显示每天的累计积分",
        "en": "The daily race appears once the field days begin",
    },
    "pk.pairings": {"zh": "今日 PK · 第 {day} 天", "en": "Today's PK · day {day}"},
    "pk.pairings_final": {"zh": "PK 结果 · 第 {day} 天", "en": "PK results · day {day}"},
    "pk.no_pairings": {"zh": "今日未设 PK 对阵", "en": "No PK pairings today"},
    "pk.lead_hint": {"zh": "红色：领先", "en": "red: ahead"},
    "pk.won_hint": {"zh": "红色：胜方", "en": "red: winner"},
    "pk.level": {"zh": "持平", "en": "level"},
    "pk.flag": {
        "zh": "流动红旗：{team}（第 {day} 天时段第一）",
        "en": "Red flag: {team} (top of day {day}'s period)",
    },
    "pk.no_flag": {
        "zh": "流动红旗：首个时段结束后揭晓",
        "en": "Red flag: awarded when the first period ends",
    },
    "pk.new_leader": {"zh": "{team} 登顶第一！", "en": "{team} takes the lead!"},
}
