"""Releases of one pair of companies, days apart, about two events, end in the same
"About" sections, safe-harbour note and press contacts. In a short release those lie
within the opening words the story features are read from: the staff and market
counts of the "About" sections are figures of both, their contacts names of both, and
the two would be one event. Once those paragraphs are known under two stories (earlier
releases of each company with other partners), they give the features nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from benchmarks.stories import to_item
from benchmarks.story_set import Labelled
from pipelines.storage.articles import Inserts, store_batch, sync_companies
from pipelines.storage.models import Article
from pipelines.stories import records
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.features import features, without_boilerplate
from pipelines.stories.paragraphs import paragraph_hashes
from pipelines.stories.similarity import StorySettings, content_score
from pipelines.topics.catalog import load_catalog

CATALOG = load_catalog()
T0 = datetime(2026, 4, 6, 9, tzinfo=UTC)
SAFE_HARBOUR = ("This press release contains forward-looking statements that involve risks "
                "and uncertainties; actual results may differ materially from those expressed.")


def _about(company: str, what: str, staff: str, markets: int) -> str:
    return (f"About {company}: {company} {what}, with about {staff} employees in more "
            f"than {markets} markets.")


ABOUT = {
    "Ford": _about("Ford", "designs, builds and services cars, trucks and electric "
                   "vehicles", "177,000", 100),
    "Xiaomi": _about("Xiaomi", "makes smartphones, smart hardware and electric cars "
                     "connected by its own platform", "41,000", 120),
    "Toyota": _about("Toyota", "builds cars, hybrids and fuel-cell vehicles", "380,000", 170),
    "Huawei": _about("Huawei", "supplies telecoms equipment, devices and car software",
                     "207,000", 170)}


def _contact(company: str) -> str:
    return f"Media contact for {company}: {company} Global Communications, press desk"


def _release(key: str, title: str, body: list[str], pair: tuple[str, str], hours: float,
             event: str) -> Labelled:
    lines = [title, *body, ABOUT[pair[0]], ABOUT[pair[1]], SAFE_HARBOUR,
             *map(_contact, pair)]
    return Labelled(key, "pressroom.example", title, "\n".join(lines),
                    T0 + timedelta(hours=hours), event)


def _earlier(automaker: str, tech: str, partner: tuple[str, str]) -> list[Labelled]:
    """Releases of each company with another partner, about other events weeks before:
    each company's "About" section is then under two stories."""
    other_automaker, other_tech = partner
    return [_release(f"{automaker.lower()}-{n}", f"{automaker} and {other_tech} sign a {deal}",
                     [f"{automaker} and {other_tech} today said they signed a {deal} for "
                      "the next decade."], (automaker, other_tech), -24 * days,
                     f"{automaker}-{deal}")
            for n, (deal, days) in enumerate([("charging deal", 40), ("chip deal", 30)])] + [
            _release(f"{tech.lower()}-{n}", f"{other_automaker} picks {tech} for its {what}",
                     [f"{other_automaker} will use {tech} {what} in its cars from next year."],
                     (other_automaker, tech), -24 * days, f"{tech}-{what}")
            for n, (what, days) in enumerate([("maps", 35), ("voice assistant", 25)])]


CASES = {
    "ford-xiaomi": (("Ford", "Xiaomi"), ("Toyota", "Huawei"), [
        ("Ford picks Xiaomi software for its European EVs", [
            "Ford and Xiaomi today said Ford will use Xiaomi's HyperOS software in the "
            "electric cars it builds in Europe from 2028.",
            "The first model to get it is the Explorer EV, assembled in Cologne."]),
        ("Ford and Xiaomi to build a battery plant in Hungary", [
            "Ford and Xiaomi today said they will build a joint plant for lithium iron "
            "phosphate cells near Debrecen, starting production in 2029.",
            "Xiaomi supplies the cell chemistry, Ford the site and the capital."])]),
    "toyota-huawei": (("Toyota", "Huawei"), ("Ford", "Xiaomi"), [
        ("Toyota and Huawei open a cockpit software lab", [
            "Toyota and Huawei today opened a laboratory in Shanghai where their engineers "
            "will write cockpit software for cars sold in China.",
            "The lab will hire its first staff this spring."]),
        ("Huawei to supply lidar for Toyota's bZ models", [
            "Huawei will supply lidar sensors for the bZ range of electric models "
            "Toyota builds in Tianjin, the companies said today.",
            "Deliveries begin in the third quarter."])]),
}


