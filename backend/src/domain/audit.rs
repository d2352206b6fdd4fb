//! What the audit log records. Stable codes: they are searched and exported.
use sea_orm::entity::prelude::StringLen;

code_enum! {
    pub enum AuditAction {
        SignedUp,
        EmailVerified,
        SignInSucceeded,
        SignInFailed,
        SignedOut,
        SessionEnded,
        RefreshReuseDetected,
        PasswordResetRequested,
        PasswordResetCompleted,
        PasswordChanged,
        RoleGranted,
        RoleRevoked,
        MembersRead,
        AccountExported,
        AccountDeleted,
        CardCreated,
        CardSubmitted,
        CardWithdrawn,
        CardApproved,
        CardChangesRequested,
        CardArchived,
        CardRestored,
        CardUnpublished,
        CardConfirmed,
        CardReportResolved,
        OrganisationSuspended,
        OrganisationReinstated,
        OrganisationProfileChanged,
        OrganisationLogoChanged,
        OrganisationRegistered,
        OrganisationRegisterChanged,
        ThreadsExported,
        CarerRegistryStep,
        CarerDocumentDecided,
        /// A WeMi space's operator read a need shared with the space (its conditions
        /// are special-category data: every access is recorded).
        DemandReadBySpace,
    }
}
