//! Commands measured from outside, as a user runs them.
//!
//! [`measure`] starts a program as a child process and waits for it. On
//! Linux it reaps the child with `wait4`, which gives the child's own user
//! and system CPU time and its peak resident memory (`ru_maxrss`) exactly,
//! as the kernel counted them; wall time is taken with [`Instant`] from just
//! before the child starts to the moment it exits. A child still running at
//! its deadline is killed (SIGKILL) and reported as killed, which is how a
//! command that ignores its own time limit is still measured honestly.
//!
//! [`Cores::One`] pins the child to one CPU and sets `RAYON_NUM_THREADS=1`:
//! the "one core" figures. The child inherits the CPU affinity of the
//! thread that starts it, so that thread pins itself for the instant of the
//! start and then restores its own mask. [`Cores::All`] leaves the child
//! every CPU this process may use and removes `RAYON_NUM_THREADS`, which is
//! what a user's plain command gets.
//!
//! **Peak memory and the parent.** Linux keeps a process's peak RSS across
//! `exec`, counting the memory image it had before: a copy of the parent's
//! after `fork`, or the parent's own peak after `vfork`/`posix_spawn`. So a
//! child started by a process that holds (or once held) 200 MB reports at
//! least 200 MB. [`measure`] therefore resets this process's peak to its
//! current size (`/proc/self/clear_refs`) before each start and records that
//! size as [`ChildRun::floor_kib`]: a child's figure is exact when above it.
//! The bench keeps the floor low by running every child before its own
//! in-process work.
//!
//! Elsewhere than Linux the wall time and exit status are measured, CPU time
//! and peak memory are not (`None`), and the child is not pinned.

use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How many cores a measured command may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    /// Pinned to one CPU (Linux) with `RAYON_NUM_THREADS=1`.
    One,
    /// Every CPU this process may use, `RAYON_NUM_THREADS` unset.
    All,
}

impl Cores {
    /// `one core` or `all cores`.
    pub fn label(self) -> &'static str {
        match self {
            Cores::One => "one core",
            Cores::All => "all cores",
        }
    }
}

/// A command to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildSpec {
    /// The executable.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Whether it runs pinned to one core or on all cores.
    pub cores: Cores,
    /// The child is killed when it runs longer than this.
    pub deadline: Duration,
}

/// What one run of a command gave.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildRun {
    /// Exit code, `None` when a signal ended the child.
    pub code: Option<i32>,
    /// The signal that ended the child, if one did.
    pub signal: Option<i32>,
    /// Killed by us at the deadline.
    pub killed: bool,
    /// From just before the start to the exit, in seconds.
    pub wall_s: f64,
    /// The child's own user CPU time (seconds; Linux).
    pub user_s: Option<f64>,
    /// The child's own system CPU time (seconds; Linux).
    pub sys_s: Option<f64>,
    /// The child's peak resident memory, KiB (Linux `ru_maxrss`).
    pub max_rss_kib: Option<u64>,
    /// The CPU the child was pinned to ([`Cores::One`] on Linux).
    pub pinned_cpu: Option<usize>,
    /// This process's peak RSS when the child started, KiB (Linux): the
    /// child's `max_rss_kib` cannot be told below it (see the module doc).
    pub floor_kib: Option<u64>,
    /// What the child wrote on stdout (lossy UTF-8).
    pub stdout: String,
    /// What the child wrote on stderr (lossy UTF-8).
    pub stderr: String,
}

impl ChildRun {
    /// Exited by itself with code 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// User + system CPU time in seconds.
    pub fn cpu_s(&self) -> Option<f64> {
        Some(self.user_s? + self.sys_s?)
    }

    /// Peak resident memory in MB (10⁶ bytes).
    pub fn peak_mb(&self) -> Option<f64> {
        self.max_rss_kib.map(|k| k as f64 * 1024.0 / 1e6)
    }

    /// How the child ended, for messages: `exit code 2`, `killed at the
    /// deadline`, `signal 9`.
    pub fn ending(&self) -> String {
        if self.killed {
            "killed at the deadline".into()
        } else if let Some(c) = self.code {
            format!("exit code {c}")
        } else if let Some(s) = self.signal {
            format!("signal {s}")
        } else {
            "unknown end".into()
        }
    }
}

