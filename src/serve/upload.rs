//! `POST /api/upload`: a planner's own stations and counties, written
//! into the server's own temporary folder and checked as `staffing check`
//! checks them; data that passes becomes the base plan.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::http::{Request, Response};
use super::session::{self, Upload};
use super::{page, parse_sets, State};

/// `POST /api/upload`: `{"files": [{"name", "data" (base64)}, …], "set":
/// {…}}`: a stations and a counties CSV, or one workbook with both sheets.
/// They are written into a fresh folder inside the server's temporary
/// folder, with a scenario that extends the served one, and checked as
/// `staffing check` checks; on success they become the base.
pub(super) fn api_upload(request: &Request, state: &State) -> Response {
    match upload(request, state) {
        Ok(r) => r,
        Err(message) => Response::error(400, &message),
    }
}

fn upload(request: &Request, state: &State) -> Result<Response, String> {
    let v: serde_json::Value =
        serde_json::from_slice(&request.body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let files = v
        .get("files")
        .and_then(|f| f.as_array())
        .ok_or("send {\"files\": [{\"name\": …, \"data\": base64}, …]}")?;
    let mut decoded: Vec<(String, Vec<u8>)> = Vec::new();
    for f in files {
        let name = f.get("name").and_then(|n| n.as_str()).unwrap_or("");
        let data = f.get("data").and_then(|n| n.as_str()).unwrap_or("");
        let name = safe_name(name).ok_or_else(|| {
            format!(
                "`{}` is not a file name the server takes: a name only (no folder), ending .csv, .txt, .xlsx, .xlsm, .xls or .ods",
                crate::error::quote(name)
            )
        })?;
        let bytes = base64(data).ok_or_else(|| format!("the data of {name} is not base64"))?;
        if decoded.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            return Err(format!("two files are named {name}"));
        }
        decoded.push((name, bytes));
    }
    let (stations, counties) = roles(&decoded)?;
    let n = state.uploads.fetch_add(1, Ordering::SeqCst) + 1;
    let dir = state.temp.path().join(format!("upload-{n}"));
    std::fs::create_dir(&dir).map_err(|e| format!("cannot store the upload: {e}"))?;
    for (name, bytes) in &decoded {
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("cannot store {name}: {e}"))?;
    }
    let origin = absolute(&state.origin);
    let scenario = dir.join("scenario.toml");
    let text = format!(
        "# The served scenario on uploaded data (written by staffing serve).\nextend = {}\nstations = {}\ncounties = {}\n",
        toml::Value::from(origin.display().to_string()),
        toml::Value::from(stations.as_str()),
        toml::Value::from(counties.as_str()),
    );
    std::fs::write(&scenario, text).map_err(|e| format!("cannot store the upload: {e}"))?;
    let upload = Upload {
        dir: dir.clone(),
        names: vec![stations, counties],
    };
    let hide = |m: String| {
        m.replace(
            &format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR),
            "",
        )
    };
    let checked = crate::pipeline::load(&scenario).and_then(|loaded| {
        crate::model::levers::apply_force(&loaded.province, &loaded.scenario.force_levers)
            .map(|_| ())
            .map_err(|e| crate::error::InputError::Scenario {
                file: scenario.clone(),
                message: e.to_string(),
            })
    });
    if let Err(e) = checked {
        let _ = std::fs::remove_dir_all(&dir);
        let own = session::Reader::Request { own: Some(&dir) };
        let shown = session::screened(e, own);
        return Err(hide(format!(
            "error: checking scenario scenario.toml: {shown}"
        )));
    }
    let new_base = match session::base(&scenario, &state.origin, Some(upload)) {
        Ok(b) => b,
        Err(r) => {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(hide(r.message().to_string()));
        }
    };
    let new_base = Arc::new(new_base);
    let old = match state.base.write() {
        Ok(mut b) => std::mem::replace(&mut *b, new_base.clone()),
        Err(_) => return Err("internal error".into()),
    };
    // The previous upload's files are no longer read.
    if let Some(u) = &old.upload {
        let _ = std::fs::remove_dir_all(&u.dir);
    }
    let sets = parse_sets(&request.body).unwrap_or_default();
    let shown = if sets.is_empty() {
        None
    } else {
        new_base.whatif(&sets).ok().map(|(_, s)| s)
    };
    let html = page::render(
        &new_base,
        shown.as_ref().map(|s| (&s.outcome, sets.as_slice())),
        state.lang,
    )?;
    Ok(Response::json(200, &serde_json::json!({ "html": html })))
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// An uploaded file's name, if the server takes it: a plain name (no
/// folder, no leading dot), of a table type.
fn safe_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok_chars = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0', '#'])
        && name.chars().all(|c| !c.is_control());
    let lower = name.to_ascii_lowercase();
    let ext = [".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e));
    (ok_chars && ext && name != "scenario.toml").then(|| name.to_string())
}

/// Which uploaded file is the stations table and which the counties: two
/// CSVs named with `station` and `count`(y/ies), or one workbook whose
/// sheets `stations` and `counties` are read.
fn roles(files: &[(String, Vec<u8>)]) -> Result<(String, String), String> {
    let workbook = |n: &str| {
        let l = n.to_ascii_lowercase();
        [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|e| l.ends_with(e))
    };
    match files {
        [(one, _)] if workbook(one) => Ok((format!("{one}#stations"), format!("{one}#counties"))),
        [(a, _), (b, _)] => {
            let is_station = |n: &str| n.to_lowercase().contains("station") || n.contains("派出所");
            let is_county = |n: &str| n.to_lowercase().contains("count") || n.contains("县");
            match (is_station(a) && is_county(b), is_station(b) && is_county(a)) {
                (true, false) => Ok((a.clone(), b.clone())),
                (false, true) => Ok((b.clone(), a.clone())),
                _ => Err(format!(
                    "cannot tell which of {a} and {b} is the stations table: name one with `stations` (or 派出所) and the other with `counties` (or 县)"
                )),
            }
        }
        _ => Err("upload two files (stations and counties, CSV or workbook) or one workbook with the sheets stations and counties".into()),
    }
}

/// Standard base64 (padding optional, no line breaks); `None` when not.
pub fn base64(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        match chunk.len() {
            4 => out.extend([(n >> 16) as u8, (n >> 8) as u8, n as u8]),
            3 => out.extend([(n >> 16) as u8, (n >> 8) as u8]),
            2 => out.push((n >> 16) as u8),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_reads_what_browsers_write() {
        assert_eq!(base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64("5Y6/").unwrap(), "县".as_bytes());
        assert_eq!(base64(""), Some(Vec::new()));
        assert_eq!(base64("a"), None);
        assert_eq!(base64("a!bc"), None);
    }

    #[test]
    fn uploaded_names_are_plain_table_files() {
        assert_eq!(safe_name("stations.csv").as_deref(), Some("stations.csv"));
        assert_eq!(safe_name("派出所.xlsx").as_deref(), Some("派出所.xlsx"));
        for bad in [
            "../x.csv",
            "/etc/passwd",
            "a/b.csv",
            ".csv",
            "x.toml",
            "c:x.csv",
            "x.csv#s",
        ] {
            assert_eq!(safe_name(bad), None, "{bad}");
        }
    }
}
