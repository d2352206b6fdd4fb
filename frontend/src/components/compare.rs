//! The cards chosen for comparison (at most 4), kept in localStorage.
use leptos::prelude::*;

pub const MAX: usize = 4;
const KEY: &str = "domicilia.compare";

#[derive(Clone, Copy)]
pub struct CompareList {
    pub ids: RwSignal<Vec<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    if cfg!(feature = "ssr") {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

/// The list kept in the browser (none on the server).
pub fn stored() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .take(MAX)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

impl CompareList {
    pub fn load() -> Self {
        // The server knows no list: hydration starts from the same empty one, and the
        // stored list is read once the page is interactive (the first run below).
        let deferred = crate::hydrating();
        let list = Self {
            ids: RwSignal::new(if deferred { Vec::new() } else { stored() }),
        };
        Effect::new(move |prev: Option<()>| {
            if prev.is_none() && deferred {
                list.ids.set(stored());
                // Subscribed after the change above: later changes are stored.
                list.ids.track();
                return;
            }
            if let Some(s) = storage() {
                let _ = s.set_item(KEY, &list.ids.get().join(","));
            }
        });
        list
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.with(|v| v.iter().any(|x| x == id))
    }

    /// Adds or removes; returns false when the list is full.
    pub fn toggle(&self, id: &str) -> bool {
        let mut ok = true;
        self.ids.update(|v| {
            if let Some(i) = v.iter().position(|x| x == id) {
                v.remove(i);
            } else if v.len() < MAX {
                v.push(id.to_owned());
            } else {
                ok = false;
            }
        });
        ok
    }

    pub fn href(&self) -> String {
        format!("/confronta?ids={}", self.ids.get().join(","))
    }
}

pub fn use_compare() -> CompareList {
    use_context::<CompareList>().unwrap_or_else(CompareList::load)
}

/// "Contact the chosen services": a link to the request form with the comparison list's
/// cards, shown when the list holds any (an island in the public catalogue: the list is
/// the browser's).
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
pub fn ContactChosen() -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let compare = use_compare();
    view! {
        <Show when=move || compare.ids.with(|v| !v.is_empty())>
            <p class="contact-cta">
                <a class="primary" href=move || format!("/richiesta?servizi={}", compare.ids.get().join(","))>
                    {crate::i18n::tr(lang, "contact.chosen")} " (" {move || compare.ids.get().len()} ")"
                </a>
            </p>
        </Show>
    }
}
