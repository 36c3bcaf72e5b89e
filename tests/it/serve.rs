//! `staffing serve` over real HTTP on loopback: the API equals the command
//! line, hostile requests are refused and the server keeps serving, the
//! downloaded what-if reruns to the same bytes, an upload's errors read as
//! `check` prints them, and Ctrl-C stops the server with its folder gone.
//! Every server here runs under a time limit and is stopped by the test.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde_json::Value;

use super::support::{run_with_timeout, staffing};

/// A server under test: stopped (SIGINT, then killed) when dropped, and
/// killed when it outlives its time limit.
struct Served {
    child: Child,
    port: u16,
    token: String,
    started: Instant,
}

/// The longest a test's server may run.
const LIMIT: Duration = Duration::from_secs(240);

impl Served {
    fn start(dir: &Path, scenario: &str, tmp: &Path) -> Served {
        Served::start_with(dir, &[scenario], tmp)
    }

    /// `staffing serve ARGS… --port 0` in `dir`, with `tmp` as its
    /// temporary folder's parent.
    fn start_with(dir: &Path, args: &[&str], tmp: &Path) -> Served {
        let mut child = staffing()
            .arg("serve")
            .args(args)
            .args(["--port", "0", "--quiet"])
            .current_dir(dir)
            .env("TMPDIR", tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start staffing serve");
        let mut out = child.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = Vec::new();
            let mut b = [0u8; 1];
            while out.read(&mut b).map(|n| n == 1).unwrap_or(false) && b[0] != b'\n' {
                line.push(b[0]);
            }
            let _ = tx.send(String::from_utf8_lossy(&line).into_owned());
        });
        let Ok(url) = rx.recv_timeout(Duration::from_secs(120)) else {
            let _ = child.kill();
            panic!("the server printed no address in 120 s");
        };
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line {url:?}"));
        let (port, token) = rest.split_once("/?token=").expect("the token");
        assert_eq!(token.len(), 32, "128 random bits in hex");
        Served {
            child,
            port: port.parse().expect("port"),
            token: token.to_string(),
            started: Instant::now(),
        }
    }

    /// One HTTP exchange: the status and the body.
    fn raw(&self, request: &[u8]) -> (u16, Vec<u8>) {
        assert!(
            self.started.elapsed() < LIMIT,
            "the server ran over its limit"
        );
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
        let _ = s.write_all(request);
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer);
        let status = text
            .get(9..12)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {:?}", &text[..text.len().min(200)]));
        let body = match answer.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(i) => answer[i + 4..].to_vec(),
            None => Vec::new(),
        };
        (status, body)
    }

    fn post(&self, path: &str, body: &str) -> (u16, Vec<u8>) {
        self.raw(
            format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nX-Staffing-Token: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                self.token,
                body.len()
            )
            .as_bytes(),
        )
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
    }

    /// Ctrl-C, and how the server ended.
    fn interrupt(mut self) -> Option<i32> {
        let _ = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `staffing solve --json --set …` as the API answers it: the JSON, less
/// the output folder and the timing.
fn cli_json(dir: &Path, scenario: &str, sets: &[(String, String)]) -> Value {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = staffing();
    cmd.current_dir(dir).args([
        "--quiet", "solve", scenario, "--json", "--charts", "none", "--out",
    ]);
    cmd.arg(out.path().join("plan"));
    for (k, v) in sets {
        cmd.args(["--set", &format!("{k}={v}")]);
    }
    let done = run_with_timeout(cmd, Duration::from_secs(120)).expect("solve in time");
    let mut json: Value = serde_json::from_str(done.stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", done.stdout, done.stderr));
    if let Some(o) = json.as_object_mut() {
        o.remove("output_dir");
        if let Some(p) = o.get_mut("provenance").and_then(|p| p.as_object_mut()) {
            p.remove("seconds");
        }
    }
    json
}

/// Ten seeded what-ifs of one to three keys each.
fn what_ifs() -> Vec<Vec<(String, String)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(25);
    let mut unit = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let mut out = Vec::new();
    for _ in 0..10 {
        let mut sets: Vec<(String, String)> = Vec::new();
        let n = 1 + (unit() * 3.0) as usize;
        for _ in 0..n {
            let (k, v) = match (unit() * 9.0) as usize {
                0 => ("workload.call_growth", format!("{:.2}", 0.8 + unit() * 0.7)),
                1 => ("workload.divert_share", format!("{:.2}", unit() * 0.4)),
                2 => ("recruits.total", format!("{}", (unit() * 500.0) as i64)),
                3 => ("quotas.station_share", format!("{:.2}", 0.3 + unit() * 0.2)),
                4 => (
                    "quotas.community_share",
                    format!("{:.2}", 0.3 + unit() * 0.15),
                ),
                5 => (
                    "stations.min_officers",
                    format!("{}", 1 + (unit() * 3.0) as i64),
                ),
                6 => (
                    "auxiliaries.total",
                    format!("{}", 9000 + (unit() * 5000.0) as i64),
                ),
                7 => (
                    "balance.target",
                    ["province", "county", "leximin"][(unit() * 3.0) as usize % 3].to_string(),
                ),
                _ => (
                    "moves.per_county",
                    format!("{}", 20 + (unit() * 200.0) as i64),
                ),
            };
            sets.retain(|(key, _)| key != k);
            sets.push((k.to_string(), v));
        }
        out.push(sets);
    }
    out
}

fn body(sets: &[(String, String)]) -> String {
    let pairs: Vec<String> = sets
        .iter()
        .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), Value::from(v.as_str())))
        .collect();
    format!("{{\"set\": {{{}}}}}", pairs.join(", "))
}