def _store_and_place(engine: Engine, articles: list[Labelled]) -> dict[str, int]:
    """Store the releases, place them oldest first (one run each); key -> story."""
    items = [to_item(CATALOG, article) for article in articles]
    ids = sync_companies(engine, CATALOG)
    store_batch(engine, Inserts.for_engine(engine), items, T0 + timedelta(days=3), ids)
    with engine.connect() as conn:
        by_url = dict(conn.execute(select(Article.url, Article.id)).all())
    assigner = StoryAssigner(CATALOG, ids, StorySettings())
    for article in sorted(articles, key=lambda a: a.published_at):
        assigner.place_all(engine, [by_url[f"https://{article.site}/news/{article.key}"]])
    with engine.connect() as conn:
        stories = dict(conn.execute(select(Article.url, Article.story_id)).all())
    return {a.key: stories[f"https://{a.site}/news/{a.key}"] for a in articles}


def _releases(case: str) -> tuple[list[Labelled], list[Labelled]]:
    pair, partner, told = CASES[case]
    releases = [_release(f"r{n}", title, body, pair, 50 * n, f"event-{n}")
                for n, (title, body) in enumerate(told)]
    return releases, _earlier(*pair, partner)


@pytest.mark.parametrize("case", sorted(CASES))
def test_releases_of_two_events_sharing_known_boilerplate_stay_apart(engine: Engine,
                                                                     case: str) -> None:
    releases, earlier = _releases(case)
    first, second = (features(r.title, r.text, to_item(CATALOG, r).companies, CATALOG)
                     for r in releases)
    # Read with their boilerplate, the two releases are one event.
    assert content_score(first, second, 50, 72) >= StorySettings().threshold
    stories = _store_and_place(engine, [*earlier, *releases])
    assert stories["r0"] != stories["r1"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_known_boilerplate_gives_the_features_nothing(engine: Engine, case: str) -> None:
    releases, earlier = _releases(case)
    _store_and_place(engine, earlier)
    release = releases[0]
    found = features(release.title, release.text, to_item(CATALOG, release).companies, CATALOG)
    with engine.connect() as conn:
        common = records.spread(conn, paragraph_hashes(release.title, release.text))
    pair = CASES[case][0]
    assert common == set(paragraph_hashes("", "\n".join(
        [ABOUT[pair[0]], ABOUT[pair[1]], SAFE_HARBOUR, *map(_contact, pair)])))
    own = without_boilerplate(found, release.title, release.text, common, CATALOG)
    body = features(release.title, "\n".join(release.text.split("\n")[:3]), {}, CATALOG)
    assert (own.facts, own.names, own.words) == (body.facts, body.names, body.words)
    assert own.companies == found.companies and own.facts < found.facts


LEAD = ("Ford and Xiaomi said on Tuesday they will invest $2.5 billion in a joint plant for "
        "lithium iron phosphate cells near Debrecen, starting production in 2029.")
DIGESTS = {
    "briefing": ("Morning briefing: what you need to know on Tuesday", [
        "Here are the stories moving the auto and tech world this morning.", "BATTERIES",
        LEAD, "CHIPS", "Nvidia said it will open a research centre in Munich with 500 "
        "engineers, its first in Germany.", "ROBOTAXIS", "Waymo began driverless rides in "
        "Tokyo on Monday, with 40 cars at first.", "EARNINGS", "Toyota raised its full-year "
        "profit forecast by 8% on a weaker yen."]),
    "newsletter": ("The Charge: our weekly newsletter", [
        "Toyota raised its full-year profit forecast by 8% on a weaker yen, and Toyota "
        "said its hybrid sales in Europe rose by a third.", "BYD said its exports doubled "
        "in the quarter; BYD now ships cars to 70 countries.", LEAD,
        "Hyundai and Kia recalled 90,000 cars over a software fault in their chargers.",
        "Subscribe to get The Charge in your inbox every Tuesday."]),
}


@pytest.mark.parametrize("digest", sorted(DIGESTS))
def test_a_lead_a_digest_quotes_still_tells_the_event(engine: Engine, digest: str) -> None:
    """Outlets open with the companies' release lead, then write their own text; a digest
    of the day (a story of its own) quotes the lead too. The lead is then under two
    stories, but one is the story of the report's candidates: still the event's."""
    first = _labelled("r1", "Ford, Xiaomi to build battery plant in Hungary", [
        LEAD, "The plant will employ 2,000 people, the companies said.",
        "Hungary has drawn Chinese battery makers with subsidies."], 0)
    title, body = DIGESTS[digest]
    quoted = _labelled("digest", title, body, 1)
    second = _labelled("r2", "Debrecen lands another EV cell factory", [
        LEAD, "It is the first factory the two have built together outside China.",
        "Analysts said the choice of chemistry would cut costs for cheaper models."], 3)
    stories = _store_and_place(engine, [first, quoted, second])
    assert stories["r1"] == stories["r2"] != stories["digest"]


def _labelled(key: str, title: str, body: list[str], hours: float) -> Labelled:
    return Labelled(key, f"{key}.example", title, "\n".join([title, *body]),
                    T0 + timedelta(hours=hours), "event")
