//! Tests of the workbook reader.

use super::*;

#[test]
fn sheet_suffix_counts_only_after_a_workbook() {
    assert_eq!(
        split_sheet(Path::new("d/book.xlsx#派出所")),
        (PathBuf::from("d/book.xlsx"), Some("派出所".into()))
    );
    assert_eq!(
        split_sheet(Path::new("d/a#b.csv")),
        (PathBuf::from("d/a#b.csv"), None)
    );
    assert_eq!(
        split_sheet(Path::new("d/book.xlsx")),
        (PathBuf::from("d/book.xlsx"), None)
    );
}

#[test]
fn column_letters_follow_excel() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
}
