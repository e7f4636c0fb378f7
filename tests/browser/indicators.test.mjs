// Indicators in a real browser: staff read the city's figures, switch to
// the demonstration zone, open an indicator to see where its entered parts
// came from and download the sheet; a county officer enters a statistic with
// its source; the pages fit a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn } from "./helpers.mjs";

const shot = (page, name) =>
  process.env.KC_SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.KC_SCREENSHOT_DIR}/${name}.png`, fullPage: true }) : null;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const thisYear = Number(new Date().toLocaleString("en-CA", { timeZone: "Asia/Shanghai" }).slice(0, 4));

test("staff read the figures of the city and of a group, with their lineage", async () => {
  const { context, page } = await signIn(browser, "staff");
  await page.click('nav.main-nav a:has-text("指标")');
  const row = page.locator('[data-testid="indicators"] tr[data-indicator="hte_held"]');
  await row.waitFor();
  const held = (await row.locator(`td[data-year="${thisYear}"]`).textContent()).trim();
  assert.match(held, /^[1-9][0-9,]*$/, `high-tech enterprises this year: ${held}`);
  await shot(page, "indicators-city");
  // the demonstration zone: a group of counties
  await page.selectOption('[data-testid="area-form"] select[name="area"]', { label: "协同发展示范区（演示）" });
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="area-form"] button[type="submit"]')]);
  assert.ok((await page.textContent("h1")).includes("协同发展示范区"));
  const gdp = (await page.locator(`tr[data-indicator="gdp"] td[data-year="${thisYear - 1}"]`).textContent()).trim();
  assert.match(gdp, /^[0-9,]+\.[0-9]{2}$/, `the zone's GDP last year: ${gdp}`);
  // R&D intensity: its definition and the entered GDP it used
  await Promise.all([page.waitForNavigation(), page.click('tr[data-indicator="rd_intensity"] a')]);
  assert.ok((await page.textContent('[data-testid="lineage"]')).includes("口径版本"));
  const used = page.locator('[data-testid="used"] tbody tr');
  assert.ok((await used.count()) >= 4, "the four counties' GDP entries");
  assert.ok((await used.first().textContent()).includes("统计公报"));
  await shot(page, "indicators-rd-intensity");
  // the sheet
  await page.goto(`${BASE}/indicators`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export"]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  // the yearly report, printed to PDF on the server
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="report-link"]')]);
  await page.waitForSelector('[data-testid="report-summary"]');
  await shot(page, "indicators-report");
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="report-pdf"]')]);
  assert.match(pdf.suggestedFilename(), /\.pdf$/);
  await context.close();
});

test("a county officer enters a statistic with its source", async () => {
  const { context, page } = await signIn(browser, "county");
  await page.goto(`${BASE}/indicators/inputs`);
  const form = page.locator('[data-testid="input-form"]');
  await form.locator('select[name="indicator"]').selectOption("fiscal_st");
  await form.locator('input[name="year"]').fill(String(thisYear - 4));
  await form.locator('input[name="value"]').fill("8,765");
  await form.locator('input[name="source"]').fill("财政决算报告（测试）");
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  const row = page.locator('[data-testid="inputs"] tr:has-text("财政决算报告（测试）")');
  assert.ok((await row.textContent()).includes("8765"));
  // the county sees only its own county among the areas
  await page.goto(`${BASE}/indicators`);
  const options = await page.locator('[data-testid="area-form"] select[name="area"] option').allTextContents();
  assert.deepEqual(options, ["云中区"], options.join(","));
  await context.close();
});

test("indicator pages fit a phone", async () => {
  for (const path of ["/indicators", "/indicators/hte_held", "/indicators/inputs", "/indicators/report", "/indicators/bulletin", "/open"]) {
    const { context, page } = await signIn(browser, "staff");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${BASE}${path}`);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width + 1, `${path} scrolls sideways at phone width: ${scroll} > ${width}`);
    await shot(page, `indicators-phone-${path.replaceAll("/", "-")}`);
    await context.close();
  }
});
