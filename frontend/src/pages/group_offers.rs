//! Offering a formed group to providers (issue 12), on the group page: which providers
//! the group was offered to and how far each got (every member sees it; the member who
//! sent it opens the conversation), and, for a member of a formed group, the services
//! of its kind of help covering its zone, to offer the group to with one message.
use crate::api::{
    self, AgeBand, GroupCarerOffer, GroupOffer, MatchStatus, OrderStatus, ThreadStatus,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage, Submit};
use crate::i18n::{Lang, money, pick, t, tr, use_lang};
use crate::pages::contact::Idempotent;
use leptos::prelude::*;

fn thread_key(s: ThreadStatus) -> &'static str {
    match s {
        ThreadStatus::AwaitingAnswer => "offer.s.awaiting",
        ThreadStatus::Open => "offer.s.open",
        ThreadStatus::Accepted => "offer.s.accepted",
        ThreadStatus::Declined => "offer.s.declined",
        ThreadStatus::Expired => "offer.s.expired",
        ThreadStatus::Closed => "offer.s.closed",
    }
}

fn order_key(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::AwaitingConfirmation => "offer.o.awaiting",
        OrderStatus::Confirmed => "offer.o.confirmed",
        OrderStatus::Cancelled => "offer.o.cancelled",
    }
}

fn offer_item(l: Lang, o: &GroupOffer) -> impl IntoView + use<> {
    let mut facts = vec![t(l, thread_key(o.status)).to_owned()];
    if let Some(h) = o.hourly_cents {
        facts.push(format!("{} {}", money(l, h), t(l, "offer.per_hour")));
    }
    if let Some(s) = o.order {
        facts.push(t(l, order_key(s)).to_owned());
    }
    let sent = sent_line(l, &o.sent_by, &o.sent_at);
    let thread = o.thread.clone().map(|id| {
        view! { <a class="tap" href=format!("/conversazioni/{id}")>{t(l, "offer.open_thread")}</a> }
    });
    view! {
        <li>
            <strong>{o.service.clone()}</strong> " · " {o.provider.clone()}
            <br/>{facts.join(" · ")}
            <br/><small>{sent}</small>
            {thread.map(|a| view! { <br/>{a} })}
        </li>
    }
}

fn match_key(s: MatchStatus) -> &'static str {
    match s {
        MatchStatus::Proposed | MatchStatus::Contacted => "offer.m.contacted",
        MatchStatus::Accepted => "offer.m.accepted",
        MatchStatus::Active => "offer.m.active",
        MatchStatus::Declined => "offer.m.declined",
        MatchStatus::Ended => "offer.m.ended",
    }
}

/// "Inviata da Anna · 2026-12-02" (the date alone when the sender is not named).
fn sent_line(l: Lang, by: &Option<String>, at: &str) -> String {
    let date: String = at.chars().take(10).collect();
    match by {
        Some(name) => format!("{} {name} · {date}", t(l, "offer.sent_by")),
        None => date,
    }
}

fn carer_item(l: Lang, o: &GroupCarerOffer) -> impl IntoView + use<> {
    let mut facts = vec![t(l, match_key(o.status)).to_owned()];
    if let Some(h) = o.hourly_cents {
        facts.push(format!("{} {}", money(l, h), t(l, "offer.per_hour")));
    }
    let talk = o.match_.clone().map(|id| {
        view! { <br/><a class="tap" href=format!("/abbinamenti/{id}")>{t(l, "offer.open_thread")}</a> }
    });
    view! {
        <li>
            <strong>{o.carer.clone()}</strong> " · " {t(l, "offer.a_carer")}
            <br/>{facts.join(" · ")}
            <br/><small>{sent_line(l, &o.sent_by, &o.sent_at)}</small>
            {talk}
        </li>
    }
}

