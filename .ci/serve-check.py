#!/usr/bin/env python3
"""The what-if page in a real browser: `staffing serve` on a scenario, and
headless Chromium (no CJK font) driven through the DevTools protocol over a
pipe (Python's standard library only).

It checks, and exits 1 on the first failure:
  * the address printed first carries a token, and without it the server
    answers 403;
  * the page opens with the token and shows the plan, the comparison and the
    controls;
  * a change of a control (workload.call_growth) re-solves without a reload:
    the level the page shows equals `staffing solve --json --set ...`'s, and
    the page states how long the update took (printed: "update N ms");
  * a what-if in the address (set.KEY=VALUE) is applied on opening, with
    the command line's level too;
  * the web font loads and the Chinese of the title renders as real glyphs
    with no CJK font installed, and at 420 px nothing scrolls sideways;
  * the server still answers after all this, and stops cleanly on SIGINT
    (Ctrl-C) with its temporary folder removed.

Usage: .ci/serve-check.py [SCENARIO]   (default: scenarios/baseline.toml)
Environment: STAFFING (default target/debug/staffing), CHROMIUM (default
/usr/bin/chromium), SERVE_MAX_MS (fail when an update takes longer; unset:
only printed, as the debug binary of CI is not what is timed).
Everything it starts has a time limit and is stopped.
"""

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

STAFFING = os.environ.get("STAFFING", "target/debug/staffing")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCENARIO = sys.argv[1] if len(sys.argv) > 1 else "scenarios/baseline.toml"
DEADLINE = time.monotonic() + 300
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print(f"serve-check: FAIL: {message}", file=sys.stderr)
    raise SystemExit(1)


def left():
    remaining = DEADLINE - time.monotonic()
    if remaining <= 0:
        fail("the check ran over its 300 s limit")
    return remaining


def cli_level(sets):
    """The balance level `staffing solve --json --set ...` gives, as the page shows it."""
    out = tempfile.mkdtemp(prefix="serve-check-solve-")
    try:
        args = [STAFFING, "--quiet", "solve", SCENARIO, "--json", "--charts", "none", "--out", out + "/plan"]
        for k, v in sets:
            args += ["--set", f"{k}={v}"]
        r = subprocess.run(args, capture_output=True, text=True, timeout=left())
        if r.returncode != 0:
            fail(f"staffing solve failed: {r.stderr}")
        level = json.loads(r.stdout)["balance_level"]
        return "—" if level is None else f"{level:.4f}"
    finally:
        shutil.rmtree(out, ignore_errors=True)


