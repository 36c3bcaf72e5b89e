//! CSV for Excel: UTF-8 with a BOM, and text cells that Excel cannot run.

mod fixed;

pub use fixed::fixed_into;

/// One cell of an output table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written neutralised: a leading `=`, `+`, `-`, `@`, tab or carriage
    /// return gets a single quote, so Excel cannot run it ([`neutralise`]).
    Text(String),
    /// A whole number, written as it is.
    Int(i64),
    /// A number shown with a fixed number of decimals.
    Num(f64, usize),
    /// A number in full precision: the shortest decimal that reads back as
    /// the same float.
    Real(f64),
    /// No value: an empty cell.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A rule or test result as the tables write it: `yes` or `no`.
    pub fn yes_no(b: bool) -> Cell {
        Cell::text(if b { "yes" } else { "no" })
    }

    /// A number, or empty when there is none.
    pub fn opt(v: Option<f64>, decimals: usize) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Num(v, decimals))
    }

    /// The cell as CSV text. Numbers stay numbers; text is neutralised.
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s);
        s
    }

    /// Appends [`Cell::render`]'s text to `out`, without a string of its own.
    pub fn render_into(&self, out: &mut String) {
        match self {
            Cell::Text(s) => {
                if needs_neutralising(s) {
                    out.push('\'');
                }
                out.push_str(s);
            }
            Cell::Int(v) => out.push_str(itoa::Buffer::new().format(*v)),
            Cell::Num(v, d) => fixed_into(out, *v, *d),
            Cell::Real(v) if v.is_finite() => {
                use std::fmt::Write as _;
                let _ = write!(out, "{v}");
            }
            Cell::Real(_) | Cell::Empty => {}
        }
    }
}

/// An output table: a header of column keys and rows of cells. CSV files
/// keep the keys as their header (the stable names scripts read, whatever
/// the language); `plan.xlsx` writes them in the output's language
/// ([`super::i18n::header`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The column keys (the CSV header; translated in `plan.xlsx`).
    pub header: Vec<String>,
    /// The rows, each with one cell per column of the header.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column keys.
    pub fn new(header: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        }
    }

    /// Appends columns, one row of cells per existing row.
    pub fn append(&mut self, header: &[&str], rows: Vec<Vec<Cell>>) {
        self.header.extend(header.iter().map(|h| h.to_string()));
        for (row, extra) in self.rows.iter_mut().zip(rows) {
            row.extend(extra);
        }
    }

    /// Appends the columns staffing does not read, as the analyst wrote
    /// them, after every column of the tool's own: one row per id.
    pub fn append_carried<'a>(
        &mut self,
        extra: &crate::domain::ExtraColumns,
        ids: impl Iterator<Item = &'a str>,
    ) {
        if extra.headers.is_empty() {
            return;
        }
        let header: Vec<&str> = extra.headers.iter().map(String::as_str).collect();
        let rows = ids
            .map(|id| extra.of(id).iter().map(|v| carried_cell(v)).collect())
            .collect();
        self.append(&header, rows);
    }
}

/// How tables name a county's HQ (机关) where a station would be.
pub const HQ_NAME: &str = "县局机关 (HQ)";

