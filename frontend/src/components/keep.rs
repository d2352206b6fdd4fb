//! Keeping things (issue 12): "Save to favourites" on a service card and "Save this
//! search" on the search page (islands in the public catalogue; signed out, each offers
//! to sign in and come back), and on a carer's profile (signed-in people only).
use crate::api::{self, SavedSearchInput};
use crate::components::form::problem_message;
use crate::i18n::{t, tr, use_lang};
use crate::session::{use_session, when_signed_in};
use leptos::prelude::*;

/// Signed out: a link to sign in, coming back to `back`.
fn sign_in_first(back: String, key: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! { <p><a class="tap" href=format!("/accedi?next={}", api::encode(&back))>{tr(lang, key)}</a></p> }
}

/// Saves the service card `id` to the favourites, or takes it out: a toggle button (an
/// island of the card's page).
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
pub fn Favourite(id: String) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let list = when_signed_in(api::list_favourites);
    let saved = RwSignal::new(None::<bool>);
    let key = id.clone();
    Effect::new(move |_| {
        if let Some(Ok(Some(f))) = list.get() {
            saved.set(Some(f.cards.iter().any(|c| c.id == key)));
        }
    });
    let message = RwSignal::new(None::<String>);
    let id2 = StoredValue::new(id.clone());
    let toggle = move |_| {
        let Some(was) = saved.get_untracked() else {
            return;
        };
        let id = id2.get_value();
        leptos::task::spawn_local(async move {
            let r = if was {
                api::remove_favourite_service(&id).await
            } else {
                api::save_favourite_service(&id).await
            };
            let l = lang.get_untracked();
            match r {
                Ok(()) => {
                    saved.set(Some(!was));
                    message.set(Some(
                        t(l, if was { "fav.removed" } else { "fav.saved" }).to_owned(),
                    ));
                }
                Err(e) => message.set(Some(problem_message(l, &e))),
            }
        });
    };
    let back = format!("/servizi/{id}");
    view! {
        {move || match (session.ready.get(), session.me.with(Option::is_some), saved.get()) {
            (true, false, _) => sign_in_first(back.clone(), "fav.sign_in").into_any(),
            (_, true, Some(on)) => view! {
                <p>
                    <button type="button" class="secondary" aria-pressed=on.to_string() on:click=toggle>
                        {move || t(lang.get(), if on { "fav.in" } else { "fav.add" })}
                    </button>
                </p>
            }.into_any(),
            _ => ().into_any(),
        }}
        <div role="status" class="status-holder">{move || message.get().map(|m| view! { <p class="success-box">{m}</p> })}</div>
    }
}

/// "Save to favourites" on a carer's profile (the needs app, within its bundle budget):
/// saving again is harmless, so the button does not first read the list; taking a carer
/// out is on the account page.
#[component]
pub fn SaveCarer(id: String) -> impl IntoView {
    let lang = use_lang();
    let message = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let save = move |_| {
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            message.set(Some(
                match api::save_favourite_carer(&id.get_value()).await {
                    Ok(()) => t(l, "fav.saved").to_owned(),
                    Err(e) => problem_message(l, &e),
                },
            ));
        });
    };
    view! {
        <p><button type="button" class="secondary" on:click=save>{tr(lang, "fav.add")}</button></p>
        <div role="status" class="status-holder">{move || message.get().map(|m| view! { <p class="success-box">{m}</p> })}</div>
    }
}

/// Saves the search on the page (`query`, its query string) under a name, with the
/// daily alert by mail on unless the person unticks it.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
pub fn SaveSearch(query: String, name: String) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let open = RwSignal::new(false);
    let name = RwSignal::new(name);
    let alert = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let q = StoredValue::new(query);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = SavedSearchInput {
            name: name.get_untracked(),
            query: q.get_value(),
            alert: Some(alert.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            match api::create_saved_search(&body).await {
                Ok(_) => {
                    open.set(false);
                    message.set(Some(t(l, "save.done").to_owned()));
                }
                Err(e) if e.status == 409 => message.set(Some(t(l, "save.already").to_owned())),
                Err(e) => message.set(Some(problem_message(l, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        {move || match (session.ready.get(), session.me.with(Option::is_some)) {
            (true, false) => sign_in_first(format!("/cerca{}", q.get_value()), "save.sign_in").into_any(),
            (true, true) => view! {
                <p>
                    <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                        aria-controls="save-search" on:click=move |_| open.update(|o| *o = !*o)>
                        {tr(lang, "save.open")}
                    </button>
                </p>
                <Show when=move || open.get()>
                    <form id="save-search" class="stack panel" on:submit=submit>
                        <div class="field">
                            <label for="save-name">{tr(lang, "save.name")}</label>
                            <input id="save-name" type="text" maxlength="80" required prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev))/>
                        </div>
                        <div class="check">
                            <input id="save-alert" type="checkbox" prop:checked=move || alert.get()
                                on:change=move |ev| alert.set(event_target_checked(&ev))/>
                            <label for="save-alert">{tr(lang, "save.alert")}</label>
                        </div>
                        <button type="submit" disabled=move || busy.get()>{tr(lang, "save.submit")}</button>
                    </form>
                </Show>
            }.into_any(),
            _ => ().into_any(),
        }}
        <div role="status" class="status-holder">{move || message.get().map(|m| view! { <p class="success-box">{m}</p> })}</div>
    }
}
