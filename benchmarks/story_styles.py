"""A second labelled set for stories, written independently of ``benchmarks/story_set``.

The story step's weights were set on ``story_set``; a set from the same hands, in the same
sentence moulds, can hide what the step does not handle. This one was written apart, from
its own wording, in other house styles: wire flashes with datelines and credit lines, long
analysis pieces that open with paragraphs of background, outlets writing non-native
English, corporate press releases with their boilerplate and forward-looking statements,
and explainer blogs. Headlines are terse wire lines, Title Case, questions, quotes,
kickers, or descriptions naming no company. Amounts are written in many forms and
currencies ("$1.2bn", "EUR 1.1 billion", "RMB8.6bn", "Rs 10,000 crore", "two billion
euros"), in the event's own currency or converted to dollars, sometimes rounded.

Every event (an automaker and a technology company of the project's catalog, one kind of
deal, its figures, product, place and spokespeople) is told by two to six outlets, and
aggregators republish some reports at four edit levels: 0, a new headline and an outro;
1, a short intro too; 2, a long intro and a sentence replaced; 3, two sentences replaced,
the last paragraph cut and two outros. Hard negatives: the same two companies in another
event weeks later (whose press release may share the first one's boilerplate), and the
same kind of event between other companies on the same day, sharing one company half of
the time, and then maybe its product, spokesperson or place. Articles about the beat, no
event in particular, are stories of their own.

``generate`` returns the ``Labelled`` articles of ``story_set``, so ``benchmarks/stories.py
--set styles`` stores and scores this set as it does the first; ``generate_with_traits``
also gives each article's house style, headline form, amount form and copy edit level.
The same seed gives the same set.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from benchmarks.story_set import Labelled

# --------------------------------------------------------------------------- people
# Executives' names are drawn per company from these, by the company's naming convention.

FIRST = {"JP": ["Hiroshi", "Kenji", "Yuko", "Takeshi", "Akira", "Naoko", "Shinji", "Emi"],
         "CN": ["Wenbo", "Yiming", "Xiaoli", "Haoran", "Jiayi", "Qiang", "Mingyu", "Lanfang"],
         "DE": ["Katrin", "Jörg", "Stefan", "Anja", "Markus", "Ulrike", "Henrik", "Petra"],
         "US": ["Megan", "Daniel", "Rachel", "Tom", "Priya", "Carlos", "Jenna", "Marcus"],
         "KR": ["Ji-hoon", "Soo-yeon", "Dong-min", "Eun-ji", "Min-ho"],
         "FR": ["Claire", "Antoine", "Sophie", "Luc", "Amélie"],
         "IN": ["Rohan", "Ananya", "Vikram", "Kavya", "Arjun"],
         "SE": ["Erik", "Maja", "Lars", "Ingrid"],
         "GB": ["Oliver", "Hannah", "James", "Fiona"],
         "VN": ["Thanh Hai", "Minh Anh", "Quoc Bao"]}

LAST = {"JP": ["Tanabe", "Moriyama", "Saeki", "Ono", "Hoshino", "Kuroda", "Ishikawa", "Fujii"],
        "CN": ["Li", "Zhou", "Chen", "Wang", "Liu", "Zhang", "Huang", "Xu", "Sun", "Ma"],
        "DE": ["Albers", "Weidemann", "Lorenz", "Brückner", "Fehr", "Kessler", "Hartmann", "Vogel"],
        "US": ["Castillo", "Okafor", "Whitfield", "Brennan", "Natarajan", "Ellison", "Moreau",
               "Haines"],
        "KR": ["Park", "Kim", "Lee", "Choi", "Jung"],
        "FR": ["Dumont", "Mercier", "Garnier", "Rousseau", "Leclerc"],
        "IN": ["Mehta", "Iyer", "Sethi", "Rao", "Kapoor"],
        "SE": ["Lindqvist", "Holm", "Ekberg", "Nyström"],
        "GB": ["Pryce", "Cole", "Ashworth", "Barnes"],
        "VN": ["Nguyen", "Tran", "Pham"]}

FAMILY_FIRST = ("CN", "KR", "VN")  # naming conventions that write the family name first

# --------------------------------------------------------------------------- companies


class Company(NamedTuple):
    """How outlets name one company of the catalog, and what goes with it.

    Every name form is a catalog name or alias of the company; descriptors stand in for
    the name in later mentions ("the German carmaker").
    """

    first: list[str]  # forms of a first mention
    later: list[str]  # forms of later mentions
    headline: list[str]  # forms in headlines (a brand sometimes)
    descriptors: list[str]
    nationality: str
    currency: str  # of the amounts of its deals (a technology company's: of stakes in it)
    local: list[str]  # an automaker's plant towns; a technology company's product names
    people: str  # naming convention of its executives: a key of FIRST and LAST


AUTOMAKERS: dict[str, Company] = {
    "Toyota": Company(
        ["Toyota Motor Corp", "Toyota Motor", "Toyota"], ["Toyota"], ["Toyota", "Toyota", "Lexus"],
        ["the Japanese carmaker", "Japan's biggest automaker", "the Aichi-based group"],
        "Japanese", "JPY", ["Toyota City", "Nagoya", "Kyushu", "Georgetown, Kentucky"], "JP"),
    "Honda": Company(
        ["Honda Motor Co", "Honda"], ["Honda"], ["Honda", "Acura"],
        ["the Japanese automaker", "the Tokyo-based carmaker"], "Japanese", "JPY",
        ["Saitama", "Marysville, Ohio", "Suzuka"], "JP"),
    "Nissan": Company(
        ["Nissan Motor", "Nissan"], ["Nissan"], ["Nissan", "Infiniti"],
        ["the Yokohama-based automaker", "the struggling Japanese carmaker"], "Japanese", "JPY",
        ["Yokohama", "Sunderland", "Smyrna, Tennessee"], "JP"),
    "Volkswagen": Company(
        ["Volkswagen Group", "Volkswagen AG", "Volkswagen"], ["Volkswagen", "VW"],
        ["VW", "Volkswagen", "Skoda", "Cupra"],
        ["the German carmaker", "Europe's largest automaker", "the Wolfsburg-based group"],
        "German", "EUR", ["Wolfsburg", "Zwickau", "Emden", "Hefei", "Chattanooga"], "DE"),
    "BMW": Company(
        ["BMW Group", "BMW"], ["BMW"], ["BMW"],
        ["the Munich-based carmaker", "the German premium brand"], "German", "EUR",
        ["Munich", "Debrecen", "Shenyang", "Spartanburg"], "DE"),
    "Mercedes-Benz": Company(
        ["Mercedes-Benz Group", "Mercedes-Benz"], ["Mercedes", "Mercedes-Benz"],
        ["Mercedes", "Mercedes-Benz"],
        ["the Stuttgart-based luxury carmaker", "the German automaker"], "German", "EUR",
        ["Stuttgart", "Sindelfingen", "Kecskemet", "Vance, Alabama"], "DE"),
    "Stellantis": Company(
        ["Stellantis NV", "Stellantis"], ["Stellantis"], ["Stellantis", "Jeep", "Peugeot", "Fiat"],
        [
            "the Franco-Italian group", "the maker of Jeep and Peugeot cars",
            "the Amsterdam-listed automaker",
        ],
        "European", "EUR", ["Turin", "Mulhouse", "Kokomo, Indiana", "Zaragoza"], "FR"),
    "Renault": Company(
        ["Renault Group", "Renault"], ["Renault"], ["Renault", "Dacia"],
        ["the French carmaker", "the Boulogne-Billancourt-based group"], "French", "EUR",
        ["Douai", "Flins", "Valladolid"], "FR"),
    "Ford": Company(
        ["Ford Motor Co", "Ford Motor", "Ford"], ["Ford"], ["Ford"],
        ["the Dearborn automaker", "the US carmaker"], "American", "USD",
        ["Dearborn", "Louisville, Kentucky", "Cologne", "Oakville, Ontario"], "US"),
    "GM": Company(
        ["General Motors", "GM"], ["GM", "General Motors"], ["GM", "Cadillac", "Chevrolet"],
        ["the Detroit automaker", "America's largest carmaker"], "American", "USD",
        ["Detroit", "Spring Hill, Tennessee", "Lansing", "Orion Township"], "US"),
    "Hyundai": Company(
        ["Hyundai Motor Group", "Hyundai Motor", "Hyundai"], ["Hyundai"], ["Hyundai"],
        ["the South Korean automaker", "the Seoul-based group"], "South Korean", "KRW",
        ["Ulsan", "Seoul", "Ellabell, Georgia"], "KR"),
    "Kia": Company(
        ["Kia Corp", "Kia"], ["Kia"], ["Kia"], ["the Korean carmaker", "Hyundai's sister brand"],
        "South Korean", "KRW", ["Gwangmyeong", "Zilina", "West Point, Georgia"], "KR"),
    "Tata Motors": Company(
        ["Tata Motors Ltd", "Tata Motors"], ["Tata Motors"], ["Tata Motors"],
        ["the Mumbai-based automaker", "India's Tata group carmaker"], "Indian", "INR",
        ["Pune", "Sanand", "Mumbai"], "IN"),
    "Mahindra": Company(
        ["Mahindra & Mahindra", "Mahindra"], ["Mahindra"], ["Mahindra"],
        ["the Indian SUV maker", "the Mumbai-based group"], "Indian", "INR",
        ["Chakan", "Chennai", "Nashik"], "IN"),
    "BYD": Company(
        ["BYD Company", "BYD"], ["BYD"], ["BYD", "Denza"],
        ["the Shenzhen-based EV giant", "China's best-selling carmaker"], "Chinese", "CNY",
        ["Shenzhen", "Hefei", "Szeged", "Rayong"], "CN"),
    "Geely": Company(
        ["Zhejiang Geely", "Geely Auto", "Geely"], ["Geely"], ["Geely"],
        ["the Hangzhou-based automaker", "the Chinese car group"], "Chinese", "CNY",
        ["Hangzhou", "Ningbo", "Xi'an"], "CN"),
    "NIO": Company(
        ["NIO Inc", "NIO"], ["NIO", "Nio"], ["NIO", "Nio", "Onvo"],
        ["the Shanghai-based EV maker", "the premium electric carmaker"], "Chinese", "CNY",
        ["Hefei", "Shanghai"], "CN"),
    "Xpeng": Company(
        ["XPeng Motors", "Xpeng"], ["Xpeng", "XPeng"], ["Xpeng", "XPeng"],
        ["the Guangzhou-based EV maker", "the Chinese smart-car start-up"], "Chinese", "CNY",
        ["Guangzhou", "Zhaoqing", "Wuhan"], "CN"),
    "Li Auto": Company(
        ["Li Auto Inc", "Li Auto"], ["Li Auto"], ["Li Auto"],
        ["the Beijing-based maker of extended-range SUVs", "the Chinese EV maker"], "Chinese",
        "CNY", ["Changzhou", "Beijing"], "CN"),
    "Chery": Company(
        ["Chery Automobile", "Chery"], ["Chery"], ["Chery", "Omoda"],
        ["the Wuhu-based carmaker", "China's top car exporter"], "Chinese", "CNY",
        ["Wuhu", "Barcelona", "Dalian"], "CN"),
    "SAIC": Company(
        ["SAIC Motor", "SAIC"], ["SAIC"], ["SAIC", "MG Motor"],
        ["the Shanghai state-owned automaker", "China's largest carmaker by volume"], "Chinese",
        "CNY", ["Shanghai", "Ningde", "Zhengzhou"], "CN"),
    "GAC": Company(
        ["GAC Group", "GAC"], ["GAC"], ["GAC", "Aion"],
        ["the Guangzhou-based automaker", "the state-backed carmaker"], "Chinese", "CNY",
        ["Guangzhou", "Panyu"], "CN"),
    "Changan": Company(
        ["Changan Automobile", "Changan"], ["Changan"], ["Changan", "Avatr"],
        ["the Chongqing-based carmaker", "the state-owned automaker"], "Chinese", "CNY",
        ["Chongqing", "Nanjing"], "CN"),
    "Volvo Cars": Company(
        ["Volvo Cars", "Volvo Car Group"], ["Volvo Cars"], ["Volvo Cars"],
        ["the Gothenburg-based carmaker", "the Swedish automaker"], "Swedish", "EUR",
        ["Gothenburg", "Ghent", "Torslanda"], "SE"),
    "Jaguar Land Rover": Company(
        ["Jaguar Land Rover", "JLR"], ["JLR"], ["JLR", "Range Rover"],
        ["the British luxury carmaker", "the Tata-owned automaker"], "British", "GBP",
        ["Solihull", "Halewood", "Nitra"], "GB"),
    "Rivian": Company(
        ["Rivian Automotive", "Rivian"], ["Rivian"], ["Rivian"],
        ["the California EV maker", "the electric truck start-up"], "American", "USD",
        ["Normal, Illinois", "Irvine", "Palo Alto"], "US"),
    "Lucid": Company(
        ["Lucid Group", "Lucid"], ["Lucid"], ["Lucid"],
        ["the luxury EV maker", "the Saudi-backed carmaker"], "American", "USD",
        ["Casa Grande, Arizona", "Newark, California"], "US"),
    "VinFast": Company(
        ["VinFast Auto", "VinFast"], ["VinFast"], ["VinFast"],
        ["the Vietnamese EV maker", "the Hai Phong-based carmaker"], "Vietnamese", "USD",
        ["Hai Phong", "Tamil Nadu"], "VN"),
}

TECH: dict[str, Company] = {
    "Nvidia": Company(
        ["Nvidia", "NVIDIA"], ["Nvidia"], ["Nvidia"],
        ["the US chip designer", "the AI chip giant"], "US", "USD", ["Thor", "Orin", "Hyperion"],
        "US"),
    "Qualcomm": Company(
        ["Qualcomm", "Qualcomm Technologies"], ["Qualcomm"], ["Qualcomm"],
        ["the San Diego chipmaker", "the smartphone chip supplier"], "US", "USD",
        ["Ride Flex", "Cockpit Elite"], "US"),
    "Horizon Robotics": Company(
        ["Horizon Robotics"], ["Horizon Robotics"], ["Horizon Robotics"],
        ["the Beijing chip start-up", "the Chinese autonomous-driving chip designer"], "Chinese",
        "CNY", ["Journey 6", "HSD"], "CN"),
    "Mobileye": Company(
        ["Mobileye", "Mobileye Global"], ["Mobileye"], ["Mobileye"],
        ["the Jerusalem-based driver-assistance specialist", "the Intel-controlled chip company"],
        "Israeli", "USD", ["EyeQ6", "SuperVision", "Chauffeur"], "US"),
    "Intel": Company(
        ["Intel Corp", "Intel"], ["Intel"], ["Intel"],
        ["the US chipmaker", "the Santa Clara-based semiconductor group"], "US", "USD",
        ["Arc", "Lunar"], "US"),
    "AMD": Company(
        ["Advanced Micro Devices", "AMD"], ["AMD"], ["AMD"], ["the US processor maker"], "US",
        "USD", ["Versal", "Ryzen Embedded"], "US"),
    "NXP": Company(
        ["NXP Semiconductors", "NXP"], ["NXP"], ["NXP"],
        ["the Dutch chipmaker", "the Eindhoven-based semiconductor group"], "Dutch", "EUR",
        ["S32", "CoreRide"], "DE"),
    "Samsung": Company(
        ["Samsung Electronics", "Samsung"], ["Samsung"], ["Samsung"],
        ["the South Korean electronics giant"], "South Korean", "KRW",
        ["Exynos Auto", "Prismatic"], "KR"),
    "Hesai": Company(
        ["Hesai Group", "Hesai"], ["Hesai"], ["Hesai"],
        ["the Shanghai lidar maker", "the world's largest lidar supplier"], "Chinese", "CNY",
        ["ATX", "AT512"], "CN"),
    "RoboSense": Company(
        ["RoboSense"], ["RoboSense"], ["RoboSense"],
        ["the Shenzhen sensor maker", "the lidar specialist"], "Chinese", "CNY", ["EM4", "MX"],
        "CN"),
    "Luminar": Company(
        ["Luminar Technologies", "Luminar"], ["Luminar"], ["Luminar"],
        ["the Florida lidar company"], "US", "USD", ["Iris", "Halo"], "US"),
    "CATL": Company(
        ["Contemporary Amperex Technology", "CATL"], ["CATL"], ["CATL"],
        ["the world's biggest battery maker", "the Ningde-based cell maker"], "Chinese", "CNY",
        ["Shenxing", "Qilin", "Freevoy"], "CN"),
    "Gotion": Company(
        ["Gotion High-Tech", "Gotion"], ["Gotion"], ["Gotion"], ["the Hefei battery maker"],
        "Chinese", "CNY", ["Astroinno", "G-Current"], "CN"),
    "LG": Company(
        ["LG Energy Solution", "LG"], ["LG", "LGES"], ["LG Energy Solution", "LGES"],
        ["the Korean battery maker"], "South Korean", "KRW", ["Pouch 46", "LFP-Prime"], "KR"),
    "Panasonic": Company(
        ["Panasonic Energy", "Panasonic"], ["Panasonic"], ["Panasonic"],
        ["the Japanese battery supplier"], "Japanese", "JPY", ["4680", "Osaka Cell"], "JP"),
    "SK On": Company(
        ["SK On"], ["SK On"], ["SK On"], ["the Korean battery maker"], "South Korean", "KRW",
        ["Winning Cell", "SF Plus"], "KR"),
    "Google": Company(
        ["Google", "Alphabet"], ["Google"], ["Google"], ["the search giant", "the Alphabet unit"],
        "US", "USD", ["Gemini", "Automotive Services"], "US"),
    "Apple": Company(
        ["Apple Inc", "Apple"], ["Apple"], ["Apple", "CarPlay"], ["the iPhone maker"], "US", "USD",
        ["CarPlay Ultra", "Vision"], "US"),
    "Microsoft": Company(
        ["Microsoft Corp", "Microsoft"], ["Microsoft"], ["Microsoft"],
        ["the software giant", "the Redmond-based company"], "US", "USD", ["Azure", "Copilot"],
        "US"),
    "Amazon": Company(
        ["Amazon Web Services", "Amazon"], ["Amazon", "AWS"], ["Amazon", "AWS"],
        ["the cloud giant", "the e-commerce group"], "US", "USD", ["Alexa Custom", "Bedrock"],
        "US"),
    "Alibaba": Company(
        ["Alibaba Group", "Alibaba"], ["Alibaba"], ["Alibaba"],
        ["the Hangzhou e-commerce group", "the Chinese cloud provider"], "Chinese", "CNY",
        ["Tongyi", "AliOS"], "CN"),
    "Tencent": Company(
        ["Tencent Holdings", "Tencent"], ["Tencent"], ["Tencent"],
        ["the WeChat owner", "the Shenzhen internet giant"], "Chinese", "CNY", ["Hunyuan", "TAI"],
        "CN"),
    "ByteDance": Company(
        ["ByteDance"], ["ByteDance"], ["ByteDance"], ["the TikTok owner"], "Chinese", "CNY",
        ["Seed", "Cloud Cabin"], "CN"),
    "Baidu": Company(
        ["Baidu Inc", "Baidu"], ["Baidu"], ["Baidu", "Apollo Go"],
        ["the Chinese search giant", "the Beijing-based AI company"], "Chinese", "CNY",
        ["RT7", "Ernie"], "CN"),
    "OpenAI": Company(
        ["OpenAI"], ["OpenAI"], ["OpenAI", "ChatGPT"],
        ["the ChatGPT maker", "the San Francisco AI lab"], "US", "USD", ["Realtime", "Operator"],
        "US"),
    "Huawei": Company(
        ["Huawei Technologies", "Huawei"], ["Huawei"], ["Huawei"],
        ["the Shenzhen telecoms giant", "the sanctioned Chinese tech group"], "Chinese", "CNY",
        ["Qiankun ADS", "HarmonySpace"], "CN"),
    "Pony.ai": Company(
        ["Pony.ai"], ["Pony.ai"], ["Pony.ai"],
        ["the robotaxi developer", "the Guangzhou-based autonomous-driving firm"], "Chinese",
        "CNY", ["Gen-7", "PonyWorld"], "CN"),
    "WeRide": Company(
        ["WeRide"], ["WeRide"], ["WeRide"], ["the autonomous-driving start-up"], "Chinese", "CNY",
        ["Robobus", "One"], "CN"),
    "Waymo": Company(
        ["Waymo"], ["Waymo"], ["Waymo"],
        ["the Alphabet-owned robotaxi operator", "the self-driving unit"], "US", "USD",
        ["Driver", "Sixth Gen"], "US"),
    "Uber": Company(
        ["Uber Technologies", "Uber"], ["Uber"], ["Uber"], ["the ride-hailing company"], "US",
        "USD", ["Uber AV", "Freight"], "US"),
    "Lyft": Company(
        ["Lyft"], ["Lyft"], ["Lyft"], ["the ride-hailing firm"], "US", "USD", ["Flexdrive"], "US"),
    "Didi": Company(
        ["Didi Chuxing", "Didi"], ["Didi", "DiDi"], ["Didi", "DiDi"],
        ["the Chinese ride-hailing giant"], "Chinese", "CNY", ["Neuron"], "CN"),
    "Momenta": Company(
        ["Momenta"], ["Momenta"], ["Momenta"],
        ["the Suzhou-based driving software firm", "the autonomous-driving start-up"], "Chinese",
        "CNY", ["R6", "Mpilot"], "CN"),
    "Wayve": Company(
        ["Wayve"], ["Wayve"], ["Wayve"], ["the London self-driving start-up"], "British", "GBP",
        ["Gen 3", "Embodied AI"], "GB"),
    "DJI": Company(
        ["DJI Automotive", "DJI"], ["DJI"], ["DJI", "Zhuoyu"], ["the drone maker's car unit"],
        "Chinese", "CNY", ["Chengxing", "L2++"], "CN"),
    "Foxconn": Company(
        ["Hon Hai Precision", "Foxconn"], ["Foxconn", "Hon Hai"], ["Foxconn"],
        ["the Taiwanese contract manufacturer", "Apple's main iPhone assembler"], "Taiwanese",
        "USD", ["Model B", "MIH"], "CN"),
    "Bosch": Company(
        ["Robert Bosch", "Bosch"], ["Bosch"], ["Bosch"],
        ["the German supplier", "the world's largest car-parts maker"], "German", "EUR",
        ["Cockpit and ADAS", "Vehicle Motion"], "DE"),
}

# The technology companies that make each kind of deal.
KIND_TECH = {"chips": ["Nvidia", "Qualcomm", "Horizon Robotics", "Mobileye", "Intel", "AMD", "NXP",
                       "Samsung"],
             "lidar": ["Hesai", "RoboSense", "Luminar"],
             "battery": ["CATL", "Gotion", "LG", "Panasonic", "SK On", "Samsung"],
             "assistant": ["Google", "Apple", "Microsoft", "Amazon", "Alibaba", "Tencent",
                           "ByteDance", "Baidu", "OpenAI", "Huawei"],
             "robotaxi": ["Baidu", "Pony.ai", "WeRide", "Waymo", "Uber", "Lyft", "Didi", "Momenta",
                          "Wayve"],
             "stake": ["Huawei", "Nvidia", "Tencent", "Alibaba", "Uber", "Foxconn", "CATL", "Baidu",
                       "Qualcomm", "Momenta", "Pony.ai"],
             "jv": ["Huawei", "Baidu", "Horizon Robotics", "CATL", "Foxconn", "Momenta", "LG",
                    "Bosch", "DJI"],
             "talks": ["Huawei", "Baidu", "Nvidia", "Apple", "Google", "Foxconn", "CATL", "Momenta",
                       "Qualcomm", "Tencent", "Alibaba", "Uber", "Mobileye"],
             "ended": ["Mobileye", "Baidu", "Apple", "Google", "Waymo", "Luminar", "Foxconn",
                       "Microsoft", "Huawei", "Qualcomm"]}

# Units of each currency a dollar buys.
FX = {"USD": 1.0, "EUR": 0.92, "JPY": 150.0, "CNY": 7.2, "KRW": 1350.0, "INR": 83.0, "GBP": 0.79}

# --------------------------------------------------------------------------- outlets

HOUSES = {
    "wire": ["wirenet", "briefwire", "marketsflash"],
    "news": ["motorjournal", "thedrivetimes", "evobserver", "techandwheels", "autobusiness",
             "gadgetgarage"],
    "analysis": ["mobilityanalyst", "longread-auto", "thecapitalview"],
    "nonnative": ["autochina-en", "korea-mobility", "autohebdo-intl", "indiacarpost"],
    "pr": ["corpwire"],
    "blog": ["evgeekblog", "carexplainer"],
}
OUTLETS = {f"{name}.example": style for style, names in HOUSES.items() for name in names}
RELEASE_WIRE = "corpwire.example"  # the one outlet of press releases
AGGREGATORS = ["newsportal.example", "mobilitydigest.example", "partnerfeed.example",
               "regionalherald.example", "businesslive-syndic.example", "morningbrief.example"]
FILLER_OUTLETS = [site for site, style in OUTLETS.items()
                  if style in ("news", "analysis", "blog", "nonnative")]
# Hours after an event that each house publishes (a press release: at once).
DELAY_HOURS = {"wire": (0, 6), "news": (1, 30), "analysis": (12, 66), "nonnative": (4, 40),
               "blog": (6, 48)}
START = datetime(2026, 2, 2, tzinfo=UTC)

# --------------------------------------------------------------------------- labels and events


@dataclass(frozen=True, slots=True)
class Traits:
    """How an article of the set was written: for tests and diagnostics, not for scoring."""

    style: str  # house style of its outlet (a copy: of its original's outlet), or "filler"
    headline: str | None  # headline form: wire, title, question, quote, descriptive, ...
    amount: str | None  # form of the amount, where its text gives the event's amount
    level: int | None = None  # edit level of a syndicated copy, 0 to 3


class Told(NamedTuple):
    """A generated article and how it was written."""

    article: Labelled
    traits: Traits


@dataclass(frozen=True, slots=True)
class Facts:
    """The figures and particulars of one event, before any outlet writes them."""

    currency: str
    amount: float  # in ``currency``
    pct: int
    units: int
    year: int
    car: str  # the model's name
    code: str  # the model's code
    car_type: str
    product: str  # the technology company's product
    place: str
    automaker_person: tuple[str, str]  # (name, role) of the automaker's spokesperson
    tech_person: tuple[str, str]


@dataclass(slots=True)
class Event:
    """One deal between an automaker and a technology company: the truth of a story."""

    key: str
    automaker: str
    tech: str
    kind: str  # a key of WORDING
    at: datetime
    facts: Facts
    role: str = "main"  # main; later: the same pair weeks on; sameday: a look-alike that day
    previous: Event | None = None  # of a later event: the event of the pair it follows


# --------------------------------------------------------------------------- figures as written

WORDNUM = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
           8: "eight", 9: "nine", 10: "ten", 20: "twenty", 30: "thirty", 40: "forty",
           49: "forty-nine", 50: "fifty"}
CURRENCY = {"USD": ("$", "dollars", "USD"), "EUR": ("€", "euros", "EUR"),
            "JPY": ("¥", "yen", "JPY"), "CNY": ("", "yuan", "CNY"), "KRW": ("₩", "won", "KRW"),
            "INR": ("₹", "rupees", "INR"), "GBP": ("£", "pounds", "GBP")}  # symbol, word, code
AMOUNT_FORMS = ["sym_short", "sym_word", "code", "word_cur", "millions", "hyphen", "reuters",
                "spelled"]
HOUSE_AMOUNT_FORMS = {"wire": ["reuters", "reuters", "sym_word", "sym_short"],
                      "nonnative": ["word_cur", "code", "spelled", "sym_word", "rmb", "crore"],
                      "pr": ["sym_word", "code"]}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _figure(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits, never in exponent notation."""
    text = f"{value:.{digits}g}"
    return f"{value:.0f}" if "e" in text else text


