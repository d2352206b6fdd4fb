//! The strings of the contact bundle (requests, threads, quotes, orders, the provider's
//! inbox); it falls back to the shared forms' table. A list searched in order rather than
//! a `match`: the same strings, without a comparison's code per key (about 10 KB less).

use super::find;

strings! {
        STRINGS;
        "contact.export" => ("Esporta tutte le conversazioni (JSON)", "Export all conversations (JSON)"),
        "contact.export_hint" => (
            "Contiene i messaggi delle famiglie: l'esportazione resta nel registro attività.",
            "It holds the families' messages: the export is kept in the activity log.",
        ),
        "contact.exported" => ("Conversazioni esportate.", "Conversations exported."),
        "contact.files" => ("Allegati", "Attachments"),
        "contact.files_hint" => (
            "Fino a 5 file PDF, JPEG o PNG, 10 MB ciascuno. Solo voi e l'altra parte potete scaricarli.",
            "Up to 5 PDF, JPEG or PNG files, 10 MB each. Only you and the other side can download them.",
        ),
        "contact.files_too_many" => ("Al massimo 5 file per messaggio.", "At most 5 files per message."),
        "contact.file_too_large" => ("Un file supera 10 MB.", "A file is over 10 MB."),
        "contact.file_type" => (
            "Un file non è un PDF, un JPEG o un PNG (conta il contenuto, non il nome).",
            "A file is not a PDF, JPEG or PNG (its content counts, not its name).",
        ),
        "contact.file_failed" => ("Il file non si è scaricato: riprova.", "The file did not download: try again."),
        "contact.request_title" => ("Contatta i servizi scelti", "Contact the chosen services"),
        "contact.request_intro" => (
            "Scrivi un solo messaggio: arriva a ogni ente dei servizi scelti, ciascuno risponde nella sua conversazione.",
            "Write one message: it reaches each provider of the chosen services, and each answers in its own conversation.",
        ),
        "contact.services" => ("Servizi scelti", "Chosen services"),
        "contact.service" => ("Servizio", "Service"),
        "contact.no_cards" => (
            "Nessun servizio scelto: aggiungine dalla ricerca o dal confronto.",
            "No service chosen: add some from the search or the comparison.",
        ),
        "contact.remove" => ("Togli", "Remove"),
        "contact.message" => ("Messaggio", "Message"),
        "contact.message_hint" => (
            "Non scrivere nomi, indirizzi o dati sulla salute: li darai all'ente che sceglierai.",
            "Do not write names, addresses or health details: you will give them to the provider you choose.",
        ),
        "contact.need" => ("Di cosa hai bisogno", "What you need"),
        "contact.need_hint" => (
            "Indicazioni generali, senza dati personali.",
            "General indications, without personal data.",
        ),
        "contact.age" => ("Per chi è il servizio", "Whom the service is for"),
        "contact.age.infant" => ("Neonato (0–2 anni)", "Infant (0–2 years)"),
        "contact.age.child" => ("Bambino (3–10 anni)", "Child (3–10 years)"),
        "contact.age.teen" => ("Ragazzo (11–17 anni)", "Teenager (11–17 years)"),
        "contact.age.adult" => ("Adulto", "Adult"),
        "contact.age.senior" => ("Anziano (65–79 anni)", "Older person (65–79 years)"),
        "contact.age.elderly" => ("Anziano (80 anni e oltre)", "Older person (80 and over)"),
        "contact.zone" => ("Zona", "Area"),
        "contact.zone_any" => ("Non indicata", "Not stated"),
        "contact.z.municipio" => ("Municipi di Milano", "Milan's Municipi"),
        "contact.z.nil" => ("Quartieri di Milano (NIL)", "Milan's neighbourhoods (NIL)"),
        "contact.z.comune" => ("Comuni", "Towns"),
        "contact.asap" => ("Il prima possibile", "As soon as possible"),
        "contact.start" => ("Data di inizio", "Start date"),
        "contact.from" => ("dal", "from"),
        "contact.frequency" => ("Frequenza", "Frequency"),
        "contact.freq.one_off" => ("Una volta sola", "Once"),
        "contact.freq.occasional" => ("Ogni tanto", "Occasionally"),
        "contact.freq.weekly" => ("Una volta a settimana", "Once a week"),
        "contact.freq.several_times_a_week" => ("Più volte a settimana", "Several times a week"),
        "contact.freq.daily" => ("Tutti i giorni", "Every day"),
        "contact.freq.live_in" => ("Convivente (24 ore)", "Live-in (24 hours)"),
        "contact.hours" => ("Ore a settimana (circa)", "Hours a week (roughly)"),
        "contact.hours_week" => ("ore a settimana", "hours a week"),
        "contact.budget" => ("budget", "budget"),
        "contact.budget_amount" => ("Budget in euro (facoltativo)", "Budget in euros (optional)"),
        "contact.budget_per" => ("Il budget è", "The budget is"),
        "contact.per.hour" => ("all'ora", "per hour"),
        "contact.per.week" => ("a settimana", "per week"),
        "contact.per.month" => ("al mese", "per month"),
        "contact.per.total" => ("in tutto", "in total"),
        "contact.language" => ("lingua", "language"),
        "contact.language_pref" => ("Lingua preferita", "Preferred language"),
        "contact.any" => ("Nessuna preferenza", "No preference"),
        "contact.consent" => (
            "Acconsento a condividere questo messaggio e queste indicazioni con gli enti dei servizi scelti.",
            "I agree to share this message and these indications with the providers of the chosen services.",
        ),
        "contact.consent_needed" => (
            "Serve il tuo consenso per inviare la richiesta.",
            "Your consent is needed to send the request.",
        ),
        "contact.bad_amount" => (
            "Scrivi un importo in euro, per esempio 18,50.",
            "Write an amount in euros, for example 18.50.",
        ),
        "contact.send" => ("Invia la richiesta", "Send the request"),
        "contact.sent" => (
            "Richiesta inviata: gli enti hanno due giorni lavorativi per rispondere.",
            "Request sent: the providers have two working days to answer.",
        ),
        "contact.conflict" => (
            "Nel frattempo la situazione è cambiata: ricarica la pagina e riprova.",
            "Things changed meanwhile: reload the page and try again.",
        ),
        "contact.my_requests" => ("Le mie richieste", "My requests"),
        "contact.no_requests" => (
            "Non hai ancora inviato richieste.",
            "You have not sent any request yet.",
        ),
        "contact.request_of" => ("Richiesta del", "Request of"),
        "contact.your_message" => ("Il tuo messaggio", "Your message"),
        "contact.threads" => ("Conversazioni con gli enti", "Conversations with providers"),
        "contact.threads_count" => ("conversazioni", "conversations"),
        "contact.provider" => ("Ente", "Provider"),
        "contact.family" => ("Famiglia", "Family"),
        "contact.a_family" => (
            "Una famiglia (dati riservati)",
            "A family (details kept private)",
        ),
        "contact.status" => ("Stato", "Status"),
        "contact.last_message" => ("Ultimo messaggio", "Last message"),
        "contact.quote" => ("Preventivo", "Quote"),
        "contact.deadline" => ("Risposta entro", "Answer due by"),
        "contact.unread" => ("Da leggere", "Unread"),
        "contact.overdue" => ("In ritardo", "Overdue"),
        "contact.due_soon" => ("In scadenza", "Due soon"),
        "contact.expired" => ("scaduto", "expired"),
        "contact.none" => ("Nessuno", "None"),
        "contact.rs.open" => ("Aperta", "Open"),
        "contact.rs.activated" => ("Attivata", "Activated"),
        "contact.rs.withdrawn" => ("Ritirata", "Withdrawn"),
        "contact.rs.closed" => ("Chiusa", "Closed"),
        "contact.ts.awaiting_answer" => ("In attesa di risposta", "Awaiting an answer"),
        "contact.ts.open" => ("In corso", "Ongoing"),
        "contact.ts.accepted" => ("Accettata", "Accepted"),
        "contact.ts.declined" => ("Rifiutata dall'ente", "Declined by the provider"),
        "contact.ts.expired" => ("Scaduta senza risposta", "Expired without an answer"),
        "contact.ts.closed" => ("Chiusa", "Closed"),
        "contact.withdraw" => ("Ritira la richiesta", "Withdraw the request"),
        "contact.withdraw_confirm" => (
            "Ritirando la richiesta si chiudono tutte le sue conversazioni e gli enti vengono avvisati.",
            "Withdrawing the request closes all its conversations and the providers are told.",
        ),
        "contact.withdraw_yes" => ("Sì, ritira", "Yes, withdraw"),
        "contact.withdrawn" => ("Richiesta ritirata.", "Request withdrawn."),
        "contact.keep" => ("No, lascia com'è", "No, leave it"),
        "contact.compare_quotes" => ("Preventivi a confronto", "Quotes compared"),
        "contact.total" => ("Totale", "Total"),
        "contact.net" => ("Imponibile", "Net"),
        "contact.hourly" => ("Equivalente orario", "Hourly equivalent"),
        "contact.vat" => ("IVA", "VAT"),
        "contact.vat_part" => ("di cui IVA", "of which VAT"),
        "contact.valid_until" => ("Valido fino al", "Valid until"),
        "contact.vouchers" => ("Voucher accettati", "Vouchers accepted"),
        "contact.vouchers_accepted" => ("Voucher che accettate", "Vouchers you accept"),
        "contact.actions" => ("Azioni", "Actions"),
        "contact.accept" => ("Accetta", "Accept"),
        "contact.accept_title" => ("Accetta il preventivo", "Accept the quote"),
        "contact.accept_note" => (
            "Accettando, le altre conversazioni della richiesta si chiudono con un avviso cortese e l'ente conferma la data di inizio.",
            "On accepting, the request's other conversations close with a polite notice and the provider confirms the start date.",
        ),
        "contact.voucher" => ("Voucher", "Voucher"),
        "contact.no_voucher" => ("Nessun voucher", "No voucher"),
        "contact.voucher_amount" => (
            "Importo coperto dal voucher (euro)",
            "Amount the voucher covers (euros)",
        ),
        "contact.accept_confirm" => (
            "Conferma e attiva il servizio",
            "Confirm and activate the service",
        ),
        "contact.inbox" => ("Richieste ricevute", "Requests received"),
        "contact.filters" => ("Filtra le richieste", "Filter the requests"),
        "contact.all" => ("Tutte", "All"),
        "contact.card" => ("Scheda", "Card"),
        "contact.no_threads" => (
            "Nessuna richiesta corrisponde ai filtri.",
            "No request matches the filters.",
        ),
        "contact.thread_title" => ("Conversazione", "Conversation"),
        "contact.messages" => ("Messaggi", "Messages"),
        "contact.side.family" => ("Famiglia", "Family"),
        "contact.side.provider" => ("Ente", "Provider"),
        "contact.side.platform" => ("Avviso", "Notice"),
        "contact.info_request" => ("richiesta di informazioni", "request for information"),
        "contact.reply" => ("Rispondi", "Reply"),
        "contact.ask_info" => (
            "È una richiesta di informazioni alla famiglia",
            "This asks the family for more information",
        ),
        "contact.send_reply" => ("Invia il messaggio", "Send the message"),
        "contact.quotes" => ("Preventivi", "Quotes"),
        "contact.no_quote" => ("Ancora nessun preventivo.", "No quote yet."),
        "contact.quote_version" => ("Preventivo, versione", "Quote, version"),
        "contact.qs.proposed" => ("proposto", "proposed"),
        "contact.qs.superseded" => (
            "sostituito da una versione successiva",
            "superseded by a later version",
        ),
        "contact.qs.accepted" => ("accettato", "accepted"),
        "contact.qs.withdrawn" => ("ritirato", "withdrawn"),
        "contact.line" => ("Voce", "Item"),
        "contact.description" => ("Descrizione", "Description"),
        "contact.unit" => ("Unità", "Unit"),
        "contact.quantity" => ("Quantità", "Quantity"),
        "contact.unit_price" => ("Prezzo unitario", "Unit price"),
        "contact.unit_price_vat" => (
            "Prezzo unitario, IVA inclusa (euro)",
            "Unit price, VAT included (euros)",
        ),
        "contact.vat_rate" => ("Aliquota IVA", "VAT rate"),
        "contact.amount" => ("Importo", "Amount"),
        "contact.u.hour" => ("ore", "hours"),
        "contact.u.visit" => ("visite", "visits"),
        "contact.u.day" => ("giorni", "days"),
        "contact.u.week" => ("settimane", "weeks"),
        "contact.u.month" => ("mesi", "months"),
        "contact.u.service" => ("a corpo", "lump sum"),
        "contact.new_quote" => ("Invia un preventivo", "Send a quote"),
        "contact.revise_quote" => (
            "Rivedi il preventivo (nuova versione)",
            "Revise the quote (new version)",
        ),
        "contact.add_line" => ("Aggiungi una voce", "Add an item"),
        "contact.remove_line" => ("Togli la voce", "Remove item"),
        "contact.totals_pending" => (
            "I totali compaiono quando ogni voce ha quantità e prezzo.",
            "The totals show once every item has a quantity and a price.",
        ),
        "contact.notes" => ("Note", "Notes"),
        "contact.send_quote" => ("Invia il preventivo", "Send the quote"),
        "contact.counter" => ("Controproposta", "Counter-proposal"),
        "contact.cs.open" => ("in attesa", "pending"),
        "contact.cs.accepted" => ("accettata", "accepted"),
        "contact.cs.revised" => (
            "superata da un nuovo preventivo",
            "answered with a new quote",
        ),
        "contact.cs.declined" => ("rifiutata", "declined"),
        "contact.cs.withdrawn" => ("ritirata", "withdrawn"),
        "contact.counter_accept" => ("Accetta la controproposta", "Accept the counter-proposal"),
        "contact.counter_decline" => ("Rifiuta la controproposta", "Decline the counter-proposal"),
        "contact.counter_revise_hint" => (
            "Oppure rispondi con un nuovo preventivo qui sotto.",
            "Or answer with a new quote below.",
        ),
        "contact.counter_title" => ("Fai una controproposta", "Make a counter-proposal"),
        "contact.counter_hint" => (
            "Proponi un totale, una data o un orario diversi: l'ente accetta, rivede o rifiuta.",
            "Propose another total, date or schedule: the provider accepts, revises or declines.",
        ),
        "contact.counter_total" => ("Totale proposto (euro)", "Total proposed (euros)"),
        "contact.counter_empty" => (
            "Proponi almeno un totale, una data o un orario.",
            "Propose at least a total, a date or a schedule.",
        ),
        "contact.schedule" => ("Orario o giorni", "Schedule or days"),
        "contact.counter_send" => ("Invia la controproposta", "Send the counter-proposal"),
        "contact.decline" => ("Rifiuta la richiesta", "Decline the request"),
        "contact.reason" => ("Motivo", "Reason"),
        "contact.details" => ("Dettagli", "Details"),
        "contact.details_needed" => (
            "Con il motivo «altro» scrivi qualche dettaglio.",
            "With the reason «other» write some details.",
        ),
        "contact.decline_send" => (
            "Rifiuta e avvisa la famiglia",
            "Decline and tell the family",
        ),
        "contact.dr.no_capacity" => ("Non abbiamo disponibilità", "We have no capacity"),
        "contact.dr.outside_area" => ("Fuori dalla nostra zona", "Outside our service area"),
        "contact.dr.not_our_service" => ("Non è un servizio che offriamo", "Not a service we offer"),
        "contact.dr.family_unreachable" => ("Famiglia non raggiungibile", "Family unreachable"),
        "contact.dr.other" => ("Altro", "Other"),
        "contact.close" => ("Chiudi questa conversazione", "Close this conversation"),
        "contact.close_note" => (
            "L'ente viene avvisato; le altre conversazioni della richiesta continuano.",
            "The provider is told; the request's other conversations go on.",
        ),
        "contact.close_yes" => ("Sì, chiudi", "Yes, close"),
        "contact.closed_done" => ("Conversazione chiusa.", "Conversation closed."),
        "contact.order" => ("Servizio attivato", "Service activated"),
        "contact.os.awaiting_confirmation" => (
            "In attesa della conferma dell'ente",
            "Awaiting the provider's confirmation",
        ),
        "contact.os.confirmed" => ("Confermato", "Confirmed"),
        "contact.os.cancelled" => ("Annullato", "Cancelled"),
        "contact.to_confirm" => ("da confermare", "to be confirmed"),
        "contact.family_share" => ("Quota a carico della famiglia", "The family's share"),
        "contact.confirm_start" => ("Data di inizio confermata", "Confirmed start date"),
        "contact.confirm" => ("Conferma l'inizio", "Confirm the start"),
        "contact.cancel_order" => ("Annulla il servizio", "Cancel the service"),
        "contact.cancel_send" => (
            "Annulla e avvisa l'altra parte",
            "Cancel and tell the other side",
        ),
        "contact.cr.no_longer_needed" => ("Non serve più", "No longer needed"),
        "contact.cr.found_another_solution" => ("Trovata un'altra soluzione", "Found another solution"),
        "contact.cr.schedule_changed" => ("Sono cambiati gli orari", "The schedule changed"),
        "contact.cr.price_disagreement" => ("Disaccordo sul prezzo", "Disagreement on the price"),
        "contact.cr.provider_unavailable" => (
            "L'ente non è più disponibile",
            "The provider is no longer available",
        ),
        "contact.cr.family_unreachable" => ("Famiglia non raggiungibile", "Family unreachable"),
        "contact.cr.other" => ("Altro", "Other"),
        "contact.n.thread_declined" => (
            "L'ente ha rifiutato la richiesta.",
            "The provider declined the request.",
        ),
        "contact.n.thread_expired" => (
            "L'ente non ha risposto entro il termine: la conversazione è scaduta.",
            "The provider did not answer in time: the conversation expired.",
        ),
        "contact.n.thread_closed_by_family" => (
            "La famiglia ha chiuso la conversazione.",
            "The family closed the conversation.",
        ),
        "contact.n.thread_closed_request_withdrawn" => (
            "La famiglia ha ritirato la richiesta.",
            "The family withdrew the request.",
        ),
        "contact.n.thread_closed_other_accepted" => (
            "La famiglia ha scelto un altro servizio. Grazie per la disponibilità.",
            "The family chose another service. Thank you for your availability.",
        ),
        "contact.n.quote_sent" => (
            "L'ente ha inviato un preventivo.",
            "The provider sent a quote.",
        ),
        "contact.n.quote_revised" => (
            "L'ente ha rivisto il preventivo.",
            "The provider revised the quote.",
        ),
        "contact.n.counter_proposed" => (
            "La famiglia ha fatto una controproposta.",
            "The family made a counter-proposal.",
        ),
        "contact.n.counter_declined" => (
            "L'ente ha rifiutato la controproposta.",
            "The provider declined the counter-proposal.",
        ),
        "contact.n.quote_accepted" => (
            "La famiglia ha accettato il preventivo.",
            "The family accepted the quote.",
        ),
        "contact.n.order_confirmed" => (
            "L'ente ha confermato l'inizio del servizio.",
            "The provider confirmed the start of the service.",
        ),
        "contact.n.order_cancelled_by_family" => (
            "La famiglia ha annullato il servizio.",
            "The family cancelled the service.",
        ),
        "contact.n.order_cancelled_by_provider" => (
            "L'ente ha annullato il servizio.",
            "The provider cancelled the service.",
        ),
}

