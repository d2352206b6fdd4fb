// Providers' cards and the city's review in a real browser (issue 10): a provider's staff
// member creates a card and fills it in with the keyboard-reachable editor, submits it; a
// citizen, who cannot open the editor, saves a search for it with its daily alert; the
// reviewer sends it back with a comment on the prices; the provider sees the comment,
// fixes the price and submits again; the reviewer approves; the public search finds the
// card, and the citizen's saved search gets its alert mail, whose link stops it once.
// Another organisation's staff opening the editor's address see no card. Someone without
// an account reports the published card as wrong; the report is in the provider's list
// and the city's, and the reviewer closes it. axe-core on every screen, and each fits a
// 390 px phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck as axe, stepper, watch, fitsPhone, hydrated, linkFromMail } from "./helpers.mjs";
import { smallTargets } from "./phone.mjs";

const DEMO_PASSWORD = "demo-domicilia-2026";
const TITLE = "Assistenza notturna zanzibarite";
let browser, page, step, seen;

before(async () => {
  ({ browser, page } = await launch("192.0.2.4"));
  step = stepper(page);
  seen = watch(page);
});

after(async () => { await browser?.close(); });

const axeCheck = (name) => axe(page, name);

async function signIn(email, next, on = page) {
  await on.goto(`${BASE}/accedi?next=${encodeURIComponent(next)}`);
  await hydrated(on);
  await on.locator("#login-email").fill(email);
  await on.locator("#login-password").fill(DEMO_PASSWORD);
  await on.keyboard.press("Enter");
  await on.waitForURL((u) => u.pathname === next);
  await hydrated(on);
  await on.locator(".account-name").waitFor();
}

async function signOut() {
  await page.getByRole("button", { name: "Esci" }).click();
  await page.locator(".flash", { hasText: "Sei uscito" }).waitFor();
}

/** Types into a field and leaves it (the editor reads some fields on change). */
async function type(selector, text) {
  await page.locator(selector).fill(text);
  await page.locator(selector).press("Tab");
}

