"""Job ads that have nothing to do with data, written for the extractor's
tests. Each uses words that are also names of data tools or skills (excel,
spark, go, swift, rust, pig, hive, python, java, shell, oracle, access, word,
teams, snowflake, airflow, julia, ruby, scala, R, C, ...) the way people use
them in such ads: as verbs, idioms, animals, places, people or things."""

from __future__ import annotations

ADS: dict[str, str] = {
    "cook": """Line Cook, Bistro

We are looking for a cook who will excel at preparing fresh dishes under pressure.
Spark curiosity in our guests with seasonal specials, keep the pass tidy and go the
extra mile for every table. You will roast pork from a local pig farm, make Java-spiced
glazes and prepare Scala-style pastries for our Sunday brunch.
Excellent communication and problem solving skills; a swift response to every ticket.
""",
    "nurse": """Staff Nurse, Surgical Ward

Excel at compassionate care: monitor vital signs, give medication and keep records
accurate. You will work in multidisciplinary teams, take part in clinical research
and go above and beyond for patients. Strong communication and problem solving skills
are essential. Access to the staff gym and free parking. Word of mouth referrals welcome.
""",
    "driver": """Delivery Driver (C1 licence)

Drive our vans across the region, load and unload parcels and keep your vehicle clean.
A Class C licence and a clean record are required; Category C1 preferred. You must be able
to go the extra mile when routes change and give a swift response to customers.
Rust-proofing and basic vehicle checks are done at the depot every Monday.
""",
    "teacher": """Primary School Teacher

Spark curiosity and a love of learning in Year 4. Plan engaging lessons in English,
mathematics and science, lead the after-school chess club and excel at building
relationships with parents. We are a Snowflake School: every child is unique.
Our teams meet on Fridays. Strong communication skills and a swift, caring approach.
""",
    "electrician": """Electrician

Install and maintain wiring, lighting and distribution boards to code. You will test
circuits, find faults and go beyond the minimum for safety. Read drawings in the Word
documents the site manager shares, and keep the van stocked. Shell station fuel card
provided. Must excel at working safely at height; a spark of initiative helps.
""",
    "barista": """Barista

Pull shots, steam milk and serve our house Java blend and single-origin beans with a
smile. Excel at latte art and keep the bar spotless. Our roaster works with farms in
Java and Sumatra. A swift, friendly service is what our regulars love; go the extra
mile for every cup.
""",
    "zookeeper": """Zookeeper, Reptile House

Care for our reptiles, including a Burmese python, a reticulated python and the royal
Python in the nursery enclosure. Clean enclosures, prepare feeds and record weights.
You will also help at the pig pens of the children's farm and check the bee hive on
the roof garden. Excel at calm, careful handling; go the extra mile for animal welfare.
""",
    "hvac": """HVAC Technician

Service heating, ventilation and air-conditioning systems in offices and schools.
Measure airflow in the ducts, balance airflow through the diffusers and replace filters.
Rust removal and treatment of old pipework, refrigerant handling (F-gas certificate),
and a swift response to call-outs. Go the extra mile for our clients.
""",
    "gardener": """Gardener

Mow, prune and plant across our estate's gardens. Keep the bee hive healthy, look after
the pig pen and the orchard, and excel at seasonal planting. Rust on the old tools?
We replace them. A swift pair of hands at harvest; spark joy in our visitors.
""",
    "receptionist": """Receptionist

Greet visitors, answer the phones and book meeting rooms. You will excel at first
impressions and go out of your way to help. Word of mouth matters to us: a warm welcome
and a swift reply to every email. Access cards are issued on the first day.
""",
    "plumber": """Plumber

Fit and repair pipes, boilers and bathrooms. Treat rust on old fittings, test water
pressure and find leaks fast. You will excel at clear explanations to customers and go
the extra mile to leave every home tidy. Own tools and a van; Shell fuel card provided.
""",
    "hairdresser": """Hairdresser

Cut, colour and style with care. Excel at listening to clients, spark conversation and
make every visit relaxing. Our salon teams share tips every week. A swift, tidy finish
and good word of mouth keep our chairs full.
""",
    "farm-hand": """Farm Hand

Feed and move stock on a mixed farm: a pig unit, sheep and a small dairy herd. Help with
the pig farm's records on paper, repair fences and clear rust from the gates. Early
starts; go the extra mile at lambing time. Driving licence (C1) an advantage.
""",
    "tour-guide": """Tour Guide, Indonesia

Lead small groups across Java and Bali: temples, volcano sunrises and coffee farms.
Excel at storytelling, keep the group safe and spark curiosity about local culture.
Swift decisions when plans change; go the extra mile for every guest.
""",
    "lifeguard": """Lifeguard

Watch the pool and the beach, respond to incidents and give first aid. A swift response
saves lives. Excel at staying alert through long shifts, go the extra mile for young
swimmers and keep the shell-strewn shore clear of hazards.
""",
    "carpenter": """Carpenter

Build and fit doors, stairs and kitchens. Measure twice, cut once; excel at fine joinery
and go the extra mile on finishes. Oak and ash are our woods of choice. A spark of
creativity and a swift, tidy way of working are valued.
""",
    "childminder": """Childminder

Look after three children aged 1 to 5 in a warm home setting. Spark curiosity with
stories and play, go on walks to the park and excel at keeping parents informed.
Julia, our founder, trains every new childminder. Strong communication skills.
""",
    "sales-assistant": """Sales Assistant, Garden Centre

Help customers choose plants, tools and pots. Excel at friendly service, keep shelves
stocked and go the extra mile at weekends. Our Python and Boa enclosure in the pet
corner needs a daily check. Swift, accurate work at the till.
""",
    "pastry-chef": """Pastry Chef

Create cakes, breads and desserts for our café. Excel at laminated doughs, spark delight
with seasonal flavours and go the extra mile on presentation. Our Ruby chocolate tart and
Snowflake meringues are customer favourites. A swift hand at busy times.
""",
    "security-guard": """Security Guard

Patrol the site, check access passes and write clear incident reports. Excel at staying
calm, go the extra mile for visitors and give a swift response to alarms. Night shifts;
the team meets in the Oracle building lobby each evening.
""",
    "beekeeper": """Beekeeper

Inspect and care for forty hives: check each hive of bees for queen health, treat for
mites and harvest honey. Excel at calm, careful handling; go the extra mile in swarm
season. Airflow in the hive matters in summer, so build screened boards.
""",
    "cleaner": """Office Cleaner

Clean offices, kitchens and washrooms to a high standard. Excel at attention to detail,
go the extra mile when events run late and give a swift response to spills. Teams of
three cover each floor. Access to the building from 6 pm.
""",
}
