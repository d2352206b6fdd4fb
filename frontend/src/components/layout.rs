use crate::api::Role;
use crate::components::roles::membership_label;
use crate::i18n::{Lang, t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
#[cfg(feature = "csr")]
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="skip-link" href="#main">{tr(lang, "skip")}</a>
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-name">{tr(lang, "app.name")}</span>
                    <span class="brand-tagline">{tr(lang, "app.tagline")}</span>
                </A>
                <HeaderTools/>
            </div>
            <nav class="container main-nav" aria-label=tr(lang, "nav.main")>
                <ul>
                    <li><A href="/">{tr(lang, "nav.home")}</A></li>
                    <li><A href="/cerca">{tr(lang, "nav.search")}</A></li>
                    <li><CompareLink/></li>
                    // The role's links, in a list of their own (an island in the catalogue).
                    <li class="role-links-item"><RoleLinks/></li>
                </ul>
            </nav>
        </header>
        <Flash/>
    }
}

/// The header's interactive part: who is signed in (or the links to sign in) and the
/// language switch. In the public catalogue an island (the rest of the header is the
/// server's HTML); a switch of language there reloads the page, which the server renders
/// in the language chosen.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn HeaderTools() -> impl IntoView {
    let lang = use_lang();
    let switch = move |_| {
        let next = if lang.get_untracked() == Lang::It {
            Lang::En
        } else {
            Lang::It
        };
        if crate::ISLANDS {
            crate::i18n::apply_lang(next);
            #[cfg(not(feature = "ssr"))]
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        } else {
            lang.set(next);
        }
    };
    view! {
        <div class="header-tools">
            <AccountMenu/>
            <button type="button" class="lang-switch" on:click=switch
                aria-label=tr(lang, "lang.switch.label")
                lang=move || if lang.get() == Lang::It { "en" } else { "it" }>
                {tr(lang, "lang.switch")}
            </button>
        </div>
    }
}

/// The comparison's link with how many cards are chosen (kept in the browser).
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn CompareLink() -> impl IntoView {
    let lang = use_lang();
    let compare = crate::components::compare::use_compare();
    let path = current_path();
    view! {
        <a href=move || compare.href() aria-current=move || current(&path.get(), "/confronta")>
            {tr(lang, "nav.compare")} " (" {move || compare.ids.get().len()} ")"
        </a>
    }
}

/// The pages of the role the person acts in (none for a visitor).
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn RoleLinks() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let path = current_path();
    view! {
        <ul class="role-links">
            {move || role_links(session.active_role()).into_iter().map(|(href, key)| view! {
                <li><HeaderLink href=href path=path>{tr(lang, key)}</HeaderLink></li>
            }).collect_view()}
        </ul>
    }
}

/// The pages of the role the person acts in.
fn role_links(role: Option<Role>) -> Vec<(&'static str, &'static str)> {
    match role {
        Some(Role::Citizen) => vec![("/richieste", "nav.my_requests"), ("/bisogni", "nav.needs")],
        Some(Role::ProviderAdmin) => vec![
            ("/gestione/schede", "nav.cards"),
            ("/gestione/richieste", "nav.requests_in"),
            ("/gestione/ente", "nav.manage_org"),
        ],
        Some(Role::ProviderStaff) => vec![
            ("/gestione/schede", "nav.cards"),
            ("/gestione/richieste", "nav.requests_in"),
        ],
        Some(Role::Carer) => vec![("/assistente", "nav.carer")],
        Some(Role::SpaceOperator) => vec![("/gestione/assistenti", "nav.registry")],
        Some(Role::MunicipalReviewer) => vec![
            ("/gestione/revisione", "nav.review"),
            ("/gestione/recensioni", "nav.reviews"),
            ("/gestione/assistenti", "nav.registry"),
        ],
        Some(Role::MunicipalAdmin) => vec![
            ("/gestione/revisione", "nav.review"),
            ("/gestione/recensioni", "nav.reviews"),
            ("/gestione/assistenti", "nav.registry"),
            ("/gestione/comune", "nav.manage_tenant"),
            ("/gestione/registro", "nav.audit"),
        ],
        Some(Role::PlatformAdmin) => vec![("/gestione/registro", "nav.audit")],
        _ => Vec::new(),
    }
}

