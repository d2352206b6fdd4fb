//! `/gestione/comune`: a municipal administrator's people (reviewers, administrators),
//! WeMi spaces (opening one, its operators, inviting operators) and the register of
//! the municipality's organisations (suspending and reinstating one).
use super::{NotForThisRole, active_with};
use crate::api::{
    self, AccreditationStatus, MemberList, NewSpace, OrganisationListItem, Role, Space,
    SuspendRequest,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::components::members::{InviteForm, InviteScope, MemberTable};
use crate::i18n::{t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

fn load(id: String) -> Pin<Box<dyn Future<Output = Result<MemberList, api::ApiError>>>> {
    Box::pin(async move { api::list_space_members(&id).await })
}

fn remove(id: String, member: String) -> Pin<Box<dyn Future<Output = Result<(), api::ApiError>>>> {
    Box::pin(async move { api::remove_space_member(&id, &member).await })
}

#[component]
pub fn ManageTenant() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/comune");
    let active = active_with(&[Role::MunicipalAdmin]);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "manage.tenant.title").to_owned())/>
            {move || match active.get().and_then(|m| m.tenant) {
                None => view! { <NotForThisRole/> }.into_any(),
                Some(tenant) => view! {
                    <section aria-labelledby="tenant-invite-title" class="narrow">
                        <h2 id="tenant-invite-title">{tr(lang, "manage.tenant.invite")}</h2>
                        <InviteForm form_id="invite-tenant" email_id="invite-tenant-email"
                            scope=InviteScope::Tenant(tenant.clone())
                            roles=vec![Role::MunicipalReviewer, Role::MunicipalAdmin]/>
                    </section>
                    <Spaces tenant=tenant.clone()/>
                    <Register tenant=tenant.clone()/>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Spaces(tenant: String) -> impl IntoView {
    let lang = use_lang();
    let code = StoredValue::new(tenant.clone());
    // One space open at a time (its forms' ids are then unique on the page).
    let open = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        let tenant = code.get_value();
        async move {
            api::list_spaces(&api::ListSpacesQuery {
                tenant: Some(tenant),
            })
            .await
        }
    });
    view! {
        <section aria-labelledby="spaces-title" class="panel">
            <h2 id="spaces-title">{tr(lang, "manage.spaces")}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(l) => view! {
                        <ul class="spaces">
                            {l.items.into_iter().map(|s| view! { <SpaceBlock space=s open=open/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <NewSpaceForm tenant=tenant on_created=move || list.refetch()/>
        </section>
    }
}

/// One space: where it is, its operators, and inviting one (shown when opened).
#[component]
fn SpaceBlock(space: Space, open: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let joined = RwSignal::new(0u32);
    let zone = space
        .zone
        .as_ref()
        .map(|z| format!(" · {}", z.name))
        .unwrap_or_default();
    let id = StoredValue::new(space.id.clone());
    let panel = format!("space-panel-{}", space.id);
    let is_open = move || open.with(|o| o.as_deref() == Some(id.get_value().as_str()));
    let toggle = move |_| {
        let me = id.get_value();
        open.update(|o| {
            *o = if o.as_deref() == Some(me.as_str()) {
                None
            } else {
                Some(me)
            }
        });
    };
    view! {
        <li class="space">
            <h3>
                <button type="button" class="disclosure" aria-expanded=move || is_open().to_string()
                    aria-controls=panel.clone() on:click=toggle>
                    {space.name.clone()}{zone}
                </button>
            </h3>
            <div id=panel hidden=move || !is_open()>
                <p>{space.address.clone()}</p>
                <Show when=is_open>
                    <MemberTable id=id.get_value() load=load remove=remove refresh=joined caption="manage.operators"/>
                    <h4>{tr(lang, "manage.invite_operator")}</h4>
                    <div class="narrow">
                        <InviteForm form_id="invite-space" email_id="invite-space-email"
                            scope=InviteScope::Space(id.get_value())
                            roles=vec![Role::SpaceOperator] on_sent=joined/>
                    </div>
                </Show>
            </div>
        </li>
    }
}

#[component]
fn NewSpaceForm(tenant: String, on_created: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let errors = FormErrors::new("space");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let tenant = StoredValue::new(tenant);
    let on_created = StoredValue::new(on_created);
    let optional =
        |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        done.set(None);
        let l = lang.get_untracked();
        if name.get_untracked().trim().is_empty() {
            errors.set_field("space-name", t(l, "err.required").into());
        }
        if address.get_untracked().trim().is_empty() {
            errors.set_field("space-address", t(l, "err.required").into());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = NewSpace {
            tenant: tenant.get_value(),
            name: name.get_untracked().trim().to_owned(),
            address: address.get_untracked().trim().to_owned(),
            zone: None,
            phone: optional(phone),
            email: optional(email),
            opening_hours: optional(hours),
        };
        leptos::task::spawn_local(async move {
            match api::create_space(&body).await {
                Ok(s) => {
                    done.set(Some(format!(
                        "{} {}",
                        t(lang.get_untracked(), "manage.space_created"),
                        s.name
                    )));
                    for f in [name, address, phone, email, hours] {
                        f.set(String::new());
                    }
                    on_created.with_value(|f| f());
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[
                        ("name", "space-name"),
                        ("address", "space-address"),
                        ("phone", "space-phone"),
                        ("email", "space-email"),
                        ("opening_hours", "space-hours"),
                    ],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="narrow">
            <h3 id="new-space-title">{tr(lang, "manage.new_space")}</h3>
            <ErrorSummary errors=errors labels=vec![
                ("space-name", "space.name"), ("space-address", "space.address"), ("space-phone", "space.phone"),
                ("space-email", "field.email"), ("space-hours", "space.hours"),
            ]/>
            <StatusMessage message=done.into()/>
            <form class="stack" on:submit=submit novalidate aria-labelledby="new-space-title">
                <Field id="space-name" label="space.name" value=name errors=errors required=true/>
                <Field id="space-address" label="space.address" autocomplete="street-address" value=address errors=errors required=true/>
                <Field id="space-phone" label="space.phone" kind="tel" value=phone errors=errors/>
                <Field id="space-email" label="field.email" kind="email" value=email errors=errors/>
                <Field id="space-hours" label="space.hours" value=hours errors=errors hint="space.hours_hint"/>
                <Submit label="manage.create_space" busy=busy/>
            </form>
        </div>
    }
}

/// The municipality's organisations with their accreditation; an administrator suspends
/// one (with a reason its admins read: its cards leave the catalogue at once) or
/// reinstates it.
#[component]
fn Register(tenant: String) -> impl IntoView {
    let lang = use_lang();
    let code = StoredValue::new(tenant);
    let list = LocalResource::new(move || {
        let tenant = code.get_value();
        async move {
            api::list_organisations(&api::ListOrganisationsQuery {
                tenant: Some(tenant),
            })
            .await
        }
    });
    view! {
        <section aria-labelledby="register-title" class="panel">
            <h2 id="register-title">{tr(lang, "manage.register")}</h2>
            // Another app's page (a full load): registering and changing entries.
            <p><a href="/gestione/enti">{tr(lang, "manage.register_edit")}</a></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(l) => view! {
                        <ul class="register">
                            {l.items.into_iter().map(|o| view! { <RegisterRow org=o changed=move || list.refetch()/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RegisterRow(org: OrganisationListItem, changed: impl Fn() + Copy + 'static) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(org.id.clone());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let reason_id = format!("suspend-{}", org.id);
    let status_key = match org.accreditation_status {
        AccreditationStatus::Accredited => "manage.org.accredited",
        AccreditationStatus::Pending => "manage.org.pending",
        AccreditationStatus::Suspended => "manage.org.suspended",
        AccreditationStatus::Revoked => "manage.org.revoked",
    };
    let done = move |r: Result<api::Organisation, api::ApiError>| {
        busy.set(false);
        match r {
            Ok(_) => changed(),
            Err(e) => error.set(Some(crate::components::form::problem_message(
                lang.get_untracked(),
                &e,
            ))),
        }
    };
    let suspend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if reason.get_untracked().trim().chars().count() < 3 {
            error.set(Some(
                t(lang.get_untracked(), "manage.org.reason_needed").to_owned(),
            ));
            return;
        }
        busy.set(true);
        let body = SuspendRequest {
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            done(api::suspend_organisation(&id.get_value(), &body).await)
        });
    };
    let reinstate = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            done(api::reinstate_organisation(&id.get_value()).await)
        });
    };
    let href = format!("/enti/{}", org.id);
    view! {
        <li class="register-row">
            <p><a href=href lang="it">{org.legal_name.clone()}</a> " · " <strong>{tr(lang, status_key)}</strong></p>
            {match org.accreditation_status {
                AccreditationStatus::Accredited => view! {
                    <form class="inline-form" on:submit=suspend>
                        <label for=reason_id.clone()>{tr(lang, "manage.org.reason")}</label>
                        <input id=reason_id type="text" maxlength="1000" prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <Submit label="manage.org.suspend" busy=busy/>
                    </form>
                }.into_any(),
                AccreditationStatus::Suspended => view! {
                    <button type="button" disabled=move || busy.get() on:click=reinstate>{tr(lang, "manage.org.reinstate")}</button>
                }.into_any(),
                _ => ().into_any(),
            }}
            <p role="alert" class="field-error">{move || error.get()}</p>
        </li>
    }
}
