//! The person's live sessions (one per sign-in and device), and ending them.
use crate::api::{self, ActiveSession};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{StatusMessage, problem_message};
use crate::i18n::{Lang, t, tr, use_lang};
use leptos::prelude::*;

/// An RFC 3339 time as people in Milan read it: "24/11/2026, 17:05" (it) or
/// "24 Nov 2026, 17:05" (en), in Europe/Rome time.
pub fn when(lang: Lang, rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    let options = js_sys::Object::new();
    for (k, v) in [
        ("timeZone", "Europe/Rome"),
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    let locale = if lang == Lang::It { "it-IT" } else { "en-GB" };
    date.to_locale_string(locale, &options).into()
}

#[component]
pub fn Sessions() -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(api::list_sessions);
    let message = RwSignal::new(None::<String>);
    let end = move |id: String| {
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            match api::end_session(&id).await {
                Ok(()) => message.set(Some(t(l, "sessions.ended").to_owned())),
                Err(e) => message.set(Some(problem_message(l, &e))),
            }
            list.refetch();
        });
    };
    let end_others = move |_| {
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            match api::end_other_sessions().await {
                Ok(()) => message.set(Some(t(l, "sessions.others_ended").to_owned())),
                Err(e) => message.set(Some(problem_message(l, &e))),
            }
            list.refetch();
        });
    };
    let row = move |s: ActiveSession| {
        let id = s.id.clone();
        let device = s.device.clone();
        let started = s.started_at.clone();
        let active = s.last_active_at.clone();
        let device_label = device.clone();
        view! {
            <tr>
                <th scope="row">
                    {move || device.clone().unwrap_or_else(|| t(lang.get(), "sessions.unknown_device").to_owned())}
                    {s.current.then(|| view! { " " <span class="tag">{tr(lang, "sessions.this")}</span> })}
                </th>
                <td>{move || when(lang.get(), &started)}</td>
                <td>{move || when(lang.get(), &active)}</td>
                <td>
                    {(!s.current).then(|| {
                        let id = id.clone();
                        let device_label = device_label.clone();
                        view! {
                            <button type="button" class="secondary" on:click=move |_| end(id.clone())>
                                {tr(lang, "sessions.end")}
                                <span class="visually-hidden">": " {device_label.clone().unwrap_or_default()}</span>
                            </button>
                        }
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="sessions-title" class="panel">
            <h2 id="sessions-title">{tr(lang, "sessions.title")}</h2>
            <p>{tr(lang, "sessions.intro")}</p>
            <StatusMessage message=message.into()/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Ok(l) => {
                        let others = l.items.iter().any(|s| !s.current);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, "sessions.title")>
                                <table class="sessions">
                                    <caption class="visually-hidden">{tr(lang, "sessions.title")}</caption>
                                    <thead><tr>
                                        <th scope="col">{tr(lang, "sessions.device")}</th>
                                        <th scope="col">{tr(lang, "sessions.started")}</th>
                                        <th scope="col">{tr(lang, "sessions.last")}</th>
                                        <th scope="col"><span class="visually-hidden">{tr(lang, "sessions.actions")}</span></th>
                                    </tr></thead>
                                    <tbody>{l.items.into_iter().map(row).collect_view()}</tbody>
                                </table>
                            </div>
                            {others.then(|| view! {
                                <p><button type="button" class="secondary" on:click=end_others>{tr(lang, "sessions.end_others")}</button></p>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
