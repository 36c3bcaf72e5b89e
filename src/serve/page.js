// The what-if page's one script: each change of a control re-solves on the
// server (POST /api/page) and swaps the plan in without a reload; a newer
// change aborts an older one. Talks only to the server that sent the page.
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var token = params.get("token") || "";
  var zh = document.documentElement.lang === "zh-CN";
  var pageId = Array.from(crypto.getRandomValues(new Uint8Array(8)),
    function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  var seq = 0;
  var controller = null;
  var extra = {};
  var form = document.getElementById("controls");
  var status = document.getElementById("whatif-status");
  var errorLine = document.getElementById("whatif-error");

  function say(zhText, enText) { return zh ? zhText : enText; }

  function controls() { return Array.from(form.querySelectorAll("[name]")); }

  // The keys that differ from the base, as --set takes them.
  function sets() {
    var out = {};
    controls().forEach(function (c) {
      var v = c.value.trim();
      if (v !== c.getAttribute("data-base") && !(v === "" && c.getAttribute("data-base") === "")) {
        out[c.name] = v;
      }
    });
    Object.keys(extra).forEach(function (k) { if (!(k in out)) { out[k] = extra[k]; } });
    return out;
  }

  function post(path, body, signal) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Staffing-Token": token },
      body: JSON.stringify(body),
      signal: signal
    });
  }

  function clearErrors() {
    errorLine.textContent = "";
    controls().forEach(function (c) { c.classList.remove("bad"); c.removeAttribute("aria-invalid"); });
  }

  function showError(j) {
    errorLine.textContent = (j && j.error) || say("出错了。", "Something went wrong.");
    if (j && j.key) {
      var c = form.querySelector('[name="' + CSS.escape(j.key) + '"]');
      if (c) { c.classList.add("bad"); c.setAttribute("aria-invalid", "true"); }
    }
  }

  // Puts the new page's plan in place of the old one; the controls stay.
  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var style = document.head.querySelector("style");
    var fresh = doc.head.querySelector("style");
    if (style && fresh) { style.textContent = fresh.textContent; }
    document.title = doc.title;
    var keep = document.getElementById("whatif");
    Array.from(document.body.children).forEach(function (n) {
      if (n !== keep && n.tagName !== "SCRIPT") { n.remove(); }
    });
    var before = true;
    var anchor = keep;
    Array.from(doc.body.children).forEach(function (n) {
      if (n.id === "whatif") { before = false; return; }
      if (n.tagName === "SCRIPT") { return; }
      var node = document.importNode(n, true);
      if (before) { document.body.insertBefore(node, keep); } else { anchor.after(node); anchor = node; }
    });
  }

  function update() {
    var mine = ++seq;
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var started = performance.now();
    document.body.classList.add("busy");
    status.textContent = say("正在求解……", "Solving…");
    var body = { set: sets(), page: pageId, seq: mine };
    post("/api/page", body, controller.signal).then(function (r) {
      return r.json().then(function (j) { return [r.status, j]; });
    }).then(function (answer) {
      if (mine !== seq) { return; }
      var code = answer[0], j = answer[1];
      if (code === 409) { return; }
      document.body.classList.remove("busy");
      if (code !== 200) {
        showError(j);
        status.textContent = say("未更新：参数有误或无可行方案，仍显示上一方案。", "Not updated: a value is refused or there is no plan; the last plan is still shown.");
        return;
      }
      clearErrors();
      swap(j.html);
      var ms = Math.round(performance.now() - started);
      var n = Object.keys(body.set).length;
      status.textContent = n === 0
        ? say("显示：基准方案。", "Showing: the base plan.")
        : say("显示：假设方案（改动 " + n + " 项，用时 " + ms + " 毫秒）。", "Showing: the what-if (" + n + " changed, " + ms + " ms).");
      status.setAttribute("data-seq", String(mine));
      status.setAttribute("data-ms", String(ms));
    }).catch(function (e) {
      if (e.name === "AbortError" || mine !== seq) { return; }
      document.body.classList.remove("busy");
      showError({ error: String(e) });
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); update(); } });

  document.getElementById("reset").addEventListener("click", function () {
    controls().forEach(function (c) { c.value = c.getAttribute("data-base"); });
    extra = {};
    update();
  });

  function saveBlob(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  Array.from(document.querySelectorAll("[data-download]")).forEach(function (b) {
    b.addEventListener("click", function () {
      var file = b.getAttribute("data-download");
      post("/api/download/" + file, { set: sets() }).then(function (r) {
        if (!r.ok) { return r.json().then(showError); }
        var cd = r.headers.get("Content-Disposition") || "";
        var m = /filename="([^"]+)"/.exec(cd);
        return r.blob().then(function (blob) { saveBlob(blob, m ? m[1] : file); });
      }).catch(function (e) { showError({ error: String(e) }); });
    });
  });

  function base64(buffer) {
    var bytes = new Uint8Array(buffer), s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }

  document.getElementById("upload").addEventListener("click", function () {
    var out = document.getElementById("upload-error");
    var files = Array.from(document.getElementById("upload-files").files);
    out.textContent = "";
    if (files.length === 0) { out.textContent = say("请先选择文件。", "Choose the files first."); return; }
    status.textContent = say("正在上传并检查……", "Uploading and checking…");
    Promise.all(files.map(function (f) {
      return f.arrayBuffer().then(function (b) { return { name: f.name, data: base64(b) }; });
    })).then(function (list) {
      return post("/api/upload", { files: list, set: sets(), page: pageId, seq: ++seq });
    }).then(function (r) {
      return r.json().then(function (j) { return [r.status, j]; });
    }).then(function (answer) {
      if (answer[0] !== 200) {
        out.textContent = answer[1].error || "";
        status.textContent = say("上传的数据未通过检查，仍使用原数据。", "The uploaded data did not pass the checks; the old data is still used.");
        return;
      }
      clearErrors();
      swap(answer[1].html);
      status.textContent = say("已改用上传的数据：", "Now on the uploaded data: ") + files.map(function (f) { return f.name; }).join(", ");
    }).catch(function (e) { out.textContent = String(e); });
  });

  // `set.KEY=VALUE` in the address: applied as if typed, then solved.
  var any = false;
  params.forEach(function (value, key) {
    if (key.indexOf("set.") !== 0) { return; }
    var name = key.slice(4);
    var c = form.querySelector('[name="' + CSS.escape(name) + '"]');
    if (c) { c.value = value; } else { extra[name] = value; }
    any = true;
  });
  if (any) { update(); }
})();
