// Issue 9: the public pages arrive as HTML with their content and head, then hydrate
// under the real CSP (no inline script) without calling again for the data they carry,
// without moving, and stay interactive; English from the cookie; readable with
// JavaScript off; axe clean on every server-rendered page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck, watch, stepper, hydrated } from "./helpers.mjs";

let card, second, org, browser, page, seen, step;

before(async () => {
  const list = await (await fetch(`${BASE}/api/v1/services?per_page=2`)).json();
  [card, second] = list.items;
  org = card.organisation.id;
  // The real CSP: a page that breaks it logs an error.
  ({ browser, page } = await launch("192.0.2.90", { bypassCSP: false }));
  seen = watch(page);
  step = stepper(page);
});

after(async () => { await browser?.close(); });

/** The server-rendered pages, each with the API call whose data the page carries. */
function pages() {
  return [
    { name: "home", path: "/", data: "/api/v1/catalogue", ready: ".area" },
    { name: "search", path: "/cerca?q=badnte&zone=MI-M5", data: "/api/v1/services", ready: ".result" },
    { name: "card", path: `/servizi/${card.id}`, data: `/api/v1/services/${card.id}`, ready: ".card-grid" },
    { name: "provider", path: `/enti/${org}`, data: `/api/v1/organisations/${org}`, ready: ".result-list" },
    { name: "compare", path: `/confronta?ids=${card.id},${second.id}`, data: `/api/v1/services/${second.id}`, ready: "table.compare" },
    { name: "spaces", path: "/spazi", data: "/api/v1/spaces", ready: "h2" },
    { name: "privacy", path: "/privacy", data: null, ready: "h2" },
  ];
}

/** Layout shifts of the page so far (the browser's own record, buffered from the start). */
async function layoutShift(p) {
  return p.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0));
    }).observe({ type: "layout-shift", buffered: true });
    // No entry at all: the observer never calls back.
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(0)));
  }));
}

