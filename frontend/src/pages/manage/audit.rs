//! `/gestione/registro`: the audit log, for municipal administrators (their tenant's
//! people) and platform administrators (everything).
use super::{NotForThisRole, active_with};
use crate::api::{self, Role, SearchAuditQuery};
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::account::when;
use leptos::prelude::*;

const ACTIONS: [&str; 15] = [
    "signed_up",
    "email_verified",
    "sign_in_succeeded",
    "sign_in_failed",
    "signed_out",
    "session_ended",
    "refresh_reuse_detected",
    "password_reset_requested",
    "password_reset_completed",
    "password_changed",
    "role_granted",
    "role_revoked",
    "members_read",
    "account_exported",
    "account_deleted",
];
const PER_PAGE: i64 = 50;

fn action_key(a: &str) -> &'static str {
    match a {
        "signed_up" => "audit.signed_up",
        "email_verified" => "audit.email_verified",
        "sign_in_succeeded" => "audit.sign_in_succeeded",
        "sign_in_failed" => "audit.sign_in_failed",
        "signed_out" => "audit.signed_out",
        "session_ended" => "audit.session_ended",
        "refresh_reuse_detected" => "audit.refresh_reuse_detected",
        "password_reset_requested" => "audit.password_reset_requested",
        "password_reset_completed" => "audit.password_reset_completed",
        "password_changed" => "audit.password_changed",
        "role_granted" => "audit.role_granted",
        "role_revoked" => "audit.role_revoked",
        "members_read" => "audit.members_read",
        "account_exported" => "audit.account_exported",
        "account_deleted" => "audit.account_deleted",
        _ => "audit.other",
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/registro");
    let active = active_with(&[Role::MunicipalAdmin, Role::PlatformAdmin]);
    let action = RwSignal::new(String::new());
    let page = RwSignal::new(1i64);
    let events = LocalResource::new(move || {
        let q = SearchAuditQuery {
            action: Some(action.get()).filter(|a| !a.is_empty()),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { api::search_audit(&q).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "audit.title").to_owned())/>
            <Show when=move || active.with(Option::is_some) fallback=|| view! { <NotForThisRole/> }>
                <p>{tr(lang, "audit.intro")}</p>
                <div class="field narrow">
                    <label for="audit-action">{tr(lang, "audit.action")}</label>
                    <select id="audit-action" on:change=move |ev| { action.set(event_target_value(&ev)); page.set(1); }>
                        <option value="">{tr(lang, "filter.any")}</option>
                        {ACTIONS.iter().map(|a| view! { <option value=*a>{tr(lang, action_key(a))}</option> }).collect_view()}
                    </select>
                </div>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || events.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e retry=move |_| events.refetch()/> }.into_any(),
                        Ok(p) => {
                            let pages = ((p.total + PER_PAGE - 1) / PER_PAGE).max(1);
                            view! {
                                <p role="status">{p.total} " " {tr(lang, "audit.count")}</p>
                                <div class="table-scroll">
                                    <table class="audit">
                                        <caption class="visually-hidden">{tr(lang, "audit.title")}</caption>
                                        <thead><tr>
                                            <th scope="col">{tr(lang, "audit.when")}</th>
                                            <th scope="col">{tr(lang, "audit.action")}</th>
                                            <th scope="col">{tr(lang, "audit.actor")}</th>
                                            <th scope="col">{tr(lang, "audit.subject")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.items.into_iter().map(|e| {
                                                let at = e.at.clone();
                                                let key = action_key(&e.action);
                                                view! {
                                                    <tr>
                                                        <td>{move || when(lang.get(), &at)}</td>
                                                        <td>{tr(lang, key)}</td>
                                                        <td class="id">{e.actor.unwrap_or_else(|| "—".into())}</td>
                                                        <td class="id">{e.subject.unwrap_or_else(|| "—".into())}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <nav class="pager" aria-label=tr(lang, "pager.label")>
                                    <button type="button" class="secondary" disabled=move || page.get() <= 1
                                        on:click=move |_| page.update(|p| *p -= 1)>{tr(lang, "pager.prev")}</button>
                                    <span>{tr(lang, "pager.page")} " " {move || page.get()} " " {tr(lang, "pager.of")} " " {pages}</span>
                                    <button type="button" class="secondary" disabled=move || page.get() >= pages
                                        on:click=move |_| page.update(|p| *p += 1)>{tr(lang, "pager.next")}</button>
                                </nav>
                            }.into_any()
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}
