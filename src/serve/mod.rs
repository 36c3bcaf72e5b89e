//! `staffing serve`: the what-if page a bureau chief uses in a meeting. A
//! local web server shows the plan of a scenario as the solve report does,
//! with controls for the keys a planner changes; each change is solved
//! in-process (the same load, `--set` reader and pipeline as `staffing
//! solve`) and the page updates without a reload, compared with the base
//! plan. `docs/serve.md` documents the page and its HTTP API.
//!
//! Safety: every request carries the server's random token (403 without);
//! no request names a file the server reads (file keys are refused, uploads
//! go into the server's own temporary folder, removed when it stops); sizes
//! are limited before a body is read (413); each connection has its own
//! thread, up to [`MAX_CONNECTIONS`] at once (503 beyond), so a slow or
//! hostile client never stops the others; a newer what-if from the same
//! page supersedes an older one (409 for the older).

pub mod compare;
pub mod controls;
pub mod http;
pub mod page;
pub mod session;
mod upload;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use http::{Refused, Request, Response};
use session::{Base, Refusal, Sets};

use crate::report::Lang;

/// The largest body of an API request (a what-if): 1 MiB.
pub const MAX_REQUEST: usize = 1024 * 1024;
/// The largest upload (the files base64-encoded in JSON): 48 MiB.
pub const MAX_UPLOAD: usize = 48 * 1024 * 1024;
/// Connections served at once; more are answered 503.
pub const MAX_CONNECTIONS: usize = 32;
/// Pages whose latest what-if is remembered (for superseding).
const PAGES_REMEMBERED: usize = 256;

/// How a server starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The scenario served.
    pub scenario: PathBuf,
    /// The address listened on (`--host`; the command line's default is
    /// 127.0.0.1, this computer only).
    pub host: IpAddr,
    /// 0: a free port.
    pub port: u16,
    /// The page's language (`None`: from the data).
    pub lang: Option<Lang>,
}

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The scenario does not load or has no plan: the command line's message.
    #[error("{0}")]
    Scenario(String),
    #[error("cannot listen on {addr}: {source}")]
    /// The address cannot be listened on (taken, or not this machine's).
    Bind {
        /// The host and port asked for.
        addr: SocketAddr,
        /// The system's reason.
        source: std::io::Error,
    },
    #[error("cannot make the server's temporary folder: {0}")]
    /// The temporary folder for uploads and what-if runs cannot be made.
    Temp(std::io::Error),
    #[error("cannot draw a random token: {0}")]
    /// The system gave no random bytes for the page's access token; the text is its reason.
    Token(String),
}

