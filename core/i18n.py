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
    "role.manager": {"zh": "管理人员", "en": "manager"},
    "role.screen": {"zh": "大屏", "en": "screen"},
    "auth.form": {"zh": "登录", "en": "Log in"},
    "auth.username": {"zh": "用户名", "en": "Username"},
    "auth.password": {"zh": "密码", "en": "Password"},
    "auth.login": {"zh": "登录", "en": "Log in"},
    "auth.logout": {"zh": "退出登录", "en": "Log out"},
    "auth.wrong": {"zh": "用户名或密码错误。", "en": "Wrong username or password."},
    "auth.locked": {
        "zh": "连续 5 次密码错误，账户已锁定至 {until}。",
        "en": "Five wrong passwords in a row: the account is locked until {until}.",
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
    "col.code": {"zh": "代码", "en": "Code"},
    "col.name": {"zh": "名称", "en": "Name"},
    "col.start": {"zh": "开营日期", "en": "Start date"},
    "col.teams": {"zh": "团队数", "en": "Teams"},
    "col.loans": {"zh": "贷款笔数", "en": "Loans"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label in `lang`; a missing key or language is an error, never a blank."""
    return LABELS[key][lang]
