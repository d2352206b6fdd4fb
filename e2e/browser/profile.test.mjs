// A provider's administrator keeps the organisation's profile in a real browser: the
// register's data shown read-only, the profile's fields checked (the error summary takes
// focus and names the field), saved, a logo uploaded (re-encoded by the server) and
// shown on the public page of the organisation, then removed. axe-core on each screen,
// and the page fits a 390 px phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck as axe, stepper, watch, fitsPhone, hydrated } from "./helpers.mjs";

const DEMO_PASSWORD = "demo-domicilia-2026";
// A 2 × 2 PNG (red, green, blue, white).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC",
  "base64",
);
let browser, page, step, seen;

before(async () => {
  ({ browser, page } = await launch("192.0.2.15"));
  step = stepper(page);
  seen = watch(page);
});

after(async () => { await browser?.close(); });

const axeCheck = (name) => axe(page, name);

test("a provider's administrator keeps the organisation's profile and logo", async () => {
  let orgPage;
  await step("open-the-profile", async () => {
    await page.goto(`${BASE}/accedi?next=${encodeURIComponent("/gestione/ente")}`);
    await page.locator("#login-email").fill("ente.admin@demo.domicilia.it");
    await page.locator("#login-password").fill(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/gestione\/ente$/);
    // Another app's page: a full load of the review bundle.
    await page.getByRole("link", { name: "Profilo dell'ente" }).click();
    await page.waitForURL(/\/gestione\/ente\/profilo$/);
    await page.locator("#p-description").waitFor();
    assert.match(await page.locator("dl.facts").innerText(), /Partita IVA/);
    await axeCheck("profile");
    await fitsPhone(page, "profile");
  });

  await step("a-wrong-address-is-named", async () => {
    await page.locator("#p-website").fill("coop senza indirizzo");
    await page.getByRole("button", { name: "Salva il profilo" }).click();
    await page.locator("#profile-errors").waitFor();
    // Focus moves to the summary on the frame after it is drawn.
    await page.waitForFunction(() => document.activeElement?.id === "profile-errors");
    assert.match(await page.locator("#profile-errors").innerText(), /Sito web/);
    assert.equal(await page.locator("#p-website").getAttribute("aria-invalid"), "true");
    await axeCheck("profile-errors");
  });

  await step("saved", async () => {
    await page.locator("#p-website").fill("https://cooperativa.example.org");
    await page.locator("#p-languages").fill("it, es, ar");
    await page.getByRole("button", { name: "Salva il profilo" }).click();
    await page.locator(".success-box", { hasText: "Profilo salvato" }).waitFor();
  });

  await step("logo-uploaded", async () => {
    await page.locator("#p-logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Carica il logo" }).click();
    await page.locator(".success-box", { hasText: "Logo aggiornato" }).waitFor();
    const img = page.locator("img.logo");
    await img.waitFor();
    assert.match(await img.getAttribute("src"), /\/api\/v1\/organisations\/[0-9a-f-]{36}\/logo\?v=[0-9a-f]{32}$/);
    assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 2), "the server's PNG is shown");
    const id = (await img.getAttribute("src")).split("/")[4];
    orgPage = `${BASE}/enti/${id}`;
    await axeCheck("profile-logo");
  });

  await step("the-public-page-shows-it", async () => {
    await page.goto(orgPage);
    await hydrated(page);
    const img = page.locator("main img.logo");
    await img.waitFor();
    assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 2));
    assert.match(await page.locator("main dl.facts").first().innerText(), /IT, ES, AR/);
    await axeCheck("organisation-with-logo");
  });

  await step("logo-removed", async () => {
    await page.goto(`${BASE}/gestione/ente/profilo`);
    await page.getByRole("button", { name: "Togli il logo" }).click();
    await page.locator(".success-box", { hasText: "Logo tolto" }).waitFor();
    assert.equal(await page.locator("img.logo").count(), 0);
  });

  assert.deepEqual(seen.console.filter((m) => !m.includes("Failed to load resource")), [], "no console errors");
});
