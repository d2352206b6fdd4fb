use super::PageTitle;
use crate::api::{self, Catalogue};
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{pick, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SearchBox(#[prop(optional)] initial: String) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let (q, set_q) = signal(crate::typed_before_hydration("home-q").unwrap_or(initial));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = q.get_untracked();
        navigate(
            &format!("/cerca?q={}", api::encode(q.trim())),
            Default::default(),
        );
    };
    // A real GET form: without JavaScript (or before the app is interactive) the browser
    // submits it to the search page itself.
    view! {
        <form class="search-box" role="search" action="/cerca" method="get" on:submit=submit>
            <label for="home-q">{tr(lang, "search.label")}</label>
            <div class="search-row">
                <input id="home-q" type="search" name="q" prop:value=move || q.get()
                    on:input=move |ev| set_q.set(event_target_value(&ev))
                    placeholder=tr(lang, "search.placeholder") autocomplete="off"/>
                <button type="submit">{tr(lang, "search.submit")}</button>
            </div>
        </form>
    }
}

fn areas(lang: RwSignal<crate::i18n::Lang>, c: Catalogue) -> impl IntoView {
    let most = c.most_requested.clone();
    view! {
        <section aria-labelledby="areas-title">
            <h2 id="areas-title">{tr(lang, "home.areas")}</h2>
            <ul class="areas">
                {c.macro_areas.into_iter().map(|m| {
                    let href = format!("/cerca?macro_area={}", m.code);
                    let heading = format!("area-{}", m.code);
                    view! {
                        <li class="area">
                            <h3 id=heading.clone()><A href=href>{move || pick(lang.get(), &m.label)}</A></h3>
                            <p>{move || pick(lang.get(), &m.description)}</p>
                            <ul class="categories" aria-labelledby=heading>
                                {m.categories.into_iter().map(|k| {
                                    let href = format!("/cerca?category={}", k.code);
                                    view! { <li><A href=href>{move || pick(lang.get(), &k.label)}</A> " (" {k.published_count} ")"</li> }
                                }).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="most-title">
            <h2 id="most-title">{tr(lang, "home.most")}</h2>
            <ul class="chips">
                {most.into_iter().map(|k| {
                    let href = format!("/cerca?category={}", k.code);
                    view! { <li><A href=href>{move || pick(lang.get(), &k.label)}</A></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    // Serialisable: loaded by the server and read back when hydrating (no second call).
    let catalogue = Resource::new(|| (), |_| api::sendable(api::get_catalogue()));
    #[cfg(feature = "ssr")]
    {
        let l = lang.get_untracked();
        crate::ssr::with_head(|h| {
            h.title = Some(crate::i18n::t(l, "home.title").to_owned());
            h.description = Some(crate::i18n::t(l, "home.intro").to_owned());
            h.canonical = Some("/".into());
        });
    }
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(tr(lang, "home.title").to_owned())/>
            <p class="lead">{tr(lang, "home.intro")}</p>
            <SearchBox/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || catalogue.get().map(|r| match r {
                    Ok(c) => areas(lang, c).into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| catalogue.refetch()/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
