// Loads the app (an external file: the Content-Security-Policy allows no inline script).
import init from "/frontend.js";
init({ module_or_path: "/frontend_bg.wasm" });
