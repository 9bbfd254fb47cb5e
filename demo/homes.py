"""Generated register data: a believable Stockholm-area demo municipality, and national data at scale.

One generator makes both. ``seed_demo`` builds about 150 homes around Stockholm (a few consultant homes
farther away, as is common); ``seed_scale`` adds any number of homes spread over Swedish municipality
centres for load tests and benchmarks. Everything is drawn from ``random.Random(seed)`` and dated
relative to ``core.clock.today()``, so the same seed on the same day gives the same rows (and ids).

Rows are built as plain dicts and bulk-inserted with SQLAlchemy Core (asyncpg executemany), which is
what makes 25 000 homes load in seconds rather than minutes.

Free places are kept scarce on purpose (DOMAIN.md §6): most approved homes are full today, and a few
have a place only from a later date.

Given the family-care demo user's id, ``seed_demo`` also makes that user the family-care secretary of
every protected demo home and of some twenty others (``demo_assignments``), so signing in as that user
shows what assignment changes: protected homes' addresses become visible.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import exists, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.identity_numbers import luhn_check_digit
from foster_homes.models import (
    Agency,
    AgencyContract,
    AgencyContractPrice,
    Assessment,
    DomainCompetence,
    FosterHome,
    HomeAssignment,
    HouseholdAdult,
    HouseholdChild,
    Institution,
    StatusChange,
    SupportContact,
    Training,
)
from core.schemas import BbicDomain
from foster_homes.schemas import (
    AssessmentOutcome,
    ContractLevel,
    ExperienceLevel,
    GenderPreference,
    HomeKind,
    HomeStatus,
    HouseholdChildRelation,
    InstitutionKind,
    Pet,
    PlacementKind,
    SupportContactKind,
)

# Parents before children, so foreign keys hold at every insert.
INSERT_ORDER = (
    Agency,
    AgencyContract,
    AgencyContractPrice,
    Institution,
    FosterHome,
    HouseholdAdult,
    HouseholdChild,
    DomainCompetence,
    Training,
    Assessment,
    StatusChange,
    SupportContact,
)

Rows = dict[type, list[dict]]

BATCH_HOMES = 2_000
HOMES_PER_AGENCY = 300
HOMES_PER_INSTITUTION = 40
DEMO_HOMES = 150
DEMO_AGENCIES = 5
DEMO_INSTITUTIONS = (
    [InstitutionKind.HVB] * 7 + [InstitutionKind.SIS] * 3 + [InstitutionKind.SUPPORTED_HOUSING] * 2
)
FAR_CONSULTANT_SHARE = 0.25
# The family-care demo user follows every protected demo home and this many others (not closed ones).
DEMO_FAMILY_CARE_OTHER_HOMES = 20

# Shares of a register (kinds are allocated exactly; statuses are drawn per home).
KIND_SHARES = {
    HomeKind.OWN: 0.50,
    HomeKind.CONSULTANT: 0.25,
    HomeKind.KINSHIP: 0.12,
    HomeKind.EMERGENCY: 0.08,
    HomeKind.REINFORCED: 0.05,
}
STATUS_SHARES = {
    HomeStatus.APPROVED: 0.78,
    HomeStatus.UNDER_ASSESSMENT: 0.06,
    HomeStatus.APPLICANT: 0.05,
    HomeStatus.PAUSED: 0.05,
    HomeStatus.CLOSED: 0.06,
}
# Free places today in an approved home: mostly none (DOMAIN.md §6).
FREE_PLACES_WEIGHTS = {0: 0.82, 1: 0.14, 2: 0.04}
# Homes with skyddade personuppgifter: their location is shown only to assigned staff (DOMAIN.md §5).
PROTECTED_SHARE = 0.02

KIND_LABELS = {
    HomeKind.OWN: "egen regi",
    HomeKind.CONSULTANT: "konsulentstödda",
    HomeKind.KINSHIP: "nätverkshem",
    HomeKind.EMERGENCY: "jourhem",
    HomeKind.REINFORCED: "förstärkta",
}


# ---------------------------------------------------------------- places

@dataclass(frozen=True)
class Area:
    """A place homes are spread around: a town centre or a city district."""

    municipality: str
    city: str
    lat: float
    lon: float
    spread_km: float
    postal_prefixes: tuple[str, ...]
    streets: tuple[str, ...]
    area_code: str
    weight: float = 1.0


def _county(municipality, city, lat, lon, spread, postal, streets, weight, area_code="08") -> Area:
    return Area(municipality, city, lat, lon, spread, tuple(postal.split()), tuple(streets.split(", ")), area_code, weight)


# Stockholm districts and the county around them: where a Stockholm unit's own homes live.
STOCKHOLM_COUNTY = (
    _county("Stockholm", "Spånga", 59.3925, 17.9010, 1.0, "163",
            "Tensta allé, Hjulstavägen, Spångavägen, Elinsborgsbacken, Glömmingegränd, Bromstensvägen", 6),
    _county("Stockholm", "Spånga", 59.3890, 17.9290, 0.7, "163",
            "Rinkebysvängen, Kuddbygränd, Skårbygränd, Hinderstorpsgränd, Askebykroken", 5),
    _county("Stockholm", "Kista", 59.4080, 17.9380, 1.0, "164",
            "Trondheimsgatan, Bergengatan, Sibeliusgången, Nystadsgatan, Edvard Griegs gång", 5),
    _county("Stockholm", "Hässelby", 59.3700, 17.8320, 1.2, "165",
            "Maltesholmsvägen, Loviselundsvägen, Fyrspannsgatan, Hässelby torg, Strandvägen", 5),
    _county("Stockholm", "Vällingby", 59.3620, 17.8720, 0.9, "162",
            "Kirunagatan, Lyckselevägen, Råckstavägen, Vällingbyvägen, Ångermannagatan", 4),
    _county("Stockholm", "Skärholmen", 59.2770, 17.9050, 1.2, "127",
            "Bredängsvägen, Sätraängsvägen, Ekholmsvägen, Vårbergsvägen, Störtloppsvägen", 5),
    _county("Stockholm", "Farsta", 59.2430, 18.0900, 1.3, "123",
            "Farstavägen, Larsbodavägen, Lingvägen, Pepparvägen, Fagersjövägen", 5),
    _county("Stockholm", "Bandhagen", 59.2620, 18.0400, 1.2, "124",
            "Trollesundsvägen, Rågsvedsvägen, Bandhagsplan, Ormkärrsvägen, Skebokvarnsvägen", 3),
    _county("Stockholm", "Bromma", 59.3380, 17.9400, 1.5, "167 168",
            "Ulvsundavägen, Drottningholmsvägen, Nockebyvägen, Bromma kyrkväg, Alviksvägen", 3),
    _county("Huddinge", "Huddinge", 59.2360, 17.9820, 2.5, "141",
            "Sjödalsvägen, Storängsvägen, Kommunalvägen, Häradsvägen, Glömstavägen", 5),
    _county("Botkyrka", "Tumba", 59.1990, 17.8330, 2.0, "147",
            "Tumbavägen, Storvretsvägen, Kassmyravägen, Hamringevägen", 3),
    _county("Botkyrka", "Norsborg", 59.2430, 17.8330, 1.2, "145",
            "Hallundavägen, Hallunda torg, Borgvägen, Pettersbergsvägen", 3),
    _county("Järfälla", "Jakobsberg", 59.4230, 17.8350, 2.0, "175 177",
            "Vasavägen, Söderhöjdsvägen, Ekbacksvägen, Birgittavägen, Riddarvägen", 4),
    _county("Sollentuna", "Sollentuna", 59.4280, 17.9510, 2.0, "191 192",
            "Sollentunavägen, Turebergsvägen, Malmvägen, Häggviksvägen", 3),
    _county("Sundbyberg", "Sundbyberg", 59.3610, 17.9720, 1.0, "172 174",
            "Landsvägen, Rissneleden, Ursviksvägen, Hallonbergsplan", 2),
    _county("Nacka", "Nacka", 59.3100, 18.1630, 2.5, "131 132",
            "Värmdövägen, Skvaltans väg, Ektorpsvägen, Griffelvägen", 3),
    _county("Haninge", "Handen", 59.1680, 18.1400, 3.0, "136 137",
            "Dalarövägen, Runstensvägen, Vikingavägen, Poststigen, Klockarvägen", 4),
    _county("Tyresö", "Tyresö", 59.2440, 18.2290, 2.0, "135",
            "Bollmoravägen, Njupkärrsvägen, Granängsringen, Tyresövägen", 2),
    _county("Södertälje", "Södertälje", 59.1955, 17.6253, 3.0, "151 152",
            "Storgatan, Ronnavägen, Hovsjövägen, Grusåsvägen, Igelstavägen", 4),
    _county("Norrtälje", "Norrtälje", 59.7580, 18.7050, 8.0, "761",
            "Stockholmsvägen, Hantverkaregatan, Kvisthamragatan, Tullportsgatan, Vigelsjövägen", 3, "0176"),
    _county("Upplands Väsby", "Upplands Väsby", 59.5180, 17.9120, 2.0, "194",
            "Stockholmsvägen, Kavallerivägen, Drabantvägen, Husarvägen", 2),
    _county("Sigtuna", "Märsta", 59.6200, 17.8550, 2.5, "195",
            "Centralvägen, Valstavägen, Trädgårdsvägen, Stockholmsvägen", 2),
    _county("Värmdö", "Gustavsberg", 59.3260, 18.3900, 4.0, "134",
            "Skärgårdsvägen, Odelbergs väg, Chamottevägen, Farstavägen", 2),
    _county("Täby", "Täby", 59.4440, 18.0700, 2.0, "183 187",
            "Stora Marknadsvägen, Enhagsvägen, Näsbydalsvägen, Bergtorpsvägen", 2),
)

# Consultant homes a Stockholm unit buys are often farther away.
FAR_AREAS = (
    _county("Uppsala", "Uppsala", 59.8586, 17.6389, 6.0, "753 754 756 757",
            "Svartbäcksgatan, Kungsgatan, Gottsundavägen, Sala backe, Vaksalagatan", 3, "018"),
    _county("Gävle", "Gävle", 60.6749, 17.1413, 6.0, "802 803 805 806",
            "Norra Kungsgatan, Hemlingbyvägen, Sätravägen, Valbovägen", 2, "026"),
    _county("Falun", "Falun", 60.6070, 15.6350, 8.0, "791",
            "Trotzgatan, Svärdsjögatan, Källviksvägen, Hälsinggårdsvägen", 2, "023"),
    _county("Rättvik", "Rättvik", 60.8860, 15.1170, 10.0, "795",
            "Storgatan, Vasagatan, Lerdalsvägen, Prästgatan", 1, "0248"),
    _county("Eskilstuna", "Eskilstuna", 59.3710, 16.5100, 6.0, "632 633 635",
            "Kungsgatan, Mälarvägen, Kjulavägen, Hamngatan", 2, "016"),
    _county("Katrineholm", "Katrineholm", 58.9960, 16.2070, 8.0, "641",
            "Vasavägen, Djulögatan, Järnvägsgatan, Storgatan", 1, "0150"),
    _county("Nyköping", "Nyköping", 58.7530, 17.0090, 8.0, "611",
            "Västra Storgatan, Brunnsgatan, Ringvägen, Repslagaregatan", 1, "0155"),
)

_COMMON_STREETS = (
    "Storgatan, Kyrkogatan, Drottninggatan, Skolgatan, Parkvägen, Björkvägen, Ringvägen, Granvägen, "
    "Tallvägen, Ekvägen, Lindvägen, Villavägen, Järnvägsgatan, Trädgårdsgatan, Hantverkargatan, "
    "Stationsvägen, Furuvägen, Lärkvägen, Sjövägen, Ängsvägen, Backvägen, Skogsvägen, Västra vägen, Kvarngatan"
)


def _centre(municipality, city, lat, lon, postal, area_code, weight) -> Area:
    return Area(municipality, city, lat, lon, 7.0, tuple(postal.split()), tuple(_COMMON_STREETS.split(", ")),
                area_code, weight)


# Municipality centres for national data, weighted roughly by population.
NATIONAL_CENTRES = (
    _centre("Stockholm", "Stockholm", 59.3293, 18.0686, "112 115 117 124 163", "08", 98),
    _centre("Göteborg", "Göteborg", 57.7089, 11.9746, "411 415 417 421 424", "031", 60),
    _centre("Malmö", "Malmö", 55.6050, 13.0038, "211 212 214 215 217", "040", 36),
    _centre("Uppsala", "Uppsala", 59.8586, 17.6389, "753 754 756", "018", 24),
    _centre("Linköping", "Linköping", 58.4108, 15.6214, "582 583 586", "013", 17),
    _centre("Västerås", "Västerås", 59.6099, 16.5448, "722 723 724", "021", 16),
    _centre("Örebro", "Örebro", 59.2753, 15.2134, "702 703 705", "019", 16),
    _centre("Helsingborg", "Helsingborg", 56.0465, 12.6945, "252 253 254", "042", 15),
    _centre("Norrköping", "Norrköping", 58.5877, 16.1924, "602 603 604", "011", 14),
    _centre("Jönköping", "Jönköping", 57.7826, 14.1618, "553 554 556", "036", 14),
    _centre("Lund", "Lund", 55.7047, 13.1910, "222 224 226", "046", 13),
    _centre("Umeå", "Umeå", 63.8258, 20.2630, "903 904 906", "090", 13),
    _centre("Borås", "Borås", 57.7210, 12.9401, "503 504 506", "033", 11),
    _centre("Eskilstuna", "Eskilstuna", 59.3710, 16.5100, "632 633 635", "016", 11),
    _centre("Gävle", "Gävle", 60.6749, 17.1413, "802 803 805", "026", 10),
    _centre("Södertälje", "Södertälje", 59.1955, 17.6253, "151 152", "08", 10),
    _centre("Halmstad", "Halmstad", 56.6745, 12.8578, "302 303", "035", 10),
    _centre("Växjö", "Växjö", 56.8777, 14.8091, "352 355", "0470", 10),
    _centre("Sundsvall", "Sundsvall", 62.3908, 17.3069, "852 853 856", "060", 10),
    _centre("Karlstad", "Karlstad", 59.3793, 13.5036, "652 653 654", "054", 9),
    _centre("Kristianstad", "Kristianstad", 56.0294, 14.1567, "291", "044", 9),
    _centre("Luleå", "Luleå", 65.5848, 22.1547, "972 973 975", "0920", 8),
    _centre("Kalmar", "Kalmar", 56.6634, 16.3568, "392 393", "0480", 7),
    _centre("Karlskrona", "Karlskrona", 56.1612, 15.5869, "371", "0455", 7),
    _centre("Skellefteå", "Skellefteå", 64.7507, 20.9528, "931", "0910", 7),
    _centre("Varberg", "Varberg", 57.1056, 12.2508, "432", "0340", 7),
    _centre("Östersund", "Östersund", 63.1792, 14.6357, "831", "063", 6),
    _centre("Trollhättan", "Trollhättan", 58.2837, 12.2886, "461", "0520", 6),
    _centre("Falun", "Falun", 60.6070, 15.6350, "791", "023", 6),
    _centre("Skövde", "Skövde", 58.3912, 13.8451, "541", "0500", 6),
    _centre("Uddevalla", "Uddevalla", 58.3498, 11.9382, "451", "0522", 6),
    _centre("Nyköping", "Nyköping", 58.7530, 17.0090, "611", "0155", 6),
    _centre("Gotland", "Visby", 57.6348, 18.2948, "621", "0498", 6),
    _centre("Örnsköldsvik", "Örnsköldsvik", 63.2909, 18.7153, "891", "0660", 6),
    _centre("Borlänge", "Borlänge", 60.4858, 15.4371, "784", "0243", 5),
    _centre("Trelleborg", "Trelleborg", 55.3751, 13.1569, "231", "0410", 5),
    _centre("Motala", "Motala", 58.5371, 15.0365, "591", "0141", 4),
    _centre("Hudiksvall", "Hudiksvall", 61.7274, 17.1056, "824", "0650", 4),
    _centre("Piteå", "Piteå", 65.3172, 21.4794, "941", "0911", 4),
    _centre("Ludvika", "Ludvika", 60.1496, 15.1878, "771", "0240", 3),
    _centre("Katrineholm", "Katrineholm", 58.9960, 16.2070, "641", "0150", 3),
    _centre("Mora", "Mora", 61.0049, 14.5371, "792", "0250", 2),
    _centre("Kiruna", "Kiruna", 67.8558, 20.2253, "981", "0980", 2),
)


# ---------------------------------------------------------------- people

@dataclass(frozen=True)
class Background:
    weight: float
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]
    language: str
    religions: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


BACKGROUNDS = (
    Background(
        62,
        _words("Anna, Eva, Maria, Karin, Sara, Lena, Kristina, Emma, Malin, Johanna, Linda, Elin, Camilla, Sofia, "
               "Helena, Annika, Jenny, Ulrika, Åsa, Ingrid, Marie, Therese, Cecilia, Frida, Hanna, Lisa, Susanne"),
        _words("Erik, Lars, Karl, Anders, Johan, Per, Mikael, Peter, Jonas, Fredrik, Daniel, Magnus, Henrik, "
               "Mattias, Stefan, Thomas, Andreas, Martin, Niklas, Björn, Ola, Patrik, Joakim, Gustav, Mats, Ulf"),
        _words("Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson, "
               "Pettersson, Jonsson, Lindberg, Lindqvist, Lindström, Berg, Bergström, Lundgren, Sandberg, Holm, Ek, "
               "Forsberg, Sjöberg, Wallin, Engström, Håkansson, Nyström, Dahl, Åberg, Hedlund, Björk, Strand, Falk"),
        "svenska",
        _words("Svenska kyrkan, Frikyrka (pingstförsamling), Ingen uttalad religion"),
    ),
    Background(
        6,
        _words("Päivi, Sirpa, Tiina, Riikka, Satu, Marja, Anne"),
        _words("Jukka, Mikko, Pekka, Timo, Kari, Juha, Antti"),
        _words("Virtanen, Korhonen, Mäkinen, Nieminen, Heikkinen, Hämäläinen, Laine, Koskinen, Järvinen"),
        "finska",
        _words("Sverigefinsk, Svenska kyrkan, Sverigefinsk kultur"),
    ),
    Background(
        8,
        _words("Fatima, Amira, Layla, Yasmin, Rania, Nour, Huda, Samira, Lina, Rasha"),
        _words("Mohammed, Ahmed, Omar, Hassan, Ali, Khaled, Yousef, Karim, Samir, Bilal"),
        _words("Haddad, Khalil, Saleh, Mansour, Al-Hassan, Ibrahim, Jaber, Nasser, Hamdan, Al-Sayed"),
        "arabiska",
        _words("Muslimsk, Syrisk-ortodox kristen, Muslimsk (sunni)"),
    ),
    Background(
        5,
        _words("Hodan, Faadumo, Amina, Sahra, Hawa, Ifrah, Ubah"),
        _words("Abdi, Mohamed, Abdirahman, Hassan, Liban, Yusuf, Ahmed"),
        _words("Warsame, Hussein, Abdullahi, Farah, Jama, Osman, Mohamud, Aden, Hirsi"),
        "somaliska",
        _words("Muslimsk, Somalisk kultur, muslimsk"),
    ),
    Background(
        5,
        _words("Maryam, Shirin, Leila, Parisa, Nasrin, Azadeh, Mina"),
        _words("Reza, Dariush, Hamid, Mehdi, Babak, Kaveh, Amir"),
        _words("Ahmadi, Hosseini, Karimi, Rahimi, Moradi, Jafari, Rezaei, Mohammadi, Hashemi, Sadeghi"),
        "persiska",
        _words("Muslimsk (shia), Persisk kultur, Ingen uttalad religion"),
    ),
    Background(
        4,
        _words("Katarzyna, Agnieszka, Magdalena, Joanna, Ewa"),
        _words("Piotr, Tomasz, Krzysztof, Marek, Paweł, Michał"),
        _words("Nowak, Wójcik, Kaczmarek, Mazur, Krawczyk, Zając, Król, Wróbel"),
        "polska",
        _words("Katolsk, Polsk kultur, katolsk"),
    ),
    Background(
        3,
        _words("Amra, Selma, Lejla, Emina, Azra"),
        _words("Emir, Adnan, Haris, Mirza, Edin"),
        _words("Hodžić, Begović, Hadžić, Mehmedović, Delić, Kovačević"),
        "bosniska",
        _words("Muslimsk, Bosnisk kultur"),
    ),
    Background(
        2,
        _words("Ayşe, Elif, Zeynep, Fatma"),
        _words("Mehmet, Mustafa, Emre, Murat"),
        _words("Yılmaz, Demir, Kaya, Şahin, Çelik"),
        "turkiska",
        _words("Muslimsk, Alevitisk"),
    ),
    Background(
        2,
        _words("Senait, Helen, Selam, Rahel, Mebrat"),
        _words("Tesfaye, Yonas, Samuel, Dawit, Filmon"),
        _words("Gebremedhin, Tesfamariam, Haile, Kidane, Tekle, Berhane"),
        "tigrinja",
        _words("Eritreansk-ortodox kristen, Eritreansk kultur"),
    ),
    Background(
        3,
        _words("Carolina, Paula, Valentina, Daniela, Claudia"),
        _words("Diego, Carlos, Alejandro, Jorge, Rodrigo"),
        _words("González, Rojas, Muñoz, Contreras, Silva, Fuentes, Soto"),
        "spanska",
        _words("Katolsk, Chilensk kultur"),
    ),
)
SWEDISH = BACKGROUNDS[0]
_BACKGROUND_WEIGHTS = list(itertools.accumulate(b.weight for b in BACKGROUNDS))

OCCUPATIONS = _words(
    "Undersköterska, Lärare, Förskollärare, Sjuksköterska, Elektriker, Snickare, Bussförare, Ekonom, IT-konsult, "
    "Socionom, Behandlingsassistent, Polis, Egenföretagare, Lokalvårdare, Kock, Fritidspedagog, Projektledare, "
    "Lastbilsförare, Vårdbiträde, Barnskötare, Ingenjör, Fastighetsskötare, Elevassistent, Tolk, Butikssäljare, "
    "Personlig assistent, Lantbrukare, Studievägledare, Kurator, Frisör"
)


# ---------------------------------------------------------------- texts

TRAININGS = (
    ("Trauma och anknytning", BbicDomain.EMOTIONAL_BEHAVIOURAL),
    ("NPF i vardagen", BbicDomain.EMOTIONAL_BEHAVIOURAL),
    ("Skolstöd för placerade barn (SkolFam)", BbicDomain.EDUCATION),
    ("Barns hälsa och tandvård i familjehem", BbicDomain.HEALTH),
    ("Umgänge och samarbete med barnets föräldrar", BbicDomain.FAMILY_SOCIAL_RELATIONS),
    ("Hedersrelaterat våld och förtryck", BbicDomain.IDENTITY),
    ("Barnets identitet, språk och kultur", BbicDomain.IDENTITY),
    ("Tonår, gränser och sociala medier", BbicDomain.SOCIAL_PRESENTATION),
    ("Vägen till eget boende", BbicDomain.SELF_CARE),
    ("Första hjälpen och HLR för barn", BbicDomain.HEALTH),
)
BASIC_TRAINING = "Ett hem att växa i"
EMERGENCY_TRAINING = "Att vara jourhem"

COMPETENCE_NOTES = {
    BbicDomain.HEALTH: "Arbetar inom vården och är van vid läkemedel och vårdkontakter.",
    BbicDomain.EDUCATION: "Van att stötta skolarbete och samarbeta med skolan.",
    BbicDomain.EMOTIONAL_BEHAVIOURAL: "Erfarenhet av barn med trauma och utagerande beteende.",
    BbicDomain.IDENTITY: "Kan stötta barnets språk, kultur och religion.",
    BbicDomain.FAMILY_SOCIAL_RELATIONS: "Van vid umgänge och samarbete med biologiska föräldrar.",
    BbicDomain.SOCIAL_PRESENTATION: "Tydliga rutiner och god erfarenhet av tonåringar.",
    BbicDomain.SELF_CARE: "Har stöttat ungdomar på väg mot eget boende.",
}
EXPERIENCE_WEIGHTS = {
    HomeKind.OWN: (10, 40, 35, 15),
    HomeKind.CONSULTANT: (5, 35, 40, 20),
    HomeKind.KINSHIP: (30, 45, 20, 5),
    HomeKind.EMERGENCY: (5, 30, 40, 25),
    HomeKind.REINFORCED: (2, 13, 40, 45),
}
EXPERIENCE_LEVELS = tuple(ExperienceLevel)

TAGS_BY_KIND = {
    HomeKind.OWN: ("trauma", "npf", "syskongrupper", "tonaringar", "missbruk_i_familjen", "ensamkommande"),
    HomeKind.CONSULTANT: ("trauma", "npf", "tonaringar", "hedersrelaterat", "ensamkommande", "syskongrupper"),
    HomeKind.KINSHIP: ("syskongrupper", "missbruk_i_familjen"),
    HomeKind.EMERGENCY: ("spadbarn", "trauma", "missbruk_i_familjen", "syskongrupper"),
    HomeKind.REINFORCED: ("npf", "trauma", "funktionsnedsattning", "medicinsk_omvardnad", "hedersrelaterat"),
}

AGE_RANGES = {
    "small": ((0, 6), (0, 3), (0, 12)),
    "school": ((3, 12), (6, 15), (5, 17), (0, 17), (7, 17)),
    "teen": ((12, 17), (13, 20), (10, 17), (14, 20)),
}

PETS = (Pet.DOG, Pet.CAT, Pet.HORSE, Pet.RODENT, Pet.BIRD, Pet.OTHER)
PET_WEIGHTS = (40, 35, 3, 12, 6, 4)
RURAL_PET_WEIGHTS = (40, 30, 20, 5, 2, 3)

# For long-term homes; emergency homes say how fast they can take a child instead.
WISHES_GENERAL = (
    "Vi önskar ett långsiktigt uppdrag där barnet kan bo kvar till vuxen ålder.",
    "Vi har flexibla arbetstider och kan följa barnet till skola, BUP och fritidsaktiviteter.",
    "Vi vill gärna ha nära kontakt med barnets föräldrar när det är möjligt.",
    "Vi är ett aktivt hushåll med mycket friluftsliv och idrott.",
    "Vi bor nära skola och kollektivtrafik, så barnet kan gå kvar i sin skola.",
)

PAUSE_REASONS = (
    "Familjen har fått barn och pausar uppdraget under föräldraledigheten.",
    "Sjukdom i familjen; uppdraget pausas tills vidare.",
    "Familjen önskar vila efter en avslutad placering.",
    "Familjen flyttar och pausar uppdraget tills flytten är klar.",
)
CLOSE_REASONS = (
    "Familjen har avslutat sitt uppdrag efter att placeringen upphörde.",
    "Familjen har flyttat från regionen.",
    "Familjen avslutar uppdraget av åldersskäl.",
    "Avslutat på familjens egen begäran.",
)

CONTACT_NOTES = {
    SupportContactKind.HOME_VISIT: (
        "Hembesök. Barnet verkar trivas och har kommit in väl i skolan.",
        "Hembesök tillsammans med barnets socialsekreterare; genomförandeplanen gicks igenom.",
        "Hembesök. Familjen beskriver oro kring barnets sömn och vill ha råd.",
    ),
    SupportContactKind.PHONE: (
        "Telefonsamtal om umgänget med barnets föräldrar.",
        "Familjen ringde om skolfrånvaro; familjehemssekreteraren kontaktar skolan.",
        "Samtal om arvode och omkostnadsersättning inför nytt år.",
    ),
    SupportContactKind.SUPERVISION: (
        "Handledning kring gränssättning och trygghet i vardagen.",
        "Enskild handledning om anknytning och bemötande vid utbrott.",
        "Grupphandledning för familjehem i området.",
    ),
    SupportContactKind.TRAINING: (
        "Deltog i utbildningsdag om trauma och anknytning.",
        "Deltog i fördjupningsutbildning om NPF.",
    ),
    SupportContactKind.MEETING: (
        "Nätverksmöte med skola och BUP.",
        "SIP-möte med region och skola.",
        "Uppföljningsmöte med barnets socialsekreterare inför övervägande.",
    ),
    SupportContactKind.OTHER: ("Information om semesterplanering och avlösning.",),
}
CONTACT_KINDS = tuple(CONTACT_NOTES)
CONTACT_WEIGHTS = (35, 30, 15, 5, 12, 3)

HVB_WORDS = _words(
    "Tallbacken, Björkhagen, Solgläntan, Ekudden, Lärkan, Granliden, Fyren, Ankaret, Kompassen, Strandgården, "
    "Lindgården, Hagalund, Vallmon, Bryggan, Nyckeln, Vägskälet, Sjöängen, Rönnbacken, Klippan, Mosstorp, "
    "Eken, Äppellunden, Norrgården, Källan, Bäcken"
)
SIS_NAMES = _words(
    "Bärby, Lövsta, Sundbo, Klarälvsgården, Brättegården, Björkbacken, Eknäs, Fagared, Håkanstorp, Johannisberg, "
    "Ljungbacken, Nereby, Råby, Stigby, Sågargården, Tysslinge, Vemyra, Margretelund, Långanäs, Folåsa"
)
INSTITUTION_TARGETS = {
    InstitutionKind.HVB: ("trauma", "npf", "missbruk", "kriminalitet", "psykisk_ohälsa", "hedersrelaterat",
                          "ensamkommande"),
    InstitutionKind.SIS: ("missbruk", "kriminalitet", "psykisk_ohälsa", "lsu"),
    InstitutionKind.SUPPORTED_HOUSING: ("eget_boende", "ensamkommande", "utslussning"),
}

AGENCY_PREFIXES = _words(
    "Nordstjärnan, Trygga Hem, Ekbacken, Solrosen, Mälardalens, Lindhaga, Familjekraft, Bryggan, Hemvist, "
    "Vårdkompaniet, Fyrbåken, Livslinjen, Gläntan, Barnens Bästa, Rötter, Ankarplats, Sörgården, Tryggve, "
    "Norrsken, Skogsstjärnan"
)
AGENCY_SUFFIXES = _words("Familjevård AB, Familjehem AB, Konsulentstöd AB, Omsorg AB, Familjehemsvård AB")


# ---------------------------------------------------------------- the generator

def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.SWEDISH_TIME)


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _slug(text: str) -> str:
    table = str.maketrans("åäöéüÅÄÖ ", "aaoeuaao-")
    return "".join(c for c in text.lower().translate(table) if c.isascii() and (c.isalnum() or c == "-"))


def _municipal_operator(municipality: str) -> str:
    cities = {"Stockholm": "Stockholms stad", "Göteborg": "Göteborgs Stad", "Malmö": "Malmö stad"}
    return cities.get(municipality, f"{municipality} kommun")


def allocate(count: int, shares: dict, rng: random.Random) -> list:
    """``count`` items split by ``shares`` (largest remainder), shuffled: exact mixes even for small counts."""
    exact = {key: count * share / sum(shares.values()) for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(shares, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: count - sum(counts.values())]:
        counts[key] += 1
    items = [key for key in shares for _ in range(counts[key])]
    rng.shuffle(items)
    return items


@dataclass
class _Timeline:
    """The dates of a home's life, from which its history, assessments and placements follow."""

    history: list[tuple[HomeStatus, dt.date, str]]
    assessment_started: dt.date | None = None
    assessment_done: dt.date | None = None
    outcome: AssessmentOutcome | None = None
    active_from: dt.date | None = None
    """First day the home could have children placed (approval; for kinship homes the assessment start)."""
    active_to: dt.date | None = None
    """Pause or close date: no placement runs past it."""