/// Who is signed in, the role they act in (when they have several), and signing out; or
/// the links to sign in and up.
#[component]
fn AccountMenu() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    // (membership id, label) of each role the person holds.
    let roles = move || {
        session.me.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.memberships
                        .iter()
                        .map(|ms| (ms.id.clone(), membership_label(lang.get(), ms)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let active_id = move || session.active().map(|m| m.id).unwrap_or_default();
    let path = current_path();
    view! {
        <Show when=move || session.ready.get()>
            <Show when=move || session.me.with(Option::is_some) fallback=move || view! {
                <ul class="account-links">
                    <li><HeaderLink href="/accedi" path=path>{tr(lang, "login.title")}</HeaderLink></li>
                    <li><HeaderLink href="/registrati" path=path>{tr(lang, "signup.title")}</HeaderLink></li>
                </ul>
            }>
                <div class="account-menu">
                    <Bell/>
                    <HeaderLink href="/account" path=path class="account-name">
                        <span class="visually-hidden">{tr(lang, "header.signed_in_as")} " "</span>
                        {move || session.me.with(|m| m.as_ref().map(|m| m.display_name.clone()).unwrap_or_default())}
                    </HeaderLink>
                    <Show when=move || { roles().len() > 1 } fallback=move || view! {
                        <span class="account-role">{move || roles().into_iter().next().map(|(_, label)| label).unwrap_or_default()}</span>
                    }>
                        <label for="role-switch" class="visually-hidden">{tr(lang, "header.role")}</label>
                        <select id="role-switch" class="role-switch"
                            prop:value=active_id
                            on:change=move |ev| session.choose(Some(event_target_value(&ev)))>
                            {move || roles().into_iter().map(|(id, label)| {
                                let selected = id == active_id();
                                view! { <option value=id selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                    </Show>
                    <SignOut/>
                </div>
            </Show>
        </Show>
    }
}

/// The notification centre's link, with how many are unread (from the profile the
/// session loads; the notification centre updates it as things are read).
#[component]
fn Bell() -> impl IntoView {
    let lang = use_lang();
    let unread = use_session().unread;
    let count = move || unread.get().unwrap_or(0);
    view! {
        <a href="/notifiche" class="bell">
            <span class="bell-icon" aria-hidden="true"></span>
            <span class="visually-hidden">{tr(lang, "nav.notifications")}</span>
            // Hidden (also from screen readers) when there is nothing to read.
            <span class=move || if count() == 0 { "bell-count empty" } else { "bell-count" }>
                {move || count().to_string()} <span class="visually-hidden">" " {tr(lang, "bell.unread")}</span>
            </span>
        </a>
    }
}

#[component]
fn SignOut() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let navigate = crate::navigator();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let _ = crate::api::logout().await;
            let go = move |to: &str, _| navigate(to);
            session.leave(go, "/", "logout.done");
        });
    };
    view! {
        <button type="button" class="link-button" on:click=sign_out>{tr(lang, "logout.submit")}</button>
    }
}

/// A one-off message after an action that moved the person to another page: shown on
/// that page, gone after the next navigation.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn Flash() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let path = current_path();
    let seen = RwSignal::new(false);
    Effect::new(move |_| {
        let here = path.get();
        if let Some((_, target)) = session.flash.get() {
            if here == target {
                seen.set(true);
            } else if seen.get_untracked() {
                session.flash.set(None);
                seen.set(false);
            }
        }
    });
    view! {
        <div class="container" role="status" aria-live="polite">
            {move || session.flash.get().filter(|(_, target)| path.get() == *target && session.serves(target)).map(|(k, _)| view! {
                <p class="success-box flash">{move || t(lang.get(), &k)}</p>
            })}
        </div>
    }
}

/// A link of the header's interactive parts, marked as the current page (`aria-current`)
/// there and on the pages under it: the router's `<A>` in the client-rendered apps, a
/// plain link in the public catalogue's islands (no router in the browser there; `path`
/// is the page's, `current_path`).
#[component]
fn HeaderLink(
    href: &'static str,
    path: Signal<String>,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "csr")]
    {
        let _ = path;
        view! { <A href=href attr:class=class>{children()}</A> }
    }
    #[cfg(not(feature = "csr"))]
    view! { <a href=href class=class aria-current=move || current(&path.get(), href)>{children()}</a> }
}

/// `aria-current` of a header's link to `href` on the page at `path`: "page" there and on
/// the pages under it, as the router's `<A>` marks it (the header's islands are plain
/// links, since the public catalogue's pages have no router in the browser).
fn current(path: &str, href: &str) -> Option<&'static str> {
    let under = href != "/" && path.strip_prefix(href).is_some_and(|r| r.starts_with('/'));
    (path == href || under).then_some("page")
}

/// The path shown: the router's in the client-rendered apps, the document's in an island
/// (each page is a document of its own there).
fn current_path() -> Signal<String> {
    #[cfg(feature = "csr")]
    return use_location().pathname.into();
    #[allow(unreachable_code)]
    {
        #[cfg(feature = "ssr")]
        let path = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        #[cfg(not(feature = "ssr"))]
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        Signal::stored(path)
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{tr(lang, "footer.text")}</p>
                <p><A href="/spazi">{tr(lang, "spaces.title")}</A></p>
                <p><A href="/privacy">{tr(lang, "privacy.title")}</A></p>
            </div>
        </footer>
    }
}
