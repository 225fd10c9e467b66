"""Labels of verified cash (SPEC §5.6): the repayment upload on /setup, the reconciliation
view on /summary, the verified column on /pk and /summary; merged into core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    # --- /setup: the repayment records
    "setup.tab.ledger": {"zh": "还款流水", "en": "Repayments"},
    "ledger.help": {
        "zh": "导入核心系统的还款流水（xlsx、xls 或 csv），用于核实各队认领的收回金额。"
        "需要列：借据号/贷款账号、交易日期/记账日期、还款本金；可选：还款利息、流水号。"
        "有流水号的记录重复导入只保存一次；没有流水号时，同一文件中完全相同的几行算作几笔，"
        "再次导入同一文件不会重复保存。不属于本训练营的贷款记录会被跳过。已导入 {n} 条。",
        "en": "Import the core system's repayment records (xlsx, xls or csv) to verify the "
        "money the teams claim. Columns: 借据号/贷款账号, 交易日期/记账日期, 还款本金; "
        "optional: 还款利息, 流水号. A record with a 流水号 is stored once however often it is "
        "imported; without one, identical rows of one file are separate payments, and "
        "importing the same file again stores nothing twice. Records on loans outside the "
        "camp are skipped. {n} records stored.",
    },
    "ledger.upload": {"zh": "选择还款流水文件", "en": "Choose the repayment file"},
    "ledger.preview": {
        "zh": "预览：共 {n} 条可导入记录，{e} 个问题",
        "en": "Preview: {n} records to import, {e} problems",
    },
    "ledger.skip_invalid": {"zh": "跳过有错误的行", "en": "Skip the rows with errors"},
    "ledger.import": {"zh": "导入还款流水", "en": "Import the records"},
    "ledger.done": {
        "zh": "已保存 {stored} 条；{already} 条此前已导入；{other} 条不属于本训练营的贷款，已跳过",
        "en": "{stored} records stored; {already} were stored before; {other} on loans "
        "outside the camp skipped",
    },
    "ledger.col.loan_no": {"zh": "贷款账号", "en": "Loan number"},
    "ledger.col.paid_on": {"zh": "交易日期", "en": "Paid on"},
    "ledger.col.principal": {"zh": "还款本金", "en": "Principal"},
    "ledger.col.interest": {"zh": "还款利息", "en": "Interest"},
    "ledger.col.ref": {"zh": "流水号", "en": "Ref"},
    "ledger.awards_verified": {
        "zh": "颁奖典礼按核实后的排名评定（冠军团队、进步最快）",
        "en": "The award ceremony uses the verified standings (champion, most improved)",
    },
    "ledger.awards_verified_help": {
        "zh": "打开后，冠军团队与进步最快只计还款流水核实过的收回金额。",
        "en": "When on, the champion and the most improved team count only the money the "
        "repayment records confirm.",
    },
    "ledger.awards_saved": {"zh": "已保存颁奖设置", "en": "Award setting saved"},
    # --- /summary: the reconciliation view
    "summary.view.reconcile": {"zh": "资金核实", "en": "Cash check"},
    "reconcile.no_records": {
        "zh": "还没有导入还款流水：管理员在“训练营设置 → 还款流水”中导入后，这里显示核实结果。",
        "en": "No repayment records yet: once the organiser imports them (Camp setup → "
        "Repayments), the check shows here.",
    },
    "reconcile.window": {
        "zh": "走访当天至其后 {days} 天内的还款流水计入核实；"
        "每笔流水只能被认领一次，先走访者优先。",
        "en": "Records from the visit's day to {days} days later count; each record's money "
        "is used once, the earliest visit first.",
    },
    "reconcile.by_team": {"zh": "各队认领与核实", "en": "Claimed and verified, per team"},
    "reconcile.open": {"zh": "未完全核实的认领", "en": "Claims not fully verified"},
    "reconcile.unclaimed": {"zh": "未认领的还款", "en": "Money nobody claimed"},
    "reconcile.col.team": {"zh": "团队", "en": "Team"},
    "reconcile.col.claimed": {"zh": "认领金额（元）", "en": "Claimed (yuan)"},
    "reconcile.col.verified": {"zh": "核实金额（元）", "en": "Verified (yuan)"},
    "reconcile.col.rate": {"zh": "核实率", "en": "Verified share"},
    "reconcile.col.open": {"zh": "待核实笔数", "en": "Open claims"},
    "reconcile.col.visit": {"zh": "走访编号", "en": "Visit"},
    "reconcile.col.time": {"zh": "走访时间", "en": "Visited at"},
    "reconcile.col.loan": {"zh": "贷款账号", "en": "Loan"},
    "reconcile.col.borrower": {"zh": "借款人", "en": "Borrower"},
    "reconcile.col.status": {"zh": "状态", "en": "Status"},
    "reconcile.col.paid_on": {"zh": "交易日期", "en": "Paid on"},
    "reconcile.col.amount": {"zh": "金额（元）", "en": "Amount (yuan)"},
    "reconcile.status.verified": {"zh": "已核实", "en": "verified"},
    "reconcile.status.partial": {"zh": "部分核实", "en": "partly verified"},
    "reconcile.status.not_received": {"zh": "未到账", "en": "not received"},
    "reconcile.status.duplicate": {"zh": "重复认领", "en": "claimed twice"},
    "reconcile.status.unclaimed": {"zh": "未认领", "en": "unclaimed"},
    # --- the verified column on /pk and /summary
    "verified.show": {"zh": "显示核实金额", "en": "Show verified cash"},
    "verified.col": {"zh": "核实金额", "en": "Verified"},
}
