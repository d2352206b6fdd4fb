//! The workspace app: providers' service cards.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::WorkspaceApp);
}
