/**
 * Hand-written part of the default UK local-government taxonomy: groups, services, which SHEF-A
 * groups (or extra council category names) each service covers, LGSL codes, keywords and example
 * phrasings per language. `service-taxonomy.ts` joins it with the SHEF and LGSL files in ../shared
 * and writes packages/adapters/config/taxonomy.uk-local.yaml. Phrases are ours, not copied from data.
 * Keywords: `|`-separated; examples: one string per phrasing.
 */

/** One service as written by hand. */
export interface ServiceSpec {
  code: string
  name: string
  team?: string
  /** SHEF-A groups whose council categories mean this service. */
  shefA?: string[]
  /** Extra council category names (not in the SHEF file, or moved here from another SHEF-A). */
  categories?: string[]
  /** SHEF-B / SHEF-C to record when no council category exists to derive them from. */
  shefB?: string
  shefC?: string
  lgsl?: number[]
  kw: Record<string, string>
  ex?: Record<string, string[]>
}

/** One group of services. */
export interface GroupSpec {
  code: string
  name: string
  team: string
  services: ServiceSpec[]
}

/** The curated groups and services. */
export const SPEC: GroupSpec[] = [
  {
    code: 'waste',
    name: 'Waste and recycling',
    team: 'Waste and Recycling',
    services: [
      {
        code: 'waste.fly-tipping',
        name: 'Fly-tipping',
        shefA: ['Fly-tipping', 'Dumped Rubbish'],
        categories: [
          'Flytip',
          'Flytipping - General (Estates)',
          'Flytipping - Black Bags (Street)',
        ],
        lgsl: [587],
        kw: {
          en: 'fly tipping|fly-tipping|flytipping|fly tip|flytip|dumped|dumping|dumped rubbish|dumped mattress|mattress|sofa|fridge|black bags|rubble|builders waste|illegally dumped',
          es: 'vertido ilegal|basura tirada|colchón abandonado',
          fr: 'dépôt sauvage|dépôts sauvages|encombrants',
          pl: 'nielegalne wysypisko|porzucone śmieci|wyrzucony materac',
          pt: 'lixo despejado|despejo ilegal|colchão abandonado',
          tr: 'kaçak döküm|atılmış çöp',
        },
        ex: {
          en: [
            'Someone has dumped a mattress and black bags on the pavement',
            'Fly tipping again at the end of our road, fridge and rubble',
            'huge pile of dumped rubbish by the garages',
          ],
          es: ['Han tirado un colchón y bolsas de basura en la acera'],
          fr: ['Dépôt sauvage de sacs poubelles et un canapé dans notre rue'],
          pl: ['Ktoś wyrzucił materac i worki ze śmieciami na chodnik'],
          pt: ['Despejaram um sofá e sacos de lixo na rua'],
          tr: ['Birisi kaldırıma yatak ve çöp poşetleri atmış'],
          bn: ['রাস্তায় কেউ ময়লার ব্যাগ আর তোশক ফেলে গেছে'],
        },
      },
      {
        code: 'waste.missed-collection',
        name: 'Missed bin collection',
        shefA: ['Missed Bin Collection', 'Bin Collection'],
        categories: ['Missed Collection (Green Waste)', 'Missed Food Waste Collection'],
        lgsl: [524],
        kw: {
          en: 'missed collection|missed bin|bins not collected|bin not emptied|not been collected|bin men|binmen|collection day|food waste caddy|wheelie bin',
          es: 'no recogieron la basura|contenedor sin vaciar',
          fr: 'poubelle non ramassée|collecte oubliée',
          pl: 'nie odebrano śmieci|nieopróżniony kosz',
          pt: 'lixo não foi recolhido|contentor não esvaziado',
          tr: 'çöp toplanmadı',
        },
        ex: {
          en: [
            'Our bins were not collected this week again',
            'Missed collection on Tuesday, the food waste caddy is still full',
          ],
          es: ['Otra semana sin recoger la basura en nuestra calle'],
          fr: ['Nos poubelles n’ont pas été ramassées cette semaine'],
          pl: ['Znowu nie odebrano śmieci z naszej ulicy'],
          pt: ['O lixo não foi recolhido esta semana outra vez'],
          tr: ['Bu hafta yine çöplerimiz toplanmadı'],
          ur: ['اس ہفتے بھی ہمارا کچرا نہیں اٹھایا گیا'],
        },
      },
      {
        code: 'waste.refuse',
        name: 'Rubbish and recycling (general)',
        shefA: ['Rubbish'],
        lgsl: [524],
        kw: {
          en: 'rubbish|refuse|household waste|bin day|bins|overflowing bins|communal bins|bin store|bin chute',
        },
        ex: {
          en: [
            'The communal bins on the estate are overflowing',
            'Rubbish spilling out of the bin store',
          ],
          es: ['Los contenedores del edificio están desbordados'],
        },
      },
      {
        code: 'waste.recycling',
        name: 'Recycling collection',
        shefA: ['Recycling'],
        lgsl: [533, 851],
        kw: {
          en: 'recycling|recycling bin|recycling box|green box|glass recycling|cardboard',
          es: 'reciclaje',
          fr: 'recyclage',
          pl: 'recykling|segregacja',
          pt: 'reciclagem',
          tr: 'geri dönüşüm',
        },
        ex: {
          en: ['Recycling has not been picked up for two weeks', 'Can I get a new recycling box?'],
        },
      },
      {
        code: 'waste.garden',
        name: 'Garden waste',
        shefA: ['Garden Waste'],
        lgsl: [530],
        kw: { en: 'garden waste|green waste|garden bin|garden waste subscription|brown bin' },
        ex: { en: ['Garden waste bin missed again even though I paid the subscription'] },
      },
      {
        code: 'waste.trade',
        name: 'Trade waste',
        shefA: ['Trade Waste'],
        categories: ['Trade Waste Issue'],
        kw: { en: 'trade waste|commercial waste|shop bins|restaurant bins|business waste' },
        ex: { en: ['The takeaway leaves its trade waste bags on the pavement every night'] },
      },
      {
        code: 'waste.bins',
        name: 'Bin repair or replacement',
        shefA: ['Bin Repair/Replacement', 'Dog Litter Bin'],
        categories: ['Bin Repair'],
        lgsl: [533],
        kw: {
          en: 'broken bin|bin lid|new bin|replacement bin|bin wheel|damaged bin|stolen bin|bin repair',
          pl: 'zepsuty kosz',
          es: 'contenedor roto',
        },
        ex: {
          en: [
            'Our wheelie bin lid is broken, can we have a replacement',
            'The bin wheel came off',
          ],
        },
      },
      {
        code: 'waste.skips',
        name: 'Skips and builders’ waste on the highway',
        shefA: ['Skips'],
        kw: { en: 'skip|skip licence|skip permit|builders skip' },
        ex: { en: ['Skip left on the road for weeks with no lights'] },
      },
      {
        code: 'waste.bulky',
        name: 'Bulky waste collection',
        lgsl: [528],
        kw: {
          en: 'bulky waste|bulky collection|large items|collect my sofa|collect a fridge',
          es: 'recogida de muebles',
        },
        ex: { en: ['How do I book a bulky waste collection for an old sofa?'] },
      },
      {
        code: 'waste.hazardous',
        name: 'Hazardous and clinical waste',
        lgsl: [850, 859],
        kw: { en: 'hazardous waste|asbestos|clinical waste|chemicals|paint tins|sharps bin' },
        ex: { en: ['Someone has left asbestos sheets behind the shops'] },
      },
    ],
  },
  {
    code: 'cleaning',
    name: 'Street cleaning',
    team: 'Street Cleansing',
    services: [
      {
        code: 'cleaning.litter',
        name: 'Litter and street cleaning',
        shefA: [
          'Street Cleaning',
          'Accumulated Litter',
          'Litter/Litter Bin',
          'Leafing',
          'Debris/Spillage',
          'Spillage on Road',
        ],
        categories: ['Street Litter Picking', 'Litter and Detritus'],
        lgsl: [580, 591],
        kw: {
          en: 'litter|street cleaning|street sweeping|dirty street|broken glass|leaves|litter bin|overflowing litter bin|spillage|oil spill|needs sweeping',
          es: 'calle sucia|basura en la calle|limpieza',
          fr: 'rue sale|déchets|nettoyage',
          pl: 'brudna ulica|śmieci na ulicy|sprzątanie',
          pt: 'rua suja|lixo na rua|limpeza',
          tr: 'sokak kirli|temizlik',
        },
        ex: {
          en: [
            'Street is covered in litter and broken glass, it has not been swept for weeks',
            'Litter bin overflowing outside the station',
          ],
          es: ['La calle está llena de basura y nadie la limpia'],
          fr: ['La rue est très sale, personne ne passe nettoyer'],
          pl: ['Ulica jest pełna śmieci i nikt jej nie sprząta'],
          pt: ['A rua está cheia de lixo e ninguém limpa'],
          tr: ['Sokak çöple dolu, haftalardır temizlenmedi'],
          bn: ['রাস্তা ময়লায় ভরা, কেউ পরিষ্কার করে না'],
        },
      },
      {
        code: 'cleaning.pavement-washing',
        name: 'Pavement jet washing',
        shefB: 'Rubbish',
        shefC: 'Environmental Health',
        kw: {
          en: 'jet wash|jet washing|pavement jetting|sticky pavement|stained pavement|chewing gum|urine smell|grease on pavement',
        },
        ex: {
          en: [
            'The pavement outside the chicken shop is greasy and needs jet washing',
            'Pavement stinks of urine, please jet wash',
          ],
        },
      },
      {
        code: 'cleaning.dog-fouling',
        name: 'Dog fouling',
        shefA: ['Dog Fouling'],
        categories: ['Dog Mess'],
        lgsl: [577, 432],
        kw: {
          en: 'dog mess|dog poo|dog poop|dog fouling|dog dirt|dog waste',
          es: 'caca de perro|excrementos de perro',
          fr: 'crottes de chien|déjections canines',
          pl: 'psie kupy|odchody psów',
          pt: 'cocô de cachorro|fezes de cão',
          tr: 'köpek pisliği',
        },
        ex: {
          en: ['Dog mess all along the pavement to the school'],
          fr: ['Des crottes de chien partout sur le trottoir'],
          pl: ['Pełno psich kup na chodniku'],
        },
      },
      {
        code: 'cleaning.syringes',
        name: 'Discarded needles',
        shefA: ['Discarded Syringes'],
        lgsl: [428],
        kw: { en: 'needle|needles|syringe|syringes|drug paraphernalia|sharps' },
        ex: { en: ['Used needles left in the playground'] },
      },
      {
        code: 'cleaning.graffiti',
        name: 'Graffiti',
        shefA: ['Graffiti'],
        categories: [
          'Graffiti / Flyposting on stop or shelter (non-offensive)',
          'Graffiti / Flyposting on stop or shelter (offensive)',
          'Graffiti (Offensive)',
          'Graffiti / Flyposting on street light (non-offensive)',
        ],
        lgsl: [584],
        kw: {
          en: 'graffiti|tag|tags|tagged|tagging|spray paint|sprayed|offensive graffiti|vandalised with paint',
          es: 'grafiti|pintadas',
          fr: 'graffiti|tags|tagué',
          pl: 'graffiti|pomazane',
          pt: 'grafite|pichação|pichado',
          tr: 'grafiti|duvar yazısı',
        },
        ex: {
          en: [
            'Graffiti tags all over the bus shelter',
            'Offensive graffiti sprayed on the wall by the park',
          ],
          es: ['Han llenado la pared de pintadas'],
          pt: ['Picharam o muro da escola'],
        },
      },
      {
        code: 'cleaning.fly-posting',
        name: 'Fly-posting and illegal signs',
        shefA: ['Flyposting', 'To Let Signs'],
        categories: ['Fly-Posting'],
        lgsl: [588],
        kw: {
          en: 'fly posting|fly-posting|flyposting|posters|stickers|flyers|illegal advertising|a-board',
          fr: 'affichage sauvage',
        },
        ex: { en: ['Posters fly-posted all over the lamp posts on the high street'] },
      },
      {
        code: 'cleaning.dead-animals',
        name: 'Dead animals',
        shefA: ['Dead Animals'],
        lgsl: [576],
        kw: { en: 'dead fox|dead animal|dead cat|dead pigeon|dead bird|carcass|roadkill' },
        ex: { en: ['There is a dead fox in the road outside number 12'] },
      },
      {
        code: 'cleaning.shopping-trolley',
        name: 'Abandoned shopping trolleys',
        shefA: ['Shopping Trolley'],
        kw: { en: 'shopping trolley|trolleys|trolley|abandoned trolley', pl: 'wózek sklepowy' },
        ex: { en: ['Three shopping trolleys dumped in the alleyway'] },
      },
    ],
  },
  {
    code: 'roads',
    name: 'Roads and pavements',
    team: 'Highways',
    services: [
      {
        code: 'roads.pothole',
        name: 'Potholes',
        shefA: ['Potholes'],
        categories: ['Pothole (major)', 'Pothole (minor)'],
        lgsl: [557],
        kw: {
          en: 'pothole|potholes|pot hole|hole in the road|crater|sunken road',
          es: 'bache|baches',
          fr: 'nid-de-poule|nids-de-poule|trou dans la route',
          pl: 'dziura w drodze|dziury|wyrwa',
          pt: 'buraco na rua|buracos',
          tr: 'çukur|yolda çukur',
        },
        ex: {
          en: [
            'Massive pothole on the corner, cyclists are swerving into traffic',
            'Pothole getting deeper every day',
          ],
          es: ['Hay un bache enorme en la esquina'],
          fr: ['Énorme nid-de-poule au coin de la rue'],
          pl: ['Ogromna dziura w jezdni na rogu ulicy'],
          pt: ['Tem um buraco enorme na rua'],
          tr: ['Köşede kocaman bir çukur var'],
          bn: ['রাস্তার মোড়ে বড় গর্ত হয়েছে'],
          ur: ['سڑک پر بہت بڑا گڑھا ہے'],
        },
      },
      {
        code: 'roads.surface',
        name: 'Road surface defects',
        shefA: ['Road Surface Defects', 'Road/Pavement Defects'],
        lgsl: [557],
        kw: {
          en: 'road surface|cracked road|uneven road|loose gravel|subsidence|resurfacing|broken tarmac',
        },
        ex: { en: ['The road surface is breaking up after the roadworks'] },
      },
      {
        code: 'roads.general',
        name: 'Roads and highways (general)',
        shefA: ['General Highways Enquiries', 'Highway Condition'],
        categories: ['Roads/Highways', 'General Fault'],
        lgsl: [550],
        kw: {
          en: 'road|highway|highways|carriageway|road damage|road repair|kerb|speed bump|road closed',
        },
        ex: {
          en: [
            'The road outside is in a terrible state',
            'Damage to the carriageway near the junction',
          ],
        },
      },
      {
        code: 'roads.pavement',
        name: 'Pavement defects',
        shefA: ['Pavement /Footway Defects', 'Broken Kerbs', 'Trip Hazard'],
        // Lewisham's "Pavement Jetting" category is used by reporters for pavement defects of every kind.
        categories: [
          'Pavement Defect (uneven surface / cracked paving slab)',
          'Pavement Overcrowding',
          'Pavement Jetting',
        ],
        lgsl: [537],
        kw: {
          en: 'pavement|paving slab|paving stone|loose slab|cracked slab|uneven pavement|trip hazard|tripped|footway|sidewalk|broken kerb',
          es: 'acera rota|baldosa suelta',
          fr: 'trottoir abîmé|dalle cassée',
          pl: 'chodnik|płyta chodnikowa',
          pt: 'calçada|passeio partido',
          tr: 'kaldırım',
        },
        ex: {
          en: [
            'Loose paving slab outside the post office, my mum tripped on it',
            'Uneven pavement is a trip hazard for wheelchair users',
          ],
          es: ['Hay una baldosa suelta en la acera, alguien se va a caer'],
          pl: ['Luźna płyta chodnikowa, ktoś się przewróci'],
          pt: ['O passeio está partido, é perigoso'],
        },
      },
      {
        code: 'roads.markings',
        name: 'Road markings and crossings',
        shefA: ['Road Markings', 'Sign or Marking', 'Zebra Crossing'],
        categories: ['Worn out road markings'],
        lgsl: [568],
        kw: {
          en: 'road markings|white lines|zebra crossing|yellow lines|faded lines|pedestrian crossing',
        },
        ex: { en: ['The zebra crossing markings have worn away'] },
      },
      {
        code: 'roads.signs',
        name: 'Road signs',
        shefA: ['Street Signs', 'Lit Signs'],
        categories: ['Road Traffic Signs'],
        kw: {
          en: 'road sign|traffic sign|sign down|sign missing|bent sign|sign knocked over|bollard',
        },
        ex: { en: ['The no entry sign has been knocked over'] },
      },
      {
        code: 'roads.traffic-signals',
        name: 'Traffic lights and crossings signals',
        shefA: ['Traffic Lights'],
        categories: ['Pedestrian wait button not working', 'Lamp out (traffic lights)'],
        lgsl: [567],
        kw: {
          en: 'traffic lights|traffic light|signals|green man|pedestrian button|lights stuck',
          es: 'semáforo',
          fr: 'feu rouge|feux tricolores',
          pl: 'sygnalizacja|światła',
          pt: 'semáforo',
        },
        ex: { en: ['Traffic lights at the junction are stuck on red'] },
      },
      {
        code: 'roads.safety',
        name: 'Road safety',
        shefA: ['Road Safety', 'Verge Damage', 'Barriers/Bollards on RoW'],
        categories: ['Safety concern (traffic or pedestrian)'],
        lgsl: [571, 543, 784],
        kw: {
          en: 'speeding|road safety|dangerous junction|rat run|speed camera|traffic calming|near miss|unsafe crossing',
        },
        ex: {
          en: [
            'Cars speeding past the primary school, someone will be killed',
            'We need traffic calming on this rat run',
          ],
        },
      },
      {
        code: 'roads.works',
        name: 'Road works',
        shefA: ['Road Works'],
        kw: { en: 'road works|roadworks|road closure|diversion|temporary lights' },
        ex: { en: ['Roadworks left unattended for weeks with the road closed'] },
      },
      {
        code: 'roads.utility-works',
        name: 'Utility works',
        shefA: ['Utility Works', 'Trenches'],
        kw: { en: 'utility works|gas works|thames water dig|trench|cable laying|openreach' },
        ex: { en: ['Gas works have left a trench in the pavement'] },
      },
      {
        code: 'roads.gritting',
        name: 'Gritting, ice and snow',
        shefA: ['Gritting', 'Grit Bins', 'Salt Bins', 'Ice & Snow'],
        lgsl: [561],
        kw: {
          en: 'gritting|grit|grit bin|salt bin|icy|ice|snow|frozen pavement',
          pl: 'oblodzony chodnik',
          es: 'hielo',
        },
        ex: { en: ['The pavements are sheet ice and nobody has gritted'] },
      },
      {
        code: 'roads.street-furniture',
        name: 'Street furniture',
        shefA: ['Street Furniture', 'Benches/Bicycle Racks', 'Broken Fire Hydrant', 'Fences'],
        lgsl: [559],
        kw: {
          en: 'bench|bike rack|cycle stand|railings|fence|bollard|street furniture|planter|phone box',
        },
        ex: { en: ['The bench by the bus stop is broken'] },
      },
      {
        code: 'roads.nameplates',
        name: 'Street name plates',
        shefA: ['Street Name Plates'],
        categories: ['Street Nameplates'],
        lgsl: [541],
        kw: { en: 'street name|name plate|nameplate|street sign missing' },
        ex: { en: ['The street name plate has fallen off the wall'] },
      },
      {
        code: 'roads.bridges',
        name: 'Bridges and retaining walls',
        shefA: ['Bridge/Culvert Defects', 'Retaining Wall'],
        kw: { en: 'bridge|railway bridge|culvert|retaining wall|underpass' },
        ex: { en: ['Bricks falling from the railway bridge'] },
      },
      {
        code: 'roads.obstruction',
        name: 'Obstructions and rights of way',
        shefA: [
          'Obstruction',
          'Vehicle Access',
          'Right of Way',
          'Countryside RoW',
          'Gates/Stiles RoW',
        ],
        lgsl: [550, 477],
        kw: {
          en: 'obstruction|blocked footpath|blocking the pavement|public footpath|right of way|dropped kerb|crossover|a-boards blocking',
        },
        ex: { en: ['Scaffolding is blocking the whole pavement, buggies have to go in the road'] },
      },
    ],
  },
  {
    code: 'lighting',
    name: 'Street lighting',
    team: 'Street Lighting',
    services: [
      {
        code: 'lighting.street-lights',
        name: 'Street lights',
        shefA: ['Street Lights'],
        categories: [
          'Light on during daylight hours',
          'All out - three or more street lights in a row',
          'All out',
          'Single Light out (street light)',
          'Street Light - Equipment damaged, pole leaning',
          'Lights out in Pedestrian Subway',
        ],
        lgsl: [564],
        kw: {
          en: 'street light|streetlight|street lamp|lamp post|lamppost|light out|lights out|light not working|flickering|light on during the day|dark street',
          es: 'farola|farolas|alumbrado',
          fr: 'lampadaire|éclairage public',
          pl: 'latarnia|oświetlenie uliczne',
          pt: 'poste de luz|iluminação pública',
          tr: 'sokak lambası',
        },
        ex: {
          en: [
            'Street light outside number 40 has been out for a month, it is pitch dark',
            'Lamp post flickering all night',
            'Street light on all day',
          ],
          es: ['La farola de mi calle lleva semanas apagada'],
          fr: ['Le lampadaire devant chez moi ne fonctionne plus'],
          pl: ['Latarnia przed domem nie świeci od miesiąca'],
          pt: ['O poste de luz da minha rua está apagado'],
          tr: ['Sokak lambası bir aydır yanmıyor'],
          bn: ['আমাদের রাস্তার বাতি এক মাস ধরে জ্বলে না'],
        },
      },
    ],
  },
  {
    code: 'vehicles',
    name: 'Abandoned vehicles',
    team: 'Parking Services',
    services: [
      {
        code: 'vehicles.abandoned',
        name: 'Abandoned vehicles',
        shefA: ['Abandoned Vehicles', 'Untaxed Vehcile'],
        categories: ['Abandoned vehicles'],
        lgsl: [372],
        kw: {
          en: 'abandoned car|abandoned vehicle|abandoned van|untaxed|no tax|flat tyres|burnt out car|not moved for months|sorn',
          es: 'coche abandonado',
          fr: 'voiture abandonnée|véhicule épave',
          pl: 'porzucony samochód',
          pt: 'carro abandonado',
          tr: 'terk edilmiş araç',
        },
        ex: {
          en: ['Untaxed car with flat tyres has not moved for three months'],
          pl: ['Porzucony samochód stoi od miesięcy'],
        },
      },
      {
        code: 'vehicles.hire-bikes',
        name: 'Abandoned hire bikes and e-scooters',
        shefA: ['Abandoned Vehicles'],
        categories: [
          'Abandoned Lime bike or scooter',
          'Abandoned Forest bike',
          'Abandoned HumanForest bike',
          'Abandoned Voi bike or scooter',
          'Abandoned Tier bike',
          'Abandoned Santander Cycle',
        ],
        kw: {
          en: 'lime bike|lime bikes|e-bike|ebike|e-scooter|scooter|forest bike|voi|tier|santander bike|boris bike|hire bike|dockless',
        },
        ex: {
          en: [
            'Lime bike dumped across the pavement blocking wheelchair access',
            'Hire bikes left in a heap outside the station',
          ],
        },
      },
    ],
  },
  {
    code: 'parking',
    name: 'Parking',
    team: 'Parking Services',
    services: [
      {
        code: 'parking.enforcement',
        name: 'Illegal or obstructive parking',
        shefA: ['Parking'],
        categories: ['Car Parking'],
        lgsl: [471],
        kw: {
          en: 'parking|parked|double yellow|yellow lines|blocking my drive|parked on the pavement|disabled bay|parking warden|traffic warden|illegally parked',
          es: 'mal aparcado|aparcamiento',
          fr: 'stationnement|garé sur le trottoir',
          pl: 'parkowanie|źle zaparkowany',
          pt: 'estacionamento|estacionado na calçada',
          tr: 'park|yanlış park',
        },
        ex: {
          en: [
            'Van parked across my dropped kerb again, I cannot get out',
            'Cars parked on double yellow lines by the school every morning',
          ],
          es: ['Siempre hay coches aparcados en la acera'],
          tr: ['Araçlar her sabah okul önünde yanlış park ediyor'],
        },
      },
      {
        code: 'parking.permits',
        name: 'Parking permits and Blue Badges',
        lgsl: [474, 279, 274],
        kw: {
          en: 'parking permit|resident permit|visitor permit|blue badge|cpz|controlled parking zone',
        },
        ex: {
          en: [
            'How do I renew my resident parking permit?',
            'Still waiting for my blue badge renewal',
          ],
        },
      },
      {
        code: 'parking.fines',
        name: 'Parking fines (PCNs)',
        lgsl: [471],
        kw: { en: 'parking fine|pcn|penalty charge|parking ticket|appeal my ticket|ticketed' },
        ex: { en: ['I got a parking ticket while loading, how do I appeal the PCN?'] },
      },
    ],
  },
  {
    code: 'trees',
    name: 'Trees and vegetation',
    team: 'Parks and Green Spaces',
    services: [
      {
        code: 'trees.trees',
        name: 'Trees',
        shefA: ['Fallen/Dangerous Trees', 'Protected Trees'],
        categories: ['Tree'],
        lgsl: [508],
        kw: {
          en: 'tree|trees|fallen tree|branch|branches|tree roots|dangerous tree|tree cutting|tree stump|pruning',
          es: 'árbol caído|rama',
          fr: 'arbre tombé|branche',
          pl: 'drzewo|gałąź|złamane drzewo',
          pt: 'árvore caída|galho',
          tr: 'ağaç|dal',
        },
        ex: {
          en: [
            'A large branch has fallen from the street tree onto a car',
            'Tree roots are lifting the pavement',
          ],
          fr: ['Un arbre est tombé sur la route après la tempête'],
          pl: ['Złamana gałąź wisi nad chodnikiem'],
        },
      },
      {
        code: 'trees.overgrown',
        name: 'Overgrown vegetation and weeds',
        shefA: ['Overgrown Vegetation', 'Grass/Weed Control'],
        categories: ['Overgrown vegetation'],
        kw: {
          en: 'overgrown|weeds|hedge|brambles|nettles|grass cutting|long grass|ivy|vegetation',
        },
        ex: { en: ['The verge is overgrown with weeds and brambles'] },
      },
      {
        code: 'trees.path-vegetation',
        name: 'Branches or hedges blocking a path',
        shefA: ['Trees and Hedges RoW', 'Trees on RoW'],
        categories: ['Low hanging branches'],
        kw: {
          en: 'low hanging branches|overhanging|hedge blocking|branches blocking the path|overhanging hedge',
        },
        ex: {
          en: [
            'Low hanging branches over the footpath, you have to duck',
            'Overhanging hedge blocks half the pavement',
          ],
        },
      },
    ],
  },
  {
    code: 'parks',
    name: 'Parks and open spaces',
    team: 'Parks and Green Spaces',
    services: [
      {
        code: 'parks.parks',
        name: 'Parks and green spaces',
        shefA: ['Open Spaces/Parks', 'Grounds Maintenance', 'Floral displays'],
        categories: ['Parks & Green Spaces', 'Parks/Landscapes'],
        lgsl: [461, 462],
        kw: {
          en: 'park|parks|playground|play area|green space|common|football pitch|park bench|park gates|park keeper|basketball court|skate park',
          es: 'parque|parque infantil',
          fr: 'parc|aire de jeux',
          pl: 'park|plac zabaw',
          pt: 'parque|parquinho',
          tr: 'park|oyun alanı',
        },
        ex: {
          en: [
            'The swings in the playground have been broken for months',
            'Park bins overflowing and the grass is not cut',
          ],
          es: ['Los columpios del parque están rotos'],
          pl: ['Huśtawki na placu zabaw są zepsute'],
          pt: ['O parquinho está com os balanços quebrados'],
        },
      },
      {
        code: 'parks.public-toilets',
        name: 'Public toilets',
        shefA: ['Public Toilets'],
        kw: {
          en: 'public toilet|public toilets|toilets closed|loo',
          es: 'baños públicos',
          fr: 'toilettes publiques',
        },
        ex: { en: ['The public toilets in the park are locked again'] },
      },
      {
        code: 'parks.allotments',
        name: 'Allotments',
        lgsl: [510],
        kw: { en: 'allotment|allotments|allotment waiting list' },
        ex: { en: ['How long is the waiting list for an allotment?'] },
      },
      {
        code: 'parks.leisure',
        name: 'Leisure centres and sport',
        lgsl: [451, 644],
        kw: { en: 'leisure centre|swimming pool|gym|sports centre|lido' },
        ex: { en: ['The leisure centre pool has been closed all week'] },
      },
    ],
  },
  {
    code: 'drainage',
    name: 'Drainage and flooding',
    team: 'Highways Drainage',
    services: [
      {
        code: 'drainage.blocked-drain',
        name: 'Blocked drains and gullies',
        shefA: ['Blocked Drains', 'Gullies', 'Grids and Drains', 'Highway Drainage'],
        categories: ['Blocked drain'],
        lgsl: [664],
        kw: {
          en: 'blocked drain|drain blocked|gully|gullies|drain|drains|storm drain',
          es: 'desagüe tapado|alcantarilla',
          fr: 'égout bouché',
          pl: 'zatkana studzienka',
          pt: 'bueiro entupido',
        },
        ex: {
          en: [
            'The drain at the bottom of the road is blocked and the road floods every time it rains',
          ],
        },
      },
      {
        code: 'drainage.flooding',
        name: 'Flooding and standing water',
        shefA: ['Flooding'],
        categories: ['Standing water'],
        lgsl: [555],
        kw: {
          en: 'flood|flooding|flooded|standing water|puddle|burst main|water leak|sewage',
          es: 'inundación',
          fr: 'inondation',
          pl: 'powódź|zalana ulica',
          pt: 'alagamento|enchente',
          tr: 'sel|su baskını',
        },
        ex: {
          en: ['Huge puddle across the whole road after rain, pedestrians get soaked'],
          es: ['La calle está inundada otra vez'],
        },
      },
      {
        code: 'drainage.manholes',
        name: 'Manhole and drain covers',
        shefA: ['Manhole Covers', 'Manhole Defects', 'Gully/Manhole Defects'],
        categories: [
          'Manhole Cover - Damaged (rocking or noisy)',
          'Drain Cover - Missing or Damaged',
        ],
        kw: { en: 'manhole|manhole cover|drain cover|rocking cover|missing cover|noisy cover' },
        ex: { en: ['Manhole cover rocks and clanks every time a car goes over it'] },
      },
    ],
  },
  {
    code: 'env-health',
    name: 'Environmental health and community safety',
    team: 'Environmental Health',
    services: [
      {
        code: 'env-health.noise',
        name: 'Noise nuisance',
        shefA: ['Noise'],
        lgsl: [412],
        kw: {
          en: 'noise|noisy|loud music|party|barking|construction noise|noisy neighbours',
          es: 'ruido',
          fr: 'bruit|tapage',
          pl: 'hałas',
          pt: 'barulho',
          tr: 'gürültü',
        },
        ex: {
          en: ['Loud music from the flat upstairs every night until 4am'],
          es: ['Los vecinos hacen mucho ruido por la noche'],
        },
      },
      {
        code: 'env-health.pests',
        name: 'Pest control',
        shefA: ['Pest Control'],
        lgsl: [431],
        kw: {
          en: 'rats|rat|mice|cockroaches|pest|pests|vermin|bed bugs|wasps nest',
          es: 'ratas|cucarachas',
          fr: 'rats|cafards',
          pl: 'szczury|karaluchy',
          pt: 'ratos|baratas',
          tr: 'fare|hamam böceği',
        },
        ex: {
          en: ['Rats running around the bin store on the estate'],
          pl: ['Szczury przy śmietniku na osiedlu'],
        },
      },
      {
        code: 'env-health.general',
        name: 'Environmental health (pollution, food safety)',
        shefA: ['Environmental Health'],
        lgsl: [406, 413],
        kw: {
          en: 'environmental health|air quality|pollution|smoke|bonfire|smell|food hygiene|food poisoning|dirty restaurant',
        },
        ex: { en: ['Neighbour burns rubbish every weekend and the smoke fills our house'] },
      },
      {
        code: 'env-health.dangerous-structures',
        name: 'Dangerous buildings and structures',
        shefA: ['Dangerous Building/Structure', 'Property Damage'],
        lgsl: [600],
        kw: {
          en: 'dangerous building|unsafe wall|collapsing|falling masonry|derelict building|broken fence|damaged fence',
        },
        ex: {
          en: ['The wall of the derelict building looks like it could fall onto the pavement'],
        },
      },
      {
        code: 'env-health.antisocial-behaviour',
        name: 'Anti-social behaviour and community safety',
        lgsl: [870],
        shefB: 'Incivilities',
        shefC: 'Incivilities',
        kw: {
          en: 'anti-social|antisocial|asb|drug dealing|gangs|vandalism|harassment|intimidating|street drinking|knife',
          es: 'vandalismo',
          fr: 'incivilités',
          pl: 'wandalizm',
          pt: 'vandalismo',
        },
        ex: {
          en: [
            'Groups dealing drugs in the stairwell every evening',
            'Youths vandalising the bus shelter',
          ],
        },
      },
      {
        code: 'env-health.cctv',
        name: 'CCTV',
        shefA: ['C.C.T.V Faults'],
        kw: { en: 'cctv|camera|security camera' },
        ex: { en: ['The CCTV camera on the corner has been broken for months'] },
      },
    ],
  },
  {
    code: 'transport',
    name: 'Transport',
    team: 'Transport',
    services: [
      {
        code: 'transport.bus-stops',
        name: 'Bus stops and shelters',
        shefA: ['Bus Stops Damage'],
        categories: [
          'Damage - lighting not working (bus shelter)',
          'Damage - pole leaning / equipment detached from pole/facing the wrong direction',
          'Damage - smashed glass or panels / jagged metal edges on shelter',
          'Damage - other (bus stops and shelters)',
          'Damage - wires exposed on bus shelter',
          'Damage - wires exposed',
          'Damage - bus stop leaning',
          'Bus Station -  Damage to road or pavement within the Bus Station',
          'Bus Station - Lighting not working',
        ],
        kw: {
          en: 'bus stop|bus shelter|shelter glass|smashed shelter|bus station|countdown',
          es: 'parada de autobús',
          fr: 'abribus|arrêt de bus',
          pl: 'przystanek',
          pt: 'paragem de autocarro|ponto de ônibus',
          tr: 'otobüs durağı',
        },
        ex: {
          en: [
            'Glass smashed in the bus shelter, shards everywhere',
            'The light in the bus shelter is not working',
          ],
        },
      },
      {
        code: 'transport.bus-info',
        name: 'Bus timetables and information',
        categories: ['Incorrect timetable information'],
        kw: { en: 'timetable|bus times|wrong timetable|out of date timetable|bus information' },
        ex: { en: ['The timetable at the stop is out of date'] },
      },
      {
        code: 'transport.public-transport',
        name: 'Public transport and travel',
        lgsl: [493, 272, 539],
        kw: {
          en: 'bus route|buses|bus service|train|overground|dlr|tube|cycle lane|cycle route|low traffic neighbourhood|ltn',
          es: 'autobús',
          fr: 'bus|transports',
          pl: 'autobus',
          pt: 'ônibus|autocarro',
        },
        ex: {
          en: [
            'The 185 bus never turns up on time',
            'Please build a protected cycle lane on this road',
          ],
        },
      },
      {
        code: 'transport.travel-passes',
        name: 'Freedom passes and concessionary travel',
        lgsl: [273, 280, 275],
        kw: { en: 'freedom pass|bus pass|taxicard|concessionary travel|older person’s pass' },
        ex: { en: ['My freedom pass has expired, how do I renew it?'] },
      },
    ],
  },
  {
    code: 'housing',
    name: 'Housing',
    team: 'Housing',
    services: [
      {
        code: 'housing.repairs',
        name: 'Council and housing association repairs',
        shefA: ['Lewisham Homes', 'Phoenix HA'],
        lgsl: [141],
        kw: {
          en: 'repair|repairs|damp|mould|mold|leak|leaking roof|boiler|no heating|no hot water|lift broken|estate|council flat|housing association|landlord|tenant',
          es: 'humedad|moho|reparación|calefacción',
          fr: 'humidité|moisissure|réparation|chauffage',
          pl: 'wilgoć|pleśń|naprawa|ogrzewanie',
          pt: 'umidade|bolor|mofo|reparação|aquecimento',
          tr: 'rutubet|küf|tamir|kalorifer',
        },
        ex: {
          en: [
            'Black mould in my council flat and the repair has been booked three times',
            'Lift on our block broken for two weeks, elderly residents trapped',
            'No heating or hot water since Friday',
          ],
          es: ['Mi piso tiene moho y nadie viene a repararlo'],
          fr: ['Mon logement social est plein de moisissure depuis des mois'],
          pl: ['W mieszkaniu komunalnym jest pleśń i nikt nie przychodzi naprawić'],
          pt: ['Meu apartamento tem bolor e ninguém vem consertar'],
          tr: ['Evimde küf var ve kimse tamire gelmiyor'],
          bn: ['আমার কাউন্সিল ফ্ল্যাটে স্যাঁতসেঁতে আর ছত্রাক, কেউ মেরামত করছে না'],
          ur: ['میرے کونسل فلیٹ میں سیلن اور پھپھوندی ہے'],
        },
      },
      {
        code: 'housing.homelessness',
        name: 'Homelessness and temporary accommodation',
        lgsl: [112],
        kw: {
          en: 'homeless|homelessness|rough sleeping|rough sleeper|sleeping rough|temporary accommodation|evicted|eviction|hostel|bed and breakfast',
          es: 'sin hogar|desahucio',
          fr: 'sans-abri|expulsion',
          pl: 'bezdomny|eksmisja',
          pt: 'sem-abrigo|despejo|morador de rua',
        },
        ex: {
          en: [
            'I am being evicted next week and have nowhere to go',
            'Man sleeping rough in the doorway, he looks unwell',
          ],
        },
      },
      {
        code: 'housing.allocations',
        name: 'Housing register and allocations',
        lgsl: [92, 88, 107],
        kw: {
          en: 'housing register|housing list|waiting list|bidding|council house|social housing|overcrowded|transfer|mutual exchange|sheltered housing',
        },
        ex: { en: ['We have been on the housing list for nine years in an overcrowded flat'] },
      },
      {
        code: 'housing.private-renting',
        name: 'Private renting standards',
        lgsl: [661],
        kw: { en: 'private landlord|letting agent|hmo|rogue landlord|deposit|disrepair' },
        ex: { en: ['My private landlord refuses to fix the damp, can the council inspect?'] },
      },
    ],
  },
  {
    code: 'council-tax',
    name: 'Council tax and business rates',
    team: 'Revenues',
    services: [
      {
        code: 'council-tax.bills',
        name: 'Council tax bills and payments',
        lgsl: [57],
        kw: {
          en: 'council tax|council tax bill|direct debit|arrears|summons|bailiffs|enforcement agent|band',
          es: 'impuesto municipal|council tax',
          fr: 'taxe d’habitation|impôt local',
          pl: 'podatek lokalny|council tax',
          pt: 'imposto municipal|council tax',
          tr: 'belediye vergisi',
        },
        ex: {
          en: [
            'My council tax bill is wrong, I have been charged twice',
            'Got a summons for council tax when I pay by direct debit',
          ],
          pl: ['Dostałem podwójny rachunek za council tax'],
          pt: ['A conta do council tax veio errada'],
        },
      },
      {
        code: 'council-tax.discounts',
        name: 'Council tax discounts and support',
        lgsl: [59, 63],
        kw: {
          en: 'single person discount|council tax reduction|council tax support|exemption|student exemption',
        },
        ex: { en: ['How do I apply for the single person discount?'] },
      },
      {
        code: 'council-tax.business-rates',
        name: 'Business rates',
        lgsl: [55],
        kw: { en: 'business rates|rate relief|small business rate relief' },
        ex: { en: ['Am I eligible for small business rate relief?'] },
      },
    ],
  },
  {
    code: 'benefits',
    name: 'Benefits and financial support',
    team: 'Benefits',
    services: [
      {
        code: 'benefits.housing-benefit',
        name: 'Housing benefit',
        lgsl: [69, 72],
        kw: {
          en: 'housing benefit|benefit claim|overpayment|discretionary housing payment|universal credit housing',
          es: 'ayuda para vivienda',
          pl: 'zasiłek mieszkaniowy',
          pt: 'subsídio de habitação',
        },
        ex: { en: ['My housing benefit stopped without any letter'] },
      },
      {
        code: 'benefits.hardship',
        name: 'Cost of living and hardship support',
        kw: {
          en: 'hardship fund|food bank|cost of living|household support fund|crisis payment|cannot afford|energy bills',
        },
        ex: { en: ['Is there any hardship fund? We cannot afford food this month'] },
      },
    ],
  },
  {
    code: 'social-care',
    name: 'Social care',
    team: 'Adult and Children’s Social Care',
    services: [
      {
        code: 'social-care.adults',
        name: 'Adult social care',
        team: 'Adult Social Care',
        lgsl: [209, 287, 731, 178, 137],
        kw: {
          en: 'social care|care assessment|carer|carers|care home|home care|elderly|safeguarding|vulnerable adult|disabled|adaptations|direct payments|meals on wheels',
          es: 'cuidado de ancianos',
          pl: 'opieka społeczna',
          pt: 'cuidados sociais',
        },
        ex: {
          en: [
            'My elderly mother needs a care assessment and nobody is answering',
            'The carers did not turn up for my dad today',
          ],
        },
      },
      {
        code: 'social-care.children',
        name: 'Children’s social care',
        team: 'Children’s Social Care',
        lgsl: [266, 159, 160],
        kw: {
          en: 'child protection|social worker|fostering|foster care|adoption|children’s services|child at risk|looked after',
        },
        ex: { en: ['I am worried about a child next door who is left alone all day'] },
      },
    ],
  },
  {
    code: 'schools',
    name: 'Schools and education',
    team: 'Education',
    services: [
      {
        code: 'schools.admissions',
        name: 'School places and admissions',
        lgsl: [12, 13, 14, 705],
        kw: {
          en: 'school place|school places|admissions|school application|secondary school|primary school|nursery place|school appeal',
          es: 'plaza escolar|colegio',
          fr: 'inscription scolaire|école',
          pl: 'miejsce w szkole|szkoła',
          pt: 'vaga na escola|escola',
          tr: 'okul kaydı',
        },
        ex: {
          en: ['We did not get any of our secondary school choices'],
          pl: ['Nie dostaliśmy miejsca w szkole podstawowej'],
        },
      },
      {
        code: 'schools.send',
        name: 'Special educational needs (SEND)',
        lgsl: [9, 40, 3],
        kw: {
          en: 'send|sen|ehcp|special educational needs|special needs|school transport|autism|send transport',
        },
        ex: { en: ['Still waiting for the EHCP assessment after a year'] },
      },
      {
        code: 'schools.meals',
        name: 'Free school meals and uniform help',
        lgsl: [4, 2],
        kw: { en: 'free school meals|school meals|school uniform grant|holiday vouchers' },
        ex: { en: ['How do I apply for free school meals?'] },
      },
      {
        code: 'schools.general',
        name: 'Schools (general)',
        lgsl: [1140, 36],
        kw: { en: 'school|schools|teacher|term dates|school closed|inset day|pupils|exclusion' },
        ex: { en: ['Is the school closed tomorrow because of the snow?'] },
      },
    ],
  },
  {
    code: 'libraries',
    name: 'Libraries and culture',
    team: 'Libraries',
    services: [
      {
        code: 'libraries.libraries',
        name: 'Libraries',
        lgsl: [437, 438, 442],
        kw: {
          en: 'library|libraries|library closed|library opening hours|books|library card',
          es: 'biblioteca',
          fr: 'bibliothèque|médiathèque',
          pl: 'biblioteka',
          pt: 'biblioteca',
          tr: 'kütüphane',
        },
        ex: {
          en: ['Why is the library closed on Saturdays now?'],
          es: ['La biblioteca cierra demasiado pronto'],
        },
      },
    ],
  },
  {
    code: 'licensing',
    name: 'Licensing',
    team: 'Licensing',
    services: [
      {
        code: 'licensing.premises',
        name: 'Premises and alcohol licences',
        lgsl: [860],
        kw: {
          en: 'licence|license|licensing|alcohol licence|late licence|off licence|premises licence|licensing hearing',
        },
        ex: { en: ['The off licence sells alcohol to kids, how do I object to their licence?'] },
      },
      {
        code: 'licensing.street-trading',
        name: 'Street trading and markets',
        lgsl: [400, 399],
        kw: { en: 'street trading|market|market stall|street trader|pitch' },
        ex: { en: ['Market stalls are blocking the pavement after hours'] },
      },
      {
        code: 'licensing.taxis',
        name: 'Taxi and private hire licensing',
        lgsl: [632],
        kw: { en: 'taxi licence|minicab|private hire|cab driver' },
        ex: { en: ['Minicabs waiting on the zigzags outside the station'] },
      },
      {
        code: 'licensing.events',
        name: 'Street parties and events',
        lgsl: [1580],
        kw: { en: 'street party|road closure for party|event permit|festival' },
        ex: { en: ['How do we apply to close our road for a street party?'] },
      },
    ],
  },
  {
    code: 'planning',
    name: 'Planning and building control',
    team: 'Planning',
    services: [
      {
        code: 'planning.applications',
        name: 'Planning applications',
        lgsl: [516, 512, 508],
        kw: {
          en: 'planning|planning application|planning permission|extension|development|objection|conservation area|tower block|new flats',
          es: 'licencia de obras',
          fr: 'permis de construire',
          pl: 'pozwolenie na budowę',
          pt: 'licença de obras',
        },
        ex: { en: ['How do I object to the planning application for the tower next to the park?'] },
      },
      {
        code: 'planning.enforcement',
        name: 'Planning enforcement and building control',
        lgsl: [499],
        kw: {
          en: 'building control|without planning permission|unauthorised extension|building works|enforcement',
        },
        ex: { en: ['Neighbour is building an extension without planning permission'] },
      },
    ],
  },
  {
    code: 'council',
    name: 'Council and democracy',
    team: 'Customer Services',
    services: [
      {
        code: 'council.complaints',
        name: 'Complaints and customer service',
        lgsl: [353],
        kw: {
          en: 'complaint|complain|customer service|contact centre|on hold|nobody answers|no reply|ombudsman|useless council',
        },
        ex: { en: ['I have been on hold for an hour, nobody at the council answers the phone'] },
      },
      {
        code: 'council.democracy',
        name: 'Councillors, elections and consultations',
        lgsl: [358, 364, 867],
        kw: {
          en: 'councillor|councillors|mayor|election|electoral register|vote|polling station|consultation|council meeting|budget',
        },
        ex: { en: ['Who is my local councillor?', 'Where is my polling station?'] },
      },
      {
        code: 'council.registrars',
        name: 'Births, deaths, marriages and bereavement',
        lgsl: [319, 328, 852],
        kw: {
          en: 'register a birth|register a death|birth certificate|death certificate|wedding|citizenship ceremony|cemetery|funeral|bereavement',
        },
        ex: { en: ['How do I book an appointment to register a birth?'] },
      },
    ],
  },
  {
    code: 'other',
    name: 'Other',
    team: 'Customer Services',
    services: [
      {
        code: 'other.general',
        name: 'Other council matters',
        shefA: ['Other', 'Admin'],
        kw: { en: 'council|other|general enquiry' },
        ex: { en: ['General question for the council'] },
      },
    ],
  },
]