def scale_of(value: float) -> tuple[float, str]:
    """``value`` in trillions, billions or millions, and the word of the scale."""
    if value >= 1e12:
        return value / 1e12, "trillion"
    if value >= 1e9:
        return value / 1e9, "billion"
    return value / 1e6, "million"


def money(currency: str, value: float, form: str) -> str:
    """``value`` units of ``currency`` written in ``form`` (a key of AMOUNT_FORMS, "rmb" or
    "crore"); the plain form where the currency has no such form."""
    symbol, word, code = CURRENCY[currency]
    number, scale = scale_of(value)
    figure = _figure(number)
    short = {"trillion": "tn", "billion": "bn", "million": "m"}[scale]
    if form == "sym_short" and symbol:
        return f"{symbol}{figure}{short}"
    if form == "sym_word" and symbol:
        return f"{symbol}{figure} {scale}"
    if form == "code":
        return f"{code} {figure} {scale}" if currency != "USD" else f"US${figure} {scale}"
    if form == "word_cur":
        return f"{figure} {scale} {word}"
    if form == "reuters":
        wire = {"trillion": "trln", "billion": "bln", "million": "mln"}[scale]
        return f"{symbol}{figure} {wire}" + ("" if symbol else f" {word}")
    if form == "millions" and scale == "billion":
        millions = f"{value / 1e6:,.0f}"
        return f"{symbol}{millions}m" if symbol else f"{millions} million {word}"
    if form == "hyphen" and symbol:
        return f"{symbol}{figure}-{scale}"
    if (form == "spelled" and scale != "trillion" and float(figure).is_integer()
            and int(float(figure)) in WORDNUM):
        return f"{WORDNUM[int(float(figure))]} {scale} {word}"
    if form == "rmb" and currency == "CNY":
        return f"RMB{figure}{short}"
    if form == "crore" and currency == "INR":
        return f"Rs {value / 1e7:,.0f} crore"
    return f"{symbol}{figure} {scale}" if symbol else f"{figure} {scale} {word}"


