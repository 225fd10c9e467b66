"""One translation table for every label: Chinese by default, English on a switch."""

from __future__ import annotations

import re
from collections.abc import Callable

from core import (
    labels_awards,
    labels_board,
    labels_entry,
    labels_evaluation,
    labels_evidence,
    labels_fields,
    labels_ledger,
    labels_notices,
    labels_pk,
    labels_postloan,
    labels_research,
    labels_summary,
    labels_taskplan,
    labels_tasks,
)

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

LABELS: dict[str, dict[str, str]] = {
    "app.title": {"zh": "清收训练营指挥台", "en": "Collection Camp Command"},
    "app.tagline": {
        "zh": "农商银行不良贷款清收训练营的指挥台与团队积分榜",
        "en": "Command board and team scoreboard of a rural bank's loan collection camp",
    },
    "app.language": {"zh": "语言 / Language", "en": "语言 / Language"},
    "app.store": {"zh": "数据存储", "en": "Data store"},
    "app.camps": {"zh": "训练营", "en": "Camps"},
    "app.no_camps": {
        "zh": "还没有训练营：用 `python cli.py camp-load 文件.toml` 或 `python cli.py demo` 创建。",
        "en": "No camp yet: create one with `python cli.py camp-load FILE.toml` "
        "or `python cli.py demo`.",
    },
    "app.coming": {
        "zh": "登录、看板和录入页面将在后续版本中上线。",
        "en": "Log-in, boards and entry pages arrive in the next releases.",
    },
    "app.store_error": {
        "zh": "无法连接数据存储，请检查 DATABASE_URL 或联系管理员。",
        "en": "The data store cannot be reached: check DATABASE_URL or call the organiser.",
    },
    "store.unavailable": {
        "zh": "数据库暂时无法连接，未保存，请稍后重试。",
        "en": "The database cannot be reached right now: nothing was saved. "
        "Please try again shortly.",
    },
    "store.hint": {
        "zh": "如果一直如此，请检查 DATABASE_URL 或联系管理员。",
        "en": "If this persists, check DATABASE_URL or call the organiser.",
    },
    "store.stale": {
        "zh": "数据库暂时无法连接：下面是 {at} 的排名，恢复后自动刷新。",
        "en": "The database cannot be reached right now: the ranking below is from {at} "
        "and refreshes by itself once it is back.",
    },
    "app.camp": {"zh": "训练营", "en": "Camp"},
    "app.placeholder": {
        "zh": "本页面将在第 {issue} 号需求中上线。",
        "en": "This page arrives with issue {issue}.",
    },
    "app.home_intro": {
        "zh": "请从左侧菜单选择页面。投影页面：晨会看板、PK 排名、总结会。",
        "en": "Pick a page from the menu. Projected pages: board, PK rankings, summary.",
    },
    "app.signed_in_as": {"zh": "当前用户：{name}（{role}）", "en": "Signed in as {name} ({role})"},
    "page.home": {"zh": "首页", "en": "Home"},
    "page.board": {"zh": "晨会看板", "en": "Morning board"},
    "page.pk": {"zh": "PK 排名", "en": "PK rankings"},
    "page.summary": {"zh": "总结会与战报", "en": "Summary and battle report"},
    "page.awards": {"zh": "表彰", "en": "Awards"},
    "page.entry": {"zh": "成果录入", "en": "Result entry"},
    "page.research": {"zh": "组合调研", "en": "Portfolio research"},
    "page.postloan": {"zh": "贷后管理", "en": "Post-loan"},
    "page.setup": {"zh": "训练营设置", "en": "Camp setup"},
    "role.admin": {"zh": "管理员", "en": "admin"},
    "role.trainer": {"zh": "培训师", "en": "trainer"},
    "role.manager": {"zh": "客户经理 / 行长", "en": "manager (loan officer / branch head)"},
    "role.screen": {"zh": "大屏", "en": "screen"},
    "auth.form": {"zh": "登录", "en": "Log in"},
    "auth.username": {"zh": "用户名", "en": "Username"},
    "auth.password": {"zh": "密码", "en": "Password"},
    "auth.login": {"zh": "登录", "en": "Log in"},
    "auth.logout": {"zh": "退出登录", "en": "Log out"},
    # one answer for a wrong password, an unknown name and a locked or disabled account
    "auth.wrong": {
        "zh": "用户名或密码错误，或账户已锁定：连续 5 次错误后锁定 15 分钟，"
        "请稍后再试或联系管理员。",
        "en": "Wrong username or password, or the account is locked: 5 wrong attempts in a row "
        "lock it for 15 minutes. Try again later or ask the admin.",
    },
    "password.rule": {
        "zh": "密码规则：至少 12 个字符，不能与用户名相同，不能是常见密码（如 password123、"
        "123456789012），不能全为空格。",
        "en": "Passwords: at least 12 characters, not the username, not a common password "
        "(like password123 or 123456789012), not all blanks.",
    },
    "auth.refused": {
        "zh": "登录已失效（账户被锁定、停用、删除或密码已修改），请重新登录。",
        "en": "Your session has ended (account locked, disabled, deleted or password "
        "changed): please log in again.",
    },
    "auth.denied": {
        "zh": "您的角色无权执行此操作。",
        "en": "Your role may not do this.",
    },
    "auth.logged_out": {"zh": "已退出登录。", "en": "Logged out."},
    # the names of input fields a refusal points at (a problem's column), by their code name
    "field.day": {"zh": "天数", "en": "day"},
    "field.team_a": {"zh": "甲队", "en": "team A"},
    "field.team_b": {"zh": "乙队", "en": "team B"},
    "field.at": {"zh": "时间", "en": "time"},
    "field.contact": {"zh": "接触结果", "en": "contact"},
    "field.ack": {"zh": "签收回执", "en": "signed receipt"},
    "field.principal": {"zh": "收回本金", "en": "principal"},
    "field.interest": {"zh": "收回利息", "en": "interest"},
    "field.task": {"zh": "任务", "en": "task"},
    "field.owner": {"zh": "责任人", "en": "owner"},
    "field.kind": {"zh": "预警信号", "en": "warning signal"},
    "field.signal": {"zh": "预警信号", "en": "warning signal"},
    "field.loan_no": {"zh": "贷款号", "en": "loan number"},
    "field.notes": {"zh": "备注", "en": "notes"},
    "field.reason": {"zh": "原因", "en": "reason"},
    "field.POINTS": {"zh": "分数", "en": "points"},
    "field.USERNAME": {"zh": "用户名", "en": "user name"},
    "field.username": {"zh": "用户名", "en": "user name"},
    "field.password": {"zh": "密码", "en": "password"},
    "field.--name": {"zh": "显示名称", "en": "display name"},
    "field.name": {"zh": "名称", "en": "name"},
    "field.township": {"zh": "乡镇", "en": "township"},
    "field.note": {"zh": "注意事项", "en": "note"},
    "field.plan": {"zh": "走访计划", "en": "visit plan"},
    "field.segments": {"zh": "客户类型", "en": "customer segments"},
    "field.aging_min": {"zh": "逾期天数下限", "en": "days overdue from"},
    "field.aging_max": {"zh": "逾期天数上限", "en": "days overdue to"},
    "field.teams": {"zh": "团队", "en": "teams"},
    "table.more_columns": {"zh": "显示更多列", "en": "More columns"},
    "table.more_columns_hint": {"zh": "选择要加显的列", "en": "Choose columns to add"},
    "widget.choose": {"zh": "请选择", "en": "Choose"},
    "widget.choose_many": {"zh": "请选择（可多选）", "en": "Choose one or more"},
    "auth.refused_title": {"zh": "无权访问", "en": "Not for your role"},
    "auth.page_refused": {
        "zh": "“{page}”不对您的角色开放。请从首页选择可用的页面。",
        "en": "“{page}” is not open to your role. Choose a page from Home.",
    },
    "first.title": {"zh": "首次使用：创建管理员", "en": "First run: create the admin"},
    "first.help": {
        "zh": "请输入服务器控制台上打印的一次性令牌。创建管理员后本页面将不再出现。",
        "en": "Enter the one-time token printed on the server console. This screen "
        "disappears once an admin exists.",
    },
    "first.token": {"zh": "一次性令牌", "en": "One-time token"},
    "first.name": {"zh": "显示名称", "en": "Display name"},
    "first.password2": {"zh": "再次输入密码", "en": "Password again"},
    "first.create": {"zh": "创建管理员", "en": "Create admin"},
    "first.bad_token": {"zh": "令牌不正确。", "en": "Wrong token."},
    "first.mismatch": {"zh": "两次输入的密码不一致。", "en": "The two passwords differ."},
    "first.done": {
        "zh": "管理员已创建，请登录。",
        "en": "The admin is created: please log in.",
    },
    "proj.present": {"zh": "投影模式（隐藏菜单）", "en": "Presentation mode (hide menus)"},
    "col.code": {"zh": "代码", "en": "Code"},
    "col.name": {"zh": "名称", "en": "Name"},
    "col.start": {"zh": "开营日期", "en": "Start date"},
    "col.teams": {"zh": "团队数", "en": "Teams"},
    "col.loans": {"zh": "贷款笔数", "en": "Loans"},
    # ---- /setup (issue 4.3)
    "setup.tab.camp": {"zh": "训练营", "en": "Camp"},
    "setup.tab.scope": {"zh": "清收范围", "en": "Scope"},
    "setup.tab.teams": {"zh": "团队与PK", "en": "Teams and PK"},
    "setup.tab.scoring": {"zh": "计分规则", "en": "Scoring rules"},
    "setup.tab.lists": {"zh": "奖惩与清单", "en": "Texts and lists"},
    "setup.tab.users": {"zh": "用户与角色", "en": "Users and roles"},
    "setup.tab.loans": {"zh": "贷款清单", "en": "Loan list"},
    "setup.tab.freeze": {"zh": "冻结排名", "en": "Freeze"},
    "setup.no_camp": {
        "zh": "还没有训练营：请先在“训练营”页签导入营务文件或填写表单创建。",
        "en": "No camp yet: load a camp file or fill in the form on the Camp tab first.",
    },
    "setup.frozen_badge": {
        "zh": ":material/lock: 排名已冻结",
        "en": ":material/lock: standings frozen",
    },
    "setup.save": {"zh": "保存", "en": "Save"},
    "setup.cancel": {"zh": "取消", "en": "Cancel"},
    "setup.saved": {"zh": "已保存。", "en": "Saved."},
    "setup.rejected": {
        "zh": "未保存：请修正以下问题（没有写入任何内容）。",
        "en": "Not saved: fix the problems below (nothing was written).",
    },
    "setup.camp.file": {"zh": "营务文件（TOML）", "en": "Camp file (TOML)"},
    "setup.camp.upload": {"zh": "上传营务文件", "en": "Upload a camp file"},
    "setup.camp.paste": {
        "zh": "或粘贴营务文件内容",
        "en": "Or paste the camp file's text",
    },
    "setup.camp.load": {"zh": "导入营务文件", "en": "Load the camp file"},
    "setup.camp.nothing": {
        "zh": "请先上传文件或粘贴内容。",
        "en": "Upload a file or paste its text first.",
    },
    "setup.camp.not_utf8": {
        "zh": "文件不是 UTF-8 文本。",
        "en": "The file is not UTF-8 text.",
    },
    "setup.camp.bad_file": {
        "zh": "营务文件有问题，未导入：",
        "en": "The camp file has problems and was not loaded:",
    },
    "setup.camp.created": {"zh": "训练营 {code} 已创建。", "en": "Camp {code} created."},
    "setup.camp.updated": {"zh": "训练营 {code} 已更新。", "en": "Camp {code} updated."},
    "setup.camp.changed": {
        "zh": "训练营已被他人修改：您的修改没有保存。下表是您填写的值和现在保存的设置，"
        "请核对后重新提交。",
        "en": "The camp was changed by someone else: your changes were not saved. The table "
        "shows what you entered beside the settings saved now: check them and submit again.",
    },
    "setup.teams.changed": {
        "zh": "训练营已被他人修改：您的修改没有保存。上面的表格仍是您填写的内容；"
        "刷新页面可看到现在保存的团队和成员，请核对后重新修改并保存。",
        "en": "The camp was changed by someone else: your changes were not saved. The tables "
        "above still hold what you entered; reload the page to see the teams and members "
        "saved now, then make your changes again and save.",
    },
    "setup.camp.setting": {"zh": "设置项", "en": "Setting"},
    "setup.camp.yours": {"zh": "您填写的", "en": "You entered"},
    "setup.camp.saved_now": {"zh": "现在保存的", "en": "Saved now"},
    "setup.camp.differs": {"zh": "不同", "en": "Differs"},
    "setup.camp.exists": {
        "zh": "代码 {code} 已被另一个训练营使用：请在侧栏选择它后修改，或换一个代码。",
        "en": "Code {code} is taken by another camp: pick it in the sidebar to edit it, "
        "or choose another code.",
    },
    "setup.camp.download": {"zh": "下载当前营务文件", "en": "Download the camp file"},
    "setup.camp.form": {"zh": "营务设置", "en": "Camp settings"},
    "setup.camp.mode": {"zh": "操作", "en": "Action"},
    "setup.camp.mode_edit": {"zh": "修改当前训练营", "en": "Edit this camp"},
    "setup.camp.mode_new": {"zh": "新建训练营", "en": "New camp"},
    "setup.camp.bank": {"zh": "银行", "en": "Bank"},
    "setup.camp.days": {"zh": "天数", "en": "Days"},
    "setup.camp.first_field_day": {
        "zh": "实战首日（第几天，至最后一天）",
        "en": "First field day (through the last day)",
    },
    "setup.camp.cutoff": {"zh": "每日截止时间", "en": "Daily cut-off"},
    "setup.camp.final_cutoff": {"zh": "最后一天截止时间", "en": "Final cut-off"},
    "setup.camp.timezone": {"zh": "时区", "en": "Time zone"},
    "setup.camp.quiet_start": {"zh": "静默时段开始", "en": "Quiet hours from"},
    "setup.camp.quiet_end": {"zh": "静默时段结束", "en": "Quiet hours until"},
    "setup.camp.night_shifts": {
        "zh": "夜战时段（如 22:00-01:00, 04:30-07:00）",
        "en": "Night shifts (e.g. 22:00-01:00, 04:30-07:00)",
    },
    "setup.camp.cost": {"zh": "训练营费用（元，可空）", "en": "Camp cost (元, optional)"},
    "setup.camp.guarantee_type": {"zh": "默认保证方式", "en": "Default guarantee type"},
    "setup.camp.guarantee_type.help": {
        "zh": "贷款清单未写保证方式时采用（银行合同通常约定连带责任保证）；"
        "调研页统计按默认处理的笔数",
        "en": "used where the loan list gives no 保证方式 (bank contracts usually state joint "
        "liability); /research counts the loans where it was assumed",
    },
    "setup.scope.help": {
        "zh": "只清收范围内的贷款；范围外的贷款保留在系统中，"
        "但不出现在清单和看板上。留空表示全部。",
        "en": "The camp works on the loans in scope; the others stay stored but leave the "
        "lists and boards. Empty means all.",
    },
    "setup.scope.segments": {"zh": "客户类型", "en": "Segments"},
    "setup.scope.aging_min": {"zh": "逾期天数下限", "en": "Days overdue from"},
    "setup.scope.aging_max": {"zh": "逾期天数上限", "en": "Days overdue up to"},
    "setup.scope.townships": {"zh": "乡镇", "en": "Townships"},
    "setup.scope.count": {
        "zh": "当前范围内贷款 {n} 笔，共 {total} 笔。",
        "en": "{n} of {total} loans are in the current scope.",
    },
    "setup.teams.teams": {"zh": "团队、目标与责任区", "en": "Teams, targets and territories"},
    "setup.teams.name": {"zh": "团队名称", "en": "Team"},
    "setup.teams.target": {"zh": "清收目标（元）", "en": "Target (元)"},
    "setup.teams.territories": {"zh": "责任区乡镇", "en": "Territories"},
    "setup.teams.territories_help": {
        "zh": "多个乡镇用 、 分隔；这些乡镇的贷款归本团队",
        "en": "Townships separated by 、; their loans belong to this team",
    },
    "setup.teams.free_townships": {
        "zh": "尚未划入任何团队的乡镇：{towns}",
        "en": "Townships in no team's territory: {towns}",
    },
    "setup.teams.members": {"zh": "队员", "en": "Members"},
    "setup.teams.team": {"zh": "团队", "en": "Team"},
    "setup.teams.member": {"zh": "姓名", "en": "Name"},
    "setup.teams.department": {"zh": "部门", "en": "Department"},
    "setup.teams.leader": {"zh": "队长", "en": "Leader"},
    "setup.pairings": {"zh": "每日 PK 对阵", "en": "Daily PK pairings"},
    "setup.pairings.help": {
        "zh": "每个实战日，每支团队最多参加一场对阵；胜负按当日积分判定。",
        "en": "On each field day a team plays at most once; the day's points decide.",
    },
    "setup.pairings.day": {"zh": "第几天", "en": "Camp day"},
    "setup.pairings.team_a": {"zh": "甲方团队", "en": "Team A"},
    "setup.pairings.team_b": {"zh": "乙方团队", "en": "Team B"},
    "setup.scoring.help": {
        "zh": "修改权重后先预览：新旧排名对照确认后才保存，保存时重新计算全部积分。",
        "en": "Preview a change first: the new ranking beside the old; saving re-derives "
        "every point.",
    },
    "setup.weight.principal_per_10k": {
        "zh": "收回本金（每万元）",
        "en": "Principal (per 10,000 元)",
    },
    "setup.weight.interest_per_10k": {
        "zh": "收回利息（每万元）",
        "en": "Interest (per 10,000 元)",
    },
    "setup.weight.written_off_per_10k": {
        "zh": "核销贷款收回（每万元）",
        "en": "Written-off loans (per 10,000 元)",
    },
    "setup.weight.settled": {"zh": "结清", "en": "Settled"},
    "setup.weight.ack": {"zh": "签收回执", "en": "Acknowledgement"},
    "setup.weight.ack_urgent": {
        "zh": "签收回执（时效已过期或紧急）",
        "en": "Acknowledgement (limitation expired or urgent)",
    },
    "setup.weight.promise": {"zh": "还款承诺（三要素齐全）", "en": "Complete promise"},
    "setup.rules.title": {
        "zh": "防刷分规则（留空 = 不限制；模板值见括号）",
        "en": "Rules against gaming (empty = no limit; the template's value in brackets)",
    },
    "setup.rule.promise_max_days": {
        "zh": "承诺最长天数 [30]",
        "en": "Promise due within, days [30]",
    },
    "setup.rule.promise_max_days.help": {
        "zh": "承诺还款日期距走访超过这么多天的，不计承诺分。",
        "en": "A promise due more days after its visit than this earns nothing.",
    },
    "setup.rule.promise_min_amount": {
        "zh": "承诺最低金额（元）[1000]",
        "en": "Least promised amount, 元 [1000]",
    },
    "setup.rule.promise_min_amount.help": {
        "zh": "承诺金额低于此数（且不足以结清欠款）的，不计承诺分。",
        "en": "A promise below this amount (unless it settles what is owed) earns nothing.",
    },
    "setup.rule.promise_kept": {"zh": "承诺兑现分 [2]", "en": "Promise kept [2]"},
    "setup.rule.promise_kept.help": {
        "zh": "承诺日当天结束前还款达到承诺金额的，给承诺团队加此分，计入还款所在时段。",
        "en": "Points to the promise's team when payments reach the promised amount by the "
        "end of the promise date, in that payment's period.",
    },
    "setup.rule.ack_min_status": {
        "zh": "签收计分最低时效状态 [临期]",
        "en": "Ack scores from [watch]",
    },
    "setup.rule.ack_min_status.help": {
        "zh": "签收回执只在走访前时效处于此状态或更差时计分（安全 < 临期 < 紧急 < 已过期）。",
        "en": "An acknowledgement scores only when the limitation before the visit was this "
        "or worse (safe < watch < urgent < expired).",
    },
    "setup.rule.level.none": {"zh": "不限制", "en": "no limit"},
    "setup.rule.level.safe": {"zh": "安全（都计分）", "en": "safe (every one scores)"},
    "setup.rule.level.watch": {"zh": "临期", "en": "watch"},
    "setup.rule.level.urgent": {"zh": "紧急", "en": "urgent"},
    "setup.rule.level.expired": {"zh": "已过期", "en": "expired"},
    "setup.scoring.preview": {"zh": "预览新排名", "en": "Preview the new ranking"},
    "setup.scoring.confirm_help": {
        "zh": "确认后将按新规则重新计算全部积分，排名可能变化：",
        "en": "Confirming re-derives every point under the new rules; the ranking may change:",
    },
    "setup.scoring.old": {"zh": "现在的排名", "en": "Ranking now"},
    "setup.scoring.new": {"zh": "按新规则的排名", "en": "Ranking under the new rules"},
    "setup.scoring.confirm": {"zh": "确认并保存", "en": "Confirm and save"},
    "setup.scoring.saved": {
        "zh": "计分规则已保存，积分已重新计算。",
        "en": "Scoring rules saved; every point re-derived.",
    },
    "setup.scoring.rank": {"zh": "名次", "en": "Rank"},
    "setup.scoring.points": {"zh": "积分", "en": "Points"},
    "setup.scoring.cash": {"zh": "清收金额（元）", "en": "Cash (元)"},
    "setup.scoring.change": {"zh": "名次变化", "en": "Change"},
    "setup.lists.rules": {"zh": "考核奖惩", "en": "Rewards and penalties"},
    "setup.lists.rules_help": {
        "zh": "奖惩规则（看板上显示）",
        "en": "The reward and penalty rules (shown on the boards)",
    },
    "setup.lists.lists": {"zh": "招式库与清单", "en": "Tactics library and lists"},
    "setup.lists.fill_defaults": {"zh": "填入默认内容", "en": "Fill in the defaults"},
    "setup.lists.fill_defaults_help": {
        "zh": "为空的清单填入默认内容；已有内容的清单不变",
        "en": "Fills the empty lists with their defaults; lists with rows stay as they are",
    },
    "setup.lists.filled": {"zh": "已为 {n} 个清单填入默认内容。", "en": "{n} lists filled."},
    "setup.kind.move": {"zh": "谈判十八招", "en": "The 18 negotiation moves"},
    "setup.kind.move.help": {
        "zh": "由培训师录入：招式名称和要领",
        "en": "Entered by the trainers: the move and how it is played",
    },
    "setup.kind.move.name": {"zh": "招式", "en": "Move"},
    "setup.kind.move.text": {"zh": "要领", "en": "How"},
    "setup.kind.tactic": {"zh": "清收 30 招", "en": "The 30 collection tactics"},
    "setup.kind.tactic.help": {
        "zh": "由培训师录入；走访记录的“使用招式”按这里的名称填写",
        "en": "Entered by the trainers; visits log tactics by these names",
    },
    "setup.kind.tactic.name": {"zh": "名称", "en": "Tactic"},
    "setup.kind.tactic.text": {"zh": "说明", "en": "Description"},
    "setup.kind.material": {"zh": "物资清单", "en": "Materials checklist"},
    "setup.kind.material.help": {
        "zh": "晨会看板上的出发前物资清单",
        "en": "What each team takes along, shown on the morning board",
    },
    "setup.kind.material.name": {"zh": "物品", "en": "Item"},
    "setup.kind.material.text": {"zh": "备注", "en": "Note"},
    "setup.kind.conduct": {"zh": "文明催收提醒", "en": "Conduct reminders"},
    "setup.kind.conduct.help": {
        "zh": "合规催收要求，晨会看板上显示",
        "en": "Rules of lawful collection, shown on the morning board",
    },
    "setup.kind.conduct.name": {"zh": "要求", "en": "Rule"},
    "setup.kind.conduct.text": {"zh": "说明", "en": "Note"},
    "setup.kind.custom": {"zh": "民族风俗提示", "en": "Customs notes"},
    "setup.kind.custom.help": {
        "zh": "按民族填写；当天计划走访的客户涉及的民族会在看板上提示",
        "en": "One per ethnicity; the board shows those of the customers on today's plans",
    },
    "setup.kind.custom.name": {"zh": "民族", "en": "Ethnicity"},
    "setup.kind.custom.text": {"zh": "注意事项", "en": "What to respect"},
    "setup.kind.customer_type": {"zh": "客户分类策略", "en": "Strategy per customer type"},
    "setup.kind.customer_type.help": {
        "zh": "是人是鬼：每类客户的默认清收策略",
        "en": "The default collection strategy of each customer type",
    },
    "setup.kind.customer_type.name": {"zh": "客户分类", "en": "Customer type"},
    "setup.kind.customer_type.text": {"zh": "策略", "en": "Strategy"},
    "setup.users.role": {"zh": "角色", "en": "Role"},
    "setup.users.state": {"zh": "状态", "en": "State"},
    "setup.users.active": {"zh": "正常", "en": "active"},
    "setup.users.disabled": {"zh": "已停用", "en": "disabled"},
    "setup.users.locked": {"zh": "已锁定", "en": "locked"},
    "setup.users.add": {"zh": "添加用户", "en": "Add a user"},
    "setup.users.added": {"zh": "用户 {username} 已添加。", "en": "User {username} added."},
    "setup.users.manage": {"zh": "修改用户", "en": "Change a user"},
    "setup.users.disable": {"zh": "停用", "en": "Disable"},
    "setup.users.enable": {"zh": "启用", "en": "Enable"},
    "setup.users.new_password": {"zh": "新密码", "en": "New password"},
    "setup.users.reset": {"zh": "重置密码", "en": "Reset the password"},
    "setup.users.reset_done": {
        "zh": "{username} 的密码已重置，其已登录的会话失效。",
        "en": "{username}'s password is reset; their open sessions ended.",
    },
    "setup.users.delete_sure": {"zh": "确认删除 {username}", "en": "Yes, delete {username}"},
    "setup.users.delete": {"zh": "删除用户", "en": "Delete the user"},
    "setup.users.deleted": {"zh": "用户 {username} 已删除。", "en": "User {username} deleted."},
    "setup.loans.help": {
        "zh": "当前共有贷款 {n} 笔。清单有错误时整体不导入，除非勾选“只导入有效行”。",
        "en": "{n} loans stored. A list with errors is not imported at all, unless "
        "“valid rows only” is ticked.",
    },
    "setup.loans.template": {"zh": "下载清单模板", "en": "Download the template"},
    "setup.loans.upload": {
        "zh": "上传贷款清单（xlsx、xls 或 csv）",
        "en": "Upload the loan list (xlsx, xls or csv)",
    },
    "setup.loans.skip_invalid": {"zh": "只导入有效行", "en": "Import valid rows only"},
    "setup.loans.as_of": {"zh": "清单日期（可空）", "en": "List date (optional)"},
    "setup.loans.import": {"zh": "导入", "en": "Import"},
    "setup.loans.stage_read": {"zh": "正在读取清单…", "en": "Reading the list…"},
    "setup.loans.stage_write": {"zh": "正在写入…", "en": "Writing…"},
    "setup.loans.stage_done": {"zh": "完成", "en": "Done"},
    "setup.loans.done": {
        "zh": "已导入（{mode}）：新增 {created} 笔，更新 {updated} 笔，跳过 {skipped} 行。",
        "en": "Imported ({mode}): {created} new, {updated} updated, {skipped} rows skipped.",
    },
    "setup.loans.mode_update": {"zh": "更新贷款", "en": "loans updated"},
    "setup.loans.mode_snapshot": {
        "zh": "已有走访记录，仅保存为对比快照",
        "en": "the camp has visits: kept as a dated snapshot only",
    },
    "setup.loans.rejected": {
        "zh": "清单未导入（没有写入任何内容），请修正以下错误：",
        "en": "The list was not imported (nothing was written); fix these errors:",
    },
    "setup.loans.problems_download": {"zh": "下载问题清单", "en": "Download the problems"},
    "setup.loans.more_problems": {
        "zh": "另有 {n} 条未在此列出，请下载问题清单查看全部。",
        "en": "{n} more lines are not shown here: download the problems to see them all.",
    },
    "setup.loans.mapping": {"zh": "列映射", "en": "Column mapping"},
    "setup.loans.mapping_help": {
        "zh": "每个字段取自清单的哪一列（自动识别，可修改）。必填：贷款号、借款人、余额、到期日。",
        "en": "Which column of the list each field is read from (detected; change any). "
        "Required: loan number, borrower, balance, maturity date.",
    },
    "setup.loans.col_field": {"zh": "字段", "en": "Field"},
    "setup.loans.col_required": {"zh": "必填", "en": "Required"},
    "setup.loans.col_column": {"zh": "清单中的列", "en": "Column in the list"},
    "setup.loans.col_samples": {"zh": "示例值", "en": "Sample values"},
    "setup.loans.profile_used": {
        "zh": "已套用保存的映射方案「{name}」。",
        "en": "The saved mapping profile “{name}” applies.",
    },
    "setup.loans.profile_name": {
        "zh": "映射方案名称（如：某农商行信贷系统）",
        "en": "Profile name (e.g. the bank's loan system)",
    },
    "setup.loans.profile_save": {"zh": "保存映射方案", "en": "Save the mapping profile"},
    "setup.loans.profile_saved": {
        "zh": "映射方案「{name}」已保存：相同表头的清单以后自动套用。",
        "en": "Mapping profile “{name}” saved: lists with the same headers use it from now on.",
    },
    "setup.freeze.help": {
        "zh": "冻结后录入的成果会保存，但在解冻前不计入排名。",
        "en": "Results entered after the freeze are kept but not counted until unfrozen.",
    },
    "setup.freeze.open": {"zh": "排名未冻结。", "en": "The standings are not frozen."},
    "setup.freeze.frozen": {
        "zh": "排名自 {at} 起冻结。",
        "en": "The standings are frozen since {at}.",
    },
    "setup.freeze.freeze": {"zh": "立即冻结排名", "en": "Freeze the standings now"},
    "setup.freeze.unfreeze": {"zh": "解冻排名", "en": "Unfreeze"},
    "setup.freeze.done": {"zh": "排名已冻结。", "en": "Standings frozen."},
    "setup.freeze.undone": {
        "zh": "排名已解冻，冻结期间录入的成果已计入。",
        "en": "Unfrozen: results entered meanwhile now count.",
    },
    "export.problems": {"zh": "问题清单", "en": "Problems"},
    "export.row": {"zh": "行", "en": "Row"},
    "export.column": {"zh": "列", "en": "Column"},
    "export.reason": {"zh": "原因", "en": "Reason"},
    "export.level": {"zh": "级别", "en": "Level"},
    "export.error": {"zh": "错误", "en": "error"},
    "export.warning": {"zh": "警告", "en": "warning"},
}


