// Credit files in a real browser: bureau staff put a team on the blacklist
// through the form, find it among the records in force, and lift it with a
// reason; an enterprise account has no way into the credit files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn, navLabels } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("staff blacklist a team, find it in force, and lift it", async () => {
  const { context, page } = await signIn(browser, "staff");
  await page.click('nav.main-nav a:has-text("诚信档案")');
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="new-credit-record"]')]);
  await page.selectOption('select[name="subject_kind"]', "team");
  await page.fill('input[name="subject_name"]', "云州某检测攻关组");
  await page.selectOption('select[name="kind"]', "blacklist");
  await page.fill('textarea[name="reason"]', "揭榜挂帅项目验收中提供虚假检测报告");
  await page.fill('input[name="basis"]', "市科技局验收意见");
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="credit-form"] button[type="submit"]')]);
  assert.match(page.url(), /\/credit\/\d+$/);
  assert.equal((await page.textContent('[data-testid="credit-kind"]')).trim(), "黑名单");
  assert.equal((await page.textContent('[data-testid="credit-standing"]')).trim(), "有效");
  const record = new URL(page.url()).pathname;

  await page.goto(`${BASE}/credit?in_force=1&q=${encodeURIComponent("检测攻关组")}`);
  assert.equal(await page.locator(`[data-testid="credit-records"] a[href="${record}"]`).count(), 1);

  await page.goto(`${BASE}${record}`);
  await page.fill('[data-testid="lift-form"] input[name="reason"]', "已整改并通过复核，准予信用修复");
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="lift-form"] button[type="submit"]')]);
  assert.match(await page.textContent('[data-testid="credit-standing"]'), /已撤销/);
  await page.goto(`${BASE}/credit?in_force=1&q=${encodeURIComponent("检测攻关组")}`);
  assert.equal(await page.locator(`[data-testid="credit-records"] a[href="${record}"]`).count(), 0);
  await context.close();
});

test("an enterprise account does not see the credit files", async () => {
  const { context, page } = await signIn(browser, "enterprise");
  assert.ok(!(await navLabels(page)).includes("诚信档案"));
  const resp = await page.goto(`${BASE}/credit`);
  assert.equal(resp.status(), 403);
  await context.close();
});
