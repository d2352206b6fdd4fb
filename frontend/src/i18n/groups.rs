//! The strings of shared services (issue 12), in the matches bundle: the neighbours'
//! needs that fit with a family's, proposing a group, the group page. It falls back to
//! the matching table.
use super::find;

pub fn table(key: &str) -> Option<(&'static str, &'static str)> {
    find(STRINGS, key).or_else(|| super::matching::table(key))
}

strings! {
        STRINGS;
        "match.for_group" => ("Per un gruppo di famiglie", "For a group of families"),
        "match.group_families" => ("famiglie", "families"),
        "match.group_hours" => ("ore a settimana", "hours a week"),
        "match.group_page" => ("La pagina del gruppo", "The group's page"),
        "match.ask_for_group" => ("Per il gruppo: l'assistente legge la settimana comune, non chi siete.", "For the group: the carer reads the joint week, not who you are."),
        "group.list_title" => ("I tuoi gruppi", "Your groups"),
        "group.none" => (
            "Nessun gruppo per ora. Da un tuo bisogno aperto alla condivisione puoi cercare famiglie vicine con cui condividere un'assistente.",
            "No groups yet. From a need of yours open to sharing you can look for families nearby to share a carer with.",
        ),
        "group.one_title" => ("Un'assistente condivisa", "A shared carer"),
        "group.back" => ("Tutti i tuoi gruppi", "All your groups"),
        "group.s.forming" => ("In formazione", "Forming"),
        "group.s.formed" => ("Formato", "Formed"),
        "group.s.closed" => ("Sciolto", "Dissolved"),
        "group.m.invited" => ("invitata", "invited"),
        "group.m.joined" => ("nel gruppo", "in the group"),
        "group.m.declined" => ("ha rifiutato", "declined"),
        "group.m.left" => ("uscita", "left"),
        "group.a.join" => ("Entra nel gruppo", "Join the group"),
        "group.a.decline" => ("Rifiuta l'invito", "Decline the invitation"),
        "group.a.leave" => ("Esci dal gruppo", "Leave the group"),
        "group.near.building" => ("nello stesso palazzo", "in the same building"),
        "group.near.nil" => ("nello stesso quartiere", "in the same neighbourhood"),
        "group.near.municipio" => ("nello stesso Municipio", "in the same Municipio"),
        "group.members" => ("Le famiglie", "The families"),
        "group.a_family" => ("Una famiglia invitata", "A family invited"),
        "group.you" => ("tu", "you"),
        "group.week" => ("Orario comune", "Joint schedule"),
        "group.hours" => ("ore a settimana", "hours a week"),
        "group.rate" => ("Tariffa oraria", "Rate per hour"),
        "group.weekly" => ("Costo settimanale", "Weekly cost"),
        "group.share" => ("quota", "share"),
        "group.no_rate" => (
            "Nessuna tariffa indicata: la suddivisione del costo appare quando il gruppo ne fissa una.",
            "No rate named: the split of the cost appears once the group sets one.",
        ),
        "group.privacy" => (
            "Le altre famiglie vedono solo il tuo nome, quando entri, e il tuo orario.",
            "The other families see only your first name, once you join, and your hours.",
        ),
        "group.done.joined" => ("Sei nel gruppo.", "You are in the group."),
        "group.done.declined" => ("Hai rifiutato l'invito.", "You declined the invitation."),
        "group.done.left" => ("Sei uscita dal gruppo.", "You left the group."),
        "pool.title" => ("Condividi un'assistente con i vicini", "Share a carer with neighbours"),
        "pool.intro" => (
            "Famiglie vicine con lo stesso tipo di bisogno e orari compatibili: un'assistente può seguirvi insieme e il costo si divide in base alle ore. Non mostriamo nomi: le famiglie che inviti decidono se entrare.",
            "Families nearby with the same kind of need and hours that fit: one carer can serve you together, and the cost splits by hours. No names are shown: the families you invite decide whether to join.",
        ),
        "pool.none" => (
            "Per ora nessuna famiglia vicina ha un bisogno compatibile con il tuo. Riprova più avanti.",
            "No family nearby has a need that fits with yours for now. Try again later.",
        ),
        "pool.a_family" => ("Una famiglia", "A family"),
        "pool.shared" => ("ore in comune", "hours at the same time"),
        "pool.suggested" => ("consigliata", "suggested"),
        "pool.choose" => ("Chi invitare", "Whom to invite"),
        "pool.rate" => (
            "Tariffa oraria che il gruppo pensa di pagare, in euro (facoltativa)",
            "The rate per hour the group means to pay, in euros (optional)",
        ),
        "pool.submit" => ("Proponi il gruppo", "Propose the group"),
        "pool.pick_one" => (
            "Scegli almeno una famiglia da invitare.",
            "Choose at least one family to invite.",
        ),
        "pool.back" => ("Torna al bisogno", "Back to the need"),
        "offer.title" => ("Offerte agli enti", "Offers to providers"),
        "offer.none" => (
            "Il gruppo non è ancora stato offerto a nessun ente.",
            "The group has not been offered to any provider yet.",
        ),
        "offer.privacy" => (
            "Ogni famiglia del gruppo vede a quali enti è stato offerto e a che punto è; i messaggi restano tra chi ha scritto e l'ente.",
            "Every family of the group sees which providers it was offered to and how far each got; the messages stay between the sender and the provider.",
        ),
        "offer.s.awaiting" => ("in attesa di risposta", "awaiting an answer"),
        "offer.s.open" => ("in corso", "in progress"),
        "offer.s.accepted" => ("preventivo accettato", "quote accepted"),
        "offer.s.declined" => ("l'ente ha rinunciato", "the provider declined"),
        "offer.s.expired" => ("nessuna risposta nei tempi", "no answer in time"),
        "offer.s.closed" => ("chiusa", "closed"),
        "offer.o.awaiting" => ("ordine da confermare", "order to be confirmed"),
        "offer.o.confirmed" => ("servizio confermato", "service confirmed"),
        "offer.o.cancelled" => ("ordine annullato", "order cancelled"),
        "offer.per_hour" => ("l'ora", "an hour"),
        "offer.sent_by" => ("Inviata da", "Sent by"),
        "offer.open_thread" => ("Apri la conversazione", "Open the conversation"),
        "offer.a_carer" => ("assistente familiare", "carer"),
        "offer.carers_title" => ("Offri il gruppo a un'assistente", "Offer the group to a carer"),
        "offer.carers_hint" => ("Libere tutta la settimana del gruppo, in zona.", "Free the group's whole week, in your area."),
        "offer.no_carers" => ("Nessuna assistente è libera tutta la settimana.", "No carer is free the whole week."),
        "offer.ask_carer" => ("Chiedi per il gruppo", "Ask for the group"),
        "offer.form_title" => ("Offri il gruppo a un ente", "Offer the group to a provider"),
        "offer.choose" => (
            "Servizi di questo tipo nella zona del gruppo: scegli a chi offrirlo",
            "Services of this kind in the group's area: choose whom to offer it to",
        ),
        "offer.no_services" => (
            "Nessun servizio pubblicato corrisponde per ora al bisogno del gruppo.",
            "No published service fits the group's need for now.",
        ),
        "offer.pick_one" => ("Scegli almeno un servizio.", "Choose at least one service."),
        "offer.message" => ("Messaggio agli enti", "Message to the providers"),
        "offer.message_hint" => (
            "Gli enti ricevono la zona e l'orario comune del gruppo, non i nomi delle famiglie. Non scrivere dati sulla salute.",
            "The providers get the group's zone and joint hours, not the families' names. Do not write health details.",
        ),
        "offer.consent" => (
            "Acconsento a condividere il messaggio e l'orario del gruppo con gli enti scelti",
            "I agree to share the message and the group's hours with the chosen providers",
        ),
        "offer.consent_needed" => (
            "Per inviare serve il tuo consenso.",
            "Your consent is needed to send it.",
        ),
        "offer.submit" => ("Offri il gruppo", "Offer the group"),
        "offer.sent" => (
            "Offerta inviata: le altre famiglie sono state avvisate. La conversazione è tra le tue richieste.",
            "Offer sent: the other families were told. The conversation is among your requests.",
        ),
}