/// The providers the group was offered to, and the form to offer it (`can_offer`: the
/// viewer's need is a joined member of a formed group) to the services of `category`
/// covering `zone`. `several_days`: the joint week spans more than one day (the
/// request's frequency).
#[component]
pub fn GroupOffers(
    group: String,
    demand: String,
    category: String,
    zone: String,
    can_offer: Signal<bool>,
    several_days: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let group = StoredValue::new(group);
    let offers = crate::session::when_signed_in(move || {
        let id = group.get_value();
        async move { api::list_group_offers(&id).await }
    });
    view! {
        <section aria-labelledby="group-offers">
            <h2 id="group-offers">{tr(lang, "offer.title")}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || offers.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| offers.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(list)) if list.items.is_empty() && list.carers.is_empty() => view! { <p>{tr(lang, "offer.none")}</p> }.into_any(),
                    Ok(Some(list)) => {
                        let l = lang.get();
                        view! { <ul class="registry-list">
                            {list.carers.iter().map(|o| carer_item(l, o)).collect_view()}
                            {list.items.iter().map(|o| offer_item(l, o)).collect_view()}
                        </ul> }.into_any()
                    }
                })}
            </Transition>
            <p class="hint">{tr(lang, "offer.privacy")}</p>
            {move || can_offer.get().then(|| view! {
                <GroupCarers group=group.get_value() demand=demand.clone()/>
                <OfferForm group=group.get_value() demand=demand.clone() category=category.clone() zone=zone.clone()
                    several_days=several_days sent=Callback::new(move |()| offers.refetch())/>
            })}
        </section>
    }
}

/// The few fields read of the carers ranked for the group.
#[derive(Clone, serde::Deserialize)]
struct Fitting {
    items: Vec<FittingCarer>,
}

#[derive(Clone, serde::Deserialize)]
struct FittingCarer {
    id: String,
    title: String,
    explanation: api::Label,
    contact: Option<Contacted>,
}

#[derive(Clone, serde::Deserialize)]
struct Contacted {
    id: String,
}

