// Shared by the browser journeys: a headless Chromium page with axe-core checks, and
// failure screenshots in artifacts/.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
export const BASE = process.env.BASE_URL;

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // axe is injected as a script: allow it past the app's strict CSP (the app itself is unchanged).
  const context = await browser.newContext({ bypassCSP: true, locale: "it-IT" });
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
