"""Labels of /awards, the ceremony and the certificates, merged into core/i18n.py's table."""

LABELS: dict[str, dict[str, str]] = {
    # --- the page
    "awards.no_camp": {
        "zh": "还没有训练营：请管理员先在“训练营设置”中创建。",
        "en": "No camp yet: the organiser creates one in Camp setup first.",
    },
    "awards.tab.categories": {"zh": "奖项与数据推荐", "en": "Awards and suggestions"},
    "awards.tab.nominate": {"zh": "提名", "en": "Nominations"},
    "awards.tab.vote": {"zh": "投票", "en": "Vote"},
    "awards.tab.ceremony": {"zh": "颁奖典礼", "en": "Ceremony"},
    "awards.tab.certificates": {"zh": "荣誉证书", "en": "Certificates"},
    "awards.subject.team": {"zh": "团队奖", "en": "Team award"},
    "awards.subject.member": {"zh": "个人奖", "en": "Individual award"},
    "awards.rule.champion_team": {
        "zh": "全营累计积分最高（同分比回收金额，再比先达到者）",
        "en": "Most points over the camp (then cash, then who got there first)",
    },
    "awards.rule.top_member": {
        "zh": "个人累计积分最高（同分比回收金额）",
        "en": "Most points of one's own shares (then cash)",
    },
    "awards.rule.negotiator": {
        "zh": "完整还款承诺 + 首次签收回执次数最多（同数比回收金额）",
        "en": "Most complete promises plus first acknowledgements (then cash)",
    },
    "awards.rule.night_star": {
        "zh": "夜班走访积分最高（同分比夜班回收金额）",
        "en": "Most points from night-shift visits (then their cash)",
    },
    "awards.rule.progress_team": {
        "zh": "从首个外勤日到最后一个外勤日统计区间排名上升最多（同名次比最后区间积分）",
        "en": "Rose most places from the first field day's period to the last "
        "(then the last period's points)",
    },
    "awards.rule.limitation_guard": {
        "zh": "保全诉讼时效最多：走访使贷款由已过期或紧急变为安全"
        "（已过期的须借款人本人签收，即放弃时效抗辩）",
        "en": "Most limitations saved: visits that took a loan from expired or urgent to safe",
    },
    "awards.rule.none": {
        "zh": "自定义奖项：无计算公式，由提名和投票产生",
        "en": "Own award: no formula, decided by nominations and votes",
    },
    "awards.formula": {"zh": "评选依据：{rule}", "en": "Basis: {rule}"},
    "awards.progress_days": {
        "zh": "比较第{first}天与第{last}天的统计区间",
        "en": "Compares the periods of day {first} and day {last}",
    },
    "awards.progress_wait": {
        "zh": "第二个外勤日的统计区间开始后才有推荐",
        "en": "Suggestions start once the second field day's period has begun",
    },
    "awards.suggest.title": {"zh": "数据推荐（前三名）", "en": "Suggested by the data (top 3)"},
    "awards.suggest.none": {
        "zh": "暂无符合条件的数据推荐。",
        "en": "Nobody qualifies on the data yet.",
    },
    "awards.col.rank": {"zh": "名次", "en": "Rank"},
    "awards.col.nominee": {"zh": "候选", "en": "Nominee"},
    "awards.col.team": {"zh": "团队", "en": "Team"},
    "awards.col.figures": {"zh": "数据依据", "en": "Figures"},
    "awards.col.reason": {"zh": "提名理由", "en": "Reason"},
    "awards.col.by": {"zh": "提名人", "en": "Nominated by"},
    "awards.col.at": {"zh": "时间", "en": "When"},
    "awards.col.award": {"zh": "奖项", "en": "Award"},
    "awards.col.status": {"zh": "状态", "en": "Status"},
    "awards.col.votes": {"zh": "票数", "en": "Votes"},
    "awards.col.leader": {"zh": "当前领先", "en": "Leading now"},
    # --- editing the categories (admin)
    "awards.edit.title": {"zh": "编辑奖项", "en": "Edit the award"},
    "awards.edit.name": {"zh": "奖项名称", "en": "Award name"},
    "awards.edit.description": {"zh": "说明", "en": "Description"},
    "awards.edit.save": {"zh": "保存", "en": "Save"},
    "awards.edit.saved": {"zh": "已保存：{name}", "en": "Saved: {name}"},
    "awards.edit.remove": {"zh": "删除此奖项", "en": "Remove this award"},
    "awards.edit.remove_confirm": {
        "zh": "确认删除（提名和投票一并删除）",
        "en": "Confirm (its nominations and votes go too)",
    },
    "awards.edit.removed": {"zh": "已删除：{name}", "en": "Removed: {name}"},
    "awards.add.title": {"zh": "新增自定义奖项", "en": "Add an award of your own"},
    "awards.add.submit": {"zh": "新增奖项", "en": "Add the award"},
    "awards.add.done": {"zh": "已新增：{name}", "en": "Added: {name}"},
    # --- nominations
    "awards.nom.category": {"zh": "奖项", "en": "Award"},
    "awards.nom.nominee": {"zh": "被提名者", "en": "Nominee"},
    "awards.nom.suggested": {"zh": "{name}（推荐第{rank}名）", "en": "{name} (suggested #{rank})"},
    "awards.nom.reason": {"zh": "提名理由（必填）", "en": "Reason (required)"},
    "awards.nom.submit": {"zh": "提交提名", "en": "Nominate"},
    "awards.nom.done": {"zh": "已提名 {name}：{category}", "en": "Nominated {name}: {category}"},
    "awards.nom.read_only": {
        "zh": "提名由培训师和管理员提交；您可以查看提名并投票。",
        "en": "Trainers and the organiser nominate; you can read the nominations and vote.",
    },
    "awards.nom.list": {"zh": "已有提名", "en": "Nominations so far"},
    "awards.nom.none": {"zh": "尚无提名。", "en": "No nominations yet."},
    "awards.nom.closed": {
        "zh": "该奖项已揭晓，提名已结束。",
        "en": "This award is revealed: nominations are closed.",
    },
    # --- votes
    "awards.vote.intro": {
        "zh": "每个奖项每人一票，揭晓前可以改投。",
        "en": "One vote per award each; you may change it until the award is revealed.",
    },
    "awards.vote.choose": {"zh": "投给", "en": "Vote for"},
    "awards.vote.submit": {"zh": "投票", "en": "Vote"},
    "awards.vote.pick_one": {"zh": "请先选择一位被提名者。", "en": "Choose a nominee first."},
    "awards.vote.done": {"zh": "已投票：{category} → {name}", "en": "Voted: {category} → {name}"},
    "awards.vote.changed": {
        "zh": "已改投：{category} → {name}（原投 {before}）",
        "en": "Vote changed: {category} → {name} (was {before})",
    },
    "awards.vote.current": {"zh": "您当前投给：{name}", "en": "Your vote: {name}"},
    "awards.vote.not_yet": {"zh": "您尚未投票", "en": "You have not voted yet"},
    "awards.vote.no_nominees": {
        "zh": "尚无提名，提名后才能投票。",
        "en": "No nominations yet: voting opens with the first one.",
    },
    "awards.vote.closed": {
        "zh": "已揭晓，投票已结束。获奖：{name}",
        "en": "Revealed, voting closed. Winner: {name}",
    },
    "awards.vote.cast": {"zh": "已投 {n} 票", "en": "{n} votes cast"},
    "awards.vote.read_only": {
        "zh": "投票由管理员、培训师和客户经理 / 行长进行。",
        "en": "The organiser, trainers and managers vote.",
    },
    # --- the ceremony (projected)
    "awards.cer.title": {"zh": "颁奖典礼", "en": "Award ceremony"},
    "awards.cer.sealed": {"zh": "待揭晓", "en": "Sealed"},
    "awards.cer.votes": {"zh": "得票 {n} / 共 {total} 票", "en": "{n} of {total} votes"},
    "awards.cer.by_data": {"zh": "按数据评选", "en": "Chosen on the figures"},
    "awards.cer.no_winner": {"zh": "暂无获奖者", "en": "No winner"},
    "awards.cer.waiting": {
        "zh": "颁奖典礼即将开始 · 共 {n} 个奖项",
        "en": "The ceremony is about to begin · {n} awards",
    },
    "awards.cer.progress": {"zh": "已揭晓 {k} / {n}", "en": "{k} of {n} revealed"},
    "awards.cer.congrats": {"zh": "恭喜获奖", "en": "Congratulations"},
    "awards.cer.page": {"zh": "第 {i}/{n} 屏", "en": "Screen {i}/{n}"},
    # --- reveal controls (admin)
    "awards.rev.next": {"zh": "揭晓下一个：{name}", "en": "Reveal next: {name}"},
    "awards.rev.champion_early": {
        "zh": "注意：训练营最终截止时间（{at}）还没到，冠军团队的积分还可能变化。"
        "确定现在揭晓冠军吗？截止之后再揭晓更稳妥。",
        "en": "Careful: the camp's final cut-off ({at}) has not passed; the champion's "
        "points may still change. Reveal the champion after the cut-off to be sure.",
    },
    "awards.rev.pick": {"zh": "选择奖项", "en": "Award"},
    "awards.rev.reveal": {"zh": "揭晓所选", "en": "Reveal the chosen award"},
    "awards.rev.seal": {"zh": "重新封存所选", "en": "Seal the chosen award again"},
    "awards.rev.done": {"zh": "已揭晓：{name}", "en": "Revealed: {name}"},
    "awards.rev.sealed_done": {"zh": "已重新封存：{name}", "en": "Sealed again: {name}"},
    "awards.rev.all_done": {"zh": "所有奖项均已揭晓。", "en": "Every award is revealed."},
    "awards.rev.hint": {
        "zh": "会议室大屏请打开 /awards?present=1，揭晓后大屏在几秒内自动更新。",
        "en": "On the meeting-room screen open /awards?present=1: it follows each reveal "
        "within seconds.",
    },
    "awards.rev.status_sealed": {"zh": "待揭晓", "en": "sealed"},
    "awards.rev.status_revealed": {"zh": "已揭晓 {at}", "en": "revealed {at}"},
    "awards.rev.preview": {"zh": "大屏预览", "en": "Screen preview"},
    # --- certificates
    "awards.cert.none": {
        "zh": "揭晓奖项后即可下载荣誉证书。",
        "en": "Certificates are ready once an award is revealed.",
    },
    "awards.cert.all": {"zh": "全部证书（PDF，{n} 张）", "en": "All certificates (PDF, {n})"},
    "awards.cert.one": {"zh": "证书：{name}", "en": "Certificate: {name}"},
    "awards.cert.help": {
        "zh": "A4 横版，每个已揭晓奖项一张，日期为揭晓当天。",
        "en": "Landscape A4, one per revealed award, dated the day of its reveal.",
    },
    "awards.cert.title": {"zh": "荣誉证书", "en": "Certificate of Honour"},
    "awards.cert.to_member": {"zh": "{name} 同志（{team}）：", "en": "{name} ({team})"},
    "awards.cert.to_team": {"zh": "{name}：", "en": "{name}"},
    "awards.cert.body": {"zh": "在{camp}中", "en": "for outstanding results in the {camp},"},
    "awards.cert.body2": {"zh": "表现突出，成绩优异，荣获", "en": "is awarded"},
    "awards.cert.closing": {
        "zh": "特发此证，以资鼓励。",
        "en": "In recognition of this achievement.",
    },
    "awards.cert.date": {"zh": "{y}年{m}月{d}日", "en": "{iso}"},
    "awards.cert.file_title": {"zh": "{camp} 荣誉证书", "en": "{camp} certificates"},
    # --- the figures behind a suggestion
    "awards.fig.sep": {"zh": "，", "en": ", "},
    "awards.fig.points": {"zh": "{v} 分", "en": "{v} pts"},
    "awards.fig.cash": {"zh": "现金 {v} 万元", "en": "cash {v} × 10k ¥"},
    "awards.fig.deals": {"zh": "承诺+签收 {v} 次", "en": "{v} promises + acks"},
    "awards.fig.promises": {"zh": "完整承诺 {v}", "en": "{v} complete promises"},
    "awards.fig.acks": {"zh": "首次签收 {v}", "en": "{v} first acks"},
    "awards.fig.night_points": {"zh": "夜班 {v} 分", "en": "{v} night pts"},
    "awards.fig.night_visits": {"zh": "夜班走访 {v} 次", "en": "{v} night visits"},
    "awards.fig.night_cash": {"zh": "夜班现金 {v} 万元", "en": "night cash {v} × 10k ¥"},
    "awards.fig.rise": {"zh": "上升 {v} 名", "en": "up {v} places"},
    "awards.fig.rank_at": {"zh": "第{day}天第 {v} 名", "en": "#{v} on day {day}"},
    "awards.fig.points_at": {"zh": "第{day}天 {v} 分", "en": "{v} pts on day {day}"},
    "awards.fig.saved": {"zh": "保全时效 {v} 笔", "en": "{v} limitations saved"},
    # --- refusals
    "awards.err.reason": {"zh": "请填写提名理由。", "en": "Give a reason for the nomination."},
    "awards.err.name": {"zh": "请填写奖项名称。", "en": "Give the award a name."},
    "awards.err.too_long": {"zh": "文字过长（最多 {n} 字）。", "en": "Too long (at most {n})."},
    "awards.err.subject": {
        "zh": "奖项须为团队奖或个人奖。",
        "en": "An award is for a team or a member.",
    },
    "awards.err.name_taken": {
        "zh": "已有名为“{name}”的奖项。",
        "en": "An award named {name} exists.",
    },
    "awards.err.no_category": {
        "zh": "该奖项已不存在，请刷新页面。",
        "en": "This award no longer exists: reload the page.",
    },
    "awards.err.revealed": {
        "zh": "“{category}”已揭晓，不能再提名或投票。",
        "en": "{category} is revealed: no more nominations or votes.",
    },
    "awards.err.not_team": {
        "zh": "“{name}”不是本营的团队。",
        "en": "{name} is not a team of the camp.",
    },
    "awards.err.not_member": {
        "zh": "“{name}”不是本营的队员。",
        "en": "{name} is not a member of the camp.",
    },
    "awards.err.nominated": {
        "zh": "{name} 已被提名为“{category}”，无需重复提名。",
        "en": "{name} is already nominated for {category}.",
    },
    "awards.err.not_nominated": {
        "zh": "{name} 未被提名为“{category}”，只能投给被提名者。",
        "en": "{name} is not nominated for {category}: vote for a nominee.",
    },
}
