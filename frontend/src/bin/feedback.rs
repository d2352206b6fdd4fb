//! Families' reviews (issue 11): writing or answering one, the city's moderation, the
//! report of an abusive review.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frontend::apps::FeedbackApp);
}
