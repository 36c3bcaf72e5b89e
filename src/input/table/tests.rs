//! Tests of the table reader.

use super::*;

const SPEC: Spec = Spec {
    required: &["a", "b"],
    optional: &[],
    aliases: &[],
    prefixes: &[],
};

#[test]
fn limits_are_written_with_thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(20_000_000), "20,000,000");
}

#[test]
fn a_title_line_above_the_header_is_skipped() {
    let text = "Staffing 2025,,\n\na,b\n1,2\n";
    let t = Table::from_csv_bytes(Path::new("t.csv"), text.as_bytes(), &SPEC).unwrap();
    let rows: Vec<(u64, f64)> = t
        .rows()
        .map(|r| (r.row(), r.number("b").unwrap()))
        .collect();
    assert_eq!(rows, [(4, 2.0)]);
    let e = Table::from_csv_bytes(Path::new("t.csv"), b"x,y\n1,2\n", &SPEC)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no column `a`"), "{e}");
}
