//! Two apps from one crate: the public catalogue (what most visitors load first) and the
//! reserved area (sign-up and sign-in, the account, administration), each its own wasm
//! bundle, so the catalogue's first load does not carry the forms. `boot.js` picks the
//! bundle by path; a link from one app to the other's path reloads the page, and the
//! other bundle takes over.
use crate::components::layout::{Footer, Header};
use crate::{components, i18n, pages, session};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

/// The paths the reserved area serves (kept in step with `boot.js` by a test).
pub const RESERVED_PATHS: [&str; 9] = [
    "/accedi",
    "/avvisi",
    "/registrati",
    "/verifica-email",
    "/password-dimenticata",
    "/reimposta-password",
    "/account",
    "/invito",
    "/gestione",
];

/// The paths of the providers' workspace (their cards, notifications) and of the city's
/// review: a bundle each, checked before the reserved area's (kept in step with
/// `boot.js` by a test).
pub const WORKSPACE_PATHS: [&str; 1] = ["/gestione/schede"];
/// The notifications' page (everyone's) is in the review bundle: the workspace's had
/// less than 0.5 KB left.
pub const REVIEW_PATHS: [&str; 5] = [
    "/gestione/revisione",
    "/notifiche",
    "/gestione/segnalazioni",
    "/gestione/versioni",
    "/gestione/anteprima",
];

/// The municipality's register of organisations (its administrators), and the pages the
/// other bundles had no room for: an organisation's profile with its logo and a family's
/// request to several services (the contact bundle was 6 KB over its budget with it; the
/// citizens' report form moved to `needs` when this bundle reached its budget) (kept in
/// step with `boot.js` by a test).
pub const CITY_PATHS: [&str; 3] = ["/gestione/enti", "/gestione/ente/profilo", "/richiesta"];

/// Contact (issue 11): the family's inbox and a thread (both sides); the request form is
/// in the city's bundle, the provider's inbox in the feedback bundle (kept in step with
/// `boot.js` by a test).
pub const CONTACT_PATHS: [&str; 2] = ["/richieste", "/conversazioni"];

/// Families' reviews (issue 11): writing or answering one (`/recensione/{order}`), the
/// city's moderation, the report of a review — a bundle of their own, since neither the
/// contact bundle nor the review bundle had room for them —, and the provider's inbox of
/// threads (the contact bundle went 2 KB over its budget when its inboxes got pages)
/// (kept in step with `boot.js` by a test).
pub const FEEDBACK_PATHS: [&str; 4] = [
    "/recensione",
    "/gestione/recensioni",
    "/segnala-recensione",
    "/gestione/richieste",
];

/// Matching (issue 12): a carer's application and status, the operators' registry of
/// carers, the needs families shared with an operator's WeMi space (kept in step with
/// `boot.js` by a test).
pub const MATCHING_PATHS: [&str; 3] = ["/assistente", "/gestione/assistenti", "/gestione/bisogni"];

/// Matches (issue 12): the needs a listed carer fits, either side's conversations, one
/// conversation with its steps, a family's first message to a carer — a bundle of their
/// own (with them, `matching` was over its budget). Checked before `MATCHING_PATHS`:
/// `/assistente/bisogni` is inside `/assistente` (kept in step with `boot.js` by a test).
pub const MATCHES_PATHS: [&str; 2] = ["/abbinamenti", "/assistente/bisogni"];

/// Groups (issue 12): families sharing a carer — the neighbours' needs that fit,
/// proposing a group, a group's page with its offers to providers and carers. A bundle
/// of their own: with them the matches bundle was within 0.5 KB of its budget (about
/// 50 KB each). The citizens' report form of a card (`/segnala/{id}`) is here too: the
/// needs bundle had 2 KB left (kept in step with `boot.js` by a test).
pub const GROUPS_PATHS: [&str; 2] = ["/gruppi", "/segnala"];

/// Families' needs (issue 12): the wizard, the list, one need with the ranked offers and
/// a listed carer's profile — a bundle of their own (with them, `matching` was 15 KB over
/// its budget) (kept in step with `boot.js` by a test).
pub const NEEDS_PATHS: [&str; 3] = ["/trova-aiuto", "/bisogni", "/assistenti"];

/// Which app serves a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    Public,
    Reserved,
    Workspace,
    Review,
    City,
    Contact,
    Feedback,
    Matching,
    Needs,
    Matches,
    Groups,
}

