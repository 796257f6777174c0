#!/usr/bin/env python3
"""Build the demo stakeholder bundle in data/demo/.

Deterministic: a fixed seed drives every random choice, nothing depends on the
wall clock, hash ordering or the environment, so running it twice gives
byte-identical files. Standard library only.

Real facts come from four public documents (see data/demo/README.md):
  * the Imagine Center's "Breaking the Impasse" page,
  * a peacebuilding consortium's description of its activities (the page
    names no consortium and mentions the April 2016 escalation, so it is not
    taken to be EPNK's),
  * the report of the EPNK joint strategic meeting in London (21 October; the
    year, 2014, is inferred),
  * the 2 April 2022 report of the Joint Armenian-Azerbaijani Liaison Group
    ("30 measures between now and 2030").
Everything else (all people named "Participant XX-NN", organisations named
"Organisation XX-...") is synthetic and tagged as such. What is inferred or
assumed rather than stated is listed in data/demo/README.md; the format has no
notes column, so the one inference a record must carry (London's year) is in
that meeting's title.

After writing, the script re-reads the bundle and validates it; it exits
non-zero if anything is wrong.
"""

from __future__ import annotations

import csv
import re
import sys
from datetime import date
from pathlib import Path
import random

SEED = 20080401  # first Breaking the Impasse meeting, April 2008
OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"

# Set to True to link the Liaison Group's own working meetings to all 30
# measures they drafted. Off by default: drafting a plan is not implementing it.
LINK_JLG_TO_MEASURES = False

COLUMNS = {
    "organisations.csv": ["id", "name", "kind", "country", "side"],
    "people.csv": ["id", "name", "gender", "side", "country", "birth_year", "tags", "sensitive"],
    "affiliations.csv": ["person_id", "organisation_id", "role", "start_date", "end_date"],
    "meetings.csv": ["id", "title", "series", "start_date", "end_date", "city", "country",
                     "format", "track", "confidentiality"],
    "participations.csv": ["person_id", "meeting_id", "role", "organisation_id"],
    "meeting_organisations.csv": ["meeting_id", "organisation_id", "role"],
    "measures.csv": ["id", "code", "title", "category", "start_year", "end_year",
                     "target_tags", "target_sides", "target_genders"],
    "meeting_measures.csv": ["meeting_id", "measure_id"],
}

ORG_KINDS = {"government", "parliament", "intergovernmental", "ngo", "academic", "think_tank",
             "media", "donor", "business", "community", "other"}
GENDERS = {"female", "male", "other"}
FORMATS = {"workshop", "symposium", "conference", "expert_group", "exchange_visit", "training",
           "summer_school", "strategic_meeting", "town_hall", "online", "other"}
TRACKS = {"1", "1.5", "2", "3"}
CONFIDENTIALITY = {"public", "closed", "confidential"}
PART_ROLES = {"participant", "facilitator", "organiser", "speaker", "rapporteur", "observer",
              "mediator"}
MO_ROLES = {"organiser", "host", "funder", "partner"}
SIDES = {"armenian", "azerbaijani", "georgian", "international"}
# Countries of residence in the region; empty is Nagorno-Karabakh (no ISO code).
REGION = {"AM", "AZ", "GE", ""}
BTI = "Breaking the Impasse"

# --------------------------------------------------------------------------
# Real organisations named in the documents
# --------------------------------------------------------------------------
ORGANISATIONS = [
    # Imagine Center page ("Breaking the Impasse")
    ("org-imagine-center", "Imagine Center", "ngo", "", ""),
    ("org-columbia-university", "Columbia University", "academic", "US", "international"),
    ("org-fletcher-school", "Fletcher School of Law and Diplomacy", "academic", "US", "international"),
    ("org-gmu-scar", "George Mason University School for Conflict Analysis and Resolution (S-CAR)",
     "academic", "US", "international"),
    ("org-carnegie-endowment", "Carnegie Endowment for International Peace", "think_tank", "US",
     "international"),
    ("org-osce", "Organization for Security and Co-operation in Europe (OSCE)", "intergovernmental",
     "AT", "international"),
    ("org-uk-conflict-prevention-pool", "UK Conflict Prevention Pool", "donor", "GB", "international"),
    # EPNK strategic meeting report
    ("org-international-alert", "International Alert", "ngo", "GB", "international"),
    ("org-conciliation-resources", "Conciliation Resources", "ngo", "GB", "international"),
    ("org-epnk", "EPNK (European Partnership for the Peaceful Settlement of the Conflict over "
     "Nagorno-Karabakh)", "other", "", "international"),
    # Joint Liaison Group report
    ("org-jlg", "Joint Armenian-Azerbaijani Liaison Group on Confidence-Building Measures in "
     "support of lasting peace in the South Caucasus", "other", "", ""),
    # "The work of the Joint Liaison Group took place in the framework of the
    # EU4Peace project": an EU project, so `other` (the report says nothing of
    # its own funding or seat).
    ("org-eu4peace", "EU4Peace", "other", "", "international"),
    ("org-links-europe", "LINKS Europe", "ngo", "NL", "international"),
    ("org-eu", "European Union", "intergovernmental", "BE", "international"),
    ("org-caucasus-policy-analysis-centre", "Caucasus Policy Analysis Centre", "think_tank", "AZ",
     "azerbaijani"),
    ("org-turan", "TURAN news agency", "media", "AZ", "azerbaijani"),
    ("org-acgrc", "Analytical Centre on Globalisation and Regional Co-operation", "think_tank", "AM",
     "armenian"),
    ("org-ward", "Women's Association for Rational Development", "ngo", "AZ", "azerbaijani"),
    ("org-orbelli-centre", "Orbelli Analytical Research Centre", "think_tank", "AM", "armenian"),
    ("org-cpess", "Centre for Political and Economic Strategic Studies", "think_tank", "AM",
     "armenian"),
    ("org-parliament-az", "Parliament of Azerbaijan", "parliament", "AZ", "azerbaijani"),
]

# Synthetic organisations, plainly named as such.
SYN_ORGS = [
    ("org-syn-am-gov-1", "Organisation AM-GOV-1", "government", "AM", "armenian"),
    ("org-syn-az-gov-1", "Organisation AZ-GOV-1", "government", "AZ", "azerbaijani"),
    ("org-syn-am-ngo-1", "Organisation AM-NGO-1", "ngo", "AM", "armenian"),
    ("org-syn-am-ngo-2", "Organisation AM-NGO-2", "ngo", "AM", "armenian"),
    ("org-syn-am-ngo-3", "Organisation AM-NGO-3", "ngo", "AM", "armenian"),
    ("org-syn-az-ngo-1", "Organisation AZ-NGO-1", "ngo", "AZ", "azerbaijani"),
    ("org-syn-az-ngo-2", "Organisation AZ-NGO-2", "ngo", "AZ", "azerbaijani"),
    ("org-syn-az-ngo-3", "Organisation AZ-NGO-3", "ngo", "AZ", "azerbaijani"),
    ("org-syn-am-tt-1", "Organisation AM-TT-1", "think_tank", "AM", "armenian"),
    ("org-syn-am-tt-2", "Organisation AM-TT-2", "think_tank", "AM", "armenian"),
    ("org-syn-az-tt-1", "Organisation AZ-TT-1", "think_tank", "AZ", "azerbaijani"),
    ("org-syn-az-tt-2", "Organisation AZ-TT-2", "think_tank", "AZ", "azerbaijani"),
    ("org-syn-am-uni-1", "Organisation AM-UNI-1", "academic", "AM", "armenian"),
    ("org-syn-az-uni-1", "Organisation AZ-UNI-1", "academic", "AZ", "azerbaijani"),
    ("org-syn-ge-tt-1", "Organisation GE-TT-1", "think_tank", "GE", "georgian"),
    ("org-syn-am-media-1", "Organisation AM-MEDIA-1", "media", "AM", "armenian"),
    ("org-syn-az-media-1", "Organisation AZ-MEDIA-1", "media", "AZ", "azerbaijani"),
    ("org-syn-nk-ngo-1", "Organisation NK-NGO-1", "ngo", "", "armenian"),
]

