//! The what-if server (`staffing serve`, `docs/serve.md`) as the page sees
//! it: a server started in this process on each instance (port 0, its own
//! token), and a client on localhost that sends one what-if at a time and
//! times the whole exchange, connect to last byte. `POST /api/solve` is the
//! what-if solved and checked, with the JSON `solve --json` prints;
//! `POST /api/page` is the what-if solved and the whole page the browser
//! swaps in (the comparison, every chart, the embedded font). Each request
//! is a what-if of its own (call growth 1.01, 1.02, …), after one untimed
//! request of each kind.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::stats::median;
use super::{BenchError, Ctx, Instance};
use crate::serve::{Options, Server};

/// The province's target for `POST /api/solve` (median, seconds).
pub const PROVINCE_TARGET_S: f64 = 0.050;
/// The nation's target per what-if (median, seconds).
pub const NATION_TARGET_S: f64 = 1.5;

/// One instance's timings, seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeRow {
    /// The instance's label.
    pub instance: String,
    /// Its stations.
    pub stations: usize,
    /// Timed what-ifs of each request (after one warm-up that is not
    /// counted).
    pub runs: usize,
    /// `POST /api/solve`: median and fastest.
    pub solve: f64,
    /// The fastest `POST /api/solve`.
    pub solve_fastest: f64,
    /// `POST /api/page`: median and fastest.
    pub page: f64,
    /// The fastest `POST /api/page`.
    pub page_fastest: f64,
    /// The page's size in bytes (the JSON holding it).
    pub page_bytes: usize,
    /// The target of a what-if for this instance.
    pub target: f64,
}

impl ServeRow {
    /// Whether the median what-if met its target: the province's
    /// `/api/solve`, the nation's `/api/page` (a what-if the chief sees).
    pub fn met(&self) -> bool {
        if self.target == PROVINCE_TARGET_S {
            self.solve <= self.target
        } else {
            self.page <= self.target
        }
    }
}

/// Times `runs` what-ifs of each kind on each instance.
pub fn serve_section(ctx: &Ctx, instances: &[&Instance]) -> Result<Vec<ServeRow>, BenchError> {
    let runs = ctx.options.repeat.max(1) * 4;
    let mut rows = Vec::new();
    for instance in instances {
        (ctx.progress)(&format!("serve: starting on {}", instance.label));
        let server = Server::start(&Options {
            scenario: instance.scenario.clone(),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            lang: Some(ctx.options.lang),
        })
        .map_err(|e| failed(&e.to_string()))?;
        let client = Client {
            addr: server.addr(),
            token: server.token().to_string(),
        };
        let (mut solve, mut page, mut bytes) = (Vec::new(), Vec::new(), 0);
        for i in 0..=runs {
            (ctx.progress)(&format!("serve: {} ({i}/{runs})", instance.label));
            let growth = format!("{:.2}", 1.0 + 0.01 * (i + 1) as f64);
            let body = format!("{{\"set\": {{\"workload.call_growth\": {growth}}}}}");
            let (t, _) = client.post("/api/solve", &body)?;
            let (p, n) = client.post("/api/page", &body)?;
            if i > 0 {
                solve.push(t);
                page.push(p);
                bytes = n;
            }
        }
        let fastest = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let nation = instance.generated.is_some();
        rows.push(ServeRow {
            instance: instance.label.clone(),
            stations: instance.stations,
            runs,
            solve: median(&solve),
            solve_fastest: fastest(&solve),
            page: median(&page),
            page_fastest: fastest(&page),
            page_bytes: bytes,
            target: if nation {
                NATION_TARGET_S
            } else {
                PROVINCE_TARGET_S
            },
        });
    }
    Ok(rows)
}

fn failed(stderr: &str) -> BenchError {
    BenchError::Failed {
        command: "staffing serve (in process)".into(),
        ending: "refused".into(),
        stderr: stderr.into(),
    }
}

struct Client {
    addr: SocketAddr,
    token: String,
}

impl Client {
    /// One request; the seconds from connecting to the answer's last byte,
    /// and the answer's body length. Anything but 200 stops the bench.
    fn post(&self, path: &str, body: &str) -> Result<(f64, usize), BenchError> {
        let io = |source| BenchError::Io {
            path: format!("http://{}{path}", self.addr).into(),
            source,
        };
        let started = Instant::now();
        let mut s = TcpStream::connect(self.addr).map_err(io)?;
        s.set_read_timeout(Some(Duration::from_secs(600)))
            .map_err(io)?;
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: {}\r\nX-Staffing-Token: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            self.token,
            body.len()
        )
        .map_err(io)?;
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).map_err(io)?;
        let seconds = started.elapsed().as_secs_f64();
        let head_end = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(answer.len(), |i| i + 4);
        if !answer.starts_with(b"HTTP/1.1 200 ") {
            return Err(failed(&String::from_utf8_lossy(
                &answer[..answer.len().min(400)],
            )));
        }
        Ok((seconds, answer.len() - head_end))
    }
}
