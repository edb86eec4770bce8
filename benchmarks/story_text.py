# ruff: noqa: E501 - sentences of data, one a line
"""Wording of the generated story set: per kind of event, the many ways outlets tell it.

Placeholders: {a} automaker, {t} technology company, {amount} / {amount_alt} one sum in
two styles, {units}, {pct}, {product}, {place}, {person} (a spokesperson), {year}.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    headlines: list[str]
    leads: list[str]
    fact_sentences: list[str]
    quotes: list[str]


KINDS = [
    Kind("talks", [
        "{a} in talks with {t} over electric car tie-up",
        "{t} and {a} discuss EV partnership, sources say",
        "Exclusive: {a} weighs alliance with China's {t}" ,
        "{a}-{t} negotiations signal shake-up in EV race",
        "Why {a} is courting {t}",
    ], [
        "{a} has held discussions with {t} about working together on electric vehicles, people familiar with the matter said.",
        "Talks between {a} and {t} on a possible EV partnership are at an early stage, according to a report.",
        "The carmaker {a} is negotiating with technology group {t} over a joint electric-vehicle program.",
        "{t} and {a} have been exploring a cooperation that could see them share EV platforms.",
    ], [
        "A deal could be worth around {amount}, one person said.",
        "The partnership, valued at roughly {amount_alt}, would focus on the {product}.",
        "Production could start in {place} as early as {year}.",
        "Engineers from both sides met in {place} last month.",
        "{a} would supply parts for up to {units} vehicles a year.",
        "The talks cover the {product}, a compact model aimed at younger buyers.",
        "{t} could take a {pct} stake in the venture, according to the report.",
    ], [
        "\"We do not comment on market speculation,\" said {person}, a spokesperson for {a}.",
        "{person}, who speaks for {t}, declined to confirm the talks.",
        "\"Conversations with many partners are ongoing,\" {person} told reporters.",
    ]),
    Kind("agreement", [
        "{a} and {t} sign deal on software for next-generation cars",
        "{t} wins {a} contract for in-car systems",
        "{a} picks {t} as technology partner",
        "Deal done: {a} teams up with {t}",
        "{a}, {t} seal multi-year partnership",
    ], [
        "{a} signed an agreement with {t} to co-develop software for its upcoming vehicles.",
        "{t} will supply its technology to {a} under a multi-year contract announced on the day.",
        "The automaker {a} said it had chosen {t} as a partner for its next generation of cars.",
        "In a deal announced by both firms, {a} and {t} will jointly build the digital cockpit of future models.",
    ], [
        "The contract is worth {amount}, according to a filing.",
        "Financial terms were put at {amount_alt} by analysts.",
        "The first model to use the system is the {product}, due in {year}.",
        "Development will take place at a center in {place}.",
        "The deal covers about {units} cars in its first phase.",
        "{t} expects the agreement to lift its automotive revenue by {pct}.",
    ], [
        "\"This partnership brings the best of both worlds,\" said {person} of {a}.",
        "{person}, speaking for {t}, called it a milestone.",
        "\"Our customers will feel the difference,\" {person} said at the signing.",
    ]),
    Kind("investment", [
        "{t} to invest in {a}'s electric vehicle unit",
        "{t} buys stake in {a} EV arm",
        "{a} lands investment from {t}",
        "{t} bets on {a} with fresh funding",
        "Cash injection: {t} backs {a}",
    ], [
        "{t} will invest in the electric vehicle business of {a}, the companies announced.",
        "Technology firm {t} agreed to buy a stake in {a}'s EV division.",
        "{a} said {t} would put money into its battery-electric operations.",
        "{t} is taking a minority holding in {a}'s electric car unit in a deal disclosed by both.",
    ], [
        "The investment amounts to {amount}.",
        "{t} is paying {amount_alt} for the holding.",
        "The stake is {pct}, making {t} the second-largest shareholder of the unit.",
        "The money will fund a plant in {place}.",
        "The unit plans to build {units} vehicles a year by {year}.",
        "Its first model, the {product}, is in development.",
    ], [
        "\"We believe in this team,\" said {person} of {t}.",
        "{person} of {a} said the funds would speed up development.",
        "\"The capital comes at the right moment,\" {person} said.",
    ]),
    Kind("joint venture", [
        "{a} and {t} form joint venture for autonomous driving",
        "New company: {a}, {t} join forces on self-driving tech",
        "{t}-{a} venture to develop driver assistance",
        "{a} sets up autonomous driving JV with {t}",
        "Self-driving alliance: {a} and {t} launch venture",
    ], [
        "{a} and {t} are creating a joint venture to develop autonomous-driving systems.",
        "A new company owned by {a} and {t} will work on driver-assistance software.",
        "{t} said it had agreed with {a} to establish a self-driving joint venture.",
        "The two companies will pool engineers in a venture dedicated to automated driving, {a} said.",
    ], [
        "The venture will be based in {place}.",
        "Both partners will contribute a combined {amount}.",
        "{a} will hold {pct} of the joint venture.",
        "The system will first appear in the {product} in {year}.",
        "Capital of {amount_alt} was committed to the venture.",
        "About {units} test vehicles will be built.",
    ], [
        "\"Autonomy needs scale,\" said {person} of {a}.",
        "{person} of {t} will lead the new company.",
        "\"We are stronger together,\" {person} said.",
    ]),
    Kind("recall", [
        "{a} recalls vehicles over {t} software glitch",
        "Software fault from {t} forces {a} recall",
        "{a} recall: infotainment bug traced to {t} code",
        "Thousands of {a} cars recalled due to {t} system error",
        "{a} orders fix for {t}-supplied software",
    ], [
        "{a} is recalling vehicles because software supplied by {t} can freeze the rear camera display.",
        "A defect in {t}'s infotainment software has prompted {a} to call back cars, regulators said.",
        "{a} said a glitch in a system built by {t} may cause the dashboard screen to go blank.",
        "Regulators said {a} must update cars running a faulty {t} module.",
    ], [
        "The recall covers {units} vehicles.",
        "Affected cars include the {product}.",
        "Owners in {place} were the first to report the problem.",
        "The fix will cost the company an estimated {amount}.",
        "Analysts put the cost of the recall at {amount_alt}.",
        "About {pct} of the affected cars can be fixed over the air.",
    ], [
        "\"Safety comes first,\" said {person}, a spokesperson for {a}.",
        "{person} of {t} said an update was ready.",
        "\"We regret the inconvenience,\" {person} said.",
    ]),
    Kind("chip supply", [
        "{t} to supply chips for {a}'s next electric cars",
        "{a} secures chip supply from {t}",
        "{t} chips will power {a} vehicles",
        "{a} and {t} agree semiconductor deal",
        "{a} turns to {t} for car processors",
    ], [
        "{t} will supply processors for {a}'s next generation of electric vehicles.",
        "{a} signed a long-term agreement to buy semiconductors from {t}.",
        "Chips designed by {t} will run the driver-assistance and infotainment systems of new {a} models.",
        "{a} said {t} would become the main supplier of computing chips for its EV lineup.",
    ], [
        "The supply deal is valued at {amount}.",
        "Deliveries of the chips start in {year}.",
        "The processors will go into the {product}.",
        "The chips will be made in {place}.",
        "{a} expects to install them in {units} cars a year.",
        "Analysts estimate the contract at {amount_alt}.",
    ], [
        "\"Compute is the new horsepower,\" said {person} of {t}.",
        "{person}, a spokesperson for {a}, confirmed the agreement.",
        "\"Supply security matters,\" {person} said.",
    ]),
    Kind("battery plant", [
        "{a} and {t} to build battery plant",
        "{t} battery factory for {a} announced",
        "{a}, {t} plan gigafactory",
        "New battery cell plant from {a} and {t}",
        "{t} to make batteries for {a} at new site",
    ], [
        "{a} and {t} will build a factory to produce battery cells for electric vehicles.",
        "{t} is to open a battery plant that will supply {a}, the companies said.",
        "A new gigafactory run by {t} will make cells for {a}'s electric models.",
        "{a} announced a battery manufacturing partnership with {t} centred on a new site.",
    ], [
        "The plant will be located in {place}.",
        "Construction will cost {amount}.",
        "Investment totals {amount_alt}, including equipment.",
        "It will employ {units} people.",
        "Output starts in {year} and will first supply the {product}.",
        "{t} will own {pct} of the facility.",
    ], [
        "\"Local production cuts costs,\" said {person} of {a}.",
        "{person}, who speaks for {t}, said hiring starts soon.",
        "\"This is a long-term commitment,\" {person} said.",
    ]),
    Kind("robotaxi", [
        "{a} and {t} launch robotaxi service",
        "{t} robotaxis built by {a} hit the road",
        "Driverless rides: {a}, {t} start service",
        "{a} vehicles join {t} autonomous fleet",
        "Robotaxi pilot from {t} uses {a} cars",
    ], [
        "{t} began offering driverless rides in cars built by {a}.",
        "{a} and {t} started a commercial robotaxi service on the day.",
        "A fleet of autonomous {a} vehicles operated by {t} is now carrying paying passengers.",
        "{t} said its robotaxi service, using {a}'s cars, opened to the public.",
    ], [
        "The service starts in {place}.",
        "The fleet consists of {units} vehicles.",
        "The cars are modified versions of the {product}.",
        "{t} plans to spend {amount} on the expansion.",
        "The program cost {amount_alt} so far, analysts estimate.",
        "Rides are priced {pct} below taxi fares.",
    ], [
        "\"Riders can book today,\" said {person} of {t}.",
        "{person} of {a} said more cities would follow in {year}.",
        "\"Safety drivers are gone,\" {person} said.",
    ]),
]

BACKGROUND = [
    "Electric vehicle makers are racing to cut costs as price competition intensifies in China and Europe.",
    "Traditional automakers have struggled to develop software in-house and increasingly turn to technology companies.",
    "Analysts say partnerships between carmakers and tech firms will shape the next decade of the industry.",
    "Sales of battery-electric cars grew more slowly than expected this year, pressuring margins across the sector.",
    "Software-defined vehicles promise new revenue from subscriptions and over-the-air updates.",
    "Chinese brands have gained market share quickly thanks to cheaper batteries and fast development cycles.",
    "Tariffs on imported electric cars have pushed manufacturers to localise production.",
    "Investors have punished automakers whose EV businesses keep losing money.",
    "Driver-assistance features have become a key selling point for buyers of new electric models.",
    "The transition to electric mobility requires huge investment in batteries, chips and charging networks.",
    "Consumer electronics companies see the car as the next big computing platform.",
    "Industry executives warn that supply chains for semiconductors remain fragile.",
    "Regulators on both sides of the Atlantic are tightening rules for automated driving.",
    "Several start-ups have folded after failing to scale production of their electric cars.",
]

FILLER_TITLES = [
    "What the EV price war means for {a} and {b}",
    "Analysis: software is the new battleground for {a}, {b} and {t}",
    "Five charts on the state of the electric car market",
    "Opinion: carmakers need tech partners, but on their own terms",
    "Weekly roundup: {a}, {b}, {t} and the rest of the auto industry",
]

PEOPLE = ["Maria Lindqvist", "Kenji Watanabe", "Daniel Okafor", "Sofia Marchetti", "Li Wei",
          "Hannah Becker", "Rahul Mehta", "Claire Dubois", "Tomasz Nowak", "Aisha Rahman",
          "Lucas Ferreira", "Emma Johansson", "Park Ji-hoon", "Oliver Grant", "Zhang Min"]
PLACES = ["Shanghai", "Wuhan", "Guangzhou", "Shenzhen", "Hefei", "Detroit", "Michigan",
          "Tennessee", "Kentucky", "Ohio", "Texas", "Munich", "Leipzig", "Stuttgart",
          "Barcelona", "Valencia", "Budapest", "Debrecen", "Monterrey", "Chennai", "Pune",
          "Ulsan", "Nagoya", "Bangkok", "Jakarta", "Mexico", "Ontario", "Hungary"]
PRODUCT_STEMS = ["Aurora", "Vela", "Nova", "Terra", "Orbit", "Pulse", "Helix", "Lumen",
                 "Astra", "Cirrus", "Falcon", "Zenith", "Comet", "Vertex", "Solace"]

BACKGROUND += [
    "Margins on small electric cars remain thin, and few companies make money on them yet.",
    "Charging infrastructure is expanding, but unevenly, with rural areas lagging behind cities.",
    "Battery prices fell again this year as lithium became cheaper on world markets.",
    "Some buyers remain hesitant because of resale values and range anxiety.",
    "Governments have trimmed purchase incentives, leaving automakers to absorb more of the cost.",
    "Large language models are finding their way into voice assistants on the dashboard.",
    "Europe's carmakers face strict emission targets that rise again in the coming years.",
    "Suppliers complain that volatile orders make it hard to plan capacity.",
    "Lidar sensors have become far cheaper, opening the door to wider use in mass-market cars.",
    "In China, price cuts by market leaders have triggered a consolidation among smaller brands.",
    "Over-the-air updates let manufacturers fix problems without a visit to a dealer.",
    "Startups that once promised robotaxis within a few years have scaled back their plans.",
    "Dealers say interest in hybrids has picked up while fully electric demand cooled.",
    "The industry is also under pressure to secure rare earths and other critical minerals.",
    "Cybersecurity of connected cars has become a concern for regulators and insurers.",
    "Joint development programs have a mixed record, with several ending early.",
]

# Outlets word things their own way: each report swaps some of these words for a synonym.
SYNONYMS = {
    "said": ["stated", "noted", "told reporters"], "vehicles": ["cars", "models"],
    "companies": ["firms", "groups"], "will": ["is set to", "plans to"],
    "plant": ["factory", "facility"], "deal": ["agreement", "pact"],
    "partnership": ["alliance", "tie-up"], "about": ["roughly", "around"],
    "start": ["begin", "kick off"], "build": ["construct", "set up"],
    "according to": ["citing", "as reported by"], "announced": ["unveiled", "disclosed"],
    "expects": ["anticipates", "forecasts"], "first": ["initial", "earliest"],
    "development": ["engineering work", "R&D"], "covers": ["includes", "spans"],
    "estimated": ["projected", "calculated"], "model": ["vehicle", "car"],
    "software": ["code", "programs"], "electric": ["battery-powered", "EV"],
}