MEDIA_ORGS = ["org-syn-am-media-1", "org-syn-az-media-1"]

# --------------------------------------------------------------------------
# Real people: members (and the external co-rapporteur) of the Joint Liaison
# Group, as listed in its report. Spelling follows the biographies at the end
# of the report. Gender only where the text states it ("Chairwoman").
# --------------------------------------------------------------------------
REAL_PEOPLE = [
    # id, name, gender, side, country, tags
    ("p-ahmad-alili", "Ahmad Alili", "", "azerbaijani", "AZ", "expert"),
    ("p-mehman-aliyev", "Mehman Aliyev", "", "azerbaijani", "AZ", "expert"),
    ("p-stepan-grigoryan", "Stepan Grigoryan", "", "armenian", "AM", "expert"),
    ("p-shahla-ismayil", "Shahla Ismayil", "female", "azerbaijani", "AZ", "expert;women_group"),
    ("p-samir-mammadov", "Samir Mammadov", "", "azerbaijani", "", "expert"),
    ("p-johnny-melikyan", "Johnny Melikyan", "", "armenian", "AM", "expert"),
    ("p-benyamin-poghosyan", "Benyamin Poghosyan", "", "armenian", "AM", "expert"),
    ("p-ramazan-samadov", "Ramazan Samadov", "", "azerbaijani", "AZ", "expert"),
    ("p-anar-valiyev", "Anar Valiyev", "", "azerbaijani", "AZ", "expert"),
    ("p-dennis-sammut", "Dennis Sammut", "", "", "", ""),
]
JLG_MEMBERS = [p[0] for p in REAL_PEOPLE if p[0] != "p-dennis-sammut"]
JLG_RAPPORTEURS = {"p-ahmad-alili", "p-benyamin-poghosyan"}

REAL_AFFILIATIONS = [
    ("p-ahmad-alili", "org-caucasus-policy-analysis-centre", "Director", "", ""),
    ("p-mehman-aliyev", "org-turan", "Director", "", ""),
    ("p-stepan-grigoryan", "org-acgrc", "Director", "", ""),
    ("p-shahla-ismayil", "org-ward", "Chairwoman", "", ""),
    ("p-samir-mammadov", "org-parliament-az", "parliamentary assistant to an Azerbaijani MP", "", ""),
    ("p-johnny-melikyan", "org-orbelli-centre", "Senior Fellow", "", ""),
    ("p-benyamin-poghosyan", "org-cpess", "Founder and Chairman", "", ""),
    # Ramazan Samadov (independent consultant) and Anar Valiyev (independent
    # expert) have no organisation in the report.
    ("p-dennis-sammut", "org-links-europe", "", "", ""),
] + [
    (pid, "org-jlg", "member; co-rapporteur" if pid in JLG_RAPPORTEURS else "member", "", "")
    for pid in JLG_MEMBERS
] + [("p-dennis-sammut", "org-jlg", "co-rapporteur", "", "")]

# --------------------------------------------------------------------------
# Real meetings
# --------------------------------------------------------------------------
# id, title, series, start, end, city, country, format, track, confidentiality
MEETINGS = [
    ("m-bti-2008-columbia", "Breaking the Impasse: first meeting (symposium) at Columbia University",
     BTI, "2008-04-01", "", "New York", "US", "symposium", "1.5", "public"),
    ("m-bti-2009-fletcher-symposium", "Reassessing the Nagorno-Karabakh conflict in the aftermath "
     "of Russian-Georgian War (open-door symposium)",
     BTI, "2009-09-01", "", "Boston", "US", "symposium", "1.5", "public"),
    ("m-bti-2009-fletcher-workshop", "Breaking the Impasse: closed-door problem-solving workshop "
     "for the symposium participants",
     BTI, "2009-09-01", "", "Boston", "US", "workshop", "1.5", "closed"),
    ("m-bti-2011-washington", "Breaking the Impasse: third meeting at S-CAR and the Carnegie "
     "Endowment (Track I / Track II coordination)",
     BTI, "2011-10-01", "", "Washington DC", "US", "workshop", "1.5", "public"),
    ("m-bti-2012-tbilisi", "Breaking the Impasse: Armenian-Azerbaijani expert group, pilot meeting",
     BTI, "2012-01-01", "", "Tbilisi", "GE", "expert_group", "2", "closed"),
    ("m-bti-2013-tbilisi-jan", "Breaking the Impasse: Armenian-Azerbaijani expert group, "
     "second pilot meeting",
     BTI, "2013-01-01", "", "Tbilisi", "GE", "expert_group", "2", "closed"),
    ("m-bti-2013-tbilisi-jun", "Breaking the Impasse: expert group meeting, Tbilisi",
     BTI, "2013-06-15", "2013-06-18", "Tbilisi", "GE", "expert_group", "2", "closed"),
    ("m-bti-2013-berlin", "Breaking the Impasse: expert group meeting, Berlin",
     BTI, "2013-09-13", "2013-09-17", "Berlin", "DE", "expert_group", "2", "closed"),
    ("m-bti-2013-vienna", "Breaking the Impasse: expert group meeting, Vienna",
     BTI, "2013-12-14", "2013-12-17", "Vienna", "AT", "expert_group", "2", "closed"),
    ("m-bti-2014-aug", "Breaking the Impasse: Prospects for Conflict Transformation and Regional "
     "Cooperation in the South Caucasus - new expert group, first meeting",
     BTI, "2014-08-11", "2014-08-13", "", "", "expert_group", "2", "closed"),
    ("m-bti-2014-dec", "Breaking the Impasse: Prospects for Conflict Transformation and Regional "
     "Cooperation in the South Caucasus - new expert group, second meeting",
     BTI, "2014-12-01", "2014-12-05", "", "", "expert_group", "2", "closed"),
    # Year not stated in the document; inferred (August frontline escalation,
    # EPNK coming to an end), and the title says so. See README.
    ("m-epnk-2014-london", "EPNK joint strategic meeting of International Alert and Conciliation "
     "Resources with local partners (21 October; the year, 2014, is inferred)",
     "", "2014-10-21", "", "London", "GB", "strategic_meeting", "2", "closed"),
    ("m-jlg-2021-2022", "Joint Armenian-Azerbaijani Liaison Group: meetings in various formats "
     "(October 2021 - March 2022)",
     "", "2021-10-01", "2022-03-31", "", "", "expert_group", "2", "public"),
]

