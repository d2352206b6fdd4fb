// Loads the app for this address: the reserved area (sign-in, account, administration)
// or the public catalogue. An external file: the Content-Security-Policy allows no
// inline script. The paths are those of `RESERVED_PATHS` in src/apps.rs (a test keeps
// the two lists in step).
const RESERVED = ["/accedi", "/registrati", "/verifica-email", "/password-dimenticata",
  "/reimposta-password", "/account", "/invito", "/gestione"];
const path = location.pathname;
const reserved = RESERVED.some((p) => path === p || path.startsWith(p + "/"));
const app = reserved ? "reserved" : "frontend";
const { default: init } = await import(`/${app}.js`);
init({ module_or_path: `/${app}_bg.wasm` });