class Generator:
    """Makes rows for agencies, institutions and homes; ``take()`` hands over what was made so far."""

    def __init__(self, rng: random.Random, today: dt.date, taken_organisation_numbers=frozenset()):
        self.rng = rng
        self.today = today
        self.rows: Rows = {model: [] for model in INSERT_ORDER}
        self._taken_org = set(taken_organisation_numbers)
        # A stream of its own: skipping numbers already in the database must not shift every later draw.
        self._org_rng = random.Random(rng.getrandbits(64))
        self._personal_numbers: set[str] = set()
        self._names: set[str] = set()
        self.staff = [self.person_name(rng.random() < 0.75)[0] for _ in range(8)]  # the family-care team
        # Name words are dealt from shuffled pools, so names repeat only once a pool is used up.
        self._pools = {words: rng.sample(words, len(words)) for words in (AGENCY_PREFIXES, HVB_WORDS, SIS_NAMES)}
        self._dealt: Counter = Counter()

    def take(self) -> Rows:
        rows, self.rows = self.rows, {model: [] for model in INSERT_ORDER}
        return rows

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # ------------------------------------------------------------ helpers

    def pick_area(self, areas: Sequence[Area], cum_weights: list[float]) -> Area:
        return self.rng.choices(areas, cum_weights=cum_weights)[0]

    def _background(self) -> Background:
        return self.rng.choices(BACKGROUNDS, cum_weights=_BACKGROUND_WEIGHTS)[0]

    def person_name(self, woman: bool, background: Background | None = None) -> tuple[str, str]:
        background = background or self._background()
        first = self.rng.choice(background.women if woman else background.men)
        last = self.rng.choice(background.surnames)
        return f"{first} {last}", last

    def _location(self, area: Area) -> dict:
        rng = self.rng
        lat_sd = area.spread_km / 111.0
        lon_sd = lat_sd / math.cos(math.radians(area.lat))
        dlat = max(-2.5, min(2.5, rng.gauss(0, 1))) * lat_sd
        dlon = max(-2.5, min(2.5, rng.gauss(0, 1))) * lon_sd
        number = rng.randint(1, 90)
        letter = rng.choice("ABC") if rng.random() < 0.1 else ""
        return {
            "street": f"{rng.choice(area.streets)} {number}{letter}",
            "postal_code": f"{rng.choice(area.postal_prefixes)} {rng.randint(10, 99)}",
            "city": area.city,
            "municipality": area.municipality,
            "latitude": round(area.lat + dlat, 5),
            "longitude": round(area.lon + dlon, 5),
        }

    def _phone(self, area_code: str) -> str:
        rng = self.rng
        if len(area_code) <= 3:
            return f"{area_code}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        return f"{area_code}-{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"

    def _organisation_number(self) -> str:
        while True:
            nine = f"{self._org_rng.choice(('556', '559'))}{self._org_rng.randrange(10**6):06d}"
            number = f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"
            if number not in self._taken_org:
                self._taken_org.add(number)
                return number

    def _deal(self, words: tuple[str, ...]) -> str:
        pool = self._pools[words]
        word = pool[self._dealt[words] % len(pool)]
        self._dealt[words] += 1
        return word

    def _unique_name(self, base: str, area: Area) -> str:
        candidates = itertools.chain((base, f"{base}, {area.city}"), (f"{base} {n}" for n in itertools.count(2)))
        name = next(candidate for candidate in candidates if candidate not in self._names)
        self._names.add(name)
        return name

    def personal_number(self, age_min: int, age_max: int, woman: bool) -> str:
        """A Luhn-valid personal number (YYYYMMDD-NNNC) for someone aged ``age_min``-``age_max`` today."""
        rng, today = self.rng, self.today
        while True:
            born = today - _days(rng.randint(age_min * 365 + 10, age_max * 365 + 300))
            serial = f"{rng.randint(0, 99):02d}{rng.choice((0, 2, 4, 6, 8) if woman else (1, 3, 5, 7, 9))}"
            yymmdd = born.strftime("%y%m%d")
            number = f"{born:%Y%m%d}-{serial}{luhn_check_digit(yymmdd + serial)}"
            if number not in self._personal_numbers:
                self._personal_numbers.add(number)
                return number

    # ------------------------------------------------------------ agencies and institutions

    def agency(self, area: Area) -> dict:
        rng, today = self.rng, self.today
        agency_id = self.new_id()
        name = self._unique_name(f"{self._deal(AGENCY_PREFIXES)} {rng.choice(AGENCY_SUFFIXES)}", area)
        contact = self.person_name(rng.random() < 0.7)[0]
        created = today - _days(rng.randint(800, 4000))
        row = {
            "id": agency_id,
            "name": name,
            "organisation_number": self._organisation_number(),
            "municipality": area.municipality,
            "contact_person": contact,
            "phone": self._phone(area.area_code),
            "email": f"info@{_slug(name.removesuffix(' AB'))}.se",
            "active": True,
            "closed_on": None,
            "closed_reason": None,
            "version": 1,
            "created_at": _at(created, 10),
            "updated_at": _at(created, 10),
        }
        self.rows[Agency].append(row)
        # Framework contracts for last year and this year; this year's prices are indexed up 2-4 %.
        standard = rng.randrange(1300, 1560, 10)
        prices = {
            ContractLevel.STANDARD: standard,
            ContractLevel.REINFORCED: min(standard + rng.randrange(250, 450, 10), 1950),
            ContractLevel.EMERGENCY: standard + rng.randrange(150, 300, 10),
        }
        for year in (today.year - 1, today.year):
            contract_id = self.new_id()
            signed = dt.date(year - 1, rng.randint(9, 11), rng.randint(1, 28))
            self.rows[AgencyContract].append({
                "id": contract_id,
                "agency_id": agency_id,
                "reference": f"Ramavtal {year}, dnr SN {year - 1}/{rng.randint(100, 2999)}",
                "valid_from": dt.date(year, 1, 1),
                "valid_to": dt.date(year, 12, 31),
                "created_at": _at(min(signed, today), 11),
                "updated_at": _at(min(signed, today), 11),
            })
            for level, price in prices.items():
                self.rows[AgencyContractPrice].append(
                    {"id": self.new_id(), "contract_id": contract_id, "level": level, "daily_price": Decimal(price)}
                )
            index = 1 + rng.uniform(0.02, 0.04)
            prices = {level: int(round(price * index, -1)) for level, price in prices.items()}
        return row

    def institution(self, kind: InstitutionKind, area: Area) -> dict:
        rng, today = self.rng, self.today
        if kind == InstitutionKind.SIS:
            name = self._unique_name(f"{self._deal(SIS_NAMES)} ungdomshem", area)
            operator, places, ages, price = "Statens institutionsstyrelse (SiS)", rng.randint(12, 40), (13, 20), (6000, 9000)
        elif kind == InstitutionKind.HVB:
            word = self._deal(HVB_WORDS)
            name = self._unique_name(rng.choice((f"HVB {word}", f"{word} behandlingshem", f"{word} HVB")), area)
            operator = rng.choice((f"{word} Omsorg AB", f"{word} Vård AB", _municipal_operator(area.municipality)))
            places, ages, price = rng.randint(4, 12), rng.choice(((12, 17), (13, 20), (6, 12), (15, 20))), (4000, 7000)
        else:
            word = self._deal(HVB_WORDS)
            name = self._unique_name(f"Stödboende {word}", area)
            operator = rng.choice((f"{word} Omsorg AB", _municipal_operator(area.municipality)))
            places, ages, price = rng.randint(6, 20), rng.choice(((16, 20), (18, 20), (16, 18))), (1500, 2600)
        created = today - _days(rng.randint(400, 5000))
        row = {
            "id": self.new_id(),
            "name": name,
            "kind": kind,
            "operator": operator,
            **self._location(area),
            "places": places,
            "age_min": ages[0],
            "age_max": ages[1],
            "gender_preference": rng.choices(tuple(GenderPreference), (60, 20, 20))[0],
            "daily_price": Decimal(rng.randrange(price[0], price[1] + 1, 10)),
            "target_groups": sorted(rng.sample(INSTITUTION_TARGETS[kind], 2)),
            "active": True,
            "closed_on": None,
            "closed_reason": None,
            "version": 1,
            "created_at": _at(created, 9),
            "updated_at": _at(created, 9),
        }
        self.rows[Institution].append(row)
        return row

    # ------------------------------------------------------------ homes

    def status_for(self) -> HomeStatus:
        return self.rng.choices(tuple(STATUS_SHARES), tuple(STATUS_SHARES.values()))[0]

    def home(
        self,
        kind: HomeKind,
        status: HomeStatus,
        area: Area,
        agency: dict | None = None,
        placing_municipalities: Sequence[str] = ("Stockholm",),
    ) -> dict:
        """One home with its household, competences, trainings, assessments, history and support log.

        Placed children are counted by the first of ``placing_municipalities`` most of the time.
        """
        rng, today = self.rng, self.today
        home_id = self.new_id()
        background = self._background()
        level = None
        if kind == HomeKind.CONSULTANT:
            level = rng.choices(tuple(ContractLevel), (70, 20, 10))[0]
        capacity = self._capacity(kind, level)
        timeline = self._timeline(kind, status)
        adults, surnames = self._adults(home_id, kind, background)
        staff = [agency["contact_person"]] if agency else self.staff

        children = self._own_children(home_id, adults)
        free = 0
        if status == HomeStatus.APPROVED or (kind == HomeKind.KINSHIP and status == HomeStatus.UNDER_ASSESSMENT):
            free = self._placed_children(home_id, children, capacity, timeline, placing_municipalities)
        elif timeline.active_from and timeline.active_to and rng.random() < 0.6:
            self._ended_placement(home_id, children, capacity, timeline, timeline.active_to, placing_municipalities)

        available_from = None
        if status == HomeStatus.APPROVED and free:
            if rng.random() < 0.25:  # the home has said yes, but only from a later date
                available_from = today + _days(rng.randint(7, 60))
            elif rng.random() < 0.3:
                available_from = today - _days(rng.randint(0, 60))

        pets = self._pets(area)
        registered = timeline.history[0][1]
        row = {
            "id": home_id,
            "name": f"Familjen {'/'.join(surnames)}",
            "kind": kind,
            "status": status,
            "agency_id": agency["id"] if agency else None,
            "contract_level": level,
            **self._location(area),
            **capacity,
            "available_from": available_from,
            "tags": self._tags(kind, capacity),
            "religion_culture": rng.choice(background.religions) if rng.random() < 0.25 else None,
            "pets": pets,
            "smoking": rng.random() < 0.03,
            "wishes": self._wishes(kind, capacity, pets, background),
            "protected_identity": rng.random() < PROTECTED_SHARE,
            "version": 1,
            "created_at": _at(registered, 10),
            "updated_at": _at(max(timeline.history[-1][1], registered), 15),
        }
        self.rows[FosterHome].append(row)
        self.rows[HouseholdAdult].extend(adults)
        self.rows[HouseholdChild].extend(children)
        self._competences(home_id, kind)
        self._trainings(home_id, kind, timeline)
        self._assessment(home_id, timeline, staff, capacity)
        for position, (new_status, day, reason) in enumerate(timeline.history):
            self.rows[StatusChange].append({
                "id": self.new_id(),
                "home_id": home_id,
                "status": new_status,
                "changed_on": day,
                "reason": reason,
                "recorded_at": _at(day, 9, position),
            })
        self._support_contacts(home_id, timeline, staff)
        return row

    def _capacity(self, kind: HomeKind, level: ContractLevel | None) -> dict:
        rng = self.rng
        placement_kinds = [PlacementKind.LONG_TERM]
        if kind == HomeKind.EMERGENCY or level == ContractLevel.EMERGENCY:
            places = rng.choice((1, 1, 2))
            ages = rng.choice(AGE_RANGES["small"] + ((0, 17), (6, 17), (13, 17)))
            placement_kinds = [PlacementKind.EMERGENCY] + ([PlacementKind.RESPITE] if rng.random() < 0.2 else [])
        elif kind == HomeKind.REINFORCED or level == ContractLevel.REINFORCED:
            places = rng.choice((1, 1, 2))
            ages = rng.choice(AGE_RANGES["school"] + AGE_RANGES["teen"])
        elif kind == HomeKind.KINSHIP:
            places = rng.choices((1, 2, 3), (60, 30, 10))[0]
            ages = (0, rng.choice((17, 17, 20)))
        else:
            places = rng.choices((1, 2, 3), (45, 40, 15))[0]
            ages = rng.choice(AGE_RANGES[rng.choices(("small", "school", "teen"), (20, 50, 30))[0]])
            extra = rng.random()
            if extra < 0.2:
                placement_kinds.append(PlacementKind.RESPITE)
            elif extra < 0.28:
                placement_kinds.append(PlacementKind.EMERGENCY)
        siblings = places if kind == HomeKind.KINSHIP else (1 if places == 1 else rng.randint(1, places))
        return {
            "places": places,
            "age_min": ages[0],
            "age_max": ages[1],
            "max_sibling_group": siblings,
            "gender_preference": rng.choices(tuple(GenderPreference), (86, 8, 6))[0],
            "placement_kinds": [str(k) for k in placement_kinds],
        }

    def _timeline(self, kind: HomeKind, status: HomeStatus) -> _Timeline:
        rng, today = self.rng, self.today
        applied = (
            "Nätverket föreslog hemmet i barnets utredning."
            if kind == HomeKind.KINSHIP
            else rng.choice(("Intresseanmälan via webbplatsen.", "Intresseanmälan efter informationsträff."))
        )
        if kind == HomeKind.CONSULTANT:
            applied = "Anmält av konsulentverksamheten."
        started_reason = "Familjehemsutredning påbörjad."
        approved_reason = "Godkänt efter familjehemsutredning."

        def approved_path(approved: dt.date) -> _Timeline:
            started = approved - _days(rng.randint(60, 150))
            registered = started - _days(rng.randint(14, 90))
            return _Timeline(
                history=[
                    (HomeStatus.APPLICANT, registered, applied),
                    (HomeStatus.UNDER_ASSESSMENT, started, started_reason),
                    (HomeStatus.APPROVED, approved, approved_reason),
                ],
                assessment_started=started,
                assessment_done=approved,
                outcome=AssessmentOutcome.APPROVED,
                active_from=started if kind == HomeKind.KINSHIP else approved,
            )

        if status == HomeStatus.APPLICANT:
            return _Timeline(history=[(HomeStatus.APPLICANT, today - _days(rng.randint(3, 80)), applied)])
        if status == HomeStatus.UNDER_ASSESSMENT:
            started = today - _days(rng.randint(5, 120))
            return _Timeline(
                history=[
                    (HomeStatus.APPLICANT, started - _days(rng.randint(10, 60)), applied),
                    (HomeStatus.UNDER_ASSESSMENT, started, started_reason),
                ],
                assessment_started=started,
                outcome=AssessmentOutcome.PENDING,
                active_from=started if kind == HomeKind.KINSHIP else None,
            )
        if status == HomeStatus.APPROVED:
            return approved_path(today - _days(int(rng.triangular(30, 4500, 500))))
        if status == HomeStatus.PAUSED:
            paused = today - _days(rng.randint(7, 300))
            timeline = approved_path(paused - _days(rng.randint(200, 2500)))
            timeline.history.append((HomeStatus.PAUSED, paused, rng.choice(PAUSE_REASONS)))
            timeline.active_to = paused
            return timeline
        # Closed: withdrawn application, rejected after assessment, or ended after years as a home.
        closed = today - _days(rng.randint(1, 700))
        path = rng.choices(("withdrawn", "rejected", "ended", "paused_then_ended"), (15, 20, 45, 20))[0]
        if path == "withdrawn":
            return _Timeline(history=[
                (HomeStatus.APPLICANT, closed - _days(rng.randint(10, 60)), applied),
                (HomeStatus.CLOSED, closed, "Familjen tog tillbaka sin intresseanmälan."),
            ])
        if path == "rejected":
            started = closed - _days(rng.randint(45, 150))
            return _Timeline(
                history=[
                    (HomeStatus.APPLICANT, started - _days(rng.randint(14, 60)), applied),
                    (HomeStatus.UNDER_ASSESSMENT, started, started_reason),
                    (HomeStatus.CLOSED, closed, "Utredningen avslutad: hemmet bedömdes inte lämpligt."),
                ],
                assessment_started=started,
                assessment_done=closed,
                outcome=AssessmentOutcome.REJECTED,
            )
        last_active = closed
        paused = None
        if path == "paused_then_ended":
            paused = closed - _days(rng.randint(30, 300))
            last_active = paused
        timeline = approved_path(last_active - _days(rng.randint(200, 2500)))
        if paused:
            timeline.history.append((HomeStatus.PAUSED, paused, rng.choice(PAUSE_REASONS)))
        timeline.history.append((HomeStatus.CLOSED, closed, rng.choice(CLOSE_REASONS)))
        timeline.active_to = last_active
        return timeline

    def _adults(self, home_id: uuid.UUID, kind: HomeKind, background: Background) -> tuple[list[dict], list[str]]:
        rng = self.rng
        couple = rng.random() < 0.8
        first_is_woman = rng.random() < 0.6
        oldest = 68 if kind == HomeKind.KINSHIP else 64
        age_min = 40 if kind == HomeKind.KINSHIP and rng.random() < 0.5 else 30
        people = [(first_is_woman, background)]
        if couple:
            partner_woman = first_is_woman if rng.random() < 0.04 else not first_is_woman
            partner_background = SWEDISH if rng.random() < 0.15 else background
            people.append((partner_woman, partner_background))
        adults, surnames = [], []
        first_age = rng.randint(age_min, oldest)
        for position, (woman, person_background) in enumerate(people):
            name, surname = self.person_name(woman, person_background)
            if position == 1 and person_background is background and rng.random() < 0.7:
                name, surname = f"{name.rsplit(' ', 1)[0]} {surnames[0]}", surnames[0]
            if surname not in surnames:
                surnames.append(surname)
            age = first_age if position == 0 else max(30, min(68, round(rng.gauss(first_age, 3))))
            languages = [person_background.language]
            if person_background is not SWEDISH:
                languages.append("svenska")
            if rng.random() < 0.45:
                languages.append("engelska")
            occupation = None
            if age >= 65 and rng.random() < 0.6:
                occupation = "Pensionär"
            elif rng.random() < 0.9:
                occupation = rng.choice(OCCUPATIONS)
            adults.append({
                "id": self.new_id(),
                "home_id": home_id,
                "position": position,
                "name": name,
                "personal_number": self.personal_number(age, age, woman),
                "languages": languages,
                "occupation": occupation,
            })
        return adults, surnames

    def _child(self, home_id: uuid.UUID, position: int, birth_year: int, **placement) -> dict:
        return {
            "id": self.new_id(),
            "home_id": home_id,
            "position": position,
            "birth_year": birth_year,
            "relation": placement.pop("relation", HouseholdChildRelation.OWN),
            "placed_from": placement.get("placed_from"),
            "placed_until": placement.get("placed_until"),
            "placing_municipality": placement.get("placing_municipality"),
            "note": placement.get("note"),
        }

    def _own_children(self, home_id: uuid.UUID, adults: list[dict]) -> list[dict]:
        rng, year = self.rng, self.today.year
        youngest_adult = min(year - int(adult["personal_number"][:4]) for adult in adults)
        max_age = min(20, youngest_adult - 20)
        if max_age < 0 or rng.random() < 0.35:
            return []
        count = rng.choices((1, 2, 3), (45, 40, 15))[0]
        ages = sorted((rng.randint(max(0, max_age - 18), max_age) for _ in range(count)), reverse=True)
        return [self._child(home_id, position, year - age) for position, age in enumerate(ages)]

    def _placing_municipality(self, municipalities: Sequence[str]) -> str:
        return municipalities[0] if self.rng.random() < 0.8 else self.rng.choice(municipalities)

    def _placed_children(self, home_id, children, capacity, timeline, municipalities) -> int:
        """Fill the home to (nearly) full from dates after it was approved; returns free places today."""
        rng, today = self.rng, self.today
        places = capacity["places"]
        free = rng.choices(tuple(FREE_PLACES_WEIGHTS), tuple(FREE_PLACES_WEIGHTS.values()))[0]
        free = min(free, places)
        occupied = places - free
        earliest = today
        emergency = PlacementKind.EMERGENCY in capacity["placement_kinds"]
        while occupied > 0:
            group = 1
            if capacity["max_sibling_group"] > 1 and occupied > 1 and rng.random() < 0.4:
                group = rng.randint(2, min(occupied, capacity["max_sibling_group"]))
            span = (today - timeline.active_from).days
            days_ago = rng.randint(1, max(1, min(span, 200))) if emergency else rng.randint(1, max(1, span))
            placed_from = today - _days(days_ago)
            placed_until = None
            note = None
            if emergency and rng.random() < 0.5:
                placed_until = today + _days(rng.randint(10, 120))
                note = rng.choice(("Planerad flytt till långsiktigt familjehem.", "Planerad hemflytt till förälder."))
            elif not emergency and rng.random() < 0.05:
                placed_until = today + _days(rng.randint(30, 300))
                note = "Planerad utflyttning till eget boende."
            if group > 1:
                note = "Syskon placerade tillsammans."
            placer = self._placing_municipality(municipalities)
            age = rng.randint(capacity["age_min"], min(capacity["age_max"], 19))
            for member in range(group):
                member_age = age if member == 0 else max(capacity["age_min"], min(capacity["age_max"], age - rng.randint(1, 4)))
                birth_year = today.year - member_age
                start = min(max(placed_from, dt.date(birth_year, 1, 1) + _days(30)), today)
                until = placed_until if placed_until is None or placed_until > start else None
                children.append(self._child(
                    home_id, len(children), birth_year, relation=HouseholdChildRelation.PLACED, placed_from=start,
                    placed_until=until, placing_municipality=placer, note=note,
                ))
                earliest = min(earliest, start)
            occupied -= group
        ended_by = earliest if earliest < today else today - _days(1)
        if rng.random() < (0.7 if emergency else 0.2):
            self._ended_placement(home_id, children, capacity, timeline, ended_by, municipalities)
        return free

    def _ended_placement(self, home_id, children, capacity, timeline, ended_by: dt.date, municipalities) -> None:
        """A placement that ended before ``ended_by`` (so places were never overbooked)."""
        rng = self.rng
        window = (ended_by - timeline.active_from).days
        if window < 30:
            return
        until = ended_by - _days(rng.randint(0, min(60, window - 30)))
        start = until - _days(rng.randint(14, min(window - (ended_by - until).days, 900)))
        age_then = rng.randint(capacity["age_min"], min(capacity["age_max"], 17))
        birth_year = start.year - age_then
        start = max(start, dt.date(birth_year, 1, 1) + _days(30))
        if start >= until:
            return
        children.append(self._child(
            home_id, len(children), birth_year, relation=HouseholdChildRelation.PLACED, placed_from=start,
            placed_until=until, placing_municipality=self._placing_municipality(municipalities),
            note="Placeringen är avslutad.",
        ))

    def _pets(self, area: Area) -> list[str]:
        rng = self.rng
        if rng.random() < 0.45:
            return []
        rural = area.spread_km >= 4  # horses belong to the countryside
        pets = rng.choices(PETS, RURAL_PET_WEIGHTS if rural else PET_WEIGHTS, k=rng.choice((1, 1, 2)))
        return [str(pet) for pet in dict.fromkeys(pets)]

    def _tags(self, kind: HomeKind, capacity: dict) -> list[str]:
        rng = self.rng
        candidates = TAGS_BY_KIND[kind]
        tags = rng.sample(candidates, min(len(candidates), rng.choices((0, 1, 2, 3), (20, 35, 30, 15))[0]))
        if capacity["age_max"] <= 3 and "spadbarn" not in tags:
            tags.append("spadbarn")
        if capacity["age_min"] >= 12 and "tonaringar" not in tags:
            tags.append("tonaringar")
        return tags

    def _wishes(self, kind, capacity, pets, background) -> str | None:
        rng = self.rng
        if rng.random() < 0.3:
            return None
        if kind == HomeKind.EMERGENCY or PlacementKind.EMERGENCY in capacity["placement_kinds"]:
            wishes = ["Vi kan ta emot barn med kort varsel, även kvällar och helger."]
        else:
            wishes = [rng.choice(WISHES_GENERAL)]
        if capacity["age_max"] <= 6:
            wishes.append("Vi önskar i första hand ta emot små barn.")
        elif capacity["age_min"] >= 12:
            wishes.append("Vi tar gärna emot en tonåring som behöver vuxna som finns kvar.")
        if capacity["max_sibling_group"] >= 2:
            wishes.append("Vi kan ta emot ett syskonpar.")
        if "horse" in pets:
            wishes.append("Vi bor på landet med hästar och passar ett barn som tycker om djur.")
        elif "dog" in pets:
            wishes.append("Vi har hund, så barnet får inte vara allergiskt.")
        if background is not SWEDISH:
            wishes.append(f"Vi talar {background.language} hemma och kan stötta barnets språk och kultur.")
        # The first wish (how the home works) always, and one of the specific ones when there are any.
        return " ".join(wishes[:1] + rng.sample(wishes[1:], min(len(wishes) - 1, 1)))

    def _competences(self, home_id: uuid.UUID, kind: HomeKind) -> None:
        rng = self.rng
        domains = rng.sample(tuple(BbicDomain), rng.randint(2, 7))
        for domain in sorted(domains, key=list(BbicDomain).index):
            experience = rng.choices(EXPERIENCE_LEVELS, EXPERIENCE_WEIGHTS[kind])[0]
            note = COMPETENCE_NOTES[domain] if experience == ExperienceLevel.EXTENSIVE and rng.random() < 0.5 else None
            self.rows[DomainCompetence].append(
                {"id": self.new_id(), "home_id": home_id, "domain": domain, "experience": experience, "note": note}
            )

    def _trainings(self, home_id: uuid.UUID, kind: HomeKind, timeline: _Timeline) -> None:
        rng, today = self.rng, self.today
        if timeline.assessment_started is None:
            return
        rows = self.rows[Training]
        basic_by = timeline.assessment_done or today
        if (basic_by - timeline.assessment_started).days >= 14:
            done = timeline.assessment_started + _days(rng.randint(7, (basic_by - timeline.assessment_started).days))
            rows.append({"id": self.new_id(), "home_id": home_id, "name": BASIC_TRAINING, "completed_on": done,
                         "domain": None})
        if timeline.outcome != AssessmentOutcome.APPROVED:
            return
        last = timeline.active_to or today
        span = (last - timeline.assessment_done).days
        if span < 30:
            return
        extra = list(rng.sample(TRAININGS, rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]))
        if kind == HomeKind.EMERGENCY:
            extra.append((EMERGENCY_TRAINING, None))
        for name, domain in extra:
            rows.append({
                "id": self.new_id(), "home_id": home_id, "name": name,
                "completed_on": timeline.assessment_done + _days(rng.randint(14, span)), "domain": domain,
            })

    def _assessment(self, home_id: uuid.UUID, timeline: _Timeline, staff: list[str], capacity: dict) -> None:
        if timeline.assessment_started is None:
            return
        notes = {
            AssessmentOutcome.APPROVED: (
                f"Utredning enligt Kälvestenmodellen. Familjen bedöms lämplig för barn i åldern "
                f"{capacity['age_min']}–{capacity['age_max']} år."
            ),
            AssessmentOutcome.PENDING: "Utredningen pågår; referenser och registerutdrag är inhämtade.",
            AssessmentOutcome.REJECTED: "Familjen bedöms inte kunna ge ett placerat barn tillräckligt stöd i nuläget.",
        }
        self.rows[Assessment].append({
            "id": self.new_id(),
            "home_id": home_id,
            "started_on": timeline.assessment_started,
            "completed_on": timeline.assessment_done,
            "assessor": self.rng.choice(staff),
            "outcome": timeline.outcome,
            "note": notes[timeline.outcome],
        })

    def _support_contacts(self, home_id: uuid.UUID, timeline: _Timeline, staff: list[str]) -> None:
        rng, today = self.rng, self.today
        if timeline.outcome != AssessmentOutcome.APPROVED:
            return
        last = timeline.active_to or today
        first = max(timeline.assessment_done, last - _days(365))
        span = (last - first).days
        if span < 1:
            return
        count = rng.choices((0, 1, 2, 3, 4), (10, 25, 30, 20, 15))[0]
        for day in sorted(first + _days(rng.randint(1, span)) for _ in range(count)):
            kind = rng.choices(CONTACT_KINDS, CONTACT_WEIGHTS)[0]
            self.rows[SupportContact].append({
                "id": self.new_id(),
                "home_id": home_id,
                "contact_date": day,
                "kind": kind,
                "staff_name": rng.choice(staff),
                "note": rng.choice(CONTACT_NOTES[kind]),
                "recorded_at": _at(day, rng.randint(8, 16), rng.randint(0, 59)),
            })


