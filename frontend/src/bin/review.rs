//! The city's review app: the queue of submitted cards and the review screen; everyone's
//! notifications.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::ReviewApp);
}
