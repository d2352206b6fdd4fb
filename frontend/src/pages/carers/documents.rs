//! Carers' certificates in the browser (issue 12): the carer uploads and removes them on
//! `/assistente` (`OwnCertificates`); an operator of the registry verifies or rejects
//! them on `/gestione/assistenti/{id}` (`CertificateReview`). Verified ones are the
//! badges families see on the carer's profile.
use super::{DocumentLine, certificate_name};
use crate::api::{self, CarerRegistration, DocumentDecision, Vocabulary};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage};
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;

/// The file chosen in the input `id`.
pub(super) fn chosen_file(id: &str) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|l| l.get(0))
}

pub(super) fn clear_file(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(i) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        i.set_value("");
    }
}

/// The carer's certificates: the list (with the outcome and the operator's note), a
/// button to remove each, and the upload form.
#[component]
pub fn OwnCertificates(
    mine: RwSignal<Option<CarerRegistration>>,
    vocabulary: StoredValue<Vocabulary>,
) -> impl IntoView {
    let lang = use_lang();
    let kind = RwSignal::new(String::new());
    let errors = FormErrors::new("doc");
    let kind_error = errors.field("c-doc-kind");
    let file_error = errors.field("c-doc-file");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        done.set(None);
        let l = lang.get_untracked();
        let k = kind.get_untracked();
        if k.is_empty() {
            errors.set_field("c-doc-kind", t(l, "doc.kind_needed").to_owned());
        }
        let file = chosen_file("c-doc-file");
        if file.is_none() {
            errors.set_field("c-doc-file", t(l, "doc.file_needed").to_owned());
        }
        let Some(file) = file.filter(|_| !k.is_empty()) else {
            errors.focus();
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api::upload_certificate(&k, &file).await;
            busy.set(false);
            let l = lang.get_untracked();
            match r {
                Ok(d) => {
                    mine.update(|m| {
                        if let Some(m) = m {
                            m.documents.push(d);
                        }
                    });
                    clear_file("c-doc-file");
                    done.set(Some(t(l, "doc.uploaded").to_owned()));
                }
                Err(e)
                    if matches!(e.status, 413 | 415)
                        || e.errors.iter().any(|f| f.field == "file") =>
                {
                    errors.set_field("c-doc-file", t(l, "doc.bad_file").to_owned());
                    errors.focus();
                }
                Err(e) => errors.show_api_error(l, &e, &[("kind", "c-doc-kind")]),
            }
        });
    };
    let remove = move |id: String| {
        errors.clear();
        done.set(None);
        leptos::task::spawn_local(async move {
            match api::delete_certificate(&id).await {
                Ok(()) => {
                    mine.update(|m| {
                        if let Some(m) = m {
                            m.documents.retain(|d| d.id != id);
                        }
                    });
                    done.set(Some(t(lang.get_untracked(), "doc.removed").to_owned()));
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[]),
            }
        });
    };
    view! {
        <section class="stack" aria-labelledby="c-docs-title">
            <h2 id="c-docs-title">{tr(lang, "doc.title")}</h2>
            <p>{tr(lang, "doc.intro")}</p>
            {move || {
                let l = lang.get();
                let docs = mine.with(|m| m.as_ref().map(|m| m.documents.clone()).unwrap_or_default());
                if docs.is_empty() {
                    return view! { <p class="muted">{tr(lang, "doc.none")}</p> }.into_any();
                }
                view! {
                    <ul class="registry-list">
                        {docs.into_iter().map(|d| {
                            let name = vocabulary.with_value(|v| certificate_name(l, v, &d.kind));
                            let id = d.id.clone();
                            let label = format!("{} {}", t(l, "doc.remove"), d.filename);
                            view! {
                                <li>
                                    <DocumentLine d=d kind=name/>
                                    " " <button type="button" class="secondary" aria-label=label
                                        on:click=move |_| remove(id.clone())>{tr(lang, "doc.remove")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <StatusMessage message=done.into()/>
            <form class="stack" on:submit=upload novalidate>
                <h3>{tr(lang, "doc.add")}</h3>
                <ErrorSummary errors=errors labels=vec![("c-doc-kind", "doc.kind"), ("c-doc-file", "doc.file")]/>
                <div class="field" class:has-error=move || kind_error.with(Option::is_some)>
                    <label for="c-doc-kind">{tr(lang, "doc.kind")}</label>
                    <p class="field-error" id="c-doc-kind-error">{move || kind_error.get()}</p>
                    <select id="c-doc-kind" aria-describedby="c-doc-kind-error"
                        aria-invalid=move || kind_error.with(Option::is_some).then_some("true")
                        on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="" selected=move || kind.get().is_empty()>{tr(lang, "doc.kind.choose")}</option>
                        {move || {
                            let l = lang.get();
                            vocabulary.with_value(|v| v.certificates.iter().map(|c| {
                                let code = c.code.clone();
                                let selected = kind.get_untracked() == code;
                                view! { <option value=code selected=selected>{crate::i18n::pick(l, &c.label)}</option> }
                            }).collect_view())
                        }}
                    </select>
                </div>
                <div class="field" class:has-error=move || file_error.with(Option::is_some)>
                    <label for="c-doc-file">{tr(lang, "doc.file")}</label>
                    <p class="hint" id="c-doc-file-hint">{tr(lang, "doc.file.hint")}</p>
                    <p class="field-error" id="c-doc-file-error">{move || file_error.get()}</p>
                    <input type="file" id="c-doc-file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                        aria-describedby="c-doc-file-hint c-doc-file-error"
                        aria-invalid=move || file_error.with(Option::is_some).then_some("true")/>
                </div>
                <button type="submit" disabled=move || busy.get()>{tr(lang, "doc.upload")}</button>
            </form>
        </section>
    }
}

/// An operator's view of a registration's certificates: each file, and for a pending
/// one, verify or reject (the note, the carer reads it, is required to reject).
#[component]
pub fn CertificateReview(
    current: RwSignal<CarerRegistration>,
    vocabulary: StoredValue<Vocabulary>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let errors = FormErrors::new("docdecide");
    let note = RwSignal::new(String::new());
    let error = errors.field("rg-doc-note");
    let busy = RwSignal::new(false);
    let decide = move |doc: String, decision: DocumentDecision| {
        errors.clear();
        done.set(None);
        let l = lang.get_untracked();
        let text = note.get_untracked().trim().to_owned();
        if decision == DocumentDecision::Reject && text.is_empty() {
            errors.set_field("rg-doc-note", t(l, "doc.note_needed").to_owned());
            errors.focus();
            return;
        }
        busy.set(true);
        let id = current.with_untracked(|r| r.id.clone());
        let body = api::NewDocumentDecision {
            decision,
            note: (!text.is_empty()).then_some(text),
        };
        leptos::task::spawn_local(async move {
            let r = api::decide_certificate(&id, &doc, &body).await;
            busy.set(false);
            let l = lang.get_untracked();
            match r {
                Ok(r) => {
                    note.set(String::new());
                    let key = if decision == DocumentDecision::Verify {
                        "doc.done_verified"
                    } else {
                        "doc.done_rejected"
                    };
                    done.set(Some(t(l, key).to_owned()));
                    current.set(r);
                }
                Err(e) if e.status == 409 => errors.fail(t(l, "registry.stale").to_owned()),
                Err(e) => errors.show_api_error(l, &e, &[("note", "rg-doc-note")]),
            }
        });
    };
    let pending = move || {
        current.with(|r| {
            r.documents
                .iter()
                .any(|d| d.status == api::DocumentStatus::Pending)
        })
    };
    view! {
        <section class="stack" aria-labelledby="rg-docs">
            <h2 id="rg-docs">{tr(lang, "doc.title")}</h2>
            <ErrorSummary errors=errors labels=vec![("rg-doc-note", "doc.note")]/>
            {move || {
                let l = lang.get();
                let docs = current.with(|r| r.documents.clone());
                if docs.is_empty() {
                    return view! { <p class="muted">{tr(lang, "doc.none_yet")}</p> }.into_any();
                }
                view! {
                    <ul class="registry-list">
                        {docs.into_iter().map(|d| {
                            let name = vocabulary.with_value(|v| certificate_name(l, v, &d.kind));
                            let open = d.status == api::DocumentStatus::Pending;
                            let (a, b) = (d.id.clone(), d.id.clone());
                            let verify = format!("{} {}", t(l, "doc.verify"), d.filename);
                            let reject = format!("{} {}", t(l, "doc.reject"), d.filename);
                            view! {
                                <li>
                                    <DocumentLine d=d kind=name/>
                                    {open.then(|| view! {
                                        <div class="actions">
                                            <button type="button" aria-label=verify disabled=move || busy.get()
                                                on:click=move |_| decide(a.clone(), DocumentDecision::Verify)>{tr(lang, "doc.verify")}</button>
                                            " " <button type="button" class="secondary" aria-label=reject disabled=move || busy.get()
                                                on:click=move |_| decide(b.clone(), DocumentDecision::Reject)>{tr(lang, "doc.reject")}</button>
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Show when=pending>
                <div class="field" class:has-error=move || error.with(Option::is_some)>
                    <label for="rg-doc-note">{tr(lang, "doc.note")}</label>
                    <p class="hint" id="rg-doc-note-hint">{tr(lang, "doc.note.hint")}</p>
                    <p class="field-error" id="rg-doc-note-error">{move || error.get()}</p>
                    <textarea id="rg-doc-note" rows="2" maxlength="2000" aria-describedby="rg-doc-note-hint rg-doc-note-error"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
            </Show>
        </section>
    }
}