def amount_text(rng: random.Random, facts: Facts, style: str) -> tuple[str, str]:
    """How an outlet of ``style`` writes the event's amount, and a label of the form: in
    the event's currency, or converted to dollars at two or three significant digits."""
    form = rng.choice(HOUSE_AMOUNT_FORMS.get(style, AMOUNT_FORMS))
    dollars = facts.amount / FX[facts.currency]
    draw = rng.random()
    if facts.currency == "USD" or draw < 0.45:
        return _own_currency(rng, facts, style, form)
    if draw < 0.8:
        about = "about " if rng.random() < 0.4 else ""
        rounded = float(f"{dollars:.2g}")
        return about + money("USD", rounded, rng.choice(AMOUNT_FORMS)), "usdconv:2sig"
    return money("USD", dollars, rng.choice(["sym_short", "sym_word"])), "usdconv:3sig"


def _own_currency(rng: random.Random, facts: Facts, style: str,
                  form: str) -> tuple[str, str]:
    """The amount in the event's own currency: sometimes with dollars beside it, sometimes
    rounded to one digit (which drops the dollars)."""
    currency, amount = facts.currency, facts.amount
    text = money(currency, amount, form)
    label = f"native:{form}" if currency != "USD" else f"usd:{form}"
    if currency != "USD" and rng.random() < 0.35 and style != "wire":
        text += f" ({money('USD', amount / FX[currency], 'sym_short')})"
        label += "+usd"
    if rng.random() < 0.2 and style in ("news", "analysis", "blog"):
        text = "about " + money(currency, float(f"{amount:.1g}"), form)
        label += ":rounded"
    return text, label


def pct_text(rng: random.Random, pct: int, style: str) -> str:
    """A percentage as an outlet of ``style`` writes it."""
    if style == "wire":
        return rng.choice([f"{pct}%", f"{pct} pct", f"{pct} percent"])
    if style == "nonnative":
        return rng.choice([f"{pct} %", f"{pct}%", f"{pct} percents", f"{pct} per cent"])
    forms = [f"{pct}%", f"{pct} per cent", f"{pct} percent"]
    if pct in WORDNUM:
        forms.append(f"{WORDNUM[pct]} percent")
    return rng.choice(forms)


def units_text(rng: random.Random, units: int, style: str) -> str:
    """A count of cars, sensors or people as an outlet of ``style`` writes it."""
    if style == "nonnative":
        return rng.choice([f"{units:,}".replace(",", " "), f"{units:,}".replace(",", "."),
                           f"{units:,}"])
    if units >= 1_000_000:
        return rng.choice([f"{units / 1e6:g} million", f"{units:,}"])
    if units % 1000 == 0 and rng.random() < 0.25:
        return f"{units // 1000}k" if style == "blog" else f"{units // 1000},000"
    return f"{units:,}"


def when_text(rng: random.Random, at: datetime, published: datetime, style: str) -> str:
    """When the event happened, as said in an article published at ``published``."""
    day, month, weekday = at.day, MONTHS[at.month - 1], DAYS[at.weekday()]
    choices = [f"on {weekday}", f"on {month} {day}", f"on {day} {month}", "this week"]
    if published.date() == at.date():
        choices += [f"on {weekday}"] if style == "wire" else [f"on {weekday}", "today"]
    elif (published.date() - at.date()).days == 1:
        choices += ["yesterday", f"late on {weekday}"]
    if style == "nonnative":
        choices += [f"on {day}th {month}", f"in {month} {day}", f"on {at:%d.%m.%Y}"]
    if style == "pr":
        return "today"
    return rng.choice(choices)


# --------------------------------------------------------------------------- wording of each kind


@dataclass(frozen=True, slots=True)
class Wording:
    """How outlets word one kind of event. Placeholders, filled by ``Voice.render``: {A}
    {T} the automaker and technology company (a full form first, then a short form or a
    descriptor), {Ah} {Th} their headline forms, {AMT} {PCT} {UNITS} {YEAR} figures, {CAR}
    {CARS} the model, {TP} the technology product, {PLACE}, {WHEN}, {XA} {XT} the
    spokespeople, {NATA} {NATT} nationalities, {DA} {DT} descriptors."""

    headlines: dict[str, list[str]]  # by form: wire, title, question, quote, descriptive, kicker
    ledes: list[str]
    wire: list[str]  # a wire's lede, after its dateline
    nonnative: str  # what was agreed, in a non-native outlet's words
    facts: dict[str, list[str]]  # sentences giving each figure, by its placeholder
    automaker_quotes: list[str]
    tech_quotes: list[str]
    context: list[str]  # why it matters
    release: str  # what a press release announces


