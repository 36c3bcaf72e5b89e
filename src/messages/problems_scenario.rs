//! The catalogue's words for a scenario file the parser cannot read: TOML
//! syntax ([`crate::error::KeyProblem::Syntax`]: the parser's own words
//! are kept as a quoted detail where no Chinese is known for them), a
//! table lacking a field it must have, and `extend` chains that cannot be
//! followed. Each English text is the library's own (`Display`), word for
//! word.

use crate::report::Lang;

catalogue! {
    /// A TOML syntax error: the parser's words (`unexpected key or value,
    /// expected newline, `#``) as they are in English; in Chinese the
    /// problem in words ([`syntax_what`]…) and what was expected.
    key_syntax(what: &str, expected: &str) {
        zh: "语法有误：{what}{expected}",
        en: "{what}{expected}",
    }
    /// What the parser expected there, after the problem.
    key_syntax_expected(names: &str) {
        zh: "，此处应为{names}",
        en: ", expected {names}",
    }
    /// Two or more things the parser expected, joined.
    key_syntax_or() {
        zh: "或",
        en: ", ",
    }
    /// A syntax error with no Chinese known: the parser's words quoted.
    key_syntax_quoted(detail: &str) {
        zh: "语法有误（解析器原文：`{detail}`）",
        en: "{detail}",
    }
    /// The parser's "unexpected key or value".
    syntax_unexpected() {
        zh: "此处多出了键或值",
        en: "unexpected key or value",
    }
    /// The parser's "string values must be quoted".
    syntax_unquoted() {
        zh: "文本值必须加引号",
        en: "string values must be quoted",
    }
    /// The parser's "duplicate key".
    syntax_duplicate() {
        zh: "同一个键写了两次",
        en: "duplicate key",
    }
    /// The parser's "invalid basic string".
    syntax_string() {
        zh: "文本没有写完（缺少收尾的引号）",
        en: "invalid basic string",
    }
    /// The parser's "unclosed table".
    syntax_table() {
        zh: "表头没有闭合",
        en: "unclosed table",
    }
    /// The parser's "key with no value".
    syntax_no_value() {
        zh: "键后面没有值",
        en: "key with no value",
    }
    /// The parser's "unclosed array".
    syntax_array() {
        zh: "列表没有闭合",
        en: "unclosed array",
    }
    /// The parser's "unclosed inline table".
    syntax_inline_table() {
        zh: "内联表没有闭合",
        en: "unclosed inline table",
    }
    /// The parser's "invalid float".
    syntax_float() {
        zh: "小数的写法无效",
        en: "invalid float",
    }
    /// The parser's "invalid integer".
    syntax_integer() {
        zh: "整数的写法无效",
        en: "invalid integer",
    }
    /// The parser's "newline" among what it expected.
    syntax_newline() {
        zh: "换行",
        en: "newline",
    }
    /// The parser's "literal string" among what it expected.
    syntax_literal() {
        zh: "加引号的文本",
        en: "literal string",
    }
    /// A table without a field it must have.
    key_missing_field(field: &str) {
        zh: "缺少必须填写的参数 `{field}`",
        en: "missing field `{field}`",
    }
    /// `extend` leading back to a file already read.
    key_extend_cycle(files: &str) {
        zh: "`extend` 形成了循环：{files}；情景不能继承自身",
        en: "`extend` forms a cycle: {files}; a scenario cannot extend itself",
    }
    /// `extend` that is not a path written as text.
    key_extend_not_text(value: &str) {
        zh: "`extend` = `{value}` 无效：请用加引号的文本写出所继承情景的路径，例如 `extend = \"baseline.toml\"`",
        en: "`extend` = {value} is not valid: give the path of the base scenario as a string, for example extend = \"baseline.toml\"",
    }
    // ---- a `--set` list that cannot be read ----
    /// Brackets, braces or quotes that make no TOML list, table or text.
    set_not_toml() {
        zh: "列表请写作 `[900, 800]`，表写作 `{{ age_under_30 = 0.02 }}`，文本写作 `\"cn-2025\"`（在命令行中请给方括号加引号）",
        en: "write a list as [900, 800], a table as {{ age_under_30 = 0.02 }} or text as \"cn-2025\" (quote the brackets in a shell)",
    }
    /// An item of a list of numbers that is not one.
    set_not_a_number(item: &str) {
        zh: "`{item}` 不是数字；请填写以逗号分隔的数字",
        en: "`{item}` is not a number; give numbers separated by commas",
    }
    /// An item of a list of hours that is not a whole hour.
    set_not_an_hour(item: &str) {
        zh: "`{item}` 不是整点小时；请填写 0 到 23 之间以逗号分隔的小时，例如 `22,23,0,1`",
        en: "`{item}` is not a whole hour; give hours 0 to 23 separated by commas, for example 22,23,0,1",
    }
    /// An item of a list of words that is not text in quotes, before
    /// [`set_words`].
    set_not_quoted(item: &str) {
        zh: "`{item}` 不是加引号的文本；",
        en: "`{item}` is not a word in quotes; ",
    }
    /// How a list of words is written.
    set_words(item: &str, what: &str) {
        zh: "{item}{what}列表请写作 `a,b` 或 `[\"a\", \"b\"]`",
        en: "{item}write a list of {what} as a,b or [\"a\", \"b\"]",
    }
    /// What a list of words names: station ids.
    set_station_ids() {
        zh: "派出所编号",
        en: "station ids",
    }
    /// What a list of words names: station kinds.
    set_station_kinds() {
        zh: "派出所类型",
        en: "station kinds",
    }
}
