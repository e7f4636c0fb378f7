// Every page a demo account can reach by following links answers without a
// server error: each role signs in and walks the links of the pages it sees
// (GET only, same site, breadth first, a bounded number of pages; sign-out,
// language switches and file downloads are left out).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn } from "./helpers.mjs";

const ROLES = ["admin", "staff", "county", "enterprise", "university", "expert", "bank"];
const MAX_PAGES = 80;
const SKIP = [/^\/logout/, /^\/lang/, /^\/assets\//, /[?&]format=/, /^\/api\/docs/, /\/export/];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Same-site paths linked from `html`, without fragments; one page of a list
/// stands for its other pages and sort orders.
function links(html) {
  const out = new Set();
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1].replaceAll("&#x2f;", "/").replaceAll("&#x3d;", "=").replaceAll("&amp;", "&").split("#")[0];
    if (!href.startsWith("/") || href.startsWith("//")) continue;
    if (SKIP.some((re) => re.test(href))) continue;
    if (/[?&](page|sort|before_id)=/.test(href)) continue;
    out.add(href);
  }
  return out;
}

for (const role of ROLES) {
  test(`${role}: every page reached by links answers without a server error`, async () => {
    const { context, page } = await signIn(browser, role);
    const seen = new Set(["/"]);
    const queue = ["/"];
    const failures = [];
    let visited = 0;
    while (queue.length && visited < MAX_PAGES) {
      const path = queue.shift();
      const resp = await page.request.get(`${BASE}${path}`, { maxRedirects: 5 });
      visited += 1;
      if (resp.status() >= 500) failures.push(`${path} → ${resp.status()}`);
      const type = resp.headers()["content-type"] || "";
      if (!type.startsWith("text/html")) continue;
      for (const next of links(await resp.text())) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    assert.deepEqual(failures, [], `${role} reached server errors`);
    assert.ok(visited >= 5, `${role} reached only ${visited} pages`);
    await context.close();
  });
}
