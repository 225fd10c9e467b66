"""/board's look on the big screen: type from 20 px up, dark on white or white on dark red.

Sizes here and the budgets of core.board go together: a plan row is 28 px type 40 px
high (PLAN_ROWS a column), a list row 28 px type (NOTE_ROWS), a scoreboard row shares
the screen's height (core.board.score_sizes: 64–88 px high, 32–36 px type).
"""

CSS = """
<style>
.bd { font-size: 22px; line-height: 1.35; color: #111111; }
.bd b { font-weight: 700; }
.bd-head { display: flex; align-items: baseline; gap: 28px; border-bottom: 4px solid #c8102e;
           padding-bottom: 2px; white-space: nowrap; }
.bd-camp { font-size: 28px; font-weight: 700; flex: 1; overflow: hidden; text-overflow: ellipsis; }
.bd-day { font-size: 36px; font-weight: 800; color: #b00020; }
.bd-clock { font-size: 30px; font-weight: 700; }
.bd-frozen { font-size: 22px; font-weight: 700; color: #ffffff; background: #333333;
             padding: 2px 10px; border-radius: 6px; }
.bd-sub { display: flex; align-items: center; gap: 18px; margin: 8px 0 10px; }
.bd-view { font-size: 30px; font-weight: 800; color: #ffffff; background: #8b0000;
           padding: 0 16px; border-radius: 6px; white-space: nowrap; }
.bd-dots { display: flex; gap: 10px; align-items: center; }
.bd-dots i { display: inline-block; width: 18px; height: 18px; border-radius: 50%;
             background: #bbbbbb; }
.bd-dots i.on { background: #c8102e; }
.bd-note { font-size: 20px; color: #222222; margin-left: auto; white-space: nowrap; }
.bd-grid { display: grid; gap: 20px; align-items: start; }
table.bd-t { width: 100%; border-collapse: collapse; }
table.bd-t th { background: #8b0000; color: #ffffff; font-size: 24px; font-weight: 700;
                padding: 1px 8px; text-align: center; border: 1px solid #ffffff;
                white-space: nowrap; }
table.bd-t td { font-size: 32px; padding: 3px 10px; border-bottom: 1px solid #bbbbbb;
                color: #111111; white-space: nowrap; }
table.bd-t td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.bd-t td.team { font-weight: 800; }
table.bd-t td.sep { border-left: 3px solid #8b0000; }
table.bd-t tr.flag td { background: #fff3c4; }
.bd-bar { position: relative; background: #d6d6d6; height: 26px; border-radius: 13px;
          min-width: 150px; }
.bd-bar > span { position: absolute; left: 0; top: 0; bottom: 0; background: #c8102e;
                 border-radius: 11px; }
.bd-bar > span.over { background: #d4a017; border-radius: 0 11px 11px 0; }
.bd-bar > i { position: absolute; top: -5px; bottom: -5px; width: 4px; background: #111111; }
.bd-bar > i.mk { top: 0; bottom: 0; width: 2px; background: #555555; }
.bd-total { font-size: 28px; font-weight: 700; margin-top: 10px; }
.bd-side > div { margin-bottom: 16px; }
.bd-flag { background: #c8102e; color: #ffffff; border-radius: 10px; padding: 8px 18px; }
.bd-flag .k { font-size: 26px; font-weight: 700; }
.bd-flag .v { font-size: 56px; font-weight: 800; line-height: 1.25; }
.bd-flag .s { font-size: 26px; }
.bd-bt { font-size: 28px; font-weight: 800; color: #8b0000; border-bottom: 3px solid #8b0000;
         margin-bottom: 4px; white-space: nowrap; }
.bd-pk { font-size: 30px; font-weight: 700; padding: 4px 0; border-bottom: 1px solid #cccccc;
         white-space: nowrap; }
.bd-pk .vs { color: #b00020; padding: 0 12px; }
.bd-pk .win { color: #0b6b2b; font-weight: 800; }
.bd-pk .bd-tag { margin-left: 6px; vertical-align: 3px; }
.bd-card-h { display: flex; justify-content: space-between; align-items: baseline; gap: 8px;
             overflow: hidden; background: #8b0000; color: #ffffff; padding: 0 10px;
             border-radius: 6px 6px 0 0; white-space: nowrap; }
.bd-card-h .team { font-size: 32px; font-weight: 800; min-width: 0; overflow: hidden; }
.bd-card-h .meta { font-size: 22px; font-weight: 700; }
.bd-members { font-size: 24px; color: #111111; background: #f1e3e3; padding: 0 10px;
              white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bd-town { font-size: 28px; line-height: 1.45; font-weight: 800; color: #8b0000;
           border-bottom: 2px solid #8b0000; white-space: nowrap; overflow: hidden;
           text-overflow: ellipsis; }
.bd-l { font-size: 28px; line-height: 1.45; display: flex; gap: 6px; align-items: baseline;
        white-space: nowrap; overflow: hidden; }
.bd-l.first { border-top: 1px solid #999999; }
.bd-l .vil { flex: none; width: 3em; font-weight: 700; color: #333333; overflow: hidden;
             text-overflow: clip; }
.bd-l .n { flex: none; min-width: 1.4em; text-align: right; font-weight: 800; color: #8b0000; }
.bd-l .acct { color: #222222; font-variant-numeric: tabular-nums; }
.bd-l > b, .bd-l .acct { flex: none; }
/* in a narrow column the tags give way, never the amount */
.bd-l .tags { display: flex; gap: 4px; min-width: 0; overflow: hidden; }
.bd-l .amt { flex: none; margin-left: auto; font-weight: 700; font-variant-numeric: tabular-nums; }
.bd-tag { font-size: 20px; font-weight: 700; color: #ffffff; padding: 0 4px; border-radius: 4px; }
.bd-tag.expired { background: #b00020; } .bd-tag.urgent { background: #b33900; }
.bd-tag.deadline { background: #6a0dad; }
.bd-tag.promise { background: #0d47a1; } .bd-tag.flag { background: #333333; }
.bd-tag.won { background: #0b6b2b; }
.bd-tag.eth { background: #ffffff; color: #1b5e20; border: 2px solid #1b5e20; }
.bd-list { font-size: 28px; }
.bd-list .bd-i { margin-bottom: 4px; }
.bd-list .t { color: #222222; }
/* what Streamlit and app.py put above the page (the cookie component, style-only
   markdown) takes no room: the board starts at the top of the screen */
[data-testid="stElementContainer"]:has(iframe[data-testid="stCustomComponentV1"]),
[data-testid="stElementContainer"]:has(.stMarkdown style) {
    position: absolute; height: 0; overflow: hidden; margin: 0; }
</style>
"""

# Presentation mode: the page's own side padding is room the fourth plan column needs; the
# scoreboard's rows share the screen's height (core.board.score_sizes sets the variables).
PRESENT_CSS = """
<style>
.block-container, [data-testid="stMainBlockContainer"]
{ padding-left: 24px !important; padding-right: 24px !important; }
table.bd-t td { height: var(--bd-row, auto); font-size: var(--bd-fs, 32px);
                padding-top: 0; padding-bottom: 0; padding-left: 8px; padding-right: 8px; }
table.bd-t th { font-size: 26px; padding: 3px 6px; }
.bd-side .bd-flag { padding: 14px 20px; }
</style>
"""