# ---------------------------------------------------------------- building and inserting

def _cum_weights(areas: Sequence[Area]) -> list[float]:
    return list(itertools.accumulate(area.weight for area in areas))


def generate_demo(seed: int = 2026, *, today: dt.date | None = None, taken_organisation_numbers=frozenset()) -> Rows:
    """The demo municipality's rows, without touching the database (same seed and day, same rows)."""
    rng = random.Random(seed)
    generator = Generator(rng, today or clock.today(), taken_organisation_numbers)
    county, county_weights = STOCKHOLM_COUNTY, _cum_weights(STOCKHOLM_COUNTY)
    far, far_weights = FAR_AREAS, _cum_weights(FAR_AREAS)
    agencies = [generator.agency(generator.pick_area(county, county_weights)) for _ in range(DEMO_AGENCIES)]
    for kind in DEMO_INSTITUTIONS:
        distant = kind == InstitutionKind.SIS or rng.random() < 0.3
        generator.institution(kind, generator.pick_area(far, far_weights) if distant else
                              generator.pick_area(county, county_weights))
    placers = ("Stockholm", "Huddinge", "Botkyrka", "Järfälla", "Haninge", "Södertälje")
    kinds = allocate(DEMO_HOMES, KIND_SHARES, rng)
    consultant_homes = kinds.count(HomeKind.CONSULTANT)
    far_flags = iter(allocate(consultant_homes, {True: FAR_CONSULTANT_SHARE, False: 1 - FAR_CONSULTANT_SHARE}, rng))
    for kind in kinds:
        agency = rng.choice(agencies) if kind == HomeKind.CONSULTANT else None
        distant = agency is not None and next(far_flags)
        area = generator.pick_area(far, far_weights) if distant else generator.pick_area(county, county_weights)
        generator.home(kind, generator.status_for(), area, agency, placers)
    return generator.take()


