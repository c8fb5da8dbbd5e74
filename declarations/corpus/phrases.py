"""Phrase banks for the synthetic corpus: declaration-like clauses, one bank per leaf theme of seeds/themes.toml.

Every clause of a theme's bank contains at least one phrase its rules match (tests/test_generate_corpus.py
checks each clause against the real rules), so the themes a generated paragraph gets are the ones its
clauses were drawn for, plus whatever the state names and filler happen to trigger. The weights set how
common a theme is: terrorism is the commonest, like in the real declarations, so "terrorism" is the
benchmark's common word; "glaciers" appears in about one paragraph in a thousand (the rare word).

Slots: {state} and {state2} are state names or aliases, {city} a summit city, {year} a year.
"""

SUBJECTS = (
    "The Member States",
    "The Heads of State",
    "The leaders of the Member States",
    "The Parties",
    "The sides",
    "The Heads of Delegation",
    "The Council",
)

VERBS = (
    "reaffirmed",
    "reiterated",
    "stressed",
    "underlined",
    "emphasized",
    "noted with satisfaction",
    "expressed their conviction of",
    "recognized",
    "welcomed",
    "confirmed",
    "pointed to",
    "highlighted",
)

# News articles report the same positions through a speaker.
SPEAKERS = (
    "officials said",
    "the joint communique said",
    "a spokesman for the host country told reporters",
    "the foreign minister of {state} said",
    "diplomats in {city} said",
    "the statement adopted in {city} said",
)

# (weight, slug, clauses). A clause follows "<subject> <verb> ..." or "<speaker> that ...".
THEME_BANKS = (
    (
        22,
        "terrorism",
        (
            "their resolve to combat terrorism, separatism and extremism in all their forms and manifestations",
            "the importance of the Regional Anti-Terrorist Structure in countering the three evils",
            "that the fight against international terrorism requires the concerted efforts of the international "
            "community without double standards",
            "the need to prevent the spread of the ideology of terrorism and the radicalization of young people",
            "their readiness to cut off the channels that finance terrorism and terrorist organizations",
            "their concern over the movement of foreign terrorist fighters, a growing source of terrorism",
            "that no state should allow extremist groups to use its territory against {state}",
            "the results of the joint antiterrorist exercises held near {city} in {year}",
        ),
    ),
    (
        4,
        "drugs",
        (
            "their determination to counter illicit trafficking in narcotic drugs and psychotropic substances",
            "the importance of implementing the Anti-Drug Strategy and its programme of action",
            "their concern over the production of opium and heroin and the smuggling of precursors",
            "the need to reduce the demand for drugs through prevention, treatment and rehabilitation",
        ),
    ),
    (
        4,
        "information-security",
        (
            "the importance of ensuring international information security",
            "their opposition to the use of information and communication technologies for criminal purposes",
            "the need to develop universal rules of responsible behaviour of states in the information space",
            "their readiness to counter cybercrime and the misuse of the Internet",
        ),
    ),
    (
        4,
        "organised-crime",
        (
            "their commitment to combat transnational organized crime, money laundering and corruption",
            "the need to counter illegal migration and human trafficking",
            "their concern over illicit trafficking in small arms, ammunition and explosives",
        ),
    ),
    (
        3,
        "arms-control",
        (
            "their support for the Treaty on the Non-Proliferation of Nuclear Weapons",
            "the importance of preventing an arms race in outer space",
            "that the unilateral deployment of missile defence systems undermines strategic stability",
            "the need for full compliance with the conventions banning chemical weapons and biological weapons",
        ),
    ),
    (
        3,
        "afghanistan",
        (
            "their support for an Afghan-led and Afghan-owned process of peace and national reconciliation",
            "the need for an inclusive government in Kabul that represents all ethnic and political groups",
            "the role of the Contact Group in the reconstruction of the Afghan economy",
        ),
    ),
    (
        2,
        "syria-middle-east",
        (
            "the need for a political settlement in Syria through a Syrian-led and Syrian-owned process",
            "their concern over the situation in the Middle East and North Africa",
            "their support for a comprehensive and just settlement of the Palestinian question",
            "the importance of peace and stability in Iraq, Libya and Yemen",
        ),
    ),
    (
        1,
        "iran-nuclear",
        (
            "the importance of the consistent implementation of the Joint Comprehensive Plan of Action",
            "that the JCPOA must be preserved and that the Iranian nuclear issue be settled by dialogue",
        ),
    ),
    (
        1,
        "korean-peninsula",
        (
            "their support for the denuclearization of the Korean Peninsula through dialogue and consultation",
            "the early resumption of the six-party talks",
        ),
    ),
    (
        4,
        "un-role",
        (
            "the central coordinating role of the United Nations in international affairs",
            "the need to reform the Security Council through the broadest possible consensus",
            "the importance of the decisions of the General Assembly on development and peace",
            "their support for United Nations peacekeeping operations",
        ),
    ),
    (
        6,
        "international-law",
        (
            "their commitment to the universally recognized principles of international law",
            "respect for sovereignty, territorial integrity and non-interference in internal affairs",
            "their opposition to unilateral sanctions that bypass the multilateral system",
            "the emergence of a more just and representative multipolar world order",
            "the inadmissibility of the use of force or the threat of force in international relations",
        ),
    ),
    (
        8,
        "trade-investment",
        (
            "the importance of expanding trade and economic cooperation between {state} and {state2}",
            "the need to promote mutual investment and to improve the business climate",
            "their support for the multilateral trading system and their opposition to protectionism",
            "the progress of work on the establishment of the Development Bank and the Development Fund",
            "the wider use of national currencies in mutual settlements",
            "the stability of global supply chains and of the world economy",
        ),
    ),
    (
        5,
        "connectivity",
        (
            "the development of international transport corridors and logistics centres",
            "their support for the Belt and Road initiative and its alignment with national strategies",
            "the construction of railways and highways linking {city} with the ports of the region",
            "the facilitation of international road transport and transit across the region",
        ),
    ),
    (
        5,
        "energy",
        (
            "the importance of energy security and of cooperation in oil and gas",
            "the development of renewable sources of energy and hydropower",
            "cooperation in the digital economy and in artificial intelligence",
            "their support for innovation and the exchange of high technologies",
        ),
    ),
    (
        3,
        "food-security",
        (
            "the importance of food security and of stable agricultural production",
            "cooperation in the supply of grain and fertilizers to the markets of the region",
            "the need to eradicate hunger and poverty",
        ),
    ),
    (
        5,
        "culture-education",
        (
            "the expansion of cultural and humanitarian ties between the peoples",
            "the activities of the SCO University and the growth of student exchanges",
            "cooperation in science, education and tourism",
            "the holding of youth festivals and sports events in {city}",
            "the protection of heritage sites and the exchange of museum exhibitions",
        ),
    ),
    (
        3,
        "health",
        (
            "cooperation in health care and in the prevention of infectious diseases",
            "joint efforts against the COVID-19 pandemic and fair access to vaccines",
            "the sanitary and epidemiological welfare of the population",
        ),
    ),
    (
        2,
        "emergencies",
        (
            "cooperation in the prevention of emergency situations and the elimination of their consequences",
            "mutual assistance in rescue operations after a natural disaster",
            "the lessons of the earthquake and the floods that struck the region in {year}",
        ),
    ),
    (
        3,
        "environment",
        (
            "the need to address climate change in accordance with the UNFCCC and the Paris Agreement",
            "cooperation in environmental protection and the conservation of biodiversity",
            "the fight against desertification and the rational use of water resources",
            "green development and the transition to low-carbon technologies",
        ),
    ),
    (
        6,
        "sco-development",
        (
            "their adherence to the Shanghai spirit of mutual trust, mutual benefit, equality, consultation, "
            "respect for the diversity of civilizations and the pursuit of common development",
            "the implementation of the Development Strategy adopted in {year}",
            "the importance of the SCO Charter as the basis of their cooperation",
            "the enlargement of the Organization and the admission of {state} to membership",
            "closer cooperation with observer states and dialogue partners",
            "the work of the SCO Secretariat and its permanent bodies",
        ),
    ),
)

