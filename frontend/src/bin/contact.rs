//! Contact (issue 11): the family's requests to several services, their threads and
//! quotes, the orders, and the provider's inbox.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::ContactApp);
}
