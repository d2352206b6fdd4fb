// One message to several providers in a real browser (issue 11): a citizen chooses three
// services of two organisations (the comparison list), writes one request (a refused
// send names the missing consent; a double click sends once), and sees one thread per
// organisation. Both providers answer with quotes (the quote form's totals shown as
// typed); the citizen counter-proposes to one, which accepts it (a second version, the
// first kept as superseded); the citizen compares the quotes and accepts one with a
// voucher: the order shows the co-payment, the other organisation's thread is closed
// with the polite notice, and the provider confirms the start. The family reviews the
// service, the city's reviewer publishes the review, the provider answers it, and the
// card page shows it with the provider's measured answer times (after a few more
// requests answered, through the API: a card shows them from 5 threads). axe-core on
// every new screen, each fits a 390 px phone with tap targets of 44 px.
// Each person has a browser of their own (another client address: sign-ins are limited
// to five a minute per client).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck, stepper, fitsPhone, hydrated } from "./helpers.mjs";
import { smallTargets } from "./phone.mjs";

const DEMO_PASSWORD = "demo-domicilia-2026";
const FAMILY = "cittadina@demo.domicilia.it";
const PROVIDER_A = "ente.staff@demo.domicilia.it";
const PROVIDER_B = "altro.ente@demo.domicilia.it";
const REVIEWER = "revisore@demo.domicilia.it";
const ADMIN_A = "ente.admin@demo.domicilia.it";
let family, providerA, providerB, reviewer, adminA;

/** The published cards of the organisation `email` works for, through the API. */
async function publishedCards(email, client) {
  const headers = { "Content-Type": "application/json", "X-Forwarded-For": client };
  const token = await apiToken(email, client);
  const cards = await fetch(`${BASE}/api/v1/cards`, { headers: { ...headers, Authorization: `Bearer ${token}` } });
  const list = (await cards.json()).items.filter((c) => c.status === "published");
  // Only cards the public catalogue shows (the organisation accredited).
  const shown = [];
  for (const c of list) {
    if ((await fetch(`${BASE}/api/v1/services/${c.id}`)).status === 200) shown.push(c.id);
  }
  return shown;
}

/** A bearer token of `email` (through the API, from another client address). The
 * server allows 5 sign-ins a minute per account, and the journeys before this one sign the
 * demo provider in too: a 429 is waited out as its Retry-After says, as a client should. */
