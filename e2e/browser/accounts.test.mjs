// The account journey in a real browser, from sign-up to sign-out with the keyboard
// only: sign up (a mistake
// first) → the confirmation link from the e-mail the server wrote, with the sign-up's
// password (a wrong one first) → sign in → the
// account page survives a reload (silent refresh) and other tabs → data export → sign
// out → back in and delete the account. axe-core must find no
// serious or critical violation on any page, in Italian and in English.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { BASE, launch, axeCheck as axe, stepper, linkFromMail, fitsPhone, visit } from "./helpers.mjs";

const MAIL_DIR = process.env.MAIL_DIR;
const PASSWORD = "una frase lunga da ricordare";
let browser, page, step;

before(async () => {
  assert.ok(MAIL_DIR, "MAIL_DIR: where the server writes outgoing mail (.eml)");
  ({ browser, page } = await launch("192.0.2.2"));
  step = stepper(page);
});

after(async () => { await browser?.close(); });

const axeCheck = (name) => axe(page, name);

/** What the focused element is: its id, else its text. */
async function focused() {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.id ? `#${el.id}` : (el.textContent || "").trim()) : "";
  });
}

/** Presses Tab until the focus is on `target` (an #id, or an element's exact text). */
async function tabTo(target, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if ((await focused()) === target) return;
  }
  throw new Error(`Tab never reached ${target}; focus is on ${await focused()}`);
}

async function typeInto(id, text) {
  await tabTo(id);
  await page.keyboard.type(text);
}

const mailLink = (to, marker) => linkFromMail(MAIL_DIR, to, marker);