def _merge(*parts: dict[str, dict[str, str]]) -> None:
    """Pages keep their labels in core/labels_*.py; they join this one table, no key twice."""
    for part in parts:
        clash = sorted(set(part) & set(LABELS))
        if clash:
            raise ValueError(f"labels defined twice: {clash}")
        LABELS.update(part)


_merge(
    labels_entry.LABELS,
    labels_research.LABELS,
    labels_pk.LABELS,
    labels_board.LABELS,
    labels_summary.LABELS,
    labels_awards.LABELS,
    labels_postloan.LABELS,
    labels_evaluation.LABELS,
    labels_tasks.LABELS,
    labels_ledger.LABELS,
    labels_notices.LABELS,
    labels_taskplan.LABELS,
    labels_evidence.LABELS,
    labels_fields.LABELS,
)


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label in `lang`; a missing key or language is an error, never a blank."""
    return LABELS[key][lang]


def translator(lang: str) -> Callable[..., str]:
    """`tr(key, **values)`: the label in `lang`, its {placeholders} filled from `values`."""

    def tr(key: str, **values: object) -> str:
        text = t(key, lang)
        return text.format(**values) if values else text

    return tr


_PATH_PART = re.compile(r"^(?P<key>[A-Za-z_-]+)(?P<index>(?:\[\d+\])*)$")


def field_label(name: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A problem's column in `lang`: an input field's label (`field.<name>`), a camp file's
    key path as its parts' labels and the key (`teams[2].members[3]` → 团队（第 2 项） ·
    成员（第 3 项）（teams[2].members[3]）), else the file's header as written."""
    if not name:
        return ""
    if f"field.{name}" in LABELS:
        return t(f"field.{name}", lang)
    parts = name.split(".")
    shown: list[str] = []
    for position, part in enumerate(parts):
        found = _PATH_PART.match(part)
        if found is None:
            return name
        key = found["key"]
        label = _part_label(key, parts[0] if position else None, lang)
        if label is None:
            return name
        for n in re.findall(r"\d+", found["index"]):
            label = t("field.part", lang).format(label=label, n=n)
        shown.append(label)
    if len(shown) > 1 and parts[0] == "camp":  # camp.cutoff: the camp's own settings
        shown = shown[1:]
    # the key as the camp file writes it, too: a user of the file finds it there
    return t("field.path", lang).format(label=" · ".join(shown), path=name)


def _part_label(key: str, parent: str | None, lang: str) -> str | None:
    if parent == "scoring":
        for prefix in ("setup.weight.", "setup.rule."):
            if prefix + key in LABELS:
                return t(prefix + key, lang)
    if parent == "camp" and key == "name":
        return t("field.camp_name", lang)
    if f"field.{key}" in LABELS:
        return t(f"field.{key}", lang)
    return None
