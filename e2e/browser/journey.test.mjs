// The citizen's journey in a real browser: home → search "badante" in Municipio 5 →
// a card → compare two cards → English. axe-core must find no serious or critical
// violation on any page, and no page scrolls sideways on a 390 px phone. An anonymous
// visitor's pages ask for no session (no /auth/refresh) and log no console error.
// Screenshots of failures go to artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck as axe, stepper, watch, fitsPhone, visit, hydrated } from "./helpers.mjs";

let browser, page, step, seen;

before(async () => {
  ({ browser, page } = await launch());
  step = stepper(page);
  seen = watch(page);
});

after(async () => { await browser?.close(); });

const axeCheck = (name) => axe(page, name);

test("citizen journey: search, card, compare, English", async () => {
  const zones = await (await fetch(`${BASE}/api/v1/zones`)).json();
  const inM5 = new Set(zones.items.filter((z) => z.code === "MI-M5" || z.parent === "MI-M5").map((z) => z.name));

  await step("home", async () => {
    await visit(page, "/");
    await page.locator("h1").waitFor();
    await page.locator(".area").first().waitFor();
    assert.equal(await page.locator(".area").count(), 4);
    assert.equal(await page.getAttribute("html", "lang"), "it");
    await axeCheck("home");
    await fitsPhone(page, "home");
  });

  await step("search", async () => {
    // Keyboard: type the query and press Enter.
    await page.locator("#home-q").focus();
    await page.keyboard.type("badante");
    await page.keyboard.press("Enter");
    // Each page is the server's: its interactive parts (islands) hydrate once loaded.
    await page.waitForURL(/\/cerca\?q=badante/);
    await hydrated(page);
    await page.locator("#f-zone").waitFor();
    await page.selectOption("#f-zone", "MI-M5");
    await page.locator("form.filter-form button[type=submit]").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.search === "?q=badante&zone=MI-M5");
    // The page that knows the filter (its Municipio facet is the selected one).
    await page.locator('.facet a[aria-current="true"]', { hasText: "Municipio 5" }).waitFor();
    await page.locator(".result").first().waitFor();
    const count = await page.locator(".result").count();
    assert.ok(count > 0, "some results");
    const zoneTexts = await page.locator(".result dl.facts div:last-child dd").allTextContents();
    for (const text of zoneTexts) {
      const names = text.replace(/ \+\d+$/, "").split(", ");
      assert.ok(names.some((n) => inM5.has(n)), `result outside Municipio 5: ${text}`);
    }
    const status = await page.locator(".result-count").textContent();
    assert.match(status, /\d+ servizi trovati/);
    await axeCheck("search");
    await fitsPhone(page, "search");
  });

  let firstTitle, cardUrl;
  await step("card", async () => {
    const link = page.locator(".result h3 a").first();
    firstTitle = (await link.textContent()).trim();
    await link.click();
    await page.waitForURL(/\/servizi\//);
    await hydrated(page);
    await page.locator("h1", { hasText: firstTitle }).waitFor();
    for (const heading of ["Prezzi (IVA inclusa)", "Personale", "Primo contatto", "Tempi medi di attesa", "Descrizione del servizio"]) {
      await page.locator("h2", { hasText: heading }).waitFor();
    }
    assert.ok((await page.locator("#s-prices ~ table tbody tr, section[aria-labelledby=s-prices] tbody tr").count()) > 0);
    await page.getByRole("button", { name: "Aggiungi al confronto" }).click();
    await axeCheck("card");
    await fitsPhone(page, "card");
    cardUrl = page.url();
  });

  await step("compare", async () => {
    await page.goBack();
    await page.locator(".result").nth(1).waitFor();
    await page.locator(".result h3 a").nth(1).click();
    await page.waitForURL(/\/servizi\//);
    await hydrated(page);
    await page.getByRole("button", { name: "Aggiungi al confronto" }).click();
    await page.getByRole("link", { name: "Confronta i servizi scelti" }).click();
    await page.waitForURL(/\/confronta/);
    await page.locator("table.compare").waitFor();
    assert.equal(await page.locator("table.compare thead th").count(), 3, "feature column + two cards");
    assert.ok((await page.locator("table.compare thead").textContent()).includes(firstTitle));
    await axeCheck("compare");
    await fitsPhone(page, "compare");
  });

  await step("english", async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Switch to English" }).click()]);
    await page.locator("h1", { hasText: "Service comparison" }).waitFor();
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.locator("th", { hasText: "Provider" }).first().waitFor();
    await axeCheck("compare-en");
    await visit(page, `/cerca?q=badante&zone=MI-M5`);
    await page.locator(".result-count", { hasText: "services found" }).waitFor();
    await axeCheck("search-en");
  });

  await step("anonymous", async () => {
    // Home, search and a card, loaded afresh, without a session: no renewal is asked for
    // (it could only answer 401, which the browser logs as an error), nothing logged.
    for (const url of [`${BASE}/`, `${BASE}/cerca?q=badante`, cardUrl]) {
      await page.goto(url);
      await page.locator("h1").waitFor();
      await page.locator(".account-links").waitFor();
    }
    assert.deepEqual(seen.calls("/api/v1/auth/refresh").map((r) => r.url), [], "no renewal without a session");
    assert.deepEqual(seen.console, [], "nothing logged");
  });
});
