/** Turkish phrasings (Turkish and Kurdish-Turkish Londoners). Written for Civic Pulse. */
import type { LanguageGrammar } from './types.js'

/** The Turkish grammar. */
export const TR: LanguageGrammar = {
  code: 'tr',
  common: {
    opener: ['', '', 'Ciddi mi?', 'Yine mi?', 'Harika.', 'Merhaba {council},', 'Rezalet.'],
    time: ['', 'bugün', 'bu sabah', 'salıdan beri', 'bu hafta yine', 'günlerdir', 'dün'],
    closer: ['', '', 'Rezalet.', 'Biri bununla ilgilenecek mi?', 'Yeter artık.', 'Lütfen çözün.'],
    days: ['günlerdir', 'bir haftadır', '{n} gündür', 'iki haftadır'],
    emoji_neg: ['', '😡', '🙄', '😤', '🤦'],
    emoji_pos: ['', '👍', '🙏', '😊'],
  },
  services: {
    'waste.missed-collection': {
      slots: { bin: ['çöpler', 'geri dönüşüm', 'çöp kutuları', 'yemek atıkları'] },
      complaint: [
        '{opener} {bin} {at_loc} {time} [yine toplanmadı|alınmadı]. {closer}',
        '{bin} {days} kaldırımda duruyor {at_loc}, [tilkiler poşetleri parçalıyor|koku berbat]. {council}',
        'Çöp kamyonu [sokağımızı|binamızı] {time} yine atladı {emoji_neg}',
      ],
      question: [
        '{council} {bin} {at_loc} ne zaman toplanacak?',
        'Çöp toplama günü {at_loc} değişti mi, bilen var mı?',
      ],
    },
    'waste.fly-tipping': {
      complaint: [
        'Biri {at_loc} [yatak|kanepe|buzdolabı|moloz] [bırakmış|atmış] {time}. {council}',
      ],
    },
    'roads.pothole': {
      complaint: [
        '{at_loc} yolda [kocaman bir çukur|derin bir çukur] var, [lastiğim patladı|bisikletten düşüyordum]. {council}',
      ],
    },
    'lighting.street-light': {
      complaint: [
        '{at_loc} sokak lambası {days} yanmıyor, [gece eve dönmek korkutucu|her yer karanlık]. {council}',
      ],
    },
    'housing.repairs': {
      complaint: [
        'Evde {days} [rutubet|küf] var, tamire kimse gelmiyor. {council} {emoji_neg}',
        '{days} kalorifer yok. [Çocuklar hasta|Donuyoruz]. {closer}',
      ],
    },
    'transport.bus': {
      complaint: [
        '{route} otobüsü {at_loc} {time} [gelmedi|dolu geçti], yarım saattir bekliyorum {emoji_neg}',
      ],
    },
    'noise.nuisance': {
      complaint: [
        '{at_loc} [yüksek müzik|parti|inşaat gürültüsü] [sabah 4e kadar|bütün gece]. Uyuyamıyorum {emoji_neg}',
      ],
    },
  },
  failures: {
    'missed-bins': {
      complaint: ['{at_loc} bütün sokağın çöpleri {time} toplanmadı! Ne oluyor? {council}'],
    },
    'water-main-burst': {
      complaint: [
        '{street} üzerinde ana su borusu patladı, [sokak su altında|suyumuz yok]. {utility}',
        '{street} arızası yüzünden sabahtan beri su yok {emoji_neg}',
      ],
    },
    'bus-route-cancelled': {
      complaint: [
        '{route} hattı {time} [iptal|çalışmıyor] ve kimse haber vermedi. İşe geç kalacağım. @TfL',
      ],
    },
    'website-outage': {
      complaint: [
        'Council sitesi {time} çalışmıyor, [council tax ödeyemiyorum|şikayet bildiremiyorum]. {council}',
      ],
    },
    'heatwave-parks': { complaint: ['Bu sıcakta parktaki su çeşmesi çalışmıyor! {council}'] },
  },
  chatter: {
    slots: { yemek: ['lahmacun', 'simit', 'döner', 'baklava', 'Türk kahvesi', 'kahvaltı'] },
    templates: [
      '{area} civarında iyi {yemek} nerede bulunur?',
      'Londra bugün çok sıcak 🥵',
      'Nihayet cuma 🎉',
      'Bu akşam maç var, kim izliyor? ⚽',
      '{area} tarafında kiralık oda arıyorum, bilen var mı?',
      'Memleketi özledim ☀️',
      'Bugün arkadaşlarla {yemek} keyfi ❤️',
      'Çok yorgunum, yarın görüşürüz',
    ],
  },
  replies: {
    agree: ['Bizde de aynı {at_loc}', 'Bizim sokakta da', 'Aynen, {days}', '+1'],
    chatter: ['haha', 'doğru', 'nerede?', '😂', 'çok güzel', 'teşekkürler!'],
  },
  spam: ['Evden günde £{money} kazan, WhatsApp +44 7{digits} yaz'],
}
