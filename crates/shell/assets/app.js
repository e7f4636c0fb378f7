// kechuang web UI behaviour: confirmations, copy buttons, the API docs page.
// Small, dependency-free, and the pages work without it.
"use strict";

document.addEventListener("click", (ev) => {
  const el = ev.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    ev.preventDefault();
  }
  const copy = ev.target.closest("[data-copy]");
  if (copy && navigator.clipboard) {
    navigator.clipboard.writeText(copy.getAttribute("data-copy"));
  }
});

// Sends the CSRF token with every fetch() that changes state.
window.kcFetch = (url, opts = {}) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const headers = new Headers(opts.headers || {});
  if (meta) headers.set("X-CSRF-Token", meta.content);
  return fetch(url, { credentials: "same-origin", ...opts, headers });
};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function renderApiDocs(root) {
  const res = await fetch(root.dataset.spec);
  const spec = await res.json();
  const byTag = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  for (const [tag, ops] of [...byTag.entries()].sort()) {
    root.appendChild(el("h2", "", tag));
    for (const { path, method, op } of ops) {
      const box = el("div", "api-op");
      box.appendChild(el("span", "method", method.toUpperCase()));
      box.appendChild(el("code", "", path));
      if (op.summary) box.appendChild(el("div", "", op.summary));
      if (op.description) box.appendChild(el("div", "perm", op.description));
      if (op["x-permission"]) box.appendChild(el("div", "perm", `权限 / permission: ${op["x-permission"]}`));
      root.appendChild(box);
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const docs = document.getElementById("api-docs");
  if (docs) renderApiDocs(docs).catch((e) => { docs.textContent = String(e); });
});

// Import runs: while a committed file is being written in the background the
// run page asks for its progress every 500 ms and shows the outcome in place;
// without this script a reload shows the same.
const IMPORT_LABELS = {
  zh: { running: "导入中", committed: "已导入", failed: "导入失败（未写入）" },
  en: { running: "Importing", committed: "Imported", failed: "Failed (nothing written)" },
};

function importLabel(status) {
  const lang = (document.documentElement.lang || "zh").startsWith("en") ? "en" : "zh";
  return IMPORT_LABELS[lang][status];
}

function showImportStatus(box, s) {
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  const bar = field("progress");
  if (bar) {
    if (s.total > 0) bar.max = s.total;
    bar.value = Math.min(s.processed || 0, bar.max);
  }
  if (s.status === box.dataset.status) return;
  box.dataset.status = s.status;
  const label = field("status-label");
  const text = importLabel(s.status);
  if (label && text) label.textContent = text;
  if (s.status === "committed") {
    for (const k of ["created", "updated", "unchanged"]) {
      const f = field(k);
      if (f) f.textContent = String(s[k] ?? 0);
    }
    if (bar) bar.value = bar.max;
    const counts = field("counts");
    if (counts) counts.hidden = false;
  } else if (s.status === "failed") {
    const msg = field("message");
    if (msg) {
      msg.textContent = s.message || "";
      msg.hidden = false;
    }
  }
}

function followImport(box) {
  const url = `/registry/imports/${encodeURIComponent(box.dataset.run)}/status`;
  let failures = 0;
  const tick = async () => {
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const s = await res.json();
      failures = 0;
      showImportStatus(box, s);
      if (s.status !== "running") return; // committed, failed (or reset): stop
    } catch (e) {
      if (++failures >= 20) return; // the server is gone; a reload will tell
    }
    window.setTimeout(tick, 500);
  };
  window.setTimeout(tick, 500);
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector('[data-testid="import-status"]');
  if (!box || !box.dataset.run) return;
  // Once the commit is sent the run is written in the background: show it as
  // running at once; the page the server redirects to follows the progress.
  const commit = document.querySelector('[data-testid="commit-form"]');
  if (commit) {
    commit.addEventListener("submit", () => {
      const label = box.querySelector('[data-field="status-label"]');
      box.dataset.status = "running";
      if (label) label.textContent = importLabel("running");
      const button = commit.querySelector('button[type="submit"]');
      if (button) window.setTimeout(() => { button.disabled = true; }, 0);
    });
  }
  if (box.dataset.status === "running") followImport(box);
});

// Print buttons (clinic reports): the browser's print dialog also saves PDF.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
});

// Selects marked data-autosubmit submit their form when changed (the page
// keeps a submit button for browsers without scripts).
document.addEventListener("change", (ev) => {
  const el = ev.target.closest("select[data-autosubmit]");
  if (el && el.form) {
    el.form.submit();
  }
});