class Browser:
    """Headless Chromium on --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, work, fonts_conf):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        env = dict(os.environ, FONTCONFIG_FILE=fonts_conf)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-pipe", f"--user-data-dir={work}/profile",
             "about:blank"],
            preexec_fn=fds, close_fds=False, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(work, "chromium.log"), "wb"))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def read_message(self, timeout):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_chrome], [], [], timeout)
            if not ready:
                fail("the browser did not answer in time")
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                fail("the browser went away")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            m = self.read_message(min(left(), 60))
            if m.get("id") == self.next_id:
                if "error" in m:
                    fail(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name):
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == name:
                    del self.events[i]
                    return e
            self.events.append(self.read_message(min(left(), 60)))

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                           "returnByValue": True, "timeout": 60000}, session=True)
        if "exceptionDetails" in r:
            fail(f"the page's script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def open(self, url, width):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=True)
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_event("Page.loadEventFired")

    def close(self):
        try:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


# Waits until the page shows a what-if (its status line's sequence number
# moves past `seq`) and returns what the page shows.
AWAIT_UPDATE = """
new Promise(function (done, failed) {
  var status = document.getElementById("whatif-status");
  var t0 = Date.now();
  (function poll() {
    var err = document.getElementById("whatif-error").textContent;
    if (status.getAttribute("data-seq") !== "%s") {
      done({ms: Number(status.getAttribute("data-ms")), level: document.getElementById("whatif-level").textContent,
            base: document.getElementById("base-level").textContent, keys: document.getElementById("whatif-keys").textContent});
    } else if (err) { failed(new Error(err)); }
    else if (Date.now() - t0 > 60000) { failed(new Error("no update in 60 s")); }
    else { setTimeout(poll, 5); }
  })();
})
"""

CHANGE = """
(function () {
  var c = document.querySelector('[name="workload.call_growth"]');
  c.value = "%s";
  c.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()
"""

MEASURE = """
new Promise(function (done) {
  addEventListener("message", function (e) { done(e.data); }, {once: true});
  %s
})
"""


def measure(browser, width):
    """At the window's width: no box overflows and the page never scrolls
    sideways, the web font loads, and the title's Chinese renders."""
    with open(os.path.join(HERE, "measure-report.js")) as f:
        script = f.read()
    lines = browser.evaluate(MEASURE % script).splitlines()
    for line in lines:
        if line.startswith("overflow"):
            fail(f"at {width} px: {line}")
    if "webfont loaded" not in lines:
        fail(f"at {width} px the web font did not load: {lines}")
    glyphs = next((l for l in lines if l.startswith("glyphs")), "")
    parts = glyphs.split()
    zh = browser.evaluate("document.documentElement.lang") == "zh-CN"
    if zh and (len(parts) < 6 or int(parts[1]) < 2 or parts[1] != parts[3] or parts[5] != "0"):
        fail(f"at {width} px the Chinese of the title does not render: {glyphs}")
    print(f"serve-check: {width} px: nothing overflows; {glyphs}; web font loaded")


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def fonts_conf(work):
    path = os.path.join(work, "fonts.conf")
    dirs = "".join(f"<dir>{d}</dir>" for d in ("/usr/share/fonts/truetype/dejavu",
                                              "/usr/share/fonts/truetype/liberation") if os.path.isdir(d))
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                f"{dirs}<cachedir>{work}/fontcache</cachedir></fontconfig>")
    return path


def main():
    work = tempfile.mkdtemp(prefix="serve-check-")
    server = subprocess.Popen([STAFFING, "serve", SCENARIO, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    browser = None
    try:
        ready, _, _ = select.select([server.stdout], [], [], 120)
        if not ready:
            fail("the server printed no address in 120 s")
        url = server.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:") or "/?token=" not in url:
            fail(f"the first line is not http://127.0.0.1:PORT/?token=…: {url!r}")
        origin = url.split("/?")[0]
        token = url.split("token=")[1]
        print(f"serve-check: serving at {origin} (token of {len(token)} hex digits)")
        status, _ = get(origin + "/")
        if status != 403:
            fail(f"without the token the page answered {status}, not 403")
        status, _ = get(origin + "/?token=" + "0" * len(token))
        if status != 403:
            fail(f"with a wrong token the page answered {status}, not 403")

        browser = Browser(work, fonts_conf(work))
        browser.open(url, 1400)
        for needle in ("summary", "conclusion", "comparison", "whatif", "charts", "counties", "binding"):
            if not browser.evaluate(f"!!document.getElementById({json.dumps(needle)})"):
                fail(f"the page has no #{needle}")
        base = browser.evaluate("document.getElementById('whatif-level').textContent")
        want = cli_level([])
        if base != want:
            fail(f"the page's base level {base} is not the command line's {want}")
        print(f"serve-check: base plan level {base} (the command line: {want})")
        measure(browser, 1400)

        for growth in ("1.2", "1.35"):
            seq = browser.evaluate("document.getElementById('whatif-status').getAttribute('data-seq')")
            browser.evaluate(CHANGE % growth)
            shown = browser.evaluate(AWAIT_UPDATE % seq)
            want = cli_level([("workload.call_growth", growth)])
            if shown["level"] != want:
                fail(f"call growth {growth}: the page shows level {shown['level']}, the command line {want}")
            print(f"serve-check: call growth {growth}: level {shown['level']} (the command line: {want}); update {shown['ms']} ms")
            limit = os.environ.get("SERVE_MAX_MS")
            if limit and shown["ms"] > float(limit):
                fail(f"the update took {shown['ms']} ms, over {limit} ms")

        # A what-if in the address, at a phone's width.
        browser.open(url + "&set.workload.divert_share=0.25&set.recruits.total=300", 420)
        shown = browser.evaluate(AWAIT_UPDATE % "0")
        want = cli_level([("workload.divert_share", "0.25"), ("recruits.total", "300")])
        if shown["level"] != want:
            fail(f"the address's what-if: the page shows level {shown['level']}, the command line {want}")
        print(f"serve-check: what-if from the address: level {shown['level']} (the command line: {want})")
        measure(browser, 420)

        # A refused value is shown in the page, as --set says it.
        seq = browser.evaluate("document.getElementById('whatif-status').getAttribute('data-seq')")
        browser.evaluate(CHANGE % "5000")
        message = browser.evaluate("""new Promise(function (done) { (function poll() {
            var t = document.getElementById("whatif-error").textContent;
            if (t) { done(t); } else { setTimeout(poll, 5); } })(); })""")
        r = subprocess.run([STAFFING, "solve", SCENARIO, "--set", "workload.call_growth=5000"],
                           capture_output=True, text=True, timeout=left())
        # The command line frames it as its last line: `error: ` or, for
        # Chinese data, `错误：`; the page shows the message itself.
        said = r.stderr.strip()
        for frame in ("error: ", "错误："):
            if said.startswith(frame):
                said = said[len(frame):]
        if said != message:
            fail(f"the page says {message!r}; --set says {r.stderr.strip()!r}")
        print("serve-check: a refused value reads as --set's message")

        status, _ = get(origin + "/api/keys", {"X-Staffing-Token": token})
        if status != 200:
            fail(f"after all this the server answered {status}")
    finally:
        if browser:
            browser.close()
        temp = None
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                fail("the server did not stop on Ctrl-C within 30 s")
        shutil.rmtree(work, ignore_errors=True)
    if server.returncode != 0:
        fail(f"the server exited with {server.returncode} on Ctrl-C: {server.stderr.read()}")
    print("serve-check: ok")


if __name__ == "__main__":
    main()
