// The carers' registry in a real browser (issue 12): the demo carer applies at
// /assistente — an empty form names what is missing (the summary takes focus), the
// profile is filled by keyboard (roles, skills, a second language, a span of hours) —
// and reads where the application stands, uploads a certificate and a photo; a WeMi space's
// operator finds it in the registry (/gestione/assistenti), verifies the certificate (a
// rejection without a reason is refused in the page), interviews, trains and lists the
// carer (a suspension without a note is refused in the page); the carer then reads
// "listed", in English too; the family sees the certificate as a badge.
// A family open to sharing finds the demo neighbour of the same building, proposes a
// group, and the neighbour joins it: the cost splits by hours. The neighbour offers the
// formed group to a provider from the group page (by keyboard); the family sees the
// offer and who sent it, not the message, and asks Rosa (free for the group's whole
// week) for the group.
// axe-core on every screen, each fits a 390 px phone with 44 px tap targets.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck, stepper, fitsPhone, hydrated } from "./helpers.mjs";
import { smallTargets } from "./phone.mjs";

const DEMO_PASSWORD = "demo-domicilia-2026";
const CARER = "assistente@demo.domicilia.it";
const OPERATOR = "operatore@demo.domicilia.it";
const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
// A 2×2 PNG: the carer's photo.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4EaABRAwQCgAljgUBqTNxyAAAAABJRU5ErkJggg==",
  "base64",
);

/** Whether the image matched by `selector` is shown (loaded, not broken). */
async function shown(page, selector) {
  const img = page.locator(selector);
  await img.waitFor();
  await page.waitForFunction((s) => {
    const i = document.querySelector(s);
    return i && i.complete;
  }, selector);
  return img.evaluate((i) => i.naturalWidth > 0);
}
let carer, operator;

before(async () => {
  carer = await launch("192.0.2.61");
  operator = await launch("192.0.2.62");
});

after(async () => {
  await carer?.browser.close();
  await operator?.browser.close();
});

async function signIn(who, email, next) {
  await who.page.goto(`${BASE}/accedi?next=${encodeURIComponent(next)}`);
  await hydrated(who.page);
  await who.page.locator("#login-email").fill(email);
  await who.page.locator("#login-password").fill(DEMO_PASSWORD);
  await who.page.keyboard.press("Enter");
  await who.page.waitForURL((u) => u.pathname === next);
  await hydrated(who.page);
  await who.page.locator(".account-name").waitFor();
}

/** axe, the 390 px rules and the tap targets of the page's main content. */
async function checked(page, name) {
  await axeCheck(page, name);
  await fitsPhone(page, name);
  assert.deepEqual(await smallTargets(page), [], `${name}: tap targets under 44 px`);
}

