//! Reviews (issue 11): the family's review of an activated service and the provider's one
//! public answer (in the thread's order block, contact bundle), the city's moderation
//! queue (`/gestione/recensioni`) and the report of an abusive review
//! (`/segnala-recensione/{id}`), both in the review bundle, and a card's reviews with
//! what the platform measured of its provider (the public card page, server-rendered).
use crate::api::{self, ReviewStatus};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage, Submit, problem_message};
use crate::components::pager::pages_of;
use crate::i18n::{Lang, t, tr, use_lang};
use crate::pages::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The aspects a review rates: (field, i18n key).
const ASPECTS: [(&str, &str); 4] = [
    ("punctuality", "review.punctuality"),
    ("competence", "review.competence"),
    ("kindness", "review.kindness"),
    ("value", "review.value"),
];

/// The four ratings in the order of [`ASPECTS`].
fn ratings_of(r: &api::Ratings) -> [i64; 4] {
    [r.punctuality, r.competence, r.kindness, r.value]
}

/// 4.3 as the person reads it (4,3 in Italian).
fn decimal(lang: Lang, v: f64) -> String {
    let s = format!("{v:.1}");
    if lang == Lang::It {
        s.replace('.', ",")
    } else {
        s
    }
}

/// "4,3 su 5" from tenths.
fn out_of_five(lang: Lang, tenths: i64) -> String {
    format!(
        "{} {}",
        decimal(lang, tenths as f64 / 10.0),
        t(lang, "review.out_of_5")
    )
}

/// The ratings as a description list.
fn ratings_view(lang: Lang, values: [f64; 4], whole: bool) -> impl IntoView {
    view! {
        <dl class="facts ratings">
            {ASPECTS.iter().zip(values).map(|((_, k), v)| view! {
                <div><dt>{t(lang, k)}</dt><dd>{if whole { format!("{v:.0}/5") } else { format!("{}/5", decimal(lang, v)) }}</dd></div>
            }).collect_view()}
        </dl>
    }
}

fn status_key(s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Pending => "review.s.pending",
        ReviewStatus::Published => "review.s.published",
        ReviewStatus::Rejected => "review.s.rejected",
    }
}

/// A number of seconds as the person reads a delay: minutes, hours or days.
fn delay(lang: Lang, secs: i64) -> String {
    let (n, unit) = if secs < 3600 {
        ((secs + 59) / 60, "review.minutes")
    } else if secs < 48 * 3600 {
        ((secs + 1800) / 3600, "review.hours")
    } else {
        ((secs + 43_200) / 86_400, "review.days")
    };
    format!("{n} {}", t(lang, unit))
}

// ---------------------------------------------------------------------------------
// In the thread's order block (contact bundle).

/// Whether the family may review the order (the provider confirmed the start).
fn reviewable(order: &api::Order) -> bool {
    match order.status {
        api::OrderStatus::Confirmed => true,
        api::OrderStatus::Cancelled => order.confirmed_at.is_some(),
        api::OrderStatus::AwaitingConfirmation => false,
    }
}

