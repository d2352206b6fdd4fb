//! The strings of the carers' certificates and photo (issue 12), in the matching bundle only (the
//! carer's page and the operators' registry): the other bundles reading the matching
//! table do not carry them. It falls back to the matching table.
use super::find;

pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    find(STRINGS, key).or_else(|| super::matching::table(key))
}

strings! {
        STRINGS;
        "doc.title" => ("Attestati", "Certificates"),
        "doc.intro" => (
            "Carica gli attestati dei tuoi corsi e delle tue qualifiche: un operatore del registro li verifica e quelli verificati compaiono come badge sul tuo profilo. Le famiglie vedono il badge, non il file.",
            "Upload the certificates of your courses and qualifications: an operator of the register checks them, and the verified ones show as badges on your profile. Families see the badge, not the file.",
        ),
        "doc.none" => ("Non hai ancora caricato attestati.", "You have not uploaded any certificate yet."),
        "doc.none_yet" => ("Nessun attestato caricato.", "No certificate uploaded."),
        "doc.add" => ("Aggiungi un attestato", "Add a certificate"),
        "doc.kind" => ("Tipo di attestato", "Kind of certificate"),
        "doc.kind.choose" => ("Scegli il tipo", "Choose the kind"),
        "doc.kind_needed" => ("Scegli il tipo di attestato.", "Choose the kind of certificate."),
        "doc.file" => ("File", "File"),
        "doc.file.hint" => ("PDF, JPG o PNG, fino a 10 MB; al massimo 10 attestati.", "PDF, JPG or PNG, up to 10 MB; at most 10 certificates."),
        "doc.file_needed" => ("Scegli il file dell'attestato.", "Choose the certificate's file."),
        "doc.bad_file" => ("Il file deve essere un PDF, JPG o PNG di al massimo 10 MB.", "The file must be a PDF, JPG or PNG of at most 10 MB."),
        "doc.upload" => ("Carica l'attestato", "Upload the certificate"),
        "doc.uploaded" => ("Attestato caricato: un operatore lo verificherà.", "Certificate uploaded: an operator will check it."),
        "doc.remove" => ("Rimuovi", "Remove"),
        "doc.removed" => ("Attestato rimosso.", "Certificate removed."),
        "doc.failed" => ("Il file non si è potuto scaricare.", "The file could not be downloaded."),
        "doc.pending" => ("in attesa di verifica", "awaiting checking"),
        "doc.verified" => ("verificato", "verified"),
        "doc.rejected" => ("non accettato", "not accepted"),
        "doc.verify" => ("Verifica", "Verify"),
        "doc.reject" => ("Rifiuta", "Reject"),
        "doc.note" => ("Motivo del rifiuto", "Why it is rejected"),
        "doc.note.hint" => ("Lo legge l'assistente. Obbligatorio per rifiutare.", "The carer reads it. Required to reject."),
        "doc.note_needed" => ("Scrivi perché l'attestato non è accettato.", "Write why the certificate is not accepted."),
        "doc.done_verified" => ("Attestato verificato: ora è un badge del profilo.", "Certificate verified: it is now a badge of the profile."),
        "doc.done_rejected" => ("Attestato rifiutato: l'assistente legge il motivo.", "Certificate rejected: the carer reads why."),
        "photo.title" => ("Foto", "Photo"),
        "photo.intro" => (
            "Facoltativa: le famiglie la vedono sul tuo profilo quando sei iscritto al registro. Togliamo dal file i dati nascosti, come il luogo dello scatto.",
            "Optional: families see it on your profile once you are listed. We remove the hidden data from the file, such as where it was taken.",
        ),
        "photo.yours" => ("La tua foto", "Your photo"),
        "photo.file" => ("Scegli una foto", "Choose a photo"),
        "photo.file.hint" => ("JPG, PNG o WebP, fino a 2 MB.", "JPG, PNG or WebP, up to 2 MB."),
        "photo.file_needed" => ("Scegli il file della foto.", "Choose the photo's file."),
        "photo.bad_file" => ("La foto deve essere un'immagine JPG, PNG o WebP leggibile, di al massimo 2 MB.", "The photo must be a readable JPG, PNG or WebP image of at most 2 MB."),
        "photo.upload" => ("Carica la foto", "Upload the photo"),
        "photo.saved" => ("Foto salvata.", "Photo saved."),
        "photo.remove" => ("Togli la foto", "Remove the photo"),
        "photo.removed" => ("Foto tolta.", "Photo removed."),
        "shared.title" => ("Bisogni affidati al tuo spazio", "Needs entrusted to your space"),
        "shared.intro" => (
            "Le famiglie che hanno scelto il tuo spazio WeMi ti permettono di vedere il loro bisogno, condizioni comprese, per aiutarle. Ogni lettura viene registrata.",
            "The families who chose your WeMi space let you see their need, conditions included, so that you can help them. Every reading is recorded.",
        ),
        "shared.empty" => ("Nessuna famiglia ha affidato un bisogno al tuo spazio.", "No family has entrusted a need to your space."),
        "shared.count" => ("bisogni", "needs"),
        "shared.since" => ("dal", "since"),
        "shared.wishes" => ("Richieste", "Wishes"),
        "shared.link" => ("Bisogni affidati al tuo spazio", "Needs entrusted to your space"),
}
