//! The strings of the reserved area (sign-up and sign-in, the account, administration):
//! installed by that app only, so the public catalogue app does not carry them.

/// The (Italian, English) pair of a key of the reserved area.
pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "nav.account" => ("Il mio account", "My account"),
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
        "verify.intro" => (
            "Per confermare l'indirizzo, scrivi la password scelta al momento della registrazione (o, per un cambio di indirizzo, la password del tuo account).",
            "To confirm your address, enter the password you chose when you signed up (or, for a change of address, your account's password).",
        ),
        "verify.submit" => ("Conferma l'indirizzo", "Confirm the address"),
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
        "account.title" => ("Il mio account", "My account"),
        "account.profile" => ("Profilo", "Profile"),
        "account.language_hint" => (
            "La lingua del sito e dei messaggi che ti inviamo.",
            "The language of the site and of the messages we send you.",
        ),
        "account.save" => ("Salva", "Save"),
        "account.saved" => ("Modifiche salvate.", "Changes saved."),
        "kept.favourites" => ("Preferiti", "Favourites"),
        "kept.services" => ("Servizi", "Services"),
        "kept.carers" => ("Assistenti familiari", "Carers"),
        "kept.no_favourites" => (
            "Nessun preferito. Salva i servizi e le assistenti familiari che ti interessano con il pulsante «Salva nei preferiti».",
            "No favourites yet. Keep the services and carers you like with the “Save to favourites” button.",
        ),
        "kept.gone" => ("non più disponibile", "no longer available"),
        "kept.carer_gone" => (
            "Assistente familiare non più disponibile",
            "Carer no longer available",
        ),
        "kept.remove" => ("Togli", "Remove"),
        "kept.removed" => ("Tolto dai preferiti.", "Removed from your favourites."),
        "kept.role.badante" => ("badante", "home carer"),
        "kept.role.colf" => ("colf", "domestic helper"),
        "kept.role.baby_sitter" => ("baby sitter", "baby sitter"),
        "kept.searches" => ("Ricerche salvate", "Saved searches"),
        "kept.searches_intro" => (
            "Con l'avviso attivo ti scriviamo, al massimo una volta al giorno, quando vengono pubblicati nuovi servizi adatti alla ricerca.",
            "With the alert on, we write to you at most once a day when new services matching the search are published.",
        ),
        "kept.no_searches" => (
            "Nessuna ricerca salvata. Nella pagina di ricerca, usa «Salva questa ricerca».",
            "No saved searches yet. On the search page, use “Save this search”.",
        ),
        "kept.alert" => ("Avvisami per e-mail", "Alert me by e-mail"),
        "kept.alert_on" => ("Avviso attivato.", "Alert turned on."),
        "kept.alert_off" => ("Avviso disattivato.", "Alert turned off."),
        "kept.delete" => ("Elimina", "Delete"),
        "kept.deleted" => ("Ricerca eliminata.", "Search deleted."),
        "kept.stop_title" => ("Avviso della ricerca salvata", "Saved search alert"),
        "kept.stopped" => (
            "Fatto: non riceverai più avvisi per la ricerca «{}».",
            "Done: you will get no more alerts for the search “{}”.",
        ),
        "kept.stop_used" => (
            "Questo link è già stato usato, oppure l'avviso è stato disattivato o la ricerca eliminata. Nessun altro avviso ti sarà inviato con questo link.",
            "This link was already used, or the alert was turned off or the search deleted. It sends no further alert.",
        ),
        "kept.stop_invalid" => (
            "Il link non è valido: copia l'indirizzo completo dalla mail.",
            "This link is not valid: copy the whole address from the mail.",
        ),
        "kept.manage" => (
            "Gestisci preferiti e ricerche salvate nel tuo account",
            "Manage favourites and saved searches in your account",
        ),
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
        "invite.title" => ("Invito", "Invitation"),
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
        "audit.card_created" => ("Scheda creata", "Card created"),
        "audit.card_submitted" => ("Scheda inviata in revisione", "Card submitted for review"),
        "audit.card_withdrawn" => (
            "Scheda ritirata dalla revisione",
            "Card withdrawn from review",
        ),
        "audit.card_approved" => ("Scheda approvata", "Card approved"),
        "audit.card_changes_requested" => ("Modifiche richieste", "Changes requested"),
        "audit.card_archived" => ("Scheda archiviata", "Card archived"),
        "audit.card_restored" => ("Scheda ripristinata", "Card restored"),
        "audit.card_unpublished" => ("Scheda ritirata dal catalogo", "Card taken down"),
        "audit.card_confirmed" => ("Scheda confermata attuale", "Card confirmed as accurate"),
        "audit.card_report_resolved" => ("Segnalazione chiusa", "Report closed"),
        "audit.organisation_suspended" => ("Ente sospeso", "Organisation suspended"),
        "manage.register" => (
            "Registro degli enti accreditati",
            "Register of accredited organisations",
        ),
        "manage.register_edit" => (
            "Iscrivi un ente o modificane i dati di registro",
            "Register an organisation or change its register data",
        ),
        "manage.org.accredited" => ("Accreditato", "Accredited"),
        "manage.org.pending" => ("In attesa", "Pending"),
        "manage.org.suspended" => ("Sospeso", "Suspended"),
        "manage.org.revoked" => ("Revocato", "Revoked"),
        "manage.org.reason" => ("Motivo della sospensione", "Reason for the suspension"),
        "manage.org.reason_needed" => (
            "Scrivi il motivo (almeno 3 caratteri): l'ente lo leggerà.",
            "Write the reason (at least 3 characters): the organisation will read it.",
        ),
        "manage.org.suspend" => ("Sospendi", "Suspend"),
        "manage.org.reinstate" => ("Riammetti", "Reinstate"),
        "audit.organisation_reinstated" => ("Ente riammesso", "Organisation reinstated"),
        "audit.organisation_profile_changed" => (
            "Profilo dell'ente modificato",
            "Organisation profile changed",
        ),
        "audit.carer_registry_step" => (
            "Passo nel registro degli assistenti",
            "Step in the register of carers",
        ),
        "audit.carer_document_decided" => ("Attestato esaminato", "Certificate checked"),
        "audit.demand_read_by_space" => (
            "Bisogno letto da uno spazio WeMi",
            "Need read by a WeMi space",
        ),
        "audit.organisation_registered" => ("Ente iscritto al registro", "Organisation registered"),
        "audit.threads_exported" => (
            "Conversazioni dell'ente esportate",
            "Organisation's conversations exported",
        ),
        "audit.organisation_register_changed" => (
            "Dati di registro dell'ente modificati",
            "Organisation's register data changed",
        ),
        "audit.organisation_logo_changed" => {
            ("Logo dell'ente cambiato", "Organisation logo changed")
        }
        "profile.title" => ("Profilo dell'ente", "Organisation profile"),
        _ => return super::reports::table(key),
    })
}