#[test]
fn serve_api_equals_solve_json_key_by_key_for_ten_seeded_what_ifs() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Served::start(&root(), "scenarios/baseline.toml", tmp.path());
    let (status, keys) = s.get(&format!("/api/keys?token={}", s.token));
    assert_eq!(status, 200);
    let keys: Value = serde_json::from_slice(&keys).unwrap();
    let growth = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "workload.call_growth")
        .expect("call growth in the registry");
    assert_eq!(growth["name_zh"], "警情增长倍数");
    assert_eq!(growth["unit_zh"], "倍");
    assert_eq!(growth["default"], "1.0");
    assert!(growth["min"].is_number() && growth["max"].is_number());
    for (i, sets) in what_ifs().iter().enumerate() {
        let (status, answer) = s.post("/api/solve", &body(sets));
        let api: Value = serde_json::from_slice(&answer).unwrap();
        let cli = cli_json(&root(), "scenarios/baseline.toml", sets);
        let (a, c) = (api.as_object().unwrap(), cli.as_object().unwrap());
        let expect = if cli["status"] == "infeasible" {
            422
        } else {
            200
        };
        assert_eq!(status, expect, "what-if {i} {sets:?}");
        let mut names: Vec<&String> = a.keys().chain(c.keys()).collect();
        names.sort();
        names.dedup();
        for k in names {
            assert_eq!(a.get(k), c.get(k), "what-if {i} {sets:?}: key `{k}`");
        }
    }
    // And with no what-if, the base plan.
    let (status, answer) = s.post("/api/solve", "{\"set\": {}}");
    assert_eq!(status, 200);
    let api: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(api, cli_json(&root(), "scenarios/baseline.toml", &[]));
    assert_eq!(s.interrupt(), Some(0), "Ctrl-C stops it cleanly");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "the server's temporary folder is removed"
    );
}