async def _insert(session: AsyncSession, rows: Rows) -> None:
    for model in INSERT_ORDER:
        if rows[model]:
            await session.execute(insert(model.__table__), rows[model])


async def _taken_organisation_numbers(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(Agency.organisation_number)))


def _free_today(rows: Rows, today: dt.date) -> int:
    occupied = Counter(
        child["home_id"]
        for child in rows[HouseholdChild]
        if child["relation"] == HouseholdChildRelation.PLACED
        and child["placed_from"] <= today
        and (child["placed_until"] is None or child["placed_until"] > today)
    )
    return sum(
        max(home["places"] - occupied[home["id"]], 0)
        for home in rows[FosterHome]
        if home["status"] == HomeStatus.APPROVED and (home["available_from"] is None or home["available_from"] <= today)
    )


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _home_summary(kinds: Counter, approved: int, free: int) -> str:
    total = sum(kinds.values())
    mix = ", ".join(f"{_number(kinds[kind])} {label}" for kind, label in KIND_LABELS.items() if kinds[kind])
    return f"{_number(total)} familjehem ({mix}; {_number(approved)} godkända, {_number(free)} lediga platser i dag)"


def demo_assignments(rows: Rows, user_id: uuid.UUID, seed: int = 2026, *, today: dt.date | None = None) -> list[dict]:
    """HomeAssignment rows making ``user_id`` the family-care secretary of the demo's protected homes and
    of ``DEMO_FAMILY_CARE_OTHER_HOMES`` others that are not closed.

    Drawn from a stream of its own (so the homes themselves do not change), the same for the same seed.
    Each assignment is dated between the home's registration and ``today``.
    """
    today = today or clock.today()
    rng = random.Random(f"family-care-assignments-{seed}")
    homes = rows[FosterHome]
    protected = [home for home in homes if home["protected_identity"]]
    others = [home for home in homes if not home["protected_identity"] and home["status"] != HomeStatus.CLOSED]
    chosen = protected + rng.sample(others, min(DEMO_FAMILY_CARE_OTHER_HOMES, len(others)))
    assignments = []
    for home in sorted(chosen, key=lambda home: home["name"]):
        registered = min(home["created_at"].date(), today)
        assigned_on = max(registered, today - _days(rng.randint(14, 3 * 365)))
        assignments.append({"home_id": home["id"], "user_id": user_id, "assigned_on": assigned_on})
    return assignments


