"""Labels of the collection notices (issue 17): the printed notice and its receipt, the
lawyers' bundle, the notices section of /research, the receipts on /entry and the list
of notices not back; merged into core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    # --- the printed notice (core.notice_pdf)
    "notice.pdf.title": {"zh": "催收通知书", "en": "Collection notices"},
    "notice.pdf.number": {"zh": "编号：{number}", "en": "No. {number}"},
    "notice.pdf.tear": {
        "zh": "请沿虚线撕下回执，签字后交回本行",
        "en": "Tear off the receipt along the line, sign it and hand it back to the bank",
    },
    "notice.pdf.receipt": {"zh": "回　执", "en": "Receipt"},
    "notice.pdf.receipt_text": {
        "zh": "本人已收到{bank}编号为 {number} 的《{title}》（借据号：{loan_no}），"
        "对通知书所列欠款事实予以确认。",
        "en": 'I have received {bank}\'s notice {number}, "{title}" (loan {loan_no}), '
        "and confirm the debt it states.",
    },
    "notice.pdf.signer": {
        "zh": "被通知人：{name}　　签收人（签字并按手印）：______________",
        "en": "Addressee: {name}    Signed by (signature and fingerprint): ______________",
    },
    "notice.pdf.relation.borrower": {
        "zh": "签收人身份：□ 借款人本人　□ 同住成年家属（关系：________）",
        "en": "The signer is: [ ] the borrower  [ ] a co-resident adult relative (____)",
    },
    "notice.pdf.relation.guarantor": {
        "zh": "签收人身份：□ 保证人本人",
        "en": "The signer is: [ ] the guarantor",
    },
    "notice.pdf.signed_on": {
        "zh": "签收日期：________年____月____日　____时____分",
        "en": "Signed on: ________ (date)  ____:____ (time)",
    },
    "notice.pdf.empty": {"zh": "所选范围内没有需要发送的通知书。", "en": "No notice to send."},
    # --- the lawyers' bundle
    "notice.bundle.title": {
        "zh": "诉讼材料：借据号 {loan_no}",
        "en": "Litigation file: loan {loan_no}",
    },
    "notice.bundle.loan_no": {"zh": "借据号", "en": "Loan no."},
    "notice.bundle.borrower": {"zh": "借款人", "en": "Borrower"},
    "notice.bundle.id_number": {"zh": "身份证号", "en": "ID number"},
    "notice.bundle.maturity": {"zh": "到期日", "en": "Maturity"},
    "notice.bundle.principal": {"zh": "尚欠本金", "en": "Principal owed"},
    "notice.bundle.interest": {"zh": "尚欠利息", "en": "Interest owed"},
    "notice.bundle.guarantors": {"zh": "保证人", "en": "Guarantors"},
    "notice.bundle.at": {"zh": "截至日期", "en": "As of"},
    "notice.bundle.notices": {
        "zh": "一、已发送的通知书及回执",
        "en": "1. Notices sent and receipts",
    },
    "notice.bundle.number": {"zh": "编号", "en": "No."},
    "notice.bundle.kind": {"zh": "通知书", "en": "Notice"},
    "notice.bundle.addressee": {"zh": "被通知人", "en": "Addressee"},
    "notice.bundle.printed": {"zh": "打印时间、打印人", "en": "Printed (when, by)"},
    "notice.bundle.owed": {"zh": "通知欠款合计", "en": "Owed as stated"},
    "notice.bundle.returned": {"zh": "回执", "en": "Receipt"},
    "notice.bundle.returned_by": {
        "zh": "{at} 由{who}签收（{by} 录入）",
        "en": "signed {at} by {who} (entered by {by})",
    },
    "notice.bundle.none": {"zh": "尚未发送通知书。", "en": "No notice sent yet."},
    "notice.bundle.images": {"zh": "二、回执及凭证影像", "en": "2. Receipt and payment images"},
    "notice.bundle.no_images": {"zh": "暂无影像资料。", "en": "No image attached."},
    "notice.bundle.pdf_appended": {
        "zh": "（PDF 扫描件，原样附于本文件末尾）",
        "en": "(a PDF scan, appended as it is at the end of this file)",
    },
    "notice.bundle.bad_image": {
        "zh": "（该影像无法读取，请查看原件）",
        "en": "(this image cannot be read: see the original)",
    },
    "notice.bundle.history": {"zh": "三、诉讼时效及保证期间记录", "en": "3. Clock history"},
    "notice.bundle.list_start": {
        "zh": "依贷款清单，诉讼时效起算日 {on}：{why}",
        "en": "From the loan list the limitation runs from {on}: {why}",
    },
    "notice.bundle.on": {"zh": "日期", "en": "Date"},
    "notice.bundle.contact": {"zh": "接触结果", "en": "Contact"},
    "notice.bundle.paid": {"zh": "还款", "en": "Paid"},
    "notice.bundle.ack": {"zh": "签收", "en": "Signed"},
    "notice.bundle.effect": {"zh": "对时效的作用", "en": "Effect on the clocks"},
    "notice.bundle.start": {"zh": "此后时效起算日", "en": "Limitation runs from"},
    "notice.bundle.yes": {"zh": "是", "en": "yes"},
    "notice.bundle.no": {"zh": "否", "en": "no"},
    "notice.bundle.limitation": {
        "zh": "借款人诉讼时效：自 {start} 起算，至 {end} 届满；状态：{status}。",
        "en": "Borrower's limitation: from {start} to {end}; status: {status}.",
    },
    "notice.bundle.guarantee": {
        "zh": "保证（{type}）：保证期间至 {end}；状态：{status}。",
        "en": "Guarantee ({type}): period ends {end}; status: {status}.",
    },
    "notice.bundle.guarantor_own": {
        "zh": "已于 {on} 向保证人主张，保证债务诉讼时效至 {end}。",
        "en": " Demanded on {on}; the guarantor's limitation runs to {end}.",
    },
    "notice.bundle.g.running": {"zh": "保证期间内，尚未主张", "en": "running, not demanded"},
    "notice.bundle.g.fixed": {"zh": "已主张，保证责任已固定", "en": "demanded: fixed"},
    "notice.bundle.g.suit": {"zh": "已在期间内起诉", "en": "kept by a suit"},
    "notice.bundle.g.released": {"zh": "保证期间已届满，保证人免责", "en": "lapsed: released"},
    "notice.bundle.generated": {"zh": "生成时间：{at}", "en": "Generated {at}"},
    # --- the tabs
    "entry.tab.receipts": {"zh": "回执登记", "en": "Receipts back"},
    "research.tab.notices": {"zh": "催收通知书", "en": "Notices"},
    "notice.role_info": {
        "zh": "通知书含完整个人信息，只有管理员和培训师可以打印、登记回执和导出诉讼材料。",
        "en": "Notices carry full personal data: only the admin and trainers print them, "
        "record receipts and export the lawyers' bundle.",
    },
    "notice.rejected": {"zh": "未执行，原因如下：", "en": "Not done, because:"},
    "notice.kind.borrower": {
        "zh": "逾期贷款催收通知书（借款人）",
        "en": "Collection notice (borrower)",
    },
    "notice.kind.guarantor": {
        "zh": "履行保证责任通知书（保证人）",
        "en": "Demand on the guarantor (guarantor)",
    },
    # --- /entry: receipts back
    "notice.rc.help": {
        "zh": "输入回执上二维码下方的编号（或只输入末尾的序号，如 12）；扫码枪可直接扫入二维码。"
        "登记后按签收人记为本次走访的签收回执（本人、家属）或对保证人的主张（保证人），"
        "诉讼时效按规则自动计算。",
        "en": "Type the receipt's number (e.g. qh-sample-00012, or just 12); a handheld "
        "scanner types the QR code in. It is recorded as the visit's signed receipt (borrower, "
        "relative) or the demand on the guarantor, and the clocks follow the rules.",
    },
    "notice.rc.number": {"zh": "回执编号", "en": "Receipt number"},
    "notice.rc.camera": {
        "zh": "用电脑摄像头扫描回执二维码",
        "en": "Scan the receipt's QR code with the camera",
    },
    "notice.rc.camera_take": {
        "zh": "把回执上的二维码对准摄像头后拍照",
        "en": "Hold the receipt's QR code up to the camera and take a picture",
    },
    "notice.rc.camera_help": {
        "zh": "浏览器只在 HTTPS 地址或本机（localhost）上允许使用摄像头；首次使用时请允许。",
        "en": "Browsers allow the camera on an HTTPS address or on localhost only; allow it "
        "when asked.",
    },
    "notice.rc.camera_read": {
        "zh": "已识别回执编号 {number}。",
        "en": "Read receipt number {number}.",
    },
    "notice.rc.camera_none": {
        "zh": "照片中没有识别到本训练营回执的二维码："
        "请让二维码充满画面、避免反光后重拍，或直接输入编号。",
        "en": "No QR code of this camp's receipts could be read in the picture: fill the frame "
        "with the code, avoid glare and take it again, or type the number.",
    },
    "notice.rc.camera_refused": {"zh": "这张照片无法读取。", "en": "This picture cannot be read."},
    "notice.rc.unknown": {
        "zh": "本训练营没有编号为 {number} 的通知书。",
        "en": "This camp has no notice numbered {number}.",
    },
    "notice.rc.found": {
        "zh": "**{number}**　{title}　被通知人：**{addressee}**　"
        "借据号 {loan_no}（借款人 {borrower}）　通知欠款 {owed} 元　"
        "{printed} 由 {by} 打印　所属队伍：{team}",
        "en": "**{number}**  {title}  to **{addressee}**  loan {loan_no} (borrower {borrower})"
        "  owed {owed}  printed {printed} by {by}  team: {team}",
    },
    "notice.rc.already": {
        "zh": "该回执已于 {at} 登记（{who}签收，{by} 录入）。",
        "en": "This receipt was recorded already: signed {at} by {who}, entered by {by}.",
    },
    "notice.rc.cut_off": {
        "zh": "该回执（{at} 签收）的登记没有完成（录入时服务中断），请重新登记。",
        "en": "This receipt (signed {at}) was not fully recorded (the server stopped); "
        "record it again.",
    },
    "notice.rc.signer": {"zh": "签收人", "en": "Signed by"},
    "notice.signer.本人": {"zh": "借款人本人", "en": "the borrower"},
    "notice.signer.家属": {"zh": "同住成年家属", "en": "a co-resident relative"},
    "notice.signer.保证人": {"zh": "保证人", "en": "the guarantor"},
    "notice.rc.date": {"zh": "签收日期", "en": "Signed on"},
    "notice.rc.time": {"zh": "签收时间", "en": "At"},
    "notice.rc.members": {"zh": "送达人员（{team}）", "en": "Served by ({team})"},
    "notice.rc.after_close": {
        "zh": "已结营：回执记为该贷款贷后任务的跟进记录。",
        "en": "The camp is closed: the receipt is recorded as a follow-up on the loan's task.",
    },
    "notice.rc.save": {"zh": "登记回执", "en": "Record the receipt"},
    "notice.rc.no_effect": {"zh": "对时效无影响", "en": "no effect on the clocks"},
    "notice.rc.saved": {
        "zh": "回执 {number} 已登记：{effect}",
        "en": "Receipt {number} recorded: {effect}",
    },
    # --- /research: printing
    "notice.print.title": {"zh": "打印催收通知书", "en": "Print notices"},
    "notice.print.help": {
        "zh": "每次生成都会为通知书分配新的编号并记录打印人和时间；金额按今天的余额填写。"
        "已诉讼或已结清的贷款不出借款人通知书。",
        "en": "Each print numbers its notices anew and logs who printed them, when; the "
        "figures are today's. Loans in litigation or settled get no borrower notice.",
    },
    "notice.print.select": {"zh": "打印范围", "en": "Selection"},
    "notice.select.team": {"zh": "某队辖区", "en": "A team's territory"},
    "notice.select.plan": {"zh": "某队走访计划", "en": "A team's visit plan"},
    "notice.select.urgent": {"zh": "全部已过期及紧急贷款", "en": "All expired and urgent loans"},
    "notice.select.guarantors": {
        "zh": "保证期间即将届满的保证人",
        "en": "Guarantors whose period ends soon",
    },
    "notice.print.team": {"zh": "队伍", "en": "Team"},
    "notice.print.with_guarantors": {
        "zh": "同时打印保证人通知书",
        "en": "Also the guarantors' notices",
    },
    "notice.print.day": {"zh": "计划日", "en": "Plan of"},
    "notice.print.day_n": {"zh": "第 {day} 天（{date}）", "en": "day {day} ({date})"},
    "notice.print.within": {
        "zh": "保证期间在多少天内届满",
        "en": "Guarantee periods ending within (days)",
    },
    "notice.print.two": {"zh": "每页两份（A4 对折）", "en": "Two per page (A4 folded)"},
    "notice.print.go": {"zh": "生成并编号", "en": "Number and make the PDF"},
    "notice.print.none": {
        "zh": "所选范围内没有需要发送的通知书，未编号。",
        "en": "Nothing to send for this selection: no number used.",
    },
    "notice.print.done": {
        "zh": "已编号 {n} 份：{first} 至 {last}",
        "en": "{n} notices numbered: {first} to {last}",
    },
    "notice.print.download": {"zh": "下载通知书 PDF", "en": "Download the notices (PDF)"},
    "notice.batches.title": {"zh": "打印记录", "en": "Batches printed"},
    "notice.batches.none": {"zh": "还没有打印过通知书。", "en": "No notice printed yet."},
    "notice.batches.at": {"zh": "打印时间", "en": "Printed"},
    "notice.batches.by": {"zh": "打印人", "en": "By"},
    "notice.batches.select": {"zh": "范围", "en": "Selection"},
    "notice.batches.numbers": {"zh": "编号", "en": "Numbers"},
    "notice.batches.count": {"zh": "份数", "en": "Notices"},
    "notice.batches.back": {"zh": "已收回执", "en": "Receipts back"},
    "notice.bundle_ui.title": {"zh": "诉讼材料导出", "en": "Bundle for the lawyers"},
    "notice.bundle_ui.help": {
        "zh": "每笔贷款一份 PDF：已发送的通知书、收回的回执及影像、诉讼时效和保证期间记录。",
        "en": "One PDF per loan: the notices sent, the receipts back with their images, "
        "and the clock history.",
    },
    "notice.bundle_ui.loan": {
        "zh": "贷款（已发通知书的在前）",
        "en": "Loan (those with notices first)",
    },
    "notice.bundle_ui.make": {"zh": "生成诉讼材料", "en": "Make the bundle"},
    "notice.bundle_ui.download": {"zh": "下载诉讼材料 PDF", "en": "Download the bundle (PDF)"},
    "notice.wording.title": {"zh": "通知书文本（管理员）", "en": "Wording of the notices (admin)"},
    "notice.wording.help": {
        "zh": "可用占位符：{names}。文本由本行法务部门审定后使用。",
        "en": "Placeholders: {names}. Have the bank's legal department approve the text.",
    },
    "notice.wording.name": {"zh": "标题", "en": "Title"},
    "notice.wording.save": {"zh": "保存", "en": "Save"},
    "notice.wording.saved": {"zh": "已保存。", "en": "Saved."},
    "notice.wording.days": {
        "zh": "通知书发出多少天后仍未收回回执需提示",
        "en": "Chase a receipt not back after (days)",
    },
    # --- notices not back (/summary, /postloan)
    "notice.due.title": {"zh": "未收回的回执", "en": "Receipts not back"},
    "notice.due.none": {"zh": "没有逾期未收回的回执。", "en": "No receipt overdue."},
    "notice.due.help": {
        "zh": "共 {n} 份通知书发出后超过规定天数仍未收回回执（已脱敏）。",
        "en": "{n} notices have not come back within the camp's days (masked).",
    },
    "notice.due.team": {"zh": "**{team}**：{n} 份", "en": "**{team}**: {n}"},
    "notice.due.no_team": {"zh": "未分配队伍", "en": "No team"},
    "notice.due.number": {"zh": "编号", "en": "No."},
    "notice.due.kind": {"zh": "通知书", "en": "Notice"},
    "notice.due.addressee": {"zh": "被通知人", "en": "Addressee"},
    "notice.due.loan": {"zh": "借据号", "en": "Loan"},
    "notice.due.printed": {"zh": "发出日期", "en": "Printed"},
    "notice.due.days": {"zh": "已过天数", "en": "Days"},
}
