//! Who is signed in. The access token stays in memory (see `api`); on start the app asks
//! for one with the refresh cookie — only when the `domicilia_session` cookie says there
//! is a session, so an anonymous visit makes no call that must fail — then renews it a
//! minute before it expires. A person with several memberships chooses the one they act
//! in: its id is kept for the browser tab and sent with every signed-in request
//! (`X-Active-Membership`).
use crate::api::{self, AccessToken, ApiError, Me, Membership};
use crate::i18n::{Lang, apply_lang};
use leptos::prelude::*;
use std::time::Duration;

/// The id of the chosen membership (the key's name is older: it once held a position).
const MEMBERSHIP_KEY: &str = "domicilia.role";
const FLASH_KEY: &str = "domicilia.flash";
/// Set by the server beside the HttpOnly refresh cookie, readable here, secret-free.
const SESSION_HINT: &str = "domicilia_session";

/// Whether the cookies (`document.cookie`) say a session may be renewed.
pub fn has_session_hint(cookies: &str) -> bool {
    cookies.split(';').any(|c| {
        c.trim()
            .split_once('=')
            .is_some_and(|(k, v)| k == SESSION_HINT && !v.is_empty())
    })
}

fn document_cookies() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<crate::ssr::RequestInfo>()
        .map(|r| r.cookies.clone())
        .unwrap_or_default();
    #[allow(unreachable_code)]
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| js_sys::Reflect::get(&d, &"cookie".into()).ok())
        .and_then(|c| c.as_string())
        .unwrap_or_default()
}

/// The membership the person acts in: the one with id `chosen`, else (none chosen, or
/// it is gone) the oldest, which `/me` lists first.
pub fn active_membership<'a>(
    memberships: &'a [Membership],
    chosen: Option<&str>,
) -> Option<&'a Membership> {
    chosen
        .and_then(|id| memberships.iter().find(|m| m.id == id))
        .or_else(|| memberships.first())
}

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in person; None when signed out.
    pub me: RwSignal<Option<Me>>,
    /// False until the first silent sign-in attempt has answered.
    pub ready: RwSignal<bool>,
    /// The id of the membership the person acts in (see `active_membership`).
    pub membership: RwSignal<Option<String>>,
    /// A one-off message for the page at a path ("your password was changed…"): (i18n
    /// key, pathname). Kept for the tab, since the page may belong to the other app.
    pub flash: RwSignal<Option<(String, String)>>,
    /// How many of the person's notifications are unread (the header's bell); None until
    /// asked.
    pub unread: RwSignal<Option<i64>>,
    /// Bumped by each renewal schedule; an older timer finding a newer value stops.
    generation: RwSignal<u64>,
    /// Which app runs.
    app: crate::apps::AppKind,
}

fn tab_storage() -> Option<web_sys::Storage> {
    if cfg!(feature = "ssr") {
        return None;
    }
    web_sys::window()?.session_storage().ok()?
}

impl Session {
    /// Creates the session context of the app (`reserved_app`: the reserved area's) and
    /// tries a silent sign-in with the refresh cookie.
    pub fn start(lang: RwSignal<Lang>, app: crate::apps::AppKind) -> Self {
        // Not sent before `/me` confirms it is still one of the person's memberships.
        let chosen = tab_storage().and_then(|s| s.get_item(MEMBERSHIP_KEY).ok().flatten());
        // A message left by the other app just before it handed over.
        let flash = tab_storage().and_then(|st| {
            let v = st.get_item(FLASH_KEY).ok().flatten();
            let _ = st.remove_item(FLASH_KEY);
            v.and_then(|v| v.split_once('|').map(|(k, p)| (k.to_owned(), p.to_owned())))
        });
        let s = Session {
            me: RwSignal::new(None),
            ready: RwSignal::new(false),
            membership: RwSignal::new(chosen),
            // When hydrating, shown once the page is interactive (the server knew none).
            flash: RwSignal::new(if crate::hydrating() {
                None
            } else {
                flash.clone()
            }),
            unread: RwSignal::new(None),
            generation: RwSignal::new(0),
            app,
        };
        if crate::hydrating() && flash.is_some() {
            Effect::new(move |_| s.flash.set(flash.clone()));
        }
        api::on_signed_out(move || {
            s.me.set(None);
        });
        // The server refused the membership (removed meanwhile): act in the oldest one.
        api::on_membership_refused(move || {
            s.choose(None);
            leptos::task::spawn_local(s.reload());
        });
        if !has_session_hint(&document_cookies()) {
            s.ready.set(true);
            return s;
        }
        // The server renders what the browser shows before the renewal answers.
        if cfg!(feature = "ssr") {
            return s;
        }
        leptos::task::spawn_local(async move {
            if let Ok(t) = api::renew().await {
                s.keep_alive(t.expires_in);
                s.load_me(lang, false).await;
            }
            s.ready.set(true);
        });
        s
    }

