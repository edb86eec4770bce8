"""A labelled evaluation set for stories: events told by several outlets in their own words.

Every event (two companies, a kind of deal, its figures, product, place and spokesperson,
a time) is reported by one to six outlets, each with its own headline, lead, sentence
forms, choice of facts, background paragraphs and passing mentions of rivals. Some
reports are syndicated: another outlet republishes one with a new headline, a new intro,
an outro and a changed sentence (a near-duplicate). Hard negatives are generated beside
the events: the same two companies in another event weeks later, and the same kind of
event between other companies (sharing one of them half of the time) on the same day.
Background articles of the beat, about no event in particular, are single-article
stories. Everything is drawn from a seeded random generator: the same seed gives the
same set.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from benchmarks.story_text import (
    BACKGROUND,
    FILLER_TITLES,
    KINDS,
    PEOPLE,
    PLACES,
    PRODUCT_STEMS,
    SYNONYMS,
    Kind,
)

AUTOMAKERS = ["Ford", "GM", "Stellantis", "Volkswagen", "BMW", "Mercedes-Benz", "Renault",
              "Toyota", "Honda", "Nissan", "Hyundai", "Kia", "Tata Motors", "Rivian", "Lucid",
              "Geely", "NIO", "Xpeng", "Chery", "SAIC", "Volvo Cars", "Mazda", "Subaru"]
TECH = ["Xiaomi", "Huawei", "Baidu", "Alibaba", "Tencent", "Nvidia", "Qualcomm", "Intel",
        "Mobileye", "Google", "Microsoft", "Amazon", "Apple", "CATL", "Horizon Robotics",
        "Momenta", "Hesai", "OpenAI", "Uber", "Arm Holdings", "NXP", "Gotion"]
SITES = [f"{word}.example" for word in ("autowire", "evdaily", "motorledger", "techdrive",
                                         "carbeat", "wheelpost", "chargetimes", "gridnews",
                                         "roadsignal", "voltmonitor", "asiaauto", "fleetline")]
START = datetime(2026, 1, 5, tzinfo=UTC)


@dataclass(slots=True)
class Labelled:
    """One generated article with its truth: the event it reports, what it copies."""

    key: str  # unique within the set, also the path of its URL
    site: str
    title: str
    text: str
    published_at: datetime
    event: str  # the true story label
    copy_of: str | None = None  # key of the report this one is a syndicated edit of
    negatives: list[str] = field(default_factory=list)  # events it must not join


@dataclass(slots=True)
class Event:
    key: str
    automaker: str
    tech: str
    kind: Kind
    at: datetime
    facts: dict[str, str]


def _amount(rng: random.Random) -> tuple[float, str]:
    value = rng.choice([rng.randint(2, 95) * 10, round(rng.uniform(1.1, 9.9), 1)])
    return value, "million" if value >= 20 else "billion"


def _facts(rng: random.Random) -> dict[str, str]:
    value, scale = _amount(rng)
    short = {"million": "m", "billion": "bn"}[scale]
    stem = rng.choice(PRODUCT_STEMS)
    return {
        "amount": f"${value:g} {scale}", "amount_alt": f"US${value:g}{short}",
        "units": f"{rng.randint(11, 480) * 100:,}", "pct": f"{rng.randint(3, 49)}%",
        "product": f"{stem} {rng.choice('EXZQRV')}{rng.randint(2, 9)}",
        "place": rng.choice(PLACES), "person": rng.choice(PEOPLE),
        "year": str(rng.randint(2027, 2031)),
    }


def _event(rng: random.Random, key: str, pair: tuple[str, str], kind: Kind,
           at: datetime) -> Event:
    return Event(key, pair[0], pair[1], kind, at, _facts(rng))


def _rivals(rng: random.Random, event: Event) -> list[str]:
    pool = [c for c in AUTOMAKERS + TECH if c not in (event.automaker, event.tech)]
    return rng.sample(pool, rng.randint(0, 3))


def reword(rng: random.Random, lines: list[str]) -> list[str]:
    """The lines as one outlet would word them: some words swapped for synonyms."""
    swaps = {word: rng.choice(choices) for word, choices in SYNONYMS.items() if rng.random() < 0.6}
    if not swaps:
        return lines
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, swaps)) + r")\b")
    return [pattern.sub(lambda m: swaps[m.group(1)], line) for line in lines]


def report(rng: random.Random, event: Event, site: str, key: str, delay_hours: float) -> Labelled:
    """One outlet's own report of ``event``."""
    fill = {"a": event.automaker, "t": event.tech, **event.facts}
    kind = event.kind
    title = rng.choice(kind.headlines).format(**fill)
    chosen = rng.sample(kind.fact_sentences, rng.randint(3, len(kind.fact_sentences)))
    body = [rng.choice(kind.leads).format(**fill)]
    body += [sentence.format(**fill) for sentence in chosen]
    rivals = _rivals(rng, event)
    if rivals:
        body.append(f"Rivals such as {', '.join(rivals)} are watching the market closely.")
    paragraphs = rng.sample(BACKGROUND, rng.randint(4, 9))
    body.insert(rng.randint(2, len(body)), rng.choice(kind.quotes).format(**fill))
    lines = reword(rng, [*body[:3], *paragraphs[:2], *body[3:], *paragraphs[2:]])
    text = "\n".join([title, *lines])
    at = event.at + timedelta(hours=delay_hours)
    return Labelled(key, site, title, text, at, event.key)