/** More English phrasings per service (merged after `ex.en`), written the way people post and report. */
export const MORE_EXAMPLES: Record<string, string[]> = {
  'waste.fly-tipping': [
    'Dumped furniture and bags of rubbish on the corner',
    'Fly tip by the bins on the estate',
    'Builders rubble dumped in the alley',
    'Someone dumped an old fridge and carpet outside the shops',
  ],
  'waste.missed-collection': [
    'Recycling bin missed again on our street',
    'Green waste collection missed',
    'Food waste not collected this week',
  ],
  'cleaning.litter': [
    'Broken glass all over the pavement',
    'Litter everywhere along the high street',
    'Road needs sweeping, leaves and rubbish blocking the gutter',
    'Overflowing litter bin outside the chicken shop',
  ],
  'cleaning.graffiti': [
    'Graffiti on the bus shelter panels',
    'Stickers and tags all over the bus stop',
    'Offensive words sprayed on the bus shelter',
    'Flyposting on the bus shelter',
  ],
  'roads.pothole': [
    'Deep pothole in the carriageway',
    'Small pothole forming outside the school',
    'Large pothole damaged my tyre',
    'Pothole near the junction is getting bigger',
  ],
  'roads.pavement': [
    'Raised paving slab, somebody will trip',
    'Cracked paving stones outside the shops',
    'Uneven pavement surface, dangerous for wheelchairs and buggies',
    'Hole in the footpath where the tarmac has collapsed',
    'Broken kerb stones on the corner',
    'Tree roots lifting the paving slabs',
    'Pavement sunk near the drain, trip hazard',
  ],
  'roads.general': [
    'Water leaking across the road',
    'Road markings and surface need repair',
    'Damaged road near the roundabout',
  ],
  'roads.traffic-signals': [
    'Pedestrian crossing button not working',
    'Traffic light bulb out at the crossing',
    'Green man never comes on',
  ],
  'roads.markings': [
    'Road markings completely worn out at the junction',
    'White lines faded, drivers ignore the give way',
  ],
  'roads.safety': [
    'Dangerous junction, cars speed through the red light',
    'Unsafe for pedestrians crossing here, near misses every day',
  ],
  'lighting.street-lights': [
    'Street light on during the day',
    'Lamp post light stays on all day long',
    'Three street lights in a row are out, the whole road is dark',
    'Street light not working',
    'Lamp column leaning after a car hit it',
    'Lights out in the subway',
  ],
  'vehicles.hire-bikes': [
    'Abandoned Lime bike lying on the pavement',
    'Lime scooter dumped in the bushes',
    'Forest e-bike left blocking the footway',
    'Santander cycle abandoned in the park',
    'Voi scooter left in the middle of the path',
    'Hire bike dumped outside my house for days',
  ],
  'vehicles.abandoned': [
    'Car with no number plates left for weeks',
    'Van has been parked here untaxed for months',
  ],
  'transport.bus-stops': [
    'Bus shelter glass smashed, jagged edges',
    'Bus shelter panel broken',
    'Bus stop pole leaning over',
    'Bus stop sign facing the wrong way',
    'Light in the bus shelter not working, very dark at night',
    'Exposed wires in the bus shelter',
    'Bus stop flag has come off the pole',
    'Damage to the bus stop shelter roof',
    'Countdown display at the bus stop not working',
  ],
  'transport.bus-info': [
    'Timetable missing at the bus stop',
    'Timetable case at the bus stop is damaged and empty',
    'Out of date timetable information at the stop',
    'No timetable information at bus stop',
    'Bus diversion notice out of date',
  ],
  'trees.trees': [
    'Tree branch hanging dangerously over the road',
    'Dead tree needs cutting down',
    'Street tree damaged after a crash',
    'Tree stump left after felling',
  ],
  'trees.overgrown': [
    'Overgrown hedges and weeds along the path',
    'Weeds growing out of the pavement',
  ],
  'trees.path-vegetation': [
    'Branches hanging low over the pavement, you hit your head',
    'Hedge overhanging the footpath, cannot pass with a buggy',
  ],
  'parks.parks': [
    'Broken play equipment in the park',
    'Park gate broken and will not lock',
    'Rubbish all over the park after the weekend',
    'Bench in the park broken',
    'Fitness equipment in the park damaged',
    'Grass in the park needs cutting',
    'Fence around the playground damaged',
  ],
  'parks.public-toilets': ['Public toilets in the park closed and dirty'],
  'drainage.blocked-drain': [
    'Drain blocked with leaves, water pooling',
    'Gully blocked at the bottom of the hill',
    'Road drain full of silt',
  ],
  'drainage.flooding': ['Standing water across the pavement after rain', 'Road flooded at the dip'],
  'drainage.manholes': [
    'Manhole cover rocking and clanking at night',
    'Drain cover missing, dangerous hole',
    'Broken manhole cover in the road',
  ],
  'housing.repairs': [
    'Communal lights out on the landing of our block',
    'Broken door entry system at the block',
    'Leak from the flat above into my ceiling',
    'Estate bins store door broken',
    'Rubbish dumped in the communal area of the estate',
    'Noisy neighbours in the block every night',
  ],
  'parking.enforcement': [
    'Car parked across the dropped kerb',
    'Vans parked on the pavement blocking it',
  ],
}