fn under(paths: &[&str], path: &str) -> bool {
    paths
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

pub fn app_for(path: &str) -> AppKind {
    if under(&WORKSPACE_PATHS, path) {
        AppKind::Workspace
    } else if under(&REVIEW_PATHS, path) {
        AppKind::Review
    } else if under(&CITY_PATHS, path) {
        AppKind::City
    } else if under(&CONTACT_PATHS, path) {
        AppKind::Contact
    } else if under(&FEEDBACK_PATHS, path) {
        AppKind::Feedback
    } else if under(&MATCHES_PATHS, path) {
        AppKind::Matches
    } else if under(&GROUPS_PATHS, path) {
        AppKind::Groups
    } else if under(&MATCHING_PATHS, path) {
        AppKind::Matching
    } else if under(&NEEDS_PATHS, path) {
        AppKind::Needs
    } else if under(&RESERVED_PATHS, path) {
        AppKind::Reserved
    } else {
        AppKind::Public
    }
}

/// Whether a client-rendered app (not the public catalogue) serves the path.
pub fn is_reserved(path: &str) -> bool {
    app_for(path) != AppKind::Public
}

/// The shell both apps share: language, comparison list, session, header and footer.
#[component]
fn Shell(app: AppKind, children: Children) -> impl IntoView {
    provide_shell(app);
    view! {
        <Router>
            <Header/>
            <main id="main" tabindex="-1">{children()}</main>
            <Footer/>
        </Router>
    }
}

/// What every page of an app shares (as contexts): the language, the comparison list and
/// the session. The public catalogue's islands get them from here too (`hydrate` in
/// main.rs provides them on the root before the islands hydrate).
pub fn provide_shell(app: AppKind) {
    let lang = RwSignal::new(i18n::initial_lang());
    provide_context(lang);
    // A language chosen before the cookie existed (in storage only): the server rendered
    // the default, so the public catalogue's page loads again, which the server renders in
    // the language chosen (and `lang` does not write the default back meanwhile).
    #[cfg(not(feature = "ssr"))]
    let reloading = crate::hydrating()
        && i18n::stored_without_cookie().is_some_and(|stored| {
            i18n::apply_lang(stored);
            web_sys::window().is_some_and(|w| w.location().reload().is_ok())
        });
    #[cfg(feature = "ssr")]
    let reloading = false;
    provide_context(components::compare::CompareList::load());
    provide_context(session::Session::start(lang, app));
    if !reloading {
        Effect::new(move |_| i18n::apply_lang(lang.get()));
    }
}

/// A path this app does not serve: the other app's (load it) or nobody's (not found).
#[component]
fn Elsewhere(app: AppKind) -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    if app_for(&path) != app {
        // A full load of the address (the router may not have written it to the history
        // yet, so not a reload): `boot.js` then starts the other app.
        let search = location.search.get_untracked();
        let target = if search.is_empty() {
            path
        } else {
            format!("{path}?{}", search.trim_start_matches('?'))
        };
        #[cfg(not(feature = "ssr"))]
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(&target);
        }
        #[cfg(feature = "ssr")]
        let _ = target;
        return view! { <components::fetch::Loading/> }.into_any();
    }
    view! { <pages::not_found::NotFound/> }.into_any()
}

#[component]
pub fn PublicApp() -> impl IntoView {
    view! {
        <Shell app=AppKind::Public>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Public/> }>
                <Route path=path!("/") view=pages::home::Home/>
                <Route path=path!("/cerca") view=pages::search::Search/>
                <Route path=path!("/servizi/:id") view=pages::service::Service/>
                <Route path=path!("/enti/:id") view=pages::organisation::OrganisationPage/>
                <Route path=path!("/confronta") view=pages::compare::Compare/>
                <Route path=path!("/spazi") view=pages::spaces::Spaces/>
                <Route path=path!("/privacy") view=pages::privacy::Privacy/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn ReservedApp() -> impl IntoView {
    i18n::install(i18n::reserved::table);
    view! {
        <Shell app=AppKind::Reserved>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Reserved/> }>
                <Route path=path!("/accedi") view=pages::login::Login/>
                <Route path=path!("/registrati") view=pages::signup::Signup/>
                <Route path=path!("/verifica-email") view=pages::verify_email::VerifyEmail/>
                <Route path=path!("/password-dimenticata") view=pages::password_forgot::PasswordForgot/>
                <Route path=path!("/reimposta-password") view=pages::password_reset::PasswordReset/>
                <Route path=path!("/account") view=pages::account::Account/>
                <Route path=path!("/avvisi/stop") view=pages::account::StopAlert/>
                <Route path=path!("/invito") view=pages::invitation::Invitation/>
                <Route path=path!("/gestione/ente") view=pages::manage::organisation::ManageOrganisation/>
                <Route path=path!("/gestione/comune") view=pages::manage::tenant::ManageTenant/>
                <Route path=path!("/gestione/registro") view=pages::manage::audit::AuditLog/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn WorkspaceApp() -> impl IntoView {
    i18n::install(i18n::workspace::table);
    view! {
        <Shell app=AppKind::Workspace>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Workspace/> }>
                <Route path=path!("/gestione/schede") view=pages::cards::MyCards/>
                <Route path=path!("/gestione/schede/:id") view=pages::cards::CardPage/>
            </Routes>
        </Shell>
    }
}

fn review_strings(key: &str) -> Option<(&'static str, &'static str)> {
    i18n::review::table(key).or_else(|| i18n::notifications::table(key))
}

#[component]
pub fn ReviewApp() -> impl IntoView {
    i18n::install(review_strings);
    view! {
        <Shell app=AppKind::Review>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Review/> }>
                <Route path=path!("/gestione/revisione") view=pages::cards::ReviewQueuePage/>
                <Route path=path!("/notifiche") view=pages::cards::Notifications/>
                <Route path=path!("/gestione/segnalazioni") view=pages::reports::ReportsPage/>
                <Route path=path!("/gestione/revisione/:id") view=pages::cards::ReviewPage/>
                <Route path=path!("/gestione/versioni/:id") view=pages::cards::VersionsPage/>
                <Route path=path!("/gestione/anteprima/:id") view=pages::preview::PreviewPage/>
            </Routes>
        </Shell>
    }
}

