// The innovation clinic in a real browser: the demo enterprise user opens
// its own firm from the registry and reads its clinic report; the county
// officer generates the reports of the county in one batch, ready to print,
// and opens the county's cultivation pipeline.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn } from "./helpers.mjs";

const shot = (page, name) =>
  process.env.KC_SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.KC_SCREENSHOT_DIR}/${name}.png`, fullPage: true }) : null;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an enterprise user opens its clinic report", async () => {
  const { context, page } = await signIn(browser, "enterprise");
  await page.goto(`${BASE}/registry/enterprises`);
  const rows = page.locator("table.grid tbody tr a");
  assert.equal(await rows.count(), 1, "an enterprise user sees only its own firm");
  await Promise.all([page.waitForNavigation(), rows.first().click()]);
  const code = new URL(page.url()).pathname.split("/").pop();
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="clinic-link"]')]);
  const reports = page.locator('[data-testid="clinic-report"]');
  assert.equal(await reports.count(), 1);
  assert.equal(await reports.first().getAttribute("data-code"), code);
  const heading = await reports.first().locator("h2").textContent();
  assert.ok(heading.includes("科技创新体检报告"), heading);
  // Both assessments, the gaps and the print button are on the page.
  assert.ok(await page.isVisible('text=高新技术企业认定自评'));
  assert.ok(await page.isVisible('text=科技型中小企业评价自评'));
  assert.ok(await page.isVisible('[data-testid="clinic-gaps"]'));
  assert.ok(await page.isVisible("button[data-print]"));
  await shot(page, "clinic-enterprise");
  await context.close();
});

test("a county officer generates the county's reports", async () => {
  const { context, page } = await signIn(browser, "county");
  await page.click('nav.main-nav a:has-text("创新体检")');
  await page.waitForSelector('[data-testid="clinic-filter"]');
  const county = await page.$eval('[data-testid="clinic-region"] option:checked', (o) => o.textContent.trim());
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="clinic-generate"]')]);
  const reports = page.locator('[data-testid="clinic-report"]');
  const n = await reports.count();
  assert.ok(n > 1 && n <= 20, `a page of reports, got ${n}`);
  const total = await page.textContent('[data-testid="clinic-total"]');
  assert.match(total, /企业数 \d+/);
  // Every report is of a firm in the officer's county.
  const places = await page.$$eval('[data-testid="clinic-report"] p.hint:first-of-type', (ps) => ps.map((p) => p.textContent));
  assert.ok(places.every((p) => p.includes("云中区")), places.join("\n"));
  assert.ok(county.includes("全部") || county.includes("云中区"), county);
  await shot(page, "clinic-batch");
  // The pipeline of the county: tiers, reminders and the 应评尽评 list.
  await page.click('nav.main-nav a:has-text("培育梯队")');
  await page.waitForSelector('[data-testid="pipeline-tiers"]');
  assert.ok(await page.isVisible('[data-testid="pipeline-expiring"]'));
  assert.ok(await page.isVisible('[data-testid="pipeline-should-apply"]'));
  await shot(page, "pipeline");
  await context.close();
});

test("staff confirm a proposed firm into the HTE reserve pool", async () => {
  const { context, page } = await signIn(browser, "staff");
  await page.click('nav.main-nav a:has-text("后备库")');
  await page.waitForSelector('[data-testid="pool-candidates"]');
  const first = page.locator('[data-testid="pool-candidates"] tbody tr[data-code]').first();
  assert.ok(await first.count(), "the demo city has candidates for the HTE reserve");
  const code = await first.getAttribute("data-code");
  await Promise.all([page.waitForNavigation(), first.locator('[data-testid="pool-confirm"]').click()]);
  const member = page.locator(`[data-testid="pool-members"] tr[data-code="${code}"]`);
  assert.equal(await member.getAttribute("data-status"), "member");
  assert.equal(await page.locator(`[data-testid="pool-candidates"] tr[data-code="${code}"]`).count(), 0);
  await shot(page, "pools");
  await context.close();
});

test("staff give every high-tech enterprise a commissioner", async () => {
  const { context, page } = await signIn(browser, "staff");
  await page.click('nav.main-nav a:has-text("科技特派员")');
  await page.waitForSelector('[data-testid="commissioner-summary"]');
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="commissioner-assign"]')]);
  const summary = await page.textContent('[data-testid="commissioner-summary"]');
  assert.match(summary, /未配备 0/, summary);
  const assigned = await page.locator('[data-testid="commissioner-assignments"] tbody tr[data-code]').count();
  assert.ok(assigned > 0, "the demo city has high-tech enterprises");
  // Loads differ by at most one among commissioners that are all city-wide.
  const loads = await page.$$eval('[data-testid="commissioner-pool"] td[data-testid="load"]', (ts) => ts.map((t) => Number(t.textContent)));
  assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, loads.join(","));
  await shot(page, "commissioners");
  await context.close();
});
