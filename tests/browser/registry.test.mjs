// The enterprise registry in a real browser: upload a sheet with two bad
// rows and read the report, upload the corrected sheet and commit it, follow
// the import until it is written, then find the new firm by its name typed
// in Traditional characters and open its page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BASE, launch, signIn } from "./helpers.mjs";

const shot = (page, name) =>
  process.env.KC_SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.KC_SCREENSHOT_DIR}/${name}.png`, fullPage: true }) : null;

// GB 32100-2015 unified social credit codes: the organisation-code part
// (positions 9-17) carries its own GB 11714 check character, position 18 the
// check character of the whole code.
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCheck(body8) {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const d = 11 - (sum % 11);
  return d === 10 ? "X" : d === 11 ? "0" : String(d);
}

function creditCode(prefix8, body8) {
  const first17 = prefix8 + body8 + orgCheck(body8);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return first17 + CHARSET[(31 - (sum % 31)) % 31];
}

// codes the domain crate's tests hold as valid check the function above
for (const known of ["914403001922038216", "91330100799655058B", "91110108551385082Q", "91110000710926094P"]) {
  assert.equal(creditCode(known.slice(0, 8), known.slice(8, 16)), known);
}

// new firms on every run, so the test also passes against a server it ran on before
const RUN = Array.from({ length: 5 }, () => CHARSET[Math.floor(Math.random() * CHARSET.length)]).join("");
const FIRMS = [
  { code: creditCode("91139901", `MA${RUN}1`), name: "云州华晨药业有限公司", county: "云中区", traditional: "雲州華晨藥業" },
  { code: creditCode("91139901", `MA${RUN}2`), name: "云州星河材料科技有限公司", county: "云中区" },
  { code: creditCode("91139901", `MA${RUN}3`), name: "云州启明电子有限公司", county: "云中区" },
];

// the same code with another, wrong check character
function wrongCheck(code) {
  const last = code[17];
  return code.slice(0, 17) + CHARSET[(CHARSET.indexOf(last) + 1) % CHARSET.length];
}

// the sheet as first sent: a good row (line 2), a wrong check character
// (line 3), a county the city does not have (line 4)
const BAD = [
  FIRMS[0],
  { ...FIRMS[1], code: wrongCheck(FIRMS[1].code) },
  { ...FIRMS[2], county: "火星区" },
];

function csv(rows, eol = "\n") {
  const lines = ["统一社会信用代码,企业名称,所在县区", ...rows.map((r) => `${r.code},${r.name},${r.county}`)];
  return lines.join(eol) + eol;
}

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kc-registry-"));
});
after(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function issueRows(page) {
  return page.$$eval('[data-testid="issues"] tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
}

async function upload(page, file) {
  await page.goto(`${BASE}/registry/import`);
  const form = page.locator('[data-testid="import-form"]');
  await form.locator('select[name="kind"]').selectOption("enterprises");
  await form.locator('input[type="file"][name="file"]').setInputFiles(file);
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  assert.match(page.url(), /\/registry\/imports\/\d+$/, `the dry run has its own page: ${page.url()}`);
}

test("import with errors, fix, commit, find the firm in Traditional script", async (t) => {
  for (const f of FIRMS) assert.match(f.code, /^[0-9A-HJ-NPQRTUWXY]{18}$/);
  const bad = BAD;
  const withErrors = path.join(dir, "企业名录-有误.csv");
  const fixed = path.join(dir, "企业名录.csv");
  fs.writeFileSync(withErrors, csv(bad));
  fs.writeFileSync(fixed, csv(FIRMS));

  const { context, page } = await signIn(browser, "staff");
  const scriptErrors = [];
  page.on("pageerror", (e) => scriptErrors.push(String(e)));

  // 1. the dry run of the file with errors: a report, no commit
  await upload(page, withErrors);
  const status = page.locator('[data-testid="import-status"]');
  assert.equal(await status.getAttribute("data-status"), "checked");
  assert.equal((await page.textContent('[data-testid="error-count"]')).trim(), "2");
  assert.ok(await page.isVisible('[data-testid="fix-hint"]'), "the page says how to go on");
  assert.equal(await page.locator('[data-testid="commit-form"]').count(), 0, "a file with errors cannot be committed");
  const headers = await page.$$eval('[data-testid="issues"] thead th', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(headers, ["行号", "列", "值", "原因"]);
  const issues = await issueRows(page);
  const errors = issues.filter((r) => r.length === 4);
  const byLine = (line) => errors.filter((r) => r[0] === line);
  assert.deepEqual(errors.map((r) => r[0]).sort(), ["3", "4"], `only rows 3 and 4 are reported: ${JSON.stringify(issues)}`);
  const [codeIssue] = byLine("3");
  assert.equal(codeIssue[1], "统一社会信用代码");
  assert.equal(codeIssue[2], bad[1].code);
  assert.match(codeIssue[3], /校验码/);
  const [countyIssue] = byLine("4");
  assert.equal(countyIssue[1], "所在县区");
  assert.equal(countyIssue[2], "火星区");
  assert.match(countyIssue[3], /\S/);
  const report = page.locator('[data-testid="report-download"]');
  assert.match(await report.getAttribute("href"), /\/registry\/imports\/\d+\/report$/);
  const download = await page.request.get(new URL(await report.getAttribute("href"), BASE).href);
  assert.equal(download.status(), 200);
  assert.match(download.headers()["content-type"], /spreadsheetml/);
  await shot(page, "registry-import-errors");

  // 2. the corrected file passes and is committed in the background
  await upload(page, fixed);
  assert.equal(await status.getAttribute("data-status"), "checked");
  assert.equal((await page.textContent('[data-testid="error-count"]')).trim(), "0");
  assert.equal(await page.locator('[data-testid="fix-hint"]').count(), 0);
  assert.ok(!(await page.isVisible('[data-testid="import-counts"]')), "no counts before the commit");
  const runUrl = page.url();
  const started = Date.now();
  await Promise.all([page.waitForNavigation(), page.locator('[data-testid="commit-form"] button[type="submit"]').click()]);
  assert.equal(page.url(), runUrl, "the commit returns to the run page");
  assert.match(await status.getAttribute("data-status"), /^(running|committed)$/);
  // the page follows the run by itself (no reload)
  await page.waitForSelector('[data-testid="import-status"][data-status="committed"]', { timeout: 30_000 });
  const tookMs = Date.now() - started;
  assert.match(await page.textContent('[data-testid="import-status"] [data-field="status-label"]'), /已导入/);
  assert.ok(await page.isVisible('[data-testid="import-counts"]'), "the counts are shown once written");
  assert.equal((await page.textContent('[data-field="created"]')).trim(), "3");
  assert.equal((await page.textContent('[data-field="updated"]')).trim(), "0");
  // a reload shows the same outcome from the server
  await page.reload();
  assert.equal(await status.getAttribute("data-status"), "committed");
  assert.equal((await page.textContent('[data-field="created"]')).trim(), "3");
  await shot(page, "registry-import-committed");
  t.diagnostic(`import committed and shown in ${tookMs} ms`);

  // 3. the firm is found by its name in Traditional characters
  const firm = FIRMS[0];
  await page.goto(`${BASE}/registry/enterprises`);
  await page.fill('input[name="q"][data-testid="search"]', firm.traditional);
  await Promise.all([page.waitForNavigation(), page.press('input[name="q"]', "Enter")]);
  const table = page.locator('[data-testid="enterprise-table"]');
  const link = table.locator(`a[href="/registry/enterprises/${firm.code}"]`);
  assert.equal(await link.count(), 1, `the search finds ${firm.name}: ${await table.textContent()}`);
  assert.equal((await link.textContent()).trim(), firm.name);
  await shot(page, "registry-search-traditional");
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.equal(new URL(page.url()).pathname, `/registry/enterprises/${firm.code}`);
  assert.match(await page.textContent('[data-testid="enterprise-name"]'), new RegExp(firm.name));
  assert.match(await page.textContent(".toolbar code"), new RegExp(`^${firm.code}$`));
  assert.match(await page.textContent("main, body"), /云中区/);
  await shot(page, "registry-enterprise");
  assert.deepEqual(scriptErrors, [], "no script errors on the way");
  await context.close();
});

// Excel on Windows saves CSV with CRLF line ends; the report must name the
// same rows as for LF. Known to be off by one (rows 2 and 3) for now.
test("a CRLF CSV reports the same row numbers", async () => {
  const file = path.join(dir, "企业名录-有误-crlf.csv");
  fs.writeFileSync(file, csv(BAD, "\r\n"));
  const { context, page } = await signIn(browser, "staff");
  try {
    await upload(page, file);
    const lines = (await issueRows(page)).map((r) => r[0]);
    assert.deepEqual([...new Set(lines)].sort(), ["3", "4"], `rows reported: ${lines}`);
  } finally {
    await context.close();
  }
});
