// Administration in a real browser: a provider administrator invites a person by e-mail;
// the person opens the link, signs in, accepts, and then acts in the new role through the
// header's role switcher; a municipal administrator sees the WeMi spaces and the audit
// log. axe-core checks every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck as axe, stepper, linkFromMail } from "./helpers.mjs";

const MAIL_DIR = process.env.MAIL_DIR;
const DEMO_PASSWORD = "demo-domicilia-2026";
let browser, page, step;

before(async () => {
  assert.ok(MAIL_DIR, "MAIL_DIR: where the server writes outgoing mail (.eml)");
  ({ browser, page } = await launch("192.0.2.3"));
  step = stepper(page);
});

after(async () => { await browser?.close(); });

const axeCheck = (name) => axe(page, name);

const mailLink = (to, marker) => linkFromMail(MAIL_DIR, to, marker);

async function signIn(email, next) {
  await page.goto(`${BASE}/accedi${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.locator("#login-email").fill(email);
  await page.locator("#login-password").fill(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator(".account-name").waitFor();
}

async function signOut() {
  await page.getByRole("button", { name: "Esci" }).click();
  await page.locator(".flash", { hasText: "Sei uscito" }).waitFor();
}

test("administration: invite, accept, switch role, spaces, audit log", async () => {
  const invited = "cittadina@demo.domicilia.it";

  await step("provider-admin", async () => {
    await signIn("ente.admin@demo.domicilia.it", "/gestione/ente");
    await page.waitForURL(/\/gestione\/ente$/);
    await page.locator("table.members tbody tr").first().waitFor();
    assert.ok((await page.locator("table.members").textContent()).includes("Paolo Responsabile"));
    await axeCheck("manage-organisation");
    await page.locator("#invite-org-email").fill(invited);
    await page.selectOption("#invite-org-role", "provider_admin");
    await page.getByRole("button", { name: "Invia l'invito" }).click();
    await page.locator(".success-box", { hasText: invited }).waitFor();
    await signOut();
  });

  await step("invitation", async () => {
    const link = await mailLink(invited, "/invito?token=");
    await page.goto(link);
    await page.locator("dl.facts", { hasText: "Amministratore dell'ente" }).waitFor();
    await axeCheck("invitation-signed-out");
    await page.getByRole("link", { name: "Accedi" }).last().click();
    await page.waitForURL(/\/accedi\?next=/);
    await page.locator("#login-email").fill(invited);
    await page.locator("#login-password").fill(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/invito\?token=/);
    await page.getByRole("button", { name: "Accetta l'invito" }).click();
    await page.locator(".success-box", { hasText: "Invito accettato" }).waitFor();
    await axeCheck("invitation-accepted");
  });

  await step("role-switch", async () => {
    // Two memberships now: the header offers the switch; the provider role brings its page.
    const select = page.locator("#role-switch");
    await select.waitFor();
    assert.equal(await select.locator("option").count(), 2);
    assert.equal(await page.locator("nav.main-nav a", { hasText: "Gestione ente" }).count(), 0);
    await select.focus();
    await page.keyboard.press("ArrowDown");
    await page.locator("nav.main-nav a", { hasText: "Gestione ente" }).waitFor();
    await page.locator("nav.main-nav a", { hasText: "Gestione ente" }).click();
    await page.waitForURL(/\/gestione\/ente$/);
    await page.locator("table.members", { hasText: "Giulia Cittadina" }).waitFor();
    await axeCheck("manage-organisation-new-admin");
    await signOut();
  });

  await step("municipal-admin", async () => {
    await signIn("comune.admin@demo.domicilia.it", "/gestione/comune");
    await page.waitForURL(/\/gestione\/comune$/);
    await page.locator(".spaces li").first().waitFor();
    assert.equal(await page.locator(".spaces li").count(), 7);
    await page.locator(".spaces .disclosure").first().click();
    await page.locator("#invite-space-email").waitFor();
    assert.equal(await page.locator(".spaces .disclosure").first().getAttribute("aria-expanded"), "true");
    await axeCheck("manage-tenant");
    await page.locator("nav.main-nav a", { hasText: "Registro attività" }).click();
    await page.waitForURL(/\/gestione\/registro$/);
    await page.selectOption("#audit-action", "sign_in_succeeded");
    await page.locator("table.audit tbody tr", { hasText: "Accesso" }).first().waitFor();
    await axeCheck("audit-log");
    await signOut();
  });
});
