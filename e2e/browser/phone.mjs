// Checks for the phone layout (issue 9): nothing scrolls sideways at 390 px, and what a
// finger taps is at least 44 × 44 px.

export const PHONE = { width: 390, height: 844 };

/** The links, buttons and form fields in `scope` (<main>) that are shown and smaller than `min`
 * CSS pixels either way, as "tag "text" W×H". A link inside a sentence (a paragraph
 * with at least three words besides it and no other control) is excepted, as WCAG 2.5.5
 * and 2.5.8 except it; a checkbox or radio button counts with its label. */
export async function smallTargets(page, min = 44, scope = "main") {
  return page.evaluate(({ min, scope }) => {
    // Shown, and not a skip link waiting off screen for the focus.
    const shown = (el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== "hidden" && r.width > 1 && r.height > 1 && r.right > 0;
    };
    const inSentence = (a) => {
      if (getComputedStyle(a).display !== "inline") return false;
      const p = a.closest("p");
      if (!p || p.querySelectorAll("a, button, input, select").length > 1) return false;
      const rest = p.textContent.replace(a.textContent, " ");
      return rest.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 3;
    };
    const box = (el) => {
      const rects = [el.getBoundingClientRect()];
      if (el.matches("input[type=checkbox], input[type=radio]")) {
        for (const l of el.labels || []) rects.push(l.getBoundingClientRect());
      }
      const top = Math.min(...rects.map((r) => r.top));
      const left = Math.min(...rects.map((r) => r.left));
      const bottom = Math.max(...rects.map((r) => r.bottom));
      const right = Math.max(...rects.map((r) => r.right));
      return { width: right - left, height: bottom - top };
    };
    const out = [];
    const kinds = ["a[href]", "button", "select", "input:not([type=hidden])", "[role=option]", "summary"];
    const targets = document.querySelectorAll(
      scope.split(",").flatMap((s) => kinds.map((k) => `${s.trim()} ${k}`)).join(", "));
    for (const el of targets) {
      if (!shown(el) || (el.matches("a") && inSentence(el))) continue;
      const { width, height } = box(el);
      // Half a pixel of rounding (rem-based sizes).
      if (width < min - 0.5 || height < min - 0.5) {
        const text = (el.textContent || el.getAttribute("aria-label") || el.id || "").trim().replace(/\s+/g, " ").slice(0, 40);
        out.push(`${el.tagName.toLowerCase()} "${text}" ${Math.round(width)}×${Math.round(height)}`);
      }
    }
    return out;
  }, { min, scope });
}

/** How wide the document is against the viewport (scrollWidth, clientWidth). */
export async function widths(page) {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
}
