"""The catalogue of import problem reasons: one code, its Chinese and English text (SPEC §5.1).

A `core.records.Problem` made with `Problem.coded(row, column, code, **params)` keeps its
code and parameters and renders its reason in the user's language (`Problem.reason_in`),
Chinese by default. Converters raise `Reason` (a ValueError) so a cell's problem keeps
its code too. The `row N, column X:` prefix is not translated: it is a machine contract.

Every problem a user is shown comes from here: the files' readers, the store's checks
(db/), the camp file and /setup's forms, and the usage errors a page can meet
(`core.errors.UsageError.coded`). tests/unit/test_reasons_catalogue.py fails on a
`Problem` built with a reason written in place, on a code missing here, and on English
left in a Chinese text; the English texts are the command line's `--lang en` output.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.i18n import DEFAULT_LANGUAGE

REASONS: dict[str, dict[str, str]] = {
    # --- reading the file (core.tabular) ---
    "file.open": {"zh": "无法打开文件：{detail}", "en": "cannot open the file: {detail}"},
    "file.read": {"zh": "无法读取文件：{detail}", "en": "cannot read the file: {detail}"},
    "file.empty": {"zh": "文件是空的", "en": "the file is empty"},
    "file.not_workbook": {
        "zh": "文件名是 {suffix}，但内容不是 Excel 工作簿：请用 Excel 或 WPS 打开后另存为 xlsx",
        "en": "not an Excel workbook although named {suffix}: "
        "open it in Excel or WPS and save it as xlsx",
    },
    "file.unsupported": {
        "zh": "不支持的文件类型 {suffix}：请使用 xlsx、xls 或 csv",
        "en": "unsupported file type {suffix}: use xlsx, xls or csv",
    },
    "file.bad_workbook": {
        "zh": "无法读取工作簿：{detail}",
        "en": "cannot read the workbook: {detail}",
    },
    "file.no_sheet": {"zh": "工作簿里没有可见的工作表", "en": "the workbook has no visible sheet"},
    "file.csv_line": {
        "zh": "CSV 第 {line} 行无法读取：{detail}",
        "en": "cannot read the CSV at line {line}: {detail}",
    },
    "file.utf16": {
        "zh": "不是文本 CSV 文件（UTF-16 编码损坏）：请使用 xlsx、xls 或 csv",
        "en": "not a text CSV file (broken UTF-16): use xlsx, xls or csv",
    },
    "file.nul": {
        "zh": "不是文本 CSV 文件：含有 NUL 字节（二进制文件，或无 BOM 的 UTF-16）；"
        "请另存为 xlsx 或 CSV UTF-8",
        "en": "not a text CSV file: it holds NUL bytes (a binary file, or UTF-16 without "
        "a BOM); save it again as xlsx or as CSV UTF-8",
    },
    "file.encoding": {
        "zh": "不是文本 CSV 文件（既不是 UTF-8 也不是 GBK）：请使用 xlsx、xls 或 csv",
        "en": "not a text CSV file (neither UTF-8 nor GBK): use xlsx, xls or csv",
    },
    "file.too_big": {
        "zh": "工作表过大：{rows} 行 × {columns} 列（到 {extent}），上限为 1,000,000 行、"
        "20,000,000 个单元格；请删除末尾的空行空列，或拆分清单",
        "en": "the sheet is too large: {rows} rows × {columns} columns (up to {extent}); "
        "at most 1,000,000 rows and 20,000,000 cells: delete the empty rows and columns "
        "at the end, or split the list",
    },
    "file.bomb": {
        "zh": "工作簿解压后膨胀 {ratio} 倍（{size} MB），疑似压缩炸弹，已拒绝",
        "en": "the workbook expands {ratio} times when unpacked ({size} MB): refused as unsafe",
    },
    "file.html": {
        "zh": "无法读取网页表格：{detail}",
        "en": "cannot read the HTML table: {detail}",
    },
    "file.no_table": {
        "zh": "文件里没有表格（网页或 XML 表格中找不到任何行）",
        "en": "no table in the file (no rows in the HTML or XML table)",
    },
    # --- the header ---
    "header.not_found": {
        "zh": "前 {max_scan} 行中找不到表头（应有「{expected}」等列）",
        "en": "header row not found in the first {max_scan} rows "
        "(expected columns such as {expected})",
    },
    "header.two_columns": {
        "zh": "{a} 列（{a_label}）和 {b} 列（{b_label}）都表示「{field}」：请删去一列，或指定映射",
        "en": "columns {a} ({a_label}) and {b} ({b_label}) both mean {field}",
    },
    "header.missing": {
        "zh": "缺少「{field}」列（可用的列名：{accepted}）",
        "en": "missing column {field} (accepted names: {accepted})",
    },
    "header.missing_closest": {
        "zh": "缺少「{field}」列；文件里的「{closest}」可能就是它"
        "（在 /setup 的列映射中指定，或命令行 --map {key}={closest}）",
        "en": "missing column {field}; the file's column {closest} may be it "
        "(assign it in the column mapping on /setup, or --map {key}={closest})",
    },
    "header.map_unknown_column": {
        "zh": "映射指定的列「{column}」不在文件里（{field}）",
        "en": "the mapping names a column {column} that the file does not have ({field})",
    },
    # --- rows and cells ---
    "rows.no_loans": {"zh": "表头下面没有贷款", "en": "no loans below the header row"},
    "rows.no_loans_file": {"zh": "文件里没有贷款", "en": "the file holds no loans"},
    "cell.missing": {"zh": "必填值为空", "en": "required value missing"},
    "cell.too_long": {
        "zh": "过长：{length} 个字符，最多 {limit} 个",
        "en": "too long: {length} characters, at most {limit}",
    },
    "cell.name_too_long": {
        "zh": "有姓名超过 {limit} 个字符",
        "en": "a name longer than {limit} characters",
    },
    "cell.control": {
        "zh": "单元格里有控制字符 U+{code}：请重新输入",
        "en": "control character U+{code} in the cell: retype the value",
    },
    "cell.lost_digits": {
        "zh": "数字已丢位：表格把它存成了数字；请把这一列设为文本后重新导出",
        "en": "number lost digits: stored as a number by the spreadsheet; "
        "export the column as text",
    },
    "cell.negative": {"zh": "金额为负数", "en": "negative amount"},
    "cell.not_amount": {"zh": "不是金额：{value}", "en": "not an amount: {value}"},
    "cell.too_large": {"zh": "金额过大", "en": "amount too large"},
    "cell.date_range": {
        "zh": "日期超出范围：{value}（应在 {first} 到 {last} 年之间）",
        "en": "date out of range: {value} (expected {first} to {last})",
    },
    "cell.not_date": {"zh": "不是日期：{value}", "en": "not a date: {value}"},
    "cell.not_calendar_date": {
        "zh": "日历上没有这一天：{value}",
        "en": "not a calendar date: {value}",
    },
    "cell.not_flag": {
        "zh": "应为 是/否、Y/N 或 1/0，而不是 {value}",
        "en": "expected 是/否, Y/N or 1/0, not {value}",
    },
    "cell.not_days": {
        "zh": "不是整数天数：{value}",
        "en": "not a whole number of days: {value}",
    },
    "cell.negative_days": {"zh": "逾期天数为负数", "en": "negative days overdue"},
    "cell.days_implausible": {
        "zh": "天数不合理：{value}",
        "en": "not a plausible number of days: {value}",
    },
    "cell.unknown_segment": {
        "zh": "未知的客户类型 {value}：应为 {expected}",
        "en": "unknown segment {value}: expected {expected}",
    },
    "cell.unknown_risk": {
        "zh": "未知的五级分类 {value}：应为 {expected}",
        "en": "unknown risk class {value}: expected {expected}",
    },
    "cell.not_text": {"zh": "不是文本：{value}", "en": "not a text value: {value}"},
    "cell.not_number": {"zh": "不是数字", "en": "not a number"},
    "cell.unusable": {"zh": "无法使用的值", "en": "not a usable value"},
    "loan.duplicate": {
        "zh": "贷款号 {loan_no} 已在第 {first} 行出现",
        "en": "loan number {loan_no} already on row {first}",
    },
    "loan.id_check": {"zh": "身份证号校验位错误", "en": "wrong ID number check digit"},
    # --- warnings of the loan list ---
    "warn.similar_column": {
        "zh": "按相近的列名把「{column}」当作「{field}」",
        "en": "column {column} taken as {field} (a similar name)",
    },
    "warn.unused_columns": {
        "zh": "未使用的列：{columns}",
        "en": "columns not used: {columns}",
    },
    "warn.guarantee_type": {
        "zh": "保证方式「{value}」无法识别（一般保证 或 连带责任保证）：按训练营默认保证方式处理",
        "en": "guarantee type {value} not recognised (一般保证 or 连带责任保证): "
        "the camp's default type is assumed",
    },
    "warn.enforcement_status": {
        "zh": "执行状态「{value}」无法识别（已申请执行、终本、执行完毕）：视为未申请执行",
        "en": "enforcement status {value} not recognised (已申请执行, 终本, 执行完毕): "
        "taken as not applied",
    },
    "warn.known_unused": {
        "zh": "「{column}」是「{field}」：已读取但暂不保存",
        "en": "column {column} is {field}: read but not stored yet",
    },
    "warn.shadowed": {
        "zh": "「{column}」也表示「{field}」，已使用「{used}」",
        "en": "column {column} also means {field}; {used} was used",
    },
    "warn.secondary_key": {
        "zh": "同时有「{primary}」和「{secondary}」："
        "以「{primary}」为贷款号，「{secondary}」记入备注",
        "en": "both {primary} and {secondary}: {primary} is the loan number, "
        "{secondary} is kept in the notes",
    },
    "warn.segment_derived": {
        "zh": "{count} 笔贷款的客户类型由类型/品种文字推定（{detail}）",
        "en": "客户类型 derived from type or product words for {count} loans ({detail})",
    },
    "warn.segment_default": {
        "zh": "{count} 笔贷款无法确定客户类型，记为「{segment}」",
        "en": "客户类型 unknown for {count} loans: set to {segment}",
    },
    "warn.township_derived": {
        "zh": "{count} 笔贷款的乡镇由地址或村名推定",
        "en": "乡镇 taken from the address or village text for {count} loans",
    },
    "warn.township_unassigned": {
        "zh": "{count} 笔贷款无法确定乡镇，记为「未分配」",
        "en": "乡镇 unknown for {count} loans: set to 未分配",
    },
    "warn.as_of": {
        "zh": "清单日期 {date} 取自{source}「{label}」",
        "en": "the list's date {date} is taken from the {source} {label}",
    },
    "warn.as_of_mixed": {
        "zh": "「{label}」列的日期不一致（{first} 至 {last}），以 {last} 为清单日期",
        "en": "the dates of column {label} differ ({first} to {last}): {last} is the list's date",
    },
    "warn.written_off_title": {
        "zh": "标题或列名含「{word}」：{count} 笔贷款按已核销（表外）处理",
        "en": "the title or a column says {word}: {count} loans marked written off",
    },
    "warn.class_floor": {
        "zh": "{count} 笔贷款的五级分类好于逾期天数对应的下限（如 {loan_no}：清单为{listed}，"
        "下限为{floor}），按下限计",
        "en": "the listed class is better than the overdue floor for {count} loans (e.g. "
        "{loan_no}: listed {listed}, floor {floor}); the floor is used",
    },
    "warn.other_sheet": {
        "zh": "第一个工作表里没有表头，读取的是第 {sheet} 个工作表",
        "en": "the first sheet has no header row: sheet {sheet} was read",
    },
    "warn.skipped_rows": {
        "zh": "跳过 {count} 行没有贷款号、借款人和余额的行（如清单下方的说明或签字）",
        "en": "{count} rows without loan number, borrower and balance skipped "
        "(notes or signatures below the list)",
    },
    # --- repayment records (core.ledger, db.ledger; SPEC §5.6) ---
    "ledger.no_rows": {
        "zh": "表头下面没有还款记录",
        "en": "no repayment records below the header row",
    },
    "ledger.no_money": {
        "zh": "还款本金和还款利息都为 0",
        "en": "neither principal nor interest repaid",
    },
    "ledger.duplicate_ref": {
        "zh": "与第 {first} 行是同一笔流水：只保存一次",
        "en": "the same record as row {first}: stored once",
    },
    "ledger.ref_conflict": {
        "zh": "流水号 {ref} 已在第 {first} 行出现，日期或金额不同",
        "en": "ref {ref} already on row {first} with another date or amount",
    },
    "ledger.stored_conflict": {
        "zh": "流水号 {ref} 已导入，日期或金额不同",
        "en": "ref {ref} is already stored with another date or amount",
    },
    "ledger.stored": {
        "zh": "{count} 条记录已导入过，未重复保存",
        "en": "{count} records already stored: not stored again",
    },
    "warn.double_branch_claim": {
        "zh": "{team} 与 {other} 同日在贷款 {loan_no} 上认领了相同金额 {amount} 元的到行还款，"
        "可能是同一笔还款",
        "en": "{team} and {other} both claim a 到行还款 of {amount} yuan on loan {loan_no} the "
        "same day: likely one payment",
    },
    "ledger.other_loans": {
        "zh": "{count} 条记录的贷款不在本训练营（如 {loan_no}），已跳过",
        "en": "{count} records on loans not in this camp skipped (e.g. {loan_no})",
    },
    # --- camp files (SPEC §4.11) ---
    "camp.quiet_hours_short": {
        "zh": "静默时段 {start}–{end} 短于最低要求 22:00–08:00：只能提前开始或推后结束，不能缩短",
        "en": "quiet hours {start}–{end} are shorter than the minimum 22:00–08:00: they may "
        "start earlier or end later, never less",
    },
    # --- team colours and emblems (core.teamstyle; /setup, camp files) ---
    "team.colour": {
        "zh": "颜色应写成“#”加六位十六进制数（如 #c8102e），而不是“{value}”",
        "en": "a colour is written #RRGGBB (e.g. #c8102e), not {value}",
    },
    "team.badge_long": {
        "zh": "队徽文字最多 2 个字，“{value}”太长",
        "en": "a badge holds at most 2 characters: {value} is too long",
    },
    "team.badge_chars": {
        "zh": "队徽只能是图标之一，或 1–2 个汉字、字母或数字（不能有空格、符号或表情）：“{value}”",
        "en": "an emblem is one of the icons, or 1–2 letters or digits (no spaces, symbols "
        "or emoji): {value}",
    },
    "team.unknown": {"zh": "没有名为“{team}”的团队", "en": "unknown team {team}"},
    # --- visit records (SPEC §4.7, §4.11, §5.4, §5.6) ---
    "visit.money_without_meeting": {
        "zh": "接触结果为「{contact}」（未见到任何人），不能有收回金额",
        "en": "{contact} met nobody: a visit that met nobody cannot collect money",
    },
    "visit.promise_before_visit": {
        "zh": "承诺还款日期 {promise} 早于走访日期 {visit}",
        "en": "the promise date {promise} is before the visit's date {visit}",
    },
    "visit.appointment_needed": {
        "zh": "静默时段（{start}–{end}）的走访须登记事先的预约：缺少{missing}（仅有备注不够）",
        "en": "a visit in quiet hours ({start}–{end}) needs the appointment made before it: "
        "{missing} missing (a note alone is not enough)",
    },
    "visit.appointment_after_visit": {
        "zh": "预约时间 {appointment} 不早于走访时间 {visit}：预约须在走访之前",
        "en": "the appointment {appointment} is not before the visit {visit}: "
        "it must be made before",
    },
    "visit.appointment_by": {
        "zh": "预约方式应为 {expected}，而不是 {value}",
        "en": "the appointment was made by {expected}, not {value}",
    },
    "visit.agreed_by": {
        "zh": "同意人应为 {expected}，而不是 {value}",
        "en": "the appointment was agreed by {expected}, not {value}",
    },
    "warn.refusal_with_money": {
        "zh": "拒绝沟通却有收回金额：请核实",
        "en": "拒绝沟通 with money collected: check it",
    },
    "warn.relative_after_expiry": {
        "zh": "时效已过：家属签收不能放弃时效抗辩，已保存但不计分（须本人签收）",
        "en": "the limitation has expired: a relative's signature saves nothing; stored, "
        "no points (the borrower must sign)",
    },
    "warn.promise_too_far": {
        "zh": "承诺还款日期超出本营规定的天数：已保存，不计承诺分",
        "en": "the promise is due later than the camp's rules allow: stored, no points",
    },
    "warn.promise_too_small": {
        "zh": "承诺金额低于本营规定的下限且不足以结清：已保存，不计承诺分",
        "en": "the promised amount is below the camp's minimum and does not settle the loan: "
        "stored, no points",
    },
    # --- PK pairings (db.setup, /setup's PK grid) ---
    "pk.not_a_day": {
        "zh": "应填训练营第几天（数字），而不是“{value}”",
        "en": "must be a camp day, not {value}",
    },
    "pk.not_field_day": {
        "zh": "第 {day} 天不是实战日（实战日为第 {days} 天）",
        "en": "day {day} is not a field day ({days})",
    },
    "pk.unknown_team": {"zh": "没有名为“{team}”的团队", "en": "unknown team {team}"},
    "pk.self": {"zh": "{team} 不能与自己对阵", "en": "{team} cannot play against itself"},
    "pk.twice": {
        "zh": "{team} 第 {day} 天已有对阵（第 {first} 行）",
        "en": "{team} already plays on day {day} (row {first})",
    },
    # --- post-loan follow-ups and warning signals (db.postloan, /postloan) ---
    "post.needs_zone": {"zh": "时间缺少时区", "en": "the time needs its time zone"},
    "post.unknown_contact": {
        "zh": "未知的接触结果：{contact}",
        "en": "unknown contact result {contact}",
    },
    "post.ack_contact": {
        "zh": "接触结果为“{contact}”时不能登记签收回执",
        "en": "a signed receipt cannot come with {contact}",
    },
    "post.negative": {"zh": "金额不能为负数", "en": "negative amount"},
    "post.unknown_task": {
        "zh": "训练营 {code} 没有编号为 {task} 的任务",
        "en": "unknown task {task} of camp {code}",
    },
    "post.not_owner": {
        "zh": "任务 {task} 的责任人是 {owner}，不是 {actor}：只能登记自己名下的任务",
        "en": "task {task} belongs to {owner}, not {actor}",
    },
    "post.before_close": {
        "zh": "跟进日期应在结营日（{close}）当天或之后，而不是 {day}",
        "en": "a follow-up comes after the close ({close}), not on {day}",
    },
    "post.too_much": {
        "zh": "贷款 {loan_no} 收回本金 {collected} 元，超过未还本金 {outstanding} 元",
        "en": "more principal than outstanding on loan {loan_no}: {collected} collected, "
        "{outstanding} outstanding",
    },
    # --- the follow-up form: what a signature or payment will not do (SPEC §4.4) ---
    "post.caution.expired": {
        "zh": "诉讼时效已于 {end} 届满：家属签收不能保全时效，只有借款人本人签收催收通知书"
        "（放弃时效抗辩）才重新起算；单纯还款计入回收，但不能恢复时效",
        "en": "the limitation expired on {end}: a relative's signature saves nothing — only "
        "the borrower's own signature (a waiver) starts a new three years; a payment is cash "
        "but revives nothing",
    },
    "post.caution.beyond": {
        "zh": "已超过二十年最长保护期（{end}）：签收或还款都不能恢复诉讼时效",
        "en": "beyond the 20-year cap ({end}): no signature or payment revives the claim",
    },
    "post.caution.guarantee_released": {
        "zh": "保证期间已于 {end} 届满且期内未向保证人主张：保证人已免责，"
        "保证人签收不能恢复保证责任",
        "en": "the guarantee period ended on {end} without a demand: the guarantor is "
        "released, and a guarantor's signature does not revive the guarantee",
    },
    "post.caution.general_guarantee": {
        "zh": "一般保证：只向保证人催收不足以保全，"
        "须在保证期间（{end} 届满）内起诉借款人或申请仲裁",
        "en": "general guarantee: a demand on the guarantor is not enough — sue the borrower "
        "or arbitrate before the period ends on {end}",
    },
    "post.caution.mortgage": {
        "zh": "抵押贷款：抵押权须在主债权诉讼时效（{end} 届满）内行使，"
        "时效届满后抵押权不再受保护（民法典第419条）",
        "en": "mortgage: it must be enforced within the main claim's limitation (ends {end}); "
        "after that the mortgage is no longer protected (Civil Code art. 419)",
    },
    # what a saved follow-up did not do (core.clocks effects), in the saved message
    "post.effect.clock.relative_after_expiry": {
        "zh": "注意：时效已届满，家属签收不能保全时效（须借款人本人签收）",
        "en": "note: the limitation had expired — a relative's signature saves nothing "
        "(the borrower must sign)",
    },
    "post.effect.clock.payment_after_expiry": {
        "zh": "注意：时效已届满，还款计入回收，但贷款仍为已过期，须借款人本人签收",
        "en": "note: the limitation had expired — the payment is cash, but the loan stays "
        "expired until the borrower signs",
    },
    "post.effect.clock.beyond_protection": {
        "zh": "注意：已超过二十年最长保护期，签收或还款不能恢复诉讼时效",
        "en": "note: beyond the 20-year cap — nothing revives the claim",
    },
    "post.effect.clock.guarantor_released": {
        "zh": "注意：保证期间已届满，保证人已免责，本次保证人签收不能恢复保证责任",
        "en": "note: the guarantee period was over — the guarantor is released and this "
        "signature does not revive the guarantee",
    },
    "post.effect.clock.general_demand": {
        "zh": "注意：一般保证仅向保证人催收不足以保全，须在保证期间内起诉借款人",
        "en": "note: a general guarantee is not kept by a demand — sue the borrower within "
        "the period",
    },
    # --- evidence: photos and scans of receipts (core.evidence, db.evidence) ---
    "evidence.empty": {"zh": "文件 {name} 是空的", "en": "the file {name} is empty"},
    "evidence.too_big": {
        "zh": "文件 {name} 有 {mb} MB，超过 {limit} MB 的上限：请压缩后再上传，或用手机拍照上传",
        "en": "the file {name} is {mb} MB, over the {limit} MB limit: compress it or take "
        "a photo with the phone",
    },
    "evidence.type": {
        "zh": "文件 {name} 既不是照片也不是 PDF 扫描件：只能上传照片（手机或相机拍的图片）或 PDF",
        "en": "the file {name} is neither a photo (JPG, PNG, WebP …) nor a PDF scan: "
        "only these can be attached",
    },
    "evidence.too_many_pixels": {
        "zh": "图片 {name} 的尺寸（{width} × {height} 像素）超过 {limit} 百万像素，拒绝处理："
        "请缩小后再上传",
        "en": "the image {name} ({width} × {height} pixels) has more than {limit} megapixels "
        "and is refused: scale it down first",
    },
    "evidence.bomb": {
        "zh": "图片 {name} 的像素数远超 {limit} 百万像素（疑似“解压炸弹”文件），拒绝处理",
        "en": "the image {name} has far more than {limit} megapixels (a decompression bomb) "
        "and is refused",
    },
    "evidence.broken": {
        "zh": "图片 {name} 已损坏或不完整，无法读取：请重新拍照或导出",
        "en": "the image {name} is damaged or incomplete: take or export it again",
    },
    "evidence.unknown_visit": {
        "zh": "训练营 {code} 没有编号为 {id} 的走访",
        "en": "camp {code} has no visit numbered {id}",
    },
    "evidence.unknown_followup": {
        "zh": "训练营 {code} 没有编号为 {id} 的贷后跟进记录",
        "en": "camp {code} has no follow-up numbered {id}",
    },
    "evidence.voided": {
        "zh": "走访 {id} 已作废，不能再添加凭证",
        "en": "visit {id} is voided: no evidence can be added to it",
    },
    "evidence.not_allowed": {
        "zh": "{actor} 不能为贷款 {loan_no} 添加凭证：只有管理员、教练或该贷款的客户经理可以",
        "en": "{actor} may not attach evidence to loan {loan_no}: only the admin, a trainer "
        "or the loan's account manager may",
    },
    "evidence.caption_long": {
        "zh": "说明最多 200 个字",
        "en": "the caption is at most 200 characters",
    },
    # --- summaries ---
    "summary.count": {"zh": "（共 {count} 行）", "en": " ({count} rows)"},
    "summary.more": {
        "zh": "另有 {count} 条问题未列出：{detail}",
        "en": "{count} more problems not shown: {detail}",
    },
    # --- collection notices (db.notices, issue 17) ---
    "notice.role": {
        "zh": "角色 {role} 不能打印或登记通知书（含完整个人信息）",
        "en": "the role {role} may not print or receive notices (full personal data)",
    },
    "notice.unknown_kind": {"zh": "未知的通知书类型 {kind}", "en": "unknown notice kind {kind}"},
    "notice.empty": {"zh": "{what} 不能为空", "en": "the {what} is empty"},
    "notice.placeholder": {
        "zh": "模板中的占位符 {{{name}}} 无法识别",
        "en": "the template's placeholder {{{name}}} is unknown",
    },
    "notice.return_days": {
        "zh": "回执催收天数 {days} 须在 1 到 90 之间",
        "en": "the days before a receipt is chased ({days}) must be 1 to 90",
    },
    "notice.unknown_selection": {"zh": "未知的打印范围 {kind}", "en": "unknown selection {kind}"},
    "notice.unknown_team": {"zh": "未知的队伍 {team}", "en": "unknown team {team}"},
    "notice.bad_day": {"zh": "第 {day} 天不是外出清收日", "en": "camp day {day} is no field day"},
    "notice.bad_within": {
        "zh": "天数 {days} 须在 0 到 3650 之间",
        "en": "the days ({days}) must be 0 to 3650",
    },
    "notice.unknown_number": {
        "zh": "没有编号为 {number} 的通知书",
        "en": "no notice has the number {number}",
    },
    "notice.already_back": {
        "zh": "通知书 {number} 的回执已于 {at} 登记（{who}签收，{by} 录入），不再重复登记",
        "en": "the receipt of {number} was recorded already: signed {at} by {who}, entered by {by}",
    },
    "notice.wrong_signer": {
        "zh": "该通知书的回执不能由“{signer}”签收，只能是：{allowed}",
        "en": "this notice's receipt cannot be signed by {signer}: only {allowed}",
    },
    "notice.no_task": {
        "zh": "训练营已结营，贷款 {loan_no} 没有未完成的贷后任务，无法登记回执",
        "en": "the camp is closed and loan {loan_no} has no open task to record it on",
    },
    "notice.unknown_loan": {"zh": "没有借据号为 {loan_no} 的贷款", "en": "no loan {loan_no}"},
    # --- visit records read from a file or the grid (core.visitfile, core.entry) ---
    "visit.no_rows": {"zh": "表头下面没有走访记录", "en": "no visits below the header row"},
    "visit.grid_empty": {"zh": "表格里没有走访记录", "en": "no visits in the grid"},
    "visit.time_missing": {
        "zh": "缺少时刻：请写成 2026-12-03 14:30 这样的日期加时间",
        "en": "time of day missing",
    },
    "visit.not_datetime": {"zh": "不是日期和时间：{value}", "en": "not a date and time: {value}"},
    "visit.not_time_of_day": {"zh": "不是有效的时刻：{value}", "en": "not a time of day: {value}"},
    "visit.unknown_contact": {
        "zh": "未知的接触结果 {value}：应为 {expected}",
        "en": "unknown contact {value}: expected {expected}",
    },
    "visit.members_missing": {
        "zh": "缺少参与成员：只有「到行还款」可以不填",
        "en": "members missing: only 到行还款 may have none",
    },
    "visit.ack_needs_meeting": {
        "zh": "签收回执须见到本人或见到家属（向保证人催收时为见到保证人）",
        "en": "a signed receipt needs 见到本人 or 见到家属 (or 见到保证人 for a guarantor demand)",
    },
    # --- visits checked against the camp (db.visits, SPEC §5.4, §4.6, §6) ---
    "visit.unknown_team": {"zh": "没有名为「{team}」的团队", "en": "unknown team {team}"},
    "visit.unknown_loan": {"zh": "本训练营没有贷款 {loan_no}", "en": "unknown loan {loan_no}"},
    "visit.other_territory": {
        "zh": "贷款 {loan_no}（{township}）属于{owner}的片区，不属于{team}",
        "en": "loan {loan_no} in {township} belongs to {owner}, not {team}",
    },
    "visit.not_members": {
        "zh": "不是{team}的成员：{names}",
        "en": "not members of {team}: {names}",
    },
    "visit.ack_contact": {
        "zh": "接触结果为「{contact}」时不能登记签收回执",
        "en": "a signed receipt cannot come with {contact}",
    },
    "visit.outside_window": {
        "zh": "不在训练营时间内（应在 {start} 之后、{end} 之前）",
        "en": "outside the camp window (after {start}, up to {end})",
    },
    "visit.over_collection": {
        "zh": "贷款 {loan_no} 收回本金超过未还本金：收回 {collected} 元，未还 {owed} 元",
        "en": "more principal than outstanding on loan {loan_no}: "
        "{collected} collected, {owed} owed",
    },
    "visit.over_collection_stored": {
        "zh": "会使已保存的走访 #{visit}（{when}，{team}）收回本金超过未还本金（未还 {owed} 元）",
        "en": "would make stored visit #{visit} ({when}, {team}) collect more principal "
        "than outstanding ({owed} owed)",
    },
    "visit.duplicate": {
        "zh": "与已保存的走访相同：不重复保存",
        "en": "duplicate of a stored visit: not stored again",
    },
    "visit.identical": {
        "zh": "与已保存的走访 #{visit} 完全相同",
        "en": "identical to stored visit #{visit}",
    },
    "visit.already_voided": {
        "zh": "走访 #{visit} 已作废",
        "en": "visit #{visit} is already voided",
    },
    "warn.promise_before_visit": {
        "zh": "承诺还款日期早于走访：不计承诺分",
        "en": "promise before visit",
    },
    "warn.single_collector": {
        "zh": "单人走访：外访须至少两人",
        "en": "single collector",
    },
    "warn.incomplete_promise": {
        "zh": "承诺三要素（日期、金额、方式）不全：不计承诺分",
        "en": "incomplete promise",
    },
    # --- times (db.visits, db.closing, db.tasks) ---
    "time.future": {
        "zh": "{at} 晚于现在（{now}，训练营时间）：不能提前登记",
        "en": "{at} is after now ({now}, camp time): nothing can be recorded ahead of time",
    },
    "time.invalid": {"zh": "无法使用的时间：{value}", "en": "not a usable time: {value}"},
    "close.ahead": {
        "zh": "{day} 晚于训练营的今天（{today}）：不能提前结营",
        "en": "{day} is after today in the camp ({today}): a camp cannot be closed ahead of time",
    },
    # --- adjustments (core.limits, db.visits) ---
    "points.not_number": {"zh": "不是数字：{value}", "en": "not a number: {value}"},
    "points.not_finite": {"zh": "不是有限的数字：{value}", "en": "not a finite number: {value}"},
    "points.too_large": {
        "zh": "加减分最多为正负 {limit} 分，而不是 {value}",
        "en": "at most {limit} points either way, not {value}",
    },
    # --- plain form inputs ---
    "input.reason_required": {"zh": "必须填写原因", "en": "a reason is required"},
    "input.too_long": {
        "zh": "超过 {limit} 个字符",
        "en": "longer than {limit} characters",
    },
    # --- field problems (db.entry) ---
    "problem.description_required": {
        "zh": "必须填写问题描述",
        "en": "a description is required",
    },
    "problem.resolution_required": {"zh": "必须填写处理结果", "en": "a resolution is required"},
    "problem.already_closed": {
        "zh": "问题 #{problem} 已关闭",
        "en": "problem #{problem} is already closed",
    },
    # --- research: customer types, notes, visit plans (db.research) ---
    "research.not_customer_type": {
        "zh": "「{value}」不是客户类别（应为 {expected}）",
        "en": "{value} is not a customer type ({expected})",
    },
    "research.no_loan": {"zh": "本训练营没有这笔贷款", "en": "no such loan in this camp"},
    "research.township_required": {"zh": "必须填写乡镇", "en": "a township is required"},
    "research.plan_too_long": {
        "zh": "一天最多安排 {limit} 笔贷款",
        "en": "more than {limit} loans on one day",
    },
    "research.listed_twice": {"zh": "重复列出", "en": "listed twice"},
    "research.out_of_scope": {"zh": "不在训练营的清收范围内", "en": "outside the camp's scope"},
    "research.other_territory": {
        "zh": "在其他团队的片区（{township}）",
        "en": "in another team's territory ({township})",
    },
    # --- the camp's scope (core.scope) ---
    "scope.not_days": {
        "zh": "应为整数天数，而不是 {value}",
        "en": "must be a whole number of days, not {value}",
    },
    "scope.negative": {"zh": "不能为负数（{value}）", "en": "must not be negative ({value})"},
    "scope.unknown_segments": {
        "zh": "未知的客户类型 {unknown}（应为 {expected} 之一）",
        "en": "unknown segments {unknown} (one of {expected})",
    },
    "scope.empty_range": {
        "zh": "逾期天数范围 {low}–{high} 为空",
        "en": "the range {low}–{high} is empty",
    },
    # --- the camp's editable lists (core.campitems, core.signals) ---
    "list.unknown": {"zh": "未知的清单 {kind}", "en": "unknown list {kind}"},
    "list.name_required": {"zh": "必须填写名称", "en": "a name is required"},
    "list.not_customer_type": {
        "zh": "「{name}」不是客户类别（应为 {expected}）",
        "en": "{name} is not a customer type ({expected})",
    },
    "list.twice": {
        "zh": "「{name}」已在第 {first} 行列出",
        "en": "{name} is already listed in row {first}",
    },
    # --- camps (db.camps) ---
    "camp.team_has_visits": {
        "zh": "团队 {team} 已有走访记录，不能删除",
        "en": "team {team} has visits and cannot be removed",
    },
    # --- users (db.users, core.passwords, cli.py) ---
    "user.unknown": {"zh": "没有用户 {username}", "en": "no user {username}"},
    "user.bad_name": {
        "zh": "用户名只能包含字母、数字和 . _ -",
        "en": "letters, digits, . _ - only",
    },
    "user.name_required": {"zh": "必须填写显示名称", "en": "a display name is required"},
    "user.exists": {"zh": "用户 {username} 已存在", "en": "user {username} already exists"},
    "user.last_admin": {
        "zh": "{username} 是最后一个有效的管理员",
        "en": "{username} is the last active admin",
    },
    "user.disable_self": {"zh": "不能停用自己的账户", "en": "you cannot disable yourself"},
    "user.delete_self": {"zh": "不能删除自己的账户", "en": "you cannot delete yourself"},
    "user.passwords_differ": {"zh": "两次输入的密码不一致", "en": "the two passwords differ"},
    "password.blank": {"zh": "密码不能为空", "en": "password is blank"},
    "password.short": {
        "zh": "密码太短：至少 {limit} 个字符",
        "en": "password too short: at least {limit} characters",
    },
    "password.long": {
        "zh": "密码太长：最多 {limit} 字节",
        "en": "password too long: at most {limit} bytes",
    },
    "password.username": {"zh": "密码不能与用户名相同", "en": "password is the username"},
    "password.common": {"zh": "密码太常见，容易被猜到", "en": "password is too common"},
    # --- post-loan work: who may, and when (db.postloan_state, db.signals, db.tasks) ---
    "post.role.signals": {
        "zh": "角色 {role} 不能登记预警信号",
        "en": "the role {role} may not record warning signals",
    },
    "post.role.followups": {
        "zh": "角色 {role} 不能登记贷后跟进",
        "en": "the role {role} may not record follow-ups",
    },
    "post.tasks_owner": {
        "zh": "该贷款的任务属于 {owner}，不属于 {actor}",
        "en": "the loan's tasks belong to {owner}, not {actor}",
    },
    "post.tasks_no_owner": {
        "zh": "该贷款的任务没有责任人，不属于 {actor}",
        "en": "the loan's tasks belong to (no owner), not {actor}",
    },
    "post.not_closed.signals": {
        "zh": "训练营 {code} 尚未结营：预警信号在结营后才开始登记",
        "en": "camp {code} is not closed yet: warning signals start after the close",
    },
    "post.not_closed.followups": {
        "zh": "训练营 {code} 尚未结营：贷后跟进在结营后才开始登记",
        "en": "camp {code} is not closed yet: follow-ups start after the close",
    },
    "post.not_closed.refresh": {
        "zh": "训练营 {code} 尚未结营：贷后任务在结营后才开始刷新",
        "en": "camp {code} is not closed yet: task refreshes start after the close",
    },
    "signal.unknown_kind": {
        "zh": "「{kind}」不在本营的预警信号清单中",
        "en": "{kind} is not in the camp's list of warning signals",
    },
    "signal.unknown": {
        "zh": "训练营 {code} 没有编号为 {signal} 的预警信号",
        "en": "unknown warning signal {signal} of camp {code}",
    },
    "signal.closed": {
        "zh": "预警信号 {signal} 已关闭",
        "en": "warning signal {signal} is already closed",
    },
    "task.before_close": {
        "zh": "{day} 早于结营日（{close}）",
        "en": "{day} is before the close ({close})",
    },
    "task.owner_required": {"zh": "必须填写新的责任人", "en": "a new owner is required"},
    # --- values of a camp file and of /setup's camp form (core.campfile, core.campedit) ---
    "value.missing": {"zh": "缺少此项", "en": "missing"},
    "value.not_number": {"zh": "应为数字，而不是 {value}", "en": "must be a number, not {value}"},
    "value.not_finite": {
        "zh": "应为有限的数字，而不是 {value}",
        "en": "must be a finite number, not {value}",
    },
    "value.negative": {"zh": "不能为负数（{value}）", "en": "must not be negative ({value})"},
    "value.too_large": {
        "zh": "最多为 {limit}{unit}，而不是 {value}",
        "en": "must be at most {limit}{unit}, not {value}",
    },
    "value.decimals": {
        "zh": "小数超过两位（{value} 元）",
        "en": "has more than two decimals ({value} 元)",
    },
    "value.not_text": {
        "zh": "应为带引号的文字，而不是 {value}",
        "en": "must be a text in quotes, not {value}",
    },
    "value.not_plain_text": {"zh": "应为文字，而不是 {value}", "en": "must be text, not {value}"},
    "value.empty": {"zh": "不能为空", "en": "must not be empty"},
    "value.too_long": {
        "zh": "长 {length} 个字符：最多 {limit} 个",
        "en": "is {length} characters long: at most {limit}",
    },
    "value.not_time": {
        "zh": "应为时刻 HH:MM，而不是 {value}",
        "en": 'must be a time "HH:MM", not {value}',
    },
    "value.not_time_pair": {
        "zh": "应为一对时刻 [HH:MM, HH:MM]，而不是 {value}",
        "en": 'must be a pair of times ["HH:MM", "HH:MM"], not {value}',
    },
    "value.not_whole": {
        "zh": "应为整数，而不是 {value}",
        "en": "must be a whole number, not {value}",
    },
    "value.at_least": {
        "zh": "至少为 {limit}，而不是 {value}",
        "en": "must be at least {limit}, not {value}",
    },
    "value.at_most": {
        "zh": "最多为 {limit}，而不是 {value}",
        "en": "must be at most {limit}, not {value}",
    },
    "value.one_of": {
        "zh": "应为 {expected} 之一，而不是 {value}",
        "en": "must be one of {expected}, not {value}",
    },
    "value.not_list.members": {
        "zh": "应为成员姓名的列表，而不是 {value}",
        "en": "must be a list of member names, not {value}",
    },
    "value.not_list.townships": {
        "zh": "应为乡镇的列表，而不是 {value}",
        "en": "must be a list of townships, not {value}",
    },
    "value.not_list.shifts": {
        "zh": "应为时段（一对时刻）的列表，而不是 {value}",
        "en": "must be a list of time pairs, not {value}",
    },
    "campedit.shift": {
        "zh": "应为 HH:MM-HH:MM 这样的时段，而不是 {value}",
        "en": 'must be "HH:MM-HH:MM", not {value}',
    },
    "campedit.number": {"zh": "应为数字", "en": "must be a number"},
    "campedit.yuan": {"zh": "应为金额（元）", "en": "must be a number of 元"},
    "campedit.no_team": {
        "zh": "{team} 不是上表中的团队",
        "en": "{team} is not a team above",
    },
    "campedit.department": {
        "zh": "{department} 不是 {expected} 之一",
        "en": "{department} is not one of {expected}",
    },
    "campedit.two_leaders": {
        "zh": "{team} 已有队长 {leader}",
        "en": "{team} already has the leader {leader}",
    },
    "setup.not_member": {
        "zh": "{member} 不是本训练营的成员",
        "en": "{member} is not a member of the camp",
    },
    "rules.weight": {
        "zh": "计分权重 {name} 应为不小于 0 的数字，而不是 {value}",
        "en": "scoring weight {name} must be a number ≥ 0, not {value}",
    },
    "rules.days": {
        "zh": "{name} 应为不小于 0 的整数天数，而不是 {value}",
        "en": "{name} must be a whole number of days ≥ 0, not {value}",
    },
    "rules.number": {
        "zh": "{name} 应为不小于 0 的数字，而不是 {value}",
        "en": "{name} must be a number ≥ 0, not {value}",
    },
    "rules.ack_min_status": {
        "zh": "签收计分的最低时效状态应为 {expected} 之一，而不是 {value}",
        "en": "ack_min_status must be one of {expected}, not {value}",
    },
    "rules.unknown": {"zh": "未知的计分规则：{names}", "en": "unknown scoring rule(s): {names}"},
    "campfile.no_camp_table": {"zh": "缺少 [camp] 表", "en": "the [camp] table is missing"},
    "campfile.camp_not_table": {"zh": "应为 [camp] 表", "en": "must be a table [camp]"},
    "campfile.code_text": {
        "zh": "应为非空文字，而不是 {value}",
        "en": "must be a non-empty text, not {value}",
    },
    "campfile.code_chars": {
        "zh": "{value} 只能包含字母、数字、- 和 _",
        "en": "{value} may hold only letters, digits, - and _",
    },
    "campfile.date_with_time": {
        "zh": "应为不带时刻的日期，而不是 {value}",
        "en": "must be a date without a time, not {value}",
    },
    "campfile.date_toml": {
        "zh": "应为 TOML 日期，如 2026-12-01（不加引号），而不是 {value}",
        "en": "must be a TOML date like 2026-12-01 (no quotes), not {value}",
    },
    "campfile.date_years": {
        "zh": "应在 {years} 年之间，而不是 {value}",
        "en": "must be in the years {years}, not {value}",
    },
    "campfile.last_day": {
        "zh": "训练营最后一天 {last} 晚于 {limit}",
        "en": "the camp's last day {last} is after {limit}",
    },
    "campfile.unknown_zone": {"zh": "未知的时区 {value}", "en": "unknown time zone {value}"},
    "campfile.days_list": {
        "zh": "应为训练营天数的非空列表，而不是 {value}",
        "en": "must be a non-empty list of camp days, not {value}",
    },
    "campfile.days_whole": {
        "zh": "只能包含整数，而不是 {value}",
        "en": "must hold whole numbers only, not {value}",
    },
    "campfile.days_outside": {
        "zh": "第 {outside} 天不在训练营的第 1..{days} 天之内",
        "en": "days {outside} are outside the camp's days 1..{days}",
    },
    "campfile.days_consecutive": {
        "zh": "应为按顺序连续的天数，而不是 {value}",
        "en": "must be consecutive days in order, not {value}",
    },
    "campfile.days_last": {
        "zh": "应以训练营最后一天（第 {days} 天）结束，而不是 {value}",
        "en": "must end on the last camp day {days}, not {value}",
    },
    "campfile.no_scoring_table": {
        "zh": "缺少 [scoring] 表（须有 {keys}）",
        "en": "the [scoring] table is missing (it needs {keys})",
    },
    "campfile.scoring_not_table": {"zh": "应为 [scoring] 表", "en": "must be a table [scoring]"},
    "campfile.weight_digits": {
        "zh": "位数过多：长 {length} 个字符，最多 {limit} 个",
        "en": "has too many digits: is {length} characters long: at most {limit}",
    },
    "campfile.teams_not_tables": {"zh": "应为 [[teams]] 表", "en": "must be [[teams]] tables"},
    "campfile.team_name_used": {
        "zh": "团队名 {name} 已被 teams[{first}] 使用",
        "en": "team name {name} is already used by teams[{first}]",
    },
    "campfile.no_members": {
        "zh": "至少要有一名成员（队长在前）",
        "en": "must name at least one member (the leader first)",
    },
    "campfile.member_twice": {
        "zh": "{member} 在{team}中重复列出",
        "en": "{member} is listed twice in {team}",
    },
    "campfile.member_elsewhere": {
        "zh": "{member} 已是{team}的成员",
        "en": "{member} is already a member of {team}",
    },
    "campfile.township_twice": {
        "zh": "{township} 在{team}中重复列出",
        "en": "{township} is listed twice in {team}",
    },
    "campfile.township_elsewhere": {
        "zh": "{township} 已属于{team}",
        "en": "{township} already belongs to {team}",
    },
    "campfile.toml": {"zh": "不是有效的 TOML 文件：{detail}", "en": "not valid TOML: {detail}"},
    "campfile.cannot_read": {
        "zh": "无法读取 {path}：{detail}",
        "en": "cannot read {path}: {detail}",
    },
    "campfile.not_utf8": {"zh": "{path} 不是 UTF-8 文本", "en": "{path} is not UTF-8 text"},
    # --- usage errors a page can meet (core.errors.UsageError.coded) ---
    "usage.unknown_role": {
        "zh": "未知的角色 {role}（应为 {expected} 之一）",
        "en": "unknown role: {role} (one of {expected})",
    },
    "usage.unknown_team": {"zh": "没有团队 {team}", "en": "unknown team: {team}"},
    "usage.team_needs_camp": {
        "zh": "指定团队时须同时指定训练营",
        "en": "a team needs its camp",
    },
    "usage.unknown_camp": {"zh": "没有训练营 {code}", "en": "unknown camp: {code}"},
    "usage.not_field_day": {
        "zh": "训练营第 {day} 天不是实战日（实战日为 {days}）",
        "en": "camp day {day} is not a field day {days}",
    },
    "usage.no_field_day": {
        "zh": "第 {day} 天不是训练营 {code} 的实战日",
        "en": "camp day {day} is no field day of {code}",
    },
    "usage.day_of_camp": {
        "zh": "第 {day} 天不是训练营 {code} 的实战日（第 {first}–{last} 天）",
        "en": "day {day} is not a field day of camp {code} ({first}–{last})",
    },
    "usage.unknown_visit": {"zh": "没有编号为 {visit} 的走访", "en": "unknown visit: {visit}"},
    "usage.unknown_problem": {
        "zh": "没有编号为 {problem} 的问题",
        "en": "unknown problem: {problem}",
    },
    "usage.profile_name": {
        "zh": "映射方案的名称须为 1 到 100 个字符",
        "en": "a mapping profile needs a name of 1 to 100 characters",
    },
    "usage.unknown_profile": {
        "zh": "没有名为 {name} 的映射方案（已保存：{known}）",
        "en": "unknown mapping profile {name} (saved: {known})",
    },
    "usage.unknown_profile_none": {
        "zh": "没有名为 {name} 的映射方案（尚未保存任何方案）",
        "en": "unknown mapping profile {name} (saved: none saved yet)",
    },
    # --- backups (db.backup, cli.py backup / restore) ---
    "backup.same_file.backup": {
        "zh": "{path} 是数据库本身（或其日志文件）：备份到这里会毁掉它，请选择其他文件",
        "en": "{path} is the store itself (or its journal): a backup onto it would destroy "
        "it — choose another file",
    },
    "backup.same_file.restore": {
        "zh": "{path} 是数据库本身（或其日志文件）：从它恢复会毁掉它，请选择其他文件",
        "en": "{path} is the store itself (or its journal): restoring it would destroy "
        "it — choose another file",
    },
    "backup.folder": {
        "zh": "{path} 是文件夹：请写出备份文件的名称",
        "en": "{path} is a folder: name the backup file",
    },
    "backup.cannot_write": {
        "zh": "无法写入 {path}：{detail}",
        "en": "cannot write in {path}: {detail}",
    },
    "backup.unsound": {
        "zh": "备份副本校验未通过（{detail}）",
        "en": "the copy does not read back sound ({detail})",
    },
    "backup.no_file": {"zh": "没有这个备份文件：{path}", "en": "no such backup file: {path}"},
    "backup.not_ours": {
        "zh": "不是本系统的备份：{path}（{detail}）",
        "en": "not a backup of this app: {path} ({detail})",
    },
    "backup.schema": {
        "zh": "备份的数据库版本 {theirs} 与本系统的 {ours} 不同：请用生成它的版本恢复",
        "en": "backup schema {theirs} differs from this app's {ours}: "
        "restore it with the version that made it",
    },
    "task.unknown_many": {
        "zh": "训练营 {code} 没有这些任务：{tasks}",
        "en": "unknown task(s) of camp {code}: {tasks}",
    },
}


def render(code: str, params: Iterable[tuple[str, object]], lang: str = DEFAULT_LANGUAGE) -> str:
    """The reason `code` in `lang` with its parameters; an unknown code shows itself."""
    texts = REASONS.get(code)
    if texts is None:
        return code
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    try:
        return template.format(**dict(params))
    except (KeyError, IndexError, ValueError):
        return template


class Reason(ValueError):
    """A converter's refusal with a catalogue code; str() is the English reason."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = tuple(params.items())
        super().__init__(render(code, self.params, "en"))
