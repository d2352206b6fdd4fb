//! `/gestione/registro`: the audit log, for municipal administrators (their tenant's
//! people) and platform administrators (everything).
use super::{NotForThisRole, active_with};
use crate::api::{self, AuditAction, Role, SearchAuditQuery};
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::account::when;
use leptos::prelude::*;

use AuditAction as A;

/// Every action, in the order the filter offers them.
const ACTIONS: [AuditAction; 34] = [
    A::SignedUp,
    A::EmailVerified,
    A::SignInSucceeded,
    A::SignInFailed,
    A::SignedOut,
    A::SessionEnded,
    A::RefreshReuseDetected,
    A::PasswordResetRequested,
    A::PasswordResetCompleted,
    A::PasswordChanged,
    A::RoleGranted,
    A::RoleRevoked,
    A::MembersRead,
    A::AccountExported,
    A::AccountDeleted,
    A::CardCreated,
    A::CardSubmitted,
    A::CardWithdrawn,
    A::CardApproved,
    A::CardChangesRequested,
    A::CardArchived,
    A::CardRestored,
    A::CardUnpublished,
    A::CardConfirmed,
    A::CardReportResolved,
    A::OrganisationSuspended,
    A::OrganisationReinstated,
    A::OrganisationProfileChanged,
    A::OrganisationLogoChanged,
    A::OrganisationRegistered,
    A::OrganisationRegisterChanged,
    A::ThreadsExported,
    A::CarerRegistryStep,
    A::CarerDocumentDecided,
];
/// The API's default page size.
const PER_PAGE: i64 = 20;

fn action_key(a: AuditAction) -> &'static str {
    match a {
        A::SignedUp => "audit.signed_up",
        A::EmailVerified => "audit.email_verified",
        A::SignInSucceeded => "audit.sign_in_succeeded",
        A::SignInFailed => "audit.sign_in_failed",
        A::SignedOut => "audit.signed_out",
        A::SessionEnded => "audit.session_ended",
        A::RefreshReuseDetected => "audit.refresh_reuse_detected",
        A::PasswordResetRequested => "audit.password_reset_requested",
        A::PasswordResetCompleted => "audit.password_reset_completed",
        A::PasswordChanged => "audit.password_changed",
        A::RoleGranted => "audit.role_granted",
        A::RoleRevoked => "audit.role_revoked",
        A::MembersRead => "audit.members_read",
        A::AccountExported => "audit.account_exported",
        A::AccountDeleted => "audit.account_deleted",
        A::CardCreated => "audit.card_created",
        A::CardSubmitted => "audit.card_submitted",
        A::CardWithdrawn => "audit.card_withdrawn",
        A::CardApproved => "audit.card_approved",
        A::CardChangesRequested => "audit.card_changes_requested",
        A::CardArchived => "audit.card_archived",
        A::CardRestored => "audit.card_restored",
        A::CardUnpublished => "audit.card_unpublished",
        A::CardConfirmed => "audit.card_confirmed",
        A::CardReportResolved => "audit.card_report_resolved",
        A::OrganisationSuspended => "audit.organisation_suspended",
        A::OrganisationReinstated => "audit.organisation_reinstated",
        A::OrganisationProfileChanged => "audit.organisation_profile_changed",
        A::OrganisationLogoChanged => "audit.organisation_logo_changed",
        A::OrganisationRegistered => "audit.organisation_registered",
        A::OrganisationRegisterChanged => "audit.organisation_register_changed",
        A::ThreadsExported => "audit.threads_exported",
        A::CarerRegistryStep => "audit.carer_registry_step",
        A::CarerDocumentDecided => "audit.carer_document_decided",
        A::DemandReadBySpace => "audit.demand_read_by_space",
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/registro");
    let active = active_with(&[Role::MunicipalAdmin, Role::PlatformAdmin]);
    let action = RwSignal::new(String::new());
    let page = RwSignal::new(1i64);
    let events = LocalResource::new(move || {
        let q = SearchAuditQuery {
            action: Some(action.get()).filter(|a| !a.is_empty()),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { api::search_audit(&q).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "audit.title").to_owned())/>
            <Show when=move || active.with(Option::is_some) fallback=|| view! { <NotForThisRole/> }>
                <p>{tr(lang, "audit.intro")}</p>
                <div class="field narrow">
                    <label for="audit-action">{tr(lang, "audit.action")}</label>
                    <select id="audit-action" on:change=move |ev| { action.set(event_target_value(&ev)); page.set(1); }>
                        <option value="">{tr(lang, "filter.any")}</option>
                        {ACTIONS.iter().map(|a| view! { <option value=a.as_str()>{tr(lang, action_key(*a))}</option> }).collect_view()}
                    </select>
                </div>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || events.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e retry=move |_| events.refetch()/> }.into_any(),
                        Ok(p) => {
                            let pages = crate::components::pager::pages_of(p.total, PER_PAGE);
                            view! {
                                <p role="status">{p.total} " " {tr(lang, "audit.count")}</p>
                                <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, "audit.title")>
                                    <table class="audit">
                                        <caption class="visually-hidden">{tr(lang, "audit.title")}</caption>
                                        <thead><tr>
                                            <th scope="col">{tr(lang, "audit.when")}</th>
                                            <th scope="col">{tr(lang, "audit.action")}</th>
                                            <th scope="col">{tr(lang, "audit.actor")}</th>
                                            <th scope="col">{tr(lang, "audit.subject")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.items.into_iter().map(|e| {
                                                let at = e.at.clone();
                                                let key = action_key(e.action);
                                                view! {
                                                    <tr>
                                                        <td>{move || when(lang.get(), &at)}</td>
                                                        <td>{tr(lang, key)}</td>
                                                        <td class="id">{e.actor.unwrap_or_else(|| "—".into())}</td>
                                                        <td class="id">{e.subject.unwrap_or_else(|| "—".into())}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <crate::components::pager::Pager page=page pages=pages/>
                            }.into_any()
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}
