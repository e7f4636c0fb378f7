// Shared set-up of the browser tests: launching Debian's chromium and
// signing in through the real login form.
import { chromium } from "playwright-core";

export const BASE = process.env.KC_BASE_URL;
export const PASSWORD = process.env.KC_DEMO_PASSWORD || "kechuang-demo";
if (!BASE) throw new Error("KC_BASE_URL is not set: run these tests through `cargo test --test browser`");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function signIn(browser, username, password = PASSWORD) {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type="submit"]')]);
  return { context, page };
}

export async function navLabels(page) {
  return page.$$eval("nav.main-nav a", (as) => as.map((a) => a.textContent.trim()));
}