/// These strings alone (the city's bundle, with the request form, chains them itself).
pub fn own(key: &str) -> Option<(&'static str, &'static str)> {
    find(STRINGS, key)
}

pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    own(key)
        .or_else(|| review_block(key))
        .or_else(|| super::reports::table(key))
}

/// The review's state in an order block and on the review's page (the contact and the
/// feedback bundles; the city's does not carry them).
pub fn review_block(key: &str) -> Option<(&'static str, &'static str)> {
    find(REVIEW_STRINGS, key)
}

strings! {
        REVIEW_STRINGS;
        "review.yours" => ("La tua recensione", "Your review"),
        "review.pending_hint" => ("La legge il Comune prima di pubblicarla sulla scheda.", "The city reads it before publishing it on the card."),
        "review.published_hint" => ("È sulla scheda del servizio, senza il tuo nome.", "It is on the service's card, without your name."),
        "review.rejected_hint" => ("Il Comune non l'ha pubblicata: il motivo è nella notifica che hai ricevuto.", "The city did not publish it: the reason is in the notification you received."),
        "review.write" => ("Recensisci il servizio", "Review the service"),
        "review.answer" => ("Leggi e rispondi alla recensione", "Read and answer the review"),
        "review.open" => ("Apri la recensione", "Open the review"),
}
