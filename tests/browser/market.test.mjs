// The technology market in a real browser: the demo enterprise posts a
// demand, sees matched achievements with the reasons they match, and marks
// one useful; the demo university's technology-transfer office sees the
// demands the bureau pushed to it, staff push another one, and it arrives.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn } from "./helpers.mjs";

const shot = (page, name) =>
  process.env.KC_SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.KC_SCREENSHOT_DIR}/${name}.png`, fullPage: true }) : null;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an enterprise posts a demand, reads the explained matches and marks one useful", async () => {
  const { context, page } = await signIn(browser, "enterprise");
  await page.click('nav.main-nav a:has-text("技术市场")');
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="new-demand"]')]);
  await page.fill('input[name="title"]', "破碎机锤头磨损快，想提高耐磨寿命");
  await page.fill('textarea[name="description"]', "石灰石破碎机高锰钢锤头一个月就磨平，希望找到更耐磨的锤头材料或表面堆焊强化工艺，寿命提高一倍");
  await page.selectOption('select[name="field"]', "new_materials");
  await page.fill('input[name="budget_max"]', "50万");
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="publish-demand"]')]);
  assert.match(page.url(), /\/market\/demands\/\d+$/);
  assert.equal((await page.textContent('[data-testid="status"]')).trim(), "已发布");
  const rows = page.locator('[data-testid="matches"] tbody tr[data-id]');
  const n = await rows.count();
  assert.ok(n >= 3, `matched achievements listed, got ${n}`);
  const why = await rows.first().locator('[data-testid="why"]').textContent();
  assert.ok(why.includes("共同关键词"), why);
  assert.ok(await rows.first().locator("mark").count() > 0, "matched words are highlighted");
  const titles = await rows.locator("td:nth-child(2) a").allTextContents();
  assert.ok(titles.some((t) => /锤|耐磨|堆焊|高锰钢/.test(t)), titles.join(" | "));
  await shot(page, "market-demand-matches");
  await Promise.all([page.waitForNavigation(), rows.first().locator('[data-testid="useful"]').click()]);
  const verdict = await page.locator('[data-testid="matches"] tbody tr[data-id]').first().locator('[data-testid="verdict"]').textContent();
  assert.equal(verdict.trim(), "有用");
  await context.close();
});

test("the university sees the demands pushed to it", async () => {
  const staff = await signIn(browser, "staff");
  await staff.page.goto(`${BASE}/market/push`);
  const demand = staff.page.locator('[data-testid="push-form"] input[name="demand"]').first();
  const title = (await staff.page.locator('[data-testid="push-form"] label').first().textContent()).trim();
  await demand.check();
  await staff.page.locator('[data-testid="push-form"] input[name="institution"]').first().check();
  await staff.page.fill('input[name="note"]', "请于两周内反馈对接意向");
  await Promise.all([staff.page.waitForNavigation(), staff.page.click('[data-testid="push"]')]);
  await staff.context.close();

  const { context, page } = await signIn(browser, "university");
  await page.click('nav.main-nav a:has-text("技术市场")');
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="pushed-link"]')]);
  const listed = await page.locator('[data-testid="pushed-demands"] tbody tr td:first-child').allTextContents();
  assert.ok(listed.length >= 3, `the demo pushes and the new one, got ${listed.length}`);
  assert.ok(listed.some((t) => t.includes(title)), `${title} in ${listed.join(" | ")}`);
  await shot(page, "market-pushed");
  await page.click('nav.main-nav a:has-text("消息")');
  assert.ok(await page.isVisible('text=科技局推送了企业需求'));
  await context.close();
});

test("anyone browses the published achievements page by page and filters them", async () => {
  const { context, page } = await signIn(browser, "university");
  await page.goto(`${BASE}/market`);
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="browse-all"]')]);
  assert.match(page.url(), /\/market\/achievements$/);
  const rows = page.locator('[data-testid="browse-list"] tbody tr');
  assert.equal(await rows.count(), 20, "a full first page");
  const total = Number((await page.textContent('[data-testid="total"]')).replace(/\D/g, ""));
  assert.ok(total > 20, `more than one page, total ${total}`);
  await Promise.all([page.waitForNavigation(), page.click('.pager a[rel="next"]')]);
  assert.match(page.url(), /page=2/);
  const second = await rows.locator("td:first-child").allTextContents();
  await page.selectOption('[data-testid="browse-filters"] select[name="field"]', "new_materials");
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="browse-filters"] button[type="submit"]')]);
  assert.doesNotMatch(page.url(), /page=/, "a new filter starts at the first page");
  const fields = await rows.locator("td:nth-child(3)").allTextContents();
  assert.ok(fields.length > 0 && fields.every((f) => f === "新材料"), fields.join(" | "));
  assert.ok(second.length > 0);
  await shot(page, "market-browse");
  await context.close();
});

test("the demo city shows its deals: contract turnover by year, challenges at every stage", async () => {
  const { context, page } = await signIn(browser, "staff");
  await page.goto(`${BASE}/market/contracts/stats`);
  const totals = await page.textContent('[data-testid="contract-totals"]');
  const n = Number(/合同数\s*(\d+)/.exec(totals)?.[1]);
  assert.ok(n >= 80, totals);
  assert.ok(await page.locator("svg rect").count() >= 10, "the charts have bars");
  assert.match(await page.textContent('[data-testid="bt-share"]'), /%$/);
  await shot(page, "market-contract-stats");
  await page.goto(`${BASE}/market/challenges`);
  const statuses = await page.locator('[data-testid="challenges"] tbody tr td:last-child').allTextContents();
  for (const s of ["揭榜中", "评审中", "已揭榜"]) assert.ok(statuses.includes(s), `${s} in ${statuses.join(" | ")}`);
  await context.close();
});