# Assumptions (see README): the page does not say who organised the 2008
# meeting ("since then the Imagine Center ... has been holding the series"), so
# the Imagine Center as its organiser is assumed; the page's sentence ties the
# UK Conflict Prevention Pool's support to the Vienna round, so it as funder of
# Tbilisi (June 2013) and Berlin is assumed; the EU's "support" is read as
# funding.
MEETING_ORGS = [
    ("m-bti-2008-columbia", "org-imagine-center", "organiser"),
    ("m-bti-2008-columbia", "org-columbia-university", "host"),
    ("m-bti-2009-fletcher-symposium", "org-imagine-center", "organiser"),
    ("m-bti-2009-fletcher-symposium", "org-fletcher-school", "host"),
    ("m-bti-2009-fletcher-workshop", "org-imagine-center", "organiser"),
    ("m-bti-2009-fletcher-workshop", "org-fletcher-school", "host"),
    ("m-bti-2011-washington", "org-imagine-center", "organiser"),
    ("m-bti-2011-washington", "org-gmu-scar", "host"),
    ("m-bti-2011-washington", "org-carnegie-endowment", "host"),
    ("m-bti-2012-tbilisi", "org-imagine-center", "organiser"),
    ("m-bti-2013-tbilisi-jan", "org-imagine-center", "organiser"),
    ("m-bti-2013-tbilisi-jun", "org-imagine-center", "organiser"),
    ("m-bti-2013-tbilisi-jun", "org-uk-conflict-prevention-pool", "funder"),
    ("m-bti-2013-berlin", "org-imagine-center", "organiser"),
    ("m-bti-2013-berlin", "org-uk-conflict-prevention-pool", "funder"),
    ("m-bti-2013-vienna", "org-imagine-center", "organiser"),
    ("m-bti-2013-vienna", "org-uk-conflict-prevention-pool", "funder"),
    ("m-bti-2014-aug", "org-imagine-center", "organiser"),
    ("m-bti-2014-dec", "org-imagine-center", "organiser"),
    ("m-epnk-2014-london", "org-international-alert", "organiser"),
    ("m-epnk-2014-london", "org-conciliation-resources", "organiser"),
    ("m-epnk-2014-london", "org-epnk", "partner"),
    ("m-jlg-2021-2022", "org-links-europe", "organiser"),
    ("m-jlg-2021-2022", "org-eu", "funder"),
    # The format has no role for "in the framework of"; `partner` is nearest.
    ("m-jlg-2021-2022", "org-eu4peace", "partner"),
]

# --------------------------------------------------------------------------
# The 30 measures of the Liaison Group report
# --------------------------------------------------------------------------
AM_AZ = "armenian;azerbaijani"
AM_AZ_GE = "armenian;azerbaijani;georgian"
# code, category, title, start, end, tags, sides, genders
MEASURES = [
    (1, "A", "Initiate diplomatic contacts with a view to launching at an appropriate time a South "
     "Caucasus Peace Stability and Security Conference, with the participation of all relevant "
     "stakeholders, leading to the signing of a regional peace, stability and security pact by the "
     "end of 2030.", 2022, 2030, "official;diplomat", AM_AZ_GE + ";international", ""),
    (2, "A", "Prepare for when the current peacekeeping arrangements established by the 10 November "
     "2020 trilateral declaration expire in 2025.", 2022, 2025, "official;diplomat",
     AM_AZ + ";international", ""),
    (3, "A", "Establish an informal ten person Armenian-Azerbaijani Joint Monitoring Group to monitor "
     "implementation of the trilateral statements and agreements of 10 November 2020, 11 January "
     "2021 and 26 November 2021, establish contact with relevant parties and offer good offices for "
     "maintaining sound dialogue at different levels, contribute to the avoidance of incidents, and "
     "to their investigation when they happen, and keep issues in focus of the wider public.",
     2022, None, "expert", AM_AZ, ""),
    (4, "A", "Widen the regional political dialogue through a South Caucasus inter-parliamentary "
     "framework.", 2022, None, "parliamentarian", AM_AZ_GE, ""),
    (5, "B", "Initiate discussions on setting up a mechanism for strengthening communication and "
     "interaction between civilian municipal authorities on issues related to municipal services "
     "and community policing, learning from examples of good practice from other post-conflict "
     "situations. Areas to support the local emergency services, help and facilitate the process of "
     "landmine clearance, and promote good relations between communities should be prioritised.",
     2023, 2030, "official", AM_AZ, ""),
    (6, "B", "Develop a special programme \u201cKnow the neighbours\u201d for border communities and "
     "areas with historically mixed populations, enabling a better understanding of each other's "
     "customs, language, religion and traditions.", 2022, 2025, "border_community", AM_AZ, ""),
    (7, "B", "Use support programmes for civil society to transform the peace-building communities "
     "in Armenia and Azerbaijan and help them break out of the \u201csect mentality\u201d and to "
     "become a truly mass movement.", 2022, 2025, "civil_society", AM_AZ, ""),
    (8, "B", "Arrange for two high profile civil society exchange visits Baku-Yerevan, Yerevan-Baku "
     "in 2022/23; a larger more ambitious programme can be considered going forward.",
     2022, 2023, "civil_society;journalist;expert", AM_AZ, ""),
    (9, "B", "Engage with the diaspora communities, initially by introducing the content of this "
     "report and engaging in a discussion with them on its content.", 2022, 2025, "diaspora",
     AM_AZ, ""),
    (10, "C", "Commission a major economic study on how to ensure that the end of the conflict will "
     "not only result in a peace-dividend for Armenia and Azerbaijan but can be translated into a "
     "\"great leap forward\" for the entire region.", 2022, 2023, "official;expert", AM_AZ, ""),
    (11, "C", "Work with the donor community and the international financial institutions to set up "
     "a South Caucasus Development Fund.", 2022, 2025, "official", AM_AZ_GE + ";international", ""),
    (12, "C", "Initiate an annual South Caucasus Economic Forum, with a view to holding the first "
     "event in Georgia in 2023, and subsequently rotating annually between the three countries.",
     2023, None, "business;expert", AM_AZ_GE + ";international", ""),
    (13, "C", "Secure the agreement and support of the three countries to develop a joint Special "
     "Economic zone in the area close to the Red Bridge. Use it as a showcase for future regional "
     "co-operation.", 2022, 2025, "border_community;business", AM_AZ_GE, ""),
    (14, "C", "Identify tourism as a priority area for regional co-operation; In 2022 set up a "
     "working group between the relevant agencies of the three countries with a view to formally "
     "establishing a South Caucasus Tourism Bureau by 2023.", 2022, 2025, "business", AM_AZ_GE, ""),
    (15, "D", "Hold the first South Caucasus Youth Summer School in Georgia in 2022.", 2022, None,
     "youth", AM_AZ_GE, ""),
    (16, "D", "Set up a South Caucasus Youth Centre, modelled on the European Youth Centre in "
     "Strasbourg, as a living expression of a new South Caucasus.", None, 2025, "youth", AM_AZ_GE, ""),
    (17, "D", "Set up a tolerance programme aimed at helping young people in the region avoid the "
     "trap of violent radicalisation.", 2022, 2025, "youth", AM_AZ, ""),
    (18, "D", "Work with one Armenian and one Azerbaijani universities to set up a joint education "
     "fund which can enable small joint programmes, enable scholars from the two countries to "
     "jointly participate in international academic events abroad and develop a scholarship scheme "
     "that can see students from the two countries participating jointly in programmes in third "
     "countries; Create from these initiatives a strong alumni network.", 2022, 2025,
     "academic;student", AM_AZ, ""),
    (19, "E", "Declare graveyards and burial grounds as a common heritage; map out the location of "
     "graveyards; create a mechanism that can help maintain graveyards with the proper dignity "
     "regardless of their location; facilitate the visit to graveyards by relatives and "
     "descendants. Address the issue of mass graveyards in a sensitive and dignified way.",
     2022, 2025, "official;civil_society;veteran", AM_AZ + ";international", ""),
    (20, "E", "Create the office of Regional Ombudsman to deal with issues of ethnic or religious "
     "hatred and citizens complaints in the area of ethnic linguistic and religious "
     "discrimination.", 2022, 2025, "", AM_AZ_GE, ""),
    (21, "E", "Support the empowering of women as the vanguard for change through the creation of a "
     "Women's Regional Task Force with suitable resources to be able to make a difference; "
     "prioritise women in border areas, displaced women and young women.", 2022, 2025,
     "women_group;border_community;displaced;youth", AM_AZ, "female"),
    (22, "E", "Develop a platform with think-tanks from across the region with a view to "
     "commissioning four reports outlining a future vision for the region \u2013 South Caucasus "
     "2030.", 2022, 2023, "expert;academic", AM_AZ_GE, ""),
    (23, "E", "Create a South Caucasus Media Platform between established media organisations; "
     "enable them to produce a daily 30-minute TV news programme that can run on mainstream TV "
     "stations.", 2022, 2025, "journalist", AM_AZ, ""),
    (24, "E", "Host a regional conference for media outlets with the specific task of discussing "
     "and agreeing a code of conduct that would guide journalists in dealing with the more "
     "sensitive issues of the region; create a body of trusted persons where grievances related to "
     "this code of conduct can be referred.", 2023, 2023, "journalist", AM_AZ_GE, ""),
    (25, "E", "Establish a South Caucasus Cultural Heritage Foundation that can start looking at the "
     "heritage of the region from a holistic perspective and that can contribute towards the "
     "cultural restoration and rehabilitation of patrimony that is of common interest. All cultural "
     "heritage needs to be respected and preserved, and an effort needs to be made to restore what "
     "has been destroyed or damaged.", 2022, 2025, "civil_society;religious_group;artist",
     AM_AZ_GE, ""),
    (26, "E", "Build on the work of the regional campaign Landmine Free South Caucasus; establish a "
     "mechanism for liaison between the demining agencies of Armenia, Azerbaijan and Georgia; "
     "mobilise international resources to clear the South Caucasus of landmines and other "
     "unexploded ordnance.", 2022, 2025, "official", AM_AZ_GE, ""),
    (27, "E", "Create a cascading effect to the process of confidence building through a small but "
     "flexible financial facility to provide interventions that can add momentum to the process of "
     "confidence building \u2013 understanding that this is a dynamic process, and that windows of "
     "opportunity need to be exploited.", 2022, 2025, "", "", ""),
    (28, "E", "Connecting through music \u2013 mobilising the musical talent of young Armenians and "
     "Azerbaijanis in the quest for reconciliation.", 2022, 2023, "youth", AM_AZ, ""),
    (29, "E", "Stimulating a constructive public debate on important issues of interest to people in "
     "the region through monthly town hall style meetings with expert panels.", 2022, 2023, "",
     AM_AZ_GE, ""),
    (30, "E", "Annual prizes for best contribution to peaceful Caucasus in media and social media.",
     2022, 2023, "journalist", "", ""),
]


