"""/pk's look on the big screen (no CSS comments: the style goes through st.markdown).
The ranking's rows share the screen's height (core.pk.ranking_sizes sets --pk-row and
--pk-fs on the table in projector mode)."""

CSS = """
<style>
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style) { display: none; }
.pk-head { display: flex; align-items: center; justify-content: space-between; gap: 28px;
           margin: 0; }
.pk-head h1.pk-title { font-size: 48px !important; font-weight: 800; color: #8b0000;
                       margin: 0; padding: 0; line-height: 1.15; white-space: nowrap; }
.pk-head .pk-info { flex: 1; font-size: 26px; color: #111111; line-height: 1.3; }
.pk-head .pk-info b { font-size: 28px; }
.pk-head .pk-when { font-size: 26px; font-weight: 700; color: #111111; text-align: right;
                    white-space: nowrap; line-height: 1.3; }
.pk-head .pk-when span { font-size: 20px; font-weight: 400; color: #333333; }
.pk-head .pk-when b.pk-count { font-size: 32px; color: #b00020; }
table.proj.pk td, table.proj.pk th { padding: 5px 10px; font-size: 28px; line-height: 1.3;
                                     white-space: nowrap; }
table.proj.pk.small td, table.proj.pk.small th { font-size: 24px; padding: 4px 8px; }
table.proj.pk td.up { color: #c8102e; font-weight: 700; }
table.proj.pk td.down { color: #1a7f37; font-weight: 700; }
table.proj.pk td.team { font-weight: 700; }
table.proj.pk td.attain { width: 26%; }
table.proj.pk td.gap { font-size: 20px; line-height: 1.1; color: #333333; padding: 1px 6px; }
table.proj.pk td.attain .att { display: flex; align-items: center; gap: 8px; }
table.proj.pk td.attain .proj-bar { flex: 1; min-width: 60px; height: 22px; }
table.proj.pk td.attain span.pct { flex: none; text-align: right;
                                   font-variant-numeric: tabular-nums; }
table.proj.pk td.won { color: #ffffff; background: #c8102e; font-weight: 800; }
table.proj.pk td.vs { text-align: center; color: #333333; }
.pk-section { font-size: 30px; font-weight: 800; color: #8b0000; margin: 0 0 4px 0; }
.pk-section span { font-size: 20px; font-weight: 400; color: #333333; }
.pk-flag { font-size: 30px; font-weight: 800; color: #8b0000; background: #fff3c4;
           border-left: 10px solid #c8102e; padding: 10px 14px; margin: 0; }
.pk-note { font-size: 20px; color: #333333; margin: 4px 0 0 0; }
@container main (max-width: 700px) {
  table.proj.pk td.attain .att { display: inline-flex; width: 70%; vertical-align: middle; }
  table.proj.pk td.attain .att .proj-bar { display: block !important; width: auto !important; }
}
</style>
"""

# projector mode only: the ranking's rows share the 1080 screen's height; the new leader's
# banner floats over the ticker, so it never pushes the board off the screen
PRESENT_CSS = """
<style>
table.proj.pk[style*="--pk-row"] td { height: var(--pk-row, auto); font-size: var(--pk-fs, 28px);
                        padding: 0 7px; }
table.proj.pk[style*="--pk-row"] th { padding: 5px 7px; }
table.proj.pk.small td, table.proj.pk.small th { padding: 4px 5px; }
table.proj.pk[style*="--pk-row"] td.gap { font-size: 20px; line-height: 1.05; }
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] .proj-banner) {
  position: fixed; top: 124px; left: 0; right: 0; z-index: 999; display: flex;
  justify-content: center; pointer-events: none; }
[data-testid="stElementContainer"] .proj-banner { font-size: 40px; padding: 6px 40px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, .35); animation: pk-cheer 1.5s ease-out 1; }
@keyframes pk-cheer { from { transform: scale(.6); opacity: 0; } to { transform: none;
                      opacity: 1; } }
table.proj.pk[style*="--pk-row"] td.attain .proj-bar { height: 26px; }
</style>
"""