WORDING: dict[str, Wording] = {
    "chips": Wording(
        headlines={"wire": ["{Ah} picks {Th} chips for next-generation cars",
                            "{Th} wins {Ah} chip order",
                            "{Ah}, {Th} sign {AMT} semiconductor supply pact",
                            "{Th} to supply {TP} processors to {Ah}",
                            "UPDATE 1-{Ah} taps {Th} for self-driving computers"],
                   "title": ["{Ah} Taps {Th} To Power Its Next Wave Of EVs",
                             "{Th} Lands {Ah} As Newest Automotive Chip Customer",
                             "{Ah} Bets Big On {Th} Silicon"],
                   "question": ["Why did {Ah} choose {Th} to build its car brains?",
                                "Is {Th} now indispensable to {Ah}?",
                                "Can {Th}'s {TP} fix {Ah}'s software problem?"],
                   "quote": ["'Compute is the new engine': {Ah} bets on {Th} silicon",
                             '"We needed a partner who ships": {Ah} explains {Th} chip choice'],
                   "descriptive": ["{NATA} automaker signs up {NATT} chip designer for "
                                   "self-driving push",
                                   "Big carmaker hands its autonomous-driving brain to a chip "
                                   "specialist"],
                   "kicker": ["Silicon shift: {Ah} turns to {Th} for the {CARS}",
                              "Chips: {Th} gets another carmaker in {Ah}"]},
        ledes=["{A} has chosen {T} to supply the central computers for its next generation of "
               "electric vehicles, the companies said {WHEN}.",
               "{T} will provide its {TP} system-on-chip to {A}, which plans to use it for "
               "assisted driving across future models, according to a statement released {WHEN}.",
               "In a win for {T}, {A} said {WHEN} it would build its upcoming vehicles around the "
               "chipmaker's {TP} platform.",
               "{A} is dropping its in-house chip effort in favour of silicon from {T}, the "
               "carmaker confirmed {WHEN}."],
        wire=["{A} said {WHEN} it had selected {T} to supply processors for its next-generation "
              "vehicles.",
              "{T} said {WHEN} it would supply {TP} chips to {A} under a multi-year agreement."],
        nonnative="to supply the intelligent driving chips {TP} for the new models",
        facts={"AMT": ["The supply agreement is valued at {AMT}, according to two people familiar "
                       "with the terms.",
                       "Analysts estimate the order at {AMT} over its lifetime.",
                       "Neither side disclosed the price, but a filing put the commitment at "
                       "{AMT}."],
               "CAR": ["The first car to carry the chips will be the {CAR}.",
                       "Initial deployment is planned in the {CAR}, a mid-size electric crossover.",
                       "{A} will debut the hardware in its {CAR}."],
               "YEAR": ["Cars with the new computer will reach showrooms in {YEAR}.",
                        "Series production is scheduled for {YEAR}."],
               "UNITS": ["{A} expects to fit the processor to some {UNITS} vehicles a year.",
                         "Volumes could reach {UNITS} units annually at peak."],
               "PLACE": ["Integration work will be carried out at {A}'s engineering centre in "
                         "{PLACE}.",
                         "The vehicles will be assembled in {PLACE}."],
               "PCT": ["{T}'s automotive revenue rose {PCT} last quarter.",
                       "Shares of {T} climbed {PCT} after the announcement."]},
        automaker_quotes=["Customers expect a car that gets better every month, and that needs "
                          "serious computing power.",
                          "We looked at every option on the market and this was the most mature."],
        tech_quotes=["{A} is one of the most demanding customers in the industry, and we are "
                     "proud to be chosen.",
                     "This design win shows the car is becoming a computer on wheels."],
        context=["The deal deepens {T}'s push into automotive, a market it sees as its next "
                 "growth engine.",
                 "Carmakers increasingly outsource the chips behind driver-assistance features "
                 "rather than design them in-house."],
        release="a strategic collaboration under which {T}'s {TP} platform will power {A}'s "
                "next-generation software-defined vehicles"),
    "lidar": Wording(
        headlines={"wire": ["{Th} wins lidar contract from {Ah}",
                            "{Ah} picks {Th} lidar for new models",
                            "{Th} shares jump on {Ah} sensor deal"],
                   "title": ["{Ah} Adds {Th} Lidar To Its Future EVs",
                             "{Th} Scores A Major Lidar Win With {Ah}"],
                   "question": ["Does {Ah}'s lidar deal with {Th} settle the camera-versus-laser "
                                "debate?",
                                "What does {Th}'s {Ah} win mean for lidar?"],
                   "quote": ["'Lasers save lives': {Ah} to fit {Th} sensors",
                             '"Redundancy matters": {Ah} signs with {Th}'],
                   "descriptive": ["{NATA} carmaker orders laser sensors from {NATT} supplier",
                                   "A lidar maker lands one of its biggest car contracts yet"],
                   "kicker": ["Sensors: {Ah} signs long-range lidar deal with {Th}"]},
        ledes=["{T} has won a contract to supply long-range lidar sensors for {A}'s upcoming "
               "models, the sensor maker announced {WHEN}.",
               "{A} will equip a range of future vehicles with {T}'s {TP} lidar, the two "
               "companies said {WHEN}.",
               "Laser sensors from {T} will be standard on several new {A} models, marking a "
               "major design win for the lidar company."],
        wire=["{T} said {WHEN} it had been selected by {A} as lidar supplier for several new "
              "models.",
              "{A} will buy {TP} lidar units from {T}, the companies said {WHEN}."],
        nonnative="for supply of the lidar sensor {TP} on many new car models",
        facts={"AMT": ["The order is worth {AMT}, the company said.",
                       "The contract could bring in {AMT} over its lifetime."],
               "CAR": ["The {CAR} will be the first to get the roof-mounted unit.",
                       "The sensor will appear first on the {CAR}."],
               "YEAR": ["Deliveries start in {YEAR}.", "Mass production begins in {YEAR}."],
               "UNITS": ["About {UNITS} units are expected to ship each year.",
                         "{T} expects to deliver up to {UNITS} sensors annually."],
               "PLACE": ["The sensors will be produced at a plant near {PLACE}.",
                         "{A} will fit them at its factory in {PLACE}."],
               "PCT": ["{T}'s stock rose {PCT} in early trading.",
                       "Lidar prices have fallen by {PCT} in two years."]},
        automaker_quotes=["Lidar gives our driver-assistance system a second set of eyes.",
                          "Safety is not an area where we cut corners."],
        tech_quotes=["Winning {A} validates years of engineering work.",
                     "This is our largest automotive programme to date."],
        context=["Lidar makers have struggled to win large-volume contracts as some carmakers "
                 "rely on cameras alone.",
                 "Chinese lidar suppliers have cut prices sharply, making the sensors affordable "
                 "for mass-market cars."],
        release="that {T}'s {TP} long-range lidar has been selected for multiple {A} production "
                "models"),
    "battery": Wording(
        headlines={"wire": ["{Th} to supply batteries to {Ah} in {AMT} deal",
                            "{Ah} signs battery supply deal with {Th}",
                            "{Ah}, {Th} agree on cell supply"],
                   "title": ["{Ah} Locks In Battery Supply From {Th}",
                             "{Th} Will Make Cells For {Ah}'s Cheaper EVs"],
                   "question": ["Will {Th}'s cells make {Ah}'s EVs cheaper?",
                                "Why is {Ah} doubling down on {Th} batteries?"],
                   "quote": ["'Affordable EVs start with the cell': {Ah} signs {Th} deal",
                             '"Security of supply": {Ah} turns to {Th}'],
                   "descriptive": ["{NATA} automaker secures battery cells from {NATT} supplier",
                                   "Battery giant wins long-term carmaker contract"],
                   "kicker": ["Cells: {Ah} secures {Th} supply for the {CARS}"]},
        ledes=["{A} has signed a long-term agreement with {T} for the supply of battery cells for "
               "its electric cars, the companies said {WHEN}.",
               "{T} will provide lithium iron phosphate cells to {A} under a multi-year contract "
               "announced {WHEN}.",
               "Battery maker {T} has secured a major order from {A}, which needs cheaper cells "
               "for a new generation of affordable electric vehicles."],
        wire=["{A} said {WHEN} it had agreed a battery supply deal with {T}.",
              "{T} will supply battery cells to {A}, the two companies said {WHEN}."],
        nonnative="for the supplying of power battery cells {TP} in long term",
        facts={"AMT": ["The deal is worth {AMT}.",
                       "People familiar with the matter valued the contract at {AMT}.",
                       "The supply agreement runs to {AMT} over five years."],
               "CAR": ["The cells will power the {CAR}, due next year.",
                       "{A}'s {CAR} will be the first model to use the new cells."],
               "YEAR": ["Deliveries will begin in {YEAR}.", "The contract runs until {YEAR}."],
               "UNITS": ["The cells will be enough for about {UNITS} cars a year.",
                         "Capacity covers {UNITS} vehicles annually."],
               "PLACE": ["Cells will be made at {T}'s plant in {PLACE}.",
                         "Production is planned near {PLACE}."],
               "PCT": ["Battery costs make up roughly {PCT} of an electric car's price.",
                       "Cell prices fell {PCT} last year."]},
        automaker_quotes=["Affordable electric cars start with affordable batteries.",
                          "This gives us security of supply for the rest of the decade."],
        tech_quotes=["We are delighted to deepen our relationship with {A}.",
                     "Our chemistry is ready for the mass market."],
        context=["Battery costs remain the biggest obstacle to cheaper electric vehicles.",
                 "Carmakers are racing to lock in cell supply as demand for cheaper EVs grows."],
        release="a long-term agreement for the supply of {TP} battery cells to {A}"),
    "assistant": Wording(
        headlines={"wire": ["{Ah} to put {Th} AI assistant in its cars",
                            "{Th} AI coming to {Ah} dashboards", "{Ah}, {Th} team up on in-car AI"],
                   "title": ["{Ah} Will Let You Talk To {Th}'s AI While You Drive",
                             "{Th} Brings Generative AI To {Ah} Cars"],
                   "question": ["Do drivers really want {Th}'s chatbot in their {Ah}?",
                                "Is {Th} the future of {Ah}'s dashboard?"],
                   "quote": ["'Your car will understand you': {Ah} adds {Th} AI",
                             '"Like talking to a friend": {Ah} unveils {Th} voice assistant'],
                   "descriptive": ["Carmaker adds tech giant's chatbot to its dashboards",
                                   "{NATA} carmaker brings {NATT} generative AI into the cabin"],
                   "kicker": ["In-car AI: {Ah} signs up {Th}"]},
        ledes=["{A} will integrate {T}'s generative artificial intelligence into the voice "
               "assistant of its cars, the companies announced {WHEN}.",
               "Drivers of new {A} models will soon be able to chat with an assistant built on "
               "{T}'s {TP} model, the carmaker said {WHEN}.",
               "{T} and {A} have agreed to bring a conversational AI assistant to the "
               "automaker's vehicles, starting with the {CAR}."],
        wire=["{A} said {WHEN} it would use {T}'s AI models in its in-car voice assistant.",
              "{T} will supply generative AI for {A}'s vehicles, the companies said {WHEN}."],
        nonnative="to put the large model {TP} inside the smart cockpit",
        facts={"AMT": ["{A} will spend {AMT} on the cockpit software programme.",
                       "The multi-year deal is worth {AMT}, a person briefed on it said."],
               "CAR": ["The assistant will launch first in the {CAR}.",
                       "It will arrive on the {CAR} through an over-the-air update."],
               "YEAR": ["All new models will get it by {YEAR}.",
                        "The rollout will be completed in {YEAR}."],
               "UNITS": ["Some {UNITS} existing cars can receive the update.",
                         "The feature will reach {UNITS} vehicles in its first year."],
               "PLACE": ["A joint team will work out of {PLACE}.",
                         "Testing has been under way in {PLACE}."],
               "PCT": ["In a survey, {PCT} of drivers said they used voice commands daily.",
                       "{A} said {PCT} of buyers asked for smarter voice control."]},
        automaker_quotes=["The car should understand what you mean, not just what you say.",
                          "Our customers spend hours a day in their cars and expect the same "
                          "experience as on their phones."],
        tech_quotes=["The car is the next great place for AI.",
                     "We are excited to see our models on the road with {A}."],
        context=["Automakers are racing to add generative AI to dashboards as software becomes a "
                 "key selling point.",
                 "Tech companies see the car as a new platform for their AI models."],
        release="a collaboration to integrate {T}'s {TP} generative AI into {A}'s next-generation "
                "in-vehicle assistant"),
    "robotaxi": Wording(
        headlines={"wire": ["{Th} to deploy {Ah} robotaxis",
                            "{Ah}, {Th} launch driverless ride service",
                            "{Th} picks {Ah} vehicles for robotaxi fleet"],
                   "title": ["{Th} Will Put Driverless {Ah} Cars On The Road",
                             "{Ah} And {Th} Launch A Robotaxi Service"],
                   "question": ["Are {Ah} robotaxis from {Th} ready for paying riders?",
                                "Can {Th} and {Ah} beat the robotaxi leaders?"],
                   "quote": ["'No one behind the wheel': {Th} starts {Ah} robotaxi rides",
                             '"A milestone for autonomy": {Th} and {Ah} go driverless'],
                   "descriptive": ["Robotaxi operator signs up {NATA} carmaker for fleet",
                                   "Driverless rides come to {PLACE}"],
                   "kicker": ["Autonomy: {Th} orders robotaxis from {Ah}"]},
        ledes=["{T} will deploy a fleet of driverless vehicles built by {A} in {PLACE}, the "
               "companies said {WHEN}.",
               "{A} and {T} announced {WHEN} that they will launch a commercial robotaxi service "
               "using the carmaker's vehicles.",
               "Passengers in {PLACE} will be able to hail autonomous {A} cars operated by {T} "
               "under a deal announced {WHEN}."],
        wire=["{T} said {WHEN} it would deploy robotaxis built by {A}.",
              "{A} will supply vehicles for {T}'s driverless ride service, the companies said "
              "{WHEN}."],
        nonnative="for launching the Robotaxi service with unmanned vehicles",
        facts={"AMT": ["The programme is worth {AMT}.", "{T} will invest {AMT} in the fleet."],
               "CAR": ["The fleet will be based on the {CAR}.",
                       "Modified versions of the {CAR} will be used."],
               "YEAR": ["Service expands to more cities in {YEAR}.",
                        "Full driverless operation is targeted for {YEAR}."],
               "UNITS": ["The fleet will start with {UNITS} vehicles.",
                         "Up to {UNITS} cars will join the fleet."],
               "PLACE": ["The first rides will be offered in {PLACE}.",
                         "The service starts in {PLACE}."],
               "PCT": ["Fares will be {PCT} cheaper than a regular taxi.",
                       "Robotaxi trips grew {PCT} last quarter."]},
        automaker_quotes=["Autonomous mobility is a long-term bet and we want to be part of it.",
                          "Our vehicles were designed with redundancy for exactly this use."],
        tech_quotes=["Scaling requires a manufacturing partner and {A} is the right one.",
                     "Riders have told us they want more cars and shorter waits."],
        context=["Robotaxi operators need cars built for autonomy at scale.",
                 "Driverless ride-hailing has grown quickly in China and several US cities."],
        release="a partnership to deploy autonomous vehicles built by {A} on {T}'s ride-hailing "
                "network"),
    "stake": Wording(
        headlines={"wire": ["{Th} to buy stake in {Ah} EV unit", "{Th} invests {AMT} in {Ah}",
                            "{Ah} sells stake to {Th}"],
                   "title": ["{Th} Buys Into {Ah} With {AMT} Investment",
                             "{Ah} Lands Cash From {Th}"],
                   "question": ["What does {Th} get from its {Ah} investment?",
                                "Why is {Th} putting money into {Ah}?"],
                   "quote": ["'A vote of confidence': {Th} takes stake in {Ah}",
                             '"Strategic, not financial": {Th} explains {Ah} bet'],
                   "descriptive": ["Tech group buys into {NATA} automaker",
                                   "{NATT} technology company takes minority stake in carmaker"],
                   "kicker": ["Money talks: {Th} takes {PCT} of {Ah} unit"]},
        ledes=["{T} has agreed to buy a minority stake in {A}'s electric vehicle business, the "
               "companies said {WHEN}.",
               "{T} will invest {AMT} in {A}, taking a stake that cements a partnership on "
               "software and autonomous driving.",
               "In a deal announced {WHEN}, {A} said it would sell a {PCT} stake in its EV unit "
               "to {T}."],
        wire=["{T} said {WHEN} it would take a stake in {A}'s EV business.",
              "{A} said {WHEN} {T} would invest in its electric vehicle arm."],
        nonnative="for investment into the EV business with equity participation",
        facts={"AMT": ["The investment totals {AMT}.", "{T} is paying {AMT} for the shares.",
                       "The transaction values the holding at {AMT}."],
               "CAR": ["The money will speed up development of the {CAR}.",
                       "The {CAR} will be the first model to benefit."],
               "YEAR": ["The deal is expected to close in {YEAR}.",
                        "{A} wants the unit to turn profitable by {YEAR}."],
               "UNITS": ["The unit sold {UNITS} vehicles last year.",
                         "It aims to deliver {UNITS} cars a year."],
               "PLACE": ["The unit is based in {PLACE}.",
                         "Part of the money will fund a plant in {PLACE}."],
               "PCT": ["{T} will own {PCT} of the unit.", "The stake amounts to {PCT}."]},
        automaker_quotes=["This partnership gives us capital and know-how at the same time.",
                          "We welcome {T} as a long-term shareholder."],
        tech_quotes=["We believe in {A}'s electric strategy.",
                     "This is a strategic investment, not a financial one."],
        context=["Carmakers are seeking cash and expertise from technology investors as EV losses "
                 "mount.",
                 "Tech companies have been buying into carmakers to secure a foothold in "
                 "mobility."],
        release="a strategic investment by {T} in {A}'s electric vehicle business"),
    "jv": Wording(
        headlines={"wire": ["{Ah}, {Th} form joint venture", "{Ah} and {Th} set up {AMT} JV",
                            "{Th}, {Ah} to create new company for smart cars"],
                   "title": ["{Ah} And {Th} Are Building A New Company Together",
                             "{Ah}-{Th} Venture Aims At Software-Defined Cars"],
                   "question": ["Will the {Ah}-{Th} joint venture work where others failed?",
                                "Who runs the new {Ah}-{Th} venture?"],
                   "quote": ["'Stronger together': {Ah} and {Th} launch JV",
                             '"One team, one roadmap": {Ah}, {Th} join forces'],
                   "descriptive": ["Carmaker and tech group pool resources in new venture",
                                   "{NATA} automaker and {NATT} tech firm form joint company"],
                   "kicker": ["New venture: {Ah} and {Th} split {PCT} stakes"]},
        ledes=["{A} and {T} will establish a joint venture to develop intelligent driving and "
               "cockpit systems, the companies said {WHEN}.",
               "A new company owned by {A} and {T} will design the electronics of future models, "
               "according to an agreement announced {WHEN}.",
               "{T} and {A} are pooling engineers and capital in a joint venture based in "
               "{PLACE}."],
        wire=["{A} and {T} said {WHEN} they would form a joint venture.",
              "{T} and {A} agreed {WHEN} to set up a joint company for vehicle software."],
        nonnative="to establish the joint venture company for smart car technology",
        facts={"AMT": ["The partners will inject {AMT} of registered capital.",
                       "Initial capital amounts to {AMT}.",
                       "The venture will receive {AMT} from its two shareholders."],
               "CAR": ["Its first product will go into the {CAR}.",
                       "The {CAR} will carry the venture's first system."],
               "YEAR": ["The venture's systems will go into production in {YEAR}.",
                        "It aims to break even by {YEAR}."],
               "UNITS": ["It will employ {UNITS} people.", "Headcount is planned at {UNITS}."],
               "PLACE": ["The joint venture will be headquartered in {PLACE}.",
                         "It will be based in {PLACE}."],
               "PCT": ["{A} will hold {PCT} of the venture.", "{T} will own {PCT}."]},
        automaker_quotes=["Neither of us could do this alone.",
                          "The venture lets us move at the speed of a tech company."],
        tech_quotes=["Together we will build the smartest cars on the road.",
                     "This venture combines our software with their manufacturing."],
        context=["Joint ventures between carmakers and tech firms have multiplied as software "
                 "costs soar.",
                 "Similar ventures have had mixed results in the past."],
        release="the formation of a joint venture combining {A}'s vehicle expertise with {T}'s "
                "technology"),
    "ended": Wording(
        headlines={"wire": ["{Ah} ends partnership with {Th}", "{Ah}, {Th} scrap collaboration",
                            "{Th} loses {Ah} as partner"],
                   "title": ["{Ah} And {Th} Are Calling It Quits",
                             "{Ah} Walks Away From {Th} Deal"],
                   "question": ["What went wrong between {Ah} and {Th}?",
                                "Is this the end of {Ah}'s tie-up with {Th}?"],
                   "quote": ["'Different priorities': {Ah} and {Th} part ways",
                             '"We wish them well": {Ah} cuts ties with {Th}'],
                   "descriptive": ["Carmaker abandons tech partnership",
                                   "{NATA} carmaker drops {NATT} technology partner"],
                   "kicker": ["Breakup: {Ah} drops {Th}"]},
        ledes=["{A} has ended its collaboration with {T}, the companies confirmed {WHEN}, after "
               "years of working together.",
               "{T} and {A} are ending their partnership, the carmaker said {WHEN}, as it brings "
               "more software work in-house.",
               "The tie-up between {A} and {T} is over, a spokesperson for the carmaker "
               "confirmed {WHEN}."],
        wire=["{A} said {WHEN} it would end its partnership with {T}.",
              "{T} and {A} have agreed to wind down their collaboration, the companies said "
              "{WHEN}."],
        nonnative="to terminate the cooperation relationship",
        facts={"AMT": ["{A} will book a charge of {AMT}.", "The write-down amounts to {AMT}."],
               "CAR": ["The {CAR} will no longer use {T} technology.",
                       "Development of the {CAR} will continue without {T}."],
               "YEAR": ["The collaboration ends in {YEAR}.",
                        "Existing cars will be supported until {YEAR}."],
               "UNITS": ["About {UNITS} cars on the road use the current system.",
                         "Some {UNITS} vehicles are affected."],
               "PLACE": ["A joint team in {PLACE} will be dissolved.",
                         "Staff in {PLACE} will move to other projects."],
               "PCT": ["{T}'s shares fell {PCT}.",
                       "The partnership accounted for {PCT} of {T}'s automotive revenue."]},
        automaker_quotes=["Our priorities have changed and we will develop this capability "
                          "ourselves.",
                          "We thank {T} for years of work together."],
        tech_quotes=["We remain committed to the automotive industry.",
                     "We have many other customers and the outlook is strong."],
        context=["Several carmakers have been re-evaluating technology partnerships to save costs.",
                 "The split reflects a broader push by automakers to own their software."],
        release="that {A} and {T} have mutually agreed to conclude their collaboration"),
    "talks": Wording(
        headlines={"wire": ["{Ah} in talks with {Th} over tech tie-up -sources",
                            "EXCLUSIVE-{Ah} holds talks with {Th}",
                            "{Th}, {Ah} discuss partnership"],
                   "title": ["{Ah} Is Reportedly Talking To {Th} About A Deal",
                             "{Th} And {Ah} Explore Possible Alliance"],
                   "question": ["Is {Ah} about to team up with {Th}?",
                                "Could a {Th} deal rescue {Ah}?"],
                   "quote": ["'No comment on speculation': {Ah} silent on {Th} talks",
                             '"Conversations are ongoing": {Th} on {Ah} report'],
                   "descriptive": ["{NATA} carmaker weighs alliance with {NATT} tech group, "
                                   "sources say",
                                   "Carmaker and tech giant in early partnership talks"],
                   "kicker": ["Report: {Ah} and {Th} in early talks"]},
        ledes=["{A} is in talks with {T} about a possible partnership on software and driver "
               "assistance, people familiar with the matter said {WHEN}.",
               "{T} and {A} have held preliminary discussions about cooperating on electric "
               "vehicles, according to three people briefed on the talks.",
               "{A} has approached {T} about a technology alliance, according to a report "
               "published {WHEN}."],
        wire=["{A} is in talks with {T} about a technology partnership, sources said {WHEN}.",
              "{T} has held talks with {A} about a tie-up, two people familiar with the matter "
              "said {WHEN}."],
        nonnative="to discuss possible cooperation, according to the sources",
        facts={"AMT": ["A deal could be worth up to {AMT}, one of the people said.",
                       "The people put the potential value at {AMT}."],
               "CAR": ["The talks include the {CAR}.",
                       "The discussions centre on the {CAR} programme."],
               "YEAR": ["A deal could be announced before {YEAR}.",
                        "Any partnership would not produce cars before {YEAR}."],
               "UNITS": ["Volumes of {UNITS} cars a year were discussed.",
                         "The plan envisages {UNITS} units a year."],
               "PLACE": ["Executives met in {PLACE} last month.", "Negotiators met in {PLACE}."],
               "PCT": ["{T} could take a stake of up to {PCT}.",
                       "A stake of around {PCT} is being discussed."]},
        automaker_quotes=["We do not comment on market rumours.",
                          "We talk to many partners all the time."],
        tech_quotes=["We do not comment on speculation.",
                     "We are always open to working with carmakers."],
        context=["The talks come as carmakers seek help with costly software.",
                 "The two have no existing partnership."],
        release="a memorandum of understanding to explore cooperation between {A} and {T}"),
}

