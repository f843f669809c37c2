# -*- coding: utf-8 -*-
# All texts invented for the Attest held-out set.
# Body items: ("p", text) ("h", text) ("h2", text) ("li", [items]) ("table", rows)
# Footnote marks in text: "[[1]]" -> footnote number 1.

DOC1 = dict(
    title="Northern Flank Procurement Outlook: Second Quarter",
    author="Helena Vartiainen",
    date="2024-05-14",
    header="Nordic-Baltic Defence Monitor \u2014 Quarterly Report",
    body=[
        ("p", "Defence ministries across the Nordic and Baltic states entered the second quarter with procurement budgets larger than at any point since the end of the Cold War, yet the pace at which contracts are being signed continues to lag behind the political commitments announced last year. Officials in Tallinn, Riga and Vilnius say the bottleneck is no longer money but industrial capacity, with delivery slots for artillery shells, air defence interceptors and armoured vehicles booked well into the next decade. \"We have the funds, we have the parliamentary approval, and we still have to wait,\" a senior Estonian procurement official said, speaking on condition of anonymity because he was not authorised to discuss contract negotiations."),
        ("p", "The Latvian defence ministry confirmed on April 9 that it had finalised a framework agreement for additional coastal surveillance radars, the third such agreement in eighteen months. The ministry did not disclose the value of the deal, but two people familiar with the negotiations told Reuters that it exceeded the combined value of the previous two contracts. Delivery of the first systems is expected in late 2025, with full operational capability planned for 2027."),
        ("p", "In Finland, the debate has shifted from whether to buy to how quickly domestic industry can absorb foreign technology. The government's industrial participation rules require a share of large contracts to be fulfilled by Finnish firms, and several suppliers have complained that the requirement slows negotiations. A spokesperson for the Finnish Defence Forces Logistics Command said the rules would not be relaxed, noting that security of supply in wartime remained the overriding consideration (STT, Helsinki, April 22)."),
        ("p", "Sweden, now a full member of the alliance, has concentrated its spending on sustaining existing fleets rather than on new platforms. The Defence Materiel Administration announced a series of maintenance and upgrade contracts covering fighter aircraft, submarines and wheeled armoured vehicles. Analysts in Stockholm noted that the emphasis on readiness reflects lessons drawn from the war in Ukraine, where the availability of spare parts and trained technicians has often mattered more than the number of systems on paper."),
        ("p", "Norway remains the outlier. Its long-term plan, adopted by parliament in the spring, commits the country to a substantial increase in spending over twelve years, with particular attention to maritime patrol, long-range precision fires and the protection of undersea infrastructure in the North Sea. Norwegian officials have been careful to present the plan as a response to a changed security environment in the High North rather than to any single incident, although the damage to a gas pipeline and a data cable in the Baltic Sea last autumn was cited repeatedly during the parliamentary debate."),
        ("h", "Air Defence Acquisitions"),
        ("p", "Ground-based air defence has emerged as the single largest category of new spending across the region. Lithuania signed a contract in March for additional medium-range launchers and missiles, while Estonia and Latvia continued joint negotiations on a common system intended to simplify training and logistics. The joint approach has been praised by alliance officials, but it has also exposed differences over the division of industrial work and over which country should host a shared maintenance facility."),
        ("p", "Poland's decision to expand its own air defence programme has complicated matters for its smaller neighbours. Polish orders, placed earlier and in far larger volumes, have absorbed much of the near-term production capacity of the main suppliers. \"Everyone is standing in the same queue, and Warsaw is near the front of it,\" said a Brussels-based analyst who advises several governments on procurement. The analyst added that the Baltic states could benefit if Polish deliveries created a regional pool of trained personnel and spare parts."),
        ("p", "Counter-drone systems are a growing subcategory. Estonian and Lithuanian border guards have reported a rise in small unmanned aircraft crossing from Belarus and from the Kaliningrad region, mostly at low altitude and at night. Officials say most of the flights appear to be linked to smuggling, but they acknowledge that the same routes could be used for reconnaissance. The Lithuanian interior ministry said in April that it would accelerate the purchase of detection equipment for the eastern border (BNS, Vilnius, April 17)."),
        ("p", "Procurement officials also point to a shortage of qualified staff in their own agencies. The number of contracts has grown far faster than the number of people able to draft, negotiate and supervise them. Latvia has begun recruiting legal and technical specialists from the private sector, and Estonia has extended the use of joint purchasing through alliance agencies to reduce the administrative burden on its small national team."),
        ("p", "The outlook for the third quarter depends largely on decisions outside the region. The pace of production increases announced by major European and American manufacturers will determine whether the backlog eases in 2025 or persists into the second half of the decade. Several ministries are expected to publish revised delivery schedules before the alliance summit in July, and those schedules are likely to show further delays for ammunition and for some categories of air defence missiles."),
        ("p", "For now, the region's governments appear willing to accept the delays in exchange for firm commitments. A Latvian official summarised the mood by saying that a contract signed today for delivery in three years is still better than no contract at all. Whether public support for higher spending will survive that long, particularly if the war in Ukraine moves toward a ceasefire, is a question that none of the officials interviewed for this report was prepared to answer."),
    ],
)