test("account journey: sign up, confirm by e-mail, sign in, sign out — keyboard only", async () => {
  const email = `giovanna.${Date.now()}@example.org`;

  await step("signup-page", async () => {
    // The server's page is on screen before the app takes it over: wait for the app.
    await visit(page, "/");
    await page.locator(".area").first().waitFor();
    await tabTo("Registrati");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/registrati$/);
    await page.locator("h1", { hasText: "Registrati" }).waitFor();
    await axeCheck("signup");
    await fitsPhone(page, "signup");
  });

  await step("signup-errors", async () => {
    // Send the empty form: the error summary takes the focus and names each field.
    await tabTo("Crea l'account");
    await page.keyboard.press("Enter");
    await page.locator(".error-summary").waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "signup-errors");
    const summary = await page.locator(".error-summary").textContent();
    for (const label of ["Nome e cognome", "E-mail", "Nuova password"]) assert.ok(summary.includes(label), summary);
    assert.equal(await page.getAttribute("#signup-name", "aria-invalid"), "true");
    await axeCheck("signup-errors");
  });

  await step("signup", async () => {
    await typeInto("#signup-name", "Giovanna Bianchi");
    await typeInto("#signup-email", email);
    await typeInto("#signup-password", PASSWORD);
    await typeInto("#signup-confirm", PASSWORD);
    await tabTo("#signup-privacy");
    await page.keyboard.press("Space");
    await tabTo("Crea l'account");
    await page.keyboard.press("Enter");
    await page.locator(".success-box", { hasText: email }).waitFor();
    await axeCheck("signup-sent");
  });

  await step("verify-no-token", async () => {
    // A link without its token: the "not valid" message, and no form.
    await page.goto(`${BASE}/verifica-email`);
    await page.locator(".error-box", { hasText: "non è valido" }).waitFor();
    assert.equal(await page.locator("#verify-password").count(), 0);
    await axeCheck("verify-no-token");
  });

  let link;
  await step("verify-page", async () => {
    // Opening the link confirms nothing: it asks for the sign-up's password.
    link = await mailLink(email, "/verifica-email?token=");
    assert.ok(link.startsWith(BASE), `${link} points to this server`);
    await page.goto(link);
    await page.locator("h1", { hasText: "Conferma dell'indirizzo e-mail" }).waitFor();
    await page.locator("p", { hasText: "la password scelta al momento della registrazione" }).waitFor();
    await page.locator("label[for=verify-password]", { hasText: "Password" }).waitFor();
    assert.equal(await page.locator(".success-box").count(), 0);
    await axeCheck("verify");
    await fitsPhone(page, "verify");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.locator("p", { hasText: "enter the password you chose when you signed up" }).waitFor();
    await page.getByRole("button", { name: "Confirm the address" }).waitFor();
    await axeCheck("verify-en");
    await page.getByRole("button", { name: "Passa all'italiano" }).click();
    await page.locator("h1", { hasText: "Conferma dell'indirizzo e-mail" }).waitFor();
  });

  await step("verify-errors", async () => {
    // Empty, then a wrong password: the error summary takes the focus and names the field,
    // the field says why, and the address stays unconfirmed.
    await tabTo("Conferma l'indirizzo");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "verify-errors");
    assert.match(await page.locator(".error-summary").textContent(), /Password: Questo campo è obbligatorio/);
    await typeInto("#verify-password", "non è la mia password");
    await page.keyboard.press("Enter");
    await page.locator(".error-summary", { hasText: "La password non è corretta" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "verify-errors");
    assert.equal(await page.getAttribute("#verify-password", "aria-invalid"), "true");
    assert.match(await page.getAttribute("#verify-password", "aria-describedby"), /\bverify-password-error\b/);
    assert.equal((await page.locator("#verify-password-error").textContent()).trim(), "La password non è corretta.");
    assert.equal(await page.locator(".success-box").count(), 0);
    await axeCheck("verify-wrong-password");
    await fitsPhone(page, "verify-wrong-password");
    // From the summary: its link to the field, then the field.
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Password: La password non è corretta.");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "#verify-password");
  });

  await step("verify", async () => {
    // The right password (the link still works: the wrong one confirmed nothing).
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator(".success-box", { hasText: "confermato" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "verify-outcome");
    assert.equal(await page.locator("#verify-password").count(), 0);
    await axeCheck("verified");
    await fitsPhone(page, "verified");
    await tabTo("Vai all'accesso");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/accedi$/);
  });

  await step("verify-used", async () => {
    // The link is used now: the "not valid" message, even with the right password.
    await page.goto(link);
    await typeInto("#verify-password", PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator(".error-box", { hasText: "non è valido" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "verify-outcome");
    assert.equal(await page.locator("#verify-password").count(), 0);
    await axeCheck("verify-used");
    await page.goto(`${BASE}/accedi`);
    await page.locator("#login-email").waitFor();
  });

  await step("sign-in", async () => {
    await axeCheck("login");
    // A wrong password first: the same message as for an unknown address.
    await typeInto("#login-email", email);
    await typeInto("#login-password", "non è la mia password");
    await page.keyboard.press("Enter");
    await page.locator(".error-summary", { hasText: "E-mail o password non corretti" }).waitFor();
    await page.locator("#login-password").fill("");
    await page.locator("#login-password").focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/account$/);
    await page.locator("h1", { hasText: "Il mio account" }).waitFor();
    await page.locator(".account-name", { hasText: "Giovanna Bianchi" }).waitFor();
    await page.locator("table.sessions tbody tr", { hasText: "questo dispositivo" }).waitFor();
    assert.equal(await page.locator("table.sessions tbody tr").count(), 1);
    await axeCheck("account");
    await fitsPhone(page, "account");
  });

  await step("reload", async () => {
    // The access token lives in memory only: after a reload the refresh cookie brings it
    // back. The app asks for it because the readable `domicilia_session` cookie says so.
    assert.match(await page.evaluate(() => document.cookie), /(^|; )domicilia_session=1(;|$)/);
    const renewed = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/refresh") && r.status() === 200);
    await page.reload();
    await renewed;
    await page.locator(".account-name", { hasText: "Giovanna Bianchi" }).waitFor();
    await page.locator("#profile-name").waitFor();
    assert.equal(await page.inputValue("#profile-name"), "Giovanna Bianchi");
  });

  await step("tabs", async () => {
    // Three more tabs open at once, each renewing its token with the same cookie. The
    // browser holds the renewals back until all three are sent (or 1.5 s pass), then lets
    // them through together: had they been sent at once, the server would take two of
    // them for a stolen, reused token and end the session everywhere. The app's renewals
    // take turns (Web Locks), so only one is ever waiting and every tab stays signed in.
    const held = [];
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const r of held) r.continue();
    };
    await page.context().route("**/api/v1/auth/refresh", async (route) => {
      if (released) return route.continue();
      held.push(route);
      if (held.length === 1) setTimeout(release, 1500);
      if (held.length === 3) release();
    });
    const tabs = await Promise.all([1, 2, 3].map(() => page.context().newPage()));
    await Promise.all(tabs.map((t) => t.goto(`${BASE}/account`)));
    for (const t of tabs) {
      await t.locator(".account-name", { hasText: "Giovanna Bianchi" }).waitFor();
      await t.close();
    }
    await page.context().unroute("**/api/v1/auth/refresh");
    assert.equal(held.length, 1, "one renewal at a time");
    await page.reload();
    await page.locator(".account-name", { hasText: "Giovanna Bianchi" }).waitFor();
  });

  await step("english", async () => {
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.locator("h1", { hasText: "My account" }).waitFor();
    await axeCheck("account-en");
    await page.getByRole("button", { name: "Passa all'italiano" }).click();
    await page.locator("h1", { hasText: "Il mio account" }).waitFor();
  });

  await step("export", async () => {
    // The data export downloads a JSON file with the person's data.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Scarica i miei dati" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "domicilia-account.json");
    const data = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    assert.equal(data.profile.email, email);
    assert.equal(data.consents[0].version, "2026-11");
    await page.locator(".success-box", { hasText: "scaricato" }).waitFor();
  });

  await step("sign-out", async () => {
    await page.locator("#main").focus();
    await page.keyboard.press("Shift+Tab");
    // Back through the header until the sign-out button.
    for (let i = 0; i < 30 && (await focused()) !== "Esci"; i++) await page.keyboard.press("Shift+Tab");
    assert.equal(await focused(), "Esci");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${BASE}/`);
    await page.locator(".flash", { hasText: "Sei uscito" }).waitFor();
    await page.locator(".account-links a", { hasText: "Accedi" }).waitFor();
    await axeCheck("signed-out");
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /domicilia_session/);
    // The account page now asks to sign in, and comes back after.
    await page.goto(`${BASE}/account`);
    await page.waitForURL(/\/accedi\?next=%2Faccount$/);
    // And the session is over on the server too: the refresh cookie is gone.
    const res = await page.evaluate(async () => (await fetch("/api/v1/auth/refresh", { method: "POST" })).status);
    assert.equal(res, 401);
  });

  await step("delete", async () => {
    // Back in, then the account goes: password asked again, and a confirmation.
    await page.locator("#login-email").fill(email);
    await page.locator("#login-password").fill(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/account$/);
    await page.locator("#delete-password").waitFor();
    await page.getByRole("button", { name: "Elimina definitivamente l'account" }).click();
    await page.locator("#delete-errors").waitFor();
    await axeCheck("delete-errors");
    await page.locator("#delete-password").fill(PASSWORD);
    await page.locator("#delete-understood").check();
    await page.getByRole("button", { name: "Elimina definitivamente l'account" }).click();
    await page.waitForURL(`${BASE}/`);
    await page.locator(".flash", { hasText: "eliminato" }).waitFor();
    await page.goto(`${BASE}/accedi`);
    await page.locator("#login-email").fill(email);
    await page.locator("#login-password").fill(PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator(".error-summary", { hasText: "E-mail o password non corretti" }).waitFor();
  });
});
