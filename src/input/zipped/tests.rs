//! Tests of the workbook survey.

use super::attrs::{attr, attr_by_local, reference, unescape};
use super::*;

#[test]
fn references_are_read_without_wrapping() {
    assert_eq!(reference(b"C2"), Some((2, Some(3))));
    assert_eq!(reference(b"c2"), Some((2, Some(3))));
    assert_eq!(reference(b"C4294967298"), Some((4_294_967_298, Some(3))));
    assert_eq!(reference(b"XFD1048576"), Some((1_048_576, Some(16_384))));
    assert_eq!(reference(b"5"), Some((5, None)));
    assert_eq!(reference(b"A"), None);
    assert_eq!(reference(b"A1B"), None);
    assert_eq!(
        reference(b"AAAAAAAAAAAAAAAAAAAA1"),
        Some((1, Some(u64::MAX)))
    );
}

#[test]
fn attributes_are_found_in_either_quote() {
    let tag = br#" r="C2" s='3' t="s" x:id="rId7""#;
    assert_eq!(attr(tag, b"r"), Some(b"C2".to_vec()));
    assert_eq!(attr(tag, b"s"), Some(b"3".to_vec()));
    assert_eq!(attr(tag, b"id"), None);
    assert_eq!(attr_by_local(tag, b"id"), Some(b"rId7".to_vec()));
    assert_eq!(unescape(b"R&amp;D &#x6D3E;&#20986;"), "R&D 派出");
}

fn sheet_problem(xml: &str) -> Option<SheetProblem> {
    let mut part = Box::new(XmlPart::new("xl/worksheets/sheet1.xml", "x"));
    part.feed(xml.as_bytes()).unwrap();
    part.problem
}

#[test]
fn a_sheet_is_followed_as_calamine_reads_it() {
    let ok = r#"<?xml version="1.0"?><worksheet><dimension ref="A1:C3"/><sheetData>
        <row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row>
        <row><c r="A2"/><c r="C2"/></row><row r="3"><c><v>3</v></c></row>
        </sheetData></worksheet>"#;
    assert_eq!(sheet_problem(ok), None);
    let wrapped = ok.replace(r#"<c r="C2"/>"#, r#"<c r="C4294967298"/>"#);
    let p = sheet_problem(&wrapped).unwrap();
    assert_eq!(p.row, 4_294_967_298);
    assert!(
        p.problem
            .contains("cell `C4294967298` lies outside any sheet"),
        "{p:?}"
    );
    let back = ok.replace(r#"<row r="3">"#, r#"<row r="1">"#);
    let p = sheet_problem(&back).unwrap();
    assert_eq!(p.row, 1);
    assert!(
        p.problem.contains("the row numbered 1 comes after row 2"),
        "{p:?}"
    );
    // No `r` on the cell: it takes the row's number, after a cell of it.
    let twice = ok.replace(r#"<c><v>2</v></c>"#, r#"<c r="B1"/><c r="B1"/>"#);
    let p = sheet_problem(&twice).unwrap();
    assert!(p.problem.contains("cell B1 comes after cell B1"), "{p:?}");
    let dim = ok.replace(r#"ref="A1:C3""#, r#"ref="C3:A1""#);
    assert!(sheet_problem(&dim)
        .unwrap()
        .problem
        .contains("dimension range `C3:A1`"));
}

#[test]
fn comments_and_cdata_end_where_an_xml_reader_ends_them() {
    let xml = r#"<worksheet><!-- a > b --><x><![CDATA[ <c r="A0"> ]]></x><sheetData/></worksheet>"#;
    assert_eq!(sheet_problem(xml), None);
    let mut part = Box::new(XmlPart::new("p.xml", "p.xml"));
    let doctype = part
        .feed(b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
        .unwrap_err();
    assert!(doctype.contains("DOCTYPE"), "{doctype}");
}