DOC2 = dict(
    title="Peacekeepers Report Rising Tension Along the Buffer Zone",
    author="Anneliese Brandt",
    date="2024-04-02",
    lead="United Nations observers recorded more ceasefire violations in the first three months of the year than in the whole of the previous year, according to an internal assessment seen by analysts, as both sides reinforced positions near the line of separation.",
    body=[
        ("p", "The assessment, compiled by the mission's joint operations centre, lists 214 incidents between January and March, including small-arms fire, the construction of new fortifications and the movement of heavy weapons into areas where they are prohibited under the ceasefire arrangements. The previous year's total was 187."),
        ("p", "Mission spokesperson Anneke de Vries told AFP that the figures reflected both an increase in activity and improved monitoring. \"We have more patrols and better equipment than a year ago, so we see more,\" she said. \"But the trend is clear, and it is not a good one.\""),
        ("p", "Most of the incidents were recorded in the central sector, where the two forces are separated by less than 400 metres in places. Observers reported that one side had moved mortar positions closer to the line in February, and that the other had responded by deploying additional armoured vehicles to a village inside the restricted zone. Both governments have denied violating the ceasefire and have accused each other of provocation."),
        ("p", "The mission's mandate is due for renewal by the Security Council in June. Diplomats in New York said that at least two permanent members favoured a shorter renewal period, a move that troop-contributing countries fear would make it harder to plan rotations and maintain equipment. Several contributors have already warned that they may withdraw contingents if the mandate is renewed for less than a year."),
        ("p", "Funding is a separate concern. The mission's budget was cut by almost a tenth last year as part of a broader reduction in peacekeeping spending, and the number of military observers has fallen accordingly. Officials said the cut had forced the mission to close two of its observation posts in the northern sector, leaving a stretch of the buffer zone monitored only by occasional vehicle patrols."),
        ("p", "Local officials on both sides of the line say the tension is already affecting civilians. Farmers have been unable to reach fields inside the buffer zone during the spring planting season, and a school near the central sector has moved lessons to a building further from the line after stray rounds struck its roof in March (Interfax, Moscow, March 29)."),
        ("p", "The mission has proposed a series of confidence-building measures, including a hotline between sector commanders and joint inspections of disputed positions. Neither side has formally responded. A Western diplomat involved in the talks said the proposals were unlikely to be accepted before the mandate renewal, since both governments were waiting to see what kind of mission the Security Council would approve."),
    ],
)

DOC3 = dict(
    title="Sanctions Enforcement: Shipping Registries Under Scrutiny",
    author="Marek Zielinski",
    date="2024-02-20",
    body=[
        ("p", "Maritime authorities in several flag states have opened reviews of vessels suspected of carrying sanctioned oil, following a series of ship-to-ship transfers observed off the coast of southern Greece in January. The reviews were confirmed by officials in two of the states concerned, who said they were acting on information shared by European partners."),
        ("p", "The vessels in question are mostly older tankers that changed ownership in the past two years, often several times, and were reflagged to registries with limited inspection capacity. According to a shipping analyst in London, at least 40 such tankers have been reflagged since the price cap took effect[[1]]."),
        ("p", "Officials identified three practices that make enforcement difficult:"),
        ("li", [
            "Switching off automatic identification transponders during transfers at sea",
            "Registering vessels through shell companies in jurisdictions that do not disclose beneficial owners",
            "Using attestations of price-cap compliance that cannot be independently verified",
        ]),
        ("p", "The European Commission said on February 12 that it was considering new measures aimed at the service providers that make such voyages possible, including insurers and classification societies. A spokesperson told Reuters that proposals would be presented to member states \"in the coming weeks\"."),
        ("p", "Industry groups have warned that tighter rules could push more of the trade into a shadow fleet operating entirely outside Western insurance and inspection regimes, with consequences for maritime safety. Environmental organisations have made a similar argument, pointing to the risk of a major spill from an uninsured tanker in congested waters such as the Danish straits."),
        ("p", "Flag-state officials said their reviews could lead to vessels being struck from their registries, although they acknowledged that deregistered ships often find a new flag within weeks (AFP, Athens, February 15)."),
    ],
    notes={1: "The price cap on seaborne crude oil was introduced in December 2022 and on refined products in February 2023."},
)

