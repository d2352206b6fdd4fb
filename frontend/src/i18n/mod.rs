//! Italian (default) and English. Every visible string goes through `t`.
use leptos::prelude::*;

/// `"key" => ("italiano", "english"),` lines into a static list (a list searched in
/// order rather than a `match`: the same strings without a comparison's code per key).
macro_rules! strings {
    ($name:ident; $($key:literal => ($it:literal, $en:literal $(,)?),)*) => {
        static $name: &[(&str, &str, &str)] = &[$(($key, $it, $en)),*];
    };
}

/// A key's pair in a list of `strings!`.
fn find(list: &'static [(&str, &str, &str)], key: &str) -> Option<(&'static str, &'static str)> {
    list.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, it, en)| (*it, *en))
}

pub mod certificates;
pub mod contact;
pub mod groups;
pub mod matching;
pub mod notifications;
pub mod reports;
pub mod reserved;
pub mod review;
pub mod workspace;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    It,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// The language as the API names it.
    pub fn api(self) -> crate::api::Language {
        match self {
            Lang::It => crate::api::Language::It,
            Lang::En => crate::api::Language::En,
        }
    }
}

impl From<crate::api::Language> for Lang {
    fn from(l: crate::api::Language) -> Self {
        match l {
            crate::api::Language::It => Lang::It,
            crate::api::Language::En => Lang::En,
        }
    }
}

/// The language a `<select>` chose (its option values are the API's codes).
pub fn language_from_code(code: &str) -> crate::api::Language {
    if code == "en" {
        crate::api::Language::En
    } else {
        crate::api::Language::It
    }
}

/// The language chosen, in the browser's storage.
#[cfg(not(feature = "ssr"))]
const STORAGE_KEY: &str = "domicilia.lang";
/// The same choice for the server, which renders the public pages in it.
pub const COOKIE: &str = "domicilia_lang";

#[cfg(not(feature = "ssr"))]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    let chosen = use_context::<crate::ssr::RequestInfo>().and_then(|r| r.cookie(COOKIE));
    #[cfg(not(feature = "ssr"))]
    let chosen = if crate::hydrating() {
        // The server chose from the cookie and wrote it in <html lang>: start there.
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
    } else {
        storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    };
    match chosen.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::It,
    }
}

/// Sets the language, remembers it, and updates `<html lang>`.
pub fn apply_lang(lang: Lang) {
    // Remembered by the browser: in storage, and in a cookie so the server renders the
    // next page in it; the server itself has nothing to remember.
    #[cfg(not(feature = "ssr"))]
    {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.code());
        }
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ = js_sys::Reflect::set(
                d,
                &"cookie".into(),
                &format!(
                    "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                    lang.code()
                )
                .into(),
            );
        }
        if let Some(el) = document.and_then(|d| d.document_element()) {
            let _ = el.set_attribute("lang", lang.code());
        }
    }
    #[cfg(feature = "ssr")]
    let _ = lang;
}

/// A language chosen before the cookie existed (kept only in storage): the server rendered
/// the default, so the app switches to it once interactive (and writes the cookie).
#[cfg(not(feature = "ssr"))]
pub fn stored_without_cookie() -> Option<Lang> {
    let cookies = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| js_sys::Reflect::get(&d, &"cookie".into()).ok())
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    if cookies
        .split(';')
        .any(|c| c.trim().starts_with(&format!("{COOKIE}=")))
    {
        return None;
    }
    match storage()?.get_item(STORAGE_KEY).ok().flatten()?.as_str() {
        "en" => Some(Lang::En),
        "it" => Some(Lang::It),
        _ => None,
    }
}

pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::It))
}

/// A label from the API in the current language.
pub fn pick(lang: Lang, label: &crate::api::Label) -> String {
    match lang {
        Lang::It => label.it.clone(),
        Lang::En => label.en.clone(),
    }
}

/// A translated text that follows the language. One function, so every use shares one
/// closure type: the view code for it is compiled once, not once per string.
pub fn tr(lang: RwSignal<Lang>, key: &'static str) -> impl Fn() -> &'static str + Copy + 'static {
    move || t(lang.get(), key)
}