test("the pages arrive rendered, with no inline script", async () => {
  for (const { name, path } of pages()) {
    const r = await fetch(`${BASE}${path}`);
    assert.equal(r.status, 200, name);
    assert.match(r.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval';/, name);
    const html = await r.text();
    assert.match(html, /<title>[^<]+ — Domicilia<\/title>/, name);
    assert.match(html, /<link rel="canonical" href="http:\/\/127\.0\.0\.1:\d+\//, name);
    assert.match(html, /<meta property="og:title" content="[^"]+">/, name);
    assert.match(html, /<h1[^>]*>[^<]+/, name);
    for (const tag of html.match(/<script[^>]*>/g)) {
      assert.match(tag, /src="\/assets\/|type="application\/(json|ld\+json)"/, `${name}: ${tag}`);
    }
  }
  // The pages' template is not a page of its own.
  assert.equal((await fetch(`${BASE}/page.html`)).status, 404);
  const missing = await fetch(`${BASE}/servizi/01a1b9ca-0000-7000-8000-000000000000`);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /<h1[^>]*>Pagina non trovata</);
  const nowhere = await fetch(`${BASE}/una-pagina-che-non-esiste`);
  assert.equal(nowhere.status, 404);
  assert.match(await nowhere.text(), /<h1[^>]*>Pagina non trovata</);
});

test("each page hydrates without errors, calls, or movement; the same text with JavaScript off", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const plain = await ctx.newPage();
  try {
    for (const { name, path, data, ready } of pages()) {
      await step(`hydrate-${name}`, async () => {
        seen.clear();
        await page.goto(`${BASE}${path}`, { waitUntil: "networkidle" });
        await hydrated(page);
        await page.locator(ready).first().waitFor();
        if (data) assert.deepEqual(seen.calls(data).map((r) => r.url), [], `${name}: the data came with the page`);
        assert.deepEqual(seen.console, [], `${name}: nothing logged`);
        const shift = await layoutShift(page);
        assert.ok(shift < 0.01, `${name}: layout shift ${shift}`);
        // What hydrated is what the server sent: the same text as with JavaScript off.
        await plain.goto(`${BASE}${path}`);
        const off = await plain.textContent("main");
        assert.ok(off.length > 100, `${name} readable without JavaScript`);
        assert.equal(await page.textContent("main"), off, `${name}: the hydrated page is the server's`);
      });
    }
  } finally {
    await ctx.close();
  }
});

test("after hydration the card's page is interactive", async () => {
  await step("interactive", async () => {
    seen.clear();
    await page.goto(`${BASE}/servizi/${card.id}`, { waitUntil: "networkidle" });
    await hydrated(page);
    assert.equal(await page.textContent("h1"), card.title);
    const toggle = page.locator("main button.secondary");
    await toggle.click();
    await page.waitForFunction(() => document.querySelector("main button.secondary").getAttribute("aria-pressed") === "true");
    assert.match(await page.textContent(".main-nav"), /\(1\)/);
    // The list survives a reload, read once the page is interactive.
    await page.reload({ waitUntil: "networkidle" });
    await hydrated(page);
    await page.waitForFunction(() => /\(1\)/.test(document.querySelector(".main-nav").textContent));
    // The public pages are islands: a link is a page the server renders, which arrives
    // with its data (no call for it) and hydrates.
    await Promise.all([page.waitForURL(/\/enti\//), page.click(".result-meta a")]);
    await hydrated(page);
    await page.locator(".result-list").waitFor();
    assert.deepEqual(seen.calls(`/api/v1/organisations/${org}`).map((r) => r.url), [], "the provider's data came with the page");
    // The home's search form: a plain GET form, whose results page arrives rendered (the
    // interactive parts hydrated: the comparison's count is the stored list's).
    await page.goto(`${BASE}/`, { waitUntil: "networkidle" });
    await hydrated(page);
    await page.fill("#home-q", "badante");
    await Promise.all([page.waitForURL(/\/cerca\?q=badante/), page.press("#home-q", "Enter")]);
    await hydrated(page);
    await page.locator(".result-count").waitFor();
    await page.waitForFunction(() => /\(1\)/.test(document.querySelector(".main-nav").textContent));
    assert.deepEqual(seen.calls("/api/v1/services").map((r) => r.url), [], "the results came with the page");
    // The language switch, then the server renders English (the choice is a cookie).
    await page.goto(`${BASE}/servizi/${card.id}`, { waitUntil: "networkidle" });
    await hydrated(page);
    // The switch writes the choice, then the server renders the page again in English.
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Switch to English" }).click()]);
    await hydrated(page);
    await page.locator(".skip-link", { hasText: "Skip to main content" }).waitFor({ state: "attached" });
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.locator("h2", { hasText: "Prices (VAT included)" }).waitFor();
    const cookies = await page.context().cookies();
    assert.ok(cookies.some((c) => c.name === "domicilia_lang" && c.value === "en"), JSON.stringify(cookies));
    assert.deepEqual(seen.console, []);
  });
});

test("what is typed before the page is interactive stays when it becomes so", async () => {
  // The app's download is held: the server's page is on screen and its fields take text.
  let held, release;
  await page.route(/\.wasm$/, async (route) => { await held; await route.continue(); });
  try {
    for (const [path, field] of [["/", "#home-q"], ["/cerca?q=colf", "#f-q"]]) {
      held = new Promise((r) => { release = r; });
      await page.goto(`${BASE}${path}`);
      await page.locator(field).fill("badante a ore");
      assert.notEqual(await page.evaluate(() => document.documentElement.dataset.hydrated), "true", "still the server's page");
      release();
      await hydrated(page);
      assert.equal(await page.inputValue(field), "badante a ore", `${path}: the text survives hydration`);
      // And the app's own handling takes it from there: a search for that text.
      await page.locator(field).press("Enter");
      await page.waitForURL((u) => u.pathname === "/cerca" && u.searchParams.get("q") === "badante a ore");
    }
  } finally {
    release?.();
    await page.unroute(/\.wasm$/);
  }
});

test("English from the cookie: the server renders it, the page hydrates in it", async () => {
  const r = await fetch(`${BASE}/servizi/${card.id}`, { headers: { Cookie: "domicilia_lang=en" } });
  const html = await r.text();
  assert.match(html, /<html lang="en">/);
  assert.ok(html.includes("Skip to main content"), "English interface");
  assert.match(html, /<h1 lang="it">/, "the provider's Italian title is marked");
  const { browser: b, page: p } = await launch("192.0.2.91", { bypassCSP: false });
  const log = watch(p);
  try {
    await p.context().addCookies([{ name: "domicilia_lang", value: "en", url: BASE }]);
    await p.goto(`${BASE}/servizi/${card.id}`, { waitUntil: "networkidle" });
    await hydrated(p);
    assert.equal(await p.getAttribute("html", "lang"), "en");
    await p.locator("h2", { hasText: "Prices (VAT included)" }).waitFor();
    assert.deepEqual(log.calls(`/api/v1/services/${card.id}`), []);
    assert.deepEqual(log.console, []);
    // A choice made before the cookie existed (storage only): the page switches once
    // interactive, and writes the cookie for the next one.
    await p.context().clearCookies();
    await p.evaluate(() => localStorage.setItem("domicilia.lang", "en"));
    await p.goto(`${BASE}/privacy`, { waitUntil: "networkidle" });
    await hydrated(p);
    await p.locator("h1", { hasText: "Privacy notice" }).waitFor();
    const cookies = await p.context().cookies();
    assert.ok(cookies.some((c) => c.name === "domicilia_lang" && c.value === "en"), JSON.stringify(cookies));
    assert.deepEqual(log.console, []);
  } finally {
    await b.close();
  }
});

test("with JavaScript off: every card readable, real links, the search form submits", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const p = await ctx.newPage();
  try {
    await p.goto(`${BASE}/`);
    await p.fill("#home-q", "badante");
    await Promise.all([p.waitForURL(/\/cerca\?q=badante/), p.press("#home-q", "Enter")]);
    // The search page itself: its results, its text kept in the box, its filters a form.
    assert.ok((await p.locator(".result").count()) > 0, "results without JavaScript");
    assert.equal(await p.inputValue("#f-q"), "badante");
    await p.selectOption("#f-zone", "MI-M5");
    await Promise.all([p.waitForURL(/zone=MI-M5/), p.click("form.filter-form button[type=submit]")]);
    assert.equal(await p.locator('.facet a[aria-current="true"]').textContent().then((t) => t.startsWith("Municipio 5")), true);
    assert.ok((await p.locator(".result").count()) > 0, "filtered results without JavaScript");
    await p.goto(`${BASE}/servizi/${card.id}`);
    assert.equal(await p.textContent("h1"), card.title);
    assert.ok((await p.textContent("main")).includes(card.organisation.legal_name));
    await Promise.all([p.waitForURL(/\/enti\//), p.click(".result-meta a")]);
    assert.equal(await p.textContent("h1"), card.organisation.legal_name);
    // From the provider to another of its cards, still without a script.
    const next = p.locator(".result-list a[href^='/servizi/']").first();
    const href = await next.getAttribute("href");
    await Promise.all([p.waitForURL(new RegExp(href)), next.click()]);
    assert.ok((await p.textContent("h1")).length > 0);
  } finally {
    await ctx.close();
  }
});

test("axe finds nothing on the server-rendered pages, Italian and English", async () => {
  const { browser: b, page: p } = await launch("192.0.2.92");
  try {
    for (const lang of ["it", "en"]) {
      await p.context().addCookies([{ name: "domicilia_lang", value: lang, url: BASE }]);
      for (const { name, path, ready } of pages()) {
        await p.goto(`${BASE}${path}`, { waitUntil: "networkidle" });
        await hydrated(p);
        await p.locator(ready).first().waitFor();
        await axeCheck(p, `ssr-${name}-${lang}`);
      }
      const missing = `${BASE}/servizi/01a1b9ca-0000-7000-8000-000000000000`;
      await p.goto(missing, { waitUntil: "networkidle" });
      await axeCheck(p, `ssr-notfound-${lang}`);
    }
  } finally {
    await b.close();
  }
});
