// The foundation in a real browser: two roles see what they may see, the
// CSRF and scope rules hold, the language toggle works, the demo is marked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, signIn, navLabels } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("anonymous visitors see the public page and are sent to sign in", async () => {
  const page = await browser.newPage();
  await page.goto(`${BASE}/`);
  assert.match(await page.textContent("h1"), /科技创新服务平台/);
  assert.ok(await page.isVisible('[data-testid="demo-banner"]'));
  await page.goto(`${BASE}/admin/users`);
  assert.match(page.url(), /\/login\?next=%2Fadmin%2Fusers/);
  await page.close();
});

test("a wrong password is refused with a Chinese message", async () => {
  const { context, page } = await signIn(browser, "admin", "not-the-password");
  assert.match(await page.textContent('[data-testid="login-error"]'), /用户名或密码不正确/);
  await context.close();
});

test("the bureau admin manages users and reads the audit log", async () => {
  const { context, page } = await signIn(browser, "admin");
  assert.match(await page.textContent('[data-testid="current-user"]'), /科技局管理员/);
  const nav = await navLabels(page);
  for (const label of ["用户管理", "审计日志", "我的账户"]) assert.ok(nav.includes(label), `nav has ${label}: ${nav}`);

  await page.goto(`${BASE}/admin/users`);
  const form = page.locator('[data-testid="new-user-form"]');
  await form.locator('input[name="username"]').fill("browser.officer");
  await form.locator('input[name="display_name"]').fill("浏览器测试专员");
  await form.locator('select[name="role"]').selectOption("county_officer");
  await form.locator('input[name="password"]').fill("short");
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  // field-level error in Chinese, nothing created
  assert.match(await page.textContent('[data-testid="form-error"]'), /密码至少10位/);
  await form.locator('input[name="password"]').fill("a-long-enough-password-1");
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  assert.match(page.url(), /\/admin\/users\/\d+$/);
  assert.match(await page.textContent("h1"), /浏览器测试专员/);

  await page.goto(`${BASE}/admin/audit?entity=user`);
  const audit = await page.textContent('[data-testid="audit-table"]');
  assert.match(audit, /browser\.officer/);
  assert.match(audit, /admin/);
  await page.screenshot({ path: process.env.KC_SCREENSHOT_DIR ? `${process.env.KC_SCREENSHOT_DIR}/audit.png` : "/dev/null", fullPage: true }).catch(() => {});

  // the language toggle switches the whole shell to English and back
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="lang-toggle"]')]);
  assert.ok((await navLabels(page)).includes("Audit log"));
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="lang-toggle"]')]);
  assert.ok((await navLabels(page)).includes("审计日志"));
  await context.close();
});

test("a county officer sees only its county and no admin pages", async () => {
  const { context, page } = await signIn(browser, "county");
  const nav = await navLabels(page);
  assert.ok(nav.includes("用户管理"));
  assert.ok(!nav.includes("审计日志"), `no audit link for county officers: ${nav}`);
  assert.match(await page.textContent('[data-testid="scope"]'), /云中区/);

  const resp = await page.goto(`${BASE}/admin/audit`);
  assert.equal(resp.status(), 403);
  assert.match(await page.textContent('[data-testid="error-message"]'), /无权/);

  await page.goto(`${BASE}/admin/users`);
  const rows = await page.$$eval('[data-testid="users-table"] tbody tr td:nth-child(4)', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(rows.length > 0);
  for (const region of rows) assert.equal(region, "云中区", `only the county's accounts: ${rows}`);
  // no creation form for a county officer
  assert.equal(await page.locator('[data-testid="new-user-form"]').count(), 0);
  await context.close();
});

test("state changes need the page's CSRF token", async () => {
  const { context, page } = await signIn(browser, "staff");
  // a script on our page that forgets the token is refused
  const forged = await page.evaluate(async () => {
    const r = await fetch("/api/v1/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(forged.status, 403);
  assert.equal(forged.body.code, "csrf");
  // the page's helper sends it
  const ok = await page.evaluate(async () => {
    const r = await window.kcFetch("/api/v1/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "浏览器令牌" }) });
    return r.status;
  });
  assert.equal(ok, 201);
  // a form posted from another site does not carry the session (SameSite) nor the token
  const evil = await context.newPage();
  await evil.setContent(`<form id="f" method="post" action="${BASE}/logout"><input name="x" value="1"></form>`);
  const [nav] = await Promise.all([evil.waitForNavigation(), evil.evaluate(() => document.getElementById("f").submit())]);
  assert.equal(nav.status(), 403);
  // still signed in
  await page.goto(`${BASE}/account`);
  assert.match(await page.textContent('[data-testid="current-user"]'), /科技局工作人员/);
  await context.close();
});
