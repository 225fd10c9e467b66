"""Labels of /postloan, merged into the one table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {
    # the close of the camp, on /setup (SPEC §4.9)
    "setup.close.title": {"zh": "结营", "en": "Close the camp"},
    "setup.close.help": {
        "zh": "结营后排名冻结为最终结果；每笔仍有欠款的贷款生成贷后任务，责任人为其客户经理。"
        "结营后不能撤销，再次结营不会重复生成任务。",
        "en": "Closing freezes the final standings and gives every loan still owing its "
        "post-loan tasks, owned by its account manager. It cannot be undone; closing "
        "again adds nothing.",
    },
    "setup.close.date": {"zh": "结营日期", "en": "Close date"},
    "setup.close.confirm": {
        "zh": "我确认结营（不可撤销）",
        "en": "I confirm: close the camp (cannot be undone)",
    },
    "setup.close.button": {"zh": "结营并生成贷后任务", "en": "Close and generate the tasks"},
    "setup.close.unconfirmed": {
        "zh": "请先勾选确认，再结营。",
        "en": "Tick the confirmation first.",
    },
    "setup.close.done": {
        "zh": "已于 {on} 结营：生成 {n} 项贷后任务。",
        "en": "Closed on {on}: {n} post-loan tasks.",
    },
    "setup.close.already": {
        "zh": "训练营已于 {on} 结营，无需重复操作。",
        "en": "The camp was already closed on {on}: nothing to do.",
    },
    "setup.close.closed": {
        "zh": "训练营已于 {on} 结营，排名为最终结果。贷后任务见“贷后管理”页面。",
        "en": "Closed on {on}: the standings are final. The post-loan tasks are on the "
        "Post-loan page.",
    },
}
