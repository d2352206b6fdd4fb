//! Offering a formed group to providers (issue 12), on the group page: which providers
//! the group was offered to and how far each got (every member sees it; the member who
//! sent it opens the conversation), and, for a member of a formed group, the services
//! of its kind of help covering its zone, to offer the group to with one message.
use crate::api::{self, AgeBand, GroupOffer, MatchStatus, OrderStatus, ThreadStatus};
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

/// One line of the offers: what and who, how far it got, who sent it when, and the link
/// (the conversation, or asking a carer). One renderer for providers and carers.
struct Line {
    title: String,
    who: String,
    facts: String,
    sent: String,
    link: Option<(String, String)>,
}

fn line(x: Line) -> impl IntoView + use<> {
    view! {
        <li>
            <strong>{x.title}</strong> " · " {x.who}
            <br/>{x.facts}
            <br/><small>{x.sent}</small>
            {x.link.map(|(href, text)| view! { <br/><a class="tap" href=href>{text}</a> })}
        </li>
    }
}

fn price(l: Lang, cents: Option<i64>, facts: &mut Vec<String>) {
    if let Some(h) = cents {
        facts.push(format!("{} {}", money(l, h), t(l, "offer.per_hour")));
    }
}

fn offer_line(l: Lang, o: &GroupOffer) -> Line {
    let mut facts = vec![t(l, thread_key(o.status)).to_owned()];
    price(l, o.hourly_cents, &mut facts);
    if let Some(s) = o.order {
        facts.push(t(l, order_key(s)).to_owned());
    }
    Line {
        title: o.service.clone(),
        who: o.provider.clone(),
        facts: facts.join(" · "),
        sent: sent_line(l, &o.sent_by, &o.sent_at),
        link: o.thread.clone().map(|id| {
            (
                format!("/conversazioni/{id}"),
                t(l, "offer.open_thread").to_owned(),
            )
        }),
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

fn carer_line(l: Lang, o: &CarerOffered) -> Line {
    let mut facts = vec![t(l, crate::pages::carers::talk::match_status_key(o.status)).to_owned()];
    price(l, o.hourly_cents, &mut facts);
    Line {
        title: o.carer.clone(),
        who: t(l, "offer.a_carer").to_owned(),
        facts: facts.join(" · "),
        sent: sent_line(l, &o.sent_by, &o.sent_at),
        link: o.r#match.clone().map(|id| {
            (
                format!("/abbinamenti/{id}"),
                t(l, "offer.open_thread").to_owned(),
            )
        }),
    }
}

/// A carer free for the group's whole week: asked for the group from the page that
/// writes to a carer, or the group's conversation with them opened.
fn fitting_line(l: Lang, c: &FittingCarer, group: &str, demand: &str) -> Line {
    let link = match &c.contact {
        Some(m) => (
            format!("/abbinamenti/{}", m.id),
            format!("{} {}", t(l, "offer.open_thread"), c.title),
        ),
        None => (
            format!(
                "/abbinamenti/scrivi/{}?bisogno={demand}&gruppo={group}",
                c.id
            ),
            format!("{} {}", t(l, "offer.ask_carer"), c.title),
        ),
    };
    Line {
        title: c.title.clone(),
        who: t(l, "offer.a_carer").to_owned(),
        facts: pick(l, &c.explanation),
        sent: String::new(),
        link: Some(link),
    }
}

/// What the group page reads: the offers (providers' threads and carers), and the carers
/// free for the group's week (for a joined member of a formed group; else none). The few
/// fields used only: the bundle carries no reader of the whole answers.
#[derive(Clone, serde::Deserialize)]
struct Offered {
    items: Vec<GroupOffer>,
    carers: Vec<CarerOffered>,
}

#[derive(Clone, serde::Deserialize)]
struct CarerOffered {
    carer: String,
    status: MatchStatus,
    hourly_cents: Option<i64>,
    sent_at: String,
    sent_by: Option<String>,
    r#match: Option<String>,
}

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

/// The providers and carers the group was offered to, the carers free for its whole week
/// and the form to offer it (`can_offer`: the viewer's need is a joined member of a formed
/// group) to the services of `category` covering `zone`. `several_days`: the joint week
/// spans more than one day (the request's frequency).
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
    let mine = StoredValue::new(demand.clone());
    let offers = crate::session::when_signed_in(move || {
        let id = group.get_value();
        async move {
            let offered = api::get_part::<Offered>(&format!("/api/v1/groups/{id}/offers")).await?;
            // Invited (403) or still forming (none): no carers to ask.
            let fitting = api::get_part::<Fitting>(&format!("/api/v1/groups/{id}/carers"))
                .await
                .map_or_else(|_| Vec::new(), |f| f.items);
            Ok((offered, fitting))
        }
    });
    view! {
        <section aria-labelledby="group-offers">
            <h2 id="group-offers">{tr(lang, "offer.title")}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || offers.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| offers.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some((list, fitting))) => {
                        let l = lang.get();
                        let offered: Vec<Line> = list.carers.iter().map(|o| carer_line(l, o))
                            .chain(list.items.iter().map(|o| offer_line(l, o))).collect();
                        let (g, d) = (group.get_value(), mine.get_value());
                        let asked: Vec<Line> = fitting.iter().map(|c| fitting_line(l, c, &g, &d)).collect();
                        view! {
                            {if offered.is_empty() {
                                view! { <p>{tr(lang, "offer.none")}</p> }.into_any()
                            } else {
                                view! { <ul class="registry-list">{offered.into_iter().map(line).collect_view()}</ul> }.into_any()
                            }}
                            {can_offer.get().then(|| view! {
                                <h3>{t(l, "offer.carers_title")}</h3>
                                <p class="hint">{t(l, "offer.carers_hint")}</p>
                                {if asked.is_empty() {
                                    view! { <p>{t(l, "offer.no_carers")}</p> }.into_any()
                                } else {
                                    view! { <ul class="registry-list">{asked.into_iter().map(line).collect_view()}</ul> }.into_any()
                                }}
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
            <p class="hint">{tr(lang, "offer.privacy")}</p>
            {move || can_offer.get().then(|| view! {
                <OfferForm group=group.get_value() demand=demand.clone() category=category.clone() zone=zone.clone()
                    several_days=several_days sent=Callback::new(move |()| offers.refetch())/>
            })}
        </section>
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
