//! A search box that suggests while typing: the ARIA 1.2 combobox pattern (list
//! autocomplete). The text field keeps the focus; the option the arrows reach is named by
//! `aria-activedescendant`. Up/Down move (and open the list), Enter picks the option or
//! submits the form, Escape closes the list, Home/End/Left/Right stay in the text. Calls
//! to `GET /api/v1/services/suggest` wait for a pause in typing; an answer to an older
//! text than the one in the box is dropped.
use super::highlight::highlighted;
use super::search_state::{self as state, Pairs};
use crate::api::{self, SuggestServicesQuery, Suggestion, SuggestionKind};
use crate::i18n::{Lang, t, tr, use_lang};
use leptos::prelude::*;
use std::time::Duration;

/// The pause in typing before suggestions are asked for.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// The API takes at most 100 characters (one is kept for the space of a second try).
const MAX_CHARS: usize = 99;

fn kind_label(lang: Lang, kind: SuggestionKind) -> &'static str {
    t(
        lang,
        match kind {
            SuggestionKind::Category => "suggest.category",
            SuggestionKind::Provider => "suggest.provider",
            SuggestionKind::Service => "suggest.service",
        },
    )
}

fn count_text(lang: Lang, n: usize) -> String {
    match n {
        0 => String::new(),
        1 => t(lang, "suggest.one").to_owned(),
        n => format!("{n} {}", t(lang, "suggest.many")),
    }
}

/// Where a chosen suggestion leads from a search with the parameters `p` (none on the home
/// page): a category filters the search (keeping the other filters), a provider or a card
/// opens its page, anything else is searched as text.
pub fn suggestion_href(s: &Suggestion, p: &Pairs) -> String {
    match (s.kind, s.category.as_deref(), s.id.as_deref()) {
        (SuggestionKind::Category, Some(code), _) => {
            let mut rest: Pairs = p
                .iter()
                .filter(|(k, _)| !["q", "page", "category", "macro_area"].contains(&k.as_str()))
                .cloned()
                .collect();
            rest.push(("category".into(), code.to_owned()));
            state::href(&rest)
        }
        (SuggestionKind::Provider, _, Some(id)) => format!("/enti/{}", api::encode(id)),
        (SuggestionKind::Service, _, Some(id)) => format!("/servizi/{}", api::encode(id)),
        _ => state::with(p, "q", Some(&s.text)),
    }
}

/// Whether the element `id` has the focus.
fn has_focus(id: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|el| el.id() == id)
}

/// The text field of a search form with its list of suggestions. `value` is the text;
/// `on_pick` receives the suggestion chosen (by Enter or a tap).
#[component]
pub fn SuggestBox(
    /// The field's id (the label's `for`); the list is `{id}-list`, its options `{id}-opt-N`.
    id: &'static str,
    /// The field's name in the form.
    name: &'static str,
    /// The id of the form the field belongs to, when it is not inside it.
    #[prop(optional)]
    form: Option<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] on_pick: Callback<Suggestion>,
) -> impl IntoView {
    let lang = use_lang();
    let server_value = value.get_untracked();
    // Text typed while the bundle loaded: kept, and (below) suggested for when the field
    // still has the focus.
    let typed = crate::typed_before_hydration(id).filter(|t| *t != server_value);
    if let Some(typed) = &typed {
        value.set(typed.clone());
    }
    let items = RwSignal::new(Vec::<Suggestion>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Bumped by every change of the text: an answer for an older number is stale.
    let seq = StoredValue::new(0u32);
    let list_id = format!("{id}-list");
    let opt_id = move |i: usize| format!("{id}-opt-{i}");

    let close = move || {
        seq.update_value(|n| *n = n.wrapping_add(1));
        open.set(false);
        active.set(None);
    };
    let ask = move |text: String| {
        seq.update_value(|n| *n = n.wrapping_add(1));
        let n = seq.get_value();
        // A space at the end tells the API the last word is complete: keep it.
        let q: String = text.trim_start().chars().take(MAX_CHARS).collect();
        if q.trim().is_empty() {
            items.set(Vec::new());
            open.set(false);
            active.set(None);
            return;
        }
        set_timeout(
            move || {
                if seq.try_get_value() != Some(n) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let ask = |q: String| async move {
                        api::suggest_services(&SuggestServicesQuery { q: Some(q) }).await
                    };
                    let mut found = ask(q.clone()).await;
                    // A misspelt last word ("badnte") begins no word: ask again with it
                    // taken as a whole word, which the API matches despite a typo.
                    let nothing = matches!(&found, Ok(l) if l.items.is_empty());
                    let last = q.split_whitespace().last().map_or(0, |w| w.chars().count());
                    let open_word = !q.ends_with(char::is_whitespace);
                    if nothing && open_word && last >= 4 && seq.try_get_value() == Some(n) {
                        found = ask(format!("{q} ")).await;
                    }
                    if seq.try_get_value() != Some(n) {
                        return;
                    }
                    // No suggestions (or no answer) is an empty list: the search still works.
                    let list = found.map(|l| l.items).unwrap_or_default();
                    let any = !list.is_empty();
                    items.try_set(list);
                    active.try_set(None);
                    open.try_set(any);
                });
            },
            DEBOUNCE,
        );
    };
    if let Some(typed) = typed.filter(|_| has_focus(id)) {
        ask(typed);
    }
    let pick = move |i: usize| {
        if let Some(s) = items.with_untracked(|v| v.get(i).cloned()) {
            close();
            value.set(s.text.clone());
            on_pick.run(s);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = items.with_untracked(Vec::len);
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" if n > 0 => {
                ev.prevent_default();
                let down = key == "ArrowDown";
                let next = match (open.get_untracked(), active.get_untracked()) {
                    (true, Some(i)) if down => (i + 1) % n,
                    (true, Some(i)) => (i + n - 1) % n,
                    _ if down => 0,
                    _ => n - 1,
                };
                open.set(true);
                active.set(Some(next));
            }
            "Enter" => {
                if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                    ev.prevent_default();
                    pick(i);
                } else {
                    // The form submits the text.
                    close();
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                close();
            }
            "Home" | "End" | "ArrowLeft" | "ArrowRight" => active.set(None),
            "Tab" => close(),
            _ => {}
        }
    };
    let options = move || {
        let l = lang.get();
        items.with(|list| {
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    let text = highlighted(&s.text, &s.highlights);
                    let kind = kind_label(l, s.kind);
                    view! {
                        <li role="option" id=opt_id(i) class="suggestion"
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:click=move |_| pick(i)>
                            <span class="suggestion-text">{text}</span>
                            <span class="suggestion-kind">{kind}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="combobox">
            <input id=id name=name form=form type="search" role="combobox"
                aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(opt_id)
                autocomplete="off" autocapitalize="none" spellcheck="false" enterkeyhint="search"
                placeholder=tr(lang, "search.placeholder")
                // The attribute for the server's HTML (a page read without script), the
                // property for what follows.
                value=server_value
                prop:value=move || value.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    active.set(None);
                    value.set(text.clone());
                    ask(text);
                }
                on:keydown=on_key
                on:blur=move |_| close()/>
            // A tap on an option must not take the focus from the field.
            <ul role="listbox" id=list_id class="suggestions" aria-label=tr(lang, "suggest.label")
                hidden=move || !open.get()
                on:mousedown=|ev| ev.prevent_default()>
                {options}
            </ul>
            <p class="visually-hidden" role="status">
                {move || if open.get() { count_text(lang.get(), items.with(Vec::len)) } else { String::new() }}
            </p>
        </div>
    }
}