/// The review's state and the way to its page (`/recensione/{order}`, the feedback
/// bundle): in the thread's order block (contact bundle) and on that page.
#[component]
pub fn OrderReview(order: api::Order, #[prop(optional)] on_page: bool) -> impl IntoView {
    let lang = use_lang();
    let provider = order.viewer_side == api::Side::Provider;
    let href = format!("/recensione/{}", order.id);
    let link = |key: &'static str| {
        (!on_page)
            .then(|| view! { <p><a class="review-link" href=href.clone()>{tr(lang, key)}</a></p> })
    };
    match (order.review_status, provider) {
        (None, false) if reviewable(&order) => link("review.write").into_any(),
        (Some(ReviewStatus::Published), true) => link("review.answer").into_any(),
        (Some(s), false) => view! {
            <section class="review-state" aria-labelledby="review-state-title">
                <h3 id="review-state-title">{tr(lang, "review.yours")}</h3>
                <p><span class="badge">{tr(lang, status_key(s))}</span> " " {tr(lang, match s {
                    ReviewStatus::Pending => "review.pending_hint",
                    ReviewStatus::Published => "review.published_hint",
                    ReviewStatus::Rejected => "review.rejected_hint",
                })}</p>
                {link("review.open")}
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// `/recensione/{order}`: the family writes its review of an activated service (then
/// sees its state); the provider reads the published review and answers it once.
#[component]
pub fn OrderReviewPage() -> impl IntoView {
    let lang = use_lang();
    crate::pages::contact::require_sign_in();
    let params = use_params_map();
    let order = crate::session::when_signed_in(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::get_order(&id).await }
    });
    let reload = Callback::new(move |()| order.refetch());
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "review.write_title").to_owned())/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || order.get().map(|r| match r {
                    Err(e) if e.status == 404 || e.status == 422 => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| order.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(o)) => {
                        let back = format!("/conversazioni/{}", o.thread);
                        let card = format!("/servizi/{}", o.card.id);
                        let provider = o.viewer_side == api::Side::Provider;
                        let form = (!provider && o.review.is_none() && reviewable(&o))
                            .then(|| view! { <ReviewForm order=o.id.clone() reload=reload/> });
                        let answer = match (provider, o.review.clone(), o.review_status) {
                            (true, Some(id), Some(ReviewStatus::Published)) => Some(view! { <ProviderAnswer card=o.card.id.clone() review=id/> }.into_any()),
                            (true, _, _) => Some(view! { <p>{tr(lang, "review.not_shown")}</p> }.into_any()),
                            _ => None,
                        };
                        view! {
                            <p><a class="reviewed-card review-link" href=card lang="it">{o.card.title.clone()}</a> " · " <span lang="it">{o.organisation.legal_name.clone()}</span></p>
                            {form}
                            {(!provider).then(|| view! { <OrderReview order=o.clone() on_page=true/> })}
                            {answer}
                            <p><a class="review-link" href=back>{tr(lang, "review.back")}</a></p>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ReviewForm(order: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let order = StoredValue::new(order);
    let stars: [RwSignal<Option<i64>>; 4] = std::array::from_fn(|_| RwSignal::new(None));
    let body = RwSignal::new(String::new());
    let errors = FormErrors::new("review");
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let l = lang.get_untracked();
        let given = stars.map(|s| s.get_untracked());
        for (i, (field, _)) in ASPECTS.iter().enumerate() {
            if given[i].is_none() {
                errors.set_field(field_id(field), t(l, "review.rate_it").to_owned());
            }
        }
        if body.get_untracked().trim().is_empty() {
            errors.set_field("rv-body", t(l, "review.say_something").to_owned());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        let [punctuality, competence, kindness, value] = given.map(|g| g.unwrap_or(0));
        let b = api::NewReview {
            ratings: api::NewRatings {
                punctuality,
                competence,
                kindness,
                value,
            },
            body: body.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::review_order(&order.get_value(), &b).await {
                Ok(_) => reload.run(()),
                Err(e) => {
                    busy.set(false);
                    if e.status == 409 {
                        errors.fail(t(l, "review.conflict").to_owned());
                    } else {
                        errors.show_api_error(
                            l,
                            &e,
                            &[
                                // The server's field paths (split so that the
                                // interface-key check does not read them as keys).
                                (concat!("ratings", ".punctuality"), "rv-punctuality"),
                                (concat!("ratings", ".competence"), "rv-competence"),
                                (concat!("ratings", ".kindness"), "rv-kindness"),
                                (concat!("ratings", ".value"), "rv-value"),
                                ("body", "rv-body"),
                            ],
                        );
                        if errors.is_empty() {
                            errors.fail(problem_message(l, &e));
                        }
                    }
                }
            }
        });
    };
    let labels = vec![
        ("rv-punctuality", "review.punctuality"),
        ("rv-competence", "review.competence"),
        ("rv-kindness", "review.kindness"),
        ("rv-value", "review.value"),
        ("rv-body", "review.text"),
    ];
    let body_error = errors.field("rv-body");
    view! {
        <section class="review-form">
            <p class="hint">{tr(lang, "review.intro")}</p>
            <form on:submit=submit novalidate>
                <ErrorSummary errors=errors labels=labels/>
                {ASPECTS.iter().zip(stars).map(|((field, key), value)| {
                    let id = field_id(field);
                    let error = errors.field(id);
                    view! {
                        <fieldset id=id class="field stars" tabindex="-1" class:has-error=move || error.with(Option::is_some)
                            aria-describedby=format!("{id}-error")>
                            <legend>{tr(lang, key)}</legend>
                            <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
                            <div class="star-row">
                                {(1..=5i64).map(|n| {
                                    let input = format!("{id}-{n}");
                                    view! {
                                        <span class="choice">
                                            <input type="radio" name=id id=input.clone() value=n.to_string()
                                                prop:checked=move || value.get() == Some(n)
                                                on:change=move |_| value.set(Some(n))/>
                                            <label for=input>{n.to_string()}</label>
                                        </span>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <div class="field" class:has-error=move || body_error.with(Option::is_some)>
                    <label for="rv-body">{tr(lang, "review.text")}</label>
                    <p class="hint" id="rv-body-hint">{tr(lang, "review.text_hint")}</p>
                    <p class="field-error" id="rv-body-error">{move || body_error.get()}</p>
                    <textarea id="rv-body" rows="4" maxlength="2000" aria-describedby="rv-body-hint rv-body-error"
                        aria-invalid=move || body_error.with(Option::is_some).to_string()
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                </div>
                <Submit label="review.send" busy=busy/>
            </form>
        </section>
    }
}

/// The id of an aspect's fieldset.
fn field_id(field: &str) -> &'static str {
    match field {
        "punctuality" => "rv-punctuality",
        "competence" => "rv-competence",
        "kindness" => "rv-kindness",
        _ => "rv-value",
    }
}

/// The provider reads the published review of this order on its card's reviews and
/// answers it, publicly, once.
#[component]
fn ProviderAnswer(card: String, review: String) -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(move || {
        let card = card.clone();
        async move { api::get_service_reviews(&card).await }
    });
    let review = StoredValue::new(review);
    view! {
        <section class="review-state" aria-labelledby="review-title">
            <h2 id="review-title">{tr(lang, "review.of_family")}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(all) => match all.items.into_iter().find(|i| review.with_value(|id| &i.id == id)) {
                        None => view! { <p>{tr(lang, "review.not_shown")}</p> }.into_any(),
                        Some(item) => view! {
                            <PublicReviewView item=item.clone() report=false/>
                            {item.reply.is_none().then(|| view! { <ReplyForm review=item.id.clone() done=move || list.refetch()/> })}
                        }.into_any(),
                    },
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReplyForm(review: String, done: impl Fn() + Copy + 'static) -> impl IntoView {
    let lang = use_lang();
    let review = StoredValue::new(review);
    let body = RwSignal::new(String::new());
    let errors = FormErrors::new("reply");
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let l = lang.get_untracked();
        if body.get_untracked().trim().is_empty() {
            errors.set_field("rv-reply", t(l, "review.say_something").to_owned());
            errors.focus();
            return;
        }
        let b = api::ReviewReply {
            body: body.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::reply_review(&review.get_value(), &b).await {
                Ok(_) => done(),
                Err(e) => {
                    errors.show_api_error(l, &e, &[("body", "rv-reply")]);
                    if errors.is_empty() {
                        errors.fail(problem_message(l, &e));
                    }
                }
            }
            busy.set(false);
        });
    };
    let error = errors.field("rv-reply");
    view! {
        <form class="reply-form" on:submit=submit novalidate>
            <ErrorSummary errors=errors labels=vec![("rv-reply", "review.reply")]/>
            <div class="field" class:has-error=move || error.with(Option::is_some)>
                <label for="rv-reply">{tr(lang, "review.reply")}</label>
                <p class="hint" id="rv-reply-hint">{tr(lang, "review.reply_hint")}</p>
                <p class="field-error" id="rv-reply-error">{move || error.get()}</p>
                <textarea id="rv-reply" rows="3" maxlength="2000" aria-describedby="rv-reply-hint rv-reply-error"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <Submit label="review.reply_send" busy=busy/>
        </form>
    }
}

/// One published review: its ratings, text, date and the provider's answer.
#[component]
fn PublicReviewView(
    item: api::PublicReview,
    report: bool,
    #[prop(optional)] with_card: bool,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let values = ratings_of(&item.ratings).map(|v| v as f64);
    let href = format!("/segnala-recensione/{}", item.id);
    let card = format!("/servizi/{}", item.card.id);
    view! {
        <article class="review">
            {with_card.then(|| view! { <h3 lang="it"><a class="review-link" href=card>{item.card.title.clone()}</a></h3> })}
            <p><strong>{out_of_five(l, item.overall_tenths)}</strong> " · " <small>{crate::pages::service::day(l, &item.created_at)}</small></p>
            {ratings_view(l, values, true)}
            <blockquote class="review-text">{item.body.clone()}</blockquote>
            {item.reply.clone().map(|r| view! {
                <div class="review-reply">
                    <p><strong>{t(l, "review.provider_reply")}</strong></p>
                    <blockquote class="review-text">{r}</blockquote>
                </div>
            })}
            // Another app's page (a full load): the public catalogue does not carry forms.
            {report.then(|| view! { <p><a class="review-link" href=href rel="nofollow">{t(l, "review.report")}</a></p> })}
        </article>
    }
}

// ---------------------------------------------------------------------------------
// The public card page (server-rendered).

/// Published reviews with their averages, and what the platform measured of the
/// provider's answers (on a card: beside its declared wait, `declared`; on an
/// organisation's page, each review names its card).
#[component]
pub fn ReviewsSection(
    averages: api::Averages,
    items: Vec<api::PublicReview>,
    signals: Option<api::Signals>,
    declared: Option<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let a = averages;
    let activations = |n: i64| {
        t(
            l,
            if n == 1 {
                "review.activation"
            } else {
                "review.activations"
            },
        )
    };
    let measured = match &signals {
        None => view! { <p>{t(l, "review.too_few")}</p> }.into_any(),
        Some(s) => {
            let declared = declared
                .map(|d| format!("{} {d} {} · ", t(l, "review.declared"), t(l, "review.days")))
                .unwrap_or_default();
            let observed = match s.median_activation_days {
                Some(d) => format!(
                    "{declared}{} {d} {}, {} {} {}",
                    t(l, "review.observed"),
                    t(l, "review.days"),
                    t(l, "review.on"),
                    s.activations,
                    activations(s.activations)
                ),
                None => format!("{declared}{}", t(l, "review.no_activation")),
            };
            view! {
                <ul class="signals">
                    <li class="observed">{observed}</li>
                    {s.median_first_response_secs.map(|secs| view! {
                        <li>{format!("{}: {}", t(l, "review.first_answer"), delay(l, secs))}</li>
                    })}
                    {s.response_rate_pct.map(|p| view! {
                        <li>{format!("{}: {p} %", t(l, "review.in_time"))}</li>
                    })}
                    <li><small>{format!("{} {} {}", t(l, "review.based_on"), s.threads, t(l, "review.requests_12m"))}</small></li>
                </ul>
            }
            .into_any()
        }
    };
    let with_card = declared.is_none();
    view! {
        <section id="tempi" aria-labelledby="measured-title">
            <h2 id="measured-title">{t(l, "review.measured")}</h2>
            {measured}
        </section>
        <section id="recensioni" aria-labelledby="reviews-title">
            <h2 id="reviews-title">{t(l, "review.title")}</h2>
            {if a.count == 0 {
                view! { <p>{t(l, "review.none")}</p> }.into_any()
            } else {
                view! {
                    <p class="average"><strong>{format!("{} {}", decimal(l, a.overall), t(l, "review.out_of_5"))}</strong>
                        {format!(" · {} {}", a.count, t(l, if a.count == 1 { "review.one" } else { "review.many" }))}</p>
                    {ratings_view(l, [a.punctuality, a.competence, a.kindness, a.value], false)}
                    {items.into_iter().map(|i| view! { <PublicReviewView item=i report=true with_card=with_card/> }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

// ---------------------------------------------------------------------------------
// The city's moderation (review bundle).

const MODERATORS: &[api::Role] = &[api::Role::MunicipalReviewer, api::Role::MunicipalAdmin];

/// `/gestione/recensioni[?stato=…]`: the reviews waiting for a decision (or the
/// published ones, with their reports, to take one down).
#[component]
pub fn ModerationPage() -> impl IntoView {
    let lang = use_lang();
    crate::pages::account::require_sign_in("/gestione/recensioni");
    let active = crate::pages::manage::active_with(MODERATORS);
    let status = RwSignal::new(
        leptos_router::hooks::use_query_map()
            .with_untracked(|q| q.get("stato"))
            .filter(|s| s == "published" || s == "rejected")
            .unwrap_or_else(|| "pending".to_owned()),
    );
    let page = RwSignal::new(1i64);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "review.queue_title").to_owned())/>
            <div class="field">
                <label for="rq-status">{tr(lang, "review.show")}</label>
                <select id="rq-status" prop:value=move || status.get() on:change=move |ev| { page.set(1); status.set(event_target_value(&ev)); }>
                    <option value="pending">{tr(lang, "review.s.pending")}</option>
                    <option value="published">{tr(lang, "review.s.published")}</option>
                    <option value="rejected">{tr(lang, "review.s.rejected")}</option>
                </select>
            </div>
            {move || if active.get().is_none() {
                view! { <p class="notice" role="alert">{tr(lang, "review.wrong_role")}</p> }.into_any()
            } else {
                view! { <ModerationList status=status page=page/> }.into_any()
            }}
        </div>
    }
}

/// Reviews on a page of the moderation list.
const PER_PAGE: i64 = 50;

#[component]
fn ModerationList(status: RwSignal<String>, page: RwSignal<i64>) -> impl IntoView {
    let lang = use_lang();
    let done = RwSignal::new(None::<String>);
    let list = crate::session::when_signed_in(move || {
        let q = api::ListReviewsQuery {
            status: Some(status.get()),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move {
            let l = api::list_reviews(&q).await?;
            // The last review of the last page was just decided: show the page before.
            if l.items.is_empty() && l.page > 1 {
                page.set(pages_of(l.total, PER_PAGE));
            }
            Ok(l)
        }
    });
    let after = move |key: &'static str| {
        done.set(Some(t(lang.get_untracked(), key).to_owned()));
        list.refetch();
    };
    view! {
        <StatusMessage message=done.into()/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                Ok(None) => view! { <Loading/> }.into_any(),
                Ok(Some(l)) if l.items.is_empty() => view! { <p>{tr(lang, "review.queue_empty")}</p> }.into_any(),
                Ok(Some(l)) => view! {
                    <p>{format!("{} {}", l.total, t(lang.get_untracked(), "review.in_list"))}</p>
                    <ul class="reviews-queue">
                        {l.items.into_iter().map(|r| view! { <ModerationItem review=r after=after/> }).collect_view()}
                    </ul>
                    {(l.total > PER_PAGE).then(|| view! {
                        <crate::components::pager::Pager page=page pages=pages_of(l.total, PER_PAGE)/>
                    })}
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ModerationItem(
    review: api::Review,
    after: impl Fn(&'static str) + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let id = StoredValue::new(review.id.clone());
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let note_id = format!("rn-{}", review.id);
    let error_id = format!("re-{}", review.id);
    let decide = move |publish: bool| {
        let l = lang.get_untracked();
        if !publish && note.get_untracked().trim().is_empty() {
            error.set(Some(t(l, "review.note_needed").to_owned()));
            return;
        }
        busy.set(true);
        error.set(None);
        let body = api::Moderation {
            note: Some(note.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let r = if publish {
                api::publish_review(&id.get_value(), &body).await
            } else {
                api::reject_review(&id.get_value(), &body).await
            };
            busy.set(false);
            match r {
                Ok(_) => after(if publish {
                    "review.published_done"
                } else {
                    "review.rejected_done"
                }),
                Err(e) => error.set(Some(problem_message(l, &e))),
            }
        });
    };
    let pending = review.status == ReviewStatus::Pending;
    let published = review.status == ReviewStatus::Published;
    let card = format!("/servizi/{}", review.card.id);
    let values = ratings_of(&review.ratings).map(|v| v as f64);
    view! {
        <li class="review">
            <p>
                <a href=card lang="it">{review.card.title.clone()}</a>
                " · " <span lang="it">{review.organisation.legal_name.clone()}</span>
                " · " <small>{crate::pages::service::day(l, &review.created_at)}</small>
                " · " <span class="badge">{t(l, status_key(review.status))}</span>
                {(review.reports > 0).then(|| view! { " · " <strong>{format!("{} {}", review.reports, t(l, "review.reports"))}</strong> })}
            </p>
            <p><strong>{out_of_five(l, review.overall_tenths)}</strong></p>
            {ratings_view(l, values, true)}
            <blockquote class="review-text">{review.body.clone()}</blockquote>
            {review.moderation_note.clone().filter(|n| !n.is_empty()).map(|n| view! { <p><small>{format!("{}: {n}", t(l, "review.note"))}</small></p> })}
            {(pending || published).then(|| view! {
                <div class="inline-form">
                    <label for=note_id.clone()>{tr(lang, "review.note")}</label>
                    <input id=note_id.clone() type="text" maxlength="1000" aria-describedby=error_id.clone()
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    {pending.then(|| view! {
                        <button type="button" disabled=move || busy.get() on:click=move |_| decide(true)>{tr(lang, "review.publish")}</button>
                    })}
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| decide(false)>
                        {tr(lang, if published { "review.take_down" } else { "review.reject" })}
                    </button>
                    <p role="alert" class="field-error" id=error_id.clone()>{move || error.get()}</p>
                </div>
            })}
        </li>
    }
}

/// `/segnala-recensione/{id}`: someone signed in reports a published review as abusive.
#[component]
pub fn ReportReviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    crate::pages::contact::require_sign_in();
    let id = StoredValue::new(id);
    let details = RwSignal::new(String::new());
    let errors = FormErrors::new("rr");
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let l = lang.get_untracked();
        if details.get_untracked().trim().is_empty() {
            errors.set_field("rr-details", t(l, "review.say_what").to_owned());
            errors.focus();
            return;
        }
        let body = api::ReviewReport {
            details: details.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::report_review(&id.get_value(), &body).await {
                Ok(()) => {
                    details.set(String::new());
                    sent.set(Some(t(l, "review.report_sent").to_owned()));
                }
                Err(e) if e.status == 404 || e.status == 422 => {
                    errors.fail(t(l, "review.report_gone").to_owned())
                }
                Err(e) => {
                    errors.show_api_error(l, &e, &[("details", "rr-details")]);
                    if errors.is_empty() {
                        errors.fail(problem_message(l, &e));
                    }
                }
            }
            busy.set(false);
        });
    };
    let error = errors.field("rr-details");
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "review.report_title").to_owned())/>
            <p>{tr(lang, "review.report_intro")}</p>
            <ErrorSummary errors=errors labels=vec![("rr-details", "review.report_details")]/>
            <StatusMessage message=sent.into()/>
            <form class="stack" on:submit=submit novalidate>
                <div class="field" class:has-error=move || error.with(Option::is_some)>
                    <label for="rr-details">{tr(lang, "review.report_details")}</label>
                    <p class="field-error" id="rr-details-error">{move || error.get()}</p>
                    <textarea id="rr-details" rows="4" maxlength="1000" aria-describedby="rr-details-error"
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        prop:value=move || details.get() on:input=move |ev| details.set(event_target_value(&ev))></textarea>
                </div>
                <Submit label="review.report_send" busy=busy/>
            </form>
        </div>
    }
}