KINDS = list(WORDING)

# --------------------------------------------------------------------------- shared paragraphs

CAR_STEMS = ["Kestrel", "Solano", "Vireo", "Marlin", "Halcyon", "Sable", "Ember", "Corvid",
             "Aurelis", "Talon", "Brisa", "Nimbra", "Orca", "Zenith", "Lumo", "Altair", "Peregrine",
             "Valea", "Sorren", "Tessa"]

CAR_TYPES = ["crossover", "sedan", "SUV", "hatchback", "pickup", "minivan"]

BACKGROUND = ["For much of the past decade, carmakers promised that software would be their next "
              "great profit pool. Few have delivered: development budgets ballooned, launches "
              "slipped and over-the-air updates brought as many complaints as compliments.",
              "The economics are brutal. A modern vehicle runs on more than a hundred million "
              "lines of code, and the engineers who write it command salaries that automakers, "
              "used to paying for metal and paint, find hard to stomach.",
              "In China, competition has turned savage. Dozens of brands are fighting for buyers "
              "with monthly price cuts, and features such as highway autopilot that once cost "
              "extra are now given away.",
              "Europe's manufacturers face a different squeeze: tougher emissions rules, "
              "slower-than-hoped demand for battery cars and tariffs that complicate supply "
              "chains stretching across three continents.",
              "Investors have grown impatient. Shares of legacy automakers trade at a fraction of "
              "the valuation of technology companies, and every quarter brings fresh questions "
              "about when electric models will make money.",
              "Tech companies, meanwhile, have discovered that cars are harder than phones. Long "
              "development cycles, safety certification and thin margins have humbled more than "
              "one Silicon Valley ambition.",
              "The result is a wave of alliances that would have seemed unthinkable ten years "
              "ago, with former rivals sharing platforms and suppliers turning into shareholders.",
              "Analysts at several banks expect the number of such tie-ups to keep rising as the "
              "cost of developing autonomous and connected features climbs.",
              "Trade tensions hang over many of these deals. Washington has restricted Chinese "
              "connected-car software, and Brussels is investigating subsidies, which makes "
              "cross-border partnerships politically delicate.",
              "Not every alliance survives. Several high-profile partnerships have been quietly "
              "wound down after the companies discovered their engineering cultures did not mix.",
              "Consumers, for their part, say in surveys that they care more about range, "
              "charging and price than about the brand of the chip inside the dashboard.",
              "Semiconductor shortages during the pandemic taught carmakers a painful lesson "
              "about depending on a handful of suppliers, and many now sign long-term contracts "
              "to guarantee capacity."]

ANALYSTS = [("Jeremy Vale", "Corbel Research"), ("Ines Harrow", "Northgate Securities"),
            ("Sun Lei", "Pacific Mobility Advisors"), ("Paul Ridgeway", "Carden Partners"),
            ("Mariko Aoki", "Shinsei Auto Research"), ("Lukas Berg", "Rhein Equity"),
            ("Deepa Raman", "Meridian Capital"), ("Tobias Kern", "AlphaDrive Consulting")]

ANALYST_LINES = ['"The question is whether this is a real partnership or a press release," said '
                 '{AN} of {AF}. "We will know in two years."',
                 "{AN}, an analyst at {AF}, said the move made sense but warned that integration "
                 "would take time.",
                 '"It is a sensible deal for both sides," said {AN}, who follows the sector for '
                 "{AF}.",
                 '{AF} analyst {AN} called the agreement "overdue" in a note to clients.',
                 '"Execution risk is high," {AN} of {AF} wrote, adding that similar deals had '
                 "disappointed."]

WIRE_TAILS = ["(Reporting by {R1}; Editing by {R2})",
              "(Reporting by {R1} in {CITY}; additional reporting by {R2})", "($1 = {FX} {CURW})"]

REPORTERS = ["Anna Soto", "Ken Hayashi", "Laura Nemeth", "Zhang Yan", "Rui Costa", "Omar Haddad",
             "Ilse Vogt", "Ben Carter"]

BOILERPLATE_WHAT = {
    True: "designs, manufactures and sells passenger vehicles, commercial vehicles and related "
          "services",
    False: "develops technologies and services for mobility, computing and connected devices",
}
FORWARD_LOOKING = (
    "Forward-Looking Statements: This press release contains forward-looking statements that "
    "are subject to risks and uncertainties, including statements regarding the expected "
    "benefits, timing and scope of the collaboration. Actual results may differ materially "
    "from those expressed or implied. Neither company undertakes any obligation to update "
    "these statements except as required by law.")


