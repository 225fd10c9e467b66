"""Labels of evidence (issue 17, point 3): the uploader on /entry and /research, the
evidence behind each restart on the clocks tab, the list of receipts without paper;
merged into core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    "evidence.title": {
        "zh": "凭证（签收回执、缴款单的照片或扫描件）",
        "en": "Evidence (photos or scans of receipts and payment slips)",
    },  # fmt: skip
    "evidence.entry.expander": {
        "zh": "为走访拍照或上传凭证（签收回执、缴款单）",
        "en": "Photograph or upload evidence for a visit (signed receipt, payment slip)",
    },
    "evidence.help": {
        "zh": "可上传照片（手机或相机拍的图片）或 PDF 扫描件，每个文件不超过 {mb} MB。"
        "照片会去除拍摄位置等元数据并缩小后保存。凭证含个人信息，只有管理员、教练和该贷款的"
        "客户经理可以查看，大屏上从不显示。",
        "en": "Photos (JPG, PNG, WebP …) or PDF scans, at most {mb} MB each. Photos are "
        "stored without their location and other metadata, scaled down. Evidence holds "
        "personal data: only the admin, trainers and the loan's account manager see it, "
        "never a projected screen.",
    },
    "evidence.record": {"zh": "附在哪一条记录上", "en": "Attach to which record"},
    "evidence.record.none": {
        "zh": "还没有可以添加凭证的走访或跟进记录。",
        "en": "No visit or follow-up to attach evidence to yet.",
    },
    "evidence.record.line": {
        "zh": "{at} · {kind} · {loan_no} {borrower} · {contact}{ack} · 已有 {n} 份凭证",
        "en": "{at} · {kind} · {loan_no} {borrower} · {contact}{ack} · {n} attached",
    },
    "evidence.kind.visit": {"zh": "走访", "en": "visit"},
    "evidence.kind.followup": {"zh": "贷后跟进", "en": "follow-up"},
    "evidence.ack": {"zh": " · 签收回执", "en": " · signed receipt"},
    "evidence.files": {"zh": "选择照片或 PDF（可多选）", "en": "Choose photos or PDFs"},
    "evidence.use_camera": {"zh": "用相机拍照", "en": "Use the camera"},
    "evidence.camera": {"zh": "拍下回执或缴款单", "en": "Photograph the receipt or slip"},
    "evidence.caption": {"zh": "说明（可选）", "en": "Caption (optional)"},
    "evidence.caption_help": {
        "zh": "例如：借款人本人签收的催收通知书回执",
        "en": "e.g. the collection notice's receipt signed by the borrower",
    },
    "evidence.save": {"zh": "保存凭证", "en": "Save the evidence"},
    "evidence.nothing": {
        "zh": "请先拍照或选择文件。",
        "en": "Take a photo or choose a file first.",
    },
    "evidence.saved": {"zh": "已保存 {n} 份凭证。", "en": "{n} file(s) saved."},
    "evidence.rejected": {
        "zh": "凭证未保存，原因如下：",
        "en": "The evidence was not saved:",
    },
    # the clocks tab: the evidence behind each restart
    "evidence.panel.title": {
        "zh": "时效中断的证据",
        "en": "The evidence behind each restart",
    },
    "evidence.panel.pick": {"zh": "选择贷款", "en": "Choose a loan"},
    "evidence.panel.help": {
        "zh": "每一次重新起算（签收回执、还款、向保证人主张）都应有纸质凭证：法院要的是纸，"
        "不是勾选框。",
        "en": "Every restart (a signed receipt, a payment, a demand on a guarantor) needs "
        "its paper: a court asks for the paper, not the checkbox.",
    },
    "evidence.panel.no_restart": {
        "zh": "这笔贷款在训练营和贷后跟进中还没有重新起算的记录。",
        "en": "No camp visit or follow-up restarted this loan's clocks yet.",
    },
    "evidence.panel.denied": {
        "zh": "只有管理员、教练和这笔贷款的客户经理可以查看它的凭证。",
        "en": "Only the admin, trainers and this loan's account manager see its evidence.",
    },
    "evidence.panel.record": {
        "zh": "{kind}：{at} · {contact}{ack}{paid} · {who}",
        "en": "{kind}: {at} · {contact}{ack}{paid} · {who}",
    },
    "evidence.panel.team": {"zh": "{team}", "en": "{team}"},
    "evidence.panel.by": {"zh": "录入人 {by}", "en": "entered by {by}"},
    "evidence.panel.paid": {"zh": " · 收回 {yuan} 元", "en": " · {yuan} yuan collected"},
    "evidence.panel.missing": {
        "zh": "没有凭证：请补拍签收回执或缴款单。",
        "en": "No evidence: photograph the receipt or payment slip.",
    },
    "evidence.panel.overdue": {
        "zh": "签收回执录入已超过 24 小时仍无凭证。",
        "en": "Signed receipt recorded over 24 hours ago, still without evidence.",
    },
    "evidence.panel.other": {
        "zh": "其他签收回执和凭证（未中断时效的记录）",
        "en": "Other signed receipts and evidence (records that restarted nothing)",
    },
    "evidence.open": {"zh": "下载 {name}", "en": "Download {name}"},
    "evidence.item": {
        "zh": "{caption}（{by}，{at} 上传，{kb} 千字节）",
        "en": "{caption} ({by}, uploaded {at}, {kb} KB)",
    },
    "evidence.pdf": {"zh": "PDF 扫描件", "en": "PDF scan"},
    # the list of signed receipts without paper
    "research.tab.evidence": {"zh": "凭证", "en": "Evidence"},
    "evidence.flagged.title": {
        "zh": "签收回执超过 24 小时仍无凭证（{n} 条）",
        "en": "Signed receipts without evidence after 24 hours ({n})",
    },
    "evidence.flagged.none": {
        "zh": "所有签收回执都已在 24 小时内附上凭证。",
        "en": "Every signed receipt got its evidence within 24 hours.",
    },
    "evidence.flagged.help": {
        "zh": "“签收回执 = 是”的走访或贷后跟进，录入 24 小时后仍没有照片或扫描件。"
        "在下方选择贷款补传。",
        "en": "Visits or follow-ups with a signed receipt and no photo or scan 24 hours "
        "after they were entered. Pick the loan below to add it.",
    },
    "evidence.col.loan_no": {"zh": "借据号", "en": "Loan"},
    "evidence.col.borrower": {"zh": "借款人", "en": "Borrower"},
    "evidence.col.manager": {"zh": "客户经理", "en": "Account manager"},
    "evidence.col.team": {"zh": "队伍", "en": "Team"},
    "evidence.col.kind": {"zh": "记录", "en": "Record"},
    "evidence.col.at": {"zh": "时间", "en": "When"},
    "evidence.col.contact": {"zh": "接触结果", "en": "Contact"},
    "evidence.col.recorded": {"zh": "录入时间", "en": "Entered"},
    "evidence.col.hours": {"zh": "已过小时", "en": "Hours since"},
    "evidence.attach.title": {"zh": "补传凭证", "en": "Add evidence"},
    "evidence.attach.loan": {
        "zh": "借据号（可从上表复制）",
        "en": "Loan number (copy it from the table)",
    },
}
