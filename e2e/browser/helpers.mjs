// Shared by the browser journeys: a headless Chromium page with axe-core checks, and
// failure screenshots in artifacts/.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
export const BASE = process.env.BASE_URL;

/** A browser page. `client` is the address the server sees for it (the test server
 * trusts 127.0.0.1 as a proxy): each journey is its own client for the rate limits.
 * `bypassCSP` (for axe, injected as a script) is off only where the CSP is under test. */
export async function launch(client = "192.0.2.1", { bypassCSP = true } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // axe is injected as a script: allow it past the app's strict CSP (the app itself is unchanged).
  const context = await browser.newContext({
    bypassCSP, locale: "it-IT", extraHTTPHeaders: { "X-Forwarded-For": client },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  // The app must make no request outside its own origin.
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== new URL(BASE).origin) {
      throw new Error(`external request: ${r.url()}`);
    }
  });
  page.on("pageerror", (e) => { throw new Error(`page error: ${e.message}`); });
  return { browser, page };
}

export async function axeCheck(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) await page.screenshot({ path: `artifacts/${name}-axe.png`, fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), [], `axe on ${name}`);
}

/** Records what the page logs (console errors and warnings) and which API calls it makes. */
export function watch(page) {
  const seen = { console: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") seen.console.push(`${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on("request", (r) => seen.requests.push({ method: r.method(), url: r.url(), headers: r.headers() }));
  seen.clear = () => { seen.console.length = 0; seen.requests.length = 0; };
  seen.calls = (path) => seen.requests.filter((r) => new URL(r.url).pathname === path);
  return seen;
}

/** The page fits a 390 px wide phone: nothing scrolls sideways, and axe finds nothing
 * there either (a table that scrolls by itself must be reachable by keyboard). */
export async function fitsPhone(page, name) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const { scroll, width } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
    }));
    if (scroll > width) await page.screenshot({ path: `artifacts/${name}-390.png`, fullPage: true });
    assert.ok(scroll <= width, `${name} at 390 px scrolls sideways: ${scroll} > ${width}`);
    await axeCheck(page, `${name}-390`);
  } finally {
    await page.setViewportSize(before);
  }
}

export function stepper(page) {
  return async function step(name, fn) {
    try {
      await fn();
    } catch (e) {
      await page.screenshot({ path: `artifacts/${name}.png`, fullPage: true }).catch(() => {});
      throw e;
    }
  };
}

/** Decodes quoted-printable (soft line breaks and =XX bytes, as UTF-8). */
function quotedPrintable(s) {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** Waits for the mail to `to` holding `marker` among the .eml files the server wrote in
 * `dir` (the newest such mail), and returns the link that starts with it. */
export async function linkFromMail(dir, to, marker) {
  for (let i = 0; i < 100; i++) {
    // Newest first: the files are named by time-ordered ids.
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : []) {
      const text = quotedPrintable(fs.readFileSync(path.join(dir, f), "utf8"));
      if (text.includes(`To: ${to}`) && text.includes(marker)) {
        return text.match(new RegExp(`https?://\\S+${marker.replace("?", "\\?")}[\\w-]+`))[0];
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} with ${marker} in ${dir}`);
}

/** Waits until the app has taken over the page (boot.js marks it once hydrated or mounted). */
export async function hydrated(page) {
  // `?.`: polled while a navigation replaces the document, which then has no root yet.
  await page.waitForFunction(() => document.documentElement?.dataset.hydrated === "true");
}

/** Opens a page of the app and waits until it is interactive: a server-rendered page is on
 * screen before that, and what a test types there would go to the plain form. */
export async function visit(page, path) {
  await page.goto(`${BASE}${path}`);
  await hydrated(page);
}
