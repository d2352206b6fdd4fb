// Search as families meet it (issue 9), in a real browser on the demo data: suggestions
// while typing (the ARIA 1.2 combobox, by keyboard and by tap), "did you mean", partial
// matches, marked matches; the phone layout at 390 px on every public page (nothing
// scrolls sideways, results before the filters, tap targets of 44 × 44 px, the focus
// order from the header); axe with the suggestions open and with the filters open.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck, stepper, visit, hydrated } from "./helpers.mjs";
import { PHONE, smallTargets, widths } from "./phone.mjs";

let browser, page, step;

before(async () => {
  ({ browser, page } = await launch("192.0.2.9"));
  step = stepper(page);
});

after(async () => { await browser?.close(); });

const api = async (path) => {
  const res = await fetch(`${BASE}${path}`);
  assert.equal(res.status, 200, path);
  return res.json();
};

const box = () => page.locator("#f-q");
const options = () => page.locator("#f-q-list [role=option]");
const search = () => new URL(page.url()).search;

/** Waits for the results of the address now shown (the count the API gives for it). */
async function resultsFor(query) {
  const { total } = await api(`/api/v1/services${query}`);
  await page.locator(".result-count", { hasText: `${total} ${total === 1 ? "servizio trovato" : "servizi trovati"}` }).waitFor();
  return total;
}

test("a misspelt word: the combobox suggests, the keyboard picks, the right results show", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const suggested = [...(await api("/api/v1/services/suggest?q=badnte")).items,
    ...(await api("/api/v1/services/suggest?q=badnte%20")).items];
  const badante = suggested.find((s) => s.kind === "category" && s.text === "Badante");
  assert.ok(badante, "the API suggests the category Badante for badnte");

  await step("suggest-open", async () => {
    await visit(page, `/cerca`);
    await box().waitFor();
    assert.equal(await box().getAttribute("role"), "combobox");
    assert.equal(await box().getAttribute("aria-expanded"), "false");
    assert.equal(await box().getAttribute("aria-controls"), "f-q-list");
    assert.equal(await page.locator("#f-q-list").getAttribute("role"), "listbox");
    await box().focus();
    await page.keyboard.type("badnte");
    await options().first().waitFor();
    assert.equal(await box().getAttribute("aria-expanded"), "true");
    const n = await options().count();
    assert.ok(n > 0 && n <= 8, `1 to 8 suggestions, not ${n}`);
    const status = page.locator(".combobox [role=status]");
    assert.equal((await status.textContent()).trim(), n === 1 ? "1 suggerimento" : `${n} suggerimenti`);
    assert.equal(await box().getAttribute("aria-activedescendant"), null, "no option chosen yet");
    await axeCheck(page, "search-suggestions");
  });

  await step("suggest-keyboard", async () => {
    const texts = (await options().locator(".suggestion-text").allTextContents()).map((t) => t.trim());
    const kinds = (await options().locator(".suggestion-kind").allTextContents()).map((t) => t.trim());
    const at = texts.findIndex((t, i) => t === "Badante" && kinds[i] === "Tipo di servizio");
    assert.ok(at >= 0, `Badante among ${texts.join(" | ")}`);
    for (let i = 0; i <= at; i++) await page.keyboard.press("ArrowDown");
    const option = options().nth(at);
    assert.equal(await box().getAttribute("aria-activedescendant"), await option.getAttribute("id"));
    assert.equal(await option.getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "f-q", "the focus stays in the text");
    // Home and End move the caret in the text and leave the list.
    await page.keyboard.press("Home");
    assert.equal(await box().evaluate((el) => el.selectionStart), 0);
    assert.equal(await box().getAttribute("aria-activedescendant"), null);
    await page.keyboard.press("End");
    assert.equal(await box().evaluate((el) => el.selectionStart), "badnte".length);
    // Up from nothing goes to the last option; Down wraps round to the first.
    await page.keyboard.press("ArrowUp");
    assert.equal(await box().getAttribute("aria-activedescendant"), await options().last().getAttribute("id"));
    await page.keyboard.press("ArrowDown");
    assert.equal(await box().getAttribute("aria-activedescendant"), await options().first().getAttribute("id"));
    for (let i = 0; i < at; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    // Each search is a page the server renders: its islands (the box) hydrate again.
    await page.waitForURL((u) => u.pathname === "/cerca" && u.search === `?category=${badante.category}`);
    await hydrated(page);
    const total = await resultsFor(`?category=${badante.category}`);
    assert.ok(total > 0);
    const tags = await page.locator(".result .tag").allTextContents();
    assert.ok(tags.length > 0 && tags.every((t) => t === "Badante"), `only Badante cards: ${tags.join(", ")}`);
    assert.match(await page.locator(".filters-toggle").textContent(), /Filtri \(1\)/);
  });

  await step("suggest-escape-enter", async () => {
    await box().fill("");
    await box().focus();
    await page.keyboard.type("badante");
    await options().first().waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
    assert.equal(await box().getAttribute("aria-expanded"), "false");
    assert.equal(await box().getAttribute("aria-activedescendant"), null);
    assert.equal(await box().inputValue(), "badante", "Escape closes the list, the text stays");
    // Enter without a chosen option searches the text (the category filter stays), and
    // sends no empty parameter.
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.search === `?q=badante&category=${badante.category}`);
    await hydrated(page);
    await resultsFor(`?q=badante&category=${badante.category}`);
  });

  await step("suggest-tap-provider", async () => {
    const provider = (await api("/api/v1/services/suggest?q=coop")).items.find((s) => s.kind === "provider");
    assert.ok(provider, "a provider is suggested for coop");
    await box().fill("");
    await box().focus();
    await page.keyboard.type("coop");
    const option = options().filter({ hasText: provider.text }).first();
    await option.click();
    await page.waitForURL((u) => u.pathname === `/enti/${provider.id}`);
    await page.locator("h1", { hasText: provider.text }).waitFor();
  });
});

