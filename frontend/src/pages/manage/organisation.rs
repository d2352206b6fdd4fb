//! `/gestione/ente`: a provider administrator's organisation: its members and invitations.
use super::{NotForThisRole, active_with};
use crate::api::{self, MemberList, Role};
use crate::components::members::{InviteForm, InviteScope, MemberTable};
use crate::i18n::{t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

fn load(id: String) -> Pin<Box<dyn Future<Output = Result<MemberList, api::ApiError>>>> {
    Box::pin(async move { api::list_members(&id).await })
}

fn remove(id: String, member: String) -> Pin<Box<dyn Future<Output = Result<(), api::ApiError>>>> {
    Box::pin(async move { api::remove_member(&id, &member).await })
}

#[component]
pub fn ManageOrganisation() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/ente");
    let active = active_with(&[Role::ProviderAdmin]);
    let joined = RwSignal::new(0u32);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "manage.org.title").to_owned())/>
            {move || match active.get().and_then(|m| m.organisation) {
                None => view! { <NotForThisRole/> }.into_any(),
                Some(org) => view! {
                    <p class="lead">{org.legal_name.clone()}</p>
                    // Another app's page (a full load): the profile is in the review bundle.
                    <p><a href="/gestione/ente/profilo">{tr(lang, "profile.title")}</a></p>
                    <section aria-labelledby="org-members-title">
                        <h2 id="org-members-title">{tr(lang, "manage.members")}</h2>
                        <MemberTable id=org.id.clone() load=load remove=remove refresh=joined caption="manage.members"/>
                    </section>
                    <section aria-labelledby="org-invite-title" class="panel narrow">
                        <h2 id="org-invite-title">{tr(lang, "manage.invite")}</h2>
                        <p>{tr(lang, "manage.invite_intro")}</p>
                        <InviteForm form_id="invite-org" email_id="invite-org-email"
                            scope=InviteScope::Organisation(org.id.clone())
                            roles=vec![Role::ProviderStaff, Role::ProviderAdmin] on_sent=joined/>
                    </section>
                }.into_any(),
            }}
        </div>
    }
}
