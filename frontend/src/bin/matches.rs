//! Matches (issue 12): the needs a listed carer fits, either side's conversations and
//! one conversation with its steps, a family's first message to a carer.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::MatchesApp);
}