#[test]
fn serve_refuses_hostile_requests_and_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    // A copy of the county, to see that nothing is written beside it.
    let dir = tmp.path().join("county");
    std::fs::create_dir(&dir).unwrap();
    for f in ["scenario.toml", "stations.csv", "counties.csv"] {
        std::fs::copy(root().join("tests/fixtures/county").join(f), dir.join(f)).unwrap();
    }
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let before = listing(&dir);
    let s = Served::start(&dir, "scenario.toml", &temp);
    let t = s.token.clone();
    // The token, or 403.
    assert_eq!(s.get("/").0, 403);
    assert_eq!(s.get("/api/keys").0, 403);
    assert_eq!(s.get(&format!("/?token={}", "0".repeat(32))).0, 403);
    assert_eq!(s.get(&format!("/?token={t}x")).0, 403);
    let (status, page) = s.get(&format!("/?token={t}"));
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    for needle in ["id=\"whatif\"", "id=\"comparison\"", "@font-face", "<svg"] {
        assert!(page.contains(needle), "the page lacks {needle}");
    }
    assert!(
        !page.contains("src=\"http") && !page.contains("url(http"),
        "no network assets"
    );
    // Paths name no file.
    for path in [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/scenario.toml",
        "/stations.csv",
        "/api/download/../../stations.csv",
    ] {
        let (status, body) = s.get(&format!("{path}?token={t}"));
        assert!(
            status == 404 || status == 405,
            "{path}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        assert!(!String::from_utf8_lossy(&body).contains("officers"));
    }
    // A key naming a file is refused before anything is read.
    for key in ["stations", "counties", "extend"] {
        let (status, body) = s.post(
            "/api/solve",
            &format!("{{\"set\": {{\"{key}\": \"/etc/passwd\"}}}}"),
        );
        let text = String::from_utf8_lossy(&body);
        assert_eq!(status, 400, "{key}: {text}");
        assert!(!text.contains("root:"), "{text}");
    }
    // A bad key or value: 400 with --set's message.
    let (status, body) = s.post("/api/solve", "{\"set\": {\"workload.call_grwth\": 1.2}}");
    assert_eq!(status, 400);
    let e: Value = serde_json::from_slice(&body).unwrap();
    let mut cmd = staffing();
    cmd.current_dir(&dir)
        .args(["solve", "scenario.toml", "--set", "workload.call_grwth=1.2"]);
    let cli = run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
    assert_eq!(cli.code, Some(2));
    assert_eq!(
        cli.stderr.trim(),
        format!("error: {}", e["error"].as_str().unwrap())
    );
    for bad in [
        "{\"set\": {\"workload.call_growth\": 5000}}",
        "{\"set\": {\"workload.call_growth\": \"fast\"}}",
        "{\"set\": {\"stations.min_officers\": 2.5}}",
        "{\"set\": {\"workload.call_growth\": null}}",
        "{\"set\": [1, 2]}",
        "{\"set\": ",
        "not json",
    ] {
        let (status, _) = s.post("/api/solve", bad);
        assert_eq!(status, 400, "{bad}");
    }
    // Too large: refused from the header, before the body is read.
    let (status, _) = s.raw(
        format!("POST /api/upload HTTP/1.1\r\nX-Staffing-Token: {t}\r\nContent-Length: 900000000\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(status, 413);
    let (status, _) = s.raw(
        format!("POST /api/solve HTTP/1.1\r\nX-Staffing-Token: {t}\r\nContent-Length: 99999999999999999\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(status, 413);
    let big = "x".repeat(2 * 1024 * 1024);
    assert_eq!(s.post("/api/solve", &big).0, 413);
    // Malformed requests.
    assert_eq!(s.raw(b"HELLO\r\n\r\n").0, 400);
    let huge_header = format!(
        "GET /?token={t} HTTP/1.1\r\nX: {}\r\n\r\n",
        "a".repeat(40_000)
    );
    assert_eq!(s.raw(huge_header.as_bytes()).0, 431);
    assert_eq!(
        s.raw(format!("POST /api/solve HTTP/1.1\r\nX-Staffing-Token: {t}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").as_bytes()).0,
        501
    );
    // A client that connects and says nothing does not stop the others.
    let _idle = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    // Concurrent what-ifs are all served.
    let port = s.port;
    let threads: Vec<_> = (0..6)
        .map(|i| {
            let t = t.clone();
            std::thread::spawn(move || {
                let body = format!("{{\"set\": {{\"workload.call_growth\": 1.{i}}}}}");
                let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
                write!(c, "POST /api/solve HTTP/1.1\r\nX-Staffing-Token: {t}\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
                let mut a = String::new();
                let _ = c.read_to_string(&mut a);
                a.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    for th in threads {
        assert!(th.join().unwrap(), "a concurrent what-if was not served");
    }
    // A newer what-if from a page supersedes an older one.
    let newer = s.post(
        "/api/page",
        "{\"set\": {\"workload.call_growth\": 1.1}, \"page\": \"p1\", \"seq\": 5}",
    );
    assert_eq!(newer.0, 200);
    let older = s.post(
        "/api/page",
        "{\"set\": {\"workload.call_growth\": 1.2}, \"page\": \"p1\", \"seq\": 4}",
    );
    assert_eq!(older.0, 409);
    // Still serving.
    assert_eq!(s.get(&format!("/api/keys?token={t}")).0, 200);
    // Ctrl-C does not wait for the client that never sent its request.
    let asked = Instant::now();
    assert_eq!(s.interrupt(), Some(0));
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "Ctrl-C waited {:?} for an idle client",
        asked.elapsed()
    );
    drop(_idle);
    assert_eq!(
        listing(&dir),
        before,
        "the server wrote beside its scenario"
    );
    assert_eq!(listing(&temp), vec![], "the server's folder is left");
}

/// The names and sizes of the files in a folder.
fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let len = e.metadata().map_or(0, |m| m.len());
            (e.file_name().to_string_lossy().into_owned(), len)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn serve_downloads_a_what_if_that_reruns_to_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    let scen = work.join("scen");
    std::fs::create_dir_all(&scen).unwrap();
    for f in ["scenario.toml", "stations.csv", "counties.csv"] {
        std::fs::copy(root().join("tests/fixtures/county").join(f), scen.join(f)).unwrap();
    }
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let s = Served::start(&work, "scen/scenario.toml", &temp);
    let what = "{\"set\": {\"workload.call_growth\": 1.25, \"stations.min_officers\": 3, \"balance.target\": \"county\"}}";
    let (status, toml) = s.post("/api/download/scenario.toml", what);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&toml));
    let text = String::from_utf8(toml).unwrap();
    assert!(text.contains("extend = \"scenario.toml\""), "{text}");
    assert!(text.contains("[stations]\nmin_officers = 3"), "{text}");
    std::fs::write(scen.join("scenario-whatif.toml"), &text).unwrap();
    let mut cmd = staffing();
    cmd.current_dir(&work).args([
        "--quiet",
        "solve",
        "scen/scenario-whatif.toml",
        "--out",
        "out",
    ]);
    let done = run_with_timeout(cmd, Duration::from_secs(120)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    for file in ["plan.xlsx", "report.html"] {
        let (status, bytes) = s.post(&format!("/api/download/{file}"), what);
        assert_eq!(status, 200, "{file}");
        let cli = std::fs::read(work.join("out").join(file)).unwrap();
        assert!(
            bytes == cli,
            "{file}: the download and the command line's differ"
        );
    }
    // The page's own what-if plan is the one downloaded: the same level.
    let (_, api) = s.post("/api/solve", what);
    let api: Value = serde_json::from_slice(&api).unwrap();
    let summary: Value =
        serde_json::from_slice(&std::fs::read(work.join("out/summary.json")).unwrap()).unwrap();
    assert_eq!(api["balance_level"], summary["balance_level"]);
    assert_eq!(api["officers_moved"], summary["officers_moved"]);
    assert_eq!(s.interrupt(), Some(0));
}

#[test]
fn serve_upload_errors_read_as_check_prints_them_and_good_data_becomes_the_base() {
    let tmp = tempfile::tempdir().unwrap();
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let fixture = root().join("tests/fixtures/county");
    let s = Served::start(&fixture, "scenario.toml", &temp);
    let stations = std::fs::read_to_string(fixture.join("stations.csv")).unwrap();
    let counties = std::fs::read(fixture.join("counties.csv")).unwrap();
    // A bad value in row 3.
    let mut lines: Vec<String> = stations.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|h| *h == "officers").unwrap();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[col] = "-7".into();
    lines[2] = cells.join(",");
    let bad = lines.join("\n") + "\n";
    let b64 = |b: &[u8]| base64(b);
    let upload = |st: &[u8]| {
        format!(
            "{{\"files\": [{{\"name\": \"my-stations.csv\", \"data\": \"{}\"}}, {{\"name\": \"my-counties.csv\", \"data\": \"{}\"}}]}}",
            b64(st),
            b64(&counties)
        )
    };
    let (status, body) = s.post("/api/upload", &upload(bad.as_bytes()));
    assert_eq!(status, 400);
    let e: Value = serde_json::from_slice(&body).unwrap();
    let shown = e["error"].as_str().unwrap();
    // `check` on the same files, named alike, beside a scenario that
    // extends the served one.
    let d = tmp.path().join("check");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("my-stations.csv"), &bad).unwrap();
    std::fs::write(d.join("my-counties.csv"), &counties).unwrap();
    std::fs::write(
        d.join("scenario.toml"),
        format!(
            "extend = {}\nstations = \"my-stations.csv\"\ncounties = \"my-counties.csv\"\n",
            Value::from(
                fixture
                    .join("scenario.toml")
                    .canonicalize()
                    .unwrap()
                    .display()
                    .to_string()
            )
        ),
    )
    .unwrap();
    let mut cmd = staffing();
    cmd.current_dir(&d).args(["check", "scenario.toml"]);
    let check = run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
    assert_eq!(check.code, Some(2));
    assert_eq!(shown, check.stderr.trim(), "the page's message is check's");
    assert!(shown.contains("my-stations.csv, row 3"), "{shown}");
    // Hostile names are refused.
    let (status, _) = s.post(
        "/api/upload",
        "{\"files\": [{\"name\": \"../../x.csv\", \"data\": \"\"}, {\"name\": \"counties.csv\", \"data\": \"\"}]}",
    );
    assert_eq!(status, 400);
    // Good data becomes the base: the API answers on it.
    let (status, _) = s.post("/api/upload", &upload(stations.as_bytes()));
    assert_eq!(status, 200);
    let (status, api) = s.post("/api/solve", "{\"set\": {\"workload.call_growth\": 1.1}}");
    assert_eq!(status, 200);
    let api: Value = serde_json::from_slice(&api).unwrap();
    let inputs = api["provenance"]["inputs"].as_array().unwrap();
    assert!(inputs[1]["path"]
        .as_str()
        .unwrap()
        .ends_with("my-stations.csv"));
    assert!(inputs[1]["path"]
        .as_str()
        .unwrap()
        .starts_with(&temp.display().to_string()));
    assert_eq!(s.interrupt(), Some(0));
    assert_eq!(
        std::fs::read_dir(&temp).unwrap().count(),
        0,
        "nothing is left of the uploads"
    );
}

#[test]
fn serve_never_quotes_a_file_it_was_not_sent() {
    // The served data changes on disk after the server started: the
    // command line quotes the bad header, the server names the file only.
    let tmp = tempfile::tempdir().unwrap();
    let scen = tmp.path().join("scen");
    std::fs::create_dir(&scen).unwrap();
    for f in ["scenario.toml", "stations.csv", "counties.csv"] {
        std::fs::copy(root().join("tests/fixtures/county").join(f), scen.join(f)).unwrap();
    }
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let s = Served::start(&scen, "scenario.toml", &temp);
    let secret = "secret-7f3a9c";
    std::fs::write(
        scen.join("stations.csv"),
        format!("{secret},county_id,name\nS1,C001,x\n"),
    )
    .unwrap();
    let what = "{\"set\": {\"workload.call_growth\": 1.1}}";
    let mut cmd = staffing();
    cmd.current_dir(&scen).args([
        "--quiet",
        "check",
        "scenario.toml",
        "--set",
        "workload.call_growth=1.1",
    ]);
    let cli = run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
    assert_eq!(cli.code, Some(2));
    assert!(
        cli.stderr.contains(secret),
        "the command line quotes it: {}",
        cli.stderr
    );
    for path in [
        "/api/solve",
        "/api/page",
        "/api/download/scenario.toml",
        "/api/download/plan.xlsx",
    ] {
        let (status, body) = s.post(path, what);
        let text = String::from_utf8_lossy(&body);
        assert_eq!(status, 400, "{path}: {text}");
        assert!(!text.contains(secret), "{path} quotes the file: {text}");
        assert!(
            text.contains("stations.csv") && text.contains("staffing check"),
            "{path}: {text}"
        );
    }
    // The scenario itself, broken on disk.
    std::fs::write(scen.join("scenario.toml"), format!("name = \"{secret}\n")).unwrap();
    let (status, body) = s.post("/api/solve", what);
    let text = String::from_utf8_lossy(&body);
    assert_eq!(status, 400, "{text}");
    assert!(!text.contains(secret), "the scenario is quoted: {text}");
    assert!(
        text.contains("scenario.toml") && text.contains("staffing check"),
        "{text}"
    );
    assert_eq!(s.interrupt(), Some(0));
}

#[test]
fn serve_speaks_english_when_asked_and_chinese_by_default_on_chinese_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/county");
    for (args, lang, words) in [
        (
            &["scenario.toml"][..],
            "zh-CN",
            ["假设分析", "与基准方案对比", "更多参数"],
        ),
        (
            &["scenario.toml", "--lang", "en"][..],
            "en",
            ["What if", "Against the base plan", "More keys"],
        ),
    ] {
        let s = Served::start_with(&dir, args, tmp.path());
        let (status, page) = s.get(&format!("/?token={}", s.token));
        assert_eq!(status, 200);
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{args:?}");
        for w in words {
            assert!(page.contains(w), "{args:?}: no {w}");
        }
        // A what-if page in the same language.
        let (status, body) = s.post(
            "/api/page",
            "{\"set\": {\"recruits.total\": 30}, \"page\": \"a\", \"seq\": 1}",
        );
        assert_eq!(status, 200);
        let html: Value = serde_json::from_slice(&body).unwrap();
        let html = html["html"].as_str().unwrap();
        assert!(
            html.contains(words[1]) && html.contains("recruits.total"),
            "{args:?}"
        );
        assert_eq!(s.interrupt(), Some(0));
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
