//! Up to four cards side by side, as a real table with row headers.
use super::PageTitle;
use super::service::{labels, yes_no};
use crate::api::{self, ServiceCard};
use crate::components::compare::{MAX, use_compare};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::price::price_text;
use crate::i18n::{Lang, pick, t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

type Row = (&'static str, fn(Lang, &ServiceCard) -> String);

const ROWS: [Row; 10] = [
    ("card.provider", |_, c| c.organisation.legal_name.clone()),
    ("card.category", |l, c| pick(l, &c.category_label)),
    ("card.prices", |l, c| {
        c.prices
            .iter()
            .map(|p| price_text(l, p))
            .collect::<Vec<_>>()
            .join("; ")
    }),
    ("wait.assessment", |l, c| {
        format!("{} {}", c.waiting_days_assessment, t(l, "wait.days"))
    }),
    ("wait.activation", |l, c| {
        format!("{} {}", c.waiting_days_activation, t(l, "wait.days"))
    }),
    ("card.zones", |_, c| {
        c.zones
            .iter()
            .map(|z| z.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    }),
    ("card.recipients", |l, c| labels(l, &c.recipients)),
    ("card.places", |l, c| labels(l, &c.delivery_places)),
    ("card.staff", |_, c| {
        c.staff
            .iter()
            .map(|s| {
                format!(
                    "{} × {} ({} anni/yrs)",
                    s.count, s.qualification, s.years_experience
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }),
    ("card.vouchers", |l, c| labels(l, &c.vouchers)),
];

#[component]
pub fn Compare() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let compare = use_compare();
    let ids = Memo::new(move |_| {
        let from_url: Vec<String> = query
            .with(|q| q.get("ids"))
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .take(MAX)
            .map(str::to_owned)
            .collect();
        if from_url.is_empty() {
            compare.ids.get()
        } else {
            from_url
        }
    });
    // Serialisable: the cards named in the address are loaded by the server and read back
    // when hydrating. The list kept in the browser (no `ids` in the address) is unknown
    // to the server: that page arrives empty and loads the list once interactive.
    let cards = Resource::new(
        move || ids.get(),
        |ids| {
            api::sendable(async move {
                let mut out = Vec::new();
                for id in ids {
                    out.push(api::get_service(&id).await?);
                }
                Ok::<_, api::ApiError>(out)
            })
        },
    );
    #[cfg(feature = "ssr")]
    {
        let l = lang.get_untracked();
        let chosen = ids.get_untracked();
        crate::ssr::with_head(|h| {
            h.title = Some(t(l, "compare.title").to_owned());
            h.description = Some(t(l, "compare.empty").to_owned());
            h.canonical = Some(if chosen.is_empty() {
                "/confronta".into()
            } else {
                format!("/confronta?ids={}", chosen.join(","))
            });
        });
    }
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(tr(lang, "compare.title").to_owned())/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || cards.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{tr(lang, "compare.empty")}</p><FromStorage/> }.into_any(),
                    Ok(list) => {
                        // The head names the services compared.
                        #[cfg(feature = "ssr")]
                        {
                            let titles: Vec<String> = list.iter().map(|c| format!("{} ({})", c.title, c.organisation.legal_name)).collect();
                            let d = format!("{}: {}", t(lang.get_untracked(), "compare.title"), titles.join(" · "));
                            crate::ssr::with_head(|h| h.description = Some(d));
                        }
                        let l = lang.get();
                        let contact = format!("/richiesta?servizi={}", list.iter().map(|c| c.id.clone()).collect::<Vec<_>>().join(","));
                        let heads: Vec<_> = list.iter().map(|c| { let h = format!("/servizi/{}", c.id); let title = c.title.clone(); view! { <th scope="col" lang="it"><A href=h>{title}</A></th> } }).collect();
                        let mut rows: Vec<AnyView> = ROWS.iter().map(|(key, f)| {
                            // The provider's name is its own (Italian) words.
                            let own = (*key == "card.provider").then_some("it");
                            let cells: Vec<_> = list.iter().map(|c| view! { <td lang=own>{f(l, c)}</td> }).collect();
                            view! { <tr><th scope="row">{t(l, key)}</th>{cells}</tr> }.into_any()
                        }).collect();
                        let quotes: Vec<_> = list.iter().map(|c| view! { <td>{yes_no(l, c.quote_available)}</td> }).collect();
                        rows.push(view! { <tr><th scope="row">{t(l, "card.quote")}</th>{quotes}</tr> }.into_any());
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-caption">
                                <table class="compare">
                                    <caption id="compare-caption">{t(l, "compare.title")}</caption>
                                    <thead><tr><th scope="col">{t(l, "compare.feature")}</th>{heads}</tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <p class="contact-cta"><a class="primary" href=contact>{t(l, "contact.these")}</a></p>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e retry=move |_| cards.refetch()/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// The comparison without `ids` in its address: the list kept in the browser, which the
/// server does not know. In the public catalogue (an island) the page loads itself again
/// with that list in its address; the client-rendered build reads it reactively above.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn FromStorage() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let ids = crate::components::compare::stored();
        let here = web_sys::window().and_then(|w| w.location().search().ok());
        if !ids.is_empty()
            && here.is_some_and(|s| !s.contains("ids="))
            && let Some(w) = web_sys::window()
        {
            let _ = w
                .location()
                .replace(&format!("/confronta?ids={}", ids.join(",")));
        }
    }
}