# --------------------------------------------------------------------------
# Synthetic participants
# --------------------------------------------------------------------------
class Synth:
    """Creates plainly named synthetic people, numbered per side prefix."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counters: dict[str, int] = {}
        self.people: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.affiliations: list[tuple] = []

    def batch(self, n, prefix, side, countries, tags, years, female, orgs=None, aff_role="",
              sensitive=False, rep_org=""):
        """n people; `female` of them female (shuffled); countries/tags may be
        lists (one entry per person) or a single value; orgs: list of synthetic
        organisation ids to pick an affiliation from (None = no affiliation);
        rep_org: organisation represented at meetings when no affiliation."""
        genders = ["female"] * female + ["male"] * (n - female)
        self.rng.shuffle(genders)
        # People tagged women_group are women: swap genders within the batch.
        if isinstance(tags, list) and tags and isinstance(tags[0], tuple):
            for i in range(n):
                if "women_group" in tags[i] and genders[i] != "female":
                    j = next(j for j in range(n)
                             if genders[j] == "female" and "women_group" not in tags[j])
                    genders[i], genders[j] = genders[j], genders[i]
        out = []
        for i in range(n):
            self.counters[prefix] = self.counters.get(prefix, 0) + 1
            num = self.counters[prefix]
            pid = f"p-syn-{prefix.lower()}-{num:02d}"
            country = countries[i] if isinstance(countries, list) else countries
            ptags = list(tags[i] if isinstance(tags, list) and tags and isinstance(tags[0], tuple)
                         else tags)
            by = self.rng.randint(*years)
            if by >= 1987 and "youth" not in ptags:
                ptags.append("youth")
            if country and side == "armenian" and country != "AM" and "diaspora" not in ptags:
                ptags.append("diaspora")
            if country and side == "azerbaijani" and country != "AZ" and "diaspora" not in ptags:
                ptags.append("diaspora")
            person = {
                "id": pid,
                "name": f"Participant {prefix}-{num:02d}",
                "gender": genders[i],
                "side": side,
                "country": country,
                "birth_year": by,
                "tags": ["synthetic"] + ptags,
                "sensitive": sensitive,
                "org": "",
            }
            if orgs and "diaspora" not in ptags:
                role = aff_role
                cands = orgs
                if aff_role == "analyst":  # refine the generic role from the tags
                    if "journalist" in ptags:
                        role, cands = "journalist", [o for o in MEDIA_ORGS if o[8:10] == prefix.lower()]
                    elif "academic" in ptags:
                        role = "lecturer"
                    elif "civil_society" in ptags:
                        role = "programme coordinator"
                org = self.rng.choice(cands)
                lo = max(by + 22, 1995)
                start = f"{self.rng.randint(lo, max(lo, 2007))}-01-01" \
                    if self.rng.random() < 0.6 else ""
                self.affiliations.append((pid, org, role, start, ""))
                person["org"] = org
            elif rep_org:
                person["org"] = rep_org
            self.people.append(person)
            self.by_id[pid] = person
            out.append(pid)
        return out


def build(rng: random.Random):
    syn = Synth(rng)
    T = lambda *t: tuple(t)  # noqa: E731  (a tag set for one person)

    am_ngo = ["org-syn-am-ngo-1", "org-syn-am-ngo-2", "org-syn-am-ngo-3"]
    az_ngo = ["org-syn-az-ngo-1", "org-syn-az-ngo-2", "org-syn-az-ngo-3"]
    am_tt = ["org-syn-am-tt-1", "org-syn-am-tt-2", "org-syn-am-uni-1"]
    az_tt = ["org-syn-az-tt-1", "org-syn-az-tt-2", "org-syn-az-uni-1"]

    # --- Imagine Center facilitators (two diaspora, one international) -------
    fac_am = syn.batch(1, "AM", "armenian", "US", ("civil_society", "expert"), (1976, 1982), 1,
                       rep_org="org-imagine-center")
    fac_az = syn.batch(1, "AZ", "azerbaijani", "US", ("civil_society", "expert"), (1976, 1982), 0,
                       rep_org="org-imagine-center")
    fac_int = syn.batch(1, "INT", "international", "US", ("academic", "expert"), (1960, 1975), 1,
                        rep_org="org-imagine-center")
    facs = fac_am + fac_az + fac_int

    # --- diplomats ------------------------------------------------------------
    am_dip = syn.batch(4, "AM", "armenian", "AM", ("diplomat", "official"), (1958, 1979), 1,
                       orgs=["org-syn-am-gov-1"], aff_role="diplomat")
    az_dip = syn.batch(4, "AZ", "azerbaijani", "AZ", ("diplomat", "official"), (1958, 1979), 1,
                       orgs=["org-syn-az-gov-1"], aff_role="diplomat")
    osce = syn.batch(3, "INT", "international", ["AT", "FR", "US"], ("diplomat",), (1955, 1972), 1,
                     rep_org="org-osce")
    us_dip = syn.batch(2, "INT", "international", "US", ("diplomat", "official"), (1958, 1975), 1)
    uk_dip = syn.batch(1, "INT", "international", "GB", ("diplomat", "official"), (1960, 1978), 1)

    # --- host academics (conflict resolution experts) -------------------------
    columbia = syn.batch(1, "INT", "international", "US", ("academic", "expert"), (1950, 1970), 0,
                         rep_org="org-columbia-university")
    fletcher = syn.batch(2, "INT", "international", "US", ("academic", "expert"), (1952, 1975), 1,
                         rep_org="org-fletcher-school")
    scar = syn.batch(1, "INT", "international", "US", ("academic", "expert"), (1955, 1975), 1,
                     rep_org="org-gmu-scar")
    carnegie = syn.batch(1, "INT", "international", "US", ("expert",), (1960, 1978), 0,
                         rep_org="org-carnegie-endowment")

    # --- Armenian and Azerbaijani experts, analysts and peacemakers -----------
    exp_tags = [T("expert"), T("expert", "academic"), T("civil_society"),
                T("civil_society", "women_group"), T("expert", "civil_society"), T("journalist"),
                T("expert"), T("academic"), T("civil_society", "border_community"),
                T("expert", "civil_society"), T("expert"), T("civil_society")]
    am_countries = ["AM"] * 12
    am_countries[4], am_countries[9] = "US", "FR"
    az_countries = ["AZ"] * 12
    az_countries[4], az_countries[9] = "US", "DE"
    am_exp = syn.batch(12, "AM", "armenian", am_countries, exp_tags, (1952, 1985), 5,
                       orgs=am_ngo + am_tt, aff_role="analyst")
    az_tags = list(exp_tags)
    az_tags[8] = T("civil_society", "displaced")
    az_exp = syn.batch(12, "AZ", "azerbaijani", az_countries, az_tags, (1952, 1985), 5,
                       orgs=az_ngo + az_tt, aff_role="analyst")
    # Sensitive: attend closed meetings only.
    am_nk = syn.batch(1, "AM", "armenian", "", ("expert", "civil_society", "nagorno_karabakh"),
                      (1970, 1982), 1, orgs=["org-syn-nk-ngo-1"], aff_role="researcher",
                      sensitive=True)
    az_idp = syn.batch(1, "AZ", "azerbaijani", "AZ", ("expert", "displaced"), (1968, 1980), 0,
                       orgs=az_ngo, aff_role="researcher", sensitive=True)
    # Younger scholar-practitioners for the 2013-2014 rounds.
    am_young = syn.batch(3, "AM", "armenian", "AM", [T("expert"), T("academic"), T("civil_society")],
                         (1984, 1990), 2, orgs=am_tt + am_ngo, aff_role="researcher")
    az_young = syn.batch(3, "AZ", "azerbaijani", "AZ",
                         [T("expert"), T("academic"), T("civil_society")],
                         (1984, 1990), 1, orgs=az_tt + az_ngo, aff_role="researcher")
    ge_exp = syn.batch(3, "GE", "georgian", "GE", [T("expert"), T("academic"), T("expert", "civil_society")],
                       (1970, 1988), 2, orgs=["org-syn-ge-tt-1"], aff_role="researcher")

    # --- London strategic meeting ---------------------------------------------
    alert = syn.batch(2, "INT", "international", "GB", ("civil_society",), (1965, 1985), 1,
                      rep_org="org-international-alert")
    cr = syn.batch(2, "INT", "international", "GB", ("civil_society",), (1965, 1985), 1,
                   rep_org="org-conciliation-resources")
    sca = syn.batch(1, "INT", "international", "GB", ("civil_society",), (1965, 1980), 1,
                    rep_org="org-epnk")
    clu_nk = syn.batch(1, "AM", "armenian", "", ("expert", "nagorno_karabakh"), (1965, 1980), 0,
                       orgs=["org-syn-nk-ngo-1"], aff_role="analyst")
    uv_am = syn.batch(2, "AM", "armenian", "AM", ("journalist",), (1982, 1992), 1,
                      orgs=["org-syn-am-media-1"], aff_role="journalist")
    uv_az = syn.batch(2, "AZ", "azerbaijani", "AZ", ("journalist",), (1982, 1992), 1,
                      orgs=["org-syn-az-media-1"], aff_role="journalist")
    poc_am = syn.batch(1, "AM", "armenian", "AM", ("filmmaker", "civil_society"), (1978, 1990), 1,
                       orgs=am_ngo, aff_role="filmmaker")
    poc_az = syn.batch(1, "AZ", "azerbaijani", "AZ", ("filmmaker", "civil_society"), (1978, 1990), 0,
                       orgs=az_ngo, aff_role="filmmaker")
    poc_nk = syn.batch(1, "AM", "armenian", "", ("filmmaker", "nagorno_karabakh"), (1980, 1990), 1,
                       orgs=["org-syn-nk-ngo-1"], aff_role="filmmaker", sensitive=True)

    # ------------------------------------------------------------------------
    parts: dict[str, list[tuple[str, str]]] = {m[0]: [] for m in MEETINGS}

    def add(mid, pids, role="participant"):
        for pid in pids:
            parts[mid].append((pid, role))

    def pick(pool, k, exclude=()):
        cands = [p for p in pool if p not in exclude]
        return sorted(rng.sample(cands, k), key=cands.index)

    def mark(mid, k, role):
        """Turn k existing plain participants of a meeting into `role`."""
        idx = [i for i, (_, r) in enumerate(parts[mid]) if r == "participant"]
        for i in sorted(rng.sample(idx, k)):
            parts[mid][i] = (parts[mid][i][0], role)

    # 2008, Columbia: diplomats (AM, AZ, OSCE, US) and civil society.
    m = "m-bti-2008-columbia"
    add(m, fac_am, "organiser")
    add(m, fac_az + fac_int, "facilitator")
    add(m, columbia, "speaker")
    add(m, am_dip[:2] + az_dip[:2] + osce[:2] + us_dip[:1])
    am08 = pick(am_exp, 4)
    az08 = pick(az_exp, 4)
    add(m, am08 + az08)
    mark(m, 3, "speaker")

    # 2009, Fletcher: eight Armenians and eight Azerbaijanis (incl. diplomats).
    am09 = pick(am08, 3) + pick(am_exp, 2, exclude=am08)
    az09 = pick(az08, 3) + pick(az_exp, 2, exclude=az08)
    am_side09 = fac_am + am_dip[1:3] + am09
    az_side09 = fac_az + az_dip[1:3] + az09
    m = "m-bti-2009-fletcher-symposium"
    add(m, fac_am, "organiser")
    add(m, fac_az + fac_int, "facilitator")
    add(m, fletcher, "speaker")
    add(m, am_side09[1:] + az_side09[1:])
    mark(m, 4, "speaker")
    m = "m-bti-2009-fletcher-workshop"
    add(m, fac_am + fac_int, "facilitator")
    add(m, fac_az, "facilitator")
    add(m, am_side09[1:] + az_side09[1:])
    mark(m, 1, "rapporteur")

    # 2011, Washington: AM, AZ, UK, US and OSCE diplomats, peacemakers.
    m = "m-bti-2011-washington"
    add(m, fac_am, "organiser")
    add(m, fac_az + fac_int, "facilitator")
    add(m, scar + carnegie, "speaker")
    add(m, osce[1:3], "mediator")
    add(m, am_dip[2:4] + az_dip[2:4] + uk_dip + us_dip[1:2])
    civil = lambda pool: [p for p in pool if "civil_society" in syn.by_id[p]["tags"]]  # noqa: E731
    am11 = pick(civil(am_exp), 2) + pick(am_exp, 2, exclude=civil(am_exp))
    az11 = pick(civil(az_exp), 2) + pick(az_exp, 2, exclude=civil(az_exp))
    add(m, am11 + az11)
    mark(m, 2, "speaker")

    # The expert groups are "experts from the region" (2013) and "from the
    # South Caucasus" (2014), and London's guests "local partners from
    # Azerbaijan, Armenia and NK": only people living in the region (an empty
    # country is Nagorno-Karabakh) are drawn for them.
    am_reg = [p for p in am_exp if syn.by_id[p]["country"] in REGION]
    az_reg = [p for p in az_exp if syn.by_id[p]["country"] in REGION]

    # Expert group: pilots 2012 and Jan 2013, rounds Jun/Sep/Dec 2013.
    am_pool = am_reg + am_young
    az_pool = az_reg + az_young
    am_grp = am_nk + pick(am_reg, 4)
    az_grp = az_idp + pick(az_reg, 4)

    def turnover(group, pool, out_k, in_k, keep=()):
        leavers = pick([p for p in group if p not in keep], out_k) if out_k else []
        stay = [p for p in group if p not in leavers]
        joiners = pick(pool, in_k, exclude=group) if in_k else []
        return stay + joiners

    rounds = [("m-bti-2012-tbilisi", 0, 0), ("m-bti-2013-tbilisi-jan", 1, 2),
              ("m-bti-2013-tbilisi-jun", 1, 1), ("m-bti-2013-berlin", 0, 0),
              ("m-bti-2013-vienna", 1, 1)]
    for mid, out_k, in_k in rounds:
        am_grp = turnover(am_grp, am_pool, out_k, in_k, keep=am_nk)
        az_grp = turnover(az_grp, az_pool, out_k, in_k, keep=az_idp)
        add(mid, fac_am + fac_az, "facilitator")
        add(mid, am_grp + az_grp)
        mark(mid, 1, "rapporteur")

    # New expert group 2014 (regional: Armenians, Azerbaijanis, Georgians).
    am14 = pick(am_grp, 2) + pick(am_young, 2, exclude=am_grp)
    az14 = pick(az_grp, 2) + pick(az_young, 2, exclude=az_grp)
    for mid, swap in (("m-bti-2014-aug", False), ("m-bti-2014-dec", True)):
        if swap:
            am14 = turnover(am14, am_young + am_reg, 1, 1)
            az14 = turnover(az14, az_young + az_reg, 1, 1)
        add(mid, fac_am + fac_az, "facilitator")
        add(mid, fac_int, "facilitator")
        add(mid, am14 + az14 + ge_exp)
        mark(mid, 1, "rapporteur")

    # London, 21 October: Alert and CR representatives, CLU experts, Unheard
    # Voices media experts, Parts of a Circle partners, the EPNK SCA.
    m = "m-epnk-2014-london"
    add(m, alert[:1] + cr[:1], "organiser")
    add(m, alert[1:] + cr[1:], "facilitator")
    clu_am = [p for p in am14 if p not in am_nk][:1] + clu_nk
    clu_az = [p for p in az14 if p not in az_idp][:1]
    clu_az += pick(az_reg, 1, exclude=clu_az + az_idp)
    clu_am += pick(am_reg, 1, exclude=clu_am)
    add(m, clu_am + clu_az + uv_am + uv_az + poc_am + poc_az + poc_nk + sca)
    mark(m, 1, "rapporteur")

    # Nobody in the pools is left without a meeting: leftover experts join the
    # 2011 meeting's peacemakers, leftover young researchers the 2014 group.
    seen = {pid for rows in parts.values() for pid, _ in rows}
    for pid in am_exp + az_exp:
        if pid not in seen:
            add("m-bti-2011-washington", [pid])
    for pid in am_young + az_young:
        if pid not in seen:
            add("m-bti-2014-dec", [pid])

    # Liaison Group (real members; the report says they met each other in
    # numerous formats from October 2021 to 31 March 2022).
    real_parts = [(pid, "m-jlg-2021-2022", "rapporteur" if pid in JLG_RAPPORTEURS else "participant",
                   "") for pid in JLG_MEMBERS]

    participations = []
    for mid, rows in parts.items():
        for pid, role in rows:
            participations.append((pid, mid, role, syn.by_id[pid]["org"]))
    participations += real_parts
    return syn, participations


def fmt_bool(b):
    return "true" if b else ""


def write_csv(path: Path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def main():
    rng = random.Random(SEED)
    syn, participations = build(rng)
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    write_csv(OUT_DIR / "organisations.csv", COLUMNS["organisations.csv"], ORGANISATIONS + SYN_ORGS)

    people_rows = [(pid, name, g, side, c, "", tags, "") for pid, name, g, side, c, tags in REAL_PEOPLE]
    for p in syn.people:
        people_rows.append((p["id"], p["name"], p["gender"], p["side"], p["country"],
                            p["birth_year"], ";".join(p["tags"]), fmt_bool(p["sensitive"])))
    write_csv(OUT_DIR / "people.csv", COLUMNS["people.csv"], people_rows)

    write_csv(OUT_DIR / "affiliations.csv", COLUMNS["affiliations.csv"],
              REAL_AFFILIATIONS + syn.affiliations)
    write_csv(OUT_DIR / "meetings.csv", COLUMNS["meetings.csv"], MEETINGS)
    write_csv(OUT_DIR / "participations.csv", COLUMNS["participations.csv"], participations)
    write_csv(OUT_DIR / "meeting_organisations.csv", COLUMNS["meeting_organisations.csv"], MEETING_ORGS)
    write_csv(OUT_DIR / "measures.csv", COLUMNS["measures.csv"],
              [(f"cbm-{code:02d}", code, title, cat, s, e, tags, sides, gens)
               for code, cat, title, s, e, tags, sides, gens in MEASURES])
    mm = [("m-jlg-2021-2022", f"cbm-{code:02d}") for code, *_ in MEASURES] \
        if LINK_JLG_TO_MEASURES else []
    write_csv(OUT_DIR / "meeting_measures.csv", COLUMNS["meeting_measures.csv"], mm)

    problems = validate(OUT_DIR)
    if problems:
        for p in problems:
            print("INVALID:", p, file=sys.stderr)
        sys.exit(1)
    for name in COLUMNS:
        with (OUT_DIR / name).open(encoding="utf-8", newline="") as f:
            n = sum(1 for _ in csv.reader(f)) - 1
        print(f"{name}: {n} rows")
    print("bundle valid:", OUT_DIR)


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
TAG = re.compile(r"^[a-z][a-z0-9_]*$")


def validate(d: Path) -> list[str]:
    errs: list[str] = []
    data: dict[str, list[dict]] = {}
    for name, cols in COLUMNS.items():
        path = d / name
        if not path.exists():
            errs.append(f"{name}: missing")
            data[name] = []
            continue
        raw = path.read_bytes()
        if b"\r" in raw:
            errs.append(f"{name}: contains CR characters")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errs.append(f"{name}: not UTF-8")
            continue
        rows = list(csv.reader(text.splitlines()))
        if not rows or rows[0] != cols:
            errs.append(f"{name}: header {rows[0] if rows else None} != {cols}")
            continue
        data[name] = []
        for i, r in enumerate(rows[1:], start=2):
            if len(r) != len(cols):
                errs.append(f"{name}:{i}: {len(r)} cells, expected {len(cols)}")
                continue
            if any(v != v.strip() for v in r):
                errs.append(f"{name}:{i}: leading/trailing whitespace")
            data[name].append(dict(zip(cols, r)))

    def uniq(name, key):
        seen = set()
        for r in data[name]:
            k = tuple(r[c] for c in key)
            if k in seen:
                errs.append(f"{name}: duplicate {key}={k}")
            seen.add(k)
        return seen

    def required(name, cols):
        for i, r in enumerate(data[name], start=2):
            for c in cols:
                if not r[c]:
                    errs.append(f"{name}:{i}: empty required {c}")

    def date_ok(name, i, v):
        if not v:
            return None
        if not ISO_DATE.match(v):
            errs.append(f"{name}:{i}: bad date {v!r}")
            return None
        try:
            return date.fromisoformat(v)
        except ValueError:
            errs.append(f"{name}:{i}: bad date {v!r}")
            return None

    def country_ok(name, i, v):
        if v and not COUNTRY.match(v):
            errs.append(f"{name}:{i}: bad country {v!r}")

    def tags_ok(name, i, v):
        if v:
            parts = v.split(";")
            if len(parts) != len(set(parts)) or not all(TAG.match(t) for t in parts):
                errs.append(f"{name}:{i}: bad tag list {v!r}")

    required("organisations.csv", ["id", "name", "kind"])
    required("people.csv", ["id", "name"])
    required("affiliations.csv", ["person_id", "organisation_id"])
    required("meetings.csv", ["id", "title", "start_date"])
    required("participations.csv", ["person_id", "meeting_id"])
    required("meeting_organisations.csv", ["meeting_id", "organisation_id", "role"])
    required("measures.csv", ["id", "title"])
    required("meeting_measures.csv", ["meeting_id", "measure_id"])

    orgs = uniq("organisations.csv", ["id"])
    people = uniq("people.csv", ["id"])
    meetings = uniq("meetings.csv", ["id"])
    measures = uniq("measures.csv", ["id"])
    uniq("participations.csv", ["person_id", "meeting_id"])
    uniq("meeting_organisations.csv", ["meeting_id", "organisation_id", "role"])
    uniq("meeting_measures.csv", ["meeting_id", "measure_id"])
    uniq("affiliations.csv", ["person_id", "organisation_id", "role"])
    orgs, people, meetings, measures = ({k[0] for k in s} for s in (orgs, people, meetings, measures))

    for i, r in enumerate(data["organisations.csv"], start=2):
        if r["kind"] not in ORG_KINDS:
            errs.append(f"organisations.csv:{i}: kind {r['kind']!r}")
        country_ok("organisations.csv", i, r["country"])
        if r["side"] and r["side"] not in SIDES:
            errs.append(f"organisations.csv:{i}: side {r['side']!r}")
        if r["id"].startswith("org-syn-") != r["name"].startswith("Organisation "):
            errs.append(f"organisations.csv:{i}: synthetic id/name mismatch")

    person = {}
    for i, r in enumerate(data["people.csv"], start=2):
        person[r["id"]] = r
        if r["gender"] and r["gender"] not in GENDERS:
            errs.append(f"people.csv:{i}: gender {r['gender']!r}")
        if r["side"] and r["side"] not in SIDES:
            errs.append(f"people.csv:{i}: side {r['side']!r}")
        country_ok("people.csv", i, r["country"])
        if r["birth_year"] and not re.fullmatch(r"(19|20)\d\d", r["birth_year"]):
            errs.append(f"people.csv:{i}: birth_year {r['birth_year']!r}")
        tags_ok("people.csv", i, r["tags"])
        if r["sensitive"] not in ("", "true", "false"):
            errs.append(f"people.csv:{i}: sensitive {r['sensitive']!r}")
        synthetic = "synthetic" in r["tags"].split(";")
        if synthetic != r["id"].startswith("p-syn-") or \
                synthetic != bool(re.fullmatch(r"Participant [A-Z]+-\d\d", r["name"])):
            errs.append(f"people.csv:{i}: synthetic tag/id/name mismatch")
        if not synthetic and (r["birth_year"] or r["sensitive"] == "true"):
            errs.append(f"people.csv:{i}: real person with birth_year or sensitive flag")

    for i, r in enumerate(data["affiliations.csv"], start=2):
        if r["person_id"] not in people:
            errs.append(f"affiliations.csv:{i}: unknown person {r['person_id']}")
        if r["organisation_id"] not in orgs:
            errs.append(f"affiliations.csv:{i}: unknown organisation {r['organisation_id']}")
        if r["person_id"].startswith("p-syn-") and not r["organisation_id"].startswith("org-syn-"):
            errs.append(f"affiliations.csv:{i}: synthetic person affiliated to a real organisation")
        s = date_ok("affiliations.csv", i, r["start_date"])
        e = date_ok("affiliations.csv", i, r["end_date"])
        if s and e and e < s:
            errs.append(f"affiliations.csv:{i}: end before start")

    meeting = {}
    for i, r in enumerate(data["meetings.csv"], start=2):
        meeting[r["id"]] = r
        s = date_ok("meetings.csv", i, r["start_date"])
        e = date_ok("meetings.csv", i, r["end_date"])
        if s and e and e < s:
            errs.append(f"meetings.csv:{i}: end before start")
        country_ok("meetings.csv", i, r["country"])
        if r["format"] and r["format"] not in FORMATS:
            errs.append(f"meetings.csv:{i}: format {r['format']!r}")
        if r["track"] and r["track"] not in TRACKS:
            errs.append(f"meetings.csv:{i}: track {r['track']!r}")
        if r["confidentiality"] and r["confidentiality"] not in CONFIDENTIALITY:
            errs.append(f"meetings.csv:{i}: confidentiality {r['confidentiality']!r}")

    attended: dict[str, list[str]] = {}
    for i, r in enumerate(data["participations.csv"], start=2):
        if r["person_id"] not in people:
            errs.append(f"participations.csv:{i}: unknown person {r['person_id']}")
        if r["meeting_id"] not in meetings:
            errs.append(f"participations.csv:{i}: unknown meeting {r['meeting_id']}")
        if r["role"] and r["role"] not in PART_ROLES:
            errs.append(f"participations.csv:{i}: role {r['role']!r}")
        if r["organisation_id"] and r["organisation_id"] not in orgs:
            errs.append(f"participations.csv:{i}: unknown organisation {r['organisation_id']}")
        attended.setdefault(r["person_id"], []).append(r["meeting_id"])

    aff_start = {(r["person_id"], r["organisation_id"]): r["start_date"]
                 for r in data["affiliations.csv"]}
    mstart = {r["id"]: r["start_date"] for r in data["meetings.csv"]}
    for i, r in enumerate(data["participations.csv"], start=2):
        s = aff_start.get((r["person_id"], r["organisation_id"]))
        if s and r["meeting_id"] in mstart and s > mstart[r["meeting_id"]]:
            errs.append(f"participations.csv:{i}: represents an organisation before joining it")

    for i, r in enumerate(data["meeting_organisations.csv"], start=2):
        if r["meeting_id"] not in meetings:
            errs.append(f"meeting_organisations.csv:{i}: unknown meeting {r['meeting_id']}")
        if r["organisation_id"] not in orgs:
            errs.append(f"meeting_organisations.csv:{i}: unknown organisation {r['organisation_id']}")
        if r["role"] not in MO_ROLES:
            errs.append(f"meeting_organisations.csv:{i}: role {r['role']!r}")

    codes = []
    for i, r in enumerate(data["measures.csv"], start=2):
        for c in ("start_year", "end_year"):
            if r[c] and not re.fullmatch(r"20\d\d", r[c]):
                errs.append(f"measures.csv:{i}: {c} {r[c]!r}")
        if r["start_year"] and r["end_year"] and int(r["end_year"]) < int(r["start_year"]):
            errs.append(f"measures.csv:{i}: end_year before start_year")
        tags_ok("measures.csv", i, r["target_tags"])
        for side in filter(None, r["target_sides"].split(";")):
            if side not in SIDES:
                errs.append(f"measures.csv:{i}: target side {side!r}")
        for g in filter(None, r["target_genders"].split(";")):
            if g not in GENDERS:
                errs.append(f"measures.csv:{i}: target gender {g!r}")
        if r["id"] != f"cbm-{int(r['code']):02d}":
            errs.append(f"measures.csv:{i}: id/code mismatch")
        codes.append(int(r["code"]))
    if codes != list(range(1, 31)):
        errs.append("measures.csv: codes are not 1..30 in order")

    for i, r in enumerate(data["meeting_measures.csv"], start=2):
        if r["meeting_id"] not in meetings:
            errs.append(f"meeting_measures.csv:{i}: unknown meeting {r['meeting_id']}")
        if r["measure_id"] not in measures:
            errs.append(f"meeting_measures.csv:{i}: unknown measure {r['measure_id']}")

    # Content rules.
    syn_people = [p for p in person.values() if p["id"].startswith("p-syn-")]
    if syn_people:
        share = sum(p["gender"] == "female" for p in syn_people) / len(syn_people)
        if not 0.35 <= share <= 0.50:
            errs.append(f"synthetic female share {share:.2f} outside 0.35-0.50")
    sensitive = [p["id"] for p in person.values() if p["sensitive"] == "true"]
    if not 1 <= len(sensitive) <= 3:
        errs.append(f"{len(sensitive)} sensitive people, expected 1-3")
    for pid in sensitive:
        for mid in attended.get(pid, []):
            if meeting[mid]["confidentiality"] != "closed":
                errs.append(f"sensitive {pid} attends non-closed meeting {mid}")
    for pid in person:
        if pid not in attended and pid != "p-dennis-sammut":
            errs.append(f"person {pid} attends no meeting")
    for mid in meetings:
        if not any(mid in ms for ms in attended.values()):
            errs.append(f"meeting {mid} has no participants")
    young = 0
    for pid, mids in attended.items():
        by = person.get(pid, {}).get("birth_year")
        for mid in mids:
            if by and mid in meeting and int(meeting[mid]["start_date"][:4]) - int(by) < 30:
                young += 1
    if young < 5:
        errs.append(f"only {young} participations by under-30s")
    # Eight Armenians and eight Azerbaijanis at the 2009 symposium.
    sides09 = [person[pid]["side"] for pid, ms in attended.items()
               if "m-bti-2009-fletcher-symposium" in ms]
    if sides09.count("armenian") != 8 or sides09.count("azerbaijani") != 8:
        errs.append("2009 symposium must have 8 Armenians and 8 Azerbaijanis")
    # Experts from the region and local partners live in the region (the
    # Imagine Center's facilitators and international staff are neither).
    regional = {mid for mid, m in meeting.items()
                if (m["series"] == BTI and m["format"] == "expert_group")
                or mid == "m-epnk-2014-london"}
    for r in data["participations.csv"]:
        p = person.get(r["person_id"])
        if p and r["meeting_id"] in regional and p["side"] != "international" \
                and r["role"] not in ("facilitator", "organiser") and p["country"] not in REGION:
            errs.append(f"{r['person_id']} at {r['meeting_id']} lives outside the region")
    # Real people only at the Liaison Group meeting.
    for pid, mids in attended.items():
        if not pid.startswith("p-syn-") and set(mids) != {"m-jlg-2021-2022"}:
            errs.append(f"real person {pid} attends {mids}")
        if pid.startswith("p-syn-") and "m-jlg-2021-2022" in mids:
            errs.append(f"synthetic person {pid} at the Liaison Group meeting")
    return errs


if __name__ == "__main__":
    main()
