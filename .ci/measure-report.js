// Test-only: .ci/render-report.sh appends this script to a copy of
// report.html (the report itself runs no script), shows the copy in an
// iframe of the width to test (headless Chromium's window is never narrower
// than 500 px), and reads the lines this script posts to the host page,
// which writes them into <pre id="measure"> for Chromium's --dump-dom.
//
// It checks, at the window's width:
//   overflow  - no text box is wider than its box: sections, cards, the
//               conclusion, figures, captions, paragraphs, headings, cells
//               (tables scroll inside their .wide wrapper, which is allowed
//               to scroll), and the page itself never scrolls sideways;
//   glyphs    - the Chinese characters of the first heading render as real,
//               distinct glyphs in the page's font, not as identical boxes
//               (tofu) or blanks: each is drawn on a canvas, and every
//               character must leave ink and a picture of its own;
//   webfont   - the embedded web font loaded.
(function () {
  function finish(lines) {
    window.parent.postMessage(lines.join("\n"), "*");
  }
  function describe(el) {
    var id = el.id ? "#" + el.id : "";
    var cls = el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "";
    var text = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 40);
    return el.tagName.toLowerCase() + id + cls + " \"" + text + "\"";
  }
  function overflow() {
    var out = [];
    var root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) {
      out.push("overflow page: " + root.scrollWidth + " px wide in a " + window.innerWidth + " px window");
    }
    var sel = "section, .card, .conclusion, figure, figcaption, p, h1, h2, h3, td, th, li";
    var els = document.querySelectorAll(sel);
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push("overflow " + describe(el) + ": " + el.scrollWidth + " > " + el.clientWidth);
      }
    }
    var svgs = document.querySelectorAll("figure svg");
    for (var j = 0; j < svgs.length; j++) {
      var fig = svgs[j].parentElement.getBoundingClientRect();
      var r = svgs[j].getBoundingClientRect();
      if (r.right > fig.right + 1 || r.width < 10) {
        out.push("overflow chart " + describe(svgs[j].parentElement) + ": " + Math.round(r.width) + " px in " + Math.round(fig.width));
      }
    }
    return out;
  }
  function glyphs() {
    var h1 = document.querySelector("h1");
    var family = getComputedStyle(h1).fontFamily;
    var chars = [];
    var text = h1.textContent;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (/[\u4e00-\u9fff]/.test(c) && chars.indexOf(c) < 0) chars.push(c);
    }
    var canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 64;
    var ctx = canvas.getContext("2d");
    ctx.font = "48px " + family;
    var seen = {};
    var blank = 0;
    var distinct = 0;
    for (var k = 0; k < chars.length; k++) {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, 64, 64);
      ctx.fillStyle = "#000";
      ctx.fillText(chars[k], 4, 52);
      var d = ctx.getImageData(0, 0, 64, 64).data;
      var ink = 0;
      var key = "";
      for (var p = 0; p < d.length; p += 4) {
        var dark = d[p] < 128 ? 1 : 0;
        ink += dark;
        key += dark;
      }
      if (ink === 0) blank++;
      if (!seen[key]) {
        seen[key] = true;
        distinct++;
      }
    }
    return { chars: chars.length, distinct: distinct, blank: blank };
  }
  function run(faces) {
    var lines = overflow();
    var g = glyphs();
    lines.push("glyphs " + g.chars + " chars, " + g.distinct + " distinct, " + g.blank + " blank");
    lines.push("webfont " + faces);
    lines.push("width " + window.innerWidth);
    finish(lines);
  }
  document.fonts.ready.then(function () {
    return document.fonts.load('16px "WenQuanYi Micro Hei"', "\u6d3e");
  }).then(function (faces) {
    var loaded = faces.filter(function (f) { return f.status === "loaded"; }).length;
    run(loaded > 0 ? "loaded" : "none");
  }, function (e) {
    run("error " + e);
  });
})();
