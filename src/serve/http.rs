//! The HTTP/1.1 the what-if server speaks, on `std::net` alone: one request
//! a connection (`Connection: close`), a body only with `Content-Length`,
//! and every limit checked before a byte of the body is read.
//!
//! Why not a crate: the page needs four routes on loopback, and the small
//! synchronous servers drain an unread body into a buffer the size the
//! client claims (a header saying 40 GB asks for 40 GB). Here a body over
//! the limit is answered 413 from its header and the connection closed
//! unread; headers over [`MAX_HEAD`] are 431; a client that stalls is cut
//! after [`IO_TIMEOUT`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The largest request line and headers read (16 KiB).
pub const MAX_HEAD: usize = 16 * 1024;

/// How long a client may take to send its request or read the answer.
pub const IO_TIMEOUT: Duration = Duration::from_secs(20);

/// A parsed request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The method as sent (`GET`, `POST`), case kept.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query's `key=value` pairs, percent-decoded, in order.
    pub query: Vec<(String, String)>,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    /// The body: exactly `Content-Length` bytes (empty without that header).
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of a header (its name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The HTTP status code (200, 400, 413, ...).
    pub status: u16,
    /// The `Content-Type` header's value.
    pub content_type: &'static str,
    /// More headers (`Content-Disposition`).
    pub headers: Vec<(&'static str, String)>,
    /// The bytes sent after the headers.
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with a body of a type.
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(
            status,
            "application/json; charset=utf-8",
            value.to_string().into_bytes(),
        )
    }

    /// An error as JSON: `{"error": message}`.
    pub fn error(status: u16, message: &str) -> Response {
        Response::json(status, &serde_json::json!({ "error": message }))
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// Why a request could not be read; each is answered with its status and
/// the connection closed.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Malformed (400), headers too large (431), a body too large (413), no
    /// length for a body (411), a transfer coding (501).
    Status(u16, String),
    /// The client went away or stalled: no answer.
    Gone,
}

/// The reason phrase of a status.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Reads one request from `stream`; a body may be at most `max_body(path)`
/// bytes (checked from `Content-Length` before the body is read).
pub fn read_request(
    stream: &TcpStream,
    max_body: impl Fn(&str) -> usize,
) -> Result<Request, Refused> {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64 + 1));
    let mut head = Vec::new();
    // The request line and the headers, to the empty line.
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => {
                return Err(if head.is_empty() {
                    Refused::Gone
                } else if head.len() + line.len() > MAX_HEAD {
                    Refused::Status(431, "the request's headers exceed 16 KiB".into())
                } else {
                    Refused::Status(400, "the request ends inside its headers".into())
                })
            }
            Ok(_) => {}
            Err(_) => return Err(Refused::Gone),
        }
        if head.len() + line.len() > MAX_HEAD {
            return Err(Refused::Status(
                431,
                "the request's headers exceed 16 KiB".into(),
            ));
        }
        let blank = line == b"\r\n" || line == b"\n";
        head.extend_from_slice(&line);
        if blank {
            break;
        }
        if !line.ends_with(b"\n") {
            return Err(Refused::Status(
                400,
                "the request ends inside its headers".into(),
            ));
        }
    }
    let text = std::str::from_utf8(&head)
        .map_err(|_| Refused::Status(400, "the request's headers are not UTF-8".into()))?;
    let mut lines = text.split("\r\n").flat_map(|l| l.split('\n'));
    let first = lines.next().unwrap_or("");
    let mut parts = first.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && t.starts_with('/') => (m, t, v),
        _ => return Err(Refused::Status(400, "not an HTTP request line".into())),
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Refused::Status(400, "only HTTP/1.x is spoken".into()));
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| Refused::Status(400, "a header line without `:`".into()))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, q),
        None => (target, ""),
    };
    let path = percent_decode(path)
        .ok_or_else(|| Refused::Status(400, "the path is not percent-encoded UTF-8".into()))?;
    let query = parse_query(query)
        .ok_or_else(|| Refused::Status(400, "the query is not percent-encoded UTF-8".into()))?;
    let mut request = Request {
        method: method.to_string(),
        path,
        query,
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return Err(Refused::Status(
            501,
            "a body must come with Content-Length; no transfer coding is read".into(),
        ));
    }
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| Refused::Status(400, format!("Content-Length `{v}` is not a number")))?,
    };
    let limit = max_body(&request.path);
    if length > limit as u64 {
        return Err(Refused::Status(
            413,
            format!("the body is {length} bytes; this address takes at most {limit}"),
        ));
    }
    // What the header reader read ahead is the start of the body.
    let mut body = reader.buffer().to_vec();
    body.truncate(length as usize);
    let mut rest = stream.take(length - body.len() as u64);
    if rest.read_to_end(&mut body).is_err() || (body.len() as u64) < length {
        return Err(Refused::Gone);
    }
    request.body = body;
    Ok(request)
}

/// Writes an answer and closes the connection.
pub fn write_response(mut stream: &TcpStream, r: &Response) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    if r.content_type.starts_with("text/html") {
        // The page loads nothing from elsewhere and talks only to its server.
        head.push_str("Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n");
    }
    for (name, value) in &r.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&r.body);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// Percent-decodes a URL part (`+` stays `+`); `None` when the result is
/// not UTF-8 or an escape is broken.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `key=value` pairs of a query (`+` is a space there).
fn parse_query(q: &str) -> Option<Vec<(String, String)>> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((
                percent_decode(&k.replace('+', " "))?,
                percent_decode(&v.replace('+', " "))?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode_and_broken_escapes_are_refused() {
        assert_eq!(
            parse_query("token=ab%2Fc&set.x=1+2").unwrap(),
            vec![
                ("token".to_string(), "ab/c".to_string()),
                ("set.x".to_string(), "1 2".to_string())
            ]
        );
        assert_eq!(percent_decode("%E5%8E%BF"), Some("县".to_string()));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
        assert_eq!(percent_decode("%4"), None);
    }
}