/// Runs `spec` once and measures it. An error means the child could not be
/// started or waited for; a child that fails is a [`ChildRun`] with its code.
pub fn measure(spec: &ChildSpec) -> std::io::Result<ChildRun> {
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match spec.cores {
        Cores::One => cmd.env("RAYON_NUM_THREADS", "1"),
        Cores::All => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let floor_kib = os::reset_peak_rss();
    let pin = match spec.cores {
        Cores::One => os::Pin::first_cpu()?,
        Cores::All => None,
    };
    let pinned_cpu = pin.as_ref().map(|p| p.cpu);
    let started = Instant::now();
    let spawned = cmd.spawn();
    drop(pin);
    let mut child = spawned?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let ended = os::wait(child, started, spec.deadline)?;
    Ok(ChildRun {
        code: ended.code,
        signal: ended.signal,
        killed: ended.killed,
        wall_s: ended.wall.as_secs_f64(),
        user_s: ended.user_s,
        sys_s: ended.sys_s,
        max_rss_kib: ended.max_rss_kib,
        pinned_cpu,
        floor_kib,
        stdout: collect(stdout),
        stderr: collect(stderr),
    })
}

/// Reads a pipe to its end on a thread of its own, so a chatty child never
/// blocks on a full pipe.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> Option<JoinHandle<Vec<u8>>> {
    pipe.map(|mut p| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = p.read_to_end(&mut buf);
            buf
        })
    })
}

