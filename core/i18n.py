"""One translation table for every label: Chinese by default, English on a switch."""

from __future__ import annotations

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
    "col.code": {"zh": "代码", "en": "Code"},
    "col.name": {"zh": "名称", "en": "Name"},
    "col.start": {"zh": "开营日期", "en": "Start date"},
    "col.teams": {"zh": "团队数", "en": "Teams"},
    "col.loans": {"zh": "贷款笔数", "en": "Loans"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label in `lang`; a missing key or language is an error, never a blank."""
    return LABELS[key][lang]
