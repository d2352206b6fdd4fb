//! `/gestione/enti`: the municipality's register of accredited organisations, for its
//! administrators: register an organisation or an ATI (partita IVA, legal form,
//! accreditation types, members), change one, and invite a new organisation's first
//! administrator. Suspension and reinstatement stay in Gestione Comune. The review app's
//! bundle.
use super::PageTitle;
use super::account::require_sign_in;
use super::manage::{NotForThisRole, active_with};
use crate::api::{self, AccreditationStatus, Catalogue, OrganisationListItem, RegisterInput, Role};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::components::members::{InviteForm, InviteScope};
use crate::i18n::{pick, t, tr, use_lang};
use leptos::prelude::*;

const IDS: &[(&str, &str)] = &[
    ("legal_name", "r-name"),
    ("legal_form", "r-form"),
    ("vat_number", "r-vat"),
    ("accreditation_types", "r-types"),
    ("members", "r-members"),
];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/enti");
    let active = active_with(&[Role::MunicipalAdmin]);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "register.title").to_owned())/>
            {move || match active.get().and_then(|m| m.tenant) {
                None => view! { <NotForThisRole/> }.into_any(),
                Some(tenant) => view! { <Register tenant=tenant/> }.into_any(),
            }}
        </div>
    }
}

/// What the form holds: a new entry, or the one being changed (its id and revision).
#[derive(Clone, Default)]
struct Draft {
    id: Option<(String, i64)>,
    name: String,
    form: String,
    vat: String,
    types: Vec<String>,
    consortium: bool,
    members: Vec<String>,
    pending: bool,
}

#[component]
fn Register(tenant: String) -> impl IntoView {
    let lang = use_lang();
    let tenant = StoredValue::new(tenant);
    let refresh = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        refresh.track();
        let tenant = tenant.get_value();
        async move {
            let list = api::list_organisations(&api::ListOrganisationsQuery {
                tenant: Some(tenant),
            })
            .await?;
            let catalogue = api::get_catalogue().await?;
            Ok::<_, api::ApiError>((list.items, catalogue))
        }
    });
    let draft = RwSignal::new(Draft::default());
    // The organisation just registered: its first administrator is invited next.
    let created = RwSignal::new(None::<(String, String)>);
    // Kept here, not in the form: a saved entry reloads the list, and with it the form.
    let done = RwSignal::new(None::<String>);
    view! {
        {move || created.get().map(|(id, name)| view! {
            <section aria-labelledby="first-admin-title" class="panel narrow">
                <h2 id="first-admin-title">{tr(lang, "register.first_admin")} " — " <span lang="it">{name}</span></h2>
                <InviteForm form_id="invite-first" email_id="invite-first-email"
                    scope=InviteScope::Organisation(id) roles=vec![Role::ProviderAdmin]/>
            </section>
        })}
        <StatusMessage message=done.into()/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                Ok((items, catalogue)) => {
                    let items = StoredValue::new(items);
                    view! {
                        <EntryForm catalogue=catalogue items=items draft=draft tenant=tenant refresh=refresh created=created done=done/>
                        <section aria-labelledby="register-list-title" class="panel">
                            <h2 id="register-list-title">{tr(lang, "register.list")}</h2>
                            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="register-list-title"><table class="data">
                                <thead><tr>
                                    <th scope="col">{tr(lang, "profile.legal_name")}</th>
                                    <th scope="col">{tr(lang, "register.status")}</th>
                                    <th scope="col">{tr(lang, "profile.ati")}</th>
                                    <th scope="col"><span class="visually-hidden">{tr(lang, "register.edit")}</span></th>
                                </tr></thead>
                                <tbody>{items.get_value().into_iter().map(|o| view! { <Row o=o draft=draft/> }).collect_view()}</tbody>
                            </table></div>
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Row(o: OrganisationListItem, draft: RwSignal<Draft>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(o.id.clone());
    let status = match o.accreditation_status {
        AccreditationStatus::Accredited => "register.s.accredited",
        AccreditationStatus::Pending => "register.s.pending",
        AccreditationStatus::Suspended => "register.s.suspended",
        AccreditationStatus::Revoked => "register.s.revoked",
    };
    let load = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(o) = api::get_organisation(&id.get_value()).await {
                draft.set(Draft {
                    id: Some((o.id.clone(), o.revision)),
                    name: o.legal_name,
                    form: o.legal_form.code,
                    vat: o.vat_number,
                    types: o.accreditation_types.into_iter().map(|c| c.code).collect(),
                    consortium: o.is_consortium,
                    members: o.members.into_iter().map(|m| m.id).collect(),
                    pending: false,
                });
                focus("r-name");
            }
        });
    };
    let label = format!(
        "{} {}",
        t(lang.get_untracked(), "register.edit"),
        o.legal_name
    );
    view! {
        <tr>
            <th scope="row" lang="it">{o.legal_name.clone()}</th>
            <td>{tr(lang, status)}</td>
            <td>{move || t(lang.get(), if o.is_consortium { "yes" } else { "no" })}</td>
            <td><button type="button" class="secondary" aria-label=label on:click=load>{tr(lang, "register.edit")}</button></td>
        </tr>
    }
}

