// Loads the app for this address: the reserved area (sign-in, account, administration)
// or the public catalogue. An external file: the Content-Security-Policy allows no
// inline script. The paths are those of `RESERVED_PATHS` in src/apps.rs (a test keeps
// the two lists in step). This is a template: scripts/build-frontend.sh writes the
// content-hashed names of the bundles in place of the @…@ marks and hashes the result
// itself (see docs/web-app-delivery.md).
const RESERVED = ["/accedi", "/avvisi", "/registrati", "/verifica-email", "/password-dimenticata",
  "/reimposta-password", "/account", "/invito", "/gestione"];
// The providers' workspace (their cards) and the city's review (with everyone's
// notifications) are checked first: their paths are inside the reserved area's.
// `WORKSPACE_PATHS` and `REVIEW_PATHS` in src/apps.rs.
const WORKSPACE = ["/gestione/schede"];
const REVIEW = ["/gestione/revisione", "/notifiche", "/gestione/segnalazioni", "/gestione/versioni",
  "/gestione/anteprima"];
// The municipality's register of organisations, an organisation's profile, the
// a family's request (bundled where there is room): `CITY_PATHS`.
const CITY = ["/gestione/enti", "/gestione/ente/profilo", "/richiesta"];
// Contact: the family's inbox, a thread, the provider's inbox: `CONTACT_PATHS`.
const CONTACT = ["/richieste", "/conversazioni"];
// Families' reviews: writing or answering one, moderation, reports, the provider's
// inbox: `FEEDBACK_PATHS`.
const FEEDBACK = ["/recensione", "/gestione/recensioni", "/segnala-recensione", "/gestione/richieste"];
// Matching: a carer's application, the operators' registry of carers, the needs shared
// with an operator's space: `MATCHING_PATHS`.
const MATCHING = ["/assistente", "/gestione/assistenti", "/gestione/bisogni"];
// Matches: the needs a carer fits, the conversations (checked before MATCHING:
// /assistente/bisogni is inside /assistente): `MATCHES_PATHS`.
const MATCHES = ["/abbinamenti", "/assistente/bisogni"];
// Groups: families sharing a carer, the citizens' report form of a card: `GROUPS_PATHS`.
const GROUPS = ["/gruppi", "/segnala"];
// A family's needs, the offers ranked for them, a carer's profile: `NEEDS_PATHS`.
const NEEDS = ["/trova-aiuto", "/bisogni", "/assistenti"];
const BUNDLES = {
  frontend: { js: "@FRONTEND_JS@", wasm: "@FRONTEND_WASM@" },
  reserved: { js: "@RESERVED_JS@", wasm: "@RESERVED_WASM@" },
  workspace: { js: "@WORKSPACE_JS@", wasm: "@WORKSPACE_WASM@" },
  review: { js: "@REVIEW_JS@", wasm: "@REVIEW_WASM@" },
  city: { js: "@CITY_JS@", wasm: "@CITY_WASM@" },
  contact: { js: "@CONTACT_JS@", wasm: "@CONTACT_WASM@" },
  feedback: { js: "@FEEDBACK_JS@", wasm: "@FEEDBACK_WASM@" },
  matching: { js: "@MATCHING_JS@", wasm: "@MATCHING_WASM@" },
  needs: { js: "@NEEDS_JS@", wasm: "@NEEDS_WASM@" },
  matches: { js: "@MATCHES_JS@", wasm: "@MATCHES_WASM@" },
  groups: { js: "@GROUPS_JS@", wasm: "@GROUPS_WASM@" },
};
const path = location.pathname;
const under = (list) => list.some((p) => path === p || path.startsWith(p + "/"));
const workspace = under(WORKSPACE);
const review = under(REVIEW);
const city = under(CITY);
const contact = under(CONTACT);
const feedback = under(FEEDBACK);
const matches = under(MATCHES);
const matching = under(MATCHING);
const needs = under(NEEDS);
const groups = under(GROUPS);
const reserved = workspace || review || city || contact || feedback || matches || matching || needs
  || groups || under(RESERVED);
const app = BUNDLES[workspace ? "workspace" : review ? "review" : city ? "city" : contact ? "contact"
  : feedback ? "feedback" : matches ? "matches" : matching ? "matching" : needs ? "needs"
  : groups ? "groups" : reserved ? "reserved" : "frontend"];
// A page the server rendered carries its resources' data in a JSON block (not a script:
// the CSP allows none inline). Such a page is readable as it is: the browser paints it
// whole before the app's download starts competing with it (on a slow phone the content
// otherwise shows later). Not in a background tab, which paints no frame until shown;
// at most a second in any case.
const data = document.getElementById("leptos-data");
if (data && document.visibilityState === "visible") {
  await new Promise((painted) => {
    // The browser reports the first paint once it is on screen; the whole document (this
    // script runs once it is parsed) is on screen two frames later.
    const settled = () => requestAnimationFrame(() => requestAnimationFrame(painted));
    try {
      new PerformanceObserver((list, observer) => {
        if (list.getEntriesByName("first-contentful-paint").length) {
          observer.disconnect();
          settled();
        }
      }).observe({ type: "paint", buffered: true });
    } catch {
      painted();
    }
    setTimeout(painted, 1000);
  });
}
// The wasm downloads while the JS glue loads. On the catalogue's pages this request takes
// over the preload of index.html (same URL, mode and credentials).
const wasm = fetch(app.wasm);
if (reserved) {
  // index.html preloads the catalogue's wasm on every path: claim it here too, so it is
  // not a preload left unused (it stays in the cache for the catalogue's pages).
  fetch(BUNDLES.frontend.wasm).then((r) => r.blob()).catch(() => {});
}
const mod = await import(app.js);
// Leptos reads the server's data from these globals while hydrating.
if (data) {
  window.__RESOLVED_RESOURCES = JSON.parse(data.textContent);
  window.__SERIALIZED_ERRORS = [];
  window.__INCOMPLETE_CHUNKS = [];
}
await mod.default({ module_or_path: wasm });
// A task of its own for hydrating: the browser may handle input between the two, and
// neither is as long as both were (a long task blocks a slow phone).
await new Promise((next) => setTimeout(next, 0));
// The catalogue's bundle (built with `hydrate`) exports both; the reserved area's
// (client-rendered) mounts itself from `main`. Measured (`app-hydrate` in a trace).
performance.mark("app-start");
// The catalogue is an islands bundle: the contexts the islands share, then each island
// (a `<leptos-island>` element naming its export), then the end of hydration.
if (data && mod.hydrate) {
  mod.hydrate();
  for (const island of document.querySelectorAll("leptos-island")) {
    const hydrate = mod[island.dataset.component];
    if (hydrate) hydrate(island);
    else console.warn("no island " + island.dataset.component);
  }
  mod.hydrated();
}
performance.measure("app-hydrate", "app-start");
// Interactive from here (a mark for tests and styles; hydration ran synchronously).
// (Not if the document was replaced meanwhile: a navigation leaves it without a root.)
if (document.documentElement) document.documentElement.dataset.hydrated = "true";
