/** Portuguese phrasings (Portuguese and Brazilian Londoners). Written for Civic Pulse. */
import type { LanguageGrammar } from './types.js'

/** The Portuguese grammar. */
export const PT: LanguageGrammar = {
  code: 'pt',
  common: {
    opener: ['', '', 'Sério?', 'De novo.', 'Que absurdo.', 'Olá {council},', 'Inacreditável.'],
    time: ['', 'hoje', 'esta manhã', 'desde terça', 'outra vez esta semana', 'há dias', 'ontem'],
    closer: [
      '',
      '',
      'Que vergonha.',
      'Alguém vai resolver isso?',
      'Um absurdo.',
      'Por favor resolvam.',
      'Chega.',
    ],
    days: ['há dias', 'há uma semana', 'há {n} dias', 'há duas semanas'],
    emoji_neg: ['', '😡', '🙄', '😤', '🤦‍♂️'],
    emoji_pos: ['', '👍', '🙏', '😊', '💚'],
  },
  services: {
    'waste.missed-collection': {
      slots: { bin: ['o lixo', 'a reciclagem', 'os caixotes', 'o lixo orgânico', 'as lixeiras'] },
      complaint: [
        '{opener} [Não recolheram|Ninguém recolheu|Mais uma vez não levaram] {bin} {at_loc} {time}. {closer}',
        '{bin} [está|continua] na calçada {days} {at_loc}, [as raposas rasgam os sacos|o cheiro está horrível]. {council}',
        'O camião do lixo saltou [a nossa rua|o nosso prédio] {at_loc} {time} {emoji_neg}',
      ],
      question: [
        '{council} quando vão recolher {bin} {at_loc}?',
        'Alguém sabe se mudou o dia da recolha {at_loc}?',
      ],
    },
    'waste.fly-tipping': {
      complaint: [
        'Alguém [largou|abandonou] [um colchão|um sofá|um frigorífico|entulho] {at_loc} {time}. {council}',
      ],
    },
    'roads.pothole': {
      complaint: [
        '[Um buraco enorme|Uma cratera] na estrada {at_loc}, [furei o pneu|quase caí da bicicleta]. {council}',
        'O buraco {at_loc} continua lá {days}. {closer}',
      ],
    },
    'lighting.street-light': {
      complaint: [
        'O candeeiro {at_loc} não funciona {days}, [está tudo escuro|dá medo voltar à noite]. {council}',
      ],
    },
    'housing.repairs': {
      complaint: [
        '[Humidade|Bolor] na casa {at_loc} {days} e ninguém vem reparar. {council} {emoji_neg}',
        'Sem aquecimento {days}. [As crianças estão doentes|Está um frio horrível]. {closer}',
      ],
    },
    'transport.bus': {
      complaint: [
        'O {route} [não passou|passou cheio] {at_loc} {time}, meia hora à espera {emoji_neg}',
      ],
    },
    'noise.nuisance': {
      complaint: [
        '[Música alta|Festa|Obras] {at_loc} [até às 4|a noite toda]. Não consigo dormir {emoji_neg}',
      ],
    },
  },
  failures: {
    'missed-bins': {
      complaint: ['A rua toda {at_loc} sem recolha do lixo {time}! O que se passa? {council}'],
    },
    'water-main-burst': {
      complaint: [
        'Rebentou um cano em {street}, [a água corre pela rua|estamos sem água]. {utility}',
        'Sem água desde manhã por causa da avaria em {street} {emoji_neg}',
      ],
    },
    'bus-route-cancelled': {
      complaint: [
        'O {route} [cancelado|não está a circular] {time} e ninguém avisa. Vou chegar atrasado. @TfL',
      ],
    },
    'website-outage': {
      complaint: [
        'O site do council não funciona {time}, não consigo [pagar o council tax|fazer a reclamação]. {council}',
      ],
    },
    'heatwave-parks': {
      complaint: ['O bebedouro do parque não funciona com este calor! {council}'],
    },
  },
  chatter: {
    slots: { comida: ['pastéis de nata', 'pão de queijo', 'feijoada', 'um bom café', 'açaí'] },
    templates: [
      'Alguém sabe onde comprar {comida} em {area}?',
      'Que calor hoje em Londres 🥵',
      'Finalmente sexta-feira 🎉',
      'Jogo do Benfica hoje, quem vai ver? ⚽',
      'Procuro quarto em {area}, alguém sabe de algo?',
      'Saudades do sol de casa ☀️',
      'Hoje é dia de {comida} com os amigos ❤️',
      'Que cansaço, amanhã há mais',
    ],
  },
  replies: {
    agree: ['Aqui também {at_loc}', 'Na minha rua também', 'Igual, {days}', '+1'],
    chatter: ['haha', 'verdade', 'onde?', '😂', 'que lindo', 'obrigada!'],
  },
  spam: ['Ganhe £{money} por dia em casa, fala comigo no WhatsApp +44 7{digits}'],
}