test("an answer to an older text than the one in the box is dropped", async () => {
  await visit(page, `/cerca`);
  await box().waitFor();
  // Hold the answer for "colf" until the answer for "badante" is on screen.
  const colf = (url) => url.pathname === "/api/v1/services/suggest" && url.searchParams.get("q") === "colf";
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(colf, async (route) => { await held; await route.continue(); });
  try {
    const asked = page.waitForRequest((r) => colf(new URL(r.url())));
    await box().focus();
    await page.keyboard.type("colf");
    await asked;
    await box().fill("");
    await page.keyboard.type("badante");
    await options().filter({ hasText: "Badante" }).first().waitFor();
    const before = await options().allTextContents();
    const answered = page.waitForEvent("requestfinished", (r) => colf(new URL(r.url())));
    release();
    await answered;
    // Let the page handle the late answer (two turns of its event loop).
    await page.evaluate(() => new Promise((r) => setTimeout(() => setTimeout(r, 0), 0)));
    assert.deepEqual(await options().allTextContents(), before, "the late answer for colf changed nothing");
    assert.ok(before.every((t) => !/^Colf/.test(t)));
  } finally {
    release();
    await page.unroute(colf);
  }
});

test("did you mean, partial matches, marked matches", async () => {
  await step("did-you-mean", async () => {
    const { did_you_mean } = await api("/api/v1/services?q=badnte");
    assert.equal(did_you_mean, "badante");
    await visit(page, `/cerca?q=badnte`);
    const link = page.locator("[role=status] .did-you-mean a");
    await link.waitFor();
    assert.equal((await page.locator(".did-you-mean").textContent()).trim(), "Forse cercavi «badante»?");
    await link.click();
    await page.waitForURL((u) => u.search === "?q=badante");
    await resultsFor("?q=badante");
    assert.equal(await box().inputValue(), "badante");
    assert.equal(await page.locator(".did-you-mean").count(), 0, "no correction for a right word");
  });

  await step("partial", async () => {
    assert.equal(await page.locator(".partial-notice").count(), 0, "all the words matched");
    const { partial, total } = await api("/api/v1/services?q=badante%20xyzzyq");
    assert.equal(partial, true);
    assert.ok(total > 0);
    await visit(page, `/cerca?q=badante%20xyzzyq`);
    const notice = page.locator("[role=status] .partial-notice");
    await notice.waitFor();
    assert.match(await notice.textContent(), /Nessun servizio contiene tutte le parole/);
    await resultsFor("?q=badante%20xyzzyq");
  });

  await step("highlights", async () => {
    const { items } = await api("/api/v1/services?q=badante");
    const first = items[0];
    const cut = (text, ranges) => ranges.map((r) => [...text].slice(r.start, r.end).join(""));
    await visit(page, `/cerca?q=badante`);
    const card = page.locator(".result").first();
    await card.locator("h3 a", { hasText: first.title }).waitFor();
    assert.equal((await card.locator("h3 a").textContent()).trim(), first.title, "no text lost around the marks");
    const marks = await card.locator("h3 a mark").allTextContents();
    assert.ok(marks.length > 0, "the title has marked words");
    assert.deepEqual(marks, cut(first.title, first.highlights.title));
    assert.ok(marks.every((m) => /badant/i.test(m)));
    assert.deepEqual(await card.locator("article > p:not(.result-meta) mark").allTextContents(), cut(first.summary, first.highlights.summary));
  });

  await step("english", async () => {
    // The switch writes the choice and loads the page again, which the server renders in it.
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Switch to English" }).click()]);
    await hydrated(page);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await visit(page, `/cerca?q=badnte`);
    await page.locator(".did-you-mean", { hasText: "Did you mean “badante”?" }).waitFor();
    await visit(page, `/cerca?q=badante%20xyzzyq`);
    await page.locator(".partial-notice", { hasText: "No service contains all the words" }).waitFor();
    await page.getByRole("button", { name: "Passa all'italiano" }).click();
    await page.locator(".partial-notice", { hasText: "Nessun servizio" }).waitFor();
  });
});

