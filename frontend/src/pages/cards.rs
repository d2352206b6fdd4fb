//! The workspace: a provider's service cards (list, new card, editor with autosave,
//! submission), the city's review (queue, approve, request changes per field,
//! unpublish) and the notification centre. Its own bundle (`bin/workspace.rs`).
use super::manage::{NotForThisRole, active_with};
use crate::api::{
    self, Accessibility, ApiError, CardContent, CardStatus, Catalogue, CodeLabel, HoursInput,
    ManagedCard, PriceInput, Role, StaffInput, StaffKind, Tristate, VersionStatus, Zone,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{Lang, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

const PROVIDERS: &[Role] = &[Role::ProviderStaff, Role::ProviderAdmin];
const REVIEWERS: &[Role] = &[Role::MunicipalReviewer, Role::MunicipalAdmin];

fn etag(revision: i64) -> String {
    format!("\"r{revision}\"")
}

fn status_key(s: CardStatus) -> &'static str {
    match s {
        CardStatus::Draft => "cards.s.draft",
        CardStatus::InReview => "cards.s.in_review",
        CardStatus::ChangesRequested => "cards.s.changes_requested",
        CardStatus::Withdrawn => "cards.s.withdrawn",
        CardStatus::Published => "cards.s.published",
        CardStatus::Unpublished => "cards.s.unpublished",
        CardStatus::Archived => "cards.s.archived",
    }
}

fn version_key(s: VersionStatus) -> &'static str {
    match s {
        VersionStatus::Draft => "cards.s.draft",
        VersionStatus::InReview => "cards.s.in_review",
        VersionStatus::ChangesRequested => "cards.s.changes_requested",
        VersionStatus::Withdrawn => "cards.s.withdrawn",
        VersionStatus::Published => "cards.s.published",
        VersionStatus::Superseded => "cards.v.superseded",
    }
}

/// The label of a field of the content (`prices[0].vat_rate_bp` → "Prezzi").
fn field_key(path: &str) -> &'static str {
    let head = path.split(['.', '[']).next().unwrap_or(path);
    match head {
        "title" => "cards.f.title",
        "category" => "cards.f.category",
        "accreditation_type" => "cards.f.accreditation_type",
        "service_manager" => "cards.f.service_manager",
        "needs_analysis" => "cards.f.needs_analysis",
        "solution" => "cards.f.solution",
        "activities" => "cards.f.activities",
        "contact_phone" => "cards.f.contact_phone",
        "contact_email" => "cards.f.contact_email",
        "hours" => "cards.f.hours",
        "zones" => "cards.f.zones",
        "waiting_days_assessment" => "cards.f.waiting_assessment",
        "waiting_days_activation" => "cards.f.waiting_activation",
        "quote_available" => "cards.f.quote",
        "recipients" => "cards.f.recipients",
        "delivery_places" => "cards.f.delivery_places",
        "vouchers" => "cards.f.vouchers",
        "staff" => "cards.f.staff",
        "prices" => "cards.f.prices",
        "languages" => "cards.f.languages",
        "accessibility" => "cards.f.accessibility",
        _ => "cards.f.other",
    }
}

/// The id of the input a field's problem points to.
fn field_anchor(path: &str) -> String {
    format!("f-{}", path.split(['.', '[']).next().unwrap_or(path))
}

fn empty_content(title: String, category: String) -> CardContent {
    CardContent {
        accessibility: None,
        accreditation_type: None,
        activities: None,
        category: Some(category),
        contact_email: None,
        contact_phone: None,
        delivery_places: None,
        hours: None,
        languages: None,
        needs_analysis: None,
        prices: None,
        quote_available: None,
        recipients: None,
        service_manager: None,
        solution: None,
        staff: None,
        title: Some(title),
        vouchers: None,
        waiting_days_activation: None,
        waiting_days_assessment: None,
        zones: None,
    }
}

// ---------------------------------------------------------------------------------
// The provider's list and a new card.

