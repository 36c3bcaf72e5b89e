//! CSV for Excel: UTF-8 with a BOM, and text cells that Excel cannot run.

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
        match self {
            Cell::Text(s) => neutralise(s),
            Cell::Int(v) => v.to_string(),
            Cell::Num(v, d) => format!("{v:.d$}", d = *d),
            Cell::Real(v) if v.is_finite() => format!("{v}"),
            Cell::Real(_) => String::new(),
            Cell::Empty => String::new(),
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
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
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
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail. A header is neutralised like a
        // text cell: the columns carried from the input (序号, 备注) keep
        // the analyst's header, which may be anything, `=HYPERLINK(…)`
        // included.
        let _ = w.write_record(table.header.iter().map(|h| neutralise(h)));
        for row in &table.rows {
            let _ = w.write_record(row.iter().map(Cell::render));
        }
        let _ = w.flush();
    }
    out
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
}