test("the form: no empty parameters, a plain GET form, the compare button", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await step("form-params", async () => {
    await visit(page, `/cerca`);
    await page.locator("#f-zone").waitFor();
    const form = page.locator("form#search-form");
    assert.equal(await form.getAttribute("action"), "/cerca");
    assert.equal(await form.getAttribute("method"), "get");
    assert.equal(await box().getAttribute("name"), "q");
    assert.equal(await box().evaluate((el) => el.form?.id), "search-form", "the text belongs to the form");
    const owned = await page.evaluate(() => [...document.getElementById("search-form").elements]
      .filter((e) => e.name).map((e) => e.name));
    for (const name of ["q", "macro_area", "category", "zone", "max_price_eur", "quote_available", "sort"]) {
      assert.ok(owned.includes(name), `the form submits ${name} without JavaScript`);
    }
    await page.selectOption("#f-zone", "MI-M5");
    await page.locator("form.filter-form button[type=submit]").click();
    await page.waitForURL((u) => u.search === "?zone=MI-M5");
  });

  await step("plain-get", async () => {
    // What the form sends without JavaScript: every field, empty ones too, and euros.
    await visit(page, `/cerca?q=badante&macro_area=&zone=&max_price_eur=30&sort=relevance`);
    await resultsFor("?q=badante&max_price_cents=3000");
    assert.equal(await page.locator("#f-max-price").inputValue(), "30");
  });

  await step("compare-button", async () => {
    const toggle = page.locator(".result .compare-toggle").first();
    await toggle.waitFor();
    assert.equal(await toggle.evaluate((el) => el.tagName), "BUTTON");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    const nav = page.locator(".main-nav a", { hasText: "Confronta" });
    const before = Number((await nav.textContent()).match(/\((\d+)\)/)[1]);
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    await page.locator(".main-nav a", { hasText: `Confronta (${before + 1})` }).waitFor();
    await toggle.press("Space");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await page.locator(".main-nav a", { hasText: `Confronta (${before})` }).waitFor();
  });
});

