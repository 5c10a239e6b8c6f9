/** Polish phrasings (a large London community). Written for Civic Pulse. */
import type { LanguageGrammar } from './types.js'

/** The Polish grammar. */
export const PL: LanguageGrammar = {
  code: 'pl',
  common: {
    opener: ['', '', 'Serio?', 'Znowu.', 'No pięknie.', 'Hej {council},', 'Masakra.'],
    time: ['', 'dzisiaj', 'od rana', 'od wtorku', 'znowu w tym tygodniu', 'od tygodnia', 'wczoraj'],
    closer: [
      '',
      '',
      'Tragedia.',
      'Ktoś to w końcu naprawi?',
      'Płacimy council tax za co?',
      'Dramat.',
      'Pomocy.',
    ],
    days: ['od kilku dni', 'od tygodnia', 'od dwóch tygodni', 'od {n} dni'],
    emoji_neg: ['', '😡', '🙄', '😤', '🤦'],
    emoji_pos: ['', '👍', '🙏', '😊'],
  },
  services: {
    'waste.missed-collection': {
      slots: { bin: ['śmieci', 'kosze', 'recykling', 'brązowy kosz', 'odpady kuchenne'] },
      complaint: [
        '{opener} [Nikt nie odebrał|Nie zabrali|Znowu nie wywieźli] {bin} {at_loc} {time}. {closer}',
        '{bin} [stoją|leżą] na chodniku {days} {at_loc}, [lisy rozrywają worki|smród jest okropny]. {council}',
        'Śmieciarka [ominęła|pominęła] [naszą ulicę|nasz blok] {at_loc} {time}. {emoji_neg}',
      ],
      question: [
        '{council} kiedy [odbierzecie|wywieziecie] {bin} {at_loc}?',
        'Czy ktoś wie, czy zmienił się dzień [odbioru śmieci|wywozu] {at_loc}?',
      ],
    },
    'waste.fly-tipping': {
      complaint: [
        'Ktoś [wyrzucił|porzucił] [materac|lodówkę|kanapę|gruz] {at_loc} {time}. {council}',
        '[Dzikie wysypisko|Sterta śmieci] {at_loc} {days}. {closer}',
      ],
    },
    'roads.pothole': {
      complaint: [
        '[Ogromna|Głęboka] dziura w drodze {at_loc}, [przebiłem oponę|prawie spadłem z roweru]. {council}',
        'Dziura {at_loc} [rośnie|jest] {days} i nikt jej nie łata. {closer}',
      ],
      question: ['{council} kiedy załatacie dziurę {at_loc}?'],
    },
    'lighting.street-light': {
      complaint: [
        'Latarnia {at_loc} nie działa {days}, [ciemno jak w grobie|strach wracać wieczorem]. {council}',
      ],
    },
    'housing.repairs': {
      complaint: [
        '[Grzyb|Pleśń|Wilgoć] w mieszkaniu socjalnym {at_loc} {days}, nikt nie przychodzi naprawić. {council} {emoji_neg}',
        '[Brak ogrzewania|Brak ciepłej wody] {days}. [Dzieci chorują|Marzniemy]. {closer}',
      ],
    },
    'transport.bus': {
      complaint: [
        'Autobus {route} [znowu nie przyjechał|odjechał pełny] {at_loc} {time}. {emoji_neg}',
      ],
    },
    'noise.nuisance': {
      complaint: [
        '[Głośna muzyka|Impreza|Wiercenie] {at_loc} [do 4 rano|całą noc]. Nie da się spać. {emoji_neg}',
      ],
    },
    'parks.maintenance': {
      complaint: ['Plac zabaw w parku {at_loc} [zepsuty|zamknięty] {days}. {council}'],
      praise: ['Park {at_loc} wygląda dziś pięknie, dziękujemy ogrodnikom {emoji_pos}'],
    },
  },
  failures: {
    'missed-bins': {
      complaint: [
        'Cała ulica {at_loc} bez wywozu śmieci {time}! Co się dzieje? {council}',
        'Nikt [w okolicy|na osiedlu] {at_loc} nie ma odebranych śmieci {time}. {emoji_neg}',
      ],
    },
    'water-main-burst': {
      complaint: [
        'Pękła rura wodociągowa na {street}, [woda leje się ulicą|nie mamy wody]. {utility}',
        'Brak wody od rana [przez awarię|po awarii] na {street}. {emoji_neg}',
      ],
    },
    'bus-route-cancelled': {
      complaint: [
        'Linia {route} [odwołana|nie kursuje] {time} i nikt nic nie mówi. Spóźnię się do pracy. @TfL',
      ],
    },
    'website-outage': {
      complaint: [
        'Strona [council|urzędu] nie działa {time}, nie mogę [zapłacić council tax|zgłosić problemu]. {council}',
      ],
    },
    'heatwave-parks': {
      complaint: [
        'Fontanna z wodą pitną w parku nie działa [w taki upał|przy 33 stopniach]! {council}',
        'Brodzik w parku zamknięty w upał? {emoji_neg}',
      ],
    },
  },
  chatter: {
    slots: {
      jedzenie: ['pierogi', 'żurek', 'kebab', 'pączki', 'bigos', 'kawę'],
      kto: ['mama', 'szef', 'sąsiad', 'współlokator'],
    },
    templates: [
      'Ktoś wie, gdzie w {area} kupić dobre {jedzenie}?',
      'Ale dziś gorąco w Londynie 😅',
      '{kto} znowu dzwoni o 7 rano 🙃',
      'Weekend w końcu! Grill i piwo 🍻',
      'Szukam pokoju do wynajęcia w okolicy {area}, ktoś coś?',
      'Polski sklep w {area} ma świeży chleb, polecam',
      'Mecz Polski dziś wieczorem, kto ogląda? ⚽',
      'Jaki piękny dzień na spacer po {area} ☀️',
      'Zmęczona po pracy, idę spać',
    ],
  },
  replies: {
    agree: ['U nas też {at_loc}', 'To samo na naszej ulicy', 'Dokładnie, {days}', '+1'],
    chatter: ['haha', 'prawda', 'gdzie?', '😂', 'super', 'dzięki!'],
  },
  spam: [
    'Praca od zaraz w Londynie, £{money} tygodniowo, pisz na WhatsApp +44 7{digits}',
    'Tanie przeprowadzki i wywóz śmieci {area}, dzwoń 07{digits}',
  ],
}