    /// Acts in the membership `id` from now on (in this tab).
    pub fn choose(self, id: Option<String>) {
        if let Some(st) = tab_storage() {
            let _ = match &id {
                Some(id) => st.set_item(MEMBERSHIP_KEY, id),
                None => st.remove_item(MEMBERSHIP_KEY),
            };
        }
        api::set_active_membership(id.clone());
        self.membership.set(id);
    }

    /// Keeps the profile and settles the membership the person acts in.
    fn adopt(self, me: Me) {
        let id = self.membership.with_untracked(|chosen| {
            active_membership(&me.memberships, chosen.as_deref()).map(|m| m.id.clone())
        });
        self.choose(id);
        self.unread.set(Some(me.unread_notifications));
        self.me.set(Some(me));
    }

    /// After a successful sign-in: keeps the token, loads the profile, adopts its language.
    pub async fn signed_in(self, token: AccessToken, lang: RwSignal<Lang>) {
        api::set_token(Some(token.access_token));
        self.keep_alive(token.expires_in);
        // A new sign-in starts in the oldest membership (the tab may have known another
        // person's).
        self.choose(None);
        self.load_me(lang, true).await;
    }

    async fn load_me(self, lang: RwSignal<Lang>, adopt_language: bool) {
        if let Ok(me) = api::get_me().await {
            if adopt_language {
                let l = Lang::from(me.language);
                lang.set(l);
                apply_lang(l);
            }
            self.adopt(me);
        }
    }

    /// Asks again how many notifications are unread (after a page change or a read).
    pub fn refresh_unread(self) {
        leptos::task::spawn_local(async move {
            // The profile carries the count: no other answer type in every bundle.
            if let Ok(me) = api::get_me().await {
                self.unread.set(Some(me.unread_notifications));
            }
        });
    }

    /// Reloads the profile (after a change of name, language or memberships).
    pub async fn reload(self) {
        if let Ok(me) = api::get_me().await {
            self.adopt(me);
        }
    }

    /// Renews the access token a minute before it expires, for as long as it works.
    fn keep_alive(self, expires_in: i64) {
        let generation = self.generation.get_untracked() + 1;
        self.generation.set(generation);
        let wait = Duration::from_secs(expires_in.saturating_sub(60).max(10) as u64);
        set_timeout(
            move || {
                if self.generation.get_untracked() != generation {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(t) = api::renew().await {
                        self.keep_alive(t.expires_in);
                    }
                });
            },
            wait,
        );
    }

    /// Forgets the session here (after sign-out, password change, deletion).
    pub fn forget(self) {
        api::set_token(None);
        self.generation.update(|g| *g += 1);
        self.me.set(None);
        self.choose(None);
    }

    /// Goes to `to` (a pathname, maybe with a query or a fragment) with a message shown
    /// there, whichever app serves it.
    pub fn go_with(
        self,
        navigate: impl Fn(&str, leptos_router::NavigateOptions),
        to: &str,
        message: &'static str,
    ) {
        let path = to.split(['?', '#']).next().unwrap_or(to);
        // A page of the other app (or any page, in the public catalogue's islands, where
        // every page is a full load): the message travels with the tab to that page.
        if (!self.serves(path) || crate::ISLANDS)
            && let Some(st) = tab_storage()
        {
            let _ = st.set_item(FLASH_KEY, &format!("{message}|{path}"));
        }
        self.flash.set(Some((message.to_owned(), path.to_owned())));
        navigate(to, Default::default());
    }

    /// Ends the session here and goes to `to` (a pathname) with a message. Forgetting
    /// waits for the navigation: the page being left may need a signed-in person, and its
    /// guard would otherwise send them to the sign-in page first.
    pub fn leave(
        self,
        navigate: impl Fn(&str, leptos_router::NavigateOptions),
        to: &'static str,
        message: &'static str,
    ) {
        self.go_with(navigate, to, message);
        set_timeout(move || self.forget(), Duration::ZERO);
    }
}

impl Session {
    /// Whether this app shows the page at `path` (else it hands over to the other one).
    pub fn serves(self, path: &str) -> bool {
        crate::apps::app_for(path) == self.app
    }

    /// The membership the person acts in, if signed in.
    pub fn active(self) -> Option<Membership> {
        self.membership.with(|chosen| {
            self.me.with(|m| {
                m.as_ref()
                    .and_then(|m| active_membership(&m.memberships, chosen.as_deref()).cloned())
            })
        })
    }

    /// The role the person acts in, if signed in.
    pub fn active_role(self) -> Option<crate::api::Role> {
        self.active().map(|m| m.role)
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// A resource read once the session is signed in (its access token in hand): `Ok(None)`
/// until then, so a page opened straight from its address does not ask the server before
/// the session has been renewed from its cookie.
pub fn when_signed_in<T, F, Fut>(fetch: F) -> LocalResource<Result<Option<T>, ApiError>>
where
    T: 'static,
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let session = use_session();
    LocalResource::new(move || {
        session.me.track();
        let pending = fetch();
        async move {
            if session.me.with_untracked(Option::is_none) {
                return Ok(None);
            }
            pending.await.map(Some)
        }
    })
}
