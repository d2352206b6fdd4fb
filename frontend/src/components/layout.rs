use crate::i18n::{Lang, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let compare = crate::components::compare::use_compare();
    let switch = move |_| lang.update(|l| *l = if *l == Lang::It { Lang::En } else { Lang::It });
    view! {
        <a class="skip-link" href="#main">{move || t(lang.get(), "skip")}</a>
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-name">{move || t(lang.get(), "app.name")}</span>
                    <span class="brand-tagline">{move || t(lang.get(), "app.tagline")}</span>
                </A>
                <button type="button" class="lang-switch" on:click=switch
                    aria-label=move || t(lang.get(), "lang.switch.label")
                    lang=move || if lang.get() == Lang::It { "en" } else { "it" }>
                    {move || t(lang.get(), "lang.switch")}
                </button>
            </div>
            <nav class="container main-nav" aria-label=move || t(lang.get(), "nav.main")>
                <ul>
                    <li><A href="/">{move || t(lang.get(), "nav.home")}</A></li>
                    <li><A href="/cerca">{move || t(lang.get(), "nav.search")}</A></li>
                    <li>
                        <A href=move || compare.href()>
                            {move || t(lang.get(), "nav.compare")} " (" {move || compare.ids.get().len()} ")"
                        </A>
                    </li>
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <div class="container"><p>{move || t(lang.get(), "footer.text")}</p></div>
        </footer>
    }
}
