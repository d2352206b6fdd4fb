//! The notifications' words (everyone's list at `/notifiche`, in the review bundle).
use super::find;

pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    find(STRINGS, key)
}

strings! {
        STRINGS;
        "notif.unread" => ("da leggere", "unread"),
        "notif.all_read" => ("Segna tutte come lette", "Mark all as read"),
        "notif.none" => ("Nessuna notifica.", "No notifications."),
        "notif.new" => ("Nuova", "New"),
        "notif.card_approved" => ("Scheda pubblicata", "Card published"),
        "notif.card_changes_requested" => ("Modifiche richieste", "Changes requested"),
        "notif.card_unpublished" => ("Scheda ritirata dal catalogo", "Card taken down"),
        "notif.card_submitted" => ("Scheda da revisionare", "Card to review"),
        "notif.card_reported" => ("Segnalazione di un cittadino", "A citizen's report"),
        "notif.card_verify_due" => ("Scheda da verificare", "Card to verify"),
        "notif.organisation_suspended" => ("Accreditamento sospeso", "Accreditation suspended"),
        "notif.organisation_reinstated" => ("Accreditamento ripristinato", "Accreditation reinstated"),
        "notif.thread_new" => ("Nuova richiesta", "New request"),
        "notif.thread_message" => ("Nuovo messaggio", "New message"),
        "notif.thread_answer_due" => (
            "Richiesta in attesa di risposta",
            "Request waiting for an answer",
        ),
        "notif.thread_declined" => ("Richiesta declinata", "Request declined"),
        "notif.thread_expired" => (
            "Richiesta scaduta senza risposta",
            "Request expired without an answer",
        ),
        "notif.thread_closed" => (
            "Richiesta chiusa dalla famiglia",
            "Request closed by the family",
        ),
        "notif.quote_received" => ("Nuovo preventivo", "New quote"),
        "notif.counter_proposed" => ("Controproposta", "Counter-proposal"),
        "notif.quote_accepted" => ("Preventivo accettato", "Quote accepted"),
        "notif.order_confirmed" => ("Avvio confermato", "Start confirmed"),
        "notif.order_cancelled" => ("Ordine annullato", "Order cancelled"),
        "notif.review_to_moderate" => ("Recensione da moderare", "Review to moderate"),
        "notif.review_published" => ("Recensione pubblicata", "Review published"),
        "notif.review_reported" => ("Recensione segnalata", "Review reported"),
        "notif.registry_step" => (
            "La tua candidatura è andata avanti",
            "Your application moved on",
        ),
        "notif.carer_listed" => (
            "Sei nel registro degli assistenti",
            "You are on the register of carers",
        ),
        "notif.certificate_checked" => ("Attestato esaminato", "Certificate checked"),
        "notif.carer_suspended" => ("Iscrizione al registro sospesa", "Listing suspended"),
        "notif.match_opened" => ("Nuovo contatto per un bisogno", "New contact about a need"),
        "notif.match_message" => ("Nuovo messaggio", "New message"),
        "notif.match_accepted" => ("Una famiglia ti ha scelto", "A family chose you"),
        "notif.match_started" => ("Servizio iniziato", "Service started"),
        "notif.match_closed" => ("Conversazione chiusa", "Conversation closed"),
        "notif.match_digest" => (
            "Nuove proposte per il tuo bisogno",
            "New offers for your need",
        ),
        "notif.group_invited" => (
            "Invito a condividere un'assistente",
            "Invitation to share a carer",
        ),
        "notif.group_changed" => ("Il tuo gruppo è cambiato", "Your group changed"),
        "notif.search_alert" => (
            "Nuovi servizi per una tua ricerca salvata",
            "New services for one of your saved searches",
        ),
}
