// The municipality's register in a real browser: Milan's administrator registers an
// organisation (the form names each missing field and takes focus), invites its first
// administrator, then changes its name. axe-core on each screen; the page fits a 390 px
// phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck as axe, stepper, watch, fitsPhone } from "./helpers.mjs";

const DEMO_PASSWORD = "demo-domicilia-2026";
let browser, page, step, seen;

/** A partita IVA: ten digits and their check digit. */
function partitaIva(base) {
  const d = [...base].map(Number);
  let sum = 0;
  d.forEach((x, i) => { if (i % 2 === 0) sum += x; else { const y = x * 2; sum += y > 9 ? y - 9 : y; } });
  return base + ((10 - (sum % 10)) % 10);
}

before(async () => {
  ({ browser, page } = await launch("192.0.2.16"));
  step = stepper(page);
  seen = watch(page);
});

after(async () => { await browser?.close(); });

const axeCheck = (name) => axe(page, name);
const NAME = "Cooperativa Sociale Tapiro";

test("the city registers an organisation, invites its first administrator and changes it", async () => {
  await step("open-the-register", async () => {
    await page.goto(`${BASE}/accedi?next=${encodeURIComponent("/gestione/comune")}`);
    await page.locator("#login-email").fill("comune.admin@demo.domicilia.it");
    await page.locator("#login-password").fill(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/gestione\/comune$/);
    // Another app's page: a full load of the city's bundle.
    await page.getByRole("link", { name: "Iscrivi un ente o modificane i dati di registro" }).click();
    await page.waitForURL(/\/gestione\/enti$/);
    await page.locator("#r-name").waitFor();
    await page.locator("table.data tbody tr").first().waitFor();
    await axeCheck("register");
    await fitsPhone(page, "register");
  });

  await step("missing-fields-are-named", async () => {
    await page.getByRole("button", { name: "Salva nel registro" }).click();
    await page.locator("#register-errors").waitFor();
    // Focus moves to the summary on the frame after it is drawn.
    await page.waitForFunction(() => document.activeElement?.id === "register-errors");
    const summary = await page.locator("#register-errors").innerText();
    assert.match(summary, /Partita IVA/);
    assert.match(summary, /Forma giuridica/);
    await axeCheck("register-errors");
  });

  await step("registered-and-first-admin-invited", async () => {
    await page.locator("#r-name").fill(NAME);
    await page.selectOption("#r-form", "coop-sociale");
    await page.locator("#r-vat").fill(partitaIva("7712345678"));
    await page.locator("#r-types input[type=checkbox]").first().check();
    await page.getByRole("button", { name: "Salva nel registro" }).click();
    await page.locator(".success-box", { hasText: `Iscritto: ${NAME}` }).waitFor();
    await page.locator("table.data tbody tr", { hasText: NAME }).waitFor();
    const invite = page.locator("section", { has: page.getByRole("heading", { name: /Invita il primo amministratore/ }) });
    await invite.getByLabel("E-mail").fill("presidente@tapiro.example.org");
    await invite.getByRole("button", { name: "Invia l'invito" }).click();
    await invite.locator(".success-box", { hasText: "presidente@tapiro.example.org" }).waitFor();
    await axeCheck("register-invited");
  });

  await step("changed", async () => {
    await page.getByRole("button", { name: `Modifica ${NAME}` }).click();
    await page.locator("h2", { hasText: "Modifica i dati di registro" }).waitFor();
    assert.equal(await page.locator("#r-name").inputValue(), NAME);
    await page.locator("#r-name").fill(`${NAME} Impresa Sociale`);
    await page.getByRole("button", { name: "Salva nel registro" }).click();
    await page.locator(".success-box", { hasText: "Registro aggiornato" }).waitFor();
    await page.locator("table.data tbody tr", { hasText: `${NAME} Impresa Sociale` }).waitFor();
  });

  assert.deepEqual(seen.console.filter((m) => !m.includes("Failed to load resource")), [], "no console errors");
});
