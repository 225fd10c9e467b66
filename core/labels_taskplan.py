"""Labels of the work plan on /postloan (core/taskplan.py), merged into core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "post.tab.plan": {"zh": "工作计划", "en": "Work plan"},
    "plan.per_day": {"zh": "每天可办任务数", "en": "Tasks a day"},
    "plan.per_day_help": {
        "zh": "一位客户经理一天能办完的任务数（上门、电话、签收）。"
        "计划只是排序，不改变任务的到期日。",
        "en": "How many tasks one account manager can do in a day (visits, calls, "
        "receipts). The plan only orders the work; it never changes a due date.",
    },
    "plan.weekends": {"zh": "周末也安排任务", "en": "Plan weekends too"},
    "plan.summary": {
        "zh": "未完成任务 {n} 项（其中法定期限 {deadline} 项），按每天 {per_day} 项"
        "需 {days} 个工作日，预计 {last} 办完。法定期限（诉讼时效、保证期间、申请执行）优先，"
        "其余按欠款金额从大到小。",
        "en": "{n} open tasks ({deadline} keep a legal deadline): at {per_day} a day, "
        "{days} working days, done by {last}. Legal deadlines (limitation, guarantee "
        "period, enforcement) first, then the largest amounts owed.",
    },
    "plan.pushed_late": {
        "zh": "按此产能，有 {n} 项任务排在到期日之后（其中法定期限 {deadline} 项）："
        "请提高每天任务数、周末加班或请行长调配人手。",
        "en": "At this pace {n} task(s) fall after their due date ({deadline} of them "
        "legal deadlines): do more a day, work weekends or ask for help.",
    },
    "plan.overdue": {
        "zh": "{n} 项任务已超期，已排在最前面的几天。",
        "en": "{n} task(s) are overdue already: they are planned in the first days.",
    },
    "plan.day": {
        "zh": "{month}月{day}日 {weekday}{today} · {n} 项",
        "en": "{weekday} {month}/{day}{today} · {n}",
    },
    "plan.today": {"zh": "（今天）", "en": " (today)"},
    "plan.week": {
        "zh": "第 {week} 周（{start} 至 {end}）· {n} 项{late}",
        "en": "Week {week} ({start} to {end}) · {n}{late}",
    },
    "plan.week_late": {"zh": "，晚于到期日 {n} 项", "en": ", {n} after their due date"},
    "plan.col.day": {"zh": "计划日期", "en": "Planned on"},
    "plan.col.late": {"zh": "提示", "en": "Note"},
    "plan.late": {"zh": "晚于到期日", "en": "after its due date"},
    "plan.xlsx.late": {"zh": "是", "en": "yes"},
}
