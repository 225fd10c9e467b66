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
}
