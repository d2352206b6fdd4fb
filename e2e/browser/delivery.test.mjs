// How the web app is delivered (docs/web-app-delivery.md): index.html, revalidated on
// every visit, names content-hashed files under /assets/ that are cached for a year;
// it preloads the public catalogue's wasm, which the page then uses (no "preloaded but
// not used" warning); boot.js loads the bundle of the path. Here with the app's real
// Content-Security-Policy (no bypass): a page that breaks it logs an error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, stepper, watch } from "./helpers.mjs";

const IMMUTABLE = "public, max-age=31536000, immutable";
const HASHED = /^\/assets\/[a-z]+-[0-9a-f]{16}\.(js|wasm|css|svg)$/;
let browser, page, step, seen;

before(async () => {
  ({ browser, page } = await launch("192.0.2.4", { bypassCSP: false }));
  step = stepper(page);
  seen = watch(page);
});

after(async () => { await browser?.close(); });

/** The hashed files index.html and boot.js name (index.html: a client-rendered path; the
 * server-rendered pages name the same files, see ssr.test.mjs). */
async function assets() {
  const html = await (await fetch(`${BASE}/accedi`)).text();
  const attr = (re) => html.match(re)?.[1];
  const icon = attr(/<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/);
  const css = attr(/<link rel="stylesheet" href="([^"]+)"/);
  const preload = attr(/<link rel="preload" as="fetch" type="application\/wasm" crossorigin href="([^"]+)"/);
  const boot = attr(/<script type="module" src="([^"]+)"><\/script>/);
  assert.ok(icon && css && preload && boot, html);
  assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
  const bootJs = await (await fetch(`${BASE}${boot}`)).text();
  const bundles = [...bootJs.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  return { icon, css, preload, boot, bundles };
}

test("delivery: hashed names, cache headers, the preload used, the bundle of the path", async () => {
  let files;

  await step("headers", async () => {
    files = await assets();
    const all = [files.icon, files.css, files.preload, files.boot, ...files.bundles];
    assert.equal(files.bundles.length, 22, "js and wasm of the eleven apps");
    assert.ok(files.bundles.includes(files.preload), "the preload is the public catalogue's wasm");
    for (const path of all) {
      assert.match(path, HASHED);
      const res = await fetch(`${BASE}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("cache-control"), IMMUTABLE, path);
      if (path.endsWith(".wasm")) assert.equal(res.headers.get("content-type"), "application/wasm");
      await res.arrayBuffer();
    }
    // The page and every page path: revalidated, so a new release shows at once.
    for (const path of ["/", "/cerca?q=badante", "/accedi", "/gestione/registro"]) {
      const res = await fetch(`${BASE}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("cache-control"), "no-cache", path);
      assert.match(await res.text(), new RegExp(files.boot.replace(/[.]/g, "\\.")));
    }
    // A missing asset (an old release's name) is not cached for a year.
    const gone = await fetch(`${BASE}/assets/frontend-0000000000000000.wasm`);
    assert.equal(gone.status, 404);
    assert.notEqual(gone.headers.get("cache-control"), IMMUTABLE);
    // The unhashed names of before are gone.
    for (const old of ["/boot.js", "/style.css", "/frontend_bg.wasm"]) {
      assert.equal((await fetch(`${BASE}${old}`)).status, 404, old);
    }
  });

  /** The [js, wasm] of an app. */
  const bundle = (app) => ["js", "wasm"].map((ext) => files.bundles.find((b) => b.startsWith(`/assets/${app}-`) && b.endsWith(`.${ext}`)));

  /** Loads `path` afresh and waits past the moment Chromium reports unused preloads
   * (a few seconds after the load event). */
  async function load(path, ready) {
    seen.clear();
    await page.goto(`${BASE}${path}`, { waitUntil: "load" });
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(3500);
    const used = seen.requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith("/assets/"));
    return used;
  }

  await step("public-page", async () => {
    const used = await load("/", ".area");
    const [js, wasm] = bundle("frontend");
    assert.ok(used.includes(files.boot) && used.includes(files.css), used.join(" "));
    assert.ok(used.includes(js), `${js} in ${used.join(" ")}`);
    // The preload and the app's fetch are one request.
    assert.equal(used.filter((p) => p === wasm).length, 1, used.join(" "));
    assert.ok(!used.some((p) => /\/reserved-/.test(p)), "nothing of the reserved area");
    assert.deepEqual(seen.console, [], "nothing logged (no unused preload, no CSP violation)");
  });

  await step("reserved-page", async () => {
    await page.context().clearCookies();
    const used = await load("/accedi", "#login-email");
    const [js, wasm] = bundle("reserved");
    assert.ok(used.includes(js) && used.includes(wasm), used.join(" "));
    assert.deepEqual(seen.console, [], "nothing logged (the catalogue's preload is claimed)");
  });

  // The providers' workspace, the city's review (with the notifications) and its register,
  // contact, the reviews, matching, needs, matches and groups each load
  // their own bundle (signed out, each then hands over to the sign-in page, the reserved
  // area's).
  for (const [path, app] of [["/gestione/schede", "workspace"], ["/gestione/revisione", "review"], ["/notifiche", "review"], ["/gestione/enti", "city"], ["/richieste", "contact"], ["/gestione/recensioni", "feedback"], ["/gestione/richieste", "feedback"], ["/assistente", "matching"], ["/gestione/assistenti", "matching"], ["/gestione/bisogni", "matching"], ["/trova-aiuto", "needs"], ["/bisogni", "needs"], ["/segnala/00000000-0000-7000-8000-000000000000", "groups"], ["/abbinamenti", "matches"], ["/assistente/bisogni", "matches"], ["/gruppi", "groups"], ["/gruppi/proponi", "groups"]]) {
    await step(`${app}-page`, async () => {
      const used = await load(path, "main");
      const [js, wasm] = bundle(app);
      assert.ok(used.includes(js) && used.includes(wasm), used.join(" "));
    });
  }
});
