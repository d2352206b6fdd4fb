//! Matching demand and offer (issue 12): a carer's application and status, the
//! operators' registry of carers.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::MatchingApp);
}
