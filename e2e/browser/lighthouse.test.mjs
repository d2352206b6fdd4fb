// Lighthouse 12 (mobile: Moto G Power screen, simulated slow 4G and 4× slower CPU) on the
// pages families meet first: the home page, a search and a service card. Issue 9's
// thresholds: performance ≥ 95, accessibility 100, best practices 100, LCP ≤ 2.0 s,
// CLS ≤ 0.02. Each report is written to artifacts/lighthouse-<page>.json.
//
// Lighthouse drives the same Debian Chromium as the journeys, through its own launcher.
// The server under test is `make test-browser`'s (see the Makefile).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { BASE } from "./helpers.mjs";

const THRESHOLDS = { performance: 95, accessibility: 100, "best-practices": 100 };
const MAX_LCP_MS = 2000;
const MAX_CLS = 0.02;
// Lighthouse's figures vary from run to run (it simulates the phone from what it
// observed on this machine), so as Lighthouse's own documentation advises a page is
// judged on five runs: it passes when the majority (its median run) meets every
// threshold — three passing runs end it early, three failing ones too.
const RUNS = 5;

async function firstCard() {
  const r = await fetch(`${BASE}/api/v1/services?q=badante&per_page=1`);
  assert.equal(r.status, 200);
  return (await r.json()).items[0];
}

function figures(lhr) {
  const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    "best-practices": score("best-practices"),
    lcp: lhr.audits["largest-contentful-paint"].numericValue,
    cls: lhr.audits["cumulative-layout-shift"].numericValue,
    tbt: lhr.audits["total-blocking-time"].numericValue,
  };
}

function failures(f) {
  const out = [];
  for (const [c, min] of Object.entries(THRESHOLDS)) if (f[c] < min) out.push(`${c} ${f[c]} < ${min}`);
  if (f.lcp > MAX_LCP_MS) out.push(`LCP ${Math.round(f.lcp)} ms > ${MAX_LCP_MS} ms`);
  if (f.cls > MAX_CLS) out.push(`CLS ${f.cls.toFixed(3)} > ${MAX_CLS}`);
  return out;
}

/** The audits that cost points, for the failure message. */
function lost(lhr) {
  return Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
    .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`)
    .slice(0, 15);
}

async function audit(chrome, name, url) {
  const runs = [];
  const need = Math.floor(RUNS / 2) + 1;
  const decided = () => runs.filter((r) => r.bad.length === 0).length >= need || runs.filter((r) => r.bad.length > 0).length >= need;
  for (let run = 0; run < RUNS && !decided(); run++) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: Object.keys(THRESHOLDS),
    });
    const f = figures(result.lhr);
    runs.push({ f, bad: failures(f), lhr: result.lhr, report: result.report });
    console.log(`lighthouse ${name} run ${run + 1}: performance ${f.performance}, accessibility ${f.accessibility}, best practices ${f["best-practices"]}, LCP ${Math.round(f.lcp)} ms, CLS ${f.cls.toFixed(3)}, TBT ${Math.round(f.tbt)} ms`);
  }
  const passed = runs.filter((r) => r.bad.length === 0);
  const shown = passed[0] ?? runs[runs.length - 1];
  fs.writeFileSync(`artifacts/lighthouse-${name}.json`, shown.report);
  assert.ok(passed.length >= need, `${name} (${url}): ${passed.length} of ${runs.length} runs met the thresholds; last: ${shown.bad.join("; ")}; audits below 1: ${lost(shown.lhr).join(", ")}`);
}

test("Lighthouse mobile: home, a search and a card meet issue 9's thresholds", async () => {
  const card = await firstCard();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    await audit(chrome, "home", `${BASE}/`);
    await audit(chrome, "search", `${BASE}/cerca?q=badante`);
    await audit(chrome, "card", `${BASE}/servizi/${card.id}`);
  } finally {
    await chrome.kill();
  }
});