test("a carer applies and the registry lists them", async () => {
  const step = stepper(carer.page);
  const p = carer.page;

  await step("carer-opens-the-page", async () => {
    await signIn(carer, CARER, "/assistente");
    await p.getByRole("heading", { level: 1, name: "La mia candidatura come assistente familiare" }).waitFor();
    // The role's link in the header leads here.
    assert.equal(await p.getByRole("link", { name: "La mia candidatura" }).getAttribute("href"), "/assistente");
    await p.locator("#c-first_name").waitFor();
    await checked(p, "carer-apply");
  });

  await step("an-empty-form-names-what-is-missing", async () => {
    await p.getByRole("button", { name: "Salva" }).click();
    await p.locator("#carer-errors").waitFor();
    await p.waitForFunction(() => document.activeElement?.id === "carer-errors");
    const summary = await p.locator("#carer-errors").innerText();
    assert.match(summary, /Nome/);
    assert.match(summary, /Che lavoro fai/);
    assert.match(summary, /Zone in cui lavori/);
    await axeCheck(p, "carer-apply-errors");
  });

  await step("filled-by-keyboard", async () => {
    await p.locator("#c-first_name").fill("Rosa");
    // The first role (badante) by keyboard: focus and Space.
    await p.locator("#c-roles-0").focus();
    await p.keyboard.press("Space");
    assert.ok(await p.locator("#c-roles-0").isChecked());
    await p.getByLabel("Assistenza a persone con demenza", { exact: false }).first().check();
    await p.getByRole("button", { name: "Aggiungi una lingua" }).click();
    await p.locator("#c-lang-1").selectOption("es");
    await p.locator("#c-level-1").selectOption("native");
    await p.getByLabel("Municipio 5", { exact: false }).first().check();
    await p.getByRole("button", { name: "Aggiungi una fascia oraria" }).click();
    await p.locator("#c-day-5").selectOption("6");
    await p.locator("#c-from-5").selectOption("9");
    await p.locator("#c-to-5").selectOption("13");
    await p.locator("#c-hourly").fill("11,50");
    await p.locator("#c-experience").fill("7");
    await p.locator("#c-references").fill("Famiglia Bianchi, 2019–2024\nFamiglia Verdi");
    await p.getByRole("button", { name: "Salva" }).click();
    await p.locator(".success-box", { hasText: "Candidatura inviata" }).waitFor();
    const status = await p.locator(".registry-status").innerText();
    assert.match(status, /Candidatura ricevuta/);
    assert.match(status, /il colloquio in uno spazio WeMi/);
    await checked(p, "carer-applied");
  });

  await step("carer-uploads-a-certificate", async () => {
    const section = p.locator("section[aria-labelledby=c-docs-title]");
    await section.getByText("Non hai ancora caricato attestati.").waitFor();
    // Nothing chosen: the summary names both fields and takes the focus.
    await p.getByRole("button", { name: "Carica l'attestato" }).click();
    await p.waitForFunction(() => document.activeElement?.id === "doc-errors");
    const summary = await p.locator("#doc-errors").innerText();
    assert.match(summary, /Tipo di attestato/);
    assert.match(summary, /File/);
    await axeCheck(p, "carer-certificate-errors");
    await p.locator("#c-doc-kind").selectOption("oss");
    await p.locator("#c-doc-file").setInputFiles({ name: "attestato-oss.pdf", mimeType: "application/pdf", buffer: PDF });
    await p.getByRole("button", { name: "Carica l'attestato" }).click();
    await p.locator(".success-box", { hasText: "Attestato caricato" }).waitFor();
    const item = section.locator(".registry-list li", { hasText: "attestato-oss.pdf" });
    await item.waitFor();
    assert.match(await item.innerText(), /Attestato OSS \(operatore socio-sanitario\)/);
    assert.match(await item.innerText(), /in attesa di verifica/);
    await checked(p, "carer-certificate");
  });

  await step("carer-adds-a-photo", async () => {
    const section = p.locator("section[aria-labelledby=c-photo-title]");
    assert.equal(await section.locator("img").count(), 0);
    // Nothing chosen: the summary names the field and takes the focus.
    await p.getByRole("button", { name: "Carica la foto" }).click();
    await p.waitForFunction(() => document.activeElement?.id === "photo-errors");
    assert.match(await p.locator("#photo-errors").innerText(), /Scegli una foto/);
    // A PDF is not a photo: the server refuses it, the page says why.
    await p.locator("#c-photo-file").setInputFiles({ name: "foto.pdf", mimeType: "application/pdf", buffer: PDF });
    await p.getByRole("button", { name: "Carica la foto" }).click();
    await p.locator("#c-photo-file-error", { hasText: "JPG, PNG o WebP" }).waitFor();
    await axeCheck(p, "carer-photo-errors");
    await p.locator("#c-photo-file").setInputFiles({ name: "rosa.png", mimeType: "image/png", buffer: PNG });
    await p.getByRole("button", { name: "Carica la foto" }).click();
    await p.locator(".success-box", { hasText: "Foto salvata" }).waitFor();
    assert.ok(await shown(p, "img.carer-photo"), "the photo is shown from its signed address");
    assert.equal(await p.locator("img.carer-photo").getAttribute("alt"), "La tua foto");
    await checked(p, "carer-photo");
  });

  const o = operator.page;
  const ostep = stepper(o);
  await ostep("operator-finds-the-application", async () => {
    await signIn(operator, OPERATOR, "/gestione/assistenti");
    await o.getByRole("heading", { level: 1, name: "Registro degli assistenti familiari" }).waitFor();
    await o.locator("#rg-status").selectOption("applied");
    const link = o.getByRole("link", { name: "Rosa" });
    await link.waitFor();
    await checked(o, "registry-list");
    await link.click();
    await o.waitForURL(/\/gestione\/assistenti\/[0-9a-f-]{36}$/);
    await o.getByRole("heading", { level: 2, name: "Rosa" }).waitFor();
    const facts = await o.locator("dl.facts").innerText();
    assert.match(facts, /Spagnolo Madrelingua/);
    assert.match(facts, /11,50 € l'ora/);
    assert.match(facts, /Famiglia Verdi/);
    assert.ok(await shown(o, "img.carer-photo"), "the operator sees the photo");
    await checked(o, "registry-one");
  });

  await ostep("operator-verifies-the-certificate", async () => {
    const section = o.locator("section[aria-labelledby=rg-docs]");
    await section.locator(".registry-list li", { hasText: "attestato-oss.pdf" }).waitFor();
    // Rejecting needs a reason: the page says so before asking the server.
    await o.getByRole("button", { name: "Rifiuta attestato-oss.pdf" }).click();
    await o.waitForFunction(() => document.activeElement?.id === "docdecide-errors");
    assert.match(await o.locator("#docdecide-errors").innerText(), /non è accettato/);
    await axeCheck(o, "registry-certificate-errors");
    await o.getByRole("button", { name: "Verifica attestato-oss.pdf" }).focus();
    await o.keyboard.press("Enter");
    await o.locator(".success-box", { hasText: "Attestato verificato" }).waitFor();
    const item = section.locator(".registry-list li", { hasText: "attestato-oss.pdf" });
    assert.match(await item.innerText(), /verificato/);
    assert.equal(await o.getByRole("button", { name: "Verifica attestato-oss.pdf" }).count(), 0);
    await checked(o, "registry-certificate");
  });

  await ostep("operator-steps-to-listed", async () => {
    for (const [button, status] of [
      ["Segna il colloquio come svolto", "Colloquio svolto"],
      ["Segna la formazione come completata", "Formazione completata"],
      ["Iscrivi al registro", "Nel registro"],
    ]) {
      if (button.startsWith("Segna il colloquio")) await o.locator("#rg-note").fill("Colloquio allo spazio WeMi Tre Castelli");
      await o.getByRole("button", { name: button }).click();
      await o.locator(".success-box", { hasText: status }).waitFor();
    }
    // A suspension needs a note: the page says so before asking the server.
    await o.getByRole("button", { name: "Sospendi" }).click();
    await o.locator("#step-errors").waitFor();
    assert.match(await o.locator("#step-errors").innerText(), /motivo della sospensione/);
    await axeCheck(o, "registry-one-errors");
  });

  await step("the-carer-reads-listed", async () => {
    await p.reload();
    await hydrated(p);
    const status = p.locator(".registry-status");
    await status.waitFor();
    assert.match(await status.innerText(), /Nel registro/);
    assert.match(await status.innerText(), /Colloquio allo spazio WeMi Tre Castelli/);
    await p.getByRole("button", { name: "Switch to English" }).click();
    await p.getByRole("heading", { level: 1, name: "My application as a carer" }).waitFor();
    assert.match(await status.innerText(), /You are listed/);
    await checked(p, "carer-listed-en");
    await p.getByRole("button", { name: "Passa all'italiano" }).click();
  });
});

// A family finds help (issue 12): the demo citizen describes a need in the wizard, one
// question a step, by keyboard (the step's heading takes the focus, a missing answer is
// named), and lands on the offers ranked for it: Rosa, listed above, with her reasons in
// words; her limited profile shows no surname or contact; the need is paused and
// resumed; the contributions screener answers from an ISEE. The family writes to Rosa
// from her profile; Rosa finds the need among those she fits (nothing of the family) and
// answers by keyboard; the family accepts her. The need is entrusted to the demo
// operator's WeMi space, who reads it (not the building) on /gestione/bisogni. In English
// too; axe, 390 px.
test("a family describes a need and sees who can help, with the reasons", async () => {
  const family = await launch("192.0.2.63");
  try {
    const p = family.page;
    const step = stepper(p);
    await step("family-opens-the-wizard", async () => {
      await signIn(family, "cittadina@demo.domicilia.it", "/trova-aiuto");
      await p.getByRole("heading", { level: 1, name: "Trova aiuto" }).waitFor();
      assert.match(await p.locator(".wizard-progress").innerText(), /Passo 1 di 8/);
      await checked(p, "need-step-1");
      // Nothing chosen: the step says so and stays.
      await p.getByRole("button", { name: "Avanti" }).click();
      await p.locator("#need-errors").waitFor();
      assert.match(await p.locator("#need-errors").innerText(), /Scegli un tipo di aiuto/);
    });

    await step("one-question-a-step-by-keyboard", async () => {
      // Badante, by keyboard: focus the radio, Space, Enter to go on.
      await p.locator("#need-help-r-0").focus();
      await p.keyboard.press("Space");
      await p.keyboard.press("Enter");
      await p.waitForFunction(() => document.activeElement?.id === "need-step");
      assert.match(await p.locator("#need-step").innerText(), /Per chi è l'aiuto/);
      await p.getByLabel("80 anni o più").check();
      await p.keyboard.press("Enter");
      await p.getByLabel("Ha bisogno di aiuto per alcune attività quotidiane").check();
      await p.keyboard.press("Enter");
      await p.locator("#need-zone").selectOption("MI-M5");
      // Open to sharing a carer, in the demo neighbour's building.
      await p.getByLabel(/Sono disponibile a condividere/).check();
      await p.locator("#need-building").fill("via Ripamonti, 180");
      await p.getByRole("button", { name: "Avanti" }).click();
      // When: by the hour, Monday to Friday 9–13 (the default lines).
      await p.locator("#need-arrangement-r-0").waitFor();
      await checked(p, "need-step-5");
      await p.getByRole("button", { name: "Avanti" }).click();
      await p.locator("#need-budget").fill("12");
      await p.locator("#need-language").selectOption("es");
      await p.getByRole("button", { name: "Avanti" }).click();
      // A must: only those who have it appear (and the list stays short).
      await p.getByLabel("Assistenza a persone con demenza").selectOption("must");
      await p.getByRole("button", { name: "Avanti" }).click();
      assert.match(await p.locator(".wizard-progress").innerText(), /Passo 8 di 8/);
      // The need entrusted to the demo operator's WeMi space (only Milan's are offered).
      await p.locator("#need-space").selectOption({ label: "Spazio WeMi Loreto" });
      await checked(p, "need-step-8");
      await p.getByRole("button", { name: "Cerca aiuto" }).click();
      await p.waitForURL(/\/bisogni\/[0-9a-f-]{36}$/);
      await p.getByText("Gli operatori dello spazio WeMi che hai scelto vedono questo bisogno").waitFor();
    });

    await step("the-space-reads-the-entrusted-need", async () => {
      // The operator of the first test, from the registry's link.
      const o = operator.page;
      await o.goto(`${BASE}/gestione/assistenti`);
      await hydrated(o);
      await o.getByRole("link", { name: "Bisogni affidati al tuo spazio" }).click();
      await o.waitForURL((u) => u.pathname === "/gestione/bisogni");
      await o.getByRole("heading", { level: 1, name: "Bisogni affidati al tuo spazio" }).waitFor();
      const item = o.locator(".registry-list li").first();
      await item.waitFor();
      const text = await item.innerText();
      assert.match(text, /Badante/);
      assert.match(text, /80 anni o più/);
      assert.match(text, /Assistenza a persone con demenza \(indispensabile\)/i);
      assert.doesNotMatch(text, /Ripamonti/, "the building stays the family's");
      await checked(o, "space-entrusted-needs");
      await o.getByRole("button", { name: "Switch to English" }).click();
      await o.getByRole("heading", { level: 1, name: "Needs entrusted to your space" }).waitFor();
      assert.match(await o.locator(".registry-list li").first().innerText(), /80 or over/);
      await o.getByRole("button", { name: "Passa all'italiano" }).click();
    });

    await step("the-ranked-offers-say-why", async () => {
      const rosa = p.locator("li.match", { hasText: "Rosa" });
      await rosa.waitFor();
      const why = await rosa.locator(".explanation").innerText();
      assert.match(why, /copre il Municipio 5/);
      assert.match(why, /parla spagnolo/);
      assert.match(why, /11,50 €\/h, nel budget/);
      await checked(p, "need-matches");
      // The limited profile: no surname, no references, no contact.
      await rosa.getByRole("link", { name: "Rosa" }).click();
      await p.waitForURL(/\/assistenti\/[0-9a-f-]{36}\?bisogno=[0-9a-f-]{36}$/);
      await p.getByRole("heading", { level: 1, name: "Rosa" }).waitFor();
      assert.ok(await shown(p, "img.carer-photo"), "the family sees Rosa's photo");
      const text = await p.locator("main").innerText();
      assert.doesNotMatch(text, /Famiglia Verdi|@demo\.domicilia\.it/);
      assert.match(text, /Spagnolo Madrelingua/);
      assert.match(text, /Colloquio e formazione in uno spazio WeMi/);
      // The certificate the operator verified, as a badge (not the file).
      assert.match(text, /Qualifica OSS verificata/);
      assert.doesNotMatch(text, /attestato-oss\.pdf/);
      await checked(p, "carer-profile");
      // Rosa kept among the favourites, by keyboard.
      await hydrated(p);
      await p.getByRole("button", { name: "Salva nei preferiti" }).focus();
      await p.keyboard.press("Enter");
      await p.locator(".success-box", { hasText: "Salvato nei preferiti" }).waitFor();
      await p.goBack();
    });

    await step("the-account-page-keeps-rosa-until-removed", async () => {
      const needPage = p.url();
      await p.goto(`${BASE}/account`);
      await hydrated(p);
      const favourites = p.locator("section", { has: p.getByRole("heading", { name: "Preferiti" }) });
      await favourites.getByRole("heading", { name: "Assistenti familiari" }).waitFor();
      await favourites.getByRole("link", { name: "Rosa" }).waitFor();
      await checked(p, "account-favourites");
      await favourites.getByRole("button", { name: /Togli.*Rosa/ }).click();
      await favourites.locator(".success-box", { hasText: "Tolto dai preferiti" }).waitFor();
      await favourites.getByRole("link", { name: "Rosa" }).waitFor({ state: "detached" });
      await p.goto(needPage);
      await hydrated(p);
      await p.locator("li.match", { hasText: "Rosa" }).waitFor();
    });

    await step("paused-resumed-and-the-screener", async () => {
      await p.getByRole("button", { name: "Metti in pausa" }).click();
      await p.locator(".success-box", { hasText: "In pausa" }).waitFor();
      await p.getByRole("button", { name: "Riprendi" }).click();
      await p.locator(".success-box", { hasText: "Aperto" }).waitFor();
      await p.locator("#need-isee").fill("15000");
      await p.getByRole("button", { name: "Verifica" }).click();
      await p.locator(".contributions li", { hasText: "Bonus" }).first().waitFor();
      await p.getByRole("button", { name: "Switch to English" }).click();
      await p.getByRole("heading", { level: 1, name: "Your need and who can help" }).waitFor();
      assert.match(await p.locator("li.match", { hasText: "Rosa" }).locator(".explanation").innerText(), /speaks Spanish/);
      await checked(p, "need-en");
      await p.getByRole("button", { name: "Passa all'italiano" }).click();
    });

    await step("the-family-changes-the-need", async () => {
      await p.getByRole("link", { name: "Modifica il bisogno" }).click();
      await p.waitForURL(/\/bisogni\/[0-9a-f-]{36}\/modifica$/);
      await p.getByRole("heading", { level: 1, name: "Modifica il bisogno" }).waitFor();
      // The same steps, each filled as the need is.
      assert.ok(await p.locator("#need-help-r-0").isChecked(), "badante, as it was");
      for (let i = 0; i < 5; i++) await p.getByRole("button", { name: "Avanti" }).click();
      assert.equal(await p.locator("#need-budget").inputValue(), "12");
      await p.locator("#need-budget").fill("13");
      await p.getByRole("button", { name: "Avanti" }).click();
      assert.equal(await p.getByLabel("Assistenza a persone con demenza").inputValue(), "must");
      await p.getByRole("button", { name: "Avanti" }).click();
      assert.match(await p.locator(".wizard-progress").innerText(), /Passo 8 di 8/);
      assert.equal(await p.locator("#need-space option:checked").innerText(), "Spazio WeMi Loreto");
      await checked(p, "need-edit");
      await p.getByRole("button", { name: "Salva le modifiche" }).click();
      await p.waitForURL(/\/bisogni\/[0-9a-f-]{36}$/);
      await p.locator("dl.facts", { hasText: /13(,00)? €/ }).waitFor();
      await p.locator("li.match", { hasText: "Rosa" }).waitFor();
    });

    let conversation;
    await step("the-family-writes-to-rosa", async () => {
      await p.locator("li.match", { hasText: "Rosa" }).getByRole("link", { name: "Rosa" }).click();
      await p.getByRole("link", { name: "Scrivi a Rosa" }).click();
      await p.waitForURL(/\/abbinamenti\/scrivi\/[0-9a-f-]{36}\?bisogno=[0-9a-f-]{36}$/);
      await hydrated(p);
      await p.getByRole("heading", { level: 1, name: "Scrivi a Rosa" }).waitFor();
      // Empty: the form says so and keeps the focus on its summary.
      await p.getByRole("button", { name: "Invia" }).click();
      await p.locator("#contact-message-errors").waitFor();
      await p.locator("#contact-message").fill("Buongiorno Rosa, cerchiamo aiuto per mia madre il mattino.");
      await checked(p, "write-to-carer");
      await p.getByRole("button", { name: "Invia" }).click();
      await p.waitForURL(/\/abbinamenti\/[0-9a-f-]{36}$/);
      conversation = new URL(p.url()).pathname;
      await p.locator(".msg.family", { hasText: "cerchiamo aiuto per mia madre" }).waitFor();
      assert.match(await p.locator(".status-line").innerText(), /In contatto/);
      // Not before Rosa answers.
      assert.equal(await p.getByRole("button", { name: "Accetta" }).count(), 0);
      await p.locator(".hint", { hasText: "quando l'assistente ti avrà risposto" }).waitFor();
      await checked(p, "match-family");
    });

    await step("rosa-finds-the-need-and-answers-by-keyboard", async () => {
      const c = carer.page;
      await c.goto(`${BASE}/assistente`);
      await hydrated(c);
      await c.getByRole("link", { name: "Bisogni adatti a te" }).click();
      await c.getByRole("heading", { level: 1, name: "Bisogni adatti a te" }).waitFor();
      const need = c.locator("li.match", { hasText: "Municipio 5" }).first();
      await need.waitFor();
      const text = await c.locator("main").innerText();
      assert.doesNotMatch(text, /cittadina@demo|Cittadina/);
      assert.match(await need.locator(".explanation").innerText(), /parla spagnolo/);
      await checked(c, "carer-needs");
      await need.getByRole("link", { name: "Apri la conversazione" }).click();
      await c.waitForURL((u) => u.pathname === conversation);
      await c.locator(".msg.family", { hasText: "cerchiamo aiuto per mia madre" }).waitFor();
      assert.match(await c.locator("dl.facts").innerText(), /80 anni o più/);
      await c.locator("#match-reply").focus();
      await c.keyboard.type("Buongiorno, volentieri: sono libera il mattino.");
      await c.keyboard.press("Tab");
      await c.keyboard.press("Enter");
      await c.locator(".msg.provider", { hasText: "sono libera il mattino" }).waitFor();
      await checked(c, "match-carer");
    });

    await step("the-family-accepts-rosa", async () => {
      await p.reload();
      await hydrated(p);
      await p.locator(".msg.provider", { hasText: "sono libera il mattino" }).waitFor();
      await p.getByRole("button", { name: "Accetta" }).click();
      await p.locator(".success-box", { hasText: "Accettato" }).waitFor();
      assert.match(await p.locator(".status-line").innerText(), /Accettato/);
      await p.getByRole("button", { name: "Switch to English" }).click();
      await p.getByRole("heading", { level: 1, name: "Conversation" }).waitFor();
      assert.match(await p.locator(".status-line").innerText(), /Accepted/);
      await checked(p, "match-accepted-en");
      await p.getByRole("button", { name: "Passa all'italiano" }).click();
      await p.goto(`${BASE}/abbinamenti`);
      await hydrated(p);
      await p.getByRole("link", { name: /Rosa/ }).waitFor();
      await checked(p, "matches-list");
    });
  } finally {
    await family.browser.close();
  }
});

test("two neighbours share one carer: a group is proposed and formed", async () => {
  const family = await launch("192.0.2.64");
  const neighbour = await launch("192.0.2.65");
  try {
    const p = family.page;
    const step = stepper(p);
    await step("the-need-leads-to-the-neighbours", async () => {
      await signIn(family, "cittadina@demo.domicilia.it", "/bisogni");
      // The need of the wizard above (open to sharing).
      await p.locator(".registry-list a").first().click();
      await p.waitForURL(/\/bisogni\/[0-9a-f-]{36}$/);
      await p.getByRole("link", { name: "Condividi un'assistente con i vicini" }).click();
      await p.waitForURL(/\/gruppi\/proponi\?bisogno=[0-9a-f-]{36}$/);
      await p.getByRole("heading", { level: 1, name: "Condividi un'assistente con i vicini" }).waitFor();
      // The neighbour, unnamed: the same building, Saturday mornings, suggested.
      const option = p.locator("fieldset label.check").first();
      await option.waitFor();
      const text = await option.innerText();
      assert.match(text, /nello stesso palazzo/);
      assert.match(text, /consigliata/);
      assert.doesNotMatch(await p.locator("main").innerText(), /Carla|Vicina|Ripamonti/);
      assert.equal(await option.locator("input").isChecked(), true);
      await checked(p, "pool");
    });

    await step("the-family-proposes-the-group", async () => {
      // A rate that is not a number: named at the field.
      await p.locator("#pool-rate").fill("undici");
      await p.getByRole("button", { name: "Proponi il gruppo" }).click();
      await p.locator("#pool-errors").waitFor();
      await p.locator("#pool-rate").fill("11,50");
      await p.getByRole("button", { name: "Proponi il gruppo" }).click();
      await p.waitForURL(/\/gruppi\/[0-9a-f-]{36}$/);
      await p.locator(".status-line", { hasText: "In formazione" }).waitFor();
      const members = await p.locator("section[aria-labelledby=group-members]").innerText();
      assert.match(members, /Giulia \(tu\)/);
      assert.match(members, /Una famiglia invitata/);
      await checked(p, "group-forming");
    });
    const group = new URL(p.url()).pathname;

    const n = neighbour.page;
    const nstep = stepper(n);
    await nstep("the-neighbour-joins", async () => {
      await signIn(neighbour, "vicina@demo.domicilia.it", "/gruppi");
      await n.getByRole("link", { name: /Municipio 5/ }).click();
      await n.waitForURL((u) => u.pathname === group);
      await n.locator(".status-line", { hasText: "In formazione" }).waitFor();
      assert.match(await n.locator("main").innerText(), /Giulia/);
      await checked(n, "group-invited");
      // By keyboard: the first action is "join".
      await n.getByRole("button", { name: "Entra nel gruppo" }).focus();
      await n.keyboard.press("Enter");
      await n.locator(".success-box", { hasText: "Sei nel gruppo" }).waitFor();
      assert.match(await n.locator(".status-line").innerText(), /Formato/);
      // 24 hours at 11.50 €: 276 € a week, 20 and 4 hours' shares.
      const text = await n.locator("main").innerText();
      assert.match(text, /276,00/);
      assert.match(text, /230,00/);
      assert.match(text, /46,00/);
      await n.getByRole("button", { name: "Switch to English" }).click();
      await n.locator(".status-line", { hasText: "Formed" }).waitFor();
      await checked(n, "group-formed-en");
      await n.getByRole("button", { name: "Passa all'italiano" }).click();
    });

    await step("the-family-sees-the-group-formed", async () => {
      await p.reload();
      await hydrated(p);
      await p.locator(".status-line", { hasText: "Formato" }).waitFor();
      assert.match(await p.locator("section[aria-labelledby=group-members]").innerText(), /Carla/);
      await p.goto(`${BASE}/gruppi`);
      await hydrated(p);
      await p.locator(".registry-list li", { hasText: "Formato" }).waitFor();
      await checked(p, "groups-list");
    });

    // The neighbour offers it (the family's own requests are the contact journey's).
    await nstep("the-neighbour-offers-the-group-to-a-provider", async () => {
      await n.goto(`${BASE}${group}`);
      await hydrated(n);
      const offers = n.locator("section[aria-labelledby=group-offers]");
      await offers.getByText("Il gruppo non è ancora stato offerto").waitFor();
      const form = n.locator("form[aria-labelledby=offer-form-head]");
      const service = form.locator("fieldset label.check").first();
      await service.waitFor();
      // Nothing ticked: the summary says so and takes the focus.
      await form.getByRole("button", { name: "Offri il gruppo" }).click();
      await n.locator("#offer-errors").waitFor();
      // By keyboard: a service, the message, the consent.
      await service.locator("input").focus();
      await n.keyboard.press("Space");
      await n.locator("#offer-message").fill("Siamo due famiglie dello stesso palazzo: cerchiamo una badante da condividere.");
      await n.locator("#offer-consent").focus();
      await n.keyboard.press("Space");
      await form.getByRole("button", { name: "Offri il gruppo" }).focus();
      await n.keyboard.press("Enter");
      await n.locator(".success-box", { hasText: "Offerta inviata" }).waitFor();
      const item = offers.locator(".registry-list li").first();
      await item.getByText("in attesa di risposta").waitFor();
      await item.getByRole("link", { name: "Apri la conversazione" }).waitFor();
      await checked(n, "group-offered");
    });

    await step("the-family-sees-the-offer-not-the-message", async () => {
      await p.goto(`${BASE}${group}`);
      await hydrated(p);
      const item = p.locator("section[aria-labelledby=group-offers] .registry-list li").first();
      await item.getByText("Inviata da Carla").waitFor();
      assert.equal(await item.getByRole("link", { name: "Apri la conversazione" }).count(), 0);
      assert.doesNotMatch(await p.locator("main").innerText(), /stesso palazzo: cerchiamo/);
      await p.getByRole("button", { name: "Switch to English" }).click();
      await p.locator("section[aria-labelledby=group-offers]").getByText("awaiting an answer").waitFor();
      await checked(p, "group-offer-en");
      await p.getByRole("button", { name: "Passa all'italiano" }).click();
    });

    // Rosa is free Monday to Saturday mornings: the group's whole week. The family asks
    // her for the group (besides her own conversation with Rosa); Rosa reads how many
    // families and the joint week.
    await step("the-family-asks-a-carer-for-the-group", async () => {
      const ask = p.getByRole("link", { name: "Chiedi per il gruppo Rosa" });
      await ask.waitFor();
      await checked(p, "group-carers");
      await ask.click();
      await p.waitForURL(/\/abbinamenti\/scrivi\/[0-9a-f-]{36}\?bisogno=[0-9a-f-]{36}&gruppo=[0-9a-f-]{36}$/);
      await hydrated(p);
      await p.locator(".shared-line", { hasText: "Per il gruppo" }).waitFor();
      await p.locator("#contact-message").fill("Buongiorno Rosa, siamo due famiglie dello stesso palazzo.");
      await p.getByRole("button", { name: "Invia" }).click();
      await p.waitForURL(/\/abbinamenti\/[0-9a-f-]{36}$/);
      const line = p.locator(".shared-line");
      await line.waitFor();
      assert.match(await line.innerText(), /2 famiglie · 24 ore a settimana/);
      await p.getByRole("link", { name: "La pagina del gruppo" }).waitFor();
      await checked(p, "group-match");
      // Rosa reads the families' count and the joint week, never who they are.
      const c = carer.page;
      await c.goto(p.url());
      await hydrated(c);
      await c.locator(".shared-line", { hasText: "2 famiglie" }).waitFor();
      assert.doesNotMatch(await c.locator("main").innerText(), /Giulia|Carla/);
      assert.equal(await c.getByRole("link", { name: "La pagina del gruppo" }).count(), 0);
      await checked(c, "group-match-carer");
    });
  } finally {
    await family.browser.close();
    await neighbour.browser.close();
  }
});
