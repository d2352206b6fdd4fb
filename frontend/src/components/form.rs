//! Accessible forms: labelled fields whose errors are tied to them (`aria-invalid`,
//! `aria-describedby`), an error summary that takes focus and links to each field, and
//! status messages announced to screen readers.
use crate::api::ApiError;
use crate::i18n::{Lang, t, tr, use_lang};
use leptos::prelude::*;

/// The errors of one form: per field (by the input's id) and for the whole form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    /// Names the summary's element (`{id}-errors`): several forms can share a page.
    pub id: &'static str,
    pub fields: RwSignal<Vec<(&'static str, String)>>,
    pub form: RwSignal<Option<String>>,
}

impl FormErrors {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            fields: RwSignal::new(Vec::new()),
            form: RwSignal::new(None),
        }
    }

    /// Moves focus to this form's error summary once it is drawn.
    pub fn focus(&self) {
        let id = format!("{}-errors", self.id);
        request_animation_frame(move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
            {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    /// Shows one message for the whole form and moves focus to it.
    pub fn fail(&self, message: String) {
        self.clear();
        self.form.set(Some(message));
        self.focus();
    }

    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.form.set(None);
    }

    pub fn set_field(&self, id: &'static str, message: String) {
        self.fields.update(|f| {
            f.retain(|(k, _)| *k != id);
            f.push((id, message));
        });
    }

    pub fn field(&self, id: &'static str) -> Signal<Option<String>> {
        let fields = self.fields;
        Signal::derive(move || {
            fields.with(|f| f.iter().find(|(k, _)| *k == id).map(|(_, m)| m.clone()))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.fields.with_untracked(Vec::is_empty) && self.form.with_untracked(Option::is_none)
    }

    /// Shows a failed call: each field the server named (mapped from its JSON name to the
    /// input's id by `ids`), or a message for the whole form.
    pub fn show_api_error(&self, lang: Lang, e: &ApiError, ids: &[(&str, &'static str)]) {
        self.clear();
        for fe in &e.errors {
            if let Some((_, id)) = ids.iter().find(|(name, _)| *name == fe.field) {
                self.set_field(id, field_message(lang, &fe.code, &fe.message));
            }
        }
        if self.fields.with_untracked(Vec::is_empty) {
            self.form.set(Some(problem_message(lang, e)));
        }
        self.focus();
    }
}

/// A field error in the person's language, from the server's stable code.
pub fn field_message(lang: Lang, code: &str, server: &str) -> String {
    let key = match code {
        "too_short" => "err.too_short",
        "too_long" => "err.too_long",
        "too_common" => "err.too_common",
        "invalid_format" => "err.invalid_format",
        "required" => "err.required",
        "out_of_range" => "err.out_of_range",
        "incorrect" => "err.incorrect",
        "invalid_or_expired" => "err.invalid_or_expired",
        "unknown_value" => "err.unknown_value",
        _ => return server.to_owned(),
    };
    t(lang, key).to_owned()
}

/// A whole-form message for a failed call.
pub fn problem_message(lang: Lang, e: &ApiError) -> String {
    match e.status {
        0 => t(lang, "err.network").to_owned(),
        401 => t(lang, "err.unauthorized").to_owned(),
        403 => t(lang, "err.forbidden").to_owned(),
        404 => t(lang, "err.not_found").to_owned(),
        429 => format!(
            "{} {} {}",
            t(lang, "err.too_many"),
            e.retry_after.unwrap_or(60),
            t(lang, "err.seconds")
        ),
        422 if !e.errors.is_empty() => e
            .errors
            .iter()
            .map(|f| field_message(lang, &f.code, &f.message))
            .collect::<Vec<_>>()
            .join(" "),
        _ => t(lang, "err.server").to_owned(),
    }
}

/// The list of errors at the top of a form, each linking to its field.
#[component]
pub fn ErrorSummary(
    errors: FormErrors,
    labels: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let lang = use_lang();
    let labels = StoredValue::new(labels);
    let shown = move || errors.form.with(Option::is_some) || errors.fields.with(|f| !f.is_empty());
    let box_id = format!("{}-errors", errors.id);
    let title_id = format!("{}-errors-title", errors.id);
    view! {
        <Show when=shown>
            <div class="error-summary" id=box_id.clone() role="alert" tabindex="-1" aria-labelledby=title_id.clone()>
                <h2 id=title_id.clone()>{tr(lang, "err.summary")}</h2>
                {move || errors.form.get().map(|m| view! { <p>{m}</p> })}
                <ul>
                    {move || errors.fields.get().into_iter().map(|(id, msg)| {
                        let label = labels.with_value(|l| l.iter().find(|(i, _)| *i == id).map(|(_, k)| *k));
                        let href = format!("#{id}");
                        view! {
                            <li><a href=href>{label.map(|k| format!("{}: ", t(lang.get(), k)))}{msg}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// A labelled input with its hint and error.
#[component]
pub fn Field(
    id: &'static str,
    /// i18n key of the label.
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// i18n key of a hint shown under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let lang = use_lang();
    let error = errors.field(id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let mut d = Vec::new();
        if hint.is_some() {
            d.push(hint_id.clone());
        }
        d.push(error_id.clone());
        d.join(" ")
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{tr(lang, label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{tr(lang, h)}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
            <input id=id name=id type=kind autocomplete=autocomplete required=required
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// A submit button that says it is working and cannot be pressed twice.
#[component]
pub fn Submit(
    /// i18n key of the label.
    label: &'static str,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button type="submit" disabled=move || busy.get() aria-disabled=move || busy.get().to_string()>
            {move || if busy.get() { t(lang.get(), "form.busy") } else { t(lang.get(), label) }}
        </button>
    }
}

/// A message announced politely once shown (successes, "check your inbox").
#[component]
pub fn StatusMessage(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div role="status" aria-live="polite" class="status-holder">
            {move || message.get().map(|m| view! { <p class="success-box">{m}</p> })}
        </div>
    }
}
