use crate::i18n::{Lang, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let compare = crate::components::compare::use_compare();
    let switch = move |_| lang.update(|l| *l = if *l == Lang::It { Lang::En } else { Lang::It });
    view! {
        <a class="skip-link" href="#main">{tr(lang, "skip")}</a>
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-name">{tr(lang, "app.name")}</span>
                    <span class="brand-tagline">{tr(lang, "app.tagline")}</span>
                </A>
                <button type="button" class="lang-switch" on:click=switch
                    aria-label=tr(lang, "lang.switch.label")
                    lang=move || if lang.get() == Lang::It { "en" } else { "it" }>
                    {tr(lang, "lang.switch")}
                </button>
            </div>
            <nav class="container main-nav" aria-label=tr(lang, "nav.main")>
                <ul>
                    <li><A href="/">{tr(lang, "nav.home")}</A></li>
                    <li><A href="/cerca">{tr(lang, "nav.search")}</A></li>
                    <li>
                        <A href=move || compare.href()>
                            {tr(lang, "nav.compare")} " (" {move || compare.ids.get().len()} ")"
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
            <div class="container"><p>{tr(lang, "footer.text")}</p></div>
        </footer>
    }
}