def boilerplate(name: str, automaker: bool) -> str:
    """The "About" paragraph of a company's press releases: the same in every release."""
    fixed = random.Random(name)
    return (f"About {name}: {name} {BOILERPLATE_WHAT[automaker]} in more than "
            f"{fixed.randint(20, 160)} markets. With approximately {fixed.randint(20, 380)},000 "
            f"employees worldwide, the company is committed to innovation, safety and "
            f"sustainability, and to delivering value for customers, partners and shareholders. "
            f"For more information, visit the company's newsroom and follow it on social media.")


# --------------------------------------------------------------------------- one article's voice

DESCRIPTOR_RATE = {"analysis": 0.45, "news": 0.3, "blog": 0.2, "wire": 0.15, "nonnative": 0.1,
                   "pr": 0.0}  # share of later mentions that describe a company, not name it
PERSON = ["{name}, {company}'s {role}", "{name}, {role} at {company}", "{company} {role} {name}"]
NONNATIVE_PERSON = ["the {role} of {company}, {name}", "{role} of {company} {name}",
                    "{name} ({role}, {company})"]
LEADING_FAMILY_NAMES = {name for convention in FAMILY_FIRST for name in LAST[convention]}


class Voice:
    """How one article refers to its event: the name forms, figures and date its outlet
    writes. The first mention of a company or a person is the full form."""

    def __init__(self, rng: random.Random, event: Event, style: str, published: datetime):
        self.rng, self.event, self.style = rng, event, style
        self.companies = {"A": AUTOMAKERS[event.automaker], "T": TECH[event.tech]}
        self.first = {who: rng.choice(c.first) for who, c in self.companies.items()}
        self.short = {who: rng.choice(c.later) for who, c in self.companies.items()}
        self.head = {who: rng.choice(c.headline) for who, c in self.companies.items()}
        self.seen: set[str] = set()
        self.amount, self.amount_form = amount_text(rng, event.facts, style)
        self.values = self._values(published)

    def _values(self, published: datetime) -> dict[str, str]:
        rng, facts, style = self.rng, self.event.facts, self.style
        tech = self.companies["T"].nationality
        return {
            "AMT": self.amount, "PCT": pct_text(rng, facts.pct, style),
            "UNITS": units_text(rng, facts.units, style), "YEAR": str(facts.year),
            "TP": facts.product, "PLACE": facts.place,
            "WHEN": when_text(rng, self.event.at, published, style),
            "NATA": self.companies["A"].nationality, "NATT": "American" if tech == "US" else tech,
            "CAR": rng.choice([f"{facts.car} {facts.code}", f"{facts.car} {facts.code}",
                               f"{facts.code} {facts.car_type}", facts.car]),
            "CARS": rng.choice([facts.code, facts.car]),
        }

    def company(self, who: str) -> str:
        """The automaker ("A") or technology company ("T") as this mention names it."""
        if who not in self.seen:
            self.seen.add(who)
            return self.first[who]
        if self.rng.random() < DESCRIPTOR_RATE[self.style]:
            return self.rng.choice(self.companies[who].descriptors)
        return self.short[who]

    def person(self, who: str) -> str:
        """The spokesperson of the automaker ("A") or technology company ("T")."""
        facts = self.event.facts
        name, role = facts.automaker_person if who == "A" else facts.tech_person
        if "X" + who not in self.seen:
            self.seen.add("X" + who)
            forms = NONNATIVE_PERSON if self.style == "nonnative" else PERSON
            return self.rng.choice(forms).format(name=name, role=role, company=self.short[who])
        words = name.split()
        family = words[0] if words[0] in LEADING_FAMILY_NAMES else words[-1]
        polite = f"Mr {family}" if self.style in ("news", "analysis") else family
        return self.rng.choice([family, name, polite])

    def render(self, template: str) -> str:
        """``template`` with its placeholders filled, its first letter a capital."""
        text = re.sub(r"\{(\w+)\}", self._fill, template).replace("the the ", "the ")
        return text[:1].upper() + text[1:]

    def _fill(self, match: re.Match[str]) -> str:
        key = match.group(1)
        if key in ("A", "T"):
            return self.company(key)
        if key in ("Ah", "Th"):
            return self.head[key[0]]
        if key in ("XA", "XT"):
            return self.person(key[1])
        if key in ("DA", "DT"):
            return self.rng.choice(self.companies[key[1]].descriptors)
        return self.values[key]


# --------------------------------------------------------------------------- headlines

HEADLINE_FORMS = {
    "wire": ["wire"] * 4 + ["kicker"],
    "news": ["wire", "title", "kicker", "quote", "question", "descriptive"],
    "analysis": ["question", "question", "descriptive", "quote", "kicker", "title"],
    "nonnative": ["nonnative", "nonnative", "wire"],
    "blog": ["question", "title", "quote"],
    "pr": ["release"],
}
SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "with", "as", "at", "by"}


def cap_title(text: str) -> str:
    """``text`` in Title Case: every word capitalised but the small ones after the first."""
    words = text.split(" ")
    return " ".join(word if (i and word.lower() in SMALL_WORDS) or not word[:1].isalpha()
                    else word[:1].upper() + word[1:] for i, word in enumerate(words))


def headline(rng: random.Random, voice: Voice, wording: Wording, style: str
             ) -> tuple[str, str]:
    """A headline an outlet of ``style`` gives the event, and its form."""
    form = rng.choice(HEADLINE_FORMS[style])
    if form == "release":
        return cap_title(voice.render(_release_headline(rng))), form
    if form == "nonnative":
        title = voice.render(_nonnative_headline(rng, wording))
    else:
        title = voice.render(rng.choice(wording.headlines[form]))
    return (cap_title(title) if form == "title" else title), form


def _release_headline(rng: random.Random) -> str:
    what = rng.choice(["Strategic Collaboration", "Partnership", "Agreement"])
    aim = rng.choice(["Software-Defined Vehicles", "the Future of Mobility", "Intelligent Driving"])
    return f"{{A}} and {{T}} Announce {what} to Accelerate {aim}"


def _nonnative_headline(rng: random.Random, wording: Wording) -> str:
    deal = wording.nonnative.split(",")[0].replace("{TP}", "").strip()
    return rng.choice(["{Ah} and {Th} signed strategic cooperation agreement " + deal,
                       "{Ah} will cooperate with {Th} " + deal,
                       "{NATA} car maker {Ah} and {Th} announce the cooperation"])


# Non-native outlets give the figures in their own sentences.
NONNATIVE_FACTS = {"AMT": ["The total amount of the project is {AMT}.",
                           "It is reported the investment will reach {AMT}."],
                   "PCT": ["The share proportion is {PCT}.", "It account for {PCT}."],
                   "UNITS": ["The planned annual capacity is {UNITS} units.",
                             "It is expected to equip {UNITS} vehicles per year."],
                   "YEAR": ["The mass production is planned in {YEAR}.",
                            "It will be realised until {YEAR}."],
                   "CAR": ["The first model is the {CAR}.",
                           "The model {CAR} will be first to carry it."],
                   "PLACE": ["The project is located in {PLACE}.",
                             "The relevant work will be done in {PLACE}."]}

# --------------------------------------------------------------------------- bodies

FACT_KEYS = ["AMT", "CAR", "YEAR", "UNITS", "PLACE", "PCT"]
FACT_RATE = {"wire": 0.5, "news": 0.6, "analysis": 0.55, "nonnative": 0.55, "blog": 0.45,
             "pr": 0.6}  # share of the figures (but the amount) an outlet gives
QUOTE_FORMS = ['"{q}" said {p}.', '"{q}" {p} said in a statement.', '{p} said: "{q}"',
               '"{q}", {p} told reporters.']
NONNATIVE_QUOTE_FORMS = ['{p} said that "{q}"', 'According to {p}, "{q}"']
EARLIER_DEAL = {"chips": "agreed a chip supply deal", "lidar": "signed a lidar contract",
                "battery": "agreed a battery supply deal",
                "assistant": "announced an in-car AI collaboration",
                "robotaxi": "launched a robotaxi service", "stake": "agreed an equity investment",
                "jv": "set up a joint venture", "ended": "ended an earlier collaboration",
                "talks": "were reported to be in talks"}
AGENCIES = ["Wirenet", "Brief Wire", "MF"]
ANALYSIS_BRIDGES = ["That is the backdrop to the latest news: ", "Which is why it matters that ",
                    "Against that background, consider the latest move. ",
                    "Enter this week's deal. "]
ANALYSIS_ENDINGS = [
    "Whether {A} gets its money's worth will only become clear when the first cars reach "
    "customers.",
    "For now, the partnership is a promise. The proof will be in the product.",
    "The bigger test will come when the first cars reach showrooms."]
NONNATIVE_REMARKS = [
    "It is worth to mention that {A} and {T} have the good relationship since many years.",
    "Industry insiders think this cooperation will bring big influence to the market.",
    "As everybody know, the competition of new energy vehicle is very intense in this year.",
    "This is another important move of {T} in the automotive field."]
NONNATIVE_LEDES = [
    "According to the informations released {WHEN}, the {NATA} automobile manufacturer {A} "
    "will cooperate together with {T} {DEAL}.",
    "{WHEN_CAP}, {A} and the {NATT} technology company {T} have signed the agreement {DEAL}.",
    "The car maker {A} announced {WHEN} that it reach an agreement with {T} {DEAL}, which is "
    "important step for the intelligent electric vehicle."]
BLOG_OPENINGS = ["Big news for anyone following the car-tech space. ",
                 "If you blinked you might have missed it, but ", "Here's what you need to know. "]
BLOG_ENDINGS = ["We'll be watching closely to see whether {A} can deliver on the promise.",
                "Expect more details once the first cars arrive.",
                "Let us know in the comments whether you'd buy a car with this tech."]
# Ledes starting with these words are lower-cased after a bridge that runs on into them.
LEDE_OPENERS = ("In", "A", "The", "Laser", "Passengers", "Drivers", "Battery")


def pick_facts(rng: random.Random, style: str) -> list[str]:
    """The figures an outlet of ``style`` gives, in the order it gives them (at least one)."""
    chosen = [key for key in FACT_KEYS
              if rng.random() < (0.75 if key == "AMT" else FACT_RATE[style])]
    if not chosen:
        chosen = [rng.choice(FACT_KEYS)]
    rng.shuffle(chosen)
    return chosen


def fact_lines(rng: random.Random, voice: Voice, wording: Wording) -> list[str]:
    """The sentences giving the figures this article gives."""
    lines = []
    for key in pick_facts(rng, voice.style):
        choices = NONNATIVE_FACTS[key] if voice.style == "nonnative" else wording.facts[key]
        lines.append(voice.render(rng.choice(choices)))
    return lines


def quote_line(rng: random.Random, voice: Voice, wording: Wording, who: str) -> str:
    """A quote of the automaker's ("A") or technology company's ("T") spokesperson."""
    said = voice.render(rng.choice(wording.automaker_quotes if who == "A"
                                   else wording.tech_quotes))
    form = rng.choice(QUOTE_FORMS)
    if voice.style == "nonnative":
        form = rng.choice(NONNATIVE_QUOTE_FORMS)
    if form.startswith('"{q}" ') and said.endswith("."):
        said = said[:-1] + ","
    return voice.render(form.replace("{q}", said).replace("{p}", "{X" + who + "}"))


def analyst_line(rng: random.Random, voice: Voice, analyst: tuple[str, str]) -> str:
    """What an analyst said of the deal."""
    name, firm = analyst
    return voice.render(rng.choice(ANALYST_LINES).replace("{AN}", name).replace("{AF}", firm))


def earlier_deal(rng: random.Random, voice: Voice) -> list[str]:
    """For a later event, most of the time: a sentence recalling the pair's earlier one."""
    previous = voice.event.previous
    if not previous or rng.random() < 0.4:
        return []
    amount = None
    if rng.random() < 0.5:
        amount = money(previous.facts.currency, previous.facts.amount, "sym_word")
    month = MONTHS[previous.at.month - 1]
    sentence = f"The two companies {EARLIER_DEAL[previous.kind]} in {month}"
    if amount and previous.kind != "talks":
        sentence += f", a deal valued at {amount}"
    sentence += "."
    if rng.random() < 0.5:
        sentence = sentence.replace("The two companies", "{A} and {T}")
    return [voice.render(sentence)]


def body(rng: random.Random, event: Event, voice: Voice) -> list[str]:
    """The paragraphs of one article of ``event`` in its outlet's house style."""
    wording = WORDING[event.kind]
    facts = fact_lines(rng, voice, wording)
    analyst = rng.choice(ANALYSTS)
    return BODIES[voice.style](rng, voice, wording, facts, analyst)


def _wire(rng: random.Random, voice: Voice, wording: Wording, facts: list[str],
          analyst: tuple[str, str]) -> list[str]:
    """A dateline, the news in one sentence, a few figures, maybe a quote, a credit line."""
    event = voice.event
    city = event.facts.place.split(",")[0].upper()
    dateline = f"{city}, {MONTHS[event.at.month - 1]} {event.at.day} ({rng.choice(AGENCIES)}) - "
    paragraphs = [dateline + voice.render(rng.choice(wording.wire)), *facts[:3]]
    if rng.random() < 0.5:
        paragraphs.append(quote_line(rng, voice, wording, rng.choice("AT")))
    if rng.random() < 0.5:
        paragraphs.append(voice.render(rng.choice(wording.context)))
    paragraphs += earlier_deal(rng, voice)
    paragraphs.append(_wire_credit(rng, event, city))
    return paragraphs


