/** French phrasings (French and francophone African Londoners). Written for Civic Pulse. */
import type { LanguageGrammar } from './types.js'

/** The French grammar. */
export const FR: LanguageGrammar = {
  code: 'fr',
  common: {
    opener: ['', '', 'Sérieux ?', 'Encore.', 'Génial.', 'Bonjour {council},', "C'est une blague ?"],
    time: [
      '',
      "aujourd'hui",
      'ce matin',
      'depuis mardi',
      'encore cette semaine',
      'depuis des jours',
      'hier',
    ],
    closer: [
      '',
      '',
      "C'est honteux.",
      "Quelqu'un va s'en occuper ?",
      'Ras-le-bol.',
      'Merci de régler ça.',
      'Inadmissible.',
    ],
    days: ['depuis des jours', 'depuis une semaine', 'depuis {n} jours', 'depuis deux semaines'],
    emoji_neg: ['', '😡', '🙄', '😤', '🤦‍♀️'],
    emoji_pos: ['', '👍', '🙏', '😊'],
  },
  services: {
    'waste.missed-collection': {
      slots: { bin: ['les poubelles', 'le recyclage', 'les bacs', 'les déchets alimentaires'] },
      complaint: [
        "{opener} [Personne n'a ramassé|Ils n'ont pas ramassé|Toujours pas ramassé] {bin} {at_loc} {time}. {closer}",
        '{bin} [traînent|restent] sur le trottoir {days} {at_loc}, [les renards déchirent les sacs|ça sent horriblement mauvais]. {council}',
        'Le camion poubelle a sauté [notre rue|notre immeuble] {time} {emoji_neg}',
      ],
      question: [
        '{council} quand allez-vous ramasser {bin} {at_loc} ?',
        'Quelqu’un sait si le jour de collecte a changé {at_loc} ?',
      ],
    },
    'waste.fly-tipping': {
      complaint: [
        "Quelqu'un a [jeté|abandonné] [un matelas|un canapé|un frigo|des gravats] {at_loc} {time}. {council}",
      ],
    },
    'roads.pothole': {
      complaint: [
        '[Un énorme nid-de-poule|Un trou géant] sur la route {at_loc}, [pneu crevé|j’ai failli tomber de vélo]. {council}',
      ],
    },
    'lighting.street-light': {
      complaint: [
        'Le lampadaire {at_loc} ne marche plus {days}, [tout est noir|ça fait peur le soir]. {council}',
      ],
    },
    'housing.repairs': {
      complaint: [
        "[Humidité|Moisissure] dans l'appartement {at_loc} {days}, personne ne vient réparer. {council} {emoji_neg}",
        'Pas de chauffage {days}. [Les enfants sont malades|On gèle]. {closer}',
      ],
    },
    'transport.bus': {
      complaint: [
        "Le {route} [n'est pas passé|est passé plein] {at_loc} {time}, une demi-heure d'attente {emoji_neg}",
      ],
    },
    'noise.nuisance': {
      complaint: [
        '[Musique forte|Une fête|Des travaux] {at_loc} [jusqu’à 4h|toute la nuit]. Impossible de dormir {emoji_neg}',
      ],
    },
  },
  failures: {
    'missed-bins': {
      complaint: [
        'Toute la rue {at_loc} sans collecte des poubelles {time} ! Que se passe-t-il ? {council}',
      ],
    },
    'water-main-burst': {
      complaint: [
        "Une canalisation a éclaté sur {street}, [l'eau coule dans la rue|plus d'eau chez nous]. {utility}",
        'Pas d’eau depuis ce matin à cause de la fuite sur {street} {emoji_neg}',
      ],
    },
    'bus-route-cancelled': {
      complaint: [
        'Le {route} [annulé|ne circule pas] {time} et personne ne prévient. Je vais être en retard. @TfL',
      ],
    },
    'website-outage': {
      complaint: [
        'Le site du council ne marche pas {time}, impossible de [payer la council tax|faire un signalement]. {council}',
      ],
    },
    'heatwave-parks': {
      complaint: ['La fontaine du parc ne marche pas par cette chaleur ! {council}'],
    },
  },
  chatter: {
    slots: { bouffe: ['croissants', 'un bon café', 'du pain correct', 'attiéké', 'une crêpe'] },
    templates: [
      'Quelqu’un sait où trouver {bouffe} vers {area} ?',
      'Il fait trop chaud à Londres aujourd’hui 🥵',
      'Enfin vendredi 🎉',
      'Match du PSG ce soir, qui regarde ? ⚽',
      'Je cherche une chambre vers {area}, des idées ?',
      'Le soleil de chez moi me manque ☀️',
      "Aujourd'hui {bouffe} avec les copains ❤️",
      'Trop fatiguée, à demain',
    ],
  },
  replies: {
    agree: ['Pareil ici {at_loc}', 'Dans ma rue aussi', 'Pareil, {days}', '+1'],
    chatter: ['mdr', 'grave', 'où ça ?', '😂', 'trop bien', 'merci !'],
  },
  spam: ['Gagnez £{money} par jour depuis chez vous, WhatsApp +44 7{digits}'],
}