def syndicate(rng: random.Random, original: Labelled, site: str, key: str) -> Labelled:
    """A syndicated copy: new headline, intro and outro; one sentence changed."""
    lines = original.text.split("\n")[1:]
    changed = rng.randrange(1, len(lines))
    lines[changed] = rng.choice(BACKGROUND)
    intro = rng.choice(["(Reuters-style wire) ", "UPDATED: ", "From our partners: ", ""])
    title = f"{intro}{original.title.split(':')[-1].strip()} - {site.split('.')[0]} report"
    outro = f"This story was first published by a partner outlet and edited by {site}."
    text = "\n".join([title, f"{intro}Here is what we know so far.", *lines, outro])
    at = original.published_at + timedelta(hours=rng.uniform(0.5, 20))
    return Labelled(key, site, title, text, at, original.event, copy_of=original.key)


def _reports(rng: random.Random, event: Event, count: int) -> list[Labelled]:
    sites = rng.sample(SITES, count + 1)
    items = [report(rng, event, site, f"{event.key}-r{i}", rng.uniform(0, 40))
             for i, site in enumerate(sites[:count])]
    if count >= 2 and rng.random() < 0.5:
        items.append(syndicate(rng, items[0], sites[-1], f"{event.key}-copy"))
    return items


def _negatives(rng: random.Random, event: Event, index: int) -> list[Event]:
    """A later event of the same pair, and the same kind between other companies that day."""
    later = _event(rng, f"e{index}-later", (event.automaker, event.tech),
                   rng.choice([k for k in KINDS if k is not event.kind]),
                   event.at + timedelta(days=rng.randint(21, 60)))
    other = (event.automaker, rng.choice([t for t in TECH if t != event.tech]))
    if rng.random() < 0.5:
        other = (rng.choice([a for a in AUTOMAKERS if a != event.automaker]), rng.choice(TECH))
    same_day = _event(rng, f"e{index}-sameday", other, event.kind,
                      event.at + timedelta(hours=rng.uniform(-6, 6)))
    return [later, same_day]


def filler(rng: random.Random, index: int, start: datetime = START,
           days: float = 120) -> Labelled:
    """A beat article about no event in particular: a story of its own."""
    companies = rng.sample(AUTOMAKERS, 2) + rng.sample(TECH, 1)
    title = rng.choice(FILLER_TITLES).format(a=companies[0], b=companies[1], t=companies[2])
    lines = rng.sample(BACKGROUND, 4)
    lines.insert(1, f"{companies[0]}, {companies[1]} and {companies[2]} were named by analysts.")
    at = start + timedelta(hours=rng.uniform(0, 24 * days))
    return Labelled(f"f{index}", rng.choice(SITES), title, "\n".join([title, *lines]), at,
                    f"f{index}")


def generate(events: int = 60, fillers: int = 40, seed: int = 7, start: datetime = START,
             days: float = 120) -> list[Labelled]:
    """The labelled set, oldest first: about ten articles per three events, plus fillers.

    Events happen between ``start`` and ``days`` later; their look-alikes up to 60 days
    after that.
    """
    rng = random.Random(seed)
    articles: list[Labelled] = []
    for index in range(events):
        pair = (rng.choice(AUTOMAKERS), rng.choice(TECH))
        event = _event(rng, f"e{index}", pair, rng.choice(KINDS),
                       start + timedelta(hours=rng.uniform(0, 24 * days)))
        told = _reports(rng, event, rng.choice([1, 2, 3, 3, 4, 5, 6]))
        negatives = _negatives(rng, event, index)
        for article in told:
            article.negatives = [n.key for n in negatives]
        articles += told
        for negative in negatives:
            for article in _reports(rng, negative, rng.choice([1, 2, 3])):
                article.negatives = [event.key]
                articles.append(article)
    articles += [filler(rng, i, start, days) for i in range(fillers)]
    return sorted(articles, key=lambda a: (a.published_at, a.key))