test("a card from the provider's draft to the public search, through the city's review", async () => {
  let cardPath;

  await step("provider-new-card", async () => {
    await signIn("ente.staff@demo.domicilia.it", "/gestione/schede");
    await page.locator("#new-card-category option").nth(1).waitFor({ state: "attached" });
    await axeCheck("cards-list");
    await fitsPhone(page, "cards-list");
    await page.locator("#new-card-name").fill(TITLE);
    const category = await page.locator("#new-card-category option").nth(1).getAttribute("value");
    await page.selectOption("#new-card-category", category);
    await page.getByRole("button", { name: "Crea la scheda" }).click();
    await page.waitForURL(/\/gestione\/schede\/[0-9a-f-]{36}$/);
    cardPath = new URL(page.url()).pathname;
    await page.locator("#f-title").waitFor();
    // What is missing before it can be submitted is listed, each linked to its field.
    await page.locator("section", { hasText: "Da completare prima dell'invio" }).waitFor();
    await axeCheck("card-editor");
    await fitsPhone(page, "card-editor");
  });

  await step("a-colleague-saved-first-compare-and-keep-mine", async () => {
    // A colleague (another tab of the same office) changes the draft and it is saved.
    const other = await page.context().newPage();
    await other.goto(`${BASE}${cardPath}`);
    await hydrated(other);
    await other.locator("#f-service_manager").fill("Mario Collega");
    await other.locator("#f-service_manager").press("Tab");
    await other.locator("p.status", { hasText: "Bozza salvata" }).waitFor();
    await other.close();
    // This tab's save is refused (412): what was typed stays, and can be compared.
    await type("#f-service_manager", "Dott.ssa Anna Verdi");
    await page.locator(".notice", { hasText: "Qualcun altro ha modificato la scheda" }).waitFor();
    assert.equal(await page.locator("#f-service_manager").inputValue(), "Dott.ssa Anna Verdi");
    await page.getByRole("button", { name: "Confronta" }).click();
    const row = page.locator("#editor-messages tr", { hasText: "Responsabile del servizio" });
    await row.waitFor();
    assert.match(await row.innerText(), /Dott\.ssa Anna Verdi\s+Mario Collega/);
    await axeCheck("card-editor-compare");
    await fitsPhone(page, "card-editor-compare");
    await page.getByRole("button", { name: "Salva il tuo testo al suo posto" }).click();
    await page.locator("p.status", { hasText: "Bozza salvata" }).waitFor();
    assert.equal(await page.locator(".notice", { hasText: "Qualcun altro" }).count(), 0);
  });

  await step("provider-fills-in", async () => {
    await type("#f-service_manager", "Dott.ssa Anna Verdi");
    await type("#f-needs_analysis", "Un colloquio a casa della famiglia per capire i bisogni della notte.");
    await type("#f-solution", "Un operatore resta accanto alla persona dalle 21 alle 7, nelle notti concordate.");
    await type("#f-activities", "Sorveglianza, aiuto al bagno, cambio di posizione, chiamata al medico se serve.");
    await type("#f-contact_phone", "+39 02 1234567");
    await page.selectOption("#f-zones", ["MI-M5"]);
    await page.locator("#f-recipients input[type=checkbox]").first().check();
    await page.locator("#f-delivery_places input[type=checkbox]").first().check();
    await page.getByRole("button", { name: "Aggiungi personale" }).click();
    await type("#f-staff-0-q", "Operatore socio-sanitario");
    await page.getByRole("button", { name: "Aggiungi un prezzo" }).click();
    await type("#f-prices-0-amount", "22");
    await type("#f-languages", "it, es");
    await page.getByRole("button", { name: "Invia in revisione" }).click();
    await page.locator("p.status", { hasText: "Scheda inviata in revisione" }).waitFor();
    await page.locator("p.lead", { hasText: "In revisione" }).waitFor();
    await signOut();
  });

  await step("citizen-cannot-open-the-editor", async () => {
    await signIn("cittadina@demo.domicilia.it", "/account");
    await page.goto(`${BASE}${cardPath}`);
    await hydrated(page);
    await page.locator(".error-box, .notice").first().waitFor();
    assert.equal(await page.locator("#f-title").count(), 0);
    // A published service kept among her favourites, by keyboard; the button says so.
    const first = (await (await fetch(`${BASE}/api/v1/services?per_page=1`)).json()).items[0];
    await page.goto(`${BASE}/servizi/${first.id}`);
    await hydrated(page);
    await page.getByRole("button", { name: "Salva nei preferiti" }).focus();
    await page.keyboard.press("Enter");
    await page.locator(".success-box", { hasText: "Salvato nei preferiti" }).waitFor();
    const kept = page.getByRole("button", { name: "Nei preferiti (togli)" });
    assert.equal(await kept.getAttribute("aria-pressed"), "true");
    // Nothing is published under that name yet: she saves the search, with its alert.
    await page.goto(`${BASE}/cerca?q=zanzibarite`);
    await hydrated(page);
    const open = page.getByRole("button", { name: "Salva questa ricerca" });
    await open.focus();
    await page.keyboard.press("Enter");
    await page.locator("#save-name").fill("Notti in casa");
    assert.equal(await page.locator("#save-alert").isChecked(), true, "the alert is on unless unticked");
    await axeCheck("save-search");
    await fitsPhone(page, "save-search");
    await page.locator("#save-name").press("Enter");
    await page.locator(".success-box", { hasText: "Ricerca salvata" }).waitFor();
    await page.goto(`${BASE}/account`);
    await hydrated(page);
    const saved = page.locator("section", { has: page.getByRole("heading", { name: "Ricerche salvate" }) });
    await saved.getByRole("link", { name: "Notti in casa" }).waitFor();
    assert.equal(await saved.getByRole("checkbox", { name: /Avvisami per e-mail/ }).isChecked(), true);
    const favourites = page.locator("section", { has: page.getByRole("heading", { name: "Preferiti" }) });
    await favourites.getByRole("link", { name: first.title }).waitFor();
    await axeCheck("account-kept");
    await fitsPhone(page, "account-kept");
    assert.deepEqual(await smallTargets(page, 44, "main section"), [], "account-kept: tap targets");
    await signOut();
  });

  await step("another-provider-cannot-open-the-editor", async () => {
    // Staff of another organisation: the card is not theirs, the editor does not open
    // (the API answers 404, the page says so) and nothing of the draft shows.
    // Another browser, from another address: sign-ins are limited to 5 a minute per
    // client, and this journey's browser uses them all.
    const other = await launch("192.0.2.17");
    try {
      await signIn("altro.ente@demo.domicilia.it", "/account", other.page);
      await other.page.goto(`${BASE}${cardPath}`);
      await hydrated(other.page);
      await other.page.locator(".error-box, .notice").first().waitFor();
      assert.equal(await other.page.locator("#f-title").count(), 0);
      assert.ok(!(await other.page.locator("main").innerText()).includes(TITLE), "nothing of the card shows");
    } finally {
      await other.browser.close();
    }
  });

  await step("reviewer-requests-a-change", async () => {
    await signIn("revisore@demo.domicilia.it", "/gestione/revisione");
    const link = page.getByRole("link", { name: TITLE });
    await link.waitFor();
    await axeCheck("review-queue");
    await fitsPhone(page, "review-queue");
    // The filters, by keyboard: the new card is a first publication, sent today.
    await page.locator("summary", { hasText: "Filtra la coda" }).focus();
    await page.keyboard.press("Enter");
    await page.locator("#q-kind").waitFor();
    const counted = () => page.waitForFunction(() => {
      const rows = document.querySelectorAll("table.data tbody tr").length;
      const text = document.querySelector("p.queue-count")?.textContent ?? "";
      return text.startsWith(`${rows} `) && document.querySelector(".loading") === null;
    });
    await page.selectOption("#q-kind", "change");
    await link.waitFor({ state: "detached" });
    await counted();
    await page.selectOption("#q-kind", "first");
    await link.waitFor();
    await counted();
    await axeCheck("review-queue-filtered");
    await fitsPhone(page, "review-queue-filtered");
    await page.selectOption("#q-waiting", "3");
    await link.waitFor({ state: "detached" });
    await page.selectOption("#q-waiting", "");
    await link.waitFor();
    const org = await page.locator("#q-organisation option").nth(1).getAttribute("value");
    assert.ok(org, "the organisations of the queue are choices");
    await link.click();
    await page.waitForURL(/\/gestione\/revisione\/[0-9a-f-]{36}$/);
    await page.locator("#rc-field").waitFor();
    await axeCheck("review-screen");
    await fitsPhone(page, "review-screen");
    await page.selectOption("#rc-field", "prices");
    await page.locator("#rc-field-comment").fill("Indicate anche il prezzo festivo.");
    await page.getByRole("button", { name: "Aggiungi il commento" }).click();
    await page.getByRole("button", { name: "Rimanda all'ente" }).click();
    await page.locator("p.status", { hasText: "rimandata" }).waitFor();
    await signOut();
  });

  await step("provider-fixes-and-resubmits", async () => {
    await signIn("ente.staff@demo.domicilia.it", cardPath);
    await page.locator("section", { hasText: "Indicate anche il prezzo festivo." }).waitFor();
    await axeCheck("card-editor-comments");
    await page.getByRole("button", { name: "Aggiungi un prezzo" }).click();
    await type("#f-prices-1-amount", "26,50");
    await type("#f-prices-1-label", "Festivi");
    await page.getByRole("button", { name: "Invia in revisione" }).click();
    await page.locator("p.status", { hasText: "Scheda inviata in revisione" }).waitFor();
    await signOut();
  });

  await step("reviewer-approves", async () => {
    await signIn("revisore@demo.domicilia.it", "/gestione/revisione");
    await page.getByRole("link", { name: TITLE }).click();
    // The resubmission against what the reviewer sent back: the prices only, readable.
    const since = page.locator("section", { has: page.getByRole("heading", { name: "Cosa è cambiato dalla richiesta di modifiche" }) });
    await since.locator("td", { hasText: "Festivi" }).first().waitFor();
    assert.equal(await since.locator("tbody tr").count(), 1, "only the prices changed since the review");
    assert.match(await since.locator("tbody th").innerText(), /Prezzi/);
    // The preview: the pending version as citizens will see it (the public page's body).
    await page.getByRole("link", { name: "Anteprima per i cittadini" }).click();
    await page.waitForURL(/\/gestione\/anteprima\/[0-9a-f-]{36}$/);
    await page.locator("main h1", { hasText: TITLE }).waitFor();
    await page.locator("#s-prices").waitFor();
    assert.match(await page.locator("main table").first().innerText(), /Festivi/);
    assert.match(await page.locator("p.notice").innerText(), /Anteprima/);
    await axeCheck("card-preview");
    await fitsPhone(page, "card-preview");
    await page.getByRole("link", { name: "Torna alla scheda" }).click();
    await page.waitForURL(/\/gestione\/revisione\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Approva e pubblica" }).click();
    await page.locator("p.status", { hasText: "approvata" }).waitFor();
    // Every version, and any two compared: here the one published and the first draft.
    await page.getByRole("link", { name: "Versioni e differenze" }).click();
    await page.waitForURL(/\/gestione\/versioni\/[0-9a-f-]{36}$/);
    const versions = page.locator("table", { has: page.locator("caption", { hasText: "Versioni e differenze" }) });
    await versions.locator("tbody tr").first().waitFor();
    assert.match(await versions.locator("tbody tr").first().innerText(), /Pubblicata/);
    await page.locator("#v-from").waitFor();
    await axeCheck("card-versions");
    await fitsPhone(page, "card-versions");
    await signOut();
  });

  await step("public-search-finds-it", async () => {
    // The index follows the catalogue's changes every half second.
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      await page.goto(`${BASE}/cerca?q=zanzibarite`);
      found = (await page.locator("main", { hasText: TITLE }).count()) > 0;
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(found, "the approved card is found by the public search");
  });

  await step("the-saved-search-gets-its-alert-mail", async () => {
    // The first publication wakes the alerts: one mail, whose link stops them in one click.
    const link = await linkFromMail(process.env.MAIL_DIR, "cittadina@demo.domicilia.it", "/avvisi/stop?token=");
    const stop = new URL(link);
    await page.goto(`${BASE}${stop.pathname}${stop.search}`);
    await page.locator(".success-box", { hasText: "Notti in casa" }).waitFor();
    await axeCheck("alert-stopped");
    await fitsPhone(page, "alert-stopped");
    // The link works once.
    await page.goto(`${BASE}${stop.pathname}${stop.search}`);
    await page.locator(".notice", { hasText: "già stato usato" }).waitFor();
  });

  // Refused calls (the citizen's 404) are logged by the browser itself; nothing else may be.
  assert.deepEqual(seen.console.filter((m) => !m.includes("Failed to load resource")), [], "no console errors");
});

// Another browser and client address: sign-ins are limited per client (5 a minute).
test("a citizen's report reaches the provider's list and the city's, and is closed", async () => {
  await browser?.close();
  ({ browser, page } = await launch("192.0.2.14"));
  step = stepper(page);
  seen = watch(page);
  await step("citizen-reports-the-card", async () => {
    // Anyone, without an account: from the card page to the report form (another bundle).
    await page.goto(`${BASE}/cerca?q=zanzibarite`);
    await page.getByRole("link", { name: TITLE }).first().click();
    await page.waitForURL(/\/servizi\/[0-9a-f-]{36}$/);
    await hydrated(page);
    await page.getByRole("link", { name: /Segnalalo/ }).click();
    await page.waitForURL(/\/segnala\/[0-9a-f-]{36}$/);
    await page.locator("#report-r-wrong_prices").waitFor();
    await axeCheck("report-form");
    await fitsPhone(page, "report-form");
    // Nothing chosen: the summary takes focus and names the question.
    await page.getByRole("button", { name: "Invia la segnalazione" }).click();
    await page.locator("#report-errors").waitFor();
    // The summary takes the focus once it is drawn (a tick after it appears).
    await page.waitForFunction((id) => document.activeElement?.id === id, "report-errors");
    await page.locator("#report-r-wrong_prices").check();
    await page.locator("#report-details").fill("Al telefono il prezzo notturno è 30 euro l'ora.");
    await page.getByRole("button", { name: "Invia la segnalazione" }).click();
    await page.locator(".success-box", { hasText: "Grazie" }).waitFor();
    await axeCheck("report-sent");
  });

  await step("provider-sees-the-report-and-the-bell", async () => {
    await signIn("ente.staff@demo.domicilia.it", "/gestione/schede");
    // The staff member heard of the review's decisions: the bell counts them.
    const bell = page.locator("a.bell");
    await bell.locator(".bell-count:not(.empty)").waitFor();
    assert.match(await bell.innerText(), /^\s*Notifiche\s*\d+\s+da leggere\s*$/);
    await page.getByRole("link", { name: "Segnalazioni dei cittadini" }).click();
    await page.waitForURL((u) => u.pathname === "/gestione/segnalazioni");
    await page.locator("li.report", { hasText: "Al telefono il prezzo notturno" }).waitFor();
    await axeCheck("provider-reports");
    await signOut();
  });

  await step("reviewer-sees-the-report-and-closes-it", async () => {
    await signIn("revisore@demo.domicilia.it", "/gestione/revisione");
    await page.getByRole("link", { name: "Segnalazioni dei cittadini" }).click();
    await page.waitForURL((u) => u.pathname === "/gestione/segnalazioni");
    const item = page.locator("li.report", { hasText: "Al telefono il prezzo notturno" });
    await item.waitFor();
    await axeCheck("review-reports");
    await fitsPhone(page, "review-reports");
    await item.locator("select").selectOption("no_change");
    await item.getByRole("button", { name: "Chiudi la segnalazione" }).click();
    await page.locator("main", { hasText: "Nessuna segnalazione aperta." }).waitFor();
    await signOut();
  });

  assert.deepEqual(seen.console.filter((m) => !m.includes("Failed to load resource")), [], "no console errors");
});