# Rare on purpose: the benchmark's rare word. Drawn instead of an environment clause 1 time in 40, which puts
# it in roughly one paragraph in a thousand.
RARE_CLAUSE = ("environment", "their alarm at the accelerating retreat of mountain glaciers in the region")
RARE_CHANCE = 0.025

# Sentences that name no theme: the protocol and connective tissue of real declarations.
FILLER = (
    "The meeting was held in a friendly and constructive atmosphere.",
    "They noted with satisfaction the results achieved since the previous meeting in {city}.",
    "The Heads of State expressed their gratitude to {state} for the hospitality extended in {city}.",
    "The sides agreed to continue consultations at the level of ministers and senior officials.",
    "Peace, stability and prosperity of the region remain the common goal of their peoples.",
    "The next meeting of the Council will take place in {year}.",
    "{state} and {state2} exchanged views on bilateral relations and on matters of mutual interest.",
    "The relevant agencies were instructed to prepare proposals within the agreed time frame.",
    "The Member States will continue to coordinate their positions on these questions.",
    "This work will be carried out step by step, on the basis of consensus and mutual respect.",
    "The delegation of {state} presented proposals that were received with interest.",
    "Good-neighbourly relations and friendship remain the foundation of their partnership.",
    "The sides expressed confidence that the decisions taken in {city} would be implemented in full.",
    "Representatives of {state} took part in the meeting as guests of the chair.",
    "The documents signed in {year} laid a solid foundation for further joint work.",
)

NEWS_OPENINGS = (
    "Leaders meeting in {city} on {year} agreed on a joint text.",
    "The talks in {city} lasted longer than scheduled, according to people familiar with the discussions.",
    "Reporters were briefed after the closed session in {city}.",
)

DOCUMENT_TITLES = {
    "declaration": "{city} Declaration of the Council of Heads of State",
    "statement": "Statement of the Heads of State on {topic}",
    "communique": "Joint Communique of the Meeting in {city}",
    "news": "{publisher}: Leaders in {city} discuss {topic}",
}

PUBLISHERS = (
    "Xinhua",
    "TASS",
    "Kazinform",
    "Kabar",
    "Dunya News",
    "The Hindu",
    "IRNA",
    "UzA",
    "Khovar",
    "Belta",
)

TOPICS = (
    "regional security",
    "trade and connectivity",
    "the fight against the three evils",
    "energy cooperation",
    "international information security",
    "food security",
    "climate change",
    "the situation in Afghanistan",
    "cultural cooperation",
    "the development of the Organization",
)