DOC4 = dict(
    title="Border Incidents on the Eastern Frontier, 2023: An Annual Survey",
    author="Tomas Lindqvist",
    date="2024-01-12",
    printed_date="12 January 2024",
    body=[
        ("p", "Border guards on the eastern frontier recorded 1,742 attempted illegal crossings in 2023, an increase of roughly one third compared with the previous year, according to figures compiled for this survey from national border agency reports. The increase was concentrated in the summer months and in the southern part of the frontier, where forested terrain and a lack of physical barriers make surveillance difficult."),
        ("p", "The largest single category of incidents involved groups of migrants who had travelled to the neighbouring country on tourist or student visas and were then directed towards the border. Border agency officials have described this pattern as deliberate and organised, and several governments have accused the neighbouring authorities of facilitating the movements as a form of pressure. The neighbouring foreign ministry rejected the accusation as \"baseless\" (Interfax, Moscow, August 11)."),
        ("p", "Airspace violations formed a second category. Military and border authorities reported 37 incidents in which aircraft, helicopters or drones entered national airspace without authorisation, most of them for less than a minute. In two cases, in June and October, fighter aircraft were scrambled to intercept helicopters flying at low altitude along the border. Officials said the helicopters turned back before the interceptors arrived."),
        ("p", "A third category, smaller in number but more serious in its implications, involved incidents at official crossing points. In September, a border guard was injured when a vehicle drove through a checkpoint at speed; the driver was later detained on the other side of the border and has not been returned. In November, the authorities temporarily closed two crossing points after what they described as a coordinated attempt to overwhelm inspection capacity with hundreds of vehicles arriving within a few hours."),
        ("p", "Governments along the frontier responded with a combination of physical, technical and legal measures. Construction of fences and barriers continued on several sections, and border agencies received additional funding for cameras, thermal sensors and vehicles. Two governments amended their laws to allow asylum applications to be restricted at the border during declared emergencies, a step that human rights organisations criticised as incompatible with international obligations."),
        ("p", "The survey also notes improved cooperation between national agencies. Joint patrols, shared situational pictures and the exchange of liaison officers became more common during the year, and the European border agency deployed additional personnel to the frontier at the request of three member states. Officials interviewed for this survey said cooperation at the operational level was now considerably better than at the start of the crisis in 2021."),
        ("p", "The outlook for 2024 remains uncertain. Border officials expect pressure to continue, particularly in the summer months, and several warned that the methods used at the frontier are becoming more varied. \"Every season we see something new,\" a senior border guard commander said. \"Our task is to be ready for the next thing, not the last one.\""),
    ],
)

DOC6 = dict(
    title="Naval Exercise Draws Protest Over Disputed Shoal",
    author="Daniel Osei",
    date="2024-04-18",
    header="Maritime Security Brief \u2014 Restricted Distribution",
    footer="Prepared by the Asia-Pacific Desk",
    body=[
        ("p", "Coast guard vessels from two claimant states shadowed a multinational naval exercise near a disputed shoal on April 15, according to officials from three of the participating navies. The exercise, which involved eleven warships and maritime patrol aircraft, was the largest held in the area since the arbitration ruling[[1]] of 2016."),
        ("p", "The foreign ministry of one claimant state lodged a formal protest, describing the exercise as \"a deliberate provocation\" and warning that it would \"take all necessary measures\" to protect its sovereignty. The statement was issued in the early hours of April 16 (Xinhua, Beijing, April 16)."),
        ("p", "Naval officers taking part in the exercise said that the coast guard vessels had kept a distance of at least two nautical miles and that no unsafe manoeuvres had been observed. One officer told Reuters that the vessels had repeatedly broadcast radio warnings instructing the warships to leave what they described as territorial waters[[2]]."),
        ("p", "Regional analysts said the exercise reflected a broader effort by the participating states to demonstrate that they would continue to operate in international waters despite the pressure. A second exercise is planned for the autumn."),
    ],
    notes={
        1: "The arbitral tribunal ruled in July 2016 that several of the features in question do not generate maritime zones beyond 12 nautical miles.",
        2: "The participating navies do not recognise any territorial sea around the shoal, which is submerged at high tide.",
    },
)


import re


def plain(text):
    return re.sub(r"\[\[(\d+)\]\]", r"\1", text)


def expected_body(doc, title_first=True, extra_paras=()):
    paras = []
    if title_first:
        paras.append(doc["title"])
    paras.extend(extra_paras)
    for kind, val in doc["body"]:
        if kind == "li":
            paras.extend(val)
        elif kind == "table":
            paras.append("\n".join("\t".join(r) for r in val))
        else:
            paras.append(plain(val))
    for n, t in sorted(doc.get("notes", {}).items()):
        paras.append(f"{n} {t}")
    return paras


def write_expected(path, title, paras, author=None, date=None, publication=None):
    head = [f"title: {title}"]
    if author:
        head.append(f"author: {author}")
    if date:
        head.append(f"date: {date}")
    if publication:
        head.append(f"publication: {publication}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head) + "\n---\n" + "\n\n".join(paras))
