/** Spanish phrasings (Spanish and Latin American Londoners). Written for Civic Pulse. */
import type { LanguageGrammar } from './types.js'

/** The Spanish grammar. */
export const ES: LanguageGrammar = {
  code: 'es',
  common: {
    opener: ['', '', '¿En serio?', 'Otra vez.', 'Increíble.', 'Hola {council},', 'Qué vergüenza.'],
    time: [
      '',
      'hoy',
      'esta mañana',
      'desde el martes',
      'otra vez esta semana',
      'desde hace días',
      'ayer',
    ],
    closer: [
      '',
      '',
      '¡Qué desastre!',
      '¿Alguien va a hacer algo?',
      'Una vergüenza.',
      'Por favor, arréglenlo.',
      'Ya basta.',
    ],
    days: ['desde hace días', 'desde hace una semana', 'desde hace {n} días', 'dos semanas ya'],
    emoji_neg: ['', '😡', '🙄', '😤', '🤦‍♀️'],
    emoji_pos: ['', '👍', '🙏', '😊', '💚'],
  },
  services: {
    'waste.missed-collection': {
      slots: {
        bin: [
          'la basura',
          'el reciclaje',
          'los contenedores',
          'el cubo marrón',
          'los restos de comida',
        ],
      },
      complaint: [
        '{opener} [No recogieron|Otra vez no han recogido|Nadie ha recogido] {bin} {at_loc} {time}. {closer}',
        '{bin} [lleva|sigue] en la acera {days} {at_loc}, [los zorros rompen las bolsas|huele fatal]. {council}',
        'El camión de la basura se saltó [nuestra calle|nuestro edificio] {at_loc} {time} {emoji_neg}',
      ],
      question: [
        '{council} ¿cuándo van a recoger {bin} {at_loc}?',
        '¿Alguien sabe si cambió el día de recogida {at_loc}?',
      ],
    },
    'waste.fly-tipping': {
      complaint: [
        'Alguien [tiró|dejó] [un colchón|un sofá|una nevera|escombros] {at_loc} {time}. {council}',
        'Un montón de basura abandonada {at_loc} {days}. {closer}',
      ],
    },
    'roads.pothole': {
      complaint: [
        '[Un bache enorme|Un agujero gigante] en la calle {at_loc}, [casi me caigo de la bici|se me pinchó la rueda]. {council}',
        'El bache {at_loc} sigue ahí {days}. {closer}',
      ],
      question: ['{council} ¿cuándo van a arreglar el bache {at_loc}?'],
    },
    'lighting.street-light': {
      complaint: [
        'La farola {at_loc} no funciona {days}, [da miedo volver de noche|está todo oscuro]. {council}',
      ],
    },
    'housing.repairs': {
      complaint: [
        '[Humedad|Moho] en el piso {at_loc} {days} y nadie viene a repararlo. {council} {emoji_neg}',
        'Sin calefacción {days}. [Los niños están enfermos|Hace un frío horrible]. {closer}',
      ],
    },
    'transport.bus': {
      complaint: [
        'El {route} [no pasó|pasó lleno] {at_loc} {time}, llevo media hora esperando {emoji_neg}',
      ],
    },
    'noise.nuisance': {
      complaint: [
        '[Música alta|Una fiesta|Obras] {at_loc} [hasta las 4|toda la noche]. No puedo dormir {emoji_neg}',
      ],
    },
    'parks.maintenance': {
      complaint: ['Los columpios del parque {at_loc} están rotos {days}. {council}'],
      praise: ['El parque {at_loc} está precioso hoy, gracias a los jardineros {emoji_pos}'],
    },
  },
  failures: {
    'missed-bins': {
      complaint: [
        '¡Toda la calle {at_loc} sin recogida de basura {time}! ¿Qué pasa? {council}',
        'Nadie en {area} tiene la basura recogida {time} {emoji_neg}',
      ],
    },
    'water-main-burst': {
      complaint: [
        'Se rompió una tubería en {street}, [el agua corre por la calle|no tenemos agua]. {utility}',
        'Sin agua desde esta mañana por la avería en {street} {emoji_neg}',
      ],
    },
    'bus-route-cancelled': {
      complaint: [
        'El {route} [cancelado|no circula] {time} y nadie avisa. Llego tarde al trabajo. @TfL',
      ],
    },
    'website-outage': {
      complaint: [
        'La web del council no funciona {time}, no puedo [pagar el council tax|reportar nada]. {council}',
      ],
    },
    'heatwave-parks': {
      complaint: [
        '¡La fuente del parque no funciona con este calor! {council}',
        '¿La piscina infantil del parque cerrada con 33 grados? {emoji_neg}',
      ],
    },
  },
  chatter: {
    slots: { comida: ['empanadas', 'arepas', 'tortilla', 'churros', 'un café decente', 'tacos'] },
    templates: [
      '¿Alguien sabe dónde comprar {comida} en {area}?',
      'Qué calor hace hoy en Londres 🥵',
      'Por fin viernes 🎉',
      'Partido del Madrid esta noche, ¿quién lo ve? ⚽',
      'Busco habitación en {area}, ¿alguien sabe de algo?',
      'Echo de menos el sol de casa ☀️',
      'Hoy toca {comida} con amigos en {area} ❤️',
      'Qué cansada estoy, mañana más',
    ],
  },
  replies: {
    agree: ['Aquí igual {at_loc}', 'En mi calle también', 'Lo mismo, {days}', '+1'],
    chatter: ['jaja', 'verdad', '¿dónde?', '😂', 'qué bonito', '¡gracias!'],
  },
  spam: [
    'Gana £{money} al día desde casa, escríbeme por WhatsApp +44 7{digits}',
    'Mudanzas y retirada de basura baratas en {area}, llama al 07{digits}',
  ],
}
