"""Labels of /entry, merged into the one translation table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "entry.no_camp": {
        "zh": "还没有训练营：请管理员先在“训练营设置”中创建。",
        "en": "No camp yet: the organiser creates one in Camp setup first.",
    },
    "entry.no_teams": {
        "zh": "这个训练营还没有团队：请管理员先在“训练营设置”中添加。",
        "en": "This camp has no teams yet: the organiser adds them in Camp setup first.",
    },
    "entry.rejected": {
        "zh": "未保存：请修正以下问题（没有写入任何内容）。",
        "en": "Not saved: fix the problems below (nothing was written).",
    },
    "entry.frozen": {
        "zh": "排名已冻结：这条记录已保存，解冻后才计入排名。",
        "en": "The standings are frozen: the record is kept and counts once unfrozen.",
    },
    "entry.frozen_banner": {
        "zh": ":material/lock: 排名已冻结：现在录入的成果会保存，但解冻前不计入排名。",
        "en": ":material/lock: Standings frozen: results entered now are kept but count only "
        "once unfrozen.",
    },
    "entry.standings": {"zh": "当前排名", "en": "Standings now"},
    "entry.st.rank": {"zh": "名次", "en": "Rank"},
    "entry.st.cash": {"zh": "清收金额（元）", "en": "Cash (元)"},
    # tabs
    "entry.tab.form": {"zh": "单笔录入", "en": "One visit"},
    "entry.tab.grid": {"zh": "批量录入", "en": "Many visits"},
    "entry.tab.upload": {"zh": "导入走访表", "en": "Upload a workbook"},
    "entry.tab.today": {"zh": "今日记录", "en": "Today's entries"},
    "entry.tab.adjust": {"zh": "加减分", "en": "Adjustments"},
    "entry.tab.problems": {"zh": "问题反馈", "en": "Problems"},
    # loan search
    "entry.loan.search": {"zh": "查找贷款", "en": "Find the loan"},
    "entry.loan.search_help": {
        "zh": "贷款账号（或后几位）、借款人姓名或村名",
        "en": "Loan number (or its last digits), borrower or village",
    },
    "entry.loan.none": {
        "zh": "没有找到匹配的贷款。",
        "en": "No loan matches.",
    },
    "entry.loan.pick": {"zh": "找到 {n} 笔，请选择", "en": "{n} found: pick one"},
    "entry.loan.line": {
        "zh": "{loan_no}｜{borrower}｜{place}｜剩余本金 {left} 元，欠息 {interest} 元｜"
        "{team}｜时效：{limitation}",
        "en": "{loan_no} | {borrower} | {place} | principal left {left} 元, interest "
        "{interest} 元 | {team} | limitation: {limitation}",
    },
    "entry.loan.any_team": {"zh": "不限团队", "en": "any team"},
    "entry.loan.other_team": {
        "zh": ":material/warning: 这笔贷款在{team}的责任区内，其他团队的走访会被拒绝。",
        "en": ":material/warning: This loan is in {team}'s territory: another team's visit "
        "is rejected.",
    },
    "entry.loan.others": {
        "zh": "{borrower} 的其他贷款：",
        "en": "{borrower}'s other loans:",
    },
    "entry.loan.no_others": {
        "zh": "该借款人没有其他贷款。",
        "en": "The borrower has no other loan.",
    },
    "entry.limitation.expired": {"zh": "已过期（仅借款人本人签收可放弃时效抗辩）", "en": "expired"},
    "entry.limitation.urgent": {"zh": "紧急", "en": "urgent"},
    "entry.limitation.watch": {"zh": "临期", "en": "watch"},
    "entry.limitation.beyond": {"zh": "超过二十年最长保护期", "en": "beyond protection"},
    "entry.limitation.safe": {"zh": "安全", "en": "safe"},
    "entry.limitation.litigation": {"zh": "诉讼中", "en": "in litigation"},
    # the form's fields
    "entry.f.team": {"zh": "团队", "en": "Team"},
    "entry.f.date": {"zh": "走访日期", "en": "Visit date"},
    "entry.f.time": {"zh": "走访时间（营地时间）", "en": "Visit time (camp time)"},
    "entry.f.contact": {"zh": "接触结果", "en": "Contact result"},
    "entry.f.pick": {"zh": "请选择", "en": "Choose"},
    "entry.f.members": {"zh": "参与成员", "en": "Collectors"},
    "entry.f.principal": {"zh": "收回本金（元）", "en": "Principal collected (元)"},
    "entry.f.interest": {"zh": "收回利息（元）", "en": "Interest collected (元)"},
    "entry.f.ack": {"zh": "签收催收通知书回执", "en": "Signed collection-notice receipt"},
    "entry.f.promise_help": {
        "zh": "还款承诺须三要素齐全（日期、金额、方式）才计分。",
        "en": "A promise to pay earns points only with its three elements: date, amount, method.",
    },
    "entry.f.promise_date": {"zh": "承诺还款日期", "en": "Promised date"},
    "entry.f.promise_amount": {"zh": "承诺还款金额（元）", "en": "Promised amount (元)"},
    "entry.f.promise_method": {"zh": "承诺还款方式", "en": "Promised method"},
    "entry.f.method_help": {
        "zh": "现金、转账、代扣，或输入其他方式",
        "en": "Cash, transfer, direct debit, or type another",
    },
    "entry.f.tactics": {"zh": "使用招式", "en": "Tactics used"},
    "entry.f.tactics_help": {"zh": "从招式库中选择", "en": "Pick from the tactics library"},
    "entry.f.no_tactics": {
        "zh": "招式库为空：请在“训练营设置”中录入",
        "en": "The tactics library is empty: fill it in Camp setup",
    },
    "entry.f.appointment": {
        "zh": "静默时段走访：须登记事先约定（预约时间早于走访、预约方式、同意人），仅有备注不够",
        "en": "Quiet-hours visit: record the appointment made before it (when, how, who "
        "agreed); a note alone is not enough",
    },
    "entry.f.appointment_date": {"zh": "预约日期", "en": "Appointment made on"},
    "entry.f.appointment_time": {"zh": "预约时间", "en": "Appointment made at"},
    "entry.f.appointment_by": {"zh": "预约方式", "en": "Appointment by"},
    "entry.f.agreed_by": {"zh": "同意人", "en": "Agreed by"},
    "entry.f.notes": {"zh": "备注", "en": "Note"},
    "entry.promise.date": {"zh": "日期", "en": "date"},
    "entry.promise.amount": {"zh": "金额（大于零）", "en": "amount above zero"},
    "entry.promise.method": {"zh": "方式", "en": "method"},
    # the form's checks
    "entry.form.missing": {
        "zh": "未保存（已填写的内容都保留着），还需要：",
        "en": "Not saved (what you typed is kept); still needed:",
    },
    "entry.form.ready": {"zh": "可以保存。", "en": "Ready to save."},
    "entry.form.save": {"zh": "保存这条走访", "en": "Save this visit"},
    "entry.form.fix_first": {
        "zh": "未保存：请先补齐上面列出的内容。",
        "en": "Not saved: complete what is listed above first.",
    },
    "entry.form.saved": {
        "zh": "已保存走访 #{id}：{borrower}（尾号 {tail}），收回 {collected} 元，得分 {points}；"
        "提示：{warnings}",
        "en": "Visit #{id} saved: {borrower} (ending {tail}), {collected} 元 collected, "
        "{points} points; warnings: {warnings}",
    },
    "entry.form.next": {
        "zh": "下一条：输入贷款账号后四位、借款人或村名；日期、时间和成员沿用上一条。",
        "en": "Next: type the loan's last 4 digits, the borrower or the village; the date, "
        "time and collectors carry over from the last visit.",
    },
    "entry.form.more": {
        "zh": "招式、备注、静默时段预约",
        "en": "Tactics, note, quiet-hours appointment",
    },
    "entry.f.time_help": {"zh": "如 17:30 或 1730", "en": "e.g. 17:30 or 1730"},
    "entry.form.duplicate": {
        "zh": "这条走访已经保存过（#{id}，得分 {points}），没有重复保存。",
        "en": "This visit was saved already (#{id}, {points} points): not stored twice.",
    },
    "entry.check.team": {"zh": "选择团队", "en": "choose the team"},
    "entry.check.loan": {"zh": "查找并选择贷款", "en": "find and pick the loan"},
    "entry.check.when": {"zh": "填写走访日期和时间", "en": "enter the visit's date and time"},
    "entry.check.contact": {"zh": "选择接触结果", "en": "choose the contact result"},
    "entry.check.clock": {
        "zh": "走访时间“{items}”不是时间：请写成 17:30 或 1730",
        "en": "visit time “{items}” is not a time of day: write 17:30 or 1730",
    },
    "entry.check.members": {
        "zh": "选择参与成员（只有“到行还款”可以不填）",
        "en": "choose the collectors (only 到行还款 may have none)",
    },
    "entry.check.strangers": {
        "zh": "不是本团队的成员：{items}",
        "en": "not members of the team: {items}",
    },
    "entry.check.amount": {"zh": "{items}不是有效金额", "en": "{items} is not an amount"},
    "entry.check.ack_contact": {
        "zh": "“{items}”不能签收回执：签收需见到本人或家属（见到保证人为向保证人主张）",
        "en": "no signed receipt with “{items}”: it needs the borrower or a relative met "
        "(or the guarantor, for a demand on the guarantee)",
    },
    "entry.check.window": {
        "zh": "走访时间不在训练营实战期间内",
        "en": "the visit time is outside the camp window",
    },
    "entry.check.appointment": {
        "zh": "静默时段走访须登记事先的预约，缺少：{items}（仅有备注不够）",
        "en": "a quiet-hours visit needs the appointment made before it; missing: {items} "
        "(a note alone is not enough)",
    },
    "entry.check.appointment_late": {
        "zh": "预约时间必须早于走访时间",
        "en": "the appointment must be made before the visit",
    },
    "entry.check.money_nobody": {
        "zh": "“{items}”没有见到任何人，不能有收回金额",
        "en": "“{items}” met nobody: it cannot carry money",
    },
    "entry.check.money_refused": {
        "zh": "拒绝沟通却有收回金额：将保存并提示，请核实",
        "en": "拒绝沟通 with money collected: stored with a warning, check it",
    },
    "entry.check.promise": {
        "zh": "还款承诺缺少：{items}。不完整的承诺会保存并提示，但不计分",
        "en": "the promise lacks: {items}. An incomplete promise is stored with a warning "
        "and earns nothing",
    },
    "entry.check.promise_past": {
        "zh": "承诺还款日期早于走访日期：不能保存",
        "en": "the promised date is before the visit: it cannot be saved",
    },
    "entry.check.single": {
        "zh": "只有一名成员：外访须至少两人，将保存并提示",
        "en": "one collector only: field visits need two; it is stored with a warning",
    },
    "entry.warn.incomplete_promise": {
        "zh": "承诺三要素不全（不计分）",
        "en": "incomplete promise (no points)",
    },
    "entry.warn.single_collector": {"zh": "单人走访", "en": "single collector"},
    "entry.warn.refusal_with_money": {"zh": "拒绝沟通却有收回金额", "en": "拒绝沟通 with money"},
    "entry.warn.branch_claimed_twice": {
        "zh": "同一笔到行还款已由另一团队登记",
        "en": "the same branch repayment is claimed by another team",
    },
    "entry.warn.relative_after_expiry": {
        "zh": "时效已过，家属签收不能放弃时效抗辩（不计分）",
        "en": "a relative's signature after expiry saves nothing (no points)",
    },
    "entry.warn.promise_too_far": {
        "zh": "承诺还款日期超出本营规定天数（不计分）",
        "en": "promise due later than the camp allows (no points)",
    },
    "entry.warn.promise_too_small": {
        "zh": "承诺金额低于本营规定下限（不计分）",
        "en": "promise below the camp's minimum amount (no points)",
    },
    "entry.warn.promise_before_visit": {
        "zh": "承诺还款日期早于走访（不计分）",
        "en": "promise dated before its visit (no points)",
    },
    # the grid
    "entry.grid.help": {
        "zh": "每行一次走访，时间写成 17:30。团队、日期留空时按上方所选团队（{team}）和 {day}；"
        "全部无误才一起保存，有错的行会在最左边的“问题”列标出。",
        "en": "One visit per row, the time as 17:30. An empty team or date means the team "
        "above ({team}) and {day}; all rows are saved together only when every row is right "
        "— bad rows are marked in the Problem column on the left.",
    },
    "entry.grid.date": {"zh": "日期", "en": "Date"},
    "entry.grid.time": {"zh": "时间", "en": "Time"},
    "entry.grid.team": {"zh": "团队", "en": "Team"},
    "entry.grid.members": {"zh": "参与成员", "en": "Collectors"},
    "entry.grid.loan_no": {"zh": "贷款账号", "en": "Loan number"},
    "entry.grid.loan": {
        "zh": "贷款（尾号/姓名）",
        "en": "Loan (digits, name)",
    },
    "entry.grid.loan_help": {
        "zh": "双击单元格，输入贷款账号后几位、借款人或村名，再从列表中选择",
        "en": "Double-click, type the loan's last digits, the borrower or the village, and pick",
    },
    "entry.grid.contact": {"zh": "接触结果", "en": "Contact"},
    "entry.grid.principal": {"zh": "收回本金", "en": "Principal (元)"},
    "entry.grid.interest": {"zh": "收回利息", "en": "Interest (元)"},
    "entry.grid.ack": {"zh": "签收回执", "en": "Receipt signed"},
    "entry.grid.promise_date": {"zh": "承诺还款日期", "en": "Promised date"},
    "entry.grid.promise_amount": {"zh": "承诺还款金额", "en": "Promised amount (元)"},
    "entry.grid.promise_method": {"zh": "承诺还款方式", "en": "Promised method"},
    "entry.grid.tactics": {"zh": "使用招式", "en": "Tactics"},
    "entry.grid.notes": {"zh": "备注", "en": "Note"},
    "entry.grid.appointment_at": {"zh": "预约时间", "en": "Appointment made at"},
    "entry.grid.appointment_by": {"zh": "预约方式", "en": "Appointment by"},
    "entry.grid.agreed_by": {"zh": "同意人", "en": "Agreed by"},
    "entry.grid.problem": {"zh": "问题", "en": "Problem"},
    "entry.grid.save": {"zh": "全部保存", "en": "Save all"},
    "entry.grid.reset": {"zh": "清空表格", "en": "Clear the grid"},
    "entry.grid.saved": {
        "zh": "已保存 {n} 条走访；{duplicates} 条与已保存的记录相同，未重复保存。",
        "en": "{n} visits saved; {duplicates} identical to stored ones were not stored again.",
    },
    "entry.grid.warnings": {
        "zh": "其中 {n} 条有提示，请在“今日记录”中查看。",
        "en": "{n} warnings: see Today's entries.",
    },
    "entry.grid.rejected": {
        "zh": "一条也没有保存：请修正标出的行后再全部保存。",
        "en": "Nothing was saved: fix the marked rows, then save all again.",
    },
    # upload
    "entry.upload.help": {
        "zh": "走访记录表（xlsx、xls 或 csv），列见模板；有错误时整表不导入，"
        "除非勾选“只导入有效行”。与已保存记录完全相同的行不会重复导入。",
        "en": "A visit workbook (xlsx, xls or csv) with the template's columns; with errors "
        "nothing is imported unless “valid rows only” is ticked. Rows identical to stored "
        "visits are not imported again.",
    },
    "entry.upload.template": {"zh": "下载走访表模板", "en": "Download the template"},
    "entry.upload.file": {"zh": "上传走访记录表", "en": "Upload visit records"},
    "entry.upload.skip_invalid": {"zh": "只导入有效行", "en": "Import valid rows only"},
    "entry.upload.import": {"zh": "导入", "en": "Import"},
    "entry.upload.done": {
        "zh": "已导入 {n} 条走访；{duplicates} 条重复未导入；{rejected} 行有错未导入。",
        "en": "{n} visits imported; {duplicates} duplicates skipped; {rejected} rows rejected.",
    },
    "entry.upload.rejected": {
        "zh": "走访表未导入（没有写入任何内容），请修正以下错误：",
        "en": "The workbook was not imported (nothing was written); fix these errors:",
    },
    "entry.upload.problems": {"zh": "下载问题清单", "en": "Download the problems"},
    # today's entries
    "entry.today.day": {"zh": "录入日期", "en": "Entered on"},
    "entry.today.all_teams": {"zh": "显示所有团队", "en": "All teams"},
    "entry.today.none": {"zh": "这一天还没有录入记录。", "en": "Nothing entered that day."},
    "entry.today.summary": {
        "zh": "有效记录 {n} 条，合计得分 {points}。",
        "en": "{n} records count, {points} points in all.",
    },
    "entry.today.id": {"zh": "编号", "en": "No."},
    "entry.today.time": {"zh": "走访时间", "en": "Visited"},
    "entry.today.team": {"zh": "团队", "en": "Team"},
    "entry.today.loan": {"zh": "贷款账号", "en": "Loan"},
    "entry.today.borrower": {"zh": "借款人", "en": "Borrower"},
    "entry.today.members": {"zh": "成员", "en": "Collectors"},
    "entry.today.contact": {"zh": "接触结果", "en": "Contact"},
    "entry.today.principal": {"zh": "本金（元）", "en": "Principal (元)"},
    "entry.today.interest": {"zh": "利息（元）", "en": "Interest (元)"},
    "entry.today.ack": {"zh": "回执", "en": "Receipt"},
    "entry.today.promise": {"zh": "承诺", "en": "Promise"},
    "entry.today.appointment": {"zh": "预约（时间 方式 同意人）", "en": "Appointment"},
    "entry.today.points": {"zh": "得分", "en": "Points"},
    "entry.today.warnings": {"zh": "提示", "en": "Warnings"},
    "entry.today.flags": {"zh": "时段", "en": "Hours"},
    "entry.today.quiet": {"zh": "静默时段", "en": "quiet hours"},
    "entry.today.night": {"zh": "夜战", "en": "night shift"},
    "entry.today.state": {"zh": "状态", "en": "State"},
    "entry.today.voided": {"zh": "已作废：{reason}", "en": "voided: {reason}"},
    "entry.today.by": {"zh": "录入人", "en": "Entered by"},
    "entry.today.change": {"zh": "更正或作废", "en": "Correct or void"},
    "entry.today.pick": {"zh": "选择记录", "en": "Record"},
    "entry.today.action": {"zh": "操作", "en": "Action"},
    "entry.today.correct": {"zh": "更正", "en": "Correct"},
    "entry.today.void": {"zh": "作废", "en": "Void"},
    "entry.today.reason": {"zh": "原因（必填）", "en": "Reason (required)"},
    "entry.today.void_button": {"zh": "作废这条记录", "en": "Void this record"},
    "entry.today.correct_button": {"zh": "保存更正", "en": "Save the correction"},
    "entry.today.voided_done": {
        "zh": "记录 #{id} 已作废，原因已记入审计日志。",
        "en": "Record #{id} voided; the reason is in the audit log.",
    },
    "entry.today.corrected": {
        "zh": "记录 #{id} 已更正，更正前后的内容已记入审计日志。",
        "en": "Record #{id} corrected; before and after are in the audit log.",
    },
    # adjustments
    "entry.adj.help": {
        "zh": "手工加减分（如 PK 奖惩）：正数加分、负数减分，须写明原因；时间留空为现在。",
        "en": "Manual adjustments (e.g. PK rewards or penalties): plus or minus, with a "
        "reason; an empty time means now.",
    },
    "entry.adj.points": {"zh": "分数（可为负数）", "en": "Points (may be negative)"},
    "entry.adj.reason": {"zh": "原因", "en": "Reason"},
    "entry.adj.time": {"zh": "时间（可空）", "en": "Time (optional)"},
    "entry.adj.save": {"zh": "保存加减分", "en": "Save the adjustment"},
    "entry.adj.saved": {
        "zh": "加减分 #{id} 已保存：{team} {points} 分。",
        "en": "Adjustment #{id} saved: {team} {points} points.",
    },
    # problems
    "entry.pb.text": {"zh": "问题描述", "en": "Problem"},
    "entry.pb.loan": {"zh": "相关贷款账号（可空）", "en": "Loan number (optional)"},
    "entry.pb.raise": {"zh": "提出问题", "en": "Raise the problem"},
    "entry.pb.raised": {"zh": "问题 #{id} 已记录。", "en": "Problem #{id} recorded."},
    "entry.pb.none": {"zh": "还没有问题反馈。", "en": "No problems raised yet."},
    "entry.pb.status": {"zh": "状态", "en": "Status"},
    "entry.pb.open": {"zh": "待处理", "en": "open"},
    "entry.pb.closed": {"zh": "已关闭", "en": "closed"},
    "entry.pb.raised_at": {"zh": "提出时间", "en": "Raised"},
    "entry.pb.resolution": {"zh": "处理结果", "en": "Resolution"},
    "entry.pb.pick": {"zh": "待处理的问题", "en": "Open problem"},
    "entry.pb.close": {"zh": "关闭问题", "en": "Close the problem"},
    "entry.pb.closed_done": {"zh": "问题 #{id} 已关闭。", "en": "Problem #{id} closed."},
    "entry.tab.tactics": {"zh": "招式库", "en": "Tactics library"},
}