/// The city bundle's strings: the request form's (contact), then the review app's.
fn city_strings(key: &str) -> Option<(&'static str, &'static str)> {
    i18n::contact::own(key).or_else(|| i18n::review::table(key))
}

#[component]
pub fn CityApp() -> impl IntoView {
    i18n::install(city_strings);
    view! {
        <Shell app=AppKind::City>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::City/> }>
                <Route path=path!("/gestione/enti") view=pages::register::RegisterPage/>
                <Route path=path!("/gestione/ente/profilo") view=pages::profile::ProfilePage/>
                <Route path=path!("/richiesta") view=pages::contact::RequestPage/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn ContactApp() -> impl IntoView {
    i18n::install(i18n::contact::table);
    view! {
        <Shell app=AppKind::Contact>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Contact/> }>
                <Route path=path!("/richieste") view=pages::contact::MyRequestsPage/>
                <Route path=path!("/conversazioni/:id") view=pages::contact::ThreadPage/>
            </Routes>
        </Shell>
    }
}

/// The feedback bundle's strings: the reviews', then the provider inbox's (contact).
fn feedback_strings(key: &str) -> Option<(&'static str, &'static str)> {
    i18n::review::reviews(key).or_else(|| i18n::contact::own(key))
}

#[component]
pub fn FeedbackApp() -> impl IntoView {
    i18n::install(feedback_strings);
    view! {
        <Shell app=AppKind::Feedback>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Feedback/> }>
                <Route path=path!("/recensione/:id") view=pages::reviews::OrderReviewPage/>
                <Route path=path!("/gestione/recensioni") view=pages::reviews::ModerationPage/>
                <Route path=path!("/segnala-recensione/:id") view=pages::reviews::ReportReviewPage/>
                <Route path=path!("/gestione/richieste") view=pages::contact::ProviderInboxPage/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn MatchingApp() -> impl IntoView {
    i18n::install(i18n::certificates::table);
    view! {
        <Shell app=AppKind::Matching>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Matching/> }>
                <Route path=path!("/assistente") view=pages::carers::apply::CarerPage/>
                <Route path=path!("/gestione/assistenti") view=pages::carers::registry::RegistryPage/>
                <Route path=path!("/gestione/assistenti/:id") view=pages::carers::registry::RegistrationPage/>
                <Route path=path!("/gestione/bisogni") view=pages::needs::shared::SharedNeedsPage/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn NeedsApp() -> impl IntoView {
    i18n::install(i18n::matching::table);
    view! {
        <Shell app=AppKind::Needs>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Needs/> }>
                <Route path=path!("/trova-aiuto") view=pages::needs::find::FindHelpPage/>
                <Route path=path!("/bisogni") view=pages::needs::NeedsPage/>
                <Route path=path!("/bisogni/:id") view=pages::needs::NeedPage/>
                <Route path=path!("/bisogni/:id/modifica") view=pages::needs::find::EditNeedPage/>
                <Route path=path!("/assistenti/:id") view=pages::needs::CarerProfilePage/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn MatchesApp() -> impl IntoView {
    i18n::install(i18n::groups::table);
    view! {
        <Shell app=AppKind::Matches>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Matches/> }>
                <Route path=path!("/assistente/bisogni") view=pages::carers::talk::CarerNeedsPage/>
                <Route path=path!("/abbinamenti") view=pages::carers::talk::MatchesPage/>
                <Route path=path!("/abbinamenti/:id") view=pages::carers::talk::MatchPage/>
                <Route path=path!("/abbinamenti/scrivi/:carer") view=pages::carers::talk::WriteToCarerPage/>
            </Routes>
        </Shell>
    }
}

#[component]
pub fn GroupsApp() -> impl IntoView {
    i18n::install(i18n::groups::table);
    view! {
        <Shell app=AppKind::Groups>
            <Routes fallback=|| view! { <Elsewhere app=AppKind::Groups/> }>
                <Route path=path!("/gruppi") view=pages::groups::GroupsPage/>
                <Route path=path!("/gruppi/proponi") view=pages::groups::PoolPage/>
                <Route path=path!("/gruppi/:id") view=pages::groups::GroupPage/>
                <Route path=path!("/segnala/:id") view=pages::reports::ReportPage/>
            </Routes>
        </Shell>
    }
}