/// The listed carers free for the group's whole week, with the reasons; each is asked
/// for the group from the page that writes to a carer, or its conversation opened.
#[component]
fn GroupCarers(group: String, demand: String) -> impl IntoView {
    let lang = use_lang();
    let ids = StoredValue::new((group, demand));
    let found = crate::session::when_signed_in(move || {
        let url = format!(
            "/api/v1/groups/{}/carers",
            ids.with_value(|(g, _)| g.clone())
        );
        async move { api::get_part::<Fitting>(&url).await }
    });
    view! {
        <h3>{tr(lang, "offer.carers_title")}</h3>
        <p class="hint">{tr(lang, "offer.carers_hint")}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || found.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| found.refetch()/> }.into_any(),
                Ok(None) => view! { <Loading/> }.into_any(),
                Ok(Some(f)) if f.items.is_empty() => view! { <p>{tr(lang, "offer.no_carers")}</p> }.into_any(),
                Ok(Some(f)) => {
                    let l = lang.get();
                    let (g, d) = ids.get_value();
                    view! {
                        <ul class="registry-list">
                            {f.items.into_iter().map(|c| {
                                let (href, key) = match &c.contact {
                                    Some(m) => (format!("/abbinamenti/{}", m.id), "offer.open_thread"),
                                    None => (format!("/abbinamenti/scrivi/{}?bisogno={d}&gruppo={g}", c.id), "offer.ask_carer"),
                                };
                                let label = format!("{} {}", t(l, key), c.title);
                                view! {
                                    <li>
                                        <a class="tap" href=format!("/assistenti/{}?bisogno={d}", c.id)>{c.title.clone()}</a>
                                        <br/><span class="explanation">{pick(l, &c.explanation)}</span>
                                        <br/><a class="tap" href=href aria-label=label>{t(l, key)}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// The few fields read of the catalogue's search, of the need and of the request sent:
/// the bundle carries no reader of the whole answers.
#[derive(serde::Deserialize)]
struct Found {
    items: Vec<FoundService>,
}

#[derive(Clone, serde::Deserialize)]
struct FoundService {
    id: String,
    title: String,
    organisation: FoundProvider,
    summary: String,
}

#[derive(Clone, serde::Deserialize)]
struct FoundProvider {
    legal_name: String,
}

#[derive(serde::Deserialize)]
struct NeedAge {
    age_band: AgeBand,
}

/// The published services of the group's kind of help that cover its zone, to tick, and
/// one message for them all: a request for the group.
#[component]
fn OfferForm(
    group: String,
    demand: String,
    category: String,
    zone: String,
    several_days: Signal<bool>,
    sent: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let demand = StoredValue::new(demand);
    let group = StoredValue::new(group);
    let ranked = crate::session::when_signed_in(move || {
        let id = api::encode(&demand.get_value());
        let services = format!(
            "/api/v1/services?category={}&zone={}&per_page=10",
            api::encode(&category),
            api::encode(&zone)
        );
        async move {
            let found: Found = api::get_part(&services).await?;
            let need: NeedAge = api::get_part(&format!("/api/v1/demands/{id}")).await?;
            Ok((found.items, need.age_band))
        }
    });
    let chosen = RwSignal::new(Vec::<String>::new());
    let message = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let errors = FormErrors::new("offer");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let key = Idempotent::new();
    let message_error = errors.field("offer-message");
    let consent_error = errors.field("offer-consent");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        errors.clear();
        done.set(None);
        let age = ranked.with_untracked(|r| match r {
            Some(Ok(Some((_, age)))) => Some(*age),
            _ => None,
        });
        let cards = chosen.get_untracked();
        if cards.is_empty() {
            errors.fail(t(l, "offer.pick_one").to_owned());
            errors.focus();
            return;
        }
        if message.with_untracked(|m| m.trim().is_empty()) {
            errors.set_field("offer-message", t(l, "err.required").to_owned());
        }
        if !consent.get_untracked() {
            errors.set_field("offer-consent", t(l, "offer.consent_needed").to_owned());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        let body = api::NewRequest {
            cards,
            consent: true,
            group: Some(group.get_value()),
            message: message.get_untracked(),
            need: api::NewNeed {
                age_band: age.unwrap_or(AgeBand::Adult),
                budget_cents: None,
                budget_per: None,
                frequency: if several_days.get_untracked() {
                    api::Frequency::SeveralTimesAWeek
                } else {
                    api::Frequency::Weekly
                },
                hours_per_week: None,
                language: None,
                start_on: None,
                zone: None,
            },
        };
        let k = key.key_for(&body);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r: Result<serde::de::IgnoredAny, _> =
                api::post_part("/api/v1/requests", &body, &[("Idempotency-Key", &k)]).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    chosen.set(Vec::new());
                    message.set(String::new());
                    consent.set(false);
                    done.set(Some(t(lang.get_untracked(), "offer.sent").to_owned()));
                    sent.run(());
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[("message", "offer-message"), ("consent", "offer-consent")],
                ),
            }
        });
    };
    view! {
        <h3 id="offer-form-head">{tr(lang, "offer.form_title")}</h3>
        <StatusMessage message=done.into()/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || ranked.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| ranked.refetch()/> }.into_any(),
                Ok(None) => view! { <Loading/> }.into_any(),
                Ok(Some((items, _))) if items.is_empty() => view! { <p>{tr(lang, "offer.no_services")}</p> }.into_any(),
                Ok(Some((items, _))) => view! {
                    <form on:submit=submit novalidate aria-labelledby="offer-form-head">
                        <ErrorSummary errors=errors labels=vec![("offer-message", "offer.message"), ("offer-consent", "offer.consent")]/>
                        <fieldset class="checks">
                            <legend>{tr(lang, "offer.choose")}</legend>
                            {items.into_iter().enumerate().map(|(i, m)| {
                                let id = StoredValue::new(m.id.clone());
                                let input_id = format!("offer-{i}");
                                view! {
                                    <label class="check" for=input_id.clone()>
                                        <input type="checkbox" id=input_id.clone()
                                            prop:checked=move || chosen.with(|v| id.with_value(|id| v.contains(id)))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = id.get_value();
                                                chosen.update(|v| { v.retain(|x| *x != id); if on { v.push(id); } });
                                            }/>
                                        <strong>{m.title.clone()}</strong>
                                        {format!(" · {}", m.organisation.legal_name)}
                                        <br/><small>{m.summary.clone()}</small>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <div class="field" class:has-error=move || message_error.with(Option::is_some)>
                            <label for="offer-message">{tr(lang, "offer.message")}</label>
                            <p class="hint" id="offer-message-hint">{tr(lang, "offer.message_hint")}</p>
                            <p class="field-error" id="offer-message-error">{move || message_error.get()}</p>
                            <textarea id="offer-message" rows="4" maxlength="4000"
                                aria-describedby="offer-message-hint offer-message-error"
                                aria-invalid=move || message_error.with(Option::is_some).to_string()
                                prop:value=move || message.get()
                                on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="field" class:has-error=move || consent_error.with(Option::is_some)>
                            <p class="field-error" id="offer-consent-error">{move || consent_error.get()}</p>
                            <label class="check" for="offer-consent">
                                <input type="checkbox" id="offer-consent"
                                    aria-describedby="offer-consent-error"
                                    aria-invalid=move || consent_error.with(Option::is_some).to_string()
                                    prop:checked=move || consent.get()
                                    on:change=move |ev| consent.set(event_target_checked(&ev))/>
                                {tr(lang, "offer.consent")}
                            </label>
                        </div>
                        <Submit label="offer.submit" busy=busy/>
                    </form>
                }.into_any(),
            })}
        </Transition>
    }
}
