"""Article stories of the benchmark site: headlines and paragraphs about automaker-tech deals.

Every story is drawn from its own seeded random generator, so the same index always gives
the same text and no two stories share a body (the crawler would merge them as copies).
Most stories are about one automaker-technology partnership, named several times next to
a partnership cue, as the topic tagger expects; one in ten is a market round-up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

AUTOMAKERS = ("Ford", "GM", "Volkswagen", "BMW", "Toyota", "Honda", "Nissan", "Hyundai", "Kia",
              "Stellantis", "Mercedes-Benz", "Renault", "Geely", "BYD", "Volvo Cars", "Audi")
TECH = ("Xiaomi", "Huawei", "Baidu", "Nvidia", "Qualcomm", "Google", "Microsoft", "Amazon",
        "Mobileye", "CATL", "Horizon Robotics", "Tencent", "Alibaba", "Intel", "Pony.ai", "Apple")
TOPICS = ("software", "batteries", "autonomy", "chips", "cloud", "charging")
_TOPIC_WORDS = {
    "software": ("operating system", "infotainment platform", "over-the-air update stack",
                 "voice assistant", "digital cockpit"),
    "batteries": ("battery cells", "solid-state batteries", "battery packs", "LFP cells",
                  "battery recycling"),
    "autonomy": ("driver-assistance system", "robotaxi fleet", "lidar suite",
                 "autonomous driving stack", "parking assistant"),
    "chips": ("system-on-chip", "AI accelerators", "silicon carbide chips", "zonal controllers",
              "custom processors"),
    "cloud": ("cloud platform", "data centres", "fleet analytics", "digital twin tools",
              "connected-car services"),
    "charging": ("charging network", "bidirectional chargers", "energy software",
                 "home charging units", "grid services"),
}
_CUES = ("partnership", "joint venture", "supply deal", "co-development agreement",
         "strategic alliance", "licensing deal", "memorandum of understanding")
_PLACES = ("China", "Europe", "the United States", "Japan", "South Korea", "India", "Germany")
_SOURCES = ("Reuters", "Bloomberg", "the companies", "people familiar with the matter",
            "a regulatory filing", "an analyst note", "the trade ministry")
_FIRST = ("Anna", "Ben", "Chen", "Diego", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
          "Kavya", "Liam", "Mei", "Noah", "Olga", "Priya")
_LAST = ("Schmidt", "Wang", "Garcia", "Tanaka", "Kowalski", "Okafor", "Rossi", "Nguyen",
         "Larsen", "Dubois", "Patel", "Kim", "Silva", "Novak", "Haddad", "Brennan")


@dataclass(frozen=True, slots=True)
class Story:
    """One article of the site."""

    index: int
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    published: datetime
    topic: str
    template: int


def _deal_sentences(rng: random.Random, maker: str, tech: str, topic: str) -> list[str]:
    thing, cue = rng.choice(_TOPIC_WORDS[topic]), rng.choice(_CUES)
    millions, year = rng.randint(40, 4000), rng.randint(2026, 2031)
    return [
        f"{maker} and {tech} have signed a {cue} to develop {thing} for vehicles sold from {year}.",
        f"Under the {cue}, {tech} will supply its {thing} while {maker} contributes engineering "
        f"teams and test fleets in {rng.choice(_PLACES)}.",
        f"The deal is worth about ${millions} million over {rng.randint(3, 9)} years, "
        f"according to {rng.choice(_SOURCES)}.",
        f"Executives at {maker} said the partnership with {tech} would cut development time by "
        f"{rng.randint(10, 45)} percent.",
        f"{tech} already works with {rng.randint(2, 11)} other carmakers, but the {maker} deal is "
        f"its largest in {topic} so far.",
        f"Analysts expect {maker} to announce further {thing} programmes with {tech} "
        f"before the end of {year}.",
    ]


def _market_sentences(rng: random.Random) -> list[str]:
    place, share = rng.choice(_PLACES), rng.randint(5, 60)
    return [
        f"Electric vehicle sales in {place} rose {rng.randint(2, 80)} percent in the last "
        f"quarter, reaching a share of {share} percent of new registrations.",
        f"Prices for battery-grade lithium fell to ${rng.randint(8, 30)},{rng.randint(100, 999)} "
        f"a tonne, {rng.choice(_SOURCES)} said.",
        f"Dealers reported waiting lists of {rng.randint(2, 40)} weeks for popular models.",
        f"Charging points in {place} grew to {rng.randint(10, 900)},{rng.randint(100, 999)}, "
        f"with {rng.randint(10, 70)} percent of them fast chargers.",
    ]


def _paragraphs(rng: random.Random, sentences: list[str], count: int) -> tuple[str, ...]:
    paragraphs = []
    for _ in range(count):
        rng.shuffle(sentences)
        paragraphs.append(" ".join(sentences[: rng.randint(3, 5)]))
    return tuple(paragraphs)


def make_story(index: int, now: datetime) -> Story:
    """Story ``index``, published ``index`` minutes before ``now`` (newest first)."""
    rng = random.Random(index)
    maker, tech, topic = rng.choice(AUTOMAKERS), rng.choice(TECH), TOPICS[index % len(TOPICS)]
    on_topic = index % 10 != 9
    if on_topic:
        title = f"{maker} and {tech} agree {rng.choice(_CUES)} on {rng.choice(_TOPIC_WORDS[topic])}"
        sentences = _deal_sentences(rng, maker, tech, topic) + _market_sentences(rng)
    else:
        title = f"EV market update: {rng.choice(_PLACES)} sales report, week {rng.randint(1, 52)}"
        sentences = _market_sentences(rng) + _market_sentences(rng)
    slug = "-".join(title.lower().replace(":", "").replace(",", "").replace(".", "").split())
    authors = tuple(f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 2)))
    published = now - timedelta(minutes=index)
    return Story(index=index, slug=f"{slug}-{index}", title=title,
                 paragraphs=_paragraphs(rng, sentences, rng.randint(7, 11)), authors=authors,
                 published=published.replace(second=0, microsecond=0), topic=topic,
                 template=index % 3)
