//! Italian (default) and English. Every visible string goes through `t`.
use leptos::prelude::*;

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
}

const STORAGE_KEY: &str = "domicilia.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn initial_lang() -> Lang {
    match storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .as_deref()
    {
        Some("en") => Lang::En,
        _ => Lang::It,
    }
}

/// Sets the language, remembers it, and updates `<html lang>`.
pub fn apply_lang(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, lang.code());
    }
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
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

/// The interface strings, Italian and English.
pub fn t(lang: Lang, key: &str) -> &'static str {
    let (it, en) = match key {
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
        "compare.add" => ("Aggiungi al confronto", "Add to comparison"),
        "compare.remove" => ("Togli dal confronto", "Remove from comparison"),
        "compare.open" => ("Confronta i servizi scelti", "Compare the chosen services"),
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
        "pager.label" => ("Pagine dei risultati", "Result pages"),
        "pager.prev" => ("Precedente", "Previous"),
        "pager.next" => ("Successiva", "Next"),
        "pager.page" => ("Pagina", "Page"),
        "pager.of" => ("di", "of"),
        "footer.text" => (
            "Domicilia — piattaforma open source ispirata a WeMi, il welfare di tutti del Comune di Milano.",
            "Domicilia — open-source platform inspired by WeMi, the City of Milan's welfare for everyone.",
        ),
        "weekday.1" => ("Lunedì", "Monday"),
        "weekday.2" => ("Martedì", "Tuesday"),
        "weekday.3" => ("Mercoledì", "Wednesday"),
        "weekday.4" => ("Giovedì", "Thursday"),
        "weekday.5" => ("Venerdì", "Friday"),
        "weekday.6" => ("Sabato", "Saturday"),
        "weekday.7" => ("Domenica", "Sunday"),
        _ => ("", ""),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
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
