//! Groups (issue 12): families sharing a carer — the neighbours' needs that fit, proposing
//! a group, a group's page with its offers to providers and carers.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::GroupsApp);
}