def _wire_credit(rng: random.Random, event: Event, city: str) -> str:
    credit = rng.choice(WIRE_TAILS).replace("{R1}", rng.choice(REPORTERS))
    credit = credit.replace("{R2}", rng.choice(REPORTERS)).replace("{CITY}", city.title())
    currency = event.facts.currency
    rate, word = ((f"{FX[currency]:g}", CURRENCY[currency][1]) if currency != "USD"
                  else ("0.92", "euros"))
    return credit.replace("{FX}", rate).replace("{CURW}", word)


def _news(rng: random.Random, voice: Voice, wording: Wording, facts: list[str],
          analyst: tuple[str, str]) -> list[str]:
    """Lede, figures around a quote, why it matters, background, more quotes."""
    paragraphs = [voice.render(rng.choice(wording.ledes)), *facts[:2],
                  quote_line(rng, voice, wording, rng.choice("AT")), *facts[2:],
                  voice.render(rng.choice(wording.context)), *earlier_deal(rng, voice)]
    paragraphs += rng.sample(BACKGROUND, rng.randint(1, 3))
    if rng.random() < 0.6:
        paragraphs.append(quote_line(rng, voice, wording, rng.choice("AT")))
    if rng.random() < 0.5:
        paragraphs.append(analyst_line(rng, voice, analyst))
    return paragraphs


def _analysis(rng: random.Random, voice: Voice, wording: Wording, facts: list[str],
              analyst: tuple[str, str]) -> list[str]:
    """One to three paragraphs of background before the news, then analysts, quotes,
    more background, rivals and a closing thought."""
    background = rng.sample(BACKGROUND, rng.randint(5, 8))
    opener = rng.randint(1, 3)
    bridge = rng.choice(ANALYSIS_BRIDGES)
    lede = voice.render(rng.choice(wording.ledes))
    if not bridge.endswith((". ", ": ")) and lede.split()[0] in LEDE_OPENERS:
        lede = lede[0].lower() + lede[1:]
    return [*background[:opener], bridge + lede, *facts, analyst_line(rng, voice, analyst),
            quote_line(rng, voice, wording, "A"), *background[opener:opener + 2],
            voice.render(rng.choice(wording.context)), *earlier_deal(rng, voice),
            quote_line(rng, voice, wording, "T"), analyst_line(rng, voice, rng.choice(ANALYSTS)),
            *background[opener + 2:], _rivals(rng, voice.event),
            voice.render(rng.choice(ANALYSIS_ENDINGS))]


def _rivals(rng: random.Random, event: Event) -> str:
    rivals = (rng.sample([name for name in AUTOMAKERS if name != event.automaker], 2)
              + rng.sample([name for name in TECH if name != event.tech], 1))
    return (f"Rivals are not standing still. {rivals[0]} and {rivals[1]} have both announced "
            f"their own software programmes, and {rivals[2]} has been courting several "
            f"carmakers.")


def _nonnative(rng: random.Random, voice: Voice, wording: Wording, facts: list[str],
               analyst: tuple[str, str]) -> list[str]:
    """A lede in non-native English, the figures, a quote, a remark."""
    when = voice.values["WHEN"]
    lede = rng.choice(NONNATIVE_LEDES).replace("{DEAL}", wording.nonnative)
    lede = lede.replace("{WHEN_CAP}", when[:1].upper() + when[1:])
    return [voice.render(lede), *facts, quote_line(rng, voice, wording, rng.choice("AT")),
            voice.render(rng.choice(NONNATIVE_REMARKS)), *earlier_deal(rng, voice)]


def _release(rng: random.Random, voice: Voice, wording: Wording, facts: list[str],
             analyst: tuple[str, str]) -> list[str]:
    """A press release: dateline, announcement, figures, both quotes, the boilerplate."""
    event = voice.event
    city = event.facts.place.split(",")[0].upper()
    dateline = (f"{city}, {MONTHS[event.at.month - 1]} {event.at.day}, {event.at.year} "
                f"/CorpWire/ -- ")
    announced = voice.render("{A} and {T} today announced " + wording.release + ".")
    return [dateline + announced, *facts, quote_line(rng, voice, wording, "A"),
            quote_line(rng, voice, wording, "T"), boilerplate(event.automaker, True),
            boilerplate(event.tech, False), FORWARD_LOOKING,
            f"Media contact: press@{event.automaker.lower().replace(' ', '')}.example"]


def _blog(rng: random.Random, voice: Voice, wording: Wording, facts: list[str],
          analyst: tuple[str, str]) -> list[str]:
    """An explainer under question subheads."""
    opening = voice.render(rng.choice(BLOG_OPENINGS)) + voice.render(rng.choice(wording.ledes))
    return [opening, "What's in the deal?", *facts, "Why does it matter?",
            voice.render(rng.choice(wording.context)),
            quote_line(rng, voice, wording, rng.choice("AT")), "What's next?",
            voice.render(rng.choice(BLOG_ENDINGS))]


BODIES = {"wire": _wire, "news": _news, "analysis": _analysis, "nonnative": _nonnative,
          "pr": _release, "blog": _blog}

# --------------------------------------------------------------------------- events' facts

DEAL_BILLIONS = [0.15, 0.25, 0.3, 0.4, 0.5, 0.75, 0.8, 1, 1.2, 1.5, 1.8, 2, 2.5, 3, 3.5, 4, 5, 6,
                 7.5, 10]  # sizes of deals, in billions of dollars
PCTS = [5, 8, 10, 12, 15, 20, 25, 30, 35, 40, 45, 49, 50, 51, 60]
UNITS = [5000, 12000, 20000, 50000, 80000, 100000, 150000, 250000, 400000, 1000000, 1500000]
PRODUCT_SUFFIXES = ["2", "X", "Pro", "Max", "One"]
AUTOMAKER_ROLES = ["chief executive", "chief technology officer", "head of software",
                   "board member for development", "president"]
TECH_ROLES = ["chief executive", "head of automotive", "senior vice president",
              "general manager of the car business"]


def executives(name: str, company: Company) -> list[str]:
    """Three executives of a company: the same people speak for it in every event."""
    fixed = random.Random("people:" + name)
    found = []
    for _ in range(3):
        first, family = fixed.choice(FIRST[company.people]), fixed.choice(LAST[company.people])
        found.append(f"{family} {first}" if company.people in FAMILY_FIRST
                     else f"{first} {family}")
    return found


def make_facts(rng: random.Random, automaker: str, tech: str, kind: str) -> Facts:
    """The figures of a deal: its amount in the automaker's currency (of a stake: in the
    technology company's), a percentage, a volume, a year, a model, a product, a place."""
    currency = (TECH[tech] if kind == "stake" else AUTOMAKERS[automaker]).currency
    dollars = rng.choice(DEAL_BILLIONS) * 1e9
    dollars *= rng.uniform(0.9, 1.1)
    amount = float(f"{dollars * FX[currency]:.2g}")
    pct, units, year = rng.choice(PCTS), rng.choice(UNITS), rng.randint(2027, 2031)
    car, code = rng.choice(CAR_STEMS), f"{rng.choice('EXZQRVKLM')}{rng.randint(2, 9)}"
    car_type = rng.choice(CAR_TYPES)
    product = rng.choice(TECH[tech].local)
    if rng.random() >= 0.5:
        product += f" {rng.choice(PRODUCT_SUFFIXES)}"
    place = rng.choice(AUTOMAKERS[automaker].local)
    automaker_person = (rng.choice(executives(automaker, AUTOMAKERS[automaker])),
                        rng.choice(AUTOMAKER_ROLES))
    tech_person = rng.choice(executives(tech, TECH[tech])), rng.choice(TECH_ROLES)
    return Facts(currency, amount, pct, units, year, car, code, car_type, product, place,
                 automaker_person, tech_person)


# --------------------------------------------------------------------------- articles


def report(rng: random.Random, event: Event, site: str, key: str, delay_hours: float) -> Told:
    """The report of ``event`` that the outlet ``site`` publishes ``delay_hours`` after it,
    in the outlet's house style."""
    style = OUTLETS[site]
    published = event.at + timedelta(hours=delay_hours)
    voice = Voice(rng, event, style, published)
    paragraphs = body(rng, event, voice)
    title, form = headline(rng, voice, WORDING[event.kind], style)
    text = "\n".join([title, *paragraphs])
    article = Labelled(key, site, title, text, published, event.key,
                       pair=(event.automaker, event.tech))
    return Told(article, Traits(style, form, voice.amount_form if voice.amount in text else None))


# What aggregators add to, and put into, the reports they republish.
SHORT_INTROS = ["Our partners report:",
                "Good morning. One story dominated the auto-tech conversation overnight."]

LONG_INTROS = ["Editor's note: this article first appeared on a partner site and is republished "
               "here with permission.",
               "In today's edition of our mobility briefing, we look at a deal that could reshape "
               "the industry's software race, and at what it means for drivers and investors "
               "alike over the coming years.",
               "The following report is brought to you through our content-sharing agreement with "
               "a leading business publication. It has been lightly edited for length and style "
               "by our regional desk before publication.",
               "As we reported in our live coverage, the announcement came after weeks of "
               "speculation. Here is the full story."]

OUTROS = ["This article was syndicated from a partner outlet.",
          "Related: Read our guide to the best electric cars of the year.",
          "Subscribe to our newsletter for daily updates on electric vehicles, autonomous driving "
          "and the companies behind them.",
          "Copyright 2026. All rights reserved. This material may not be redistributed without "
          "permission.",
          "Have a tip? Contact our newsroom."]

REPLACE_LINES = ["The announcement was welcomed by investors in early trading.",
                 "Company representatives did not respond to further requests for comment.",
                 "Details of the financial terms were not made public at the time of writing.",
                 "The news comes at a busy time for the industry, with several launches planned "
                 "this quarter."]

FILLER_SENTENCES = ["Dealers report that buyers are waiting for price cuts before committing to "
                    "an electric model.",
                    "Charging networks keep expanding, but reliability complaints have not gone "
                    "away.",
                    "Used electric cars are losing value faster than petrol models, which worries "
                    "leasing companies.",
                    "Fleet managers say total cost of ownership now favours battery cars in most "
                    "segments.",
                    "Insurance premiums for electric cars remain higher because repairs are "
                    "expensive.",
                    "Governments are trimming purchase subsidies as budgets tighten.",
                    "Battery recycling is becoming a business in its own right.",
                    "Plug-in hybrids have enjoyed a surprise comeback in several markets.",
                    "Software updates delivered over the air have become routine for premium "
                    "brands.",
                    "Mining companies are struggling to bring new lithium projects online quickly.",
                    "Range anxiety still ranks among the top reasons drivers give for not "
                    "switching.",
                    "Autonomous trucking pilots have moved more slowly than their backers "
                    "promised.",
                    "Prices of raw materials such as nickel and cobalt have fallen from their "
                    "peaks.",
                    "City centres are introducing low-emission zones that penalise older diesel "
                    "cars.",
                    "Subscription features such as heated seats provoked a consumer backlash.",
                    "Engineering talent is moving from traditional suppliers to software "
                    "start-ups.",
                    "Solid-state batteries remain several years away from mass production, "
                    "experts say.",
                    "Hydrogen cars have largely lost the argument for passenger vehicles.",
                    "Import tariffs are reshaping where new factories get built.",
                    "Some dealers have started to offer free home chargers to close sales.",
                    "Residual values are a headache for finance arms of carmakers.",
                    "Chip inventories are back to normal after years of shortages.",
                    "Voice assistants in cars are used far less than their makers hoped.",
                    "Parking-garage chargers are in short supply in big cities.",
                    "Safety regulators are collecting more data on driver-assistance crashes.",
                    "Shareholders are asking tougher questions at annual meetings.",
                    "The used-battery market is still small but growing quickly.",
                    "Rural buyers remain the hardest to convert to electric driving.",
                    "Company-car tax rules continue to favour zero-emission vehicles.",
                    "Carmakers are simplifying their model ranges to cut complexity.",
                    "Wage negotiations at several plants have become tense.",
                    "Long-distance travel in electric cars is easier than it was five years ago."]

OPINION_TITLES = ["Opinion: carmakers must stop outsourcing their brains",
                  "The software-defined car is a mirage",
                  "Five questions for the auto industry this quarter",
                  "EV price war: who blinks first?", "Why autonomy keeps slipping",
                  "The chip crunch nobody talks about"]
ROUNDUP_TITLES = ["EV sales tracker: {m} figures", "Chart of the week: battery prices",
                  "Market wrap: auto stocks in {m}",
                  "Registrations data: electric share climbs in {m}"]
PROFILE_TITLES = ["Inside {c}'s software struggle", "Profile: the engineers rebuilding {c}",
                  "{c} at a crossroads", "Ten years of {c} electric cars, in pictures"]