fn focus(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[component]
fn EntryForm(
    catalogue: Catalogue,
    items: StoredValue<Vec<OrganisationListItem>>,
    draft: RwSignal<Draft>,
    tenant: StoredValue<String>,
    refresh: RwSignal<u32>,
    created: RwSignal<Option<(String, String)>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let errors = FormErrors::new("register");
    let busy = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let vat = RwSignal::new(String::new());
    // The text fields take the entry's values when one is opened (not on every change of
    // the draft: a choice in the form must not undo what was typed).
    let opened = Memo::new(move |_| draft.with(|d| d.id.clone()));
    Effect::new(move |_| {
        if opened.get().is_some() {
            draft.with_untracked(|d| {
                name.set(d.name.clone());
                vat.set(d.vat.clone());
            });
        }
    });
    let clear = move || {
        draft.set(Draft::default());
        name.set(String::new());
        vat.set(String::new());
    };
    let forms = StoredValue::new(catalogue.legal_forms);
    let types: Vec<(String, String)> = catalogue
        .accreditation_lines
        .iter()
        .flat_map(|l| l.types.iter())
        .map(|ty| (ty.code.clone(), pick(lang.get_untracked(), &ty.label)))
        .collect();
    let types = StoredValue::new(types);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        done.set(None);
        let d = draft.get_untracked();
        let body = RegisterInput {
            tenant: d.id.is_none().then(|| tenant.get_value()),
            legal_name: name.get_untracked().trim().to_owned(),
            legal_form: d.form.clone(),
            vat_number: vat.get_untracked().trim().to_owned(),
            accreditation_types: d.types.clone(),
            is_consortium: d.consortium,
            members: if d.consortium {
                d.members.clone()
            } else {
                Vec::new()
            },
            accreditation_status: (d.id.is_none() && d.pending)
                .then_some(AccreditationStatus::Pending),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = match &d.id {
                None => api::register_organisation(&body).await,
                Some((id, revision)) => {
                    api::update_organisation_register(id, &format!("\"r{revision}\""), &body).await
                }
            };
            busy.set(false);
            match r {
                Ok(o) => {
                    let l = lang.get_untracked();
                    if d.id.is_none() {
                        created.set(Some((o.id.clone(), o.legal_name.clone())));
                    }
                    done.set(Some(format!(
                        "{} {}",
                        t(
                            l,
                            if d.id.is_none() {
                                "register.created"
                            } else {
                                "register.saved"
                            }
                        ),
                        o.legal_name
                    )));
                    clear();
                    refresh.update(|n| *n += 1);
                }
                Err(e) if e.status == 412 => {
                    errors.fail(t(lang.get_untracked(), "profile.stale").to_owned())
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, IDS),
            }
        });
    };
    let toggle = move |list: fn(&mut Draft) -> &mut Vec<String>, code: String| {
        draft.update(|d| {
            let l = list(d);
            if let Some(i) = l.iter().position(|c| *c == code) {
                l.remove(i);
            } else {
                l.push(code);
            }
        });
    };
    view! {
        <section aria-labelledby="register-form-title" class="panel narrow">
            <h2 id="register-form-title">{move || t(lang.get(), if draft.with(|d| d.id.is_some()) { "register.change" } else { "register.new" })}</h2>
            <ErrorSummary errors=errors labels=vec![("r-name", "profile.legal_name"), ("r-form", "profile.legal_form"),
                ("r-vat", "profile.vat"), ("r-types", "profile.accreditation"), ("r-members", "register.members")]/>
            <form class="stack" on:submit=submit aria-labelledby="register-form-title" novalidate>
                <Field id="r-name" label="profile.legal_name" value=name errors=errors required=true/>
                <label for="r-form">{tr(lang, "profile.legal_form")}</label>
                <select id="r-form" on:change=move |ev| draft.update(|d| d.form = event_target_value(&ev))>
                    <option value="" selected=move || draft.with(|d| d.form.is_empty())>"—"</option>
                    {forms.get_value().into_iter().map(|f| { let code = f.code.clone(); view! {
                        <option value=f.code.clone() selected=move || draft.with(|d| d.form == code)>{move || pick(lang.get(), &f.label)}</option>
                    } }).collect_view()}
                </select>
                <p class="field-error" id="r-form-error">{move || errors.field("r-form").get()}</p>
                <Field id="r-vat" label="profile.vat" value=vat errors=errors hint="register.vat_hint" required=true/>
                <fieldset id="r-types" tabindex="-1" aria-describedby="r-types-error">
                    <legend>{tr(lang, "profile.accreditation")}</legend>
                    <p class="field-error" id="r-types-error">{move || errors.field("r-types").get()}</p>
                    {types.get_value().into_iter().map(|(code, label)| { let c1 = code.clone(); let c2 = code.clone(); let id = format!("r-type-{code}"); view! {
                        <label class="check"><input type="checkbox" id=id
                            prop:checked=move || draft.with(|d| d.types.contains(&c1))
                            on:change=move |_| toggle(|d| &mut d.types, c2.clone())/>{label}</label>
                    } }).collect_view()}
                </fieldset>
                <Show when=move || draft.with(|d| d.id.is_none())>
                    <label class="check" for="r-pending"><input type="checkbox" id="r-pending"
                        prop:checked=move || draft.with(|d| d.pending)
                        on:change=move |_| draft.update(|d| d.pending = !d.pending)/>{tr(lang, "register.pending")}</label>
                    <label class="check" for="r-consortium"><input type="checkbox" id="r-consortium"
                        prop:checked=move || draft.with(|d| d.consortium)
                        on:change=move |_| draft.update(|d| d.consortium = !d.consortium)/>{tr(lang, "register.consortium")}</label>
                </Show>
                <Show when=move || draft.with(|d| d.consortium)>
                    <fieldset id="r-members" tabindex="-1" aria-describedby="r-members-error">
                        <legend>{tr(lang, "register.members")}</legend>
                        <p class="field-error" id="r-members-error">{move || errors.field("r-members").get()}</p>
                        {items.get_value().into_iter().filter(|o| !o.is_consortium).map(|o| { let c1 = o.id.clone(); let c2 = o.id.clone(); let id = format!("r-member-{}", o.id); view! {
                            <label class="check"><input type="checkbox" id=id
                                prop:checked=move || draft.with(|d| d.members.contains(&c1))
                                on:change=move |_| toggle(|d| &mut d.members, c2.clone())/><span lang="it">{o.legal_name.clone()}</span></label>
                        } }).collect_view()}
                    </fieldset>
                </Show>
                <Submit label="register.save" busy=busy/>
                <Show when=move || draft.with(|d| d.id.is_some())>
                    <button type="button" class="secondary" on:click=move |_| { clear(); errors.clear(); }>{tr(lang, "register.cancel")}</button>
                </Show>
            </form>
        </section>
    }
}
