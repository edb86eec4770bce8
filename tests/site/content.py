"""The fixture site's stories: fictional but plausible news, with the truth the tests expect."""

from __future__ import annotations

from dataclasses import dataclass, field

PARTNER_PARAGRAPHS = (
    "{a} and {t} are in advanced talks about a partnership that would bring {t}'s {tech} "
    "into {a} vehicles sold from {year}, according to people familiar with the discussions.",
    "Under the proposed deal, the two companies would co-develop the {tech} for several "
    "electric models, with {a} handling manufacturing and {t} supplying software and chips.",
    "Executives at {a} have said for months that the company cannot build every piece of "
    "software itself, and a tie-up with {t} would shorten development by about two years.",
    "{t} declined to comment on the talks, while a spokesperson for {a} said the automaker "
    "\"regularly explores collaborations with technology leaders\" and had nothing to announce.",
    "Analysts at several banks said the partnership would make sense for both sides: {a} "
    "needs faster software cycles, and {t} wants a foothold in a market of {market}.",
    "The agreement could also include a stake, with {t} taking a minority holding in a new "
    "joint venture that would license the {tech} to other carmakers as well.",
    "Shares of {a} rose 2.4% in early trading after the report, while {t} stock was little "
    "changed as investors waited for details of the financial terms.",
)
SUBHEADING = "What the {a}–{t} deal would change"


@dataclass(frozen=True)
class Story:
    """One article of the fixture site."""

    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: str  # days ago and local time, e.g. "2 09:30"
    authors: tuple[str, ...] = ("Jane Doe", "Li Wei")
    relevant: bool = True
    companies: frozenset[str] = field(default_factory=frozenset)
    template: str = "a"
    json_ld: bool = True
    subheading: str | None = None


def partnership(path: str, automaker: str, tech: str, topic: str, days: int, template: str = "a",
                json_ld: bool = True, market: str = "about 25 million cars a year") -> Story:
    """A story about an automaker and a technology company working together."""
    values = {"a": automaker, "t": tech, "tech": topic, "year": 2028, "market": market}
    return Story(
        path=path,
        title=f"{automaker} and {tech} in talks over {topic} partnership",
        paragraphs=tuple(p.format(**values) for p in PARTNER_PARAGRAPHS),
        published=f"{days} 09:30", companies=frozenset({automaker, tech}),
        template=template, json_ld=json_ld, subheading=SUBHEADING.format(**values),
    )


FORD_XIAOMI = partnership("/news/2026/ford-xiaomi-ev-partnership-talks", "Ford", "Xiaomi",
                          "electric vehicle platform", 1)
VW_XPENG = partnership("/news/2026/volkswagen-xpeng-co-develop-platform", "Volkswagen", "Xpeng",
                       "electronic architecture", 2, template="b", json_ld=False)
GM_GOOGLE = partnership("/news/2026/gm-google-in-car-ai-assistant", "GM", "Google",
                        "in-car AI assistant", 3)
TOYOTA_HUAWEI = partnership("/news/2026/toyota-huawei-smart-cockpit", "Toyota", "Huawei",
                            "smart cockpit", 4, template="b")
HONDA_SONY = partnership("/news/2026/honda-sony-software-defined-car", "Honda", "Sony",
                         "software-defined car", 2)
MERCEDES_NVIDIA = partnership("/news/2026/mercedes-benz-nvidia-drive-deal", "Mercedes-Benz",
                              "Nvidia", "automated driving computer", 5, template="b")
NISSAN_BAIDU = partnership("/news/2026/nissan-baidu-ai-cockpit", "Nissan", "Baidu",
                           "voice assistant", 5)
BMW_QUALCOMM = partnership("/news/2026/bmw-qualcomm-driver-assistance", "BMW", "Qualcomm",
                           "driver assistance chip", 6, template="b")
HYUNDAI_SAMSUNG = partnership("/news/2026/hyundai-samsung-battery-software", "Hyundai",
                              "Samsung", "battery software", 6)
OLD_STORY = partnership("/news/2025/renault-google-android-cars", "Renault", "Google",
                        "infotainment", 200)
EMBARGOED = partnership("/private/embargoed-kia-lg-display-story", "Kia", "LG", "display", 1)
PAGED_PAIRS = (("Kia", "LG"), ("Renault", "Qualcomm"), ("Mazda", "Microsoft"), ("Subaru", "Intel"),
               ("Volvo Cars", "Amazon"), ("Polestar", "Arm"), ("Lucid", "Mobileye"))
PAGED = tuple(
    partnership(f"/news/2026/{a.lower().replace(' ', '-')}-{t.lower()}-tie-up-page-{n}", a, t,
                "connected services", 7, template="ab"[n % 2])
    for n, (a, t) in enumerate(PAGED_PAIRS, start=4)
)

FORD_RECALL = Story(
    path="/news/2026/ford-recalls-f150-trucks-seat-belt",
    title="Ford recalls 40,000 F-150 trucks over seat-belt sensor",
    paragraphs=(
        "Ford is recalling about 40,000 F-150 pickup trucks because a seat-belt sensor can "
        "fail to detect a buckled belt, the National Highway Traffic Safety Administration said.",
        "Dealers will replace the sensor free of charge, and owners will be notified by mail "
        "starting next month, according to the filing published on Tuesday.",
        "Ford said it was not aware of any accidents or injuries related to the problem, "
        "which affects trucks built at its Dearborn plant between March and June.",
        "The recall is the company's eleventh this year, a figure that has drawn criticism "
        "from analysts who follow the automaker's quality record closely.",
    ),
    published="3 14:05", authors=("Mark Stone",), relevant=False,
    companies=frozenset({"Ford"}), template="b",
)
ROUNDUP = Story(
    path="/news/2026/week-in-brief-recalls-phones-earnings",
    title="Week in brief: recalls, phones and earnings",
    paragraphs=(
        "Ford said it would recall 40,000 trucks over a seat-belt sensor fault found in testing.",
        "Xiaomi unveiled a new foldable phone with a larger battery and a brighter screen.",
        "Toyota reported a rise in quarterly profit on the strength of its hybrid sales in Asia.",
        "Nvidia shares fell 3% after the chipmaker's earnings call disappointed some investors.",
        "Elsewhere, the city council announced a partnership with a local university on transit.",
    ),
    published="2 18:45", authors=("Sam Carter",), relevant=False,
    companies=frozenset({"Ford", "Xiaomi", "Toyota", "Nvidia"}),
)
