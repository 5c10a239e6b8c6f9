/**
 * English lexicons for everyday civic posts, one per simulator service key. Written for Civic Pulse.
 * Dynamic slots filled by the generator: {at_loc} (a preposition and a place), {loc}, {street},
 * {area}, {council} (the council's handle on the platform, or "the council"), {council_name},
 * {n}, {ref}, {weekday}, {route}, {utility}.
 */
import type { ServiceLexicon } from './types.js'

/** English lexicons by simulator service key. */
export const EN_SERVICES: Record<string, ServiceLexicon> = {
  'waste.missed-collection': {
    slots: {
      bin: [
        'bins',
        'bin',
        'recycling',
        'green bin',
        'food waste',
        'food caddy',
        'black bin',
        'wheelie bin',
        'recycling bin',
        'general waste',
        'garden waste',
        'rubbish',
        'brown bin',
      ],
      missed: [
        "[hasn't|has not|hasnt] been [collected|emptied|picked up|done]",
        "[wasn't|was not|wasnt] [collected|emptied|picked up]",
        '[got|was] missed [again|]',
        '[is|is still] sitting [on the pavement|outside|by the gate|at the kerb] [full|overflowing|]',
      ],
      impact: [
        'bags piling up',
        'foxes have ripped the bags open',
        'the smell is unreal',
        'maggots in the food bin',
        'rubbish all over the pavement',
        "it's attracting rats",
        "can't even close the lid",
        "the neighbours' bins are overflowing too",
        'the whole street stinks',
        'seagulls having a party',
        'cats in the bags again',
      ],
      impact_s: ['', '', '{impact}.', '{impact} {emoji_neg}', 'Now {impact}.'],
      crew: [
        'bin men',
        'binmen',
        'bin crew',
        'collection crew',
        'bin lorry',
        'recycling lorry',
        'refuse team',
      ],
    },
    complaint: [
      '{opener} [our|my|the] {bin} {missed} {time} {at_loc}. {impact_s} {closer}',
      '[Bin day|Collection day] [was|came and went] {time} and [nobody|no one|no lorry] [came|turned up|showed]. {impact_s} {closer}',
      '{bin} [still|STILL] not [collected|emptied] {at_loc} {time}. {impact_s}',
      '{council} [why|how come] [has|have] [our|my] {bin} [been missed|not been collected|been skipped] {time}? {impact_s}',
      '[Missed|Another missed] [bin|recycling|food waste] collection {at_loc} [again|]. [Thats|That is|That’s] {n} [weeks|times] [in a row|now|this month]. {closer}',
      '[The|Our] {crew} [skipped|missed|drove straight past] [our road|us|half the street|our block] {time}. {impact_s} {closer}',
      '{days} and [the|our] {bin} [still|] [hasnt|has not] been [touched|emptied]. {impact_s} {council}',
      '[Absolutely|Honestly] {feel} with [the bin collections|Lewisham bins|the recycling service] {at_loc}. {impact_s}',
    ],
    question: [
      '{council} [are|is] [bin collections|collections|the bins|recycling rounds] running late {at_loc} {time}?',
      "Anyone else's {bin} not [collected|emptied] {at_loc}?",
      'When [will|are] [you|the council|they] [coming back for|going to collect] [the|our] {bin} {at_loc}?',
      '[Does anyone know|Anyone know|Quick q:] [if|whether] [bin day|collections|the recycling day] [has|have] [changed|moved] {at_loc}?',
      "[Is it|Isn't it] [bin day|recycling week] {at_loc} today? [Nobody's|No one has] put theirs out",
    ],
    suggestion: [
      '[Would be great if|It would help if] {council} [texted|sent a message to|emailed] residents when [collections|bin rounds] are [delayed|missed|running late].',
      '[Could|Can] {council} [text|message|email] residents when [collections|bin rounds] are [delayed|missed|running late]?',
      '[Maybe|Perhaps|Idea:] [put|print] the [collection day|bin day] [on a sticker on the bin|in the app|on the lid] so [people|we] know when the {bin} goes.',
      '[Why not|How about] [collecting|emptying] food waste [twice a week|more often] in summer? {impact_s}',
    ],
    praise: [
      '[Shout out to|Big thanks to|Thank you to|Respect to] the {crew} {at_loc}, [always cheerful|came back for our {bin}|super quick today|even picked up the spilled bits]. {emoji_pos}',
      '{bin} [collected|emptied] [same day|within hours|the next morning] after [reporting|I reported] it. [Impressed|Nice one|Credit where due] {council} {emoji_pos}',
    ],
    information: [
      '[Heads up|FYI|PSA]: [bins|recycling|food waste] [not collected|missed] {at_loc} {time}, [reported|I have reported|ive reported] it [on the council website|via the app|to the council].',
      '[Reported|Just reported] [a|the] missed {bin} collection {at_loc}. [Reference|Ref] {ref}.',
    ],
  },
  'waste.fly-tipping': {
    slots: {
      junk: [
        'mattress',
        'sofa',
        'fridge',
        'pile of rubble',
        'load of black bags',
        'old wardrobe',
        'builders waste',
        'tyres',
        'broken telly',
        'pile of junk',
        'carpet rolls',
        'bags of garden waste',
        'shopping trolley',
        'armchair',
      ],
      dumped: ['dumped', 'fly-tipped', 'flytipped', 'left', 'chucked', 'abandoned'],
      spot: [
        'on the corner',
        'by the bus stop',
        'outside the shops',
        'in the alley',
        'next to the recycling bins',
        'on the pavement',
        'behind the garages',
        'by the railway bridge',
        'at the entrance to the park',
      ],
    },
    complaint: [
      '{opener} [someone has|someone’s|somebody] {dumped} a {junk} {spot} {at_loc}. {closer}',
      '[Another|Yet another] {junk} {dumped} {spot} {at_loc} {time}. [This place is becoming a tip|Getting worse every week|Who does this]. {emoji_neg}',
      'Fly[-| |]tipping {at_loc} [is out of control|is getting ridiculous|again]. [A|Now a] {junk} and [a|some] {junk} {spot}. {council}',
      '[That|The] {junk} {spot} {at_loc} has been there {days}. [Blocking the pavement|Kids climbing on it|Rats love it]. {closer}',
      '{council} [there is|theres|there’s] a {junk} {dumped} {spot} {at_loc}, [been there|sitting there] {days}',
    ],
    question: [
      '{council} who do I [report|tell about] a {junk} {dumped} {spot} {at_loc}?',
      'How long does it take [you|the council] to clear fly[-|]tipping? The {junk} {at_loc} has been there {days}',
    ],
    suggestion: [
      '[Need|Please put|How about] [a camera|CCTV|signs] {spot} {at_loc}, [it gets|people keep getting] fly[-|]tipped [every week|constantly].',
      '[Free|Cheaper] bulky waste collections would [stop|cut] [a lot of|most of] this fly[-|]tipping {at_loc}',
    ],
    praise: [
      '[The|That] {junk} {spot} {at_loc} [was cleared|got removed|is gone] [within a day|same day|in hours]. [Thanks|Cheers] {council} {emoji_pos}',
    ],
    information: [
      '[Reported|Just reported] fly[-|]tipping {at_loc} ({junk} {spot}). [Ref|Reference] {ref}',
      '[PSA|FYI] [a|another] {junk} {dumped} {spot} {at_loc}, [reported it|its been reported]',
    ],
  },
  'street-cleaning.litter': {
    slots: {
      mess: [
        'litter',
        'rubbish',
        'chicken boxes',
        'cans and bottles',
        'broken glass',
        'takeaway rubbish',
        'cigarette butts',
        'nitrous canisters',
        'leaves and rubbish',
      ],
    },
    complaint: [
      '[The|This] street {at_loc} is [covered in|full of|strewn with] {mess}. [When was it last swept|No sweeper for weeks|Disgusting]. {closer}',
      '{opener} {mess} [everywhere|all over the pavement|all down the road] {at_loc} {time}. {emoji_neg}',
      '[Broken glass|Glass] [all over|across] the pavement {at_loc}, [dogs|kids|buggies] [cutting their paws|walking through it]. {council}',
      '[Has|Have] the [street sweepers|road sweepers|cleaners] stopped coming {at_loc}? {mess} [piling up|everywhere] {days}',
    ],
    question: ['{council} how often [is|are] [the street|our road] {at_loc} [swept|cleaned]?'],
    suggestion: [
      '[More|Extra] [sweeping|cleaning] after [the market|weekends|match days] {at_loc} [please|would help].',
    ],
    praise: [
      '[Street|Road] {at_loc} [looks|is] [spotless|so clean] [today|this morning] [thanks to|after] the [sweepers|cleaning team] {emoji_pos}',
    ],
    information: [
      '[Glass|Litter|Rubbish] {at_loc} [reported|flagged] to {council}. [Ref|Reference] {ref}',
    ],
  },
  'waste.litter-bin': {
    slots: { lbin: ['litter bin', 'street bin', 'bin by the bus stop', 'park bin', 'dog bin'] },
    complaint: [
      '[The|Every] {lbin} {at_loc} [is overflowing|is rammed|has been full] {time}. [Rubbish blowing|Bags on the floor] everywhere {emoji_neg}',
      '[Overflowing|Full] {lbin} {at_loc} [again|for days]. {council} [can you empty it|please empty it|sort it]',
    ],
    question: ['Who empties the {lbin} {at_loc}? [Full|Overflowing] {days}'],
    suggestion: [
      '[Need|Could we have] [more|bigger] bins {at_loc}, [the one there|they] [fill up|overflow] [every weekend|by lunchtime].',
    ],
    information: ['[Reported|Flagged] the overflowing {lbin} {at_loc} [to the council|on the app]'],
  },
  'roads.pothole': {
    slots: {
      hole: [
        'pothole',
        'massive pothole',
        'crater',
        'huge hole in the road',
        'sinkhole',
        'pot hole',
        'deep pothole',
        'series of potholes',
      ],
      victim: [
        'my tyre',
        'my wheel',
        'my bike',
        'the car',
        'my suspension',
        'a cyclist',
        'the bus',
      ],
    },
    complaint: [
      '{opener} [that|the] {hole} {at_loc} [just|has] [burst|wrecked|damaged] {victim}. {closer}',
      '[The|That] {hole} {at_loc} [is getting bigger|has been there|is still there] {days}. [Someone will get hurt|Accident waiting to happen|Cyclists swerving into traffic]. {council}',
      '[Roads|The roads] {at_loc} are [a disgrace|like the surface of the moon|falling apart]. [Potholes|Holes] everywhere {emoji_neg}',
      '{council} [when are you going to fix|please fix|can you fill in] the {hole} {at_loc}? [Reported|First reported] {ago} ago',
      'Nearly [came off my bike|lost a wheel|lost my front wheel] in the {hole} {at_loc} {time}. {closer}',
    ],
    question: [
      '{council} is [anyone|someone] [coming to fix|going to repair] the {hole} {at_loc}?',
      'Can you claim [from the council|compensation] for {victim} [damaged|wrecked] by a {hole} {at_loc}?',
    ],
    suggestion: [
      '[Instead of|Rather than] patching [the same|those] potholes {at_loc} every year, [resurface|just resurface] the [whole road|street] [please|]',
    ],
    praise: [
      '[Finally|At last]! [The|That] {hole} {at_loc} [has been filled|got fixed|is repaired]. [Thanks|Cheers] {council} {emoji_pos}',
      '[Road|Street] {at_loc} [resurfaced|newly resurfaced] and [it is|its] [lovely|so smooth] {emoji_pos}',
    ],
    information: [
      '[Reported|Just reported] a {hole} {at_loc} [via FixMyStreet|to the council|on the website], [ref|reference] {ref}',
      '[Warning|Careful|Heads up] [cyclists|drivers|all]: {hole} {at_loc}, [in the dark you cant see it|deep one]',
    ],
  },
  'roads.pavement': {
    slots: { pave: ['paving slab', 'kerb', 'pavement', 'slabs', 'dropped kerb'] },
    complaint: [
      '[Loose|Broken|Cracked|Raised] {pave} {at_loc}, [my mum|an old man|someone] [tripped|fell over it|went flying] {time}. {closer}',
      '[The|Our] pavement {at_loc} is [lethal|a trip hazard|a mess], [impossible with a buggy|nightmare in a wheelchair]. {council}',
    ],
    question: ['{council} who [fixes|is responsible for] [the|a] broken {pave} {at_loc}?'],
    suggestion: [
      '[Please|Could you] add a dropped kerb {at_loc}, [wheelchair users|people with buggies] have to go in the road',
    ],
    information: ['Broken {pave} {at_loc} [reported|flagged] {time}, [ref|reference] {ref}'],
  },
  'lighting.street-light': {
    slots: { lamp: ['street light', 'streetlight', 'lamp post', 'street lamp', 'lights'] },
    complaint: [
      '[The|Our] {lamp} {at_loc} [has been out|has not worked|is broken] {days}. [Pitch black at night|Feels really unsafe walking home|Cant see a thing]. {council}',
      '{opener} [half the|all the] {lamp}s {at_loc} are [out|off|not working] [again|]. {closer}',
      '{lamp} {at_loc} [flickering|buzzing|on all day and off all night] {days}. {emoji_neg}',
    ],
    question: [
      '{council} [how long|how long does it take] to fix a {lamp}? [The one|Ours] {at_loc} [has been out|is out] {days}',
    ],
    suggestion: [
      '[Better|More] lighting [on the path|in the alley|through the park] {at_loc} [please|would make people feel safer]',
    ],
    praise: [
      '{lamp} {at_loc} [fixed|repaired|back on] [within two days|quickly|last night]. [Thanks|Cheers] {council} {emoji_pos}',
    ],
    information: ['[Reported|Just reported] {lamp} out {at_loc}, [ref|reference] {ref}'],
  },
  'environment.graffiti': {
    complaint: [
      '[Graffiti|Tags|Spray paint] [all over|on] [the bus shelter|the shops|the railway bridge|the walls|the underpass] {at_loc} {time}. {closer}',
      '[Offensive|Racist|Rude] graffiti {at_loc} [still not removed|has been there] {days}. {council}',
    ],
    question: [
      'Does {council} remove graffiti from [private walls|shop shutters|garden walls] {at_loc}?',
    ],
    suggestion: [
      '[Let|Get] local artists [paint|do a mural on] the [wall|underpass] {at_loc} instead of [grey paint|the tags]',
    ],
    praise: ['[Graffiti|The tags] {at_loc} [cleaned off|removed] [already|in a day]. {emoji_pos}'],
  },
  'environment.dog-fouling': {
    complaint: [
      'Dog [mess|poo|muck] [all over|everywhere on] the pavement {at_loc}. [Disgusting|Vile|Every single day]. {emoji_neg}',
      '[Stepped in|Pushed the buggy through] dog [poo|mess] {at_loc} {time}. [Owners|People] need fining. {closer}',
    ],
    suggestion: [
      '[More|Some] dog bins {at_loc} [please|would help], [the nearest|the only one] is [miles away|always full]',
    ],
    information: ['[Reported|Flagged] [persistent|] dog fouling {at_loc} to {council}'],
  },
  'parks.maintenance': {
    slots: {
      park: [
        'the park',
        'Ladywell Fields',
        'Hilly Fields',
        'Mountsfield Park',
        'Manor House Gardens',
        'Blythe Hill Fields',
        'Mayow Park',
        'Beckenham Place Park',
        'Folkestone Gardens',
        'Deptford Park',
        'Chinbrook Meadows',
        'Sydenham Wells Park',
        'Telegraph Hill Park',
        'Brookmill Park',
        'Home Park',
        'Luxmore Gardens',
        'Horniman gardens',
      ],
      parkthing: [
        'playground',
        'swings',
        'toilets',
        'water fountain',
        'tennis courts',
        'benches',
        'paddling pool',
        'cafe',
        'outdoor gym',
        'pond',
        'grass',
      ],
      parkprob: [
        '[is|are] broken',
        '[is|are] closed [again|]',
        "[hasn't|haven't] been [fixed|cut|cleaned] {days}",
        '[is|are] [covered in litter|a mess]',
        '[is|are] locked',
      ],
    },
    complaint: [
      '[The|That] {parkthing} in {park} {parkprob}. {closer}',
      '{opener} {park} is [a mess|a state|covered in rubbish] [after the weekend|today|this week]. [Bins overflowing|Litter everywhere|Grass not cut]. {emoji_neg}',
      '[Why|How come] [are|is] the {parkthing} in {park} [still|] [closed|broken|out of order]? {council}',
      '[Grass|The grass] in {park} [hasnt been cut|is knee high|not mown] {days}. [Cant even|Kids cant] play football {emoji_neg}',
    ],
    question: [
      '{council} when [will|is] the {parkthing} in {park} [reopen|be fixed|be open]?',
      '[Does anyone know|Anyone know] why the {parkthing} in {park} [is|are] closed?',
    ],
    suggestion: [
      '[It would be great|Would love it] if {park} had [more benches|a water fountain|longer toilet opening|shade over the playground|more bins]',
      '[Please|Could you] [keep|open] the {parkthing} in {park} [open later|in the evenings] in summer',
    ],
    praise: [
      '{park} [looks|is looking] [gorgeous|amazing|beautiful] [today|this morning|at the moment], [well done|thanks] to the [park staff|gardeners|rangers] {emoji_pos}',
      'New {parkthing} in {park} [is brilliant|the kids love it|is great]. {emoji_pos}',
    ],
    information: ['[FYI|Heads up]: the {parkthing} in {park} [is closed|is out of action] {time}'],
  },
  'trees.tree': {
    complaint: [
      '[Huge|Big|Massive] branch [hanging off|fell off] [a|the] [street tree|tree] {at_loc} {time}, [blocking the pavement|onto a car|over the road]. {council}',
      '[The|A] tree {at_loc} [is dying|blocks the street light|roots lifting the pavement], [nobody|no one] [comes|responds]. {closer}',
    ],
    question: ['{council} who do I ask about [pruning|cutting back] the street tree {at_loc}?'],
    suggestion: [
      '[Plant|More] [trees|street trees] {at_loc} [please|], [its|it is] [baking in summer|so bare]',
    ],
    praise: ['New street trees {at_loc} [look lovely|are a great addition]. {emoji_pos}'],
  },
  'drainage.flooding': {
    complaint: [
      '[Blocked|Clogged] drains {at_loc} [again|], [road|pavement] [flooded|like a river|under water] after [the rain|ten minutes of rain]. {council}',
      '[Every time|Whenever] it rains {at_loc} the [gully|drain] [overflows|floods the road]. {closer}',
    ],
    question: ['Who clears [blocked|the] drains {at_loc}? [Flooding|Floods] every time it rains'],
    information: ['[Reported|Flagged] [a|the] blocked drain {at_loc}, [ref|reference] {ref}'],
  },
  'water.supply': {
    complaint: [
      '[No water|Low water pressure|No water pressure] {at_loc} {time}. {utility} [whats going on|any update|?]',
      '[Brown|Cloudy|Discoloured] water [coming out of the tap|from the taps] {at_loc} {time}. {utility}',
    ],
    question: [
      '{utility} is there [a problem|an issue|a fault] with the water {at_loc}? [Nothing coming out|Barely a trickle]',
    ],
    information: ['[Water|Supply] [back|restored] {at_loc} [now|finally]'],
  },
  'transport.bus': {
    complaint: [
      '[The|That] {route} [bus|] [never turned up|was cancelled again|terminated early|drove past full] {at_loc} {time}. {closer}',
      '[Waited|Been waiting] [40 minutes|half an hour|an hour] for the {route} {at_loc}. [Three came at once|Then two came together]. {emoji_neg}',
      'Bus stop {at_loc} [closed|moved] [with no notice|without any signs]. {closer}',
    ],
    question: ['[Is|Why is] the {route} [diverted|not running|on diversion] {at_loc} {time}?'],
    suggestion: [
      '[The|We need the] {route} [should run|to run] more often [in the evening|at night|on Sundays]',
    ],
    praise: [
      '[Lovely|Friendly] driver on the {route} [this morning|today], [waited for|helped] [a lady with a buggy|an old man]. {emoji_pos}',
    ],
  },
  'parking.enforcement': {
    complaint: [
      '[Cars|Vans|Someone] [parked on|blocking] [the pavement|my driveway|the dropped kerb|the disabled bay] {at_loc} [every day|again|all week]. {council} [enforcement|wardens] [please|?]',
      '[Got|Just got] a [parking ticket|PCN] {at_loc} [for 2 minutes|when the sign is hidden|with a valid permit]. {closer}',
      '[School run|Match day] parking {at_loc} is [chaos|dangerous|a nightmare]. {emoji_neg}',
    ],
    question: [
      'How do I appeal a PCN [from|issued by] {council_name}? [Got one|Ticketed] {at_loc} {time}',
      'When does the new [CPZ|parking zone] {at_loc} start?',
    ],
    suggestion: [
      '[Please|Could you] [add|introduce] [a CPZ|resident parking|school streets] {at_loc}',
    ],
  },
  'noise.nuisance': {
    slots: {
      noise: [
        'loud music',
        'a party',
        'drilling',
        'building work',
        'a house party',
        'an alarm',
        'dogs barking',
        'a sound system',
        'revving engines',
      ],
    },
    complaint: [
      '{noise} {at_loc} [until 4am|all night|every night|since 6am]. [Cant sleep|Kids awake|Shift work tomorrow]. {emoji_neg}',
      '[The|That] {noise} {at_loc} [again|for the third night]. [Who do you even call|Reported it, nothing happens]. {council}',
    ],
    question: [
      '{council} how do I report {noise} {at_loc} [at night|out of hours]?',
      'Is there an out of hours noise [line|team] in Lewisham? {noise} {at_loc} {time}',
    ],
    information: [
      '[Reported|Logged] {noise} {at_loc} to the [noise team|council], [ref|reference] {ref}',
    ],
  },
  'community-safety.antisocial': {
    complaint: [
      '[Groups|Gangs|Lads] [on mopeds|on bikes|hanging around] {at_loc} [every night|again], [throwing stuff|intimidating people|dealing openly]. {closer}',
      '[Needles|Nitrous canisters|Drug litter] [in the stairwell|in the alley|by the playground] {at_loc} {time}. {council}',
      '[Street drinking|Fights|Shouting] outside the shops {at_loc} [every evening|all weekend]. {emoji_neg}',
    ],
    question: [
      '[Is|Are] [there|the] [community wardens|safer neighbourhood team] [still|] [covering|patrolling] {at_loc}?',
    ],
    suggestion: [
      '[Better lighting|CCTV|A youth club] {at_loc} would [really help|do more than anything]',
    ],
  },
  'housing.repairs': {
    slots: {
      fault: [
        'damp and mould',
        'a leaking roof',
        'no heating',
        'no hot water',
        'a broken boiler',
        'black mould in the bedroom',
        'a broken front door',
        'the lift out',
        'a leak through the ceiling',
        'broken windows',
      ],
    },
    complaint: [
      '[Council|Social|Housing association] flat {at_loc} with {fault} {days}. [Repairs|The repairs team] [never|still havent] [come|turned up]. {closer}',
      '{opener} {days} with {fault} and [nobody|no one] has [come out|called back|fixed it]. [Kids are|Baby is|We are] [getting ill|coughing|freezing]. {council}',
      '[Lift|The lift] [out|broken] [again|] in [our block|the tower] {at_loc}. [Elderly neighbours stuck|Carrying the buggy up 9 floors]. {emoji_neg}',
    ],
    question: [
      '{council} how long should a [housing repair|emergency repair] take? [Reported|We reported] {fault} {ago} ago',
      'Who do I [chase|contact] about {fault} in a council flat {at_loc}?',
    ],
    information: [
      '[Repair|Job] [booked|logged] for {fault} {at_loc}, [ref|reference] {ref}. [Lets see|Fingers crossed]',
    ],
    praise: [
      '[Repairs|The repairs team] [came|turned up] [same day|on time] and fixed {fault}. [Credit where due|Thanks] {council} {emoji_pos}',
    ],
  },
  'council-tax.billing': {
    slots: {
      ctax: [
        'council tax',
        'my council tax',
        'the council tax bill',
        'our council tax',
        'band D council tax',
        'the annual bill',
      ],
      rise: [
        'went up again',
        'is up [5%|nearly 5 percent|another £100|by £90]',
        'has gone up [by how much|again this year]',
        'is [daylight robbery|extortionate|a joke]',
      ],
      billprob: [
        '[a reminder|a final notice|a summons|a bailiff letter] [even though|when] I [paid|pay by direct debit]',
        '[charged twice|billed twice|double charged] this month',
        '[the wrong band|the wrong amount|a bill for the old address]',
        '[no single person discount|my discount removed|the student exemption ignored]',
      ],
      phone: [
        '[The phone line|The helpline|Customer services] [is on hold for an hour|never answers|cuts you off|says call back later]',
        '[Nobody|No one] [replies to emails|answers the phone|calls back]',
        '[The online form|The portal] [wont accept|keeps rejecting] [my reference|the payment]',
      ],
    },
    complaint: [
      '{ctax} {rise}. [And the bins still|Meanwhile the roads|Yet the streets] [dont get emptied|are full of holes|are filthy]. {closer}',
      '[Got|Just got|Received] {billprob}. {phone}. {council}',
      '{opener} {ctax} {rise} and [services keep getting cut|the library hours got cut|nothing improves]. {emoji_neg}',
      '[Paying|We pay] [£2000|two grand|over £180 a month] in {ctax} [for this|and for what]? {closer}',
      '[Been|I have been] [trying to sort|chasing] {billprob} {days}. {phone}. {emoji_neg}',
    ],
    question: [
      '{council} how do I [apply for|get|claim] the [single person discount|council tax reduction|student exemption|carers discount]?',
      '[Is|Has] the council tax [online account|portal|payment page] changed? [Cant log in|Cant find my bill|Reference not recognised] {emoji_neg}',
      '[Anyone know|Does anyone know] [when|if] {ctax} [is due|goes out|can be paid in 12 instalments] {council_name}?',
      '{council} I [moved out|moved in|moved flat] {ago} ago, how do I [tell you|update|close] my council tax account?',
    ],
    suggestion: [
      '[Let people|Please let us] pay council tax [over 12 months|by card online|weekly] without [phoning|waiting on hold]',
      '[A|An] [webchat|online chat] for council tax [would save|could save] [hours on hold|everyone so much time]',
    ],
    information: [
      '[Council tax|Annual council tax] bills [arrived|are out|landed] [today|this week] {at_loc}. {ctax} {rise}',
      '[FYI|Heads up]: the council tax [direct debit|payment] [date|dates] [changed|moved] this year, check your bill',
    ],
  },
  'benefits.claims': {
    slots: {
      claim: [
        'housing benefit claim',
        'council tax support claim',
        'discretionary housing payment',
        'hardship fund application',
        'change of circumstances',
        'free school meals application',
      ],
      wait: [
        'stuck',
        'pending',
        'still processing',
        'lost',
        'sitting in a queue',
        'not even acknowledged',
      ],
      harm: [
        'rent arrears building',
        'landlord threatening eviction',
        'cant afford food this week',
        'using the food bank',
        'kids going without',
        'behind on every bill',
      ],
    },
    complaint: [
      '[My|Our] {claim} [has been|is] {wait} {days}. [No reply|Nobody answers|Not one update]. {council}',
      '{opener} {days} waiting on a {claim} and now {harm}. {closer}',
      '[Sent|Uploaded|Posted] the [documents|payslips|tenancy agreement] [three times|twice|again] for my {claim} and [they|you|the council] [lost them|say nothing arrived]. {emoji_neg}',
      '[The benefits team|Revenues and benefits|The claims line] [wont|will not|doesnt] [answer|call back|give an update] on my {claim}. {harm}. {closer}',
    ],
    question: [
      '[How long|How long does it take] for a {claim} {council_name}? [Applied|Submitted] {ago} ago',
      '{council} who do I [contact|chase|speak to] about a {claim} that is {wait}?',
      '[Can|Could] anyone [explain|help with] how to [appeal|challenge] a [housing benefit|council tax support] decision {council_name}?',
    ],
    information: [
      '[Finally|At last] my {claim} [was approved|got sorted|went through] after {ago}. [Keep chasing|Dont give up] if yours is {wait}',
    ],
  },
  'libraries.service': {
    complaint: [
      '[The|Our] library {at_loc} [closed again|shut early|has cut hours] {time}. [Where are kids meant to study|Nowhere warm to go]. {closer}',
    ],
    question: [
      '[Is|Will] the library {at_loc} [open|be open] [on Sunday|in the holidays|late tonight]?',
    ],
    praise: [
      '[Lovely|Great] [story time|summer reading challenge|staff] at the library {at_loc} [today|this week]. [Libraries matter|Thank you]! {emoji_pos}',
    ],
  },
  'digital.website': {
    slots: {
      task: [
        'report a missed bin',
        'pay my council tax',
        'book a tip slot',
        'renew my parking permit',
        'apply for a school place',
        'report a pothole',
        'book a bulky waste collection',
        'update my details',
      ],
      fail: [
        'errors',
        'just spins',
        'logs me out',
        'times out',
        'loses everything I typed',
        'says page not found',
        'wont submit',
        'crashes on my phone',
      ],
    },
    complaint: [
      '[The|Your] council website [is down|keeps crashing|wont load|times out] {time}. [Cant pay|Cant report|Cant book] anything. {council}',
      '[Tried|Trying] to {task} online [and|but] the [form|page|site] {fail}. {emoji_neg}',
      '{opener} [third|fourth|fifth] time trying to {task} [on the website|online|through the app]. It {fail}. {closer}',
      '[Why does|How does] the council [website|app|portal] [need|ask for] [an account|a password|my reference] just to {task}? [Then it|And it] {fail}. {emoji_neg}',
    ],
    question: [
      '{council} is the website [down|having problems]? [Getting an error|Keeps saying try again later] when I try to {task}',
      'How do I {task} if the [website|online form] {fail}?',
    ],
    suggestion: [
      '[Please|Could you] [let people|allow us to] [save the form|report without an account|{task} without logging in] on the council site',
    ],
  },
  'social-care.adults': {
    slots: {
      who: [
        'My mum',
        'My dad',
        'My nan',
        'My grandad',
        'My disabled brother',
        'Our elderly neighbour',
      ],
      care: [
        'a care assessment',
        'a carer visit',
        'a social worker',
        'a home care package',
        'an OT assessment',
        'a blue badge decision',
        'grab rails fitted',
      ],
    },
    complaint: [
      '{who} [has been waiting|waited|is still waiting] {days} for {care} from {council_name}. [Nobody calls back|Not good enough|We are exhausted]. {closer}',
      '[Carers|The carer] [didnt turn up|missed the visit|came for 10 minutes] [again|today|for the third time] and {who} [was left|sat] [without lunch|in the dark|unwashed]. {council}',
      '[Adult social care|The care team] [keeps cancelling|cancelled] {care} for {who}. {emoji_neg}',
    ],
    question: [
      'Who do I [contact|speak to] at {council_name} about [adult social care|a carers assessment|home care] for {who}?',
      '[How long|How long does it take] to get {care} {council_name}?',
    ],
  },
  'schools.admissions': {
    slots: { child: ['my son', 'my daughter', 'my twins', 'our youngest', 'my nephew'] },
    complaint: [
      '[Still no|Still waiting for a] school place [offered|for {child}] {at_loc} [weeks|two weeks|a month] into term. {council}',
      '[Offered|Given] a school [miles away|two buses away|across the borough] for {child} when [there are three|we live next to one] {at_loc}. {closer}',
      '[The|Our] [school appeal|admissions appeal] [hasnt been heard|was postponed again] {days}. {emoji_neg}',
    ],
    question: [
      'When do [secondary|primary|reception] school offers come out {council_name}? [Anxious wait|Nervous] {emoji_neg}',
      'How does the [in-year|waiting list] school admission work {council_name}? {child} has no place',
    ],
  },
  'planning.applications': {
    complaint: [
      '[Another|Yet another] [tower block|block of flats|HMO conversion] [approved|planned] {at_loc} with [no new|zero] [GP places|school places|parking]. {closer}',
      '[Huge|Massive] extension [going up|being built] {at_loc} [without permission|nothing like the plans]. {council}',
    ],
    question: ['How do I [object to|comment on] a planning application {at_loc}?'],
    information: [
      '[Planning application|Consultation] [lodged|open] for [the site|the old garage|the pub] {at_loc}, [comments close|deadline] [Friday|next week]',
    ],
  },
  'pest-control.rats': {
    complaint: [
      '[Rats|A rat|Mice] [running around|in the bins|in the garden|in the communal area] {at_loc} [every night|again|all week]. {council} [please|sort it|?]',
      '[Saw|Just saw] [a rat the size of a cat|three rats] {at_loc} {time}. [Its the overflowing bins|The bins attract them]. {emoji_neg}',
    ],
    question: [
      'Does {council} still do [pest control|rat treatment] [for free|for council tenants] {at_loc}?',
    ],
  },
}
