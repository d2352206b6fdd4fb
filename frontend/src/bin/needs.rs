//! Families' needs (issue 12): the "trova aiuto" wizard, a family's needs, one need with
//! the offers ranked for it, a listed carer's limited profile.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::NeedsApp);
}
