//! Attributes, references and entities read from a tag's bytes.

/// The value of the attribute named exactly `key` in a tag's attribute
/// bytes, as written (entities not decoded).
pub(super) fn attr(attrs: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    attributes(attrs)
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_vec())
}

/// The value of the first attribute whose local name (after any prefix) is
/// `key`.
pub(super) fn attr_by_local(attrs: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    attributes(attrs)
        .find(|(k, _)| {
            let local = match k.iter().rposition(|&b| b == b':') {
                Some(i) => &k[i + 1..],
                None => k,
            };
            local == key
        })
        .map(|(_, v)| v.to_vec())
}

/// The `name="value"` pairs of a tag's attribute bytes.
pub(super) fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        let start = s
            .iter()
            .position(|b| !b.is_ascii_whitespace() && *b != b'/')?;
        s = &s[start..];
        let eq = s.iter().position(|&b| b == b'=')?;
        let key = s[..eq].trim_ascii();
        let rest = s[eq + 1..].trim_ascii_start();
        let quote = *rest.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = rest[1..].iter().position(|&b| b == quote)?;
        let value = &rest[1..1 + close];
        s = &rest[close + 2..];
        Some((key, value))
    })
}

/// A whole number written in decimal digits (saturating), or `None`.
pub(super) fn digits(v: &[u8]) -> Option<u64> {
    if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// A cell or row reference (`C4294967298`, `5`), 1-based, as calamine reads
/// it (letters then digits) but without wrapping: (row, column if any).
/// `None` when it is not one.
pub(super) fn reference(v: &[u8]) -> Option<(u64, Option<u64>)> {
    let letters = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let row = digits(&v[letters..])?;
    let col = v[..letters].iter().fold(0u64, |c, &b| {
        c.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    Some((row, (letters > 0).then_some(col)))
}

/// An attribute value with XML's five entities and character references
/// decoded (a sheet name may hold `&amp;`).
pub(super) fn unescape(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    if !s.contains('&') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_ref();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
