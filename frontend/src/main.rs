//! Domicilia web app.
mod api;
mod components;
mod i18n;
mod pages;
mod session;

use components::layout::{Footer, Header};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::initial_lang());
    provide_context(lang);
    provide_context(components::compare::CompareList::load());
    provide_context(session::Session::start(lang));
    Effect::new(move |_| i18n::apply_lang(lang.get()));
    view! {
        <Router>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <pages::not_found::NotFound/> }>
                    <Route path=path!("/") view=pages::home::Home/>
                    <Route path=path!("/cerca") view=pages::search::Search/>
                    <Route path=path!("/servizi/:id") view=pages::service::Service/>
                    <Route path=path!("/enti/:id") view=pages::organisation::OrganisationPage/>
                    <Route path=path!("/confronta") view=pages::compare::Compare/>
                    <Route path=path!("/accedi") view=pages::login::Login/>
                    <Route path=path!("/registrati") view=pages::signup::Signup/>
                    <Route path=path!("/verifica-email") view=pages::verify_email::VerifyEmail/>
                    <Route path=path!("/password-dimenticata") view=pages::password_forgot::PasswordForgot/>
                    <Route path=path!("/reimposta-password") view=pages::password_reset::PasswordReset/>
                    <Route path=path!("/account") view=pages::account::Account/>
                    <Route path=path!("/invito") view=pages::invitation::Invitation/>
                    <Route path=path!("/privacy") view=pages::privacy::Privacy/>
                    <Route path=path!("/gestione/ente") view=pages::manage::organisation::ManageOrganisation/>
                    <Route path=path!("/gestione/comune") view=pages::manage::tenant::ManageTenant/>
                    <Route path=path!("/gestione/registro") view=pages::manage::audit::AuditLog/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