/// What the connection threads share.
struct State {
    token: String,
    lang: Lang,
    origin: PathBuf,
    base: RwLock<Arc<Base>>,
    /// The server's own folder (uploads); removed when the server stops.
    temp: tempfile::TempDir,
    uploads: AtomicUsize,
    /// Per page, the latest what-if sequence number seen.
    latest: Mutex<HashMap<String, u64>>,
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    accept: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Loads and solves the scenario, binds, and starts serving.
    pub fn start(options: &Options) -> Result<Server, ServeError> {
        let token = token()?;
        let base = session::base(&options.scenario, &options.scenario, None)
            .map_err(|r| ServeError::Scenario(r.message().to_string()))?;
        let lang = options
            .lang
            .unwrap_or_else(|| Lang::detect(&base.loaded.province));
        let temp = tempfile::Builder::new()
            .prefix("staffing-serve-")
            .tempdir()
            .map_err(ServeError::Temp)?;
        let addr = SocketAddr::new(options.host, options.port);
        let listener =
            TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ServeError::Bind { addr, source })?;
        let state = Arc::new(State {
            token,
            lang,
            origin: options.scenario.clone(),
            base: RwLock::new(Arc::new(base)),
            temp,
            uploads: AtomicUsize::new(0),
            latest: Mutex::new(HashMap::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::Builder::new()
                .name("serve-accept".into())
                .spawn(move || accept_loop(listener, state, stop))
                .map_err(|source| ServeError::Bind { addr, source })?
        };
        Ok(Server {
            addr,
            state,
            stop,
            accept: Some(accept),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token every request must carry.
    pub fn token(&self) -> &str {
        &self.state.token
    }

    /// The page's address with the token: `http://127.0.0.1:PORT/?token=…`.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.addr, self.state.token)
    }

    /// The server's temporary folder (uploads).
    pub fn temp_dir(&self) -> &Path {
        self.state.temp.path()
    }

    /// A handle that stops the server from another thread (Ctrl-C).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            addr: self.addr,
            stop: self.stop.clone(),
        }
    }

    /// Serves until stopped; then the temporary folder is removed.
    pub fn wait(mut self) {
        if let Some(a) = self.accept.take() {
            let _ = a.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopper().stop();
        if let Some(a) = self.accept.take() {
            let _ = a.join();
        }
    }
}

/// Stops a server.
#[derive(Debug, Clone)]
pub struct Stopper {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Stopper {
    /// Stops accepting connections (those being served finish).
    pub fn stop(&self) {
        if !self.stop.swap(true, Ordering::SeqCst) {
            // Wake the accept loop.
            let _ = TcpStream::connect(self.addr);
        }
    }
}

/// 128 bits from the operating system, in hex.
fn token() -> Result<String, ServeError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| ServeError::Token(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Connections still sending their request, by number: cut when the
/// server stops (a request not yet sent is not waited for; one being
/// answered is).
type Waiting = Arc<Mutex<HashMap<u64, TcpStream>>>;

fn accept_loop(listener: TcpListener, state: Arc<State>, stop: Arc<AtomicBool>) {
    let open = Arc::new(AtomicUsize::new(0));
    let waiting: Waiting = Arc::new(Mutex::new(HashMap::new()));
    let mut threads: Vec<std::thread::JoinHandle<()>> = Vec::new();
    for (n, stream) in (0u64..).zip(listener.incoming()) {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        threads.retain(|t| !t.is_finished());
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            http::write_response(
                &stream,
                &Response::error(503, "too many connections at once; try again"),
            );
            continue;
        }
        if let (Ok(copy), Ok(mut w)) = (stream.try_clone(), waiting.lock()) {
            w.insert(n, copy);
        }
        open.fetch_add(1, Ordering::SeqCst);
        let (state, open2, waiting2) = (state.clone(), open.clone(), waiting.clone());
        let spawned = std::thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                connection(&stream, &state, || {
                    if let Ok(mut w) = waiting2.lock() {
                        w.remove(&n);
                    }
                });
                open2.fetch_sub(1, Ordering::SeqCst);
            });
        match spawned {
            Ok(t) => threads.push(t),
            Err(_) => {
                open.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
    if let Ok(mut w) = waiting.lock() {
        for (_, s) in w.drain() {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }
    for t in threads {
        let _ = t.join();
    }
}

/// The largest body a path takes.
fn max_body(path: &str) -> usize {
    if path == "/api/upload" {
        MAX_UPLOAD
    } else {
        MAX_REQUEST
    }
}

/// Serves one connection; `read` is called once its request is read.
fn connection(stream: &TcpStream, state: &State, read: impl FnOnce()) {
    let request = http::read_request(stream, max_body);
    read();
    let response = match request {
        Ok(request) => {
            // A panic in a handler is a 500 for this request only.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&request, state)))
                .unwrap_or_else(|_| Response::error(500, "internal error"))
        }
        Err(Refused::Status(status, message)) => Response::error(status, &message),
        Err(Refused::Gone) => return,
    };
    http::write_response(stream, &response);
}

/// Whether the request carries the token (query `token` or header
/// `X-Staffing-Token`), compared in constant time.
fn authorised(request: &Request, token: &str) -> bool {
    let given = request
        .header("x-staffing-token")
        .or_else(|| request.param("token"))
        .unwrap_or("");
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn handle(request: &Request, state: &State) -> Response {
    if !authorised(request, &state.token) {
        return Response::error(
            403,
            "this address needs the token the server printed when it started (…/?token=…)",
        );
    }
    let base = state.base.read().map(|b| b.clone());
    let Ok(base) = base else {
        return Response::error(500, "internal error");
    };
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/") => match page::render(&base, None, state.lang) {
            Ok(html) => Response::new(200, "text/html; charset=utf-8", html),
            Err(e) => Response::error(500, &e),
        },
        ("GET", "/api/keys") => {
            Response::json(200, &controls::keys_json(&base.loaded.scenario.table))
        }
        ("POST", "/api/solve") => api_solve(request, &base),
        ("POST", "/api/page") => api_page(request, &base, state),
        ("POST", "/api/upload") => upload::api_upload(request, state),
        ("POST", p) if p.starts_with("/api/download/") => {
            download(request, &base, state, &p["/api/download/".len()..])
        }
        (_, "/" | "/api/keys" | "/api/solve" | "/api/page" | "/api/upload") => {
            Response::error(405, "method not allowed here")
        }
        _ => Response::error(404, "no such page"),
    }
}

/// The keys of a JSON object in the order written (`serde_json`'s own map
/// sorts them; `--set` keeps the order given, and so does provenance).
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of scenario keys and values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered(Vec::new()))
            }
        }
        d.deserialize_any(Visit)
    }
}

