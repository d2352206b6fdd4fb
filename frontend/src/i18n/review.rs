//! The strings only the review app's pages use (the city's review, a card's versions, the
//! organisation's profile): that bundle installs this table, which falls back to the
//! workspace's, so the workspace's bundle does not carry them.
pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "cards.no_changes" => ("Nessuna differenza.", "No differences."),
        "cards.q.filter" => ("Filtra la coda", "Filter the queue"),
        "cards.q.waiting" => ("In coda da", "Waiting for"),
        "cards.q.at_least" => ("almeno", "at least"),
        "cards.q.days" => ("giorni", "days"),
        "cards.q.one" => ("scheda in coda", "card in the queue"),
        "cards.q.many" => ("schede in coda", "cards in the queue"),
        "cards.q.none" => (
            "Nessuna scheda in coda corrisponde ai filtri.",
            "No card in the queue matches the filters.",
        ),
        "cards.since_review" => (
            "Cosa è cambiato dalla richiesta di modifiche",
            "What changed since changes were requested",
        ),
        "cards.version" => ("Versione", "Version"),
        "cards.v.live" => ("Quella pubblicata", "The published one"),
        "cards.changed_at" => ("Ultima modifica", "Last changed"),
        "cards.changed_by" => ("Modificata da", "Changed by"),
        "cards.decided_at" => ("Decisa il", "Decided on"),
        "cards.compare_versions" => ("Confronta due versioni", "Compare two versions"),
        "cards.from" => ("Da", "From"),
        "cards.to" => ("A", "To"),
        "preview.title" => ("Anteprima della scheda", "Card preview"),
        "preview.note" => (
            "Anteprima: così vedranno la scheda i cittadini.",
            "Preview: this is how citizens will see the card.",
        ),
        "preview.pending" => ("Versione in lavorazione n.", "Version being worked on, no."),
        "preview.live" => (
            "Nessuna nuova versione: è la scheda pubblicata.",
            "No new version: this is the published card.",
        ),
        "preview.back" => ("Torna alla scheda", "Back to the card"),
        "register.title" => (
            "Registro degli enti accreditati",
            "Register of accredited providers",
        ),
        "register.list" => ("Enti iscritti", "Registered organisations"),
        "register.status" => ("Accreditamento", "Accreditation"),
        "register.s.accredited" => ("Accreditato", "Accredited"),
        "register.s.pending" => ("In accreditamento", "Pending"),
        "register.s.suspended" => ("Sospeso", "Suspended"),
        "register.s.revoked" => ("Revocato", "Revoked"),
        "register.edit" => ("Modifica", "Change"),
        "register.new" => (
            "Iscrivi un ente o un'ATI",
            "Register an organisation or an ATI",
        ),
        "register.change" => ("Modifica i dati di registro", "Change the register data"),
        "register.vat_hint" => (
            "11 cifre, l'ultima di controllo.",
            "11 digits, the last a check digit.",
        ),
        "register.pending" => (
            "Accreditamento ancora in corso",
            "Accreditation still in progress",
        ),
        "register.consortium" => (
            "È un'ATI (associazione temporanea di enti)",
            "It is an ATI (temporary association of providers)",
        ),
        "register.members" => ("Enti dell'ATI", "The ATI's members"),
        "register.save" => ("Salva nel registro", "Save in the register"),
        "register.cancel" => ("Annulla la modifica", "Cancel the change"),
        "register.created" => ("Iscritto:", "Registered:"),
        "register.saved" => ("Registro aggiornato:", "Register updated:"),
        "register.first_admin" => (
            "Invita il primo amministratore",
            "Invite the first administrator",
        ),
        "profile.title" => ("Profilo dell'ente", "Organisation profile"),
        "profile.register" => ("Dati del registro", "Register data"),
        "profile.register_hint" => (
            "Li tiene il Comune nel registro degli enti accreditati: per correggerli scrivi all'ufficio accreditamento.",
            "The city keeps them in the register of accredited providers: to correct them, write to the accreditation office.",
        ),
        "profile.legal_name" => ("Ragione sociale", "Legal name"),
        "profile.legal_form" => ("Forma giuridica", "Legal form"),
        "profile.vat" => ("Partita IVA", "VAT number"),
        "profile.accreditation" => ("Accreditamenti", "Accreditations"),
        "profile.ati" => ("ATI", "Consortium (ATI)"),
        "profile.about" => ("Come vi presentate", "How you present yourselves"),
        "profile.description" => ("Descrizione", "Description"),
        "profile.address" => ("Indirizzo", "Address"),
        "profile.phone" => ("Telefono", "Phone"),
        "profile.email" => ("E-mail", "E-mail"),
        "profile.website" => ("Sito web", "Website"),
        "profile.languages" => ("Lingue parlate", "Languages spoken"),
        "profile.languages_hint" => (
            "Codici ISO separati da virgole, per esempio: it, en, es, ro, uk, ar",
            "ISO codes separated by commas, for example: it, en, es, ro, uk, ar",
        ),
        "profile.save" => ("Salva il profilo", "Save the profile"),
        "profile.saved" => ("Profilo salvato", "Profile saved"),
        "profile.stale" => (
            "Qualcuno ha cambiato il profilo nel frattempo: ricarica la pagina e ripeti la modifica.",
            "Someone changed the profile meanwhile: reload the page and make your change again.",
        ),
        "profile.logo" => ("Logo", "Logo"),
        "profile.logo_of" => ("Logo di", "Logo of"),
        "profile.no_logo" => ("Nessun logo.", "No logo."),
        "profile.logo_file" => ("File del logo", "Logo file"),
        "profile.logo_hint" => (
            "PNG, JPEG o WebP, al massimo 2 MB. Lo riduciamo a 512 pixel e togliamo i metadati.",
            "PNG, JPEG or WebP, at most 2 MB. We scale it to 512 pixels and remove its metadata.",
        ),
        "profile.upload" => ("Carica il logo", "Upload the logo"),
        "profile.choose_file" => ("Scegli un file.", "Choose a file."),
        "profile.logo_saved" => ("Logo aggiornato", "Logo updated"),
        "profile.logo_removed" => ("Logo tolto", "Logo removed"),
        "profile.remove_logo" => ("Togli il logo", "Remove the logo"),
        "profile.logo_too_large" => ("Il file supera 2 MB.", "The file is over 2 MB."),
        "profile.logo_wrong_type" => (
            "Il file non è un'immagine PNG, JPEG o WebP.",
            "The file is not a PNG, JPEG or WebP image.",
        ),
        "profile.logo_unreadable" => (
            "L'immagine non si legge: è danneggiata o troppo grande.",
            "The image cannot be read: it is damaged or too large.",
        ),
        _ => return super::workspace::table(key),
    })
}

