"""Who may see which page and do what (SPEC §2, §3). Pages not allowed are not registered."""

from __future__ import annotations

ROLES = ("admin", "trainer", "manager", "screen")

# url path → roles that see the page (the fixed paths of SPEC §3)
PAGES: dict[str, tuple[str, ...]] = {
    "board": ROLES,
    "pk": ROLES,
    "summary": ROLES,
    "awards": ROLES,
    "entry": ("admin", "trainer"),
    "research": ("admin", "trainer", "manager"),
    "postloan": ("admin", "trainer", "manager"),
    "setup": ("admin",),
}

# write actions → roles allowed to perform them; checked again on the server before each write
ACTIONS: dict[str, tuple[str, ...]] = {
    "camp.edit": ("admin",),
    "loans.import": ("admin",),
    "users.manage": ("admin",),
    "freeze": ("admin",),
    "close": ("admin",),
    "visits.write": ("admin", "trainer"),
    "adjust": ("admin", "trainer"),
    "problems": ("admin", "trainer"),
    "research.edit": ("admin", "trainer"),
    "tactics.edit": ("admin", "trainer"),
    "awards.edit": ("admin",),
    "awards.reveal": ("admin",),
    "nominate": ("admin", "trainer"),
    "vote": ("admin", "trainer", "manager"),
    "postloan.followup": ("admin", "trainer", "manager"),
    "tasks.reassign": ("admin",),
    # notices carry full personal data: printed, received and bundled by these only
    "notices.print": ("admin", "trainer"),
    "notices.templates": ("admin",),
    # a photo or scan of a receipt; a manager on the loans they own (db.evidence checks)
    "evidence.attach": ("admin", "trainer", "manager"),
}

PROJECTED = ("board", "pk", "summary")


def pages_for(role: str) -> list[str]:
    """The page paths a role is offered, in menu order."""
    return [path for path, roles in PAGES.items() if role in roles]


def may(role: str | None, action: str) -> bool:
    """Whether `role` may perform `action`; an unknown action is a programming error."""
    return role in ACTIONS[action]
