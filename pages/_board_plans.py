"""/board's plan channels: each team's visits for the day, four columns a screen, grouped
by township and village, the team's card in its colour. Borrowers arrive masked."""

from __future__ import annotations

from core.board import PLAN_COLUMNS, Channel, MorningBoard, Piece, PlanRow, TeamPlan, plan_rows
from core.money import format_wan
from core.research import CONTACT_FLAGS
from pages import _projector as proj
from pages import _ui as ui

e = proj.esc


def _name(masked: str) -> str:
    """A masked borrower with at most two stars: a company's long name stays one row."""
    return masked[:3] if len(masked) > 3 else masked


def _household(row: PlanRow, show_village: bool) -> str:
    loan = row.loan
    assert loan is not None
    tags = ""
    if loan.tier != "other":
        tags += f'<span class="bd-tag {loan.tier}">{e(ui.tr(f"board.tier.{loan.tier}"))}</span>'
    if loan.customer_type in CONTACT_FLAGS:
        tags += f'<span class="bd-tag flag">{e(loan.customer_type)}</span>'
    if loan.ethnicity:
        tags += f'<span class="bd-tag eth">{e(loan.ethnicity)}</span>'
    village = (row.village or ui.tr("board.plan.no_village")) if show_village else ""
    tail = loan.account.lstrip("*") or loan.account
    owed = ui.tr("board.plan.owed", owed=format_wan(loan.owed_fen))
    return (
        f'<div class="bd-l{" first" if row.first else ""}"><span class="vil">{e(village)}</span>'
        f'<span class="n">{loan.order}</span><b>{e(_name(loan.borrower))}</b>'
        f'<span class="acct">…{e(tail)}</span><span class="tags">{tags}</span>'
        f'<span class="amt">{e(owed)}</span></div>'
    )


def _town(township: str, count: int) -> str:
    return f'<div class="bd-town">{e(township)}（{count}）</div>'


def _plan_piece(board: MorningBoard, plan: TeamPlan, piece: Piece) -> str:
    name = plan.team + (ui.tr("board.plan.continued") if piece.continued else "")
    meta = ui.tr("board.plan.summary", n=plan.loans, owed=format_wan(plan.owed_fen))
    meta += " · " + ui.tr("board.plan.stored" if plan.stored else "board.plan.prefilled")
    style = board.styles.get(plan.team)
    paint = f' style="background:{style.colour};color:{style.ink}"' if style else ""
    html = [f'<div class="bd-card-h"{paint}><span class="team">{proj.team(name, style)}</span>'
            f'<span class="meta">{e(meta)}</span></div>'
            f'<div class="bd-members">{e("、".join(plan.members))}</div>']  # fmt: skip
    rows = plan_rows(plan)
    if not rows:
        html.append(f'<div class="bd-l">{e(ui.tr("board.plan.empty"))}</div>')
    for i in range(piece.start, piece.stop):
        row = rows[i]
        if row.loan is None:
            html.append(_town(row.township, row.count))
            continue
        if i == piece.start:  # a column going on mid-township says where it is
            header = next(r for r in reversed(rows[:i]) if r.loan is None)
            html.append(_town(header.township, header.count))
        html.append(_household(row, row.first or i == piece.start))
    return "".join(html)


def plans(board: MorningBoard, c: Channel) -> str:
    if not board.plans:
        return f'<div class="bd-l">{e(ui.tr("board.plan.none"))}</div>'
    cols = "".join(
        "<div>" + "".join(_plan_piece(board, board.plans[p.block], p) for p in column) + "</div>"
        for column in c.columns
    )
    style = f"grid-template-columns: repeat({PLAN_COLUMNS}, minmax(0, 1fr))"
    return f'<div class="bd-grid" style="{style}">{cols}</div>'
