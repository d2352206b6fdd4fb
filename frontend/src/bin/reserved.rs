//! The reserved-area app: sign-up, sign-in, password, account, invitations, administration.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::ReservedApp);
}