test("a phone at 390 px: results first, filters behind a disclosure, focus order, tap targets", async () => {
  await page.setViewportSize(PHONE);
  await step("phone-search", async () => {
    await visit(page, `/cerca?q=badante&zone=MI-M5&category=badante`);
    await resultsFor("?q=badante&zone=MI-M5&category=badante");
    const toggle = page.locator(".filters-toggle");
    assert.equal((await toggle.textContent()).trim(), "Filtri (2)");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    assert.equal(await toggle.getAttribute("aria-controls"), "filter-panel");
    assert.equal(await page.locator("#filter-panel").isVisible(), false, "the filters wait behind the button");
    assert.equal(await page.locator("#f-zone").isVisible(), false);
    const first = await page.locator(".result").first().boundingBox();
    assert.ok(first.y < PHONE.height, `the first result starts on the first screen (at ${first.y} px)`);
  });

  await step("phone-focus-order", async () => {
    // From the top of the page: the header, the search, "skip to results", the filters'
    // button, then the results (no hidden filter field between).
    // (The page puts the focus on <main> when it opens: start again from its first link.)
    assert.equal(await page.evaluate(() => document.querySelector("a[href], button").className), "skip-link");
    await page.locator(".skip-link").focus();
    const seen = [];
    for (let i = 0; i < 40; i++) {
      if (i > 0) await page.keyboard.press("Tab");
      const here = await page.evaluate(() => {
        const el = document.activeElement;
        return { id: el.id, cls: el.className, text: el.textContent.trim().slice(0, 40), result: !!el.closest(".result") };
      });
      seen.push(here);
      if (here.result) break;
    }
    const at = (pred, what) => {
      const i = seen.findIndex(pred);
      assert.ok(i >= 0, `${what} in the focus order: ${JSON.stringify(seen)}`);
      return i;
    };
    const skip = at((s) => s.cls === "skip-link", "the header's skip link");
    const q = at((s) => s.id === "f-q", "the search box");
    const submit = at((s) => s.text === "Cerca", "the search button");
    const toResults = at((s) => s.text === "Vai ai risultati", "skip to results");
    const filters = at((s) => /filters-toggle/.test(s.cls), "the filters' button");
    const result = at((s) => s.result, "the first result");
    assert.ok(skip < q && q < submit && submit < toResults && toResults < filters && filters < result);
    assert.ok(seen.slice(filters + 1, result).every((s) => !s.id.startsWith("f-")), "no hidden filter field in the way");
    // "Skip to results" moves the focus to the results.
    await page.locator(".skip-results a").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "results-title");
  });

  await step("phone-filters-open", async () => {
    const toggle = page.locator(".filters-toggle");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    await page.locator("#f-zone").waitFor();
    assert.deepEqual(await smallTargets(page), [], "tap targets with the filters open");
    const { scroll, client } = await widths(page);
    assert.ok(scroll <= client, `no sideways scroll with the filters open: ${scroll} > ${client}`);
    await axeCheck(page, "search-filters-open-390");
    // Applying closes the panel and takes the focus to the results.
    await page.selectOption("#f-zone", "");
    await page.locator("form.filter-form button[type=submit]").click();
    await page.waitForURL((u) => u.search === "?q=badante&category=badante");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await page.waitForFunction(() => document.activeElement?.id === "results-title");
    await page.locator(".filters-toggle", { hasText: "Filtri (1)" }).waitFor();
  });

  await step("phone-suggestions", async () => {
    await box().fill("");
    await box().focus();
    await page.keyboard.type("bad");
    await options().first().waitFor();
    assert.deepEqual(await smallTargets(page), [], "tap targets with the suggestions open");
    await axeCheck(page, "search-suggestions-390");
    await page.keyboard.press("Escape");
  });
});

test("every public page fits a 390 px phone: no sideways scroll, tap targets of 44 px", async () => {
  const { items } = await api("/api/v1/services?q=badante");
  assert.ok(items.length >= 2);
  const pages = [
    ["home", "/", ".area"],
    ["search", "/cerca?q=badante", ".result"],
    ["card", `/servizi/${items[0].id}`, ".card-grid"],
    ["provider", `/enti/${items[0].organisation.id}`, ".result"],
    ["compare", `/confronta?ids=${items[0].id},${items[1].id}`, "table.compare"],
    ["privacy", "/privacy", "main h1"],
  ];
  await page.setViewportSize(PHONE);
  const problems = [];
  for (const [name, path, ready] of pages) {
    await step(`phone-${name}`, async () => {
      await page.goto(`${BASE}${path}`);
      await page.locator(ready).first().waitFor();
      const { scroll, client } = await widths(page);
      if (scroll > 390 || scroll > client) problems.push(`${name}: scrolls sideways (${scroll} px)`);
      for (const small of await smallTargets(page)) problems.push(`${name}: ${small}`);
      for (const small of await smallTargets(page, 44, ".site-header, .site-footer")) problems.push(`${name}: ${small}`);
      await axeCheck(page, `${name}-phone`);
    });
  }
  assert.deepEqual(problems, []);
  // The check sees a target that is too small.
  await page.evaluate(() => {
    const b = document.createElement("button");
    b.id = "tiny";
    b.textContent = "x";
    b.style.cssText = "min-height: 0; min-width: 0; height: 20px; width: 30px; padding: 0";
    document.querySelector("main").append(b);
  });
  assert.deepEqual(await smallTargets(page), ['button "x" 30×20']);
});
