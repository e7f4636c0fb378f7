// Incentives in a real browser: the demo firm sees what the bureau found it
// entitled to (免申即享) and confirms it with its account; it applies for a
// clause the data cannot decide, the county and then the city approve; the
// bureau gathers the approved items into a payment batch and downloads its
// sheet; the funnel counts what happened. Then the same pages at phone
// width never scroll sideways.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn } from "./helpers.mjs";

const shot = (page, name) =>
  process.env.KC_SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.KC_SCREENSHOT_DIR}/${name}.png`, fullPage: true }) : null;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the demo firm confirms an entitlement found for it", async () => {
  const { context, page } = await signIn(browser, "enterprise");
  await page.click('nav.main-nav a:has-text("我的政策兑现")');
  const card = page.locator('section.card:has-text("知识产权质押贷款贴息")').first();
  await card.waitFor();
  assert.ok((await card.textContent()).includes("21.75万元"));
  assert.equal((await card.locator('[data-testid="entitlement-status"]').textContent()).trim(), "已告知");
  await card.locator('input[name="bank_name"]').fill("云州银行营业部");
  await card.locator('input[name="bank_account"]').fill("6217 0000 1234 5678");
  await shot(page, "incentives-mine");
  await Promise.all([page.waitForNavigation(), card.locator('button:has-text("确认并提交账户")').click()]);
  const after = page.locator('section.card:has-text("知识产权质押贷款贴息")').first();
  assert.equal((await after.locator('[data-testid="entitlement-status"]').textContent()).trim(), "已确认");
  // the calculator lists the clauses with their conditions
  await page.click('[data-testid="calculator-link"]');
  await page.waitForSelector('[data-testid="calculator"]');
  assert.ok(await page.isVisible('text=知识产权质押贷款贴息'));
  await context.close();
});

test("an application goes through county and city review and is paid in a batch", async () => {
  const firm = await signIn(browser, "enterprise");
  await firm.page.goto(`${BASE}/incentives/policies/panjin-2019/doctor-home`);
  assert.ok((await firm.page.textContent('[data-testid="rule-text"]')).includes("12萬元"));
  await Promise.all([firm.page.waitForNavigation(), firm.page.click('[data-testid="apply-link"]')]);
  const form = firm.page.locator('[data-testid="apply-form"]');
  await form.locator('input[name="fact.price_yuan"]').fill("135万元");
  await form.locator('select[name="fact.first_home"]').selectOption("true");
  await form.locator('select[name="fact.employed_locally"]').selectOption("true");
  await form.locator('input[name="requested"]').fill("12万元");
  await form.locator('input[name="bank_name"]').fill("云州银行营业部");
  await form.locator('input[name="bank_account"]').fill("6217000012345678");
  await Promise.all([firm.page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  const url = firm.page.url();
  assert.match(url, /\/incentives\/applications\/\d+$/);
  assert.equal((await firm.page.textContent('[data-testid="application-status"]')).trim(), "待县级审核");
  await firm.context.close();

  const county = await signIn(browser, "county");
  await county.page.goto(url);
  await county.page.selectOption('[data-testid="review-form"] select[name="decision"]', "approve");
  await Promise.all([county.page.waitForNavigation(), county.page.click('[data-testid="review-form"] button')]);
  assert.equal((await county.page.textContent('[data-testid="application-status"]')).trim(), "待市级审核");
  await county.context.close();

  const staff = await signIn(browser, "staff");
  await staff.page.goto(url);
  await staff.page.fill('[data-testid="review-form"] input[name="amount"]', "10万元");
  await staff.page.fill('[data-testid="review-form"] input[name="reason"]', "核定10万元");
  await Promise.all([staff.page.waitForNavigation(), staff.page.click('[data-testid="review-form"] button')]);
  assert.equal((await staff.page.textContent('[data-testid="application-status"]')).trim(), "已批准");
  // the approved item goes into a batch whose sheet is downloaded
  await staff.page.goto(`${BASE}/incentives/batches`);
  assert.match(await staff.page.textContent('[data-testid="approved-waiting"]'), /[1-9]/);
  await Promise.all([staff.page.waitForNavigation(), staff.page.click('[data-testid="make-batch"]')]);
  assert.equal((await staff.page.textContent('[data-testid="batch-status"]')).trim(), "已送财政");
  const [download] = await Promise.all([staff.page.waitForEvent("download"), staff.page.click('[data-testid="batch-sheet"]')]);
  assert.match(download.suggestedFilename(), /^payment-batch-\d+\.xlsx$/);
  await shot(staff.page, "incentives-batch");
  // the funnel counts told, confirmed, approved and paid items
  await staff.page.goto(`${BASE}/incentives`);
  const cells = await staff.page.$$eval('[data-testid="funnel-total"] td', (tds) => tds.map((td) => td.textContent.trim()));
  const [eligible, told, confirmed, approved, paid] = cells.slice(0, 5).map(Number);
  assert.ok(eligible >= told && told >= confirmed && confirmed >= approved && approved >= paid, cells.join(" "));
  assert.ok(paid >= 2 && approved >= 3, cells.join(" "));
  assert.ok(await staff.page.isVisible(".chart svg"));
  await shot(staff.page, "incentives-funnel");
  await staff.context.close();
});

test("incentive pages fit a phone", async () => {
  for (const [user, path] of [["enterprise", "/incentives/mine"], ["staff", "/incentives"], ["staff", "/incentives/entitlements"], ["enterprise", "/incentives/calculator"]]) {
    const { context, page } = await signIn(browser, user);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${BASE}${path}`);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width + 1, `${path} scrolls sideways at phone width: ${scroll} > ${width}`);
    await shot(page, `incentives-phone-${path.replaceAll("/", "-")}`);
    await context.close();
  }
});
