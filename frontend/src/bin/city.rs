//! The municipality's register of organisations: registering organisations and ATI,
//! changing their register data, inviting a new organisation's first administrator.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::CityApp);
}