/// A cell of a column the analyst brought in (序号, 备注): a number when
/// the text is one written plainly (so Excel can sum and sort it, and it
/// reads back the same), else the text as written (neutralised in CSV).
pub fn carried_cell(v: &str) -> Cell {
    let plain = |s: &str| {
        let digits = s.strip_prefix('-').unwrap_or(s);
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && digits.chars().filter(|&c| c == '.').count() <= 1
            && !digits.starts_with('.')
            && !digits.ends_with('.')
            // `0123` is an id: its leading zero must stay.
            && !(digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0."))
            && digits.len() <= 15
    };
    if v.is_empty() {
        return Cell::Empty;
    }
    if !plain(v) {
        return Cell::text(v);
    }
    if let Ok(n) = v.parse::<i64>() {
        return Cell::Int(n);
    }
    let decimals = v.split_once('.').map_or(0, |(_, d)| d.len());
    match v.parse::<f64>() {
        Ok(x) if format!("{x:.decimals$}") == v => Cell::Num(x, decimals),
        _ => Cell::text(v),
    }
}

/// Neutralises a text cell that Excel would read as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) by prefixing a single quote,
/// as the OWASP CSV Injection guidance advises.
pub fn neutralise(s: &str) -> String {
    if needs_neutralising(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Whether [`neutralise`] prefixes `s` with a single quote.
pub fn needs_neutralising(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Whether a cell is a number as this tool renders one (Rust's plain form
/// of a finite number: digits, a point, a leading minus; no exponent), so
/// that it is written as it is, not neutralised, even when it starts with
/// `-`.
pub fn is_plain_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A reader over CSV this tool wrote (UTF-8, BOM optional, every row as
/// wide as the header) and its header, trimmed: what the report redraws
/// charts from (`sweep.csv`, `scaling.csv`).
pub fn read_own(bytes: &[u8]) -> Result<(::csv::Reader<&[u8]>, Vec<String>), ::csv::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let header = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok((reader, header))
}

/// The table as CSV bytes, with a UTF-8 BOM so Excel shows Chinese, and the
/// column keys as its header (`officers_before`, whatever the language: the
/// names `docs/io.md` documents, for scripts; `plan.xlsx` carries the same
/// table under Chinese headers).
///
/// The bytes are those of the `csv` crate's writer with a CRLF terminator
/// (quotes only where a field holds `,`, `"`, CR or LF, quotes doubled, a
/// record of nothing written as `""`), written here cell by cell without
/// a string per cell; [`Records`] keeps that writer's rules.
pub fn to_csv(table: &Table) -> Vec<u8> {
    // About what a cell takes (the province's tables average 5 to 8
    // bytes); the text is shrunk to its length at the end.
    let mut w = Records::with_capacity(3 + 8 * (table.rows.len() + 1) * table.header.len());
    // A header is neutralised like a text cell: the columns carried from
    // the input (序号, 备注) keep the analyst's header, which may be
    // anything, `=HYPERLINK(…)` included.
    for h in &table.header {
        w.text(h);
    }
    w.end();
    for row in &table.rows {
        for cell in row {
            w.cell(cell);
        }
        w.end();
    }
    let mut bytes = w.out.into_bytes();
    bytes.shrink_to_fit();
    bytes
}

/// CSV records being written, field by field, exactly as
/// `csv::WriterBuilder::new().terminator(Terminator::CRLF)` writes them
/// (default quoting: only where necessary) when its errors are ignored: a
/// record whose field count differs from the first record's gets no
/// terminator, and its fields run on into the next record, as there.
struct Records {
    out: String,
    /// Fields written in the record being written.
    fields: u64,
    /// The first record's field count.
    first: Option<u64>,
    /// Bytes written in the record being written.
    record_bytes: usize,
    /// A quoted field is open: its closing quote comes with the next
    /// delimiter or terminator.
    quoting: bool,
}

/// Whether a field must be quoted: it holds the delimiter, the quote or a
/// line break.
fn needs_quotes(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

impl Records {
    fn with_capacity(n: usize) -> Records {
        let mut out = String::with_capacity(n);
        out.push('\u{FEFF}');
        Records {
            out,
            fields: 0,
            first: None,
            record_bytes: 0,
            quoting: false,
        }
    }

    /// Starts a field: the delimiter (and the closing quote of an open
    /// quoted field) when one came before.
    fn start(&mut self) {
        if self.fields > 0 {
            if self.quoting {
                self.out.push('"');
                self.record_bytes += 1;
                self.quoting = false;
            }
            self.out.push(',');
            self.record_bytes += 1;
        }
        self.fields += 1;
    }

    /// A text field, neutralised.
    fn text(&mut self, s: &str) {
        self.start();
        let before = self.out.len();
        let prefix = needs_neutralising(s);
        if needs_quotes(s) {
            self.out.push('"');
            self.quoting = true;
            if prefix {
                self.out.push('\'');
            }
            let mut parts = s.split('"');
            if let Some(first) = parts.next() {
                self.out.push_str(first);
            }
            for part in parts {
                self.out.push_str("\"\"");
                self.out.push_str(part);
            }
        } else {
            if prefix {
                self.out.push('\'');
            }
            self.out.push_str(s);
        }
        self.record_bytes += self.out.len() - before;
    }

    /// A cell: text neutralised, numbers as [`Cell::render`] writes them
    /// (digits, a point, a minus, or `NaN`/`inf`: never quoted).
    fn cell(&mut self, cell: &Cell) {
        if let Cell::Text(s) = cell {
            return self.text(s);
        }
        self.start();
        let before = self.out.len();
        cell.render_into(&mut self.out);
        self.record_bytes += self.out.len() - before;
    }

    /// Ends the record.
    fn end(&mut self) {
        match self.first {
            None => self.first = Some(self.fields),
            Some(n) if n != self.fields => return,
            Some(_) => {}
        }
        if self.record_bytes == 0 {
            self.out.push_str("\"\"");
        }
        if self.quoting {
            self.out.push('"');
            self.quoting = false;
        }
        self.out.push_str("\r\n");
        self.record_bytes = 0;
        self.fields = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carried_cells_keep_what_was_written() {
        assert_eq!(carried_cell("12"), Cell::Int(12));
        assert_eq!(carried_cell("-3"), Cell::Int(-3));
        assert_eq!(carried_cell("12.50"), Cell::Num(12.5, 2));
        assert_eq!(carried_cell("12.50").render(), "12.50");
        // Ids with leading zeros, text and formulas stay text.
        assert_eq!(carried_cell("0123"), Cell::text("0123"));
        assert_eq!(carried_cell("新建所"), Cell::text("新建所"));
        assert_eq!(carried_cell("=1+1").render(), "'=1+1");
        assert_eq!(carried_cell("1e5"), Cell::text("1e5"));
        assert_eq!(carried_cell(""), Cell::Empty);
        assert_eq!(carried_cell("0.5"), Cell::Num(0.5, 1));
    }

    #[test]
    fn formulas_are_inert_and_numbers_stay_numbers() {
        assert_eq!(
            Cell::text("=HYPERLINK(\"x\")").render(),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(Cell::text("@SUM(A1)").render(), "'@SUM(A1)");
        assert_eq!(Cell::text("\t=1").render(), "'\t=1");
        assert_eq!(Cell::text("城关派出所").render(), "城关派出所");
        assert_eq!(Cell::Int(-3).render(), "-3");
        assert_eq!(Cell::Num(1.0 / 3.0, 2).render(), "0.33");
    }

    #[test]
    fn carried_headers_are_inert_too() {
        let mut table = Table::new(&["station_id"], vec![vec![Cell::text("S1")]]);
        let extra = crate::domain::ExtraColumns {
            headers: vec![
                "=HYPERLINK(\"http://x\",\"y\")".into(),
                "@note".into(),
                "+x".into(),
                "-cmd".into(),
                "备注".into(),
            ],
            values: [(
                "S1".to_string(),
                vec!["a".into(), "b".into(), "c".into(), "d".into(), "e".into()],
            )]
            .into_iter()
            .collect(),
        };
        table.append_carried(&extra, ["S1"].into_iter());
        let text = String::from_utf8(to_csv(&table)).unwrap();
        let header = text.trim_start_matches('\u{FEFF}').lines().next().unwrap();
        assert_eq!(
            header,
            "station_id,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@note,'+x,'-cmd,备注"
        );
    }

    /// The CSV as the `csv` crate writes it: what [`to_csv`] must equal.
    fn by_the_csv_crate(table: &Table) -> Vec<u8> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        {
            let mut w = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(&mut out);
            let _ = w.write_record(table.header.iter().map(|h| neutralise(h)));
            for row in &table.rows {
                let _ = w.write_record(row.iter().map(|c| {
                    let mut s = String::new();
                    c.render_into(&mut s);
                    s
                }));
            }
            let _ = w.flush();
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Tables of awkward text and numbers, ragged rows included, give
        /// the `csv` crate's bytes.
        #[test]
        fn csv_bytes_are_the_csv_crates(
            header in proptest::collection::vec("[a-z=,\"\r\n '+@-]{0,4}", 0..4),
            rows in proptest::collection::vec(proptest::collection::vec((0u8..6, "[a-z=,\"\r\n '\t+@-]{0,5}", proptest::prelude::any::<f64>(), 0usize..5), 0..5), 0..6),
        ) {
            let rows: Vec<Vec<Cell>> = rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|(kind, text, x, d)| match kind {
                            0 => Cell::Text(text),
                            1 => Cell::Int(x.to_bits() as i64),
                            2 => Cell::Num(x, d),
                            3 => Cell::Real(x),
                            4 => Cell::Num((x.to_bits() % 1_000_000) as f64 / 8.0, d),
                            _ => Cell::Empty,
                        })
                        .collect()
                })
                .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let table = Table::new(&header, rows);
            proptest::prop_assert_eq!(to_csv(&table), by_the_csv_crate(&table));
        }
    }

    #[test]
    fn csv_edge_records_are_the_csv_crates() {
        let tables = [
            Table::new(&[], vec![vec![], vec![Cell::Empty]]),
            Table::new(&[""], vec![vec![Cell::Empty], vec![Cell::text("")]]),
            Table::new(
                &["a", "b"],
                vec![vec![Cell::text("x,\"y\"")], vec![Cell::Int(1), Cell::Empty]],
            ),
            Table::new(&["a"], vec![vec![Cell::text("-\"q\""), Cell::text("\r")]]),
            Table::new(&["a", "b"], vec![vec![Cell::Empty, Cell::Empty]]),
        ];
        for t in tables {
            assert_eq!(to_csv(&t), by_the_csv_crate(&t), "{t:?}");
        }
    }
}
