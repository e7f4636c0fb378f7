// Plans and supervision in a real browser: upload seed 003 (Traditional
// script), correct an extracted target, publish, report progress for a
// county, and see the board, the status and the charts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BASE, launch, signIn } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED = path.join(here, "../../crates/plans/tests/fixtures/seeds/003_95574dca455f0a31.txt");
const shot = (page, name) =>
  process.env.KC_SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.KC_SCREENSHOT_DIR}/${name}.png`, fullPage: true }) : null;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("upload, correct, publish, report progress, see the chart", async () => {
  const { context, page } = await signIn(browser, "staff");
  await page.goto(`${BASE}/plans`);
  const upload = page.locator('[data-testid="upload-form"]');
  await upload.locator('input[name="file"]').setInputFiles(SEED);
  await Promise.all([page.waitForNavigation(), upload.locator('button[type="submit"]').click()]);
  assert.match(page.url(), /\/plans\/\d+\/review$/);
  const planUrl = page.url().replace(/\/review$/, "");

  // the source is shown with the extracted passages highlighted
  assert.ok((await page.locator('[data-testid="source-text"] mark').count()) > 10);
  const rows = page.locator('[data-testid="target-row"]');
  assert.ok((await rows.count()) >= 10, "targets were extracted");
  // find the high-tech enterprise target and correct its value
  const count = await rows.count();
  let row = null;
  for (let i = 0; i < count; i++) {
    const r = rows.nth(i);
    if ((await r.locator('input[name="indicator"]').inputValue()).includes("高新技术企业")) { row = r; break; }
  }
  assert.ok(row, "a 高新技术企业 target exists");
  await row.locator('input[name="indicator"]').fill("高新技术企业数量");
  await row.locator('input[name="target_value"]').fill("1000");
  await Promise.all([page.waitForNavigation(), row.locator('button[value="save"]').click()]);
  const corrected = page.locator('[data-testid="target-row"]', { has: page.locator('input[value="高新技术企业数量"]') });
  assert.equal(await corrected.locator('input[name="target_value"]').inputValue(), "1000");
  await shot(page, "plan-review");

  page.once("dialog", (d) => d.accept());
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="publish"]')]);
  assert.equal(page.url(), planUrl);
  assert.ok(await page.isVisible('[data-testid="board-targets"]'));

  // report progress for a county on the corrected target
  await page.click('a:has-text("高新技术企业数量")');
  const form = page.locator('[data-testid="report-form"]');
  await form.locator('select[name="region_id"]').selectOption({ label: "　　云中区" });
  await form.locator('input[name="value"]').fill("420");
  await form.locator('input[name="source"]').fill("县科技局统计");
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  assert.match(await page.textContent('[data-testid="current"]'), /420/);
  assert.match(await page.textContent('[data-testid="reports-table"]'), /云中区/);
  const trend = page.locator('[data-testid="trend-chart"] svg');
  assert.equal(await trend.count(), 1, "the trend chart is drawn");
  assert.ok((await page.locator('[data-testid="ranking-chart"] svg').count()) === 1);
  assert.match(await page.textContent('[data-testid="explanation"]'), /\S/);
  await shot(page, "plan-target");

  // the board shows the figure and the correction is in the audit trail
  await page.goto(planUrl);
  assert.match(await page.textContent('[data-testid="board-targets"]'), /420/);
  await shot(page, "plan-board");
  await context.close();

  const admin = await signIn(browser, "admin");
  await admin.page.goto(`${BASE}/admin/audit?entity=plan_target`);
  assert.match(await admin.page.textContent('[data-testid="audit-table"]'), /高新技术企业数量/);
  await admin.context.close();
});

test("a county officer reports only for its own county", async () => {
  const { context, page } = await signIn(browser, "county");
  await page.goto(`${BASE}/plans`);
  assert.equal(await page.locator('[data-testid="upload-form"]').count(), 0, "county officers do not upload plans");
  await page.click('[data-testid="plans-table"] a');
  await page.click('[data-testid="board-targets"] a');
  const options = await page.$$eval('[data-testid="report-form"] select[name="region_id"] option', (os) => os.map((o) => o.textContent.trim()));
  assert.deepEqual(options, ["云中区"]);
  await context.close();
});
