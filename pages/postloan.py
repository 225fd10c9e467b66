"""/postloan — the post-loan workflow the camp leaves behind (SPEC §4.9).

Thin: a task board per owner (due, overdue, done) with follow-ups, reassigning and an
Excel export (pages/_postloan_tasks.py), early warning by watch level
(pages/_postloan_watch.py) and the camp's evaluation (pages/_postloan_eval.py).
"""

import streamlit as st

from db.postloan import closed_on, list_tasks, refresh_tasks, task_owners
from pages import _entry_common as common
from pages import _notices_due as notices_due
from pages import _postloan_eval as evaluation
from pages import _postloan_plan as plan
from pages import _postloan_tasks as tasks
from pages import _postloan_watch as watch
from pages import _ui as ui

ui.guard("postloan")
st.title(ui.tr("page.postloan"))
code = ui.camp_code()
if code is None:
    st.info(ui.tr("post.no_camp"))
    st.stop()
common.show_flash()
tasks.show_notes()
today = ui.now().astimezone(ui.camp_zone()).date()
closed = closed_on(ui.engine(), code)
if closed is None:
    st.info(ui.tr("post.not_closed"))
    evaluation.show(ui.engine(), code, today)
    st.stop()
st.caption(ui.tr("post.closed_on", date=closed.isoformat()))
user = ui.user()
# the clocks keep running after the close: the first view of the day adds what they call for
if today >= closed:
    refresh_tasks(ui.engine(), code, today, actor=user.username if user else "page",
                  once_a_day=True)  # fmt: skip

owners = task_owners(ui.engine(), code)
mine = user.name if user else ""
choices = [mine] + [o for o in owners if o != mine] if mine in owners or not owners else owners
owner = st.selectbox(
    ui.tr("post.owner"),
    choices,
    key=f"post_owner_{code}",
    format_func=lambda o: o or ui.tr("post.no_owner"),
    placeholder=ui.tr("widget.choose"),
)

TABS = ("board", "plan", "followup", "watch", "evaluation")
tab = dict(
    zip(TABS, st.tabs([ui.tr(f"post.tab.{t}") for t in TABS], key="postloan_tab"), strict=True)
)
owned = list_tasks(ui.engine(), code, owner=owner)
with tab["board"]:
    tasks.board(code, owner, today, owned)
    if ui.allowed("tasks.reassign"):
        tasks.reassign(code, owner)
with tab["plan"]:
    plan.render(code, owned, today)
with tab["followup"]:
    tasks.followup(code, owner, today)
with tab["watch"]:
    watch.render(code, owner, today)
    notices_due.render(code)  # receipts not back, per team, masked (issue 17)
with tab["evaluation"]:
    evaluation.show(ui.engine(), code, today)
