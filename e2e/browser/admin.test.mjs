// Administration in a real browser: a provider administrator invites a person by e-mail;
// the person opens the link, signs in, accepts, and then acts in the new role through the
// header's role switcher, which names the membership by its id (sent as
// X-Active-Membership, kept across reloads whatever order /me lists them in); a
// municipal administrator sees the WeMi spaces and the audit log; a platform
// administrator pages through the audit log. axe-core checks every page, and none
// scrolls sideways on a 390 px phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, axeCheck as axe, stepper, linkFromMail, watch, fitsPhone } from "./helpers.mjs";

const MAIL_DIR = process.env.MAIL_DIR;
const DEMO_PASSWORD = "demo-domicilia-2026";
let browser, page, step, seen;

before(async () => {
  assert.ok(MAIL_DIR, "MAIL_DIR: where the server writes outgoing mail (.eml)");
  ({ browser, page } = await launch("192.0.2.3"));
  step = stepper(page);
  seen = watch(page);
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
    await fitsPhone(page, "manage-organisation");
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
    // The header with the switch (its longest role named in full) still fits a phone.
    await fitsPhone(page, "header-with-role-switch");
  });

  await step("active-membership", async () => {
    // /me in another order (the server promises oldest first, but the app must not rely
    // on positions): after a reload the person still acts as the provider's administrator.
    const role = async () => (await page.locator("#role-switch option:checked").textContent()).trim();
    const chosenRole = await role();
    assert.match(chosenRole, /^Amministratore dell'ente/);
    await page.route("**/api/v1/me", async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      const res = await route.fetch();
      const body = await res.json();
      body.memberships.reverse();
      await route.fulfill({ response: res, json: body });
    });
    await page.reload();
    await page.locator("table.members", { hasText: "Giulia Cittadina" }).waitFor();
    assert.equal(await role(), chosenRole);
    await page.locator("nav.main-nav a", { hasText: "Gestione ente" }).waitFor();
    await page.unroute("**/api/v1/me");

    // The option values are the memberships' ids (in /me's order again, oldest first);
    // the chosen one goes with every call.
    seen.clear();
    await page.reload();
    await page.locator("table.members", { hasText: "Giulia Cittadina" }).waitFor();
    const ids = await page.locator("#role-switch option").evaluateAll((os) => os.map((o) => o.value));
    const chosen = await page.locator("#role-switch").inputValue();
    assert.equal(ids.length, 2);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(chosen, ids[1], "the provider role, the newer membership");
    const members = seen.requests.filter((r) => /\/api\/v1\/organisations\/[^/]+\/members$/.test(new URL(r.url).pathname));
    assert.ok(members.length > 0, "the members were asked for");
    for (const r of members) assert.equal(r.headers["x-active-membership"], chosen);
    const signedIn = seen.requests.filter((r) => r.headers.authorization && !new URL(r.url).pathname.startsWith("/api/v1/auth/"));
    // Only the first /me goes before the membership is confirmed; every later call names it.
    assert.ok(signedIn.length >= 2);
    for (const r of signedIn.slice(1)) assert.equal(r.headers["x-active-membership"], chosen, r.url);

    // A membership this tab knew and the person no longer holds: the oldest one instead,
    // and the server is never sent an id it does not know.
    await page.evaluate(() => sessionStorage.setItem("domicilia.role", "0190aaaa-0000-7000-8000-000000000000"));
    seen.clear();
    await page.goto(`${BASE}/account`);
    await page.locator("#profile-name").waitFor();
    assert.equal(await page.locator("#role-switch").inputValue(), ids[0]);
    assert.equal(await page.locator("nav.main-nav a", { hasText: "Gestione ente" }).count(), 0);
    assert.ok(seen.requests.every((r) => !r.headers["x-active-membership"] || ids.includes(r.headers["x-active-membership"])));

    // The server refusing the membership (removed meanwhile): the app settles on another.
    await page.selectOption("#role-switch", chosen);
    await page.locator("nav.main-nav a", { hasText: "Gestione ente" }).click();
    await page.waitForURL(/\/gestione\/ente$/);
    await page.locator("table.members", { hasText: "Giulia Cittadina" }).waitFor();
    await page.route("**/api/v1/organisations/*/members", (route) => route.fulfill({
      status: 422, contentType: "application/problem+json",
      body: JSON.stringify({ type: "about:blank", title: "Unprocessable Entity", status: 422, detail: "Not one of your memberships.",
        errors: [{ field: "X-Active-Membership", code: "unknown_value", message: "Not one of your memberships." }] }),
    }), { times: 1 });
    await page.reload();
    await page.locator(".notice", { hasText: "ruolo" }).waitFor();
    // The oldest membership, shown and then kept for the tab once /me has confirmed it.
    await page.waitForFunction((id) => document.querySelector("#role-switch")?.value === id
      && sessionStorage.getItem("domicilia.role") === id, ids[0]);
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
    await fitsPhone(page, "manage-tenant");
    // A new space with its required fields only: the text goes trimmed, the empty
    // optional ones not at all (the API refuses empty strings).
    const created = page.waitForRequest((r) => r.url().endsWith("/api/v1/spaces") && r.method() === "POST");
    await page.locator("#space-name").fill("  Spazio WeMi di prova  ");
    await page.locator("#space-address").fill(" Via di Prova 1, Milano ");
    await page.getByRole("button", { name: "Crea lo spazio" }).click();
    const sent = JSON.parse((await created).postData());
    assert.deepEqual(Object.keys(sent).sort(), ["address", "name", "tenant"]);
    assert.equal(sent.name, "Spazio WeMi di prova");
    assert.equal(sent.address, "Via di Prova 1, Milano");
    await page.locator(".success-box", { hasText: "Spazio creato: Spazio WeMi di prova" }).waitFor();
    await page.locator(".spaces li", { hasText: "Spazio WeMi di prova" }).waitFor();
    // The register: suspend the last organisation with a reason, then reinstate it.
    const row = page.locator(".register-row").last();
    await row.waitFor();
    assert.match(await row.innerText(), /Accreditato/);
    await row.getByRole("button", { name: "Sospendi" }).click();
    await row.locator(".field-error", { hasText: "Scrivi il motivo" }).waitFor();
    await row.getByLabel("Motivo della sospensione").fill("Verifica dei requisiti in corso");
    await row.getByRole("button", { name: "Sospendi" }).click();
    await row.locator("strong", { hasText: "Sospeso" }).waitFor();
    await axeCheck("manage-tenant-register");
    await row.getByRole("button", { name: "Riammetti" }).click();
    await row.locator("strong", { hasText: "Accreditato" }).waitFor();
    await page.locator("nav.main-nav a", { hasText: "Registro attività" }).click();
    await page.waitForURL(/\/gestione\/registro$/);
    await page.selectOption("#audit-action", "organisation_suspended");
    await page.locator("table.audit tbody tr", { hasText: "Ente sospeso" }).first().waitFor();
    await page.selectOption("#audit-action", "sign_in_succeeded");
    await page.locator("table.audit tbody tr", { hasText: "Accesso" }).first().waitFor();
    await axeCheck("audit-log");
    await fitsPhone(page, "audit-log");
    await signOut();
  });

  await step("audit-pager", async () => {
    // More failed sign-ins than a page holds (the app asks for 20 a page; 50 before),
    // each from its own client so no rate limit applies; the platform administrator
    // sees them all and pages on.
    const attempts = 55;
    const started = Date.now();
    for (let i = 0; i < attempts; i++) {
      const res = await fetch(`${BASE}/api/v1/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i + 1}` },
        body: JSON.stringify({ email: `nessuno.${i}.${started}@example.org`, password: "non una password valida" }),
      });
      assert.equal(res.status, 401);
    }
    await signIn("piattaforma@demo.domicilia.it");
    await page.locator("nav.main-nav a", { hasText: "Registro attività" }).click();
    await page.waitForURL(/\/gestione\/registro$/);
    const filtered = page.waitForResponse((r) => r.url().includes("/api/v1/audit?action=sign_in_failed&page=1"));
    await page.selectOption("#audit-action", "sign_in_failed");
    const first = await (await filtered).json();
    const { total, per_page: perPage } = first;
    assert.ok(total >= attempts, `${total} failed sign-ins`);
    const pages = Math.ceil(total / perPage);
    await page.locator("p[role=status]", { hasText: `${total} eventi` }).waitFor();
    const pager = page.locator("nav.pager");
    const next = pager.locator("button").last();
    // The button's label is its text, not the template's source.
    assert.equal((await next.textContent()).trim(), "Successiva");
    await pager.locator("span", { hasText: `Pagina 1 di ${pages}` }).waitFor();
    assert.ok(await next.isEnabled(), "next is enabled on page 1");
    assert.ok(await pager.getByRole("button", { name: "Precedente" }).isDisabled());
    assert.equal(await page.locator("table.audit tbody tr").count(), perPage);
    await next.click();
    await pager.locator("span", { hasText: `Pagina 2 di ${pages}` }).waitFor();
    await page.locator("table.audit tbody tr", { hasText: "Accesso non riuscito" }).first().waitFor();
    assert.equal(await page.locator("table.audit tbody tr").count(), Math.min(perPage, total - perPage));
    assert.ok(await pager.getByRole("button", { name: "Precedente" }).isEnabled());
    await axeCheck("audit-log-page-2");
    await fitsPhone(page, "audit-log-page-2");
    await signOut();
  });
});
