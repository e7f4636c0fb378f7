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
