//! The public catalogue app: home, search, service cards, providers, comparison.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::PublicApp);
}