thread_local! {
    /// The strings of the reserved area, when that app is the one running (see
    /// `reserved`): the public app never links them in.
    static MORE: std::cell::Cell<Option<Table>> = const { std::cell::Cell::new(None) };
}

/// A table of strings: the (Italian, English) pair of a key, or None.
pub type Table = fn(&str) -> Option<(&'static str, &'static str)>;

/// Adds a table of strings to look up after the common ones.
pub fn install(table: Table) {
    MORE.with(|m| m.set(Some(table)));
}

/// The interface strings, Italian and English: the common table, then the installed one.
pub fn t(lang: Lang, key: &str) -> &'static str {
    let (it, en) = common(key)
        .or_else(|| MORE.with(|m| m.get()).and_then(|more| more(key)))
        .unwrap_or(("", ""));
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}

/// The strings every page may use (catalogue, header, footer, roles).
fn common(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "app.name" => ("Domicilia", "Domicilia"),
        "app.tagline" => (
            "Servizi per la cura e il benessere a domicilio a Milano",
            "Home care and family services in Milan",
        ),
        "skip" => ("Vai al contenuto principale", "Skip to main content"),
        "nav.home" => ("Home", "Home"),
        "nav.search" => ("Cerca servizi", "Find services"),
        "nav.compare" => ("Confronta", "Compare"),
        "nav.main" => ("Navigazione principale", "Main navigation"),
        "lang.switch" => ("English", "Italiano"),
        "lang.switch.label" => ("Switch to English", "Passa all'italiano"),
        "home.title" => (
            "Trova il servizio giusto per te e la tua famiglia",
            "Find the right service for you and your family",
        ),
        "home.intro" => (
            "Confronta i servizi degli enti accreditati dal Comune: prezzi, zone, tempi di attesa e personale.",
            "Compare the services of providers accredited by the City: prices, areas, waiting times and staff.",
        ),
        "home.areas" => ("Aree di servizio", "Service areas"),
        "home.most" => ("I servizi più richiesti", "Most requested services"),
        "search.label" => ("Che servizio cerchi?", "What service are you looking for?"),
        "search.placeholder" => (
            "Es. badante, baby sitter, pasti a domicilio",
            "E.g. home carer, baby sitter, meals at home",
        ),
        "search.submit" => ("Cerca", "Search"),
        "search.title" => ("Cerca servizi", "Find services"),
        "search.filters" => ("Filtri", "Filters"),
        "search.results" => ("Risultati", "Results"),
        "search.count" => ("servizi trovati", "services found"),
        "search.count_one" => ("servizio trovato", "service found"),
        "search.none" => (
            "Nessun servizio corrisponde alla ricerca. Prova a togliere qualche filtro.",
            "No service matches your search. Try removing some filters.",
        ),
        "search.reset" => ("Togli tutti i filtri", "Clear all filters"),
        "filter.macro_area" => ("Area", "Area"),
        "filter.category" => ("Servizio", "Service"),
        "filter.accreditation_type" => ("Tipologia di accreditamento", "Accreditation type"),
        "filter.zone" => ("Zona", "Area of the city"),
        "filter.recipient" => ("Destinatari", "For whom"),
        "filter.delivery_place" => ("Luogo di erogazione", "Where"),
        "filter.max_price" => (
            "Prezzo massimo (€, IVA inclusa)",
            "Maximum price (€, VAT included)",
        ),
        "filter.max_waiting" => ("Attesa massima (giorni)", "Maximum wait (days)"),
        "filter.voucher" => ("Voucher accettato", "Voucher accepted"),
        "filter.quote" => (
            "Solo con preventivo personalizzato",
            "Only with a personalised quote",
        ),
        "filter.sort" => ("Ordina per", "Sort by"),
        "filter.any" => ("Qualsiasi", "Any"),
        "filter.apply" => ("Applica filtri", "Apply filters"),
        "sort.relevance" => ("Pertinenza", "Relevance"),
        "sort.price" => ("Prezzo più basso", "Lowest price"),
        "sort.waiting" => ("Attesa più breve", "Shortest wait"),
        "zone.municipi" => ("Municipi di Milano", "Milan's Municipi"),
        "zone.comuni" => (
            "Comuni dell'area metropolitana",
            "Towns of the metropolitan area",
        ),
        "price.from" => ("da", "from"),
        "price.vat_included" => ("IVA inclusa", "VAT included"),
        "price.vat" => ("IVA", "VAT"),
        "price.per" => ("per", "per"),
        "price.package" => ("Pacchetto", "Package"),
        "wait.assessment" => (
            "Attesa per la valutazione del bisogno",
            "Wait for the needs assessment",
        ),
        "wait.activation" => ("Attesa per l'attivazione", "Wait for activation"),
        "wait.days" => ("giorni", "days"),
        "wait.short" => ("Attesa", "Wait"),
        "fav.add" => ("Salva nei preferiti", "Save to favourites"),
        "fav.in" => ("Nei preferiti (togli)", "In your favourites (remove)"),
        "fav.saved" => (
            "Salvato nei preferiti: lo trovi nel tuo account.",
            "Saved to your favourites: you find it in your account.",
        ),
        "fav.removed" => ("Tolto dai preferiti.", "Removed from your favourites."),
        "fav.sign_in" => (
            "Accedi per salvarlo nei preferiti",
            "Sign in to save it to your favourites",
        ),
        "save.open" => ("Salva questa ricerca", "Save this search"),
        "save.name" => ("Nome della ricerca", "Name of the search"),
        "save.alert" => (
            "Avvisami per e-mail quando escono nuovi servizi (al massimo una volta al giorno)",
            "Alert me by e-mail when new services come out (at most once a day)",
        ),
        "save.submit" => ("Salva", "Save"),
        "save.done" => (
            "Ricerca salvata: la trovi nel tuo account.",
            "Search saved: you find it in your account.",
        ),
        "save.already" => (
            "Hai già salvato questa ricerca.",
            "You already saved this search.",
        ),
        "save.sign_in" => (
            "Accedi per salvare questa ricerca e ricevere gli avvisi",
            "Sign in to save this search and get alerts",
        ),
        "compare.add" => ("Aggiungi al confronto", "Add to comparison"),
        "compare.remove" => ("Togli dal confronto", "Remove from comparison"),
        "compare.open" => ("Confronta i servizi scelti", "Compare the chosen services"),
        "review.title" => ("Recensioni delle famiglie", "Families' reviews"),
        "review.none" => (
            "Ancora nessuna recensione pubblicata.",
            "No review published yet.",
        ),
        "review.measured" => (
            "Tempi osservati sulla piattaforma",
            "Times observed on the platform",
        ),
        "review.too_few" => (
            "Meno di 5 richieste negli ultimi 12 mesi: ancora nessuna misura.",
            "Fewer than 5 requests in the last 12 months: nothing measured yet.",
        ),
        "review.declared" => ("dichiarato", "declared"),
        "review.observed" => ("osservato", "observed"),
        "review.days" => ("giorni", "days"),
        "review.hours" => ("ore", "hours"),
        "review.minutes" => ("minuti", "minutes"),
        "review.on" => ("su", "over"),
        "review.activation" => ("attivazione", "activation"),
        "review.activations" => ("attivazioni", "activations"),
        "review.no_activation" => (
            "nessuna attivazione negli ultimi 12 mesi",
            "no activation in the last 12 months",
        ),
        "review.first_answer" => ("Prima risposta, in mediana", "First answer, median"),
        "review.in_time" => (
            "Richieste con risposta entro il termine",
            "Requests answered in time",
        ),
        "review.based_on" => ("Su", "Based on"),
        "review.requests_12m" => (
            "richieste negli ultimi 12 mesi",
            "requests in the last 12 months",
        ),
        "review.out_of_5" => ("su 5", "out of 5"),
        "review.one" => ("recensione", "review"),
        "review.many" => ("recensioni", "reviews"),
        "review.provider_reply" => ("Risposta dell'ente", "The provider's answer"),
        "review.report" => ("Segnala questa recensione", "Report this review"),
        "review.punctuality" => ("Puntualità", "Punctuality"),
        "review.competence" => ("Competenza", "Competence"),
        "review.kindness" => ("Gentilezza", "Kindness"),
        "review.value" => ("Rapporto qualità-prezzo", "Value for money"),
        "review.s.pending" => ("In attesa di moderazione", "Awaiting moderation"),
        "review.s.published" => ("Pubblicata", "Published"),
        "review.s.rejected" => ("Non pubblicata", "Not published"),
        "compare.title" => ("Confronto tra servizi", "Service comparison"),
        "compare.empty" => (
            "Non hai ancora scelto servizi da confrontare. Aggiungili dai risultati della ricerca (massimo 4).",
            "You have not chosen services to compare yet. Add them from the search results (up to 4).",
        ),
        "compare.max" => (
            "Puoi confrontare al massimo 4 servizi.",
            "You can compare up to 4 services.",
        ),
        "compare.feature" => ("Caratteristica", "Feature"),
        "card.provider" => ("Ente", "Provider"),
        "card.category" => ("Servizio", "Service"),
        "card.area" => ("Area", "Area"),
        "card.accreditation" => ("Tipologia di accreditamento", "Accreditation type"),
        "card.recipients" => ("Destinatari", "For whom"),
        "card.contact" => ("Primo contatto", "First contact"),
        "card.phone" => ("Telefono", "Phone"),
        "card.email" => ("E-mail", "E-mail"),
        "card.hours" => ("Giorni e orari di risposta", "Days and hours"),
        "card.zones" => ("Zone servite", "Areas covered"),
        "card.manager" => ("Responsabile del servizio", "Service manager"),
        "card.description" => ("Descrizione del servizio", "About the service"),
        "card.needs" => ("Analisi del bisogno", "Needs analysis"),
        "card.solution" => ("Soluzione proposta", "Proposed solution"),
        "card.activities" => (
            "Attività svolte dal personale",
            "Activities performed by staff",
        ),
        "card.waiting" => ("Tempi medi di attesa", "Average waiting times"),
        "card.places" => ("Luogo di erogazione", "Where the service is delivered"),
        "card.staff" => ("Personale", "Staff"),
        "card.staff.internal" => ("Interno", "Internal"),
        "card.staff.external" => ("Esterno", "External"),
        "card.staff.kind" => ("Tipo", "Type"),
        "card.staff.count" => ("Numero", "Number"),
        "card.staff.qualification" => ("Qualifica", "Qualification"),
        "card.staff.years" => ("Anni di esperienza", "Years of experience"),
        "card.staff.references" => ("Referenze disponibili", "References available"),
        "card.staff.supplier" => ("Fornitore", "Supplier"),
        "card.prices" => ("Prezzi (IVA inclusa)", "Prices (VAT included)"),
        "card.price.option" => ("Opzione", "Option"),
        "card.price.amount" => ("Prezzo", "Price"),
        "card.price.unit" => ("Unità", "Unit"),
        "card.quote" => ("Preventivo personalizzato", "Personalised quote"),
        "card.vouchers" => ("Voucher accettati", "Vouchers accepted"),
        "card.none" => ("Nessuno", "None"),
        "yes" => ("Sì", "Yes"),
        "no" => ("No", "No"),
        "org.title" => ("Ente", "Provider"),
        "org.vat" => ("Partita IVA", "VAT number"),
        "org.form" => ("Forma giuridica", "Legal form"),
        "org.status" => ("Accreditamento", "Accreditation"),
        "org.status.accredited" => ("Accreditato", "Accredited"),
        "org.status.other" => ("Non attivo", "Not active"),
        "org.types" => ("Tipologie accreditate", "Accredited types"),
        "org.ati" => ("Fa parte di", "Member of"),
        "org.members" => ("Enti associati", "Member organisations"),
        "org.services" => ("Servizi pubblicati", "Published services"),
        "org.languages" => ("Lingue parlate", "Languages spoken"),
        "card.languages" => ("Lingue parlate dal personale", "Languages the staff speak"),
        "card.access" => ("Accessibilità della sede", "Accessibility of the premises"),
        "card.acc.step_free" => ("Senza gradini", "Step-free"),
        "card.acc.toilet" => ("Bagno accessibile", "Accessible toilet"),
        "card.acc.lift" => ("Ascensore", "Lift"),
        "card.verified" => ("Informazioni verificate il", "Information verified on"),
        "card.not_verified" => (
            "Informazioni non verificate dal",
            "Information not verified since",
        ),
        "org.website" => ("Sito web", "Website"),
        "org.address" => ("Indirizzo", "Address"),
        "loading" => ("Caricamento in corso…", "Loading…"),
        "error.title" => (
            "Non è stato possibile caricare i dati.",
            "The data could not be loaded.",
        ),
        "error.retry" => ("Riprova", "Try again"),
        "notfound.title" => ("Pagina non trovata", "Page not found"),
        "notfound.text" => (
            "L'indirizzo non corrisponde a nessuna pagina.",
            "This address does not match any page.",
        ),
        "spaces.title" => ("Spazi WeMi", "WeMi spaces"),
        "spaces.intro" => (
            "Negli spazi WeMi gli operatori ascoltano, orientano e aiutano chi non usa il web a trovare il servizio giusto.",
            "In the WeMi spaces, operators listen, give guidance and help people who do not use the web find the right service.",
        ),
        "spaces.zone" => ("Zona", "Area"),
        "spaces.hours" => ("Orari", "Opening hours"),
        "spaces.empty" => ("Nessuno spazio aperto per ora.", "No space is open yet."),
        "pager.label" => ("Pagine dei risultati", "Result pages"),
        "pager.prev" => ("Precedente", "Previous"),
        "pager.next" => ("Successiva", "Next"),
        "pager.page" => ("Pagina", "Page"),
        "pager.of" => ("di", "of"),
        "footer.text" => (
            "Domicilia — piattaforma open source ispirata a WeMi, il welfare di tutti del Comune di Milano.",
            "Domicilia — open-source platform inspired by WeMi, the City of Milan's welfare for everyone.",
        ),
        "header.signed_in_as" => ("Hai effettuato l'accesso come", "Signed in as"),
        "header.role" => ("Ruolo con cui operi", "Role you are acting in"),
        "login.title" => ("Accedi", "Sign in"),
        "logout.submit" => ("Esci", "Sign out"),
        "logout.done" => ("Sei uscito dal tuo account.", "You have signed out."),
        "signup.title" => ("Registrati", "Sign up"),
        "role.citizen" => ("Cittadino", "Citizen"),
        "role.carer" => ("Assistente familiare", "Carer"),
        "role.provider_staff" => ("Operatore dell'ente", "Provider staff"),
        "role.provider_admin" => ("Amministratore dell'ente", "Provider administrator"),
        "role.space_operator" => ("Operatore Spazio WeMi", "WeMi space operator"),
        "role.municipal_reviewer" => ("Revisore comunale", "Municipal reviewer"),
        "role.municipal_admin" => ("Amministratore comunale", "Municipal administrator"),
        "role.platform_admin" => ("Amministratore della piattaforma", "Platform administrator"),
        "privacy.title" => ("Informativa sulla privacy", "Privacy notice"),
        "privacy.version" => ("Versione", "Version"),
        "privacy.who" => ("Chi tratta i tuoi dati", "Who processes your data"),
        "privacy.who_text" => (
            "Il Comune che gestisce il servizio è titolare del trattamento; gli enti accreditati che contatti trattano i dati che condividi con loro per rispondere alle tue richieste.",
            "The municipality running the service is the controller; the accredited providers you contact process the data you share with them to answer your requests.",
        ),
        "privacy.what" => ("Quali dati", "What data"),
        "privacy.what_text" => (
            "Nome, indirizzo e-mail, lingua, password (conservata solo in forma cifrata non reversibile), i ruoli del tuo account e gli accessi (data, tipo di browser). Non chiediamo dati sulla salute per creare un account.",
            "Name, e-mail address, language, password (kept only as an irreversible hash), your account's roles and sign-ins (date, kind of browser). We do not ask for health data to create an account.",
        ),
        "privacy.why" => ("Perché", "Why"),
        "privacy.why_text" => (
            "Per farti accedere, metterti in contatto con gli enti, inviarti i messaggi del servizio e permettere al Comune di monitorare la qualità del servizio con dati aggregati e anonimi.",
            "To let you sign in, put you in touch with providers, send you the service's messages, and let the municipality monitor the service's quality with aggregated, anonymous data.",
        ),
        "privacy.keep" => ("Per quanto tempo", "For how long"),
        "privacy.keep_text" => (
            "Finché hai un account. Se lo elimini, cancelliamo i tuoi dati personali; restano in forma anonima le registrazioni che la legge ci chiede di conservare.",
            "As long as you have an account. If you delete it, we erase your personal data; the records the law requires us to keep remain, anonymised.",
        ),
        "privacy.rights" => ("I tuoi diritti", "Your rights"),
        "privacy.rights_text" => (
            "Puoi vedere e scaricare i tuoi dati, correggerli e cancellare l'account in qualsiasi momento dalla pagina Il mio account.",
            "You can see and download your data, correct it and delete the account at any time from the My account page.",
        ),
        "privacy.logs" => ("Registro delle attività", "Activity log"),
        "privacy.logs_text" => (
            "Accessi, cambi di ruolo e letture dei tuoi dati da parte del personale sono registrati in un registro che non si può modificare e che solo gli amministratori possono consultare.",
            "Sign-ins, role changes and staff reading your data are recorded in a log that cannot be changed and only administrators can consult.",
        ),
        "nav.manage_org" => ("Gestione ente", "Manage organisation"),
        "nav.manage_tenant" => ("Gestione Comune", "Manage municipality"),
        "nav.audit" => ("Registro attività", "Activity log"),
        "nav.cards" => ("Schede servizio", "Service cards"),
        "nav.review" => ("Revisione schede", "Card review"),
        "nav.reviews" => ("Recensioni", "Reviews"),
        "nav.carer" => ("La mia candidatura", "My application"),
        "nav.needs" => ("I miei bisogni", "My needs"),
        "nav.registry" => ("Registro assistenti", "Carers register"),
        "nav.my_requests" => ("Le mie richieste", "My requests"),
        "nav.requests_in" => ("Richieste ricevute", "Requests received"),
        "contact.this" => ("Contatta questo servizio", "Contact this service"),
        "contact.these" => ("Contatta questi servizi", "Contact these services"),
        "contact.chosen" => ("Contatta i servizi scelti", "Contact the chosen services"),
        "nav.notifications" => ("Notifiche", "Notifications"),
        "bell.unread" => ("da leggere", "unread"),
        "card.report" => (
            "Informazioni errate o non aggiornate? Segnalalo",
            "Wrong or outdated information? Report it",
        ),
        "weekday.1" => ("Lunedì", "Monday"),
        "weekday.2" => ("Martedì", "Tuesday"),
        "weekday.3" => ("Mercoledì", "Wednesday"),
        "weekday.4" => ("Giovedì", "Thursday"),
        "weekday.5" => ("Venerdì", "Friday"),
        "weekday.6" => ("Sabato", "Saturday"),
        "weekday.7" => ("Domenica", "Sunday"),
        "data.deleted" => (
            "Il tuo account è stato eliminato.",
            "Your account has been deleted.",
        ),
        // Search: suggestions, corrections, partial matches, the phone layout (issue 9).
        "search.skip" => ("Vai ai risultati", "Skip to results"),
        "search.did_you_mean" => ("Forse cercavi", "Did you mean"),
        "quote.open" => ("«", "“"),
        "quote.close" => ("»", "”"),
        "search.partial" => (
            "Nessun servizio contiene tutte le parole che hai scritto: ecco quelli che ci si avvicinano di più.",
            "No service contains all the words you typed: here are the closest matches.",
        ),
        "suggest.label" => ("Suggerimenti", "Suggestions"),
        "suggest.one" => ("1 suggerimento", "1 suggestion"),
        "suggest.many" => ("suggerimenti", "suggestions"),
        "suggest.category" => ("Tipo di servizio", "Type of service"),
        "suggest.provider" => ("Ente", "Provider"),
        "suggest.service" => ("Servizio", "Service"),
        _ => return None,
    })
}

/// Euro cents as "1.234,50 €" (Italian) or "€1,234.50" (English).
pub fn money(lang: Lang, cents: i64) -> String {
    let euros = cents / 100;
    let rest = (cents % 100).abs();
    let digits = euros.abs().to_string();
    let sep = if lang == Lang::It { '.' } else { ',' };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    match lang {
        Lang::It => format!("{sign}{grouped},{rest:02} €"),
        Lang::En => format!("{sign}€{grouped}.{rest:02}"),
    }
}

/// Basis points as a percentage: 2200 → "22%".
pub fn percent(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}