/// The review app's own pages on families' reviews (moderation, reports): its bundle
/// installs these before [`table`]; the city's bundle, which also falls back to
/// [`table`], does not carry them.
pub fn reviews(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "review.queue_title" => ("Recensioni da moderare", "Reviews to moderate"),
        "review.show" => ("Mostra", "Show"),
        "review.queue_empty" => (
            "Nessuna recensione in questo stato.",
            "No review in this state.",
        ),
        "review.in_list" => ("recensioni", "reviews"),
        "review.reports" => ("segnalazioni", "reports"),
        "review.note" => ("Nota per l'autore", "Note for the author"),
        "review.note_needed" => (
            "Scrivi il motivo: l'autore lo legge.",
            "Write the reason: the author reads it.",
        ),
        "review.publish" => ("Pubblica", "Publish"),
        "review.reject" => ("Non pubblicare", "Reject"),
        "review.take_down" => ("Togli dalla scheda", "Take down"),
        "review.published_done" => ("Recensione pubblicata.", "Review published."),
        "review.rejected_done" => ("Recensione non pubblicata.", "Review rejected."),
        "review.report_title" => ("Segnala una recensione", "Report a review"),
        "review.report_intro" => (
            "Se una recensione offende, contiene dati personali o non parla del servizio, dillo al Comune: la rilegge e può toglierla.",
            "If a review is offensive, contains personal data or is not about the service, tell the city: it reads it again and may take it down.",
        ),
        "review.report_details" => ("Cosa non va", "What is wrong"),
        "review.say_what" => ("Scrivi cosa non va.", "Say what is wrong."),
        "review.report_send" => ("Invia la segnalazione", "Send the report"),
        "review.report_sent" => (
            "Segnalazione inviata: il Comune la esamina.",
            "Report sent: the city will look at it.",
        ),
        "review.report_gone" => (
            "Questa recensione non è (più) pubblicata.",
            "This review is not (or no longer) published.",
        ),
        _ => return None,
    })
}