#[derive(serde::Deserialize)]
struct Body {
    #[serde(default)]
    set: Option<Ordered>,
}

/// The what-if of a request body: `{"set": {"key": value, …}}`, each value
/// as `--set` would take it (a number, text, true/false, or a list), in
/// the order written.
pub fn parse_sets(body: &[u8]) -> Result<Sets, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let body: Body = serde_json::from_slice(body).map_err(|e| {
        format!(
            "the body is not a what-if: {e}; send {{\"set\": {{\"workload.call_growth\": 1.2}}}}"
        )
    })?;
    let set = body.set.map_or(Vec::new(), |o| o.0);
    set.iter()
        .map(|(k, v)| {
            let raw = match v {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                serde_json::Value::Null | serde_json::Value::Object(_) => {
                    return Err(format!(
                        "the value of `{}` must be a number, text, true or false, or a list",
                        crate::error::quote(k)
                    ))
                }
            };
            Ok((k.trim().to_string(), raw))
        })
        .collect()
}

fn refusal(r: &Refusal) -> Response {
    let mut body = serde_json::json!({ "error": r.message() });
    if let Refusal::Input { key: Some(k), .. } = r {
        body["key"] = serde_json::Value::from(k.as_str());
    }
    if let Refusal::Infeasible { json, .. } = r {
        body["summary"] = json.clone();
    }
    Response::json(r.status(), &body)
}

/// `POST /api/solve`: the summary JSON `staffing solve --json --set …`
/// prints (without output_dir and timing); an infeasible what-if answers
/// 422 with the JSON `--json` prints then.
fn api_solve(request: &Request, base: &Base) -> Response {
    let sets = match parse_sets(&request.body) {
        Ok(s) => s,
        Err(e) => return Response::error(400, &e),
    };
    match base.whatif(&sets) {
        Ok((_, solution)) => Response::json(200, &Base::json(&solution)),
        Err(Refusal::Infeasible { json, .. }) => Response::json(422, &json),
        Err(r) => refusal(&r),
    }
}

/// The page id and sequence number of a what-if from a page.
fn page_seq(body: &[u8]) -> Option<(String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let page = v.get("page")?.as_str()?;
    let seq = v.get("seq")?.as_u64()?;
    (page.len() <= 64).then(|| (page.to_string(), seq))
}

impl State {
    /// Records a what-if of a page; false when a newer one was seen.
    fn note(&self, page: &str, seq: u64) -> bool {
        let Ok(mut latest) = self.latest.lock() else {
            return true;
        };
        if latest.len() >= PAGES_REMEMBERED && !latest.contains_key(page) {
            latest.clear();
        }
        let e = latest.entry(page.to_string()).or_insert(0);
        if seq < *e {
            return false;
        }
        *e = seq;
        true
    }

