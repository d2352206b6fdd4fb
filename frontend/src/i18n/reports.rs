//! The strings every app with forms shares — their errors, the invitation form — and
//! those of citizens' reports: the form (reserved area's bundle) and the lists (review
//! bundle), and the links to them (workspace). Their tables fall back to this one.
pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
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
        "field.email" => ("E-mail", "E-mail"),
        "invite.role" => ("Ruolo", "Role"),
        "members.invite" => ("Invia l'invito", "Send the invitation"),
        "members.invited" => ("Invito inviato a", "Invitation sent to"),
        "report.title" => ("Segnala un errore", "Report a mistake"),
        "report.about" => ("Sulla scheda", "About the card"),
        "report.reason" => ("Che cosa non è corretto?", "What is not right?"),
        "report.r.wrong_contacts" => (
            "Telefono, e-mail o indirizzo non funzionano",
            "The phone, e-mail or address does not work",
        ),
        "report.r.wrong_prices" => (
            "I prezzi non sono quelli indicati",
            "The prices are not the ones shown",
        ),
        "report.r.wrong_hours" => ("Gli orari sono sbagliati", "The hours are wrong"),
        "report.r.wrong_zones" => (
            "Il servizio non copre le zone indicate",
            "The service does not cover the zones shown",
        ),
        "report.r.service_ended" => (
            "Il servizio non è più offerto",
            "The service is no longer offered",
        ),
        "report.r.other" => ("Altro", "Something else"),
        "report.details" => ("Descrivi il problema", "Describe the problem"),
        "report.details_hint" => (
            "Facoltativo, tranne per «Altro». Massimo 1000 caratteri. Non scrivere dati personali: la segnalazione non è firmata.",
            "Optional, except for \"Something else\". At most 1000 characters. Do not write personal data: the report is not signed.",
        ),
        "report.choose" => (
            "Scegli che cosa non è corretto.",
            "Choose what is not right.",
        ),
        "report.say_what" => (
            "Scrivi che cosa non è corretto.",
            "Write what is not right.",
        ),
        "report.submit" => ("Invia la segnalazione", "Send the report"),
        "report.sent" => (
            "Grazie: la segnalazione è stata inviata all'ente e al Comune.",
            "Thank you: the report was sent to the provider and the municipality.",
        ),
        "report.too_many" => (
            "Hai inviato molte segnalazioni in poco tempo: riprova tra un'ora.",
            "You sent many reports in a short time: try again in an hour.",
        ),
        "report.open" => (
            "Segnalazioni dei cittadini da gestire",
            "Citizens' reports to handle",
        ),
        "report.on_card" => ("Segnalazioni su questa scheda", "Reports about this card"),
        "report.none_open" => ("Nessuna segnalazione aperta.", "No open reports."),
        "report.outcome" => ("Esito", "Outcome"),
        "report.choose_outcome" => ("Scegli l'esito", "Choose the outcome"),
        "report.o.corrected" => ("Scheda corretta", "Card corrected"),
        "report.o.no_change" => ("La scheda era corretta", "The card was right"),
        "report.resolution" => ("Nota (facoltativa)", "Note (optional)"),
        "report.resolve" => ("Chiudi la segnalazione", "Close the report"),
        "report.queue_title" => ("Segnalazioni dei cittadini", "Citizens' reports"),
        _ => return None,
    })
}