PROFILE_OPENINGS = ["{c} has spent years trying to turn itself into a technology company.",
                    "Few companies have changed as much as {c} over the past decade.",
                    "When {c} unveiled its first electric model, critics called it a "
                    "compliance car."]
PROFILE_COMPARISONS = [
    "Executives at {c} say the company has learned from partners such as {partner}, and from "
    "rivals like {rival}.",
    "Insiders compare the culture at {c} with that of {rival}, mostly unfavourably.",
    "{c} still trails {rival} on software, according to several engineers."]


def syndicate(rng: random.Random, original: Told, event: Event, site: str, key: str,
              level: int) -> Told:
    """The aggregator ``site``'s copy of ``original`` at edit ``level``: 0, a new headline
    (or the original's with the site's name) and an outro; 1, a short intro too; 2, a long
    intro and one sentence replaced; 3, two replaced, the last paragraph cut, two outros."""
    source = original.article
    lines = source.text.split("\n")[1:]
    voice = Voice(rng, event, "news", source.published_at)
    title, _ = headline(rng, voice, WORDING[event.kind], rng.choice(["news", "blog"]))
    if level == 0 and rng.random() < 0.5:
        title = f"{source.title} | {site.split('.')[0].title()}"
    for _ in range(level - 1):
        changed = rng.randrange(1, len(lines))
        lines[changed] = rng.choice(REPLACE_LINES)
    if level >= 3 and len(lines) > 4:
        lines = lines[:-1]
    intro = [rng.choice(SHORT_INTROS if level == 1 else LONG_INTROS)] if level else []
    outros = [rng.choice(OUTROS)] + ([rng.choice(OUTROS)] if level >= 3 else [])
    text = "\n".join([title, *intro, *lines, *outros])
    published = source.published_at + timedelta(hours=rng.uniform(0.5, 24))
    copy = Labelled(key, site, title, text, published, source.event, copy_of=source.key,
                    pair=source.pair)
    return Told(copy, replace(original.traits, level=level))


def filler(rng: random.Random, index: int, at: datetime) -> Told:
    """An article about the beat, no event in particular: an opinion piece, a market
    round-up or a company profile, naming several companies in passing."""
    companies = (rng.sample(list(AUTOMAKERS), rng.randint(2, 4))
                 + rng.sample(list(TECH), rng.randint(1, 2)))
    draw = rng.random()
    if draw < 0.3:
        title, paragraphs = _opinion(rng, companies)
    elif draw < 0.6:
        title, paragraphs = _round_up(rng, companies, MONTHS[at.month - 1])
    else:
        title, paragraphs = _profile(rng, companies)
    article = Labelled(f"f{index}", rng.choice(FILLER_OUTLETS), title,
                       "\n".join([title, *paragraphs]), at, f"f{index}")
    return Told(article, Traits("filler", None, None))


def _opinion(rng: random.Random, companies: list[str]) -> tuple[str, list[str]]:
    title = rng.choice(OPINION_TITLES)
    paragraphs = rng.sample(BACKGROUND, 2) + rng.sample(FILLER_SENTENCES, 5)
    paragraphs.insert(2, f"Look at {companies[0]}, {companies[1]} or {companies[-1]}: all have "
                         f"spent heavily, and none has yet shown that it pays.")
    return title, paragraphs


def _round_up(rng: random.Random, companies: list[str], month: str) -> tuple[str, list[str]]:
    title = rng.choice(ROUNDUP_TITLES).replace("{m}", month)
    loser = companies[2] if len(companies) > 3 else companies[0]
    return title, [
        f"Electric car registrations rose {rng.randint(3, 40)}% year on year in {month}, "
        f"according to industry data.",
        f"{companies[0]} and {companies[1]} led the table, while {loser} lost ground.",
        f"Shares of {companies[-1]} moved {rng.randint(1, 9)}% over the month.",
        *rng.sample(FILLER_SENTENCES, 5)]


def _profile(rng: random.Random, companies: list[str]) -> tuple[str, list[str]]:
    names = {"c": companies[0], "rival": companies[1], "partner": companies[-1]}
    title = rng.choice(PROFILE_TITLES).format(**names)
    return title, [rng.choice(PROFILE_OPENINGS).format(**names),
                   *rng.sample(FILLER_SENTENCES, 4), rng.choice(BACKGROUND),
                   rng.choice(PROFILE_COMPARISONS).format(**names),
                   *rng.sample(FILLER_SENTENCES, 3)]


# --------------------------------------------------------------------------- the set


def _free(schedule: list[tuple[tuple[str, str], datetime]], pair: tuple[str, str],
          at: datetime, days: int = 10) -> bool:
    """Whether ``pair`` has no event within ``days`` of ``at``: two events of one pair on
    the same days would be one story to any reader."""
    return not any(other == pair and abs((when - at).days) <= days for other, when in schedule)


def _outlets(rng: random.Random, count: int) -> list[str]:
    """``count`` outlets to tell an event, preferring a mix of house styles; the press
    release wire half as often."""
    sites = list(OUTLETS)
    rng.shuffle(sites)
    chosen: list[str] = []
    styles: set[str] = set()
    for site in sites:
        style = OUTLETS[site]
        if style in styles and rng.random() < 0.7:
            continue
        if style == "pr" and rng.random() < 0.5:
            continue
        chosen.append(site)
        styles.add(style)
        if len(chosen) == count:
            break
    return chosen


def _delay(rng: random.Random, style: str) -> float:
    """Hours after the event that an outlet of ``style`` publishes (a press release at once).
    A delay is drawn for every house whichever publishes, as the probe this set comes from
    did, so that a seed keeps giving the same set."""
    drawn = {house: rng.uniform(low, high) for house, (low, high) in DELAY_HOURS.items()}
    return drawn.get(style, 0.0)


def tell(rng: random.Random, event: Event, count: int, copies: bool, prefix: str) -> list[Told]:
    """Reports of ``event`` by up to ``count`` outlets and, if ``copies``, one or two
    aggregators' copies of them; keys start with ``prefix``."""
    told = [report(rng, event, site, f"{prefix}-r{index}", _delay(rng, OUTLETS[site]))
            for index, site in enumerate(_outlets(rng, count))]
    if copies and told:
        told += _copies(rng, event, told, prefix)
    return told


def _copies(rng: random.Random, event: Event, told: list[Told], prefix: str) -> list[Told]:
    """One or two aggregators' copies, each of a report drawn from ``told``, each with a
    body found in no other article of the event."""
    sites = rng.sample(AGGREGATORS, rng.choice([1, 1, 2]))
    bodies = {each.article.text.partition("\n")[2] for each in told}
    copies = []
    for number, site in enumerate(sites):
        original = rng.choice(told)
        for _ in range(20):
            copy = syndicate(rng, original, event, site, f"{prefix}-c{number}",
                             rng.choice([0, 1, 2, 3]))
            if copy.article.text.partition("\n")[2] not in bodies:
                break
        bodies.add(copy.article.text.partition("\n")[2])
        copies.append(copy)
    return copies


def _new_event(rng: random.Random, key: str, schedule: list[tuple[tuple[str, str], datetime]],
               start: datetime, days: float) -> Event:
    """An event of a kind, an automaker and a technology company that makes such deals, at
    a time when the pair has no other event."""
    while True:
        kind = rng.choice(KINDS)
        pair = rng.choice(list(AUTOMAKERS)), rng.choice(KIND_TECH[kind])
        at = start + timedelta(hours=rng.uniform(0, 24 * days))
        if _free(schedule, pair, at):
            break
    schedule.append((pair, at))
    return Event(key, *pair, kind, at, make_facts(rng, *pair, kind))


def _later(rng: random.Random, event: Event,
           schedule: list[tuple[tuple[str, str], datetime]]) -> Event:
    """The same two companies in another kind of event, two to eight weeks on."""
    pair = event.automaker, event.tech
    for _ in range(30):
        at = event.at + timedelta(days=rng.randint(14, 60))
        if _free(schedule, pair, at):
            break
    kinds = ([kind for kind in KINDS if kind != event.kind and event.tech in KIND_TECH[kind]]
             or [kind for kind in ("talks", "ended") if kind != event.kind])
    kind = rng.choice(kinds)
    schedule.append((pair, at))
    return Event(f"{event.key}-later", *pair, kind, at, make_facts(rng, *pair, kind),
                 role="later", previous=event)


def _same_day(rng: random.Random, event: Event,
              schedule: list[tuple[tuple[str, str], datetime]]) -> Event:
    """The same kind of event within six hours, between other companies: the same
    technology company with another automaker, the same automaker with another
    technology company, or two others."""
    for _ in range(50):
        pair = _other_pair(rng, event)
        at = event.at + timedelta(hours=rng.uniform(-6, 6))
        if pair != (event.automaker, event.tech) and _free(schedule, pair, at):
            break
    shared = _shared(rng, event, pair)
    facts = replace(make_facts(rng, *pair, event.kind), **shared)
    schedule.append((pair, at))
    return Event(f"{event.key}-sameday", *pair, event.kind, at, facts, role="sameday")


def _other_pair(rng: random.Random, event: Event) -> tuple[str, str]:
    draw = rng.random()
    automakers = [name for name in AUTOMAKERS if name != event.automaker]
    techs = [name for name in KIND_TECH[event.kind] if name != event.tech] or list(TECH)
    if draw < 0.35:
        return rng.choice(automakers), event.tech
    if draw < 0.55:
        return event.automaker, rng.choice(techs)
    return rng.choice(automakers), rng.choice(techs)


def _shared(rng: random.Random, event: Event, pair: tuple[str, str]) -> dict[str, object]:
    """What a same-day event shares with ``event`` through the company they have in
    common, as at one conference: the technology company's product (and spokesperson),
    or the automaker's place (and spokesperson)."""
    facts = event.facts
    if pair[1] == event.tech:
        if rng.random() < 0.6:
            return {"product": facts.product, "tech_person": facts.tech_person}
        return {"product": facts.product}
    if pair[0] == event.automaker:
        if rng.random() < 0.5:
            return {"automaker_person": facts.automaker_person, "place": facts.place}
        return {"place": facts.place}
    return {}


def _told_with_look_alikes(rng: random.Random, event: Event,
                           schedule: list[tuple[tuple[str, str], datetime]]) -> list[Told]:
    """The reports of ``event`` and of its look-alikes (each the others' hard negative)."""
    told = tell(rng, event, rng.choice([2, 2, 3, 3, 4, 4, 5, 6]), rng.random() < 0.45, event.key)
    look_alikes = []
    if rng.random() < 0.6:
        look_alikes.append(_later(rng, event, schedule))
    if rng.random() < 0.6:
        look_alikes.append(_same_day(rng, event, schedule))
    for each in told:
        each.article.negatives = [look_alike.key for look_alike in look_alikes]
    released = any(each.article.site == RELEASE_WIRE for each in told)
    for look_alike in look_alikes:
        others = tell(rng, look_alike, rng.choice([1, 2, 2, 3]), rng.random() < 0.2,
                      look_alike.key)
        # A pair that announced its first deal by press release mostly announces the next
        # one so too: two releases sharing their boilerplate, a hard look-alike.
        if (look_alike.role == "later" and released
                and not any(each.article.site == RELEASE_WIRE for each in others)
                and rng.random() < 0.7):
            others.append(report(rng, look_alike, RELEASE_WIRE, f"{look_alike.key}-pr", 0))
        for each in others:
            each.article.negatives = [event.key]
        told += others
    return told


def _pairs_apart(told: list[Told]) -> None:
    """Any two events of the same two companies are look-alikes of each other."""
    events: dict[frozenset[str], set[str]] = {}
    for each in told:
        events.setdefault(frozenset(each.article.pair), set()).add(each.article.event)
    for each in told:
        article = each.article
        others = events[frozenset(article.pair)] - {article.event}
        article.negatives = sorted(set(article.negatives) | others)


def generate_with_traits(events: int = 200, fillers: int = 120, seed: int = 11,
                         start: datetime = START, days: float = 150) -> list[Told]:
    """The labelled set with how each article was written, oldest first: about seven
    articles per event (its reports, copies and look-alikes), plus ``fillers``.

    Events happen between ``start`` and ``days`` later, their look-alikes up to 60 days
    after that, fillers up to ``days`` + 40 days after ``start``.
    """
    rng = random.Random(seed)
    told: list[Told] = []
    schedule: list[tuple[tuple[str, str], datetime]] = []
    for index in range(events):
        event = _new_event(rng, f"e{index}", schedule, start, days)
        told += _told_with_look_alikes(rng, event, schedule)
    _pairs_apart(told)
    for index in range(fillers):
        told.append(filler(rng, index, start + timedelta(hours=rng.uniform(0, 24 * (days + 40)))))
    return sorted(told, key=lambda each: (each.article.published_at, each.article.key))


def generate(events: int = 200, fillers: int = 120, seed: int = 11, start: datetime = START,
             days: float = 150) -> list[Labelled]:
    """The labelled set, oldest first (see ``generate_with_traits``)."""
    return [each.article for each in generate_with_traits(events, fillers, seed, start, days)]