    /// Whether a newer what-if of the page came in.
    fn superseded(&self, page: &Option<(String, u64)>) -> bool {
        let Some((page, seq)) = page else {
            return false;
        };
        self.latest
            .lock()
            .map(|l| l.get(page).is_some_and(|latest| latest > seq))
            .unwrap_or(false)
    }
}

fn superseded() -> Response {
    Response::json(
        409,
        &serde_json::json!({ "superseded": true, "error": "a newer what-if from this page replaced this one" }),
    )
}

/// `POST /api/page`: the page of a what-if, `{"html": …}`.
fn api_page(request: &Request, base: &Base, state: &State) -> Response {
    let sets = match parse_sets(&request.body) {
        Ok(s) => s,
        Err(e) => return Response::error(400, &e),
    };
    let page = page_seq(&request.body);
    if let Some((p, s)) = &page {
        if !state.note(p, *s) {
            return superseded();
        }
    }
    let html = if sets.is_empty() {
        page::render(base, None, state.lang)
    } else {
        let solution = match base.whatif(&sets) {
            Ok((_, s)) => s,
            Err(r) => return refusal(&r),
        };
        if state.superseded(&page) {
            return superseded();
        }
        page::render(base, Some((&solution.outcome, &sets)), state.lang)
    };
    match html {
        Ok(html) => Response::json(200, &serde_json::json!({ "html": html })),
        Err(e) => Response::error(500, &e),
    }
}

/// `POST /api/download/{plan.xlsx,report.html,scenario.toml}`: a file of
/// the what-if in the body, as `staffing solve` of its scenario file
/// writes it.
fn download(request: &Request, base: &Base, state: &State, file: &str) -> Response {
    if !matches!(file, "plan.xlsx" | "report.html" | "scenario.toml") {
        return Response::error(
            404,
            "the downloads are plan.xlsx, report.html and scenario.toml",
        );
    }
    let sets = match parse_sets(&request.body) {
        Ok(s) => s,
        Err(e) => return Response::error(400, &e),
    };
    // The what-if must be valid as a what-if first (file keys refused).
    if let Err(r) = base.whatif(&sets) {
        return refusal(&r);
    }
    let toml = match base.whatif_toml(&sets) {
        Ok(t) => t,
        Err(r) => return refusal(&r),
    };
    let attach = |name: &str| format!("attachment; filename=\"{name}\"");
    if file == "scenario.toml" {
        return Response::new(200, "application/toml; charset=utf-8", toml.text.clone())
            .with("Content-Disposition", attach(&toml.file_name));
    }
    let files = match base.whatif_files(&toml, Some(state.lang)) {
        Ok(f) => f,
        Err(r) => return refusal(&r),
    };
    let Some(found) = files.into_iter().find(|f| f.name == file) else {
        return Response::error(500, "the plan has no such file");
    };
    let kind = if file == "plan.xlsx" {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/html; charset=utf-8"
    };
    Response::new(200, kind, found.bytes).with("Content-Disposition", attach(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_ifs_read_as_set_reads_them() {
        let s = parse_sets(br#"{"set": {"workload.call_growth": 1.2, "balance.target": "county", "stations.locked": ["S1", "S2"], "strength.recall_seconded": true}}"#).unwrap();
        assert_eq!(
            s,
            vec![
                ("workload.call_growth".to_string(), "1.2".to_string()),
                ("balance.target".to_string(), "county".to_string()),
                ("stations.locked".to_string(), "S1,S2".to_string()),
                ("strength.recall_seconded".to_string(), "true".to_string()),
            ]
        );
        assert!(parse_sets(b"[1]").is_err());
        assert!(parse_sets(br#"{"set": {"a": null}}"#).is_err());
        assert!(parse_sets(b"{").is_err());
        assert_eq!(parse_sets(b"").unwrap(), Vec::new());
    }
}
