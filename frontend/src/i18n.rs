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
        "nav.account" => ("Il mio account", "My account"),
        "header.signed_in_as" => ("Hai effettuato l'accesso come", "Signed in as"),
        "header.role" => ("Ruolo con cui operi", "Role you are acting in"),
        "login.title" => ("Accedi", "Sign in"),
        "login.submit" => ("Accedi", "Sign in"),
        "login.forgot" => ("Hai dimenticato la password?", "Forgot your password?"),
        "login.no_account" => ("Non hai un account?", "No account yet?"),
        "login.wrong" => (
            "E-mail o password non corretti.",
            "Wrong e-mail or password.",
        ),
        "login.unverified" => (
            "Devi prima confermare il tuo indirizzo e-mail: ti abbiamo inviato un nuovo link. Aprilo e poi accedi.",
            "Confirm your e-mail address first: we have sent you a new link. Open it, then sign in.",
        ),
        "logout.submit" => ("Esci", "Sign out"),
        "logout.done" => ("Sei uscito dal tuo account.", "You have signed out."),
        "signup.title" => ("Registrati", "Sign up"),
        "signup.intro" => (
            "Crea un account per contattare gli enti, ricevere preventivi e seguire le tue richieste.",
            "Create an account to contact providers, receive quotes and follow your requests.",
        ),
        "signup.who" => ("Chi sei?", "Who are you?"),
        "signup.citizen" => (
            "Cerco assistenza per me o per la mia famiglia",
            "I am looking for care for myself or my family",
        ),
        "signup.carer" => (
            "Sono un'assistente familiare (badante, colf, baby sitter) e offro il mio lavoro",
            "I am a carer (home carer, domestic helper, baby sitter) offering my work",
        ),
        "signup.name_hint" => (
            "Il nome con cui ti vedranno gli enti che contatti.",
            "The name providers you contact will see.",
        ),
        "signup.privacy" => (
            "Ho letto e accetto l'informativa sulla privacy",
            "I have read and accept the privacy notice",
        ),
        "signup.privacy_link" => (
            "leggi l'informativa, si apre in una nuova scheda",
            "read the notice, opens in a new tab",
        ),
        "signup.submit" => ("Crea l'account", "Create the account"),
        "signup.have_account" => ("Hai già un account?", "Already have an account?"),
        "signup.sent_title" => ("Controlla la tua casella di posta", "Check your inbox"),
        "signup.sent" => (
            "Ti abbiamo inviato un messaggio con un link per confermare l'indirizzo:",
            "We have sent a message with a link to confirm the address:",
        ),
        "signup.sent_hint" => (
            "Il link vale 48 ore. Se non trovi il messaggio, guarda nella posta indesiderata.",
            "The link is valid for 48 hours. If you cannot find the message, look in your spam folder.",
        ),
        "verify.title" => ("Conferma dell'indirizzo e-mail", "E-mail confirmation"),
        "verify.ok" => (
            "Il tuo indirizzo e-mail è confermato.",
            "Your e-mail address is confirmed.",
        ),
        "verify.bad" => (
            "Questo link non è valido o è scaduto. Accedi con e-mail e password: se l'indirizzo non è ancora confermato ti invieremo un nuovo link.",
            "This link is not valid or has expired. Sign in with your e-mail and password: if the address is not confirmed yet we will send you a new link.",
        ),
        "verify.sign_in" => ("Vai all'accesso", "Go to sign in"),
        "forgot.title" => ("Password dimenticata", "Forgotten password"),
        "forgot.intro" => (
            "Scrivi l'indirizzo e-mail del tuo account: ti invieremo un link per scegliere una nuova password.",
            "Enter your account's e-mail address: we will send you a link to choose a new password.",
        ),
        "forgot.submit" => ("Invia il link", "Send the link"),
        "forgot.sent" => (
            "Se un account usa questo indirizzo, gli abbiamo inviato un link valido 30 minuti.",
            "If an account uses this address, we have sent it a link valid for 30 minutes.",
        ),
        "reset.title" => ("Scegli una nuova password", "Choose a new password"),
        "reset.submit" => ("Salva la nuova password", "Save the new password"),
        "reset.new_link" => (
            "Il link non funziona? Chiedine uno nuovo",
            "Link not working? Ask for a new one",
        ),
        "reset.done" => (
            "Password cambiata. Accedi con la nuova password.",
            "Password changed. Sign in with the new password.",
        ),
        "field.email" => ("E-mail", "E-mail"),
        "field.password" => ("Password", "Password"),
        "field.new_password" => ("Nuova password", "New password"),
        "field.confirm_password" => ("Ripeti la nuova password", "Repeat the new password"),
        "field.current_password" => ("Password attuale", "Current password"),
        "field.password_hint" => (
            "Almeno 12 caratteri. Una frase facile da ricordare va benissimo.",
            "At least 12 characters. An easy-to-remember phrase works well.",
        ),
        "field.name" => ("Nome e cognome", "Full name"),
        "field.new_email" => ("Nuovo indirizzo e-mail", "New e-mail address"),
        "field.language" => ("Lingua", "Language"),
        "form.busy" => ("Attendere…", "Please wait…"),
        "err.summary" => ("C'è un problema", "There is a problem"),
        "err.required" => ("Questo campo è obbligatorio.", "This field is required."),
        "err.invalid_format" => ("Il formato non è valido.", "The format is not valid."),
        "err.too_short" => ("Usa almeno 12 caratteri.", "Use at least 12 characters."),
        "err.too_long" => ("È troppo lungo.", "It is too long."),
        "err.too_common" => (
            "Questa password è troppo comune: scegline un'altra.",
            "This password is too common: choose another.",
        ),
        "err.mismatch" => (
            "Le due password non coincidono.",
            "The two passwords do not match.",
        ),
        "err.incorrect" => (
            "La password non è corretta.",
            "The password is not correct.",
        ),
        "err.invalid_or_expired" => (
            "Il link non è valido o è scaduto: chiedine uno nuovo.",
            "The link is not valid or has expired: ask for a new one.",
        ),
        "err.unknown_value" => ("Valore non riconosciuto.", "Value not recognised."),
        "err.out_of_range" => (
            "Il valore non è nei limiti ammessi.",
            "The value is out of range.",
        ),
        "err.privacy" => (
            "Per registrarti devi accettare l'informativa sulla privacy.",
            "To sign up, accept the privacy notice.",
        ),
        "err.same_email" => ("È già il tuo indirizzo.", "It is already your address."),
        "err.network" => (
            "Il servizio non è raggiungibile. Controlla la connessione e riprova.",
            "The service cannot be reached. Check your connection and try again.",
        ),
        "err.unauthorized" => (
            "La sessione è scaduta: accedi di nuovo.",
            "Your session has expired: sign in again.",
        ),
        "err.forbidden" => (
            "Non hai i permessi per questa operazione.",
            "You are not allowed to do this.",
        ),
        "err.not_found" => ("Non trovato.", "Not found."),
        "err.too_many" => (
            "Troppi tentativi. Riprova tra",
            "Too many attempts. Try again in",
        ),
        "err.seconds" => ("secondi.", "seconds."),
        "err.server" => (
            "Qualcosa non ha funzionato. Riprova più tardi.",
            "Something went wrong. Try again later.",
        ),
        "account.title" => ("Il mio account", "My account"),
        "account.profile" => ("Profilo", "Profile"),
        "account.language_hint" => (
            "La lingua del sito e dei messaggi che ti inviamo.",
            "The language of the site and of the messages we send you.",
        ),
        "account.save" => ("Salva", "Save"),
        "account.saved" => ("Modifiche salvate.", "Changes saved."),
        "account.roles" => ("I tuoi ruoli", "Your roles"),
        "account.email" => ("Cambia indirizzo e-mail", "Change e-mail address"),
        "account.email_submit" => ("Invia il link di conferma", "Send the confirmation link"),
        "account.email_sent" => (
            "Per completare il cambio apri il link che abbiamo inviato a",
            "To complete the change, open the link we have sent to",
        ),
        "account.password" => ("Cambia password", "Change password"),
        "account.password_intro" => (
            "Dopo il cambio dovrai accedere di nuovo su tutti i dispositivi.",
            "After the change you will need to sign in again on every device.",
        ),
        "account.password_submit" => ("Cambia password", "Change password"),
        "account.password_changed" => (
            "Password cambiata: accedi con la nuova password.",
            "Password changed: sign in with the new password.",
        ),
        "sessions.title" => ("Dispositivi collegati", "Signed-in devices"),
        "sessions.intro" => (
            "Gli accessi attivi al tuo account. Se non riconosci un dispositivo, fallo uscire e cambia la password.",
            "The active sign-ins to your account. If you do not recognise a device, sign it out and change your password.",
        ),
        "sessions.device" => ("Dispositivo", "Device"),
        "sessions.started" => ("Accesso", "Signed in"),
        "sessions.last" => ("Ultima attività", "Last activity"),
        "sessions.actions" => ("Azioni", "Actions"),
        "sessions.this" => ("questo dispositivo", "this device"),
        "sessions.unknown_device" => ("Dispositivo sconosciuto", "Unknown device"),
        "sessions.end" => ("Fai uscire", "Sign out"),
        "sessions.end_others" => (
            "Esci da tutti gli altri dispositivi",
            "Sign out of all other devices",
        ),
        "sessions.ended" => (
            "Il dispositivo è stato disconnesso.",
            "The device has been signed out.",
        ),
        "sessions.others_ended" => (
            "Tutti gli altri dispositivi sono stati disconnessi.",
            "All other devices have been signed out.",
        ),
        "data.title" => ("I tuoi dati", "Your data"),
        "data.export_intro" => (
            "Scarica una copia di tutti i dati che abbiamo su di te, in formato JSON.",
            "Download a copy of all the data we hold about you, in JSON format.",
        ),
        "data.export" => ("Scarica i miei dati", "Download my data"),
        "data.exported" => (
            "Il file con i tuoi dati è stato scaricato.",
            "The file with your data has been downloaded.",
        ),
        "data.delete" => ("Elimina l'account", "Delete the account"),
        "data.delete_intro" => (
            "I tuoi dati personali saranno cancellati e non potrai più accedere. Restano, in forma anonima, solo le registrazioni che la legge ci chiede di conservare.",
            "Your personal data will be erased and you will not be able to sign in. Only the records the law requires us to keep remain, anonymised.",
        ),
        "data.understood" => (
            "Ho capito che l'eliminazione è definitiva",
            "I understand that deletion is permanent",
        ),
        "data.confirm_needed" => (
            "Conferma di aver capito che l'eliminazione è definitiva.",
            "Confirm that you understand deletion is permanent.",
        ),
        "data.delete_submit" => (
            "Elimina definitivamente l'account",
            "Delete the account permanently",
        ),
        "data.deleted" => (
            "Il tuo account è stato eliminato.",
            "Your account has been deleted.",
        ),
        "invite.title" => ("Invito", "Invitation"),
        "invite.role" => ("Ruolo", "Role"),
        "invite.where" => ("Presso", "At"),
        "invite.address" => ("Indirizzo invitato", "Invited address"),
        "invite.invalid" => (
            "Questo invito non è valido, è già stato usato o è scaduto. Chiedi a chi ti ha invitato di inviarne uno nuovo.",
            "This invitation is not valid, has been used or has expired. Ask whoever invited you to send a new one.",
        ),
        "invite.sign_in_first" => (
            "Per accettare, accedi (o registrati) con l'indirizzo e-mail a cui è arrivato l'invito.",
            "To accept, sign in (or sign up) with the e-mail address the invitation was sent to.",
        ),
        "invite.accept" => ("Accetta l'invito", "Accept the invitation"),
        "invite.done" => (
            "Invito accettato: il nuovo ruolo è nel tuo account.",
            "Invitation accepted: the new role is in your account.",
        ),
        "invite.other_address" => (
            "Questo invito è per un altro indirizzo e-mail: accedi con quello.",
            "This invitation is for another e-mail address: sign in with that one.",
        ),
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
        "manage.wrong_role" => (
            "Questa pagina è per un altro ruolo: scegli il ruolo giusto nel menu in alto.",
            "This page is for another role: choose the right role in the menu at the top.",
        ),
        "manage.org.title" => ("Gestione ente", "Manage organisation"),
        "manage.members" => ("Persone dell'ente", "The organisation's people"),
        "manage.invite" => ("Invita una persona", "Invite someone"),
        "manage.invite_intro" => (
            "Riceverà un link valido 7 giorni, utilizzabile una sola volta, all'indirizzo indicato.",
            "They will receive a single-use link, valid for 7 days, at the address you give.",
        ),
        "manage.tenant.title" => ("Gestione Comune", "Manage municipality"),
        "manage.tenant.invite" => (
            "Invita revisori e amministratori",
            "Invite reviewers and administrators",
        ),
        "manage.spaces" => ("Spazi WeMi", "WeMi spaces"),
        "manage.operators" => ("Operatori dello spazio", "The space's operators"),
        "manage.invite_operator" => ("Invita un operatore", "Invite an operator"),
        "manage.new_space" => ("Apri un nuovo spazio", "Open a new space"),
        "manage.create_space" => ("Crea lo spazio", "Create the space"),
        "manage.space_created" => ("Spazio creato:", "Space created:"),
        "members.none" => ("Nessuno per ora.", "Nobody yet."),
        "members.remove" => ("Rimuovi", "Remove"),
        "members.removed" => ("Rimosso:", "Removed:"),
        "members.invite" => ("Invia l'invito", "Send the invitation"),
        "members.invited" => ("Invito inviato a", "Invitation sent to"),
        "space.name" => ("Nome dello spazio", "Name of the space"),
        "space.address" => ("Indirizzo", "Address"),
        "space.phone" => ("Telefono", "Phone"),
        "space.hours" => ("Orari di apertura", "Opening hours"),
        "space.hours_hint" => ("Per esempio: lun–ven 9–13", "For example: Mon–Fri 9–13"),
        "audit.title" => ("Registro attività", "Activity log"),
        "audit.intro" => (
            "Gli eventi che riguardano gli account: chi ha fatto cosa e quando. Il registro non si può modificare.",
            "Events about accounts: who did what and when. The log cannot be changed.",
        ),
        "audit.action" => ("Evento", "Event"),
        "audit.when" => ("Quando", "When"),
        "audit.actor" => ("Autore", "By"),
        "audit.subject" => ("Account interessato", "Account concerned"),
        "audit.count" => ("eventi", "events"),
        "audit.signed_up" => ("Registrazione", "Sign-up"),
        "audit.email_verified" => ("E-mail confermata", "E-mail confirmed"),
        "audit.sign_in_succeeded" => ("Accesso", "Sign-in"),
        "audit.sign_in_failed" => ("Accesso non riuscito", "Failed sign-in"),
        "audit.signed_out" => ("Uscita", "Sign-out"),
        "audit.session_ended" => ("Dispositivo disconnesso", "Device signed out"),
        "audit.refresh_reuse_detected" => (
            "Riuso di una sessione (possibile furto)",
            "Session reuse (possible theft)",
        ),
        "audit.password_reset_requested" => {
            ("Richiesta di nuova password", "Password reset requested")
        }
        "audit.password_reset_completed" => {
            ("Nuova password impostata", "Password reset completed")
        }
        "audit.password_changed" => ("Password cambiata", "Password changed"),
        "audit.role_granted" => ("Ruolo assegnato", "Role granted"),
        "audit.role_revoked" => ("Ruolo revocato", "Role revoked"),
        "audit.members_read" => ("Consultazione dei membri", "Members list read"),
        "audit.account_exported" => ("Dati esportati", "Data exported"),
        "audit.account_deleted" => ("Account eliminato", "Account deleted"),
        "audit.other" => ("Altro", "Other"),
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