fn collect(reader: Option<JoinHandle<Vec<u8>>>) -> String {
    reader
        .and_then(|h| h.join().ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// How a child ended.
struct Ended {
    code: Option<i32>,
    signal: Option<i32>,
    killed: bool,
    wall: Duration,
    user_s: Option<f64>,
    sys_s: Option<f64>,
    max_rss_kib: Option<u64>,
}

/// CPU time (user + system) of this process so far, in seconds; `None`
/// where it cannot be read.
pub fn cpu_seconds() -> Option<f64> {
    os::self_cpu_seconds()
}

/// The 1-, 5- and 15-minute load averages (Linux), for the record.
pub fn load_average() -> Option<String> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

#[cfg(target_os = "linux")]
mod os {
    use std::process::Child;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::{Duration, Instant};

    use super::Ended;

    fn empty_set() -> libc::cpu_set_t {
        // SAFETY: cpu_set_t is a plain bit array; all zeros is the empty set.
        unsafe { std::mem::zeroed() }
    }

    const SET_SIZE: usize = std::mem::size_of::<libc::cpu_set_t>();

    /// The calling thread pinned to one CPU until dropped, when its own
    /// mask comes back. A child started meanwhile inherits the pin.
    pub(super) struct Pin {
        pub(super) cpu: usize,
        saved: libc::cpu_set_t,
    }

    impl Pin {
        /// Pins the calling thread to the first CPU it may use; `None`
        /// when the mask cannot be read.
        pub(super) fn first_cpu() -> std::io::Result<Option<Pin>> {
            let mut saved = empty_set();
            // SAFETY: `saved` is a valid, writable cpu_set_t of SET_SIZE bytes.
            if unsafe { libc::sched_getaffinity(0, SET_SIZE, &mut saved) } != 0 {
                return Ok(None);
            }
            // SAFETY: every index is below CPU_SETSIZE, the size of the set.
            let Some(cpu) =
                (0..libc::CPU_SETSIZE as usize).find(|&c| unsafe { libc::CPU_ISSET(c, &saved) })
            else {
                return Ok(None);
            };
            let mut one = empty_set();
            // SAFETY: `cpu` < CPU_SETSIZE.
            unsafe { libc::CPU_SET(cpu, &mut one) };
            // SAFETY: a valid set of SET_SIZE bytes; 0 is the calling thread.
            if unsafe { libc::sched_setaffinity(0, SET_SIZE, &one) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(Some(Pin { cpu, saved }))
        }
    }

    impl Drop for Pin {
        fn drop(&mut self) {
            // SAFETY: a valid set of SET_SIZE bytes; 0 is the calling thread.
            unsafe { libc::sched_setaffinity(0, SET_SIZE, &self.saved) };
        }
    }

    /// Resets this process's peak RSS to its current RSS (best effort) and
    /// returns the peak after the reset, KiB: what a child started now
    /// inherits at most.
    pub(super) fn reset_peak_rss() -> Option<u64> {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    /// Waits for the child: `waitid(WNOWAIT)` to see it exit without
    /// reaping it, so a watchdog that kills at the deadline can never hit a
    /// reused process id; then `wait4` to reap it with its resource usage.
    pub(super) fn wait(
        child: Child,
        started: Instant,
        deadline: Duration,
    ) -> std::io::Result<Ended> {
        let pid = child.id() as libc::pid_t;
        // `child` is reaped below with wait4; std never waits for it.
        drop(child);
        let exited = Arc::new((Mutex::new(false), Condvar::new()));
        let killed = Arc::new(AtomicBool::new(false));
        let watchdog = {
            let exited = Arc::clone(&exited);
            let killed = Arc::clone(&killed);
            std::thread::spawn(move || {
                let (lock, cv) = &*exited;
                let end = started + deadline;
                let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
                while !*done {
                    let now = Instant::now();
                    if now >= end {
                        // SAFETY: the child has not been reaped (`done` is
                        // set, under this lock, before it is), so `pid` is
                        // still our child.
                        unsafe { libc::kill(pid, libc::SIGKILL) };
                        killed.store(true, Ordering::SeqCst);
                        break;
                    }
                    done = cv
                        .wait_timeout(done, end - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            })
        };
        let waited = wait_exit(pid);
        let wall = started.elapsed();
        {
            let (lock, cv) = &*exited;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
            cv.notify_all();
        }
        let _ = watchdog.join();
        waited?;
        let mut status: libc::c_int = 0;
        // SAFETY: rusage is plain data; zeroed is a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: valid pointers to locals; `pid` is our unreaped child.
            let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            if rc == pid {
                break;
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(err);
            }
        }
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
        Ok(Ended {
            code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
            signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
            killed: killed.load(Ordering::SeqCst),
            wall,
            user_s: Some(secs(usage.ru_utime)),
            sys_s: Some(secs(usage.ru_stime)),
            // Linux counts ru_maxrss in KiB.
            max_rss_kib: Some(usage.ru_maxrss.max(0) as u64),
        })
    }

    /// Blocks until `pid` has exited, leaving it to be reaped.
    fn wait_exit(pid: libc::pid_t) -> std::io::Result<()> {
        loop {
            // SAFETY: siginfo_t is plain data; zeroed is a valid value.
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            // SAFETY: valid pointer to a local; `pid` is our child.
            let rc = unsafe {
                libc::waitid(
                    libc::P_PID,
                    pid as libc::id_t,
                    &mut info,
                    libc::WEXITED | libc::WNOWAIT,
                )
            };
            if rc == 0 {
                return Ok(());
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(err);
            }
        }
    }

    pub(super) fn self_cpu_seconds() -> Option<f64> {
        // SAFETY: rusage is plain data; getrusage fills it.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: valid pointer to a local.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
        Some(secs(usage.ru_utime) + secs(usage.ru_stime))
    }
}

#[cfg(not(target_os = "linux"))]
mod os {
    use std::process::Child;
    use std::time::{Duration, Instant};

    use super::Ended;

    /// Pinning is Linux only here: never built.
    #[allow(dead_code)]
    pub(super) struct Pin {
        pub(super) cpu: usize,
    }

    impl Pin {
        pub(super) fn first_cpu() -> std::io::Result<Option<Pin>> {
            Ok(None)
        }
    }

    pub(super) fn reset_peak_rss() -> Option<u64> {
        None
    }

    /// Polls the child every millisecond; kills it at the deadline.
    pub(super) fn wait(
        mut child: Child,
        started: Instant,
        deadline: Duration,
    ) -> std::io::Result<Ended> {
        let mut killed = false;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if started.elapsed() > deadline {
                child.kill()?;
                killed = true;
                break child.wait()?;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        Ok(Ended {
            code: status.code(),
            signal: None,
            killed,
            wall: started.elapsed(),
            user_s: None,
            sys_s: None,
            max_rss_kib: None,
        })
    }

    pub(super) fn self_cpu_seconds() -> Option<f64> {
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn sh(script: &str, cores: Cores, deadline: Duration) -> ChildRun {
        measure(&ChildSpec {
            program: "sh".into(),
            args: vec!["-c".into(), script.into()],
            cores,
            deadline,
        })
        .expect("sh starts")
    }

    #[test]
    fn the_exit_status_and_output_come_back() {
        let run = sh(
            "echo out; echo err >&2; exit 3",
            Cores::All,
            Duration::from_secs(60),
        );
        assert_eq!(run.code, Some(3));
        assert!(!run.success() && !run.killed);
        assert_eq!(run.ending(), "exit code 3");
        assert_eq!(run.stdout, "out\n");
        assert_eq!(run.stderr, "err\n");
        assert!(run.max_rss_kib.unwrap() > 0);
    }

    #[test]
    fn cpu_time_is_the_childs_own() {
        // A busy loop of a few tens of milliseconds in the child.
        let run = sh(
            "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done",
            Cores::One,
            Duration::from_secs(60),
        );
        assert!(run.success(), "{run:?}");
        let cpu = run.cpu_s().unwrap();
        assert!(cpu > 0.0, "{run:?}");
        // One core: the CPU time cannot exceed the wall time (plus the
        // kernel's rounding of a few ticks).
        assert!(cpu <= run.wall_s + 0.02, "{run:?}");
    }

    #[test]
    fn one_core_pins_the_child_and_one_rayon_thread() {
        let script = "grep Cpus_allowed_list /proc/self/status; echo rayon=$RAYON_NUM_THREADS";
        let one = sh(script, Cores::One, Duration::from_secs(60));
        let cpu = one.pinned_cpu.expect("pinned on Linux");
        assert!(
            one.stdout.contains(&format!("Cpus_allowed_list:\t{cpu}\n")),
            "{}",
            one.stdout
        );
        assert!(one.stdout.contains("rayon=1\n"), "{}", one.stdout);
        let all = sh(script, Cores::All, Duration::from_secs(60));
        assert_eq!(all.pinned_cpu, None);
        assert!(all.stdout.contains("rayon=\n"), "{}", all.stdout);
    }

    #[test]
    fn a_childs_peak_memory_is_its_own_not_what_this_process_once_held() {
        // Hold 256 MB for a moment, then let it go: the peak of this process
        // stays at 256 MB, which a child would inherit without the reset.
        let mut big = vec![0u8; 256 << 20];
        for i in (0..big.len()).step_by(4096) {
            big[i] = 1;
        }
        std::hint::black_box(&big);
        drop(big);
        let run = sh("exit 0", Cores::All, Duration::from_secs(60));
        let (rss, floor) = (run.max_rss_kib.unwrap(), run.floor_kib.unwrap());
        assert!(rss < 100 << 10, "a shell's peak of {rss} KiB");
        assert!(floor < 100 << 10, "floor {floor} KiB");
    }

    #[test]
    fn a_child_past_its_deadline_is_killed() {
        // `exec`: the shell becomes `sleep`, so no grandchild keeps the
        // pipes open after the kill.
        let run = sh("exec sleep 30", Cores::All, Duration::from_millis(200));
        assert!(run.killed, "{run:?}");
        assert_eq!(run.signal, Some(libc::SIGKILL));
        assert_eq!(run.code, None);
        assert_eq!(run.ending(), "killed at the deadline");
        assert!(run.wall_s < 10.0, "{run:?}");
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let err = measure(&ChildSpec {
            program: "/nonexistent/staffing".into(),
            args: vec![],
            cores: Cores::All,
            deadline: Duration::from_secs(1),
        })
        .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}