#[component]
pub fn MyCards() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/schede");
    let active = active_with(PROVIDERS);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "cards.title").to_owned())/>
            {move || match active.get().and_then(|m| m.organisation) {
                None => view! { <NotForThisRole/> }.into_any(),
                Some(org) => view! {
                    <p><a href="/gestione/segnalazioni">{tr(lang, "report.queue_title")}</a></p>
                    <CardList org=org.id.clone()/>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn CardList(org: String) -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(api::list_my_cards);
    view! {
        <NewCardForm org=org/>
        <section aria-labelledby="cards-list-title">
            <h2 id="cards-list-title">{tr(lang, "cards.yours")}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p>{tr(lang, "cards.none")}</p> }.into_any(),
                    Ok(l) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, "cards.yours")>
                        <table class="data">
                            <caption class="visually-hidden">{tr(lang, "cards.yours")}</caption>
                            <thead><tr>
                                <th scope="col">{tr(lang, "cards.f.title")}</th>
                                <th scope="col">{tr(lang, "cards.f.category")}</th>
                                <th scope="col">{tr(lang, "cards.status")}</th>
                                <th scope="col">{tr(lang, "cards.next_version")}</th>
                            </tr></thead>
                            <tbody>
                            {l.items.into_iter().map(|c| {
                                let href = format!("/gestione/schede/{}", c.id);
                                let category = label(lang.get_untracked(), &c.category);
                                let title = if c.title.trim().is_empty() { t(lang.get_untracked(), "cards.untitled").to_owned() } else { c.title.clone() };
                                view! {
                                    <tr>
                                        <td>
                                            <a href=href>{title}</a>
                                            {c.needs_attention.then(|| view! { " " <span class="badge warn">{tr(lang, "cards.attention")}</span> })}
                                            {(c.open_reports > 0).then(|| view! { " " <span class="badge">{format!("{} {}", c.open_reports, t(lang.get_untracked(), "cards.reports"))}</span> })}
                                        </td>
                                        <td>{category}</td>
                                        <td>{tr(lang, status_key(c.status))}</td>
                                        <td>{c.pending.map(|p| t(lang.get_untracked(), version_key(p))).unwrap_or("—")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn label(l: Lang, c: &CodeLabel) -> String {
    match l {
        Lang::It => c.label.it.clone(),
        Lang::En => c.label.en.clone(),
    }
}

#[component]
fn NewCardForm(org: String) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let org = StoredValue::new(org);
    // The categories the organisation is accredited for.
    let options = LocalResource::new(move || {
        let org = org.get_value();
        async move {
            let o = api::get_organisation(&org).await?;
            let catalogue = api::get_catalogue().await?;
            let held: Vec<String> = o.accreditation_types.into_iter().map(|a| a.code).collect();
            let cats: Vec<CodeLabel> = catalogue
                .macro_areas
                .into_iter()
                .flat_map(|m| m.categories)
                .filter(|c| c.accreditation_types.iter().any(|t| held.contains(t)))
                .map(|c| CodeLabel {
                    code: c.code,
                    label: c.label,
                })
                .collect();
            Ok::<_, ApiError>(cats)
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        if title.get_untracked().trim().is_empty() || category.get_untracked().is_empty() {
            error.set(Some(t(l, "cards.new_missing").to_owned()));
            focus("new-card-error");
            return;
        }
        busy.set(true);
        let body = api::NewCardRequest {
            organisation: org.get_value(),
            content: empty_content(
                title.get_untracked().trim().to_owned(),
                category.get_untracked(),
            ),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::create_card(&body).await {
                Ok(card) => navigate(&format!("/gestione/schede/{}", card.id), Default::default()),
                Err(e) => {
                    error.set(Some(problem_text(lang.get_untracked(), &e)));
                    focus("new-card-error");
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="new-card-title" class="panel narrow">
            <h2 id="new-card-title">{tr(lang, "cards.new")}</h2>
            <p id="new-card-error" class="error" role="alert" tabindex="-1" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
            <form class="stack" on:submit=submit novalidate aria-labelledby="new-card-title">
                <label for="new-card-name">{tr(lang, "cards.f.title")}</label>
                <input id="new-card-name" type="text" maxlength="120" required
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                <label for="new-card-category">{tr(lang, "cards.f.category")}</label>
                <select id="new-card-category" required on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{tr(lang, "cards.choose")}</option>
                    {move || options.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|c| {
                        let text = label(lang.get(), &c);
                        view! { <option value=c.code.clone()>{text}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" disabled=move || busy.get()>{tr(lang, "cards.create")}</button>
            </form>
        </section>
    }
}

/// The fields of the content where `mine` differs from `theirs`: (field, mine, theirs),
/// each value as text (lists and objects as compact JSON).
fn differences(mine: &CardContent, theirs: Option<&CardContent>) -> Vec<(String, String, String)> {
    // Through the text the requests already serialise to (no second serialiser linked).
    let as_map = |c: Option<&CardContent>| match c
        .and_then(|c| serde_json::to_string(c).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
    {
        Some(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (a, b) = (as_map(Some(mine)), as_map(theirs));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let shown = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    keys.into_iter()
        .filter(|k| {
            a.get(*k).unwrap_or(&serde_json::Value::Null)
                != b.get(*k).unwrap_or(&serde_json::Value::Null)
        })
        .map(|k| (k.clone(), shown(a.get(k)), shown(b.get(k))))
        .collect()
}

fn problem_text(l: Lang, e: &ApiError) -> String {
    if e.errors.is_empty() {
        if e.detail.is_empty() {
            e.title.clone()
        } else {
            e.detail.clone()
        }
    } else {
        e.errors
            .iter()
            .map(|f| format!("{}: {}", t(l, field_key(&f.field)), f.message))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn focus(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

// ---------------------------------------------------------------------------------
// One card: the provider's editor, or the reviewer's screen.

/// Loads a card and draws it with `body` (the editor or the review screen), once the
/// session has settled on one of `roles` (the call needs the person's token).
fn card_page(
    here: &'static str,
    roles: &'static [Role],
    body: fn(ManagedCard, Callback<()>) -> AnyView,
) -> impl IntoView {
    require_sign_in(here);
    let active = active_with(roles);
    view! {
        <div class="container">
            {move || if active.get().is_some() {
                view! { <CardLoader body=body/> }.into_any()
            } else {
                view! { <NotForThisRole/> }.into_any()
            }}
        </div>
    }
}

/// The card page's status line: kept above the card, which is drawn again after each
/// action, so that what happened stays on screen and is announced once.
#[derive(Clone, Copy)]
struct Note(RwSignal<Option<String>>);

fn note() -> RwSignal<Option<String>> {
    use_context::<Note>().map_or_else(|| RwSignal::new(None), |n| n.0)
}

#[component]
fn CardLoader(body: fn(ManagedCard, Callback<()>) -> AnyView) -> impl IntoView {
    let lang = use_lang();
    let status = RwSignal::new(None::<String>);
    provide_context(Note(status));
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let card = LocalResource::new(move || {
        let id = id();
        async move { api::get_card(&id).await }
    });
    view! {
        <p class="status" role="status" aria-live="polite">{move || status.get().unwrap_or_default()}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || card.get().map(|r| match r {
                Err(e) => view! {
                    <PageTitle text=Signal::derive(move || t(lang.get(), "cards.title").to_owned())/>
                    <ErrorBox error=e retry=move |_| card.refetch()/>
                }.into_any(),
                Ok(c) => {
                    let heading = c.pending.as_ref().and_then(|p| p.content.title.clone())
                        .or_else(|| c.published.as_ref().and_then(|p| p.title.clone()))
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or_else(|| t(lang.get_untracked(), "cards.untitled").to_owned());
                    let reload = Callback::new(move |_: ()| card.refetch());
                    view! {
                        <PageTitle text=Signal::derive(move || heading.clone())/>
                        <p class="lead">
                            {c.organisation.legal_name.clone()} " · " {tr(lang, "cards.status")} ": "
                            <strong>{tr(lang, status_key(c.status))}</strong>
                            {c.pending.as_ref().map(|p| { let k = version_key(p.status); view! { " · " {tr(lang, "cards.next_version")} ": " {tr(lang, k)} } })}
                        </p>
                        {c.status_reason.clone().map(|r| view! { <p class="notice" role="note">{tr(lang, "cards.reason")} ": " {r}</p> })}
                        {body(c.clone(), reload)}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// `/gestione/schede/:id`: the provider's editor.
#[component]
pub fn CardPage() -> impl IntoView {
    card_page("/gestione/schede", PROVIDERS, |card, reload| {
        let id = card.id.clone();
        view! {
            <Editor card=card reload=reload/>
            // The reports and the versions are pages of the review app (its own bundle).
            <p><a href=format!("/gestione/segnalazioni?scheda={id}")>{tr(use_lang(), "report.on_card")}</a></p>
            <p><a href=format!("/gestione/versioni/{id}")>{tr(use_lang(), "cards.versions")}</a>
                " · " <a href=format!("/gestione/anteprima/{id}")>{tr(use_lang(), "cards.preview")}</a></p>
        }
        .into_any()
    })
}

/// `/gestione/revisione/:id`: the reviewer's screen.
#[component]
pub fn ReviewPage() -> impl IntoView {
    card_page("/gestione/revisione", REVIEWERS, |card, reload| {
        view! { <Review card=card reload=reload/> }.into_any()
    })
}

/// Catalogue and zones: the editor's choices.
async fn choices() -> Result<(Catalogue, Vec<Zone>), ApiError> {
    let c = api::get_catalogue().await?;
    let z = api::list_zones().await?;
    Ok((c, z.items))
}

#[component]
fn Editor(card: ManagedCard, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(card.id.clone());
    let revision = RwSignal::new(card.revision);
    let status = RwSignal::new(card.status);
    let pending = RwSignal::new(card.pending.as_ref().map(|p| p.status));
    let content = RwSignal::new(
        card.pending
            .as_ref()
            .map(|p| p.content.clone())
            .or_else(|| card.published.clone())
            .unwrap_or_else(|| empty_content(String::new(), String::new())),
    );
    let problems = RwSignal::new(card.problems.clone());
    let status_line = note();
    let saved = move |k: Option<&'static str>| {
        status_line.set(k.map(|k| t(lang.get_untracked(), k).to_owned()))
    };
    let error = RwSignal::new(None::<String>);
    let stale = RwSignal::new(false);
    // After a 412: the fields where what was typed differs from the saved version, and
    // that version's revision (to save over it, if the person chooses to).
    let compared = RwSignal::new(None::<Vec<(String, String, String)>>);
    let server_revision = RwSignal::new(None::<i64>);
    let dirty = RwSignal::new(false);
    let generation = RwSignal::new(0u32);
    let review = card.pending.as_ref().and_then(|p| p.review.clone());
    let choices = LocalResource::new(choices);
    let editable = move || {
        status.get() != CardStatus::Archived && pending.get() != Some(VersionStatus::InReview)
    };

    let apply = move |c: ManagedCard| {
        revision.set(c.revision);
        status.set(c.status);
        pending.set(c.pending.as_ref().map(|p| p.status));
        problems.set(c.problems.clone());
    };
    let save = move || {
        let body = content.get_untracked();
        let tag = etag(revision.get_untracked());
        saved(Some("cards.saving"));
        leptos::task::spawn_local(async move {
            match api::save_card_draft(&id.get_value(), &tag, &body).await {
                Ok(c) => {
                    apply(c);
                    dirty.set(false);
                    error.set(None);
                    saved(Some("cards.saved"));
                }
                Err(e) if e.status == 412 => {
                    stale.set(true);
                    saved(None);
                }
                Err(e) => {
                    saved(None);
                    error.set(Some(problem_text(lang.get_untracked(), &e)));
                }
            }
        });
    };
    // Autosave: two seconds after the last change.
    let changed = move || {
        dirty.set(true);
        saved(None);
        let g = generation.get_untracked() + 1;
        generation.set(g);
        set_timeout(
            move || {
                if generation.get_untracked() == g
                    && dirty.get_untracked()
                    && !stale.get_untracked()
                {
                    save();
                }
            },
            std::time::Duration::from_secs(2),
        );
    };
    let act = move |which: &'static str| {
        let tag = etag(revision.get_untracked());
        let id = id.get_value();
        error.set(None);
        leptos::task::spawn_local(async move {
            let r = match which {
                "submit" => api::submit_card(&id, &tag).await,
                "withdraw" => api::withdraw_card(&id, &tag).await,
                "archive" => api::archive_card(&id, &tag).await,
                "restore" => api::restore_card(&id, &tag).await,
                _ => api::confirm_card(&id, &tag).await,
            };
            match r {
                Ok(c) => {
                    apply(c);
                    saved(Some(match which {
                        "submit" => "cards.submitted",
                        "withdraw" => "cards.withdrawn",
                        "archive" => "cards.archived",
                        "restore" => "cards.restored",
                        _ => "cards.confirmed",
                    }));
                    reload.run(());
                }
                Err(e) if e.status == 412 => stale.set(true),
                Err(e) => {
                    if !e.errors.is_empty() {
                        problems.set(e.errors.clone());
                    }
                    error.set(Some(problem_text(lang.get_untracked(), &e)));
                    focus("editor-messages");
                }
            }
        });
    };
    let submit_now = move |_| {
        // Unsaved changes first, then the submission (same revision chain).
        if dirty.get_untracked() {
            let body = content.get_untracked();
            let tag = etag(revision.get_untracked());
            leptos::task::spawn_local(async move {
                match api::save_card_draft(&id.get_value(), &tag, &body).await {
                    Ok(c) => {
                        apply(c);
                        dirty.set(false);
                        act("submit");
                    }
                    Err(e) if e.status == 412 => stale.set(true),
                    Err(e) => error.set(Some(problem_text(lang.get_untracked(), &e))),
                }
            });
        } else {
            act("submit");
        }
    };

    let compare = move |_| {
        let mine = content.get_untracked();
        leptos::task::spawn_local(async move {
            match api::get_card(&id.get_value()).await {
                Ok(c) => {
                    let theirs = c
                        .pending
                        .as_ref()
                        .map(|p| p.content.clone())
                        .or_else(|| c.published.clone());
                    server_revision.set(Some(c.revision));
                    compared.set(Some(differences(&mine, theirs.as_ref())));
                    focus("compare-title");
                }
                Err(e) => error.set(Some(problem_text(lang.get_untracked(), &e))),
            }
        });
    };
    // What was typed replaces the version saved meanwhile (a new save, on its revision).
    let keep_mine = move |_| {
        if let Some(r) = server_revision.get_untracked() {
            revision.set(r);
            stale.set(false);
            compared.set(None);
            save();
        }
    };

    view! {
        <div id="editor-messages" tabindex="-1">
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || stale.get()>
                <div class="notice" role="alert">
                    <p>{tr(lang, "cards.stale")}</p>
                    <p class="actions">
                        <button type="button" on:click=compare>{tr(lang, "cards.compare")}</button>
                        " " <button type="button" class="secondary" on:click=move |_| reload.run(())>{tr(lang, "cards.reload")}</button>
                    </p>
                </div>
            </Show>
            {move || compared.get().map(|rows| view! {
                <section class="panel" aria-labelledby="compare-title">
                    <h2 id="compare-title" tabindex="-1">{tr(lang, "cards.compare_title")}</h2>
                    {if rows.is_empty() { view! { <p>{tr(lang, "cards.compare_same")}</p> }.into_any() } else { view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-title">
                            <table class="data">
                                <thead><tr>
                                    <th scope="col">{tr(lang, "cards.compare_field")}</th>
                                    <th scope="col">{tr(lang, "cards.compare_mine")}</th>
                                    <th scope="col">{tr(lang, "cards.compare_saved")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|(f, mine, saved)| view! {
                                        <tr><th scope="row">{tr(lang, field_key(&f))}</th><td lang="it">{mine}</td><td lang="it">{saved}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any() }}
                    <p class="actions">
                        <button type="button" on:click=keep_mine>{tr(lang, "cards.keep_mine")}</button>
                        " " <button type="button" class="secondary" on:click=move |_| reload.run(())>{tr(lang, "cards.reload")}</button>
                    </p>
                </section>
            })}
        </div>
        {review.map(|r| view! {
            <section class="panel" aria-labelledby="review-comments-title">
                <h2 id="review-comments-title">{tr(lang, "cards.review_comments")}</h2>
                {r.comment.filter(|c| !c.is_empty()).map(|c| view! { <p>{c}</p> })}
                <ul>
                    {r.fields.and_then(|f| f.as_object().cloned()).unwrap_or_default().into_iter().map(|(k, v)| {
                        let key = field_key(&k);
                        let anchor = format!("#{}", field_anchor(&k));
                        view! { <li><a href=anchor>{tr(lang, key)}</a> ": " {v.as_str().unwrap_or_default().to_owned()}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <Show when=move || !problems.get().is_empty() && editable()>
            <section class="panel" aria-labelledby="problems-title">
                <h2 id="problems-title">{tr(lang, "cards.to_complete")}</h2>
                <ul>
                    {move || problems.get().into_iter().map(|p| {
                        let anchor = format!("#{}", field_anchor(&p.field));
                        let key = field_key(&p.field);
                        view! { <li><a href=anchor>{tr(lang, key)}</a> ": " {p.message.clone()}</li> }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
        <div class="actions">
            <Show when=editable>
                <button type="button" on:click=move |_| save()>{tr(lang, "cards.save")}</button>
                <button type="button" class="primary" on:click=submit_now>{tr(lang, "cards.submit")}</button>
            </Show>
            <Show when=move || pending.get() == Some(VersionStatus::InReview)>
                <button type="button" on:click=move |_| act("withdraw")>{tr(lang, "cards.withdraw")}</button>
            </Show>
            <Show when=move || status.get() == CardStatus::Published>
                <button type="button" on:click=move |_| act("confirm")>{tr(lang, "cards.confirm")}</button>
            </Show>
            <Show when=move || status.get() != CardStatus::Archived && pending.get() != Some(VersionStatus::InReview)>
                <button type="button" on:click=move |_| act("archive")>{tr(lang, "cards.archive")}</button>
            </Show>
            <Show when=move || status.get() == CardStatus::Archived>
                <button type="button" on:click=move |_| act("restore")>{tr(lang, "cards.restore")}</button>
            </Show>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || choices.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| choices.refetch()/> }.into_any(),
                Ok((catalogue, zones)) => view! {
                    <fieldset class="card-editor" disabled=move || !editable()>
                        <legend class="visually-hidden">{tr(lang, "cards.title")}</legend>
                        <ContentForm content=content catalogue=catalogue zones=zones on_change=Callback::new(move |_: ()| changed())/>
                    </fieldset>
                }.into_any(),
            })}
        </Transition>
    }
}

/// A text input bound to one field of the content.
#[component]
fn Text(
    id: &'static str,
    label: &'static str,
    #[prop(into)] get: Signal<String>,
    set: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] kind: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label for=id>{tr(lang, label)}</label>
        {if multiline {
            view! { <textarea id=id rows="5" maxlength="4000" prop:value=move || get.get()
                on:input=move |ev| set.run(event_target_value(&ev))></textarea> }.into_any()
        } else {
            view! { <input id=id type=kind.unwrap_or("text") prop:value=move || get.get()
                on:input=move |ev| set.run(event_target_value(&ev))/> }.into_any()
        }}
    }
}

fn opt(s: String) -> Option<String> {
    Some(s)
}

#[component]
fn ContentForm(
    content: RwSignal<CardContent>,
    catalogue: Catalogue,
    zones: Vec<Zone>,
    on_change: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let edit = move |f: Box<dyn FnOnce(&mut CardContent)>| {
        content.update(|c| f(c));
        on_change.run(());
    };
    let edit = StoredValue::new(std::sync::Arc::new(edit)
        as std::sync::Arc<dyn Fn(Box<dyn FnOnce(&mut CardContent)>) + Send + Sync>);
    macro_rules! text_field {
        ($id:literal, $label:literal, $field:ident) => {
            text_field!($id, $label, $field, false)
        };
        ($id:literal, $label:literal, $field:ident, $multi:expr) => {
            view! {
                <Text id=$id label=$label multiline=$multi
                    get=Signal::derive(move || content.with(|c| c.$field.clone().unwrap_or_default()))
                    set=Callback::new(move |v: String| edit.with_value(|e| e(Box::new(move |c| c.$field = opt(v)))))/>
            }
        };
    }
    let categories: Vec<CodeLabel> = catalogue
        .macro_areas
        .iter()
        .flat_map(|m| m.categories.iter())
        .map(|c| CodeLabel {
            code: c.code.clone(),
            label: c.label.clone(),
        })
        .collect();
    let l = lang.get_untracked();
    let checks = |id: &'static str,
                  legend: &'static str,
                  options: Vec<CodeLabel>,
                  which: fn(&mut CardContent) -> &mut Option<Vec<String>>| {
        view! {
            <fieldset id=id>
                <legend>{tr(lang, legend)}</legend>
                {options.into_iter().map(|o| {
                    let code = StoredValue::new(o.code.clone());
                    let input_id = format!("{id}-{}", o.code);
                    let for_id = input_id.clone();
                    let text = label(l, &o);
                    view! {
                        <label class="check" for=for_id>
                            <input type="checkbox" id=input_id
                                prop:checked=move || content.with(|c| { let mut c = c.clone(); which(&mut c).clone().unwrap_or_default().contains(&code.get_value()) })
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let code = code.get_value();
                                    edit.with_value(|e| e(Box::new(move |c| {
                                        let list = which(c).get_or_insert_with(Vec::new);
                                        list.retain(|x| *x != code);
                                        if on { list.push(code); }
                                    })));
                                }/>
                            {text}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    let units = StoredValue::new(catalogue.price_units.clone());
    view! {
        <section aria-labelledby="sec-what"><h2 id="sec-what">{tr(lang, "cards.sec.what")}</h2>
            <div class="stack">
                {text_field!("f-title", "cards.f.title", title)}
                <label for="f-category">{tr(lang, "cards.f.category")}</label>
                <select id="f-category" on:change=move |ev| { let v = event_target_value(&ev); edit.with_value(|e| e(Box::new(move |c| { c.category = Some(v); c.accreditation_type = None; }))) }>
                    {categories.into_iter().map(|c| {
                        let selected = content.with_untracked(|x| x.category.as_deref() == Some(c.code.as_str()));
                        let text = label(l, &c);
                        view! { <option value=c.code.clone() selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
                {text_field!("f-service_manager", "cards.f.service_manager", service_manager)}
                {text_field!("f-needs_analysis", "cards.f.needs_analysis", needs_analysis, true)}
                {text_field!("f-solution", "cards.f.solution", solution, true)}
                {text_field!("f-activities", "cards.f.activities", activities, true)}
            </div>
        </section>
        <section aria-labelledby="sec-contact"><h2 id="sec-contact">{tr(lang, "cards.sec.contact")}</h2>
            <div class="stack">
                {text_field!("f-contact_phone", "cards.f.contact_phone", contact_phone)}
                {text_field!("f-contact_email", "cards.f.contact_email", contact_email)}
                <HoursRows content=content edit=edit/>
            </div>
        </section>
        <section aria-labelledby="sec-where"><h2 id="sec-where">{tr(lang, "cards.sec.where")}</h2>
            <div class="stack">
                <label for="f-zones">{tr(lang, "cards.f.zones")}</label>
                <select id="f-zones" multiple size="8" on:change=move |ev| {
                    use wasm_bindgen::JsCast;
                    let Some(sel) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
                    let opts = sel.selected_options();
                    let picked: Vec<String> = (0..opts.length()).filter_map(|i| opts.item(i)).filter_map(|o| o.get_attribute("value")).collect();
                    edit.with_value(|e| e(Box::new(move |c| c.zones = Some(picked))));
                }>
                    {zones.into_iter().map(|z| {
                        let selected = content.with_untracked(|c| c.zones.clone().unwrap_or_default().contains(&z.code));
                        view! { <option value=z.code.clone() selected=selected>{z.name.clone()}</option> }
                    }).collect_view()}
                </select>
                {checks("f-delivery_places", "cards.f.delivery_places", catalogue.delivery_places.clone(), |c| &mut c.delivery_places)}
                {checks("f-recipients", "cards.f.recipients", catalogue.recipient_groups.clone(), |c| &mut c.recipients)}
                <label for="f-waiting_assessment">{tr(lang, "cards.f.waiting_assessment")}</label>
                <input id="f-waiting_assessment" type="number" min="0" max="365" inputmode="numeric"
                    prop:value=move || content.with(|c| c.waiting_days_assessment.unwrap_or(0).to_string())
                    on:input=move |ev| { let v = event_target_value(&ev).parse().ok(); edit.with_value(|e| e(Box::new(move |c| c.waiting_days_assessment = v))) }/>
                <label for="f-waiting_activation">{tr(lang, "cards.f.waiting_activation")}</label>
                <input id="f-waiting_activation" type="number" min="0" max="365" inputmode="numeric"
                    prop:value=move || content.with(|c| c.waiting_days_activation.unwrap_or(0).to_string())
                    on:input=move |ev| { let v = event_target_value(&ev).parse().ok(); edit.with_value(|e| e(Box::new(move |c| c.waiting_days_activation = v))) }/>
            </div>
        </section>
        <section aria-labelledby="sec-staff"><h2 id="sec-staff">{tr(lang, "cards.sec.staff")}</h2>
            <StaffRows content=content edit=edit/>
            <label for="f-languages">{tr(lang, "cards.f.languages")}</label>
            <input id="f-languages" type="text" aria-describedby="f-languages-hint"
                prop:value=move || content.with(|c| c.languages.clone().unwrap_or_default().join(", "))
                on:change=move |ev| {
                    let v: Vec<String> = event_target_value(&ev).split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect();
                    edit.with_value(|e| e(Box::new(move |c| c.languages = Some(v))));
                }/>
            <p id="f-languages-hint" class="hint">{tr(lang, "cards.languages_hint")}</p>
            <fieldset id="f-accessibility">
                <legend>{tr(lang, "cards.f.accessibility")}</legend>
                {[("step_free", "cards.acc.step_free"), ("toilet", "cards.acc.toilet"), ("lift", "cards.acc.lift")].into_iter().map(|(k, key)| {
                    let id = format!("f-acc-{k}");
                    let get = move |c: &CardContent| { let a = c.accessibility.clone(); a.and_then(|a| match k { "step_free" => a.step_free, "toilet" => a.toilet, _ => a.lift }) };
                    view! {
                        <label for=id.clone()>{tr(lang, key)}</label>
                        <select id=id on:change=move |ev| {
                            let v = match event_target_value(&ev).as_str() { "yes" => Tristate::Yes, "no" => Tristate::No, _ => Tristate::Unknown };
                            edit.with_value(|e| e(Box::new(move |c| {
                                let mut a = c.accessibility.clone().unwrap_or(Accessibility { lift: None, step_free: None, toilet: None });
                                match k { "step_free" => a.step_free = Some(v), "toilet" => a.toilet = Some(v), _ => a.lift = Some(v) }
                                c.accessibility = Some(a);
                            })));
                        }>
                            {[("unknown", "cards.acc.unknown", Tristate::Unknown), ("yes", "cards.acc.yes", Tristate::Yes), ("no", "cards.acc.no", Tristate::No)].into_iter().map(|(v, key, state)| {
                                let selected = content.with_untracked(|c| get(c).unwrap_or(Tristate::Unknown) == state);
                                view! { <option value=v selected=selected>{tr(lang, key)}</option> }
                            }).collect_view()}
                        </select>
                    }
                }).collect_view()}
            </fieldset>
        </section>
        <section aria-labelledby="sec-prices"><h2 id="sec-prices">{tr(lang, "cards.sec.prices")}</h2>
            <PriceRows content=content edit=edit units=units/>
            <label class="check" for="f-quote">
                <input id="f-quote" type="checkbox" prop:checked=move || content.with(|c| c.quote_available.unwrap_or(false))
                    on:change=move |ev| { let v = event_target_checked(&ev); edit.with_value(|e| e(Box::new(move |c| c.quote_available = Some(v)))) }/>
                {tr(lang, "cards.f.quote")}
            </label>
            {checks("f-vouchers", "cards.f.vouchers", catalogue.voucher_schemes.clone(), |c| &mut c.vouchers)}
        </section>
    }
}

type Edit = StoredValue<std::sync::Arc<dyn Fn(Box<dyn FnOnce(&mut CardContent)>) + Send + Sync>>;

#[component]
fn HoursRows(content: RwSignal<CardContent>, edit: Edit) -> impl IntoView {
    let lang = use_lang();
    let rows = move || content.with(|c| c.hours.clone().unwrap_or_default());
    view! {
        <fieldset id="f-hours">
            <legend>{tr(lang, "cards.f.hours")}</legend>
            {move || rows().into_iter().enumerate().map(|(i, h)| {
                let day_id = format!("f-hours-{i}-day");
                let opens_id = format!("f-hours-{i}-opens");
                let closes_id = format!("f-hours-{i}-closes");
                let set = move |f: Box<dyn FnOnce(&mut HoursInput)>| edit.with_value(|e| e(Box::new(move |c| {
                    if let Some(h) = c.hours.get_or_insert_with(Vec::new).get_mut(i) { f(h) }
                })));
                let day = h.weekday.unwrap_or(1);
                view! {
                    <div class="row">
                        <label for=day_id.clone()>{tr(lang, "cards.weekday")}</label>
                        <select id=day_id on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); set(Box::new(move |h| h.weekday = v)) }>
                            {(1..=7).map(|d| view! { <option value=d.to_string() selected=d == day>{move || weekday(lang.get(), d)}</option> }).collect_view()}
                        </select>
                        <label for=opens_id.clone()>{tr(lang, "cards.opens")}</label>
                        <input id=opens_id type="time" value=h.opens.clone().unwrap_or_default()
                            on:change=move |ev| { let v = Some(event_target_value(&ev)); set(Box::new(move |h| h.opens = v)) }/>
                        <label for=closes_id.clone()>{tr(lang, "cards.closes")}</label>
                        <input id=closes_id type="time" value=h.closes.clone().unwrap_or_default()
                            on:change=move |ev| { let v = Some(event_target_value(&ev)); set(Box::new(move |h| h.closes = v)) }/>
                        <button type="button" on:click=move |_| edit.with_value(|e| e(Box::new(move |c| { if let Some(l) = c.hours.as_mut() && i < l.len() { l.remove(i); } })))>
                            {tr(lang, "cards.remove")}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" on:click=move |_| edit.with_value(|e| e(Box::new(|c| c.hours.get_or_insert_with(Vec::new).push(HoursInput { weekday: Some(1), opens: Some("09:00".into()), closes: Some("13:00".into()) }))))>
                {tr(lang, "cards.add_hours")}
            </button>
        </fieldset>
    }
}

pub(crate) fn weekday(l: Lang, d: i64) -> &'static str {
    const IT: [&str; 7] = [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let i = (d.clamp(1, 7) - 1) as usize;
    match l {
        Lang::It => IT[i],
        Lang::En => EN[i],
    }
}

#[component]
fn StaffRows(content: RwSignal<CardContent>, edit: Edit) -> impl IntoView {
    let lang = use_lang();
    let rows = move || content.with(|c| c.staff.clone().unwrap_or_default());
    view! {
        <fieldset id="f-staff">
            <legend>{tr(lang, "cards.f.staff")}</legend>
            {move || rows().into_iter().enumerate().map(|(i, s)| {
                let set = move |f: Box<dyn FnOnce(&mut StaffInput)>| edit.with_value(|e| e(Box::new(move |c| {
                    if let Some(s) = c.staff.get_or_insert_with(Vec::new).get_mut(i) { f(s) }
                })));
                let q_id = format!("f-staff-{i}-q");
                let n_id = format!("f-staff-{i}-n");
                let y_id = format!("f-staff-{i}-y");
                let k_id = format!("f-staff-{i}-k");
                let sup_id = format!("f-staff-{i}-s");
                let external = s.kind == Some(StaffKind::External);
                view! {
                    <div class="row">
                        <label for=q_id.clone()>{tr(lang, "cards.qualification")}</label>
                        <input id=q_id type="text" value=s.qualification.clone().unwrap_or_default()
                            on:change=move |ev| { let v = Some(event_target_value(&ev)); set(Box::new(move |s| s.qualification = v)) }/>
                        <label for=n_id.clone()>{tr(lang, "cards.count")}</label>
                        <input id=n_id type="number" min="1" max="500" value=s.count.unwrap_or(1).to_string()
                            on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); set(Box::new(move |s| s.count = v)) }/>
                        <label for=y_id.clone()>{tr(lang, "cards.years")}</label>
                        <input id=y_id type="number" min="0" max="60" value=s.years_experience.unwrap_or(0).to_string()
                            on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); set(Box::new(move |s| s.years_experience = v)) }/>
                        <label for=k_id.clone()>{tr(lang, "cards.kind")}</label>
                        <select id=k_id on:change=move |ev| { let v = if event_target_value(&ev) == "external" { StaffKind::External } else { StaffKind::Internal }; set(Box::new(move |s| s.kind = Some(v))) }>
                            <option value="internal" selected=!external>{tr(lang, "cards.internal")}</option>
                            <option value="external" selected=external>{tr(lang, "cards.external")}</option>
                        </select>
                        <label for=sup_id.clone()>{tr(lang, "cards.supplier")}</label>
                        <input id=sup_id type="text" value=s.supplier.clone().unwrap_or_default()
                            on:change=move |ev| { let v = Some(event_target_value(&ev)).filter(|v| !v.trim().is_empty()); set(Box::new(move |s| s.supplier = v)) }/>
                        <button type="button" on:click=move |_| edit.with_value(|e| e(Box::new(move |c| { if let Some(l) = c.staff.as_mut() && i < l.len() { l.remove(i); } })))>
                            {tr(lang, "cards.remove")}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" on:click=move |_| edit.with_value(|e| e(Box::new(|c| c.staff.get_or_insert_with(Vec::new).push(StaffInput {
                count: Some(1), kind: Some(StaffKind::Internal), qualification: None, references_available: Some(false), supplier: None, years_experience: Some(0) }))))>
                {tr(lang, "cards.add_staff")}
            </button>
        </fieldset>
    }
}

/// Euros as typed ("22", "22,50") → cents.
fn cents(s: &str) -> Option<i64> {
    let s = s.trim().replace(',', ".");
    let v: f64 = s.parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * 100.0).round() as i64)
}

#[component]
fn PriceRows(
    content: RwSignal<CardContent>,
    edit: Edit,
    units: StoredValue<Vec<CodeLabel>>,
) -> impl IntoView {
    let lang = use_lang();
    let rows = move || content.with(|c| c.prices.clone().unwrap_or_default());
    view! {
        <fieldset id="f-prices">
            <legend>{tr(lang, "cards.f.prices")}</legend>
            {move || rows().into_iter().enumerate().map(|(i, p)| {
                let set = move |f: Box<dyn FnOnce(&mut PriceInput)>| edit.with_value(|e| e(Box::new(move |c| {
                    if let Some(p) = c.prices.get_or_insert_with(Vec::new).get_mut(i) { f(p) }
                })));
                let u_id = format!("f-prices-{i}-unit");
                let a_id = format!("f-prices-{i}-amount");
                let v_id = format!("f-prices-{i}-vat");
                let l_id = format!("f-prices-{i}-label");
                let unit = p.unit.clone().unwrap_or_default();
                let vat = p.vat_rate_bp.unwrap_or(2200);
                let amount = p.price_cents.map(|c| format!("{},{:02}", c / 100, c % 100)).unwrap_or_default();
                view! {
                    <div class="row">
                        <label for=u_id.clone()>{tr(lang, "cards.unit")}</label>
                        <select id=u_id on:change=move |ev| { let v = Some(event_target_value(&ev)); set(Box::new(move |p| p.unit = v)) }>
                            <option value="">{tr(lang, "cards.choose")}</option>
                            {units.get_value().into_iter().map(|u| { let sel = u.code == unit; let text = label(lang.get_untracked(), &u); view! { <option value=u.code.clone() selected=sel>{text}</option> } }).collect_view()}
                        </select>
                        <label for=a_id.clone()>{tr(lang, "cards.amount")}</label>
                        <input id=a_id type="text" inputmode="decimal" value=amount
                            on:change=move |ev| { let v = cents(&event_target_value(&ev)); set(Box::new(move |p| p.price_cents = v)) }/>
                        <label for=v_id.clone()>{tr(lang, "cards.vat")}</label>
                        <select id=v_id on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); set(Box::new(move |p| p.vat_rate_bp = v)) }>
                            {[0i64, 400, 500, 1000, 2200].into_iter().map(|bp| view! { <option value=bp.to_string() selected=bp == vat>{format!("{} %", bp / 100)}</option> }).collect_view()}
                        </select>
                        <label for=l_id.clone()>{tr(lang, "cards.price_label")}</label>
                        <input id=l_id type="text" value=p.label.clone().unwrap_or_default()
                            on:change=move |ev| { let v = Some(event_target_value(&ev)).filter(|v| !v.trim().is_empty()); set(Box::new(move |p| p.label = v)) }/>
                        <button type="button" on:click=move |_| edit.with_value(|e| e(Box::new(move |c| { if let Some(l) = c.prices.as_mut() && i < l.len() { l.remove(i); } })))>
                            {tr(lang, "cards.remove")}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" on:click=move |_| edit.with_value(|e| e(Box::new(|c| c.prices.get_or_insert_with(Vec::new).push(PriceInput {
                is_package: Some(false), label: None, price_cents: None, unit: Some("ora".into()), vat_rate_bp: Some(2200) }))))>
                {tr(lang, "cards.add_price")}
            </button>
        </fieldset>
    }
}

// ---------------------------------------------------------------------------------
// The reviewer's screen.

const COMMENTABLE: [&str; 21] = [
    "title",
    "category",
    "accreditation_type",
    "service_manager",
    "needs_analysis",
    "solution",
    "activities",
    "contact_phone",
    "contact_email",
    "hours",
    "zones",
    "waiting_days_assessment",
    "waiting_days_activation",
    "quote_available",
    "recipients",
    "delivery_places",
    "vouchers",
    "staff",
    "prices",
    "languages",
    "accessibility",
];

#[component]
fn Review(card: ManagedCard, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(card.id.clone());
    let revision = card.revision;
    let in_review = card
        .pending
        .as_ref()
        .is_some_and(|p| p.status == VersionStatus::InReview);
    let published = card.status == CardStatus::Published;
    let comment = RwSignal::new(String::new());
    let field = RwSignal::new(String::from("title"));
    let field_comment = RwSignal::new(String::new());
    let fields = RwSignal::new(Vec::<(String, String)>::new());
    let reason = RwSignal::new(String::new());
    let message = note();
    // What changes, field by field (against what is published, or the whole version).
    let number = card.pending.as_ref().map(|p| p.number);
    let has_live = card.published.is_some();
    let shown = StoredValue::new(card.pending.as_ref().map(|p| p.content.clone()));
    let diff = LocalResource::new(move || {
        let id = id.get_value();
        let shown = shown.get_value();
        async move {
            match (number, has_live) {
                (Some(n), true) => changes(&id, "published", &n.to_string()).await,
                _ => Ok(shown
                    .as_ref()
                    .and_then(|c| serde_json::to_value(c).ok())
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::Null, v))
                    .collect()),
            }
        }
    });
    // A resubmission: what changed since the city sent it back.
    let resubmitted = in_review && card.pending.as_ref().is_some_and(|p| p.review.is_some());
    let since = LocalResource::new(move || {
        let id = id.get_value();
        async move {
            match number {
                Some(n) if resubmitted => Some(changes(&id, "reviewed", &n.to_string()).await),
                _ => None,
            }
        }
    });
    let done = move |r: Result<ManagedCard, ApiError>, ok: &'static str| match r {
        Ok(_) => {
            message.set(Some(t(lang.get_untracked(), ok).to_owned()));
            reload.run(());
        }
        Err(e) => message.set(Some(problem_text(lang.get_untracked(), &e))),
    };
    let approve = move |_| {
        leptos::task::spawn_local(async move {
            done(
                api::approve_card(&id.get_value(), &etag(revision)).await,
                "cards.approved",
            );
        });
    };
    let send_back = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut map = serde_json::Map::new();
        for (k, v) in fields.get_untracked() {
            map.insert(k, serde_json::Value::String(v));
        }
        let body = api::ReviewComments {
            comment: Some(comment.get_untracked()),
            fields: Some(serde_json::Value::Object(map)),
        };
        leptos::task::spawn_local(async move {
            done(
                api::request_card_changes(&id.get_value(), &etag(revision), &body).await,
                "cards.sent_back",
            );
        });
    };
    let unpublish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = api::UnpublishRequest {
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            done(
                api::unpublish_card(&id.get_value(), &etag(revision), &body).await,
                "cards.unpublished_done",
            );
        });
    };
    view! {
        {resubmitted.then(|| view! {
            <section aria-labelledby="since-title" class="panel">
                <h2 id="since-title">{tr(lang, "cards.since_review")}</h2>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || since.get().flatten().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e retry=move |_| since.refetch()/> }.into_any(),
                        Ok(rows) => view! { <ChangesTable rows=rows before=true label="cards.since_review"/> }.into_any(),
                    })}
                </Transition>
            </section>
        })}
        <section aria-labelledby="diff-title" class="panel">
            <h2 id="diff-title">{tr(lang, if has_live { "cards.changes" } else { "cards.content" })}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || diff.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| diff.refetch()/> }.into_any(),
                    Ok(rows) => view! { <ChangesTable rows=rows before=has_live label="cards.changes"/> }.into_any(),
                })}
            </Transition>
        </section>
        <p><a href=format!("/gestione/versioni/{}", id.get_value())>{tr(lang, "cards.versions")}</a>
            " · " <a href=format!("/gestione/anteprima/{}", id.get_value())>{tr(lang, "cards.preview")}</a></p>
        {in_review.then(|| view! {
            <div class="actions"><button type="button" class="primary" on:click=approve>{tr(lang, "cards.approve")}</button></div>
            <section aria-labelledby="send-back-title" class="panel narrow">
                <h2 id="send-back-title">{tr(lang, "cards.request_changes")}</h2>
                <form class="stack" on:submit=send_back aria-labelledby="send-back-title">
                    <label for="rc-comment">{tr(lang, "cards.general_comment")}</label>
                    <textarea id="rc-comment" rows="3" maxlength="2000" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    <label for="rc-field">{tr(lang, "cards.field")}</label>
                    <select id="rc-field" on:change=move |ev| field.set(event_target_value(&ev))>
                        {COMMENTABLE.into_iter().map(|f| view! { <option value=f>{tr(lang, field_key(f))}</option> }).collect_view()}
                    </select>
                    <label for="rc-field-comment">{tr(lang, "cards.field_comment")}</label>
                    <textarea id="rc-field-comment" rows="2" maxlength="1000" prop:value=move || field_comment.get() on:input=move |ev| field_comment.set(event_target_value(&ev))></textarea>
                    <button type="button" on:click=move |_| {
                        let (f, c) = (field.get_untracked(), field_comment.get_untracked());
                        if !c.trim().is_empty() {
                            fields.update(|l| { l.retain(|(k, _)| *k != f); l.push((f, c)); });
                            field_comment.set(String::new());
                        }
                    }>{tr(lang, "cards.add_comment")}</button>
                    <ul aria-live="polite">{move || fields.get().into_iter().map(|(k, v)| { let key = field_key(&k); view! { <li>{tr(lang, key)} ": " {v}</li> } }).collect_view()}</ul>
                    <button type="submit">{tr(lang, "cards.send_back")}</button>
                </form>
            </section>
        })}
        {published.then(|| view! {
            <section aria-labelledby="unpublish-title" class="panel narrow">
                <h2 id="unpublish-title">{tr(lang, "cards.unpublish")}</h2>
                <form class="stack" on:submit=unpublish aria-labelledby="unpublish-title">
                    <label for="unpublish-reason">{tr(lang, "cards.reason")}</label>
                    <textarea id="unpublish-reason" rows="2" maxlength="1000" required prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <button type="submit">{tr(lang, "cards.unpublish")}</button>
                </form>
            </section>
        })}
    }
}

/// The field-by-field changes between two versions (`published`, `reviewed` or a number).
async fn changes(id: &str, from: &str, to: &str) -> Result<Vec<Change>, ApiError> {
    let d = api::diff_card_versions(
        id,
        &api::DiffCardVersionsQuery {
            from: Some(from.to_owned()),
            to: Some(to.to_owned()),
        },
    )
    .await?;
    Ok(d.changes
        .into_iter()
        .map(|c| (c.field, c.before, c.after))
        .collect())
}

/// One changed field: its name, its value before and after.
type Change = (String, serde_json::Value, serde_json::Value);

/// A value of the content as a person reads it: lists one item a line, objects as
/// "name: value", nothing as a dash (the cell keeps the line breaks).
fn readable(lang: Lang, v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "—".to_owned(),
        Value::Bool(b) => t(lang, if *b { "yes" } else { "no" }).to_owned(),
        Value::String(s) if s.trim().is_empty() => "—".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => "—".to_owned(),
        Value::Array(items) => items
            .iter()
            .map(|i| readable(lang, i))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", readable(lang, v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The changes as a table: field, before (when there is one), after.
#[component]
fn ChangesTable(rows: Vec<Change>, before: bool, label: &'static str) -> impl IntoView {
    let lang = use_lang();
    if rows.is_empty() {
        return view! { <p>{tr(lang, "cards.no_changes")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, label)><table class="data changes">
            <caption class="visually-hidden">{tr(lang, label)}</caption>
            <thead><tr>
                <th scope="col">{tr(lang, "cards.field")}</th>
                {before.then(|| view! { <th scope="col">{tr(lang, "cards.before")}</th> })}
                <th scope="col">{tr(lang, "cards.after")}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|(f, b, a)| { let key = field_key(&f); let l = lang.get_untracked(); view! {
                <tr><th scope="row">{tr(lang, key)}</th>
                {before.then(|| view! { <td>{readable(l, &b)}</td> })}
                <td>{readable(l, &a)}</td></tr>
            } }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

/// Who may read a card's versions: its provider's staff and the tenant's reviewers.
const READERS: &[Role] = &[
    Role::ProviderStaff,
    Role::ProviderAdmin,
    Role::MunicipalReviewer,
    Role::MunicipalAdmin,
];

/// `/gestione/versioni/:id`: every version of a card (who changed it, when, where it
/// stands) and the differences between any two of them.
#[component]
pub fn VersionsPage() -> impl IntoView {
    card_page("/gestione/versioni", READERS, |card, _| {
        view! { <Versions card=card/> }.into_any()
    })
}

fn when(stamp: &Option<String>) -> String {
    stamp
        .as_deref()
        .map(|s| s.chars().take(16).collect::<String>().replace('T', " "))
        .unwrap_or_else(|| "—".to_owned())
}

#[component]
fn Versions(card: ManagedCard) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(card.id.clone());
    // The choices: what citizens see (when something is published), then every version.
    let mut choices: Vec<String> = Vec::new();
    if card.published_at.is_some() {
        choices.push("published".to_owned());
    }
    let mut numbers: Vec<i64> = card.versions.iter().map(|v| v.number).collect();
    numbers.sort_unstable_by(|a, b| b.cmp(a));
    choices.extend(numbers.iter().map(i64::to_string));
    // By default the newest version against the one before it (or what is published).
    let to = RwSignal::new(
        choices
            .iter()
            .find(|c| *c != "published")
            .cloned()
            .unwrap_or_default(),
    );
    let from = RwSignal::new(
        choices
            .iter()
            .filter(|c| **c != to.get_untracked())
            .find(|c| *c == "published" || c.parse::<i64>().ok() < to.get_untracked().parse().ok())
            .cloned()
            .unwrap_or_else(|| to.get_untracked()),
    );
    let choices = StoredValue::new(choices);
    let diff = LocalResource::new(move || {
        let (id, from, to) = (id.get_value(), from.get(), to.get());
        async move { changes(&id, &from, &to).await }
    });
    let mut versions = card.versions.clone();
    versions.sort_by_key(|v| std::cmp::Reverse(v.number));
    let option_label = move |c: &str| {
        if c == "published" {
            t(lang.get(), "cards.v.live").to_owned()
        } else {
            format!("{} {c}", t(lang.get(), "cards.version"))
        }
    };
    let picker = move |which: RwSignal<String>, input: &'static str, label: &'static str| {
        view! {
            <div>
                <label for=input>{tr(lang, label)}</label>
                <select id=input on:change=move |ev| which.set(event_target_value(&ev))>
                    {choices.get_value().into_iter().map(|c| { let selected = c == which.get_untracked(); let text = option_label(&c); view! {
                        <option value=c.clone() selected=selected>{text}</option>
                    } }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <section aria-labelledby="versions-title" class="panel">
            <h2 id="versions-title">{tr(lang, "cards.versions")}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, "cards.versions")><table class="data">
                <caption class="visually-hidden">{tr(lang, "cards.versions")}</caption>
                <thead><tr>
                    <th scope="col">{tr(lang, "cards.version")}</th>
                    <th scope="col">{tr(lang, "cards.status")}</th>
                    <th scope="col">{tr(lang, "cards.changed_at")}</th>
                    <th scope="col">{tr(lang, "cards.changed_by")}</th>
                    <th scope="col">{tr(lang, "cards.submitted_at")}</th>
                    <th scope="col">{tr(lang, "cards.decided_at")}</th>
                </tr></thead>
                <tbody>{versions.into_iter().map(|v| { let k = version_key(v.status); view! { <tr>
                    <th scope="row">{v.number}</th>
                    <td>{tr(lang, k)}</td>
                    <td>{when(&Some(v.updated_at.clone()))}</td>
                    <td>{v.updated_by.clone().unwrap_or_else(|| "—".to_owned())}</td>
                    <td>{when(&v.submitted_at)}</td>
                    <td>{when(&v.decided_at)}</td>
                </tr> } }).collect_view()}</tbody>
            </table></div>
        </section>
        <section aria-labelledby="compare-title" class="panel">
            <h2 id="compare-title">{tr(lang, "cards.compare_versions")}</h2>
            <div class="actions">
                {picker(from, "v-from", "cards.from")}
                {picker(to, "v-to", "cards.to")}
            </div>
            <div aria-live="polite">
                <Transition fallback=|| view! { <Loading/> }>
                    {move || diff.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e retry=move |_| diff.refetch()/> }.into_any(),
                        Ok(rows) => view! { <ChangesTable rows=rows before=true label="cards.compare_versions"/> }.into_any(),
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/revisione");
    let active = active_with(REVIEWERS);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "cards.queue").to_owned())/>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! {
                    <p><a href="/gestione/segnalazioni">{tr(lang, "report.queue_title")}</a></p>
                    <QueueTable/>
                }.into_any()
            }}
        </div>
    }
}

/// The queue's filters: organisation, category, kind of submission, days waiting.
#[derive(Clone, Default, PartialEq)]
struct QueueFilters {
    organisation: String,
    category: String,
    kind: String,
    waiting_days: String,
}

/// The choices of the organisation and category filters: those of the whole queue.
#[derive(Clone, Default)]
struct QueueChoices {
    organisations: Vec<(String, String)>,
    categories: Vec<(String, String)>,
}

impl QueueChoices {
    fn of(items: &[api::ReviewItem], lang: Lang) -> Self {
        let mut c = Self::default();
        for i in items {
            let org = (i.organisation.id.clone(), i.organisation.legal_name.clone());
            if !c.organisations.contains(&org) {
                c.organisations.push(org);
            }
            let cat = (i.category.code.clone(), label(lang, &i.category));
            if !c.categories.contains(&cat) {
                c.categories.push(cat);
            }
        }
        c.organisations.sort_by(|a, b| a.1.cmp(&b.1));
        c.categories.sort_by(|a, b| a.1.cmp(&b.1));
        c
    }
}

/// Days in the queue a reviewer filters by.
const WAITING_DAYS: [u32; 4] = [3, 7, 14, 30];

/// A filter of the queue: a label and a select whose first option is "any".
#[component]
fn QueueSelect(
    id: &'static str,
    key: &'static str,
    options: Signal<Vec<(String, String)>>,
    set: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for=id>{tr(lang, key)}</label>
            <select id=id on:change=move |ev| set.run(event_target_value(&ev))>
                <option value="">{tr(lang, "filter.any")}</option>
                {move || options.get().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The queue, loaded once the session has settled on a reviewer's role; filtered by the
/// server, the choices taken from the whole queue (its first, unfiltered load), the
/// number of submissions shown announced in a status region.
#[component]
fn QueueTable() -> impl IntoView {
    let lang = use_lang();
    let filters = RwSignal::new(QueueFilters::default());
    let choices = RwSignal::new(QueueChoices::default());
    let queue = LocalResource::new(move || {
        let f = filters.get();
        let some = |v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
        let q = api::GetReviewQueueQuery {
            category: some(&f.category),
            kind: some(&f.kind),
            organisation: some(&f.organisation),
            waiting_days: f.waiting_days.parse().ok(),
        };
        let unfiltered = f == QueueFilters::default();
        async move {
            let r = api::get_review_queue(&q).await;
            if let (true, Ok(q)) = (unfiltered, &r) {
                choices.set(QueueChoices::of(&q.items, lang.get_untracked()));
            }
            r
        }
    });
    let set = |apply: fn(&mut QueueFilters, String)| {
        Callback::new(move |v: String| filters.update(|f| apply(f, v)))
    };
    let count = move || {
        queue.get().and_then(Result::ok).map(|q| {
            let key = if q.items.len() == 1 {
                "cards.q.one"
            } else {
                "cards.q.many"
            };
            format!("{} {}", q.items.len(), t(lang.get(), key))
        })
    };
    let kinds = Signal::derive(move || {
        let l = lang.get();
        vec![
            ("first".to_owned(), t(l, "cards.first").to_owned()),
            ("change".to_owned(), t(l, "cards.change").to_owned()),
        ]
    });
    let waiting = Signal::derive(move || {
        let l = lang.get();
        WAITING_DAYS
            .iter()
            .map(|d| {
                (
                    d.to_string(),
                    format!("{} {d} {}", t(l, "cards.q.at_least"), t(l, "cards.q.days")),
                )
            })
            .collect()
    });
    view! {
                <details class="queue-filters">
                    <summary>{tr(lang, "cards.q.filter")}</summary>
                    <div class="filter-row">
                        <QueueSelect id="q-organisation" key="cards.organisation"
                            options=Signal::derive(move || choices.get().organisations)
                            set=set(|f, v| f.organisation = v)/>
                        <QueueSelect id="q-category" key="cards.f.category"
                            options=Signal::derive(move || choices.get().categories)
                            set=set(|f, v| f.category = v)/>
                        <QueueSelect id="q-kind" key="cards.kind_of_submission" options=kinds set=set(|f, v| f.kind = v)/>
                        <QueueSelect id="q-waiting" key="cards.q.waiting" options=waiting set=set(|f, v| f.waiting_days = v)/>
                    </div>
                </details>
                <p role="status" class="queue-count">{count}</p>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || queue.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e retry=move |_| queue.refetch()/> }.into_any(),
                        Ok(q) if q.items.is_empty() => {
                            let key = if filters.with_untracked(|f| *f == QueueFilters::default()) { "cards.queue_empty" } else { "cards.q.none" };
                            view! { <p>{tr(lang, key)}</p> }.into_any()
                        }
                        Ok(q) => view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, "cards.queue")><table class="data">
                                <caption class="visually-hidden">{tr(lang, "cards.queue")}</caption>
                                <thead><tr>
                                    <th scope="col">{tr(lang, "cards.f.title")}</th>
                                    <th scope="col">{tr(lang, "cards.organisation")}</th>
                                    <th scope="col">{tr(lang, "cards.f.category")}</th>
                                    <th scope="col">{tr(lang, "cards.kind_of_submission")}</th>
                                    <th scope="col">{tr(lang, "cards.submitted_at")}</th>
                                </tr></thead>
                                <tbody>{q.items.into_iter().map(|i| {
                                    let href = format!("/gestione/revisione/{}", i.card);
                                    let kind = if i.kind == api::SubmissionKind::First { "cards.first" } else { "cards.change" };
                                    let category = label(lang.get_untracked(), &i.category);
                                    view! { <tr>
                                        <td><a href=href>{i.title.clone()}</a></td>
                                        <td>{i.organisation.legal_name.clone()}</td>
                                        <td>{category}</td>
                                        <td>{tr(lang, kind)}</td>
                                        <td>{i.submitted_at.chars().take(10).collect::<String>()}</td>
                                    </tr> }
                                }).collect_view()}</tbody>
                            </table></div>
                        }.into_any(),
                    })}
                </Transition>
    }
}

#[component]
pub fn Notifications() -> impl IntoView {
    require_sign_in("/notifiche");
    let session = crate::session::use_session();
    // Asked once signed in: a full load of this page asks before the session's token is
    // renewed, and the API would answer 401.
    let signed_in = Memo::new(move |_| session.me.with(Option::is_some));
    move || {
        if signed_in.get() {
            view! { <NotificationList/> }.into_any()
        } else {
            view! { <Loading/> }.into_any()
        }
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let lang = use_lang();
    let session = crate::session::use_session();
    let list = LocalResource::new(move || async move {
        let l = api::list_notifications(&api::ListNotificationsQuery { unread: None }).await;
        if let Ok(l) = &l {
            session.unread.set(Some(l.unread));
        }
        l
    });
    let all_read = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::read_all_notifications().await;
            list.refetch();
        });
    };
    view! {
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(l) => view! {
                        <p>{format!("{} {}", l.unread, t(lang.get_untracked(), "notif.unread"))}</p>
                        {(l.unread > 0).then(|| view! { <button type="button" on:click=all_read>{tr(lang, "notif.all_read")}</button> })}
                        {if l.items.is_empty() { view! { <p>{tr(lang, "notif.none")}</p> }.into_any() } else { view! {
                            <ul class="notifications">
                                {l.items.into_iter().map(|n| {
                                    let key = match n.kind {
                                        api::NotificationKind::CardApproved => "notif.card_approved",
                                        api::NotificationKind::CardChangesRequested => "notif.card_changes_requested",
                                        api::NotificationKind::CardUnpublished => "notif.card_unpublished",
                                        api::NotificationKind::CardSubmitted => "notif.card_submitted",
                                        api::NotificationKind::CardReported | api::NotificationKind::CardReportForReview => "notif.card_reported",
                                        api::NotificationKind::CardVerifyDue => "notif.card_verify_due",
                                        api::NotificationKind::OrganisationSuspended => "notif.organisation_suspended",
                                        api::NotificationKind::OrganisationReinstated => "notif.organisation_reinstated",
                                        api::NotificationKind::ThreadNew => "notif.thread_new",
                                        api::NotificationKind::ThreadMessage => "notif.thread_message",
                                        api::NotificationKind::ThreadAnswerDue => "notif.thread_answer_due",
                                        api::NotificationKind::ThreadDeclined => "notif.thread_declined",
                                        api::NotificationKind::ThreadExpired => "notif.thread_expired",
                                        api::NotificationKind::ThreadClosed => "notif.thread_closed",
                                        api::NotificationKind::QuoteReceived => "notif.quote_received",
                                        api::NotificationKind::CounterProposed => "notif.counter_proposed",
                                        api::NotificationKind::QuoteAccepted => "notif.quote_accepted",
                                        api::NotificationKind::OrderConfirmed => "notif.order_confirmed",
                                        api::NotificationKind::OrderCancelled => "notif.order_cancelled",
                                        api::NotificationKind::ReviewToModerate => "notif.review_to_moderate",
                                        api::NotificationKind::ReviewPublished => "notif.review_published",
                                        api::NotificationKind::ReviewReported => "notif.review_reported",
                                        api::NotificationKind::RegistryStep => "notif.registry_step",
                                        api::NotificationKind::CertificateChecked => "notif.certificate_checked",
                                        api::NotificationKind::CarerListed => "notif.carer_listed",
                                        api::NotificationKind::CarerSuspended => "notif.carer_suspended",
                                        api::NotificationKind::MatchOpened => "notif.match_opened",
                                        api::NotificationKind::MatchMessage => "notif.match_message",
                                        api::NotificationKind::MatchAccepted => "notif.match_accepted",
                                        api::NotificationKind::MatchStarted => "notif.match_started",
                                        api::NotificationKind::MatchClosed => "notif.match_closed",
                                        api::NotificationKind::MatchDigest => "notif.match_digest",
                                        api::NotificationKind::GroupInvited => "notif.group_invited",
                                        api::NotificationKind::GroupChanged => "notif.group_changed",
                                        api::NotificationKind::SearchAlert => "notif.search_alert",
                                    };
                                    let unread = n.read_at.is_none();
                                    let nid = StoredValue::new(n.id.clone());
                                    view! {
                                        <li class:unread=unread>
                                            <a href=n.link.clone() on:click=move |_| { let id = nid.get_value(); leptos::task::spawn_local(async move { let _ = api::read_notification(&id).await; session.refresh_unread(); }); }>
                                                {tr(lang, key)} ": " {n.title.clone()}
                                            </a>
                                            {unread.then(|| view! { " " <span class="badge">{tr(lang, "notif.new")}</span> })}
                                            " " <small>{n.created_at.chars().take(10).collect::<String>()}</small>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any() }}
                    }.into_any(),
                })}
            </Transition>
    }
}