async function apiToken(email, client) {
  for (let attempt = 0; ; attempt++) {
    const login = await fetch(`${BASE}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": client },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    if (login.status === 429 && attempt < 2) {
      const wait = Number(login.headers.get("retry-after") ?? "60");
      assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
      await new Promise((r) => setTimeout(r, (wait + 1) * 1000));
      continue;
    }
    assert.equal(login.status, 200, `sign-in of ${email}`);
    return (await login.json()).access_token;
  }
}
const token = apiToken;

async function signIn(who, email, next) {
  await who.page.goto(`${BASE}/accedi?next=${encodeURIComponent(next)}`);
  await hydrated(who.page);
  await who.page.locator("#login-email").fill(email);
  await who.page.locator("#login-password").fill(DEMO_PASSWORD);
  await who.page.keyboard.press("Enter");
  await who.page.waitForURL((u) => u.pathname === next.split("?")[0]);
  await hydrated(who.page);
  await who.page.locator(".account-name").waitFor();
}

/** axe, the 390 px rules and the tap targets of the page's main content. */
async function checked(page, name) {
  await axeCheck(page, name);
  await fitsPhone(page, name);
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    assert.deepEqual(await smallTargets(page, 44, "main"), [], `${name}: tap targets`);
  } finally {
    await page.setViewportSize(before);
  }
}

async function goto(page, path) {
  await page.goto(`${BASE}${path}`);
  await hydrated(page);
}

before(async () => {
  family = await launch("192.0.2.40");
  providerA = await launch("192.0.2.41");
  providerB = await launch("192.0.2.42");
  reviewer = await launch("192.0.2.45");
  adminA = await launch("192.0.2.48");
});

after(async () => {
  for (const who of [family, providerA, providerB, reviewer, adminA]) await who?.browser.close();
});

test("a family contacts three services of two providers, compares the quotes and activates one", async () => {
  const step = stepper(family.page);
  const stepA = stepper(providerA.page);
  const stepB = stepper(providerB.page);
  const stepR = stepper(reviewer.page);
  const cardsA = (await publishedCards(PROVIDER_A, "192.0.2.43")).slice(0, 2);
  const cardsB = (await publishedCards(PROVIDER_B, "192.0.2.44")).slice(0, 1);
  assert.equal(cardsA.length, 2, "the first demo provider has two published cards");
  assert.equal(cardsB.length, 1, "the second demo provider has a published card");
  const page = family.page;
  let threadA, threadB;
  const validUntil = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);

  await step("family-chooses-three-services", async () => {
    await signIn(family, FAMILY, "/richieste");
    await page.locator("main p, main section").first().waitFor();
    await checked(page, "contact-inbox-empty");
    for (const id of [...cardsA, ...cardsB]) {
      await goto(page, `/servizi/${id}`);
      // Each card page links to a request for it alone…
      assert.equal(await page.getByRole("link", { name: "Contatta questo servizio" }).getAttribute("href"), `/richiesta?servizi=${id}`);
      await page.getByRole("button", { name: "Aggiungi al confronto" }).click();
    }
    // …and, with a comparison list, to a request for the services chosen.
    await page.getByRole("link", { name: /Contatta i servizi scelti \(3\)/ }).waitFor();
    // The header's comparison link carries the list kept in the browser.
    await page.locator(".main-nav a", { hasText: "Confronta (3)" }).click();
    await page.waitForURL(/\/confronta/);
    await hydrated(page);
    await page.locator("table.compare").waitFor();
    await page.getByRole("link", { name: "Contatta questi servizi" }).click();
    await page.waitForURL(/\/richiesta\?servizi=/);
    await hydrated(page);
    await page.locator("ul.chosen li").nth(2).waitFor();
    assert.equal(await page.locator("ul.chosen li").count(), 3);
    await page.locator("#req-zone option[value='MI-M3']").waitFor({ state: "attached" });
    await checked(page, "contact-request-form");
  });

  await step("family-sends-one-request", async () => {
    await page.locator("#req-message").fill("Buongiorno, cerchiamo assistenza per mia madre tre mattine a settimana.");
    // Without consent: the summary takes focus and names the field.
    await page.getByRole("button", { name: "Invia la richiesta" }).click();
    const summary = page.locator("#req-errors");
    await summary.waitFor();
    // The summary takes the focus once it is drawn (a tick after it appears).
    await page.waitForFunction((id) => document.activeElement?.id === id, "req-errors");
    assert.match(await summary.innerText(), /consenso/);
    await axeCheck(page, "contact-request-errors");
    await page.selectOption("#req-age", "elderly");
    await page.selectOption("#req-zone", "MI-M3");
    await page.selectOption("#req-frequency", "several_times_a_week");
    await page.locator("#req-hours").fill("12");
    await page.locator("#req-budget").fill("20");
    await page.selectOption("#req-budget-per", "hour");
    await page.locator("#req-consent").check();
    // A double click sends one request (the button is disabled once pressed, and both
    // would carry the same Idempotency-Key).
    await page.getByRole("button", { name: "Invia la richiesta" }).dblclick();
    await page.waitForURL(/\/richieste/);
    await page.locator("section.request").first().waitFor();
    await page.locator(".flash", { hasText: "Richiesta inviata" }).waitFor();
    assert.equal(await page.locator("section.request").count(), 1, "one request");
    const rows = page.locator("section.request table.threads tbody tr");
    assert.equal(await rows.count(), 2, "one thread per organisation");
    await checked(page, "contact-inbox");
  });

  await stepA("provider-a-quotes", async () => {
    const p = providerA.page;
    await signIn(providerA, PROVIDER_A, "/gestione/richieste");
    const row = p.locator("table.threads tbody tr").first();
    await row.waitFor();
    assert.match(await row.innerText(), /In attesa di risposta/);
    assert.match(await row.innerText(), /Da leggere/);
    await checked(p, "contact-provider-inbox");
    // The filters: no thread is closed yet.
    await p.selectOption("#in-status", "closed");
    await p.locator("p.inbox-count", { hasText: "Nessuna richiesta" }).waitFor();
    await p.selectOption("#in-status", "awaiting_answer");
    await row.waitFor();
    await row.getByRole("link").click();
    await p.waitForURL(/\/conversazioni\/[0-9a-f-]{36}$/);
    threadA = new URL(p.url()).pathname;
    await p.locator("#quote-form-title").waitFor();
    assert.match(await p.locator("ol.messages").innerText(), /tre mattine a settimana/);
    await checked(p, "contact-thread-provider");
    // Ask for information first, with the price list attached: a file that only claims
    // to be a PDF is refused by its content, a real one goes with the message.
    await p.locator("#reply-body").fill("C'è l'ascensore?");
    await p.locator("#reply-info").check();
    await p.locator("#reply-files").setInputFiles({ name: "listino.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ not a pdf") });
    await p.getByRole("button", { name: "Invia il messaggio" }).click();
    await p.locator("#reply-files-error", { hasText: "non è un PDF" }).waitFor();
    await axeCheck(p, "contact-attachment-refused");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    await p.locator("#reply-files").setInputFiles({ name: "listino.pdf", mimeType: "application/pdf", buffer: pdf });
    await p.getByRole("button", { name: "Invia il messaggio" }).click();
    await p.locator("ol.messages li", { hasText: "richiesta di informazioni" }).waitFor();
    await p.locator("ol.messages li button.attachment", { hasText: "listino.pdf" }).waitFor();
    // The quote: two lines, totals as typed.
    await p.locator("#ql-description").fill("Assistenza domiciliare");
    await p.selectOption("#ql-unit", "hour");
    await p.locator("#ql-quantity").fill("12");
    await p.locator("#ql-price").fill("21");
    await p.selectOption("#ql-vat", "500");
    await p.getByRole("button", { name: "Aggiungi una voce" }).click();
    await p.locator("#ql-description-1").fill("Valutazione iniziale");
    await p.selectOption("#ql-unit-1", "service");
    await p.locator("#ql-quantity-1").fill("1");
    await p.locator("#ql-price-1").fill("30,50");
    await p.selectOption("#ql-vat-1", "2200");
    await p.locator("p.quote-totals", { hasText: "Totale 282,50 € · IVA 17,50 €" }).waitFor();
    await p.locator("#q-valid").fill(validUntil);
    await p.locator("#q-v-titoli-sociali").check();
    await checked(p, "contact-quote-form");
    await p.getByRole("button", { name: "Invia il preventivo" }).click();
    await p.locator("article.quote h3", { hasText: "versione 1" }).waitFor();
    assert.match(await p.locator("article.quote").first().innerText(), /282,50 €/);
  });

  await stepB("provider-b-quotes", async () => {
    const p = providerB.page;
    await signIn(providerB, PROVIDER_B, "/gestione/richieste");
    await p.locator("table.threads tbody tr a").first().click();
    await p.waitForURL(/\/conversazioni\/[0-9a-f-]{36}$/);
    threadB = new URL(p.url()).pathname;
    await p.locator("#ql-description").fill("Assistenza domiciliare");
    await p.locator("#ql-quantity").fill("12");
    await p.locator("#ql-price").fill("19");
    await p.locator("#q-valid").fill(validUntil);
    await p.getByRole("button", { name: "Invia il preventivo" }).click();
    await p.locator("article.quote h3", { hasText: "versione 1" }).waitFor();
  });

  await step("family-counter-proposes", async () => {
    await goto(page, threadA);
    await page.locator("ol.messages li", { hasText: "C'è l'ascensore?" }).waitFor();
    // The provider's file, saved with the session's token.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("ol.messages li button.attachment", { hasText: "listino.pdf" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "listino.pdf");
    await page.locator("ol.messages li", { hasText: "L'ente ha inviato un preventivo." }).waitFor();
    await page.locator("#counter-title").waitFor();
    await checked(page, "contact-thread-family");
    await page.locator("#cp-total").fill("250");
    await page.locator("#cp-schedule").fill("Meglio martedì e giovedì");
    await page.getByRole("button", { name: "Invia la controproposta" }).click();
    await page.locator("ul.counters li", { hasText: "in attesa" }).waitFor();
  });

  await stepA("provider-a-accepts-the-counter-proposal", async () => {
    const p = providerA.page;
    await goto(p, threadA);
    await p.getByRole("button", { name: "Accetta la controproposta" }).click();
    await p.locator("article.quote h3", { hasText: "versione 2" }).waitFor();
    // The first version stays, marked superseded.
    await p.locator("article.quote.superseded h3", { hasText: "versione 1" }).waitFor();
    await checked(p, "contact-thread-versions");
  });

  await step("family-compares-and-accepts", async () => {
    await goto(page, "/richieste");
    const table = page.locator("table.quotes-compared");
    await table.waitFor();
    const text = await table.innerText();
    assert.match(text, /250,00 €/, "the revised quote");
    assert.match(text, /228,00 €/, "the other provider's quote");
    await checked(page, "contact-quotes-compared");
    const rowA = table.locator("tbody tr", { hasText: "250,00 €" });
    await rowA.getByRole("button", { name: /Accetta/ }).click();
    await page.locator("#accept-title").waitFor();
    await page.selectOption("#acc-scheme", "titoli-sociali");
    await page.locator("#acc-amount").fill("100");
    await checked(page, "contact-accept-form");
    await page.getByRole("button", { name: "Conferma e attiva il servizio" }).dblclick();
    await page.waitForURL((u) => u.pathname === threadA);
    const order = page.locator("section.order");
    await order.waitFor();
    const o = await order.innerText();
    assert.match(o, /In attesa della conferma dell'ente/);
    assert.match(o, /250,00 €/);
    assert.match(o, /100,00 €/);
    assert.match(o, /150,00 €/, "the family's share");
    await checked(page, "contact-order-family");
  });

  await step("the-other-thread-is-closed", async () => {
    await goto(page, "/richieste");
    const rowB = page.locator("table.threads tbody tr", { hasText: "Chiusa" });
    await rowB.waitFor();
    await goto(page, threadB);
    await page.locator("ol.messages li", { hasText: "La famiglia ha scelto un altro servizio" }).waitFor();
    await providerB.page.reload();
    await hydrated(providerB.page);
    await providerB.page.locator("ol.messages li", { hasText: "La famiglia ha scelto un altro servizio" }).waitFor();
    assert.equal(await providerB.page.locator("#quote-form-title").count(), 0, "no quote in a closed thread");
  });

  await stepA("provider-a-confirms-the-start", async () => {
    const p = providerA.page;
    await goto(p, threadA);
    await p.locator("#or-start").waitFor();
    await checked(p, "contact-order-provider");
    const start = new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10);
    await p.locator("#or-start").fill(start);
    await p.getByRole("button", { name: "Conferma l'inizio" }).click();
    await p.locator("section.order", { hasText: "Confermato" }).waitFor();
    // The notifications lead to the thread.
    await goto(p, "/notifiche");
    const link = p.locator("ul.notifications a", { hasText: "Nuova richiesta" }).first();
    await link.waitFor();
    assert.match(await link.getAttribute("href"), /^\/conversazioni\/[0-9a-f-]{36}$/);
    await link.click();
    await p.waitForURL(/\/conversazioni\//);
    await hydrated(p);
    await p.locator("ol.messages").waitFor();
  });

  let cardReviewed;
  await step("family-reviews-the-service", async () => {
    await goto(page, threadA);
    await checked(page, "contact-order-confirmed");
    await page.getByRole("link", { name: "Recensisci il servizio" }).click();
    await page.waitForURL(/\/recensione\/[0-9a-f-]{36}$/);
    await hydrated(page);
    await page.locator("h1", { hasText: "Recensisci il servizio" }).waitFor();
    // Without ratings or text: the summary takes focus and names each aspect.
    await page.getByRole("button", { name: "Invia la recensione" }).click();
    const summary = page.locator("#review-errors");
    await summary.waitFor();
    // The summary takes the focus once it is drawn (a tick after it appears).
    await page.waitForFunction((id) => document.activeElement?.id === id, "review-errors");
    assert.match(await summary.innerText(), /Puntualità/);
    await axeCheck(page, "contact-review-errors");
    // The ratings by keyboard: a radio group each.
    for (const [aspect, n] of [["punctuality", 5], ["competence", 4], ["kindness", 5], ["value", 4]]) {
      await page.locator(`#rv-${aspect}-${n}`).focus();
      await page.keyboard.press("Space");
      assert.equal(await page.locator(`#rv-${aspect}-${n}`).isChecked(), true, aspect);
    }
    await page.locator("#rv-body").fill("Operatrice puntuale e gentile, la mamma è contenta.");
    await checked(page, "contact-review-form");
    await page.getByRole("button", { name: "Invia la recensione" }).click();
    await page.locator(".review-state", { hasText: "In attesa di moderazione" }).waitFor();
  });

  await stepR("reviewer-publishes-the-review", async () => {
    const r = reviewer.page;
    await signIn(reviewer, REVIEWER, "/gestione/recensioni");
    const item = r.locator("ul.reviews-queue li", { hasText: "Operatrice puntuale e gentile" });
    await item.waitFor();
    assert.match(await item.innerText(), /4,5 su 5/);
    await checked(r, "reviews-moderation");
    // Rejecting needs a reason the author will read.
    await item.getByRole("button", { name: "Non pubblicare" }).click();
    await item.locator("[role=alert]", { hasText: "Scrivi il motivo" }).waitFor();
    await item.getByRole("button", { name: "Pubblica", exact: true }).click();
    await r.getByText("Recensione pubblicata.").waitFor();
    await r.locator("ul.reviews-queue li", { hasText: "Operatrice puntuale e gentile" }).waitFor({ state: "detached" });
    await r.selectOption("#rq-status", "published");
    await r.locator("ul.reviews-queue li", { hasText: "Operatrice puntuale e gentile" }).waitFor();
  });

  await step("family-sees-it-published", async () => {
    await goto(page, threadA);
    const state = page.locator(".review-state", { hasText: "Pubblicata" });
    await state.waitFor();
    await state.getByRole("link", { name: "Apri la recensione" }).click();
    await page.waitForURL(/\/recensione\//);
    await hydrated(page);
    await page.locator(".review-state", { hasText: "Pubblicata" }).waitFor();
    const href = await page.locator("a.reviewed-card").getAttribute("href");
    cardReviewed = href.match(/\/servizi\/([0-9a-f-]{36})/)[1];
    assert.ok(cardsA.includes(cardReviewed), "the ordered service is one of provider A's");
  });

  await stepA("provider-a-answers-the-review", async () => {
    const p = providerA.page;
    await goto(p, threadA);
    await p.getByRole("link", { name: "Leggi e rispondi alla recensione" }).click();
    await p.waitForURL(/\/recensione\//);
    await hydrated(p);
    await p.locator("#rv-reply").waitFor();
    await checked(p, "contact-review-reply");
    await p.locator("#rv-reply").fill("Grazie, è un piacere seguire la vostra famiglia.");
    await p.getByRole("button", { name: "Pubblica la risposta" }).click();
    await p.locator(".review-reply", { hasText: "è un piacere" }).waitFor();
    assert.equal(await p.locator("#rv-reply").count(), 0, "one answer only");
  });

  await step("the-card-shows-the-review-and-measured-times", async () => {
    // Four more requests to the same services, each answered by provider A at once
    // (through the API): with the journey's, five threads on the card.
    const fam = await token(FAMILY, "192.0.2.46");
    const prov = await token(PROVIDER_A, "192.0.2.47");
    for (let i = 0; i < 4; i++) {
      const sent = await fetch(`${BASE}/api/v1/requests`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${fam}`, "X-Forwarded-For": "192.0.2.46" },
        body: JSON.stringify({
          cards: cardsA,
          message: `Richiesta di prova ${i + 1}: assistenza al mattino.`,
          need: { age_band: "elderly", zone: "MI-M3", frequency: "weekly" },
          consent: true,
        }),
      });
      assert.equal(sent.status, 201, "request sent");
      const threadId = (await sent.json()).threads[0].id;
      const answered = await fetch(`${BASE}/api/v1/threads/${threadId}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${prov}`, "X-Forwarded-For": "192.0.2.47" },
        body: JSON.stringify({ body: "Grazie, possiamo venire a conoscervi." }),
      });
      assert.equal(answered.status, 201, "first answer");
    }
    await goto(page, `/servizi/${cardReviewed}`);
    const reviews = page.locator("#recensioni");
    await reviews.waitFor();
    const text = await reviews.innerText();
    assert.match(text, /4,5 su 5 · 1 recensione/);
    assert.match(text, /Operatrice puntuale e gentile/);
    assert.match(text, /Risposta dell'ente/);
    const measured = await page.locator("#tempi").innerText();
    assert.match(measured, /dichiarato \d+ giorni · osservato 0 giorni, su 1 attivazione/);
    assert.match(measured, /Prima risposta, in mediana: \d+ minuti/);
    assert.match(measured, /Richieste con risposta entro il termine: 100 %/);
    assert.match(measured, /Su 5 richieste negli ultimi 12 mesi/);
    await checked(page, "card-reviews");
    // The same in English.
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.locator("#reviews-title", { hasText: "Families' reviews" }).waitFor();
    assert.match(await page.locator("#tempi").innerText(), /declared \d+ days · observed 0 days, over 1 activation/);
    await axeCheck(page, "card-reviews-en");
  });

  await stepper(adminA.page)("provider-admin-exports-the-threads", async () => {
    const p = adminA.page;
    await signIn(adminA, ADMIN_A, "/gestione/richieste");
    const button = p.getByRole("button", { name: "Esporta tutte le conversazioni (JSON)" });
    await button.waitFor();
    await checked(p, "contact-provider-inbox-admin");
    const [download] = await Promise.all([p.waitForEvent("download"), button.click()]);
    assert.match(download.suggestedFilename(), /^conversazioni-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await (await import("node:fs/promises")).readFile(await download.path(), "utf8"));
    assert.ok(file.threads.some((t) => `/conversazioni/${t.id}` === threadA), "the journey's thread is in the export");
    await p.getByText("Conversazioni esportate.").waitFor();
  });
});
