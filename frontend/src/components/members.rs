//! Managing the people of an organisation or of a WeMi space: the list (with removal)
//! and the invitation form. The page says which unit; these pieces do the rest.
use crate::api::{self, InvitationRequest, Member, MemberList, Role};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{
    ErrorSummary, Field, FormErrors, StatusMessage, Submit, problem_message,
};
use crate::components::roles::role_label;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

type Load = fn(String) -> Pin<Box<dyn Future<Output = Result<MemberList, api::ApiError>>>>;
type Remove = fn(String, String) -> Pin<Box<dyn Future<Output = Result<(), api::ApiError>>>>;

/// The members of a unit (`id`), each with a button to remove them.
#[component]
pub fn MemberTable(
    id: String,
    load: Load,
    remove: Remove,
    /// Bumped by the invitation form: a new member may have joined.
    #[prop(optional)]
    refresh: Option<RwSignal<u32>>,
    /// i18n key of the table's caption.
    caption: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let unit = StoredValue::new(id);
    let list = LocalResource::new(move || {
        if let Some(r) = refresh {
            r.track();
        }
        load(unit.get_value())
    });
    let message = RwSignal::new(None::<String>);
    let drop_member = move |m: Member| {
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            match remove(unit.get_value(), m.id.clone()).await {
                Ok(()) => message.set(Some(format!(
                    "{} {}",
                    t(l, "members.removed"),
                    m.display_name
                ))),
                Err(e) => message.set(Some(problem_message(l, &e))),
            }
            list.refetch();
        });
    };
    view! {
        <StatusMessage message=message.into()/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                Ok(l) if l.items.is_empty() => view! { <p>{tr(lang, "members.none")}</p> }.into_any(),
                Ok(l) => view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, caption)>
                        <table class="members">
                            <caption>{tr(lang, caption)}</caption>
                            <thead><tr>
                                <th scope="col">{tr(lang, "field.name")}</th>
                                <th scope="col">{tr(lang, "field.email")}</th>
                                <th scope="col">{tr(lang, "invite.role")}</th>
                                <th scope="col"><span class="visually-hidden">{tr(lang, "sessions.actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {l.items.into_iter().map(|m| {
                                    let name = m.display_name.clone();
                                    let role = m.role;
                                    let who = m.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{m.display_name.clone()}</th>
                                            <td>{m.email.clone().unwrap_or_default()}</td>
                                            <td>{move || role_label(lang.get(), role)}</td>
                                            <td>
                                                <button type="button" class="secondary" on:click=move |_| drop_member(who.clone())>
                                                    {tr(lang, "members.remove")}
                                                    <span class="visually-hidden">": " {name.clone()}</span>
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Who an invitation is for: the unit, as the API names it.
#[derive(Clone, Debug)]
pub enum InviteScope {
    Organisation(String),
    Tenant(String),
    Space(String),
}

/// Invites someone by e-mail to one of `roles` in `scope`.
#[component]
pub fn InviteForm(
    /// Distinguishes several forms on one page (element ids).
    form_id: &'static str,
    /// The id of the e-mail input.
    email_id: &'static str,
    scope: InviteScope,
    roles: Vec<Role>,
    #[prop(optional)] on_sent: Option<RwSignal<u32>>,
) -> impl IntoView {
    let lang = use_lang();
    let email = RwSignal::new(String::new());
    let first = roles.first().copied().unwrap_or(Role::ProviderStaff);
    let role = RwSignal::new(first);
    let roles = StoredValue::new(roles);
    let scope = StoredValue::new(scope);
    let errors = FormErrors::new(form_id);
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<String>);
    let role_id = format!("{form_id}-role");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        sent.set(None);
        if !email.get_untracked().contains('@') {
            errors.set_field(
                email_id,
                t(lang.get_untracked(), "err.invalid_format").into(),
            );
            errors.focus();
            return;
        }
        busy.set(true);
        let (organisation, tenant, space) = match scope.get_value() {
            InviteScope::Organisation(o) => (Some(o), None, None),
            InviteScope::Tenant(t) => (None, Some(t), None),
            InviteScope::Space(s) => (None, None, Some(s)),
        };
        let body = InvitationRequest {
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            organisation,
            tenant,
            space,
        };
        leptos::task::spawn_local(async move {
            match api::create_invitation(&body).await {
                Ok(_) => {
                    sent.set(Some(format!(
                        "{} {}",
                        t(lang.get_untracked(), "members.invited"),
                        body.email
                    )));
                    email.set(String::new());
                    if let Some(s) = on_sent {
                        s.update(|n| *n += 1);
                    }
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[("email", email_id)]),
            }
            busy.set(false);
        });
    };
    view! {
        <ErrorSummary errors=errors labels=vec![(email_id, "field.email")]/>
        <StatusMessage message=sent.into()/>
        <form class="stack" on:submit=submit novalidate>
            <Field id=email_id label="field.email" kind="email" autocomplete="off" value=email errors=errors required=true/>
            <div class="field">
                <label for=role_id.clone()>{tr(lang, "invite.role")}</label>
                <select id=role_id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = roles.with_value(|rs| rs.iter().copied().find(|r| r.as_str() == v)) {
                        role.set(r);
                    }
                }>
                    {move || roles.get_value().into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || role.get() == r>{role_label(lang.get(), r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Submit label="members.invite" busy=busy/>
        </form>
    }
}