async def _assign_family_care(
    session: AsyncSession, rows: Rows, user_id: uuid.UUID, seed: int, today: dt.date
) -> tuple[int, int]:
    """Insert the demo assignments that are missing; return (added, of which protected homes)."""
    assignments = demo_assignments(rows, user_id, seed, today=today)
    statement = pg_insert(HomeAssignment).values(assignments).on_conflict_do_nothing().returning(HomeAssignment.home_id)
    added = set(await session.scalars(statement))
    protected = sum(1 for home in rows[FosterHome] if home["protected_identity"] and home["id"] in added)
    return len(added), protected


async def seed_demo(session: AsyncSession, *, seed: int = 2026, family_care_user_id: uuid.UUID | None = None) -> str:
    """Load the demo municipality (about 150 homes, 5 agencies, 12 institutions) and commit.

    With ``family_care_user_id``, that user is also assigned to every protected home and to about twenty
    others (see ``demo_assignments``). Running it again adds nothing but missing assignments.
    """
    today = clock.today()
    rows = generate_demo(seed, today=today, taken_organisation_numbers=await _taken_organisation_numbers(session))
    first_home = rows[FosterHome][0]["id"]
    if await session.scalar(select(exists().where(FosterHome.id == first_home))):
        added = 0
        if family_care_user_id is not None:
            added, _ = await _assign_family_care(session, rows, family_care_user_id, seed, today)
            await session.commit()
        if added:
            return f"Demodata med seed {seed} finns redan; {added} tilldelningar till familjevården lades till."
        return f"Demodata med seed {seed} finns redan; inget lades till."
    await _insert(session, rows)
    assigned = ""
    if family_care_user_id is not None:
        added, protected = await _assign_family_care(session, rows, family_care_user_id, seed, today)
        assigned = f" Familjevårdens demoanvändare är tilldelad {added} hem, varav {protected} med skyddade personuppgifter."
    await session.commit()
    homes = _home_summary(
        Counter(home["kind"] for home in rows[FosterHome]),
        sum(home["status"] == HomeStatus.APPROVED for home in rows[FosterHome]),
        _free_today(rows, today),
    )
    return (
        f"Demodata: {homes}, {len(rows[Agency])} konsulentverksamheter, "
        f"{len(rows[Institution])} institutioner.{assigned}"
    )


async def seed_scale(
    session: AsyncSession,
    count: int,
    *,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> str:
    """Add ``count`` generated homes over Swedish municipality centres, in batches, and commit once.

    The random stream depends on the seed and on how many homes already exist, so calling it again adds
    new homes instead of colliding with the first call's ids; organisation numbers already in the
    database are skipped.
    """
    started = time.perf_counter()
    today = clock.today()
    existing = await session.scalar(select(func.count()).select_from(FosterHome)) or 0
    rng = random.Random(f"placera-scale:{seed}:{existing}")
    generator = Generator(rng, today, await _taken_organisation_numbers(session))
    centres, weights = NATIONAL_CENTRES, _cum_weights(NATIONAL_CENTRES)
    municipalities = [centre.municipality for centre in centres]

    agencies = [generator.agency(generator.pick_area(centres, weights)) for _ in range(max(5, round(count / HOMES_PER_AGENCY)))]
    institution_kinds = allocate(
        max(len(DEMO_INSTITUTIONS), count // HOMES_PER_INSTITUTION),
        {InstitutionKind.HVB: 0.75, InstitutionKind.SIS: 0.05, InstitutionKind.SUPPORTED_HOUSING: 0.20},
        rng,
    )
    for kind in institution_kinds:
        generator.institution(kind, generator.pick_area(centres, weights))
    await _insert(session, generator.take())

    kinds_made: Counter = Counter()
    approved = free = 0
    kinds = allocate(count, KIND_SHARES, rng)
    for batch_start in range(0, count, BATCH_HOMES):
        for kind in kinds[batch_start : batch_start + BATCH_HOMES]:
            area = generator.pick_area(centres, weights)
            placers = (area.municipality, *municipalities)
            agency = rng.choice(agencies) if kind == HomeKind.CONSULTANT else None
            generator.home(kind, generator.status_for(), area, agency, placers)
        rows = generator.take()
        kinds_made.update(home["kind"] for home in rows[FosterHome])
        approved += sum(home["status"] == HomeStatus.APPROVED for home in rows[FosterHome])
        free += _free_today(rows, today)
        await _insert(session, rows)
        if progress:
            progress(min(batch_start + BATCH_HOMES, count))
    await session.commit()
    elapsed = time.perf_counter() - started
    return (
        f"Skapade {_home_summary(kinds_made, approved, free)}, {_number(len(agencies))} konsulentverksamheter "
        f"och {_number(len(institution_kinds))} institutioner på {elapsed:.1f} s."
    )
