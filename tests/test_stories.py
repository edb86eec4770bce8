"""Stories: features, and placing stored articles across runs on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Row, func, select

from benchmarks.stories import seed_articles, to_item
from benchmarks.story_set import KINDS, Event, Labelled, _facts, filler, report, syndicate
from pipelines.items import ArticleItem
from pipelines.storage.articles import Inserts, Outcome, store_batch, sync_companies
from pipelines.storage.database import create_db_engine, migrate
from pipelines.storage.models import (
    Article,
    ArticleBand,
    ArticleParagraph,
    ArticleSignature,
    CompanyMention,
    Story,
    StoryKey,
    StoryPair,
)
from pipelines.stories import records
from pipelines.stories.assign import BATCH, StoryAssigner
from pipelines.stories.candidates import Lookup, StoredCandidates
from pipelines.stories.features import company_weights, facts, features, names
from pipelines.stories.near_duplicates import containment
from pipelines.stories.paragraphs import paragraph_hashes
from pipelines.stories.similarity import StorySettings, company_similarity
from pipelines.topics.catalog import load_catalog
from tests.helpers import ROOT, crawl_environment

CATALOG = load_catalog()
T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def test_facts_agree_however_the_amount_is_written() -> None:
    assert facts("a $1.5 billion deal") == facts("a US$1.5bn deal") == facts("1,500 million")
    assert facts("it lost 12% in 2025 and 3 models") == {"12%"}


def test_facts_read_wire_and_regional_forms_of_amounts() -> None:
    billions = {"2.4e+09"}
    for written in ("$2.4 bln", "a $2.4-billion plan", "2.4 billions USD", "EUR 2.4bn",
                    "RMB2.4bn", "2.4 Billion dollars"):
        assert facts(written) == billions, written
    assert facts("$310 mln") == facts("310 million") == {"3.1e+08"}
    assert facts("Rs 20,000 crore") == facts("200 billion rupees") == {"2e+11"}
    assert facts("a 15 pct stake") == facts("15 per cent") == {"15%"}
    assert facts("the SU7, the XC90 and the ES8") == frozenset()  # model codes are names


def test_facts_read_a_decimal_comma_as_translated_copy_writes_it() -> None:
    # A comma before one or two digits is a decimal comma; before three, it groups thousands.
    assert facts("around 1,2 billion euros") == facts("EUR 1.2bn") == {"1.2e+09"}
    assert facts("a stake of 2,5 per cent") == facts("2.5%") == {"2.5%"}
    assert facts("12,75 million yuan") == facts("12.75 million yuan") != facts("75 million")
    assert facts("1,200 million") == facts("1.2 billion") != facts("1,2 million")
    assert facts("1,234,000 cars") == {"1.23e+06"}
    # South Asian grouping: lakh groups of two digits before the last three.
    assert facts("Rs 1,25,000 crore") == facts("1.25 trillion") == {"1.25e+12"}
    assert facts("Rs 21,49,000") == {"2.15e+06"}


def test_names_leave_out_companies_and_sentence_openers() -> None:
    found = names("Ford will build the SU7 in Valencia. Analysts agree with Xiaomi.", CATALOG)
    assert found == {"su7", "valencia"}


@pytest.mark.parametrize(("opening", "inside"), [
    ("The Orion K4 is the first model affected.", "Production of the Orion K4 starts in 2028."),
    ("The Seal U9 goes on sale in May.", "BYD said the Seal U9 goes on sale in May."),
    ("Its Atlas R2 robot will work in the plant.", "Hyundai showed the Atlas R2 robot."),
])
def test_a_model_code_after_a_sentence_opener_is_the_name_written_mid_sentence(
        opening: str, inside: str) -> None:
    assert names(opening, CATALOG) == names(inside, CATALOG) != frozenset()


def test_names_that_begin_with_a_word_that_opens_sentences_stay_whole() -> None:
    text = "Ford opened a lab in New Delhi, and Toyota backs May Mobility on One UI cars."
    assert names(text, CATALOG) == {"new delhi", "may mobility", "one ui"}


@pytest.mark.parametrize(("title", "body", "expected"), [
    ("Hyundai And Waymo Are Calling It Quits",
     "Hyundai and Waymo ended their robotaxi tie-up in Seoul, said Kim Jiwoo.",
     {"seoul", "kim jiwoo"}),
    ("BYD, Huawei Team Up On Smart Cockpits For The Seal",
     "BYD will fit Huawei cockpits to the Seal built in Shenzhen.", {"seal", "shenzhen"}),
    ("Ford and Xiaomi sign chip deal for the Mustang Mach-E",  # sentence case: kept
     "The deal was signed in Cologne.", {"mustang mach", "cologne"}),
])
def test_a_title_case_headline_gives_no_names(title: str, body: str,
                                              expected: set[str]) -> None:
    text = f"{title}\n{body}"
    found = features(title, text, {}, CATALOG).names
    assert found == expected


def test_wire_credit_lines_give_no_names() -> None:
    title = "Toyota picks Huawei for cockpit chips"
    text = (f"{title}\nToyota will fit Huawei chips in cars built in Guangzhou.\n"
            "(Reporting by Jane Smith in Tokyo; Additional reporting by Li Wei; Editing by "
            "Mark Potter)\nWriting by Anna Berg; editing by Tom Hale")
    assert features(title, text, {}, CATALOG).names == {"guangzhou"}


def test_headline_companies_weigh_most() -> None:
    weights = company_weights({"Ford": 10, "Xiaomi": 2, "Tesla": 1}, {"Xiaomi"})
    assert weights == {"Ford": 1.0, "Xiaomi": 1.0, "Tesla": 0.01}
    assert company_similarity(weights, {"Ford": 1.0, "Baidu": 1.0}) < 0.5


def test_a_company_only_the_headline_names_is_not_one_of_the_article_s() -> None:
    found = features("Ford and Xiaomi sign a deal", "Xiaomi will supply chips.\nXiaomi said so.",
                     {"Xiaomi": 2}, CATALOG)
    assert found.companies == {"Xiaomi": 1.0}


def _event(key: str, pair: tuple[str, str], kind: int, at: datetime, seed: int) -> Event:
    return Event(key, *pair, KINDS[kind], at, _facts(random.Random(seed)))


def _store(engine: Engine, articles: list[Labelled], now: datetime,
           state: bool = False) -> dict[str, int]:
    items = [to_item(CATALOG, article) for article in articles]
    for item in items:
        item.state_url = item.url if state else ""
    store_batch(engine, Inserts.for_engine(engine), items, now, sync_companies(engine, CATALOG))
    return _ids(engine, items)


def _ids(engine: Engine, items: list[ArticleItem]) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(Article.url, Article.id)).all()
    by_url = dict(rows)
    return {item.url.rsplit("/", 1)[1]: by_url[item.url] for item in items}


def _place(engine: Engine, ids: list[int], **settings: float) -> None:
    """A fresh assigner, as a new run (process) would have."""
    assigner = StoryAssigner(CATALOG, sync_companies(engine, CATALOG),
                             StorySettings(**settings))  # type: ignore[arg-type]
    assigner.place_all(engine, ids)


def _story_of(engine: Engine, article_id: int) -> int | None:
    with engine.connect() as conn:
        return conn.scalar(select(Article.story_id).where(Article.id == article_id))


def _story(engine: Engine, story_id: int) -> Row[Any]:
    with engine.connect() as conn:
        return conn.execute(select(Story.__table__).where(Story.id == story_id)).one()


def test_stories_grow_across_runs_and_keep_apart_look_alikes(engine: Engine) -> None:
    rng = random.Random(3)
    talks = _event("talks", ("Ford", "Xiaomi"), 0, T0, 1)
    first = [report(rng, talks, "autowire.example", "talks-1", 0),
             filler(rng, 1)]
    ids = _store(engine, first, T0 + timedelta(hours=2))
    _place(engine, list(ids.values()))
    story_id = _story_of(engine, ids["talks-1"])
    assert story_id is not None and story_id != _story_of(engine, ids["f1"])

    later = _event("recall", ("Ford", "Xiaomi"), 4, T0 + timedelta(days=40), 2)
    same_day = _event("other", ("Ford", "Baidu"), 0, T0 + timedelta(hours=3), 3)
    second = [report(rng, talks, "evdaily.example", "talks-2", 20),
              report(rng, talks, "carbeat.example", "talks-3", 30),
              report(rng, later, "evdaily.example", "recall-1", 0),
              report(rng, same_day, "carbeat.example", "other-1", 0)]
    ids.update(_store(engine, second, T0 + timedelta(days=41)))
    _place(engine, [ids[a.key] for a in second])

    assert _story_of(engine, ids["talks-2"]) == _story_of(engine, ids["talks-3"]) == story_id
    assert len({_story_of(engine, ids[k]) for k in ("talks-1", "recall-1", "other-1")}) == 3
    story = _story(engine, story_id)
    assert (story.articles, story.sites) == (3, 3)
    assert set(story.companies[:2]) == {"Ford", "Xiaomi"} and story.relevant
    assert story.first_published_at == T0
    assert story.last_published_at == T0 + timedelta(hours=30)
    assert story.headline == first[0].title


def test_a_story_s_headline_is_its_earliest_article_s(database_url: str) -> None:
    """The headline of the article with the earliest story clock (its time, else when it
    was first seen); of several at that time, the first stored. Read again when an
    earlier report joins."""
    from pipelines.storage.models import Story

    migrate(database_url)
    engine = create_db_engine(database_url)
    rng = random.Random(23)
    deal = _event("deal", ("Ford", "Xiaomi"), 0, T0, 4)
    later = [report(rng, deal, "a.example", "d-late", 30), report(rng, deal, "b.example",
                                                                  "d-tie-1", 10)]
    later.append(dataclasses.replace(report(rng, deal, "c.example", "d-tie-2", 10),
                                     published_at=later[1].published_at))
    ids = _store(engine, later, T0 + timedelta(days=2))
    _place(engine, list(ids.values()))
    story_id = _story_of(engine, ids["d-late"])
    assert {_story_of(engine, i) for i in ids.values()} == {story_id}
    assert _story(engine, story_id).headline == later[1].title  # the tie: first stored
    earliest = report(rng, deal, "d.example", "d-first", 1)
    ids.update(_store(engine, [earliest], T0 + timedelta(days=3)))
    _place(engine, [ids["d-first"]])
    assert _story_of(engine, ids["d-first"]) == story_id
    story = _story(engine, story_id)
    assert (story.headline, story.articles) == (earliest.title, 4)
    assert story.first_published_at == earliest.published_at
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Story)) == 1
    engine.dispose()


@pytest.mark.parametrize(("day_hours", "day_first"), [(0, False), (-24, False), (-48, True)])
def test_a_day_stated_alone_is_first_only_once_that_day_has_ended_everywhere(
        database_url: str, day_hours: int, day_first: bool) -> None:
    """A report dated by its day alone (stored as 00:00 UTC) and one timed at 08:00 UTC:
    the day's report gives the headline and first time only when its day had ended in
    every zone before 08:00 (``stated_day.day_end``), two days before, not one."""
    migrate(database_url)
    engine = create_db_engine(database_url)
    rng = random.Random(31)
    deal = _event("deal", ("Ford", "Xiaomi"), 0, T0, 4)
    timed, day = report(rng, deal, "a.example", "d-timed", 0), report(rng, deal, "b.example",
                                                                      "d-day", 1)
    items = [to_item(CATALOG, timed), to_item(CATALOG, day)]
    items[1].published_at = T0.replace(hour=0) + timedelta(hours=day_hours)
    items[1].published_precision = "day"
    store_batch(engine, Inserts.for_engine(engine), items, T0 + timedelta(days=1),
                sync_companies(engine, CATALOG))
    ids = _ids(engine, items)
    _place(engine, list(ids.values()))
    story_id = _story_of(engine, ids["d-day"])
    assert _story_of(engine, ids["d-timed"]) == story_id
    story = _story(engine, story_id)
    first = (day.title, items[1].published_at) if day_first else (timed.title, T0)
    assert (story.headline, story.first_published_at) == first
    engine.dispose()


def test_a_story_s_sites_are_counted_by_their_urls(engine: Engine) -> None:
    """An outlet that states its name on one page and not on the next (which then goes
    by its domain, ``extract.article``) is one site."""
    rng = random.Random(37)
    deal = _event("deal", ("Ford", "Xiaomi"), 0, T0, 4)
    reports = [report(rng, deal, site, f"d-{n}", n) for n, site in enumerate(
        ("autobeat.example", "autobeat.example", "evdaily.example", "carwire.example"))]
    items = [to_item(CATALOG, one) for one in reports]
    for item, name in zip(items, ("AutoBeat", "autobeat.example", "EV Daily", "Car Wire"),
                          strict=True):
        item.site = name
    store_batch(engine, Inserts.for_engine(engine), items, T0 + timedelta(days=1),
                sync_companies(engine, CATALOG))
    ids = _ids(engine, items)
    _place(engine, list(ids.values()))
    story_id = _story_of(engine, ids["d-0"])
    assert {_story_of(engine, i) for i in ids.values()} == {story_id}
    assert (_story(engine, story_id).articles, _story(engine, story_id).sites) == (4, 3)


TOPICS = ("chips", "batteries", "software", "lidar", "charging", "robotaxis", "maps",
          "cockpits", "sensors", "motors", "radar", "cloud", "voice assistants", "seats")


def _placed_beat(engine: Engine) -> dict[str, int]:
    """Articles naming one to four of five companies over four days, placed."""
    rng = random.Random(11)
    names = ["Ford", "Xiaomi", "Baidu", "BMW", "Qualcomm"]
    articles = []
    for n in range(24):
        named = rng.sample(names, 1 + n % 4)
        topic = rng.sample(TOPICS, 3)
        who = f"{', '.join(named[:-1])} and {named[-1]}" if len(named) > 1 else named[0]
        title = f"{who} weigh a deal on {topic[0]}"
        text = f"{title}\n" + " ".join(f"{name} said talks on {topic[1]} and {topic[2]} went on."
                                       for name in named)
        articles.append(Labelled(f"r{n}", f"site{n % 4}.example", title, text,
                                 T0 + timedelta(hours=4 * n), f"e{n}"))
    ids = _store(engine, articles, T0 + timedelta(days=5))
    _place(engine, list(ids.values()))
    return ids


def _shared_keys_by_brute_force(engine: Engine, article_id: int, hours: float) -> set[int]:
    """The definition: placed articles within ``hours`` sharing two of the article's
    keys (or its one), or under one of them alone, found by reading every key."""
    with engine.connect() as conn:
        keys = conn.execute(select(StoryKey.article_id, StoryKey.company_id,
                                   StoryKey.published_at)).all()
        placed = set(conn.scalars(select(Article.id).where(Article.story_id.is_not(None))))
    by_article: dict[int, set[int]] = {}
    at: dict[int, datetime] = {}
    for other, company, published in keys:
        by_article.setdefault(other, set()).add(company)
        at[other] = published
    mine, window = by_article[article_id], timedelta(hours=hours)
    return {other for other, companies in by_article.items()
            if other != article_id and other in placed and abs(at[other] - at[article_id]) <= window
            and (len(companies & mine) >= min(2, len(mine))
                 or (len(companies) == 1 and companies <= mine))}


@pytest.mark.parametrize(("hours", "step", "decoded"), [(30, 1, 1024), (5, 3, 1024), (30, 1, 2)])
def test_candidates_are_the_articles_sharing_two_companies_in_the_window(
        engine: Engine, hours: float, step: int, decoded: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pairs index finds exactly the articles the definition names, and no scan of
    a company's articles is needed for it; asked for one article or for many at once
    (every article, whose windows overlap into one interval, or every third article,
    4 hours apart, whose 5-hour windows are apart), with few or many kept decoded."""
    monkeypatch.setattr("pipelines.stories.candidates.DECODED", decoded)
    ids = _placed_beat(engine)
    with engine.connect() as conn:
        keys = {i: [k for (k,) in conn.execute(select(StoryKey.company_id)
                                                .where(StoryKey.article_id == i))]
                for i in ids.values()}
        at = dict(conn.execute(select(ArticleSignature.article_id,
                                      ArticleSignature.published_at)).all())
        assert {len(k) for k in keys.values()} == {1, 2, 3, 4}  # 1 (its own), 1, 3, 6 pairs
        assert conn.scalar(select(func.count()).select_from(StoryPair)) == sum(
            max(1, len(k) * (len(k) - 1) // 2) for k in keys.values())
        lookups = [Lookup(article_id, companies, at[article_id] - timedelta(hours=hours),
                          at[article_id] + timedelta(hours=hours))
                   for article_id, companies in sorted(keys.items())[::step]]
        together = StoredCandidates(conn, lookups)  # as a batch reads them
        found_in_all = 0
        for lookup in lookups:
            expected = _shared_keys_by_brute_force(engine, lookup.article_id, hours)
            alone = StoredCandidates(conn, [lookup]).of(lookup.article_id)
            assert [c.id for c in alone] == sorted(expected)
            assert [c.id for c in together.of(lookup.article_id)] == sorted(expected)
            found_in_all += len(expected)
        assert found_in_all >= len(lookups)


def test_the_pairs_migration_indexes_articles_placed_before_it(database_url: str) -> None:
    from alembic import command

    from pipelines.storage.database import alembic_config

    migrate(database_url)
    engine = create_db_engine(database_url)
    _placed_beat(engine)
    pair_rows = select(StoryPair.article_id, StoryPair.company_a, StoryPair.company_b,
                       StoryPair.published_at).order_by(StoryPair.article_id,
                                                        StoryPair.company_a, StoryPair.company_b)
    with engine.connect() as conn:
        written = conn.execute(pair_rows).all()
    assert any(row.company_a == row.company_b for row in written)  # single-key articles
    command.downgrade(alembic_config(database_url), "0009")
    migrate(database_url)
    with engine.connect() as conn:
        assert conn.execute(pair_rows).all() == written and written
    engine.dispose()


def test_an_article_finds_the_same_candidates_in_its_batch_as_before_it(engine: Engine) -> None:
    """Placing two articles in one batch or in two, in either order, gives the same
    story: an article under one company (the other named in passing) and one under both
    find each other wherever and whenever each was placed."""
    ford_only = Labelled(
        "ford-chips", "autowire.example", "Ford signs $2 billion chip deal for the Mustang Mach-E",
        "Ford signs $2 billion chip deal for the Mustang Mach-E\n"
        "Ford said the $2 billion deal covers chips for the Mustang Mach-E built in Cologne. "
        "Ford expects deliveries in 2027. Ford did not name the supplier. Ford shares rose. "
        "Ford said Xiaomi was not involved.", T0, "a")
    both = Labelled(
        "ford-xiaomi-chips", "evdaily.example",
        "Ford and Xiaomi sign $2 billion chip deal for the Mustang Mach-E",
        "Ford and Xiaomi sign $2 billion chip deal for the Mustang Mach-E\n"
        "Xiaomi will supply Ford with chips for the Mustang Mach-E built in Cologne under "
        "a $2 billion deal.", T0 + timedelta(hours=2), "b")
    ids = _store(engine, [ford_only, both], T0 + timedelta(hours=3))
    pair = [ids["ford-chips"], ids["ford-xiaomi-chips"]]
    _place(engine, pair)  # one batch
    together = _story_of(engine, pair[0]) == _story_of(engine, pair[1])
    with engine.connect() as conn:
        keys = {i: len(conn.execute(select(StoryKey.company_id)
                                    .where(StoryKey.article_id == i)).all()) for i in pair}
    assert keys == {pair[0]: 1, pair[1]: 2}  # the one names Xiaomi in passing only
    joined = []
    for first, second in (pair, pair[::-1]):  # two batches, either order
        with engine.begin() as conn:
            records.clear(conn)
        _place(engine, [first])
        _place(engine, [second])
        joined.append(_story_of(engine, pair[0]) == _story_of(engine, pair[1]))
    assert together and joined == [True, True]


def test_a_syndicated_copy_is_marked_and_joins_the_original_story(engine: Engine) -> None:
    rng = random.Random(5)
    deal = _event("deal", ("BMW", "Qualcomm"), 5, T0, 4)
    original = report(rng, deal, "autowire.example", "deal-1", 0)
    copy = syndicate(rng, original, "gridnews.example", "deal-copy")
    other = report(rng, deal, "carbeat.example", "deal-2", 5)  # own words: not a copy
    ids = _store(engine, [original, copy, other], T0 + timedelta(days=1))
    _place(engine, [ids["deal-1"], ids["deal-copy"], ids["deal-2"]])
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(Article))}
    marked = rows[ids["deal-copy"]]
    assert marked.near_duplicate_of == ids["deal-1"]
    assert 0.5 <= marked.near_duplicate_similarity < 1.0
    assert rows[ids["deal-2"]].near_duplicate_of is None
    assert rows[ids["deal-1"]].near_duplicate_of is None
    assert len({r.story_id for r in rows.values()}) == 1


@pytest.mark.parametrize(("days", "marked"), [(3, True), (6.5, True), (8, False), (30, False)])
def test_a_copy_is_published_within_days_of_its_original(engine: Engine, days: float,
                                                         marked: bool) -> None:
    """One template a month apart (press releases: "X and Y announce...") is another
    event, however many words the two share."""
    rng = random.Random(11)
    original = report(rng, _event("deal", ("Volvo Cars", "CATL"), 2, T0, 6),
                      "autowire.example", "first", 0)
    copy = dataclasses.replace(syndicate(rng, original, "gridnews.example", "later"),
                               published_at=T0 + timedelta(days=days))
    ids = _store(engine, [original, copy], T0 + timedelta(days=40))
    _place(engine, [ids["first"], ids["later"]])
    with engine.connect() as conn:
        of = conn.scalar(select(Article.near_duplicate_of).where(Article.id == ids["later"]))
    assert (of == ids["first"]) is marked


_WIRE = ("Toyota picks Huawei for cockpit chips in China",
         "Toyota will use Huawei chips and software in the cockpits of cars it builds in China "
         "from next year, the two companies said on Tuesday. The deal covers the bZ3X and two "
         "models still to be named. Huawei will also supply its HarmonyOS assistant, and "
         "engineers from both sides will work at a new site in Guangzhou, a Toyota "
         "spokesperson said.")
_INTRO = ("Japan's biggest carmaker has turned to a Chinese technology group for the brains "
          "of its dashboards, a sign of how far foreign brands now lean on local suppliers to "
          "keep up in the world's largest car market.")
_OUTRO = ("This article was first published by a partner news service. It was edited for "
          "length and style by our desk in Tokyo, which added the context above.")


def test_containment_is_the_share_of_the_smaller_set_in_the_other() -> None:
    a, b = set(range(60)), set(range(10, 110))  # 50 shared of 60 and 100
    assert containment(len(a & b) / len(a | b), len(a), len(b)) == pytest.approx(50 / 60)
    assert containment(1.0, 40, 40) == 1.0 and containment(0.0, 40, 80) == 0.0


def test_a_short_wire_with_a_new_intro_and_outro_is_a_copy(engine: Engine) -> None:
    """Its Jaccard similarity to the wire is under the threshold (the wire is short), but
    the copy contains the wire's text, in its order; an analysis that quotes the wire
    whole is more than COPY_LENGTH_RATIO times its length and is no copy."""
    title, text = _WIRE
    wire = Labelled("wire", "wire.example", title, f"{title}\n{text}", T0, "deal")
    copy_text = f"Toyota turns to Huawei\n{_INTRO}\n{text}\n{_OUTRO}"
    copy = Labelled("copy", "daily.example", "Toyota turns to Huawei", copy_text,
                    T0 + timedelta(hours=5), "deal")
    own = [f"Analysts at {bank} expect {topic} to {verb} by {year}, {who} told clients."
           for bank, topic, verb, year, who in zip(
               ["Nomura", "Bernstein", "CLSA", "Jefferies", "Macquarie", "Citi"],
               ["software revenue", "cockpit margins", "chip imports", "dealer traffic",
                "export volumes", "warranty costs"],
               ["double", "narrow", "fall sharply", "recover", "stall", "climb"],
               ["2027", "2028", "2029", "2030", "2031", "2032"],
               ["a note", "its research desk", "one strategist", "a report", "a memo",
                "an adviser"], strict=True)]
    quoting = Labelled(  # the wire quoted whole in an analysis more than twice its length
        "analysis", "weekly.example", "Why Toyota needs Huawei",
        "\n".join(["Why Toyota needs Huawei", text, *own, *[o.replace("Analysts at", "Traders")
                                                              for o in own]]),
        T0 + timedelta(hours=9), "deal")
    ids = _store(engine, [wire, copy, quoting], T0 + timedelta(hours=10))
    _place(engine, [ids["wire"], ids["copy"], ids["analysis"]])
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(Article.id, Article.near_duplicate_of,
                                                     Article.near_duplicate_similarity))}
    assert rows[ids["copy"]].near_duplicate_of == ids["wire"]
    assert rows[ids["copy"]].near_duplicate_similarity < 0.5  # not the Jaccard path
    assert rows[ids["analysis"]].near_duplicate_of is None


_WIRE_CLOSE = ("Toyota's shares rose 2% in Tokyo after the announcement. Huawei has signed "
               "similar cockpit deals with three other carmakers this year, and analysts "
               "expect more to follow as foreign brands fight for buyers in China's crowded "
               "electric car market. Toyota said it would name the two further models "
               "before the Shanghai motor show in April.")


def test_a_copy_that_drops_the_closing_paragraph_is_a_copy(engine: Engine) -> None:
    """The other way round: the original contains the copy; their Jaccard similarity is
    about 0.46."""
    title, text = _WIRE
    wire = Labelled("long", "wire.example", title, f"{title}\n{text}\n{_WIRE_CLOSE}", T0, "d")
    cut = Labelled("cut", "daily.example", "Huawei wins Toyota cockpit order",
                   f"Huawei wins Toyota cockpit order\n{text}", T0 + timedelta(hours=2), "d")
    ids = _store(engine, [wire, cut], T0 + timedelta(hours=3))
    _place(engine, [ids["long"], ids["cut"]])
    with engine.connect() as conn:
        of = conn.scalar(select(Article.near_duplicate_of).where(Article.id == ids["cut"]))
    assert of == ids["long"]


_LINKED = {  # a and b share too little to be one event; c, published after, links both
    "a": ("Ford and Xiaomi sign $2 billion chip deal",
          "Ford and Xiaomi signed a $2 billion agreement on semiconductors on Monday, "
          "according to a filing. The agreement runs until 2036 and covers 40% of the "
          "carmaker's needs."),
    "b": ("Xiaomi to supply Ford's Mustang Mach-E plant in Cologne",
          "Xiaomi will ship processors to the Cologne factory that builds the Mustang Mach-E, "
          "Ford said. Jim Farley welcomed the partnership with Lei Jun."),
    "c": ("Ford, Xiaomi seal $2 billion chip pact for Mustang Mach-E in Cologne",
          "Ford and Xiaomi sealed a $2 billion chip pact covering 40% of needs, for the "
          "Mustang Mach-E built in Cologne. Jim Farley and Lei Jun signed it."),
}


@pytest.mark.parametrize("merge_threshold", [0.4, 0.9])
def test_an_article_linking_two_stories_merges_them_into_the_older(
        engine: Engine, merge_threshold: float) -> None:
    reports = [Labelled(key, f"{key}.example", title, f"{title}\n{text}",
                        T0 + timedelta(hours=n), "deal")
               for n, (key, (title, text)) in enumerate(_LINKED.items())]
    ids = _store(engine, reports, T0 + timedelta(hours=3))
    _place(engine, [ids["a"]])
    _place(engine, [ids["b"]])
    first, second = _story_of(engine, ids["a"]), _story_of(engine, ids["b"])
    assert first is not None and second is not None and first < second  # apart so far
    _place(engine, [ids["c"]], merge_threshold=merge_threshold)
    stories = {key: _story_of(engine, ids[key]) for key in ids}
    with engine.connect() as conn:
        left = set(conn.scalars(select(Story.id)))
    if merge_threshold == 0.4:
        assert stories == {"a": first, "b": first, "c": first} and left == {first}
        assert _story(engine, first).articles == 3
        with engine.begin() as conn:
            records.clear(conn)
        _place(engine, [ids["a"], ids["b"], ids["c"]])  # one batch: stories not yet opened
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Story)) == 1
        assert len({_story_of(engine, ids[key]) for key in ids}) == 1
    else:  # linked, but not strongly enough to merge: c joins its best, b's story
        assert stories == {"a": first, "b": second, "c": second} and left == {first, second}


# Two deals of one day, each reported once, and a briefing that reports both at equal
# length: it scores with either report, and must not chain their stories into one.
_BRIDGED = {
    "other companies": [
        ("Ford picks Nvidia chips for next driver-assist computer",
         "Ford will use the Nvidia Drive Thor processor in the computer of its next electric "
         "pickup, Ford said on Tuesday, in a contract worth about $900 million."),
        ("Honda chooses Qualcomm for its cockpit platform",
         "Honda will fit the Qualcomm Snapdragon Cockpit Elite in its 0 Series electric cars, "
         "Honda said on Tuesday. Production starts in Ohio."),
        ("Tuesday briefing: two chip deals for carmakers",
         "Ford will use the Nvidia Drive Thor processor in its next electric pickup, in a "
         "contract worth about $900 million. Ford shares rose; Nvidia was flat.\n"
         "Honda picked the Qualcomm Cockpit Elite platform for its 0 Series electric cars, "
         "with production in Ohio. Honda gave no value for the Qualcomm deal.")],
    "one company, other partners": [
        ("Geely signs Huawei deal for driver assistance software",
         "Geely will license Huawei driver assistance software for its Galaxy cars, "
         "Geely said on Wednesday, in a deal worth 3 billion yuan."),
        ("Geely and CATL agree battery swapping venture",
         "Geely and CATL will set up a battery swapping venture with 1,000 stations in "
         "Zhejiang by 2027, Geely said on Wednesday."),
        ("Midweek round-up: two partners for Geely",
         "Geely will license Huawei driver assistance software for its Galaxy cars, in a "
         "deal worth 3 billion yuan.\n"
         "Geely and CATL will also set up a battery swapping venture with 1,000 stations "
         "in Zhejiang by 2027.")]}


def _bridged(engine: Engine, kind: str) -> dict[str, int]:
    reports = [Labelled(key, f"{key}.example", title, f"{title}\n{text}",
                        T0 + timedelta(hours=n), key)
               for n, (key, (title, text)) in enumerate(zip("abc", _BRIDGED[kind]))]
    return _store(engine, reports, T0 + timedelta(hours=3))


@pytest.mark.parametrize("kind", sorted(_BRIDGED))
def test_a_briefing_reporting_two_deals_does_not_merge_their_stories(engine: Engine,
                                                                     kind: str) -> None:
    ids = _bridged(engine, kind)
    _place(engine, [ids["a"]])
    _place(engine, [ids["b"]])
    first, second = _story_of(engine, ids["a"]), _story_of(engine, ids["b"])
    assert first != second
    _place(engine, [ids["c"]], merge_threshold=0.1)
    assert (_story_of(engine, ids["a"]), _story_of(engine, ids["b"])) == (first, second)
    # It reports several partnerships: two companies lead each side, or one company's two
    # partners each in paragraphs of their own with it. It is of neither deal.
    assert _story_of(engine, ids["c"]) not in {first, second}


@pytest.mark.parametrize("kind", sorted(_BRIDGED))
def test_a_briefing_placed_first_is_no_link_between_the_deals(engine: Engine,
                                                              kind: str) -> None:
    """Of deals of other companies, two companies lead each side of the briefing; of one
    company's two partners, each partner is in paragraphs of its own with the company."""
    ids = _bridged(engine, kind)
    for key in "cab":  # the briefing first, then a report of each deal, night by night
        _place(engine, [ids[key]])
    assert len({_story_of(engine, ids[key]) for key in "abc"}) == 3


# One company's two partners in one deal: every report names the three together, or
# names the second partner in a paragraph of its own, without the first company.
_THREE_WAY = [
    ("a", "Geely, Huawei and CATL form a smart battery venture",
     "Geely, Huawei and CATL will set up a venture for battery management software in "
     "Ningbo, Geely said on Thursday, worth 2 billion yuan.\n"
     "Huawei brings its software and CATL its cells; Geely will fit them from 2027."),
    ("b", "Geely teams up with Huawei on battery software",
     "Geely and Huawei will build battery management software in a Ningbo venture worth "
     "2 billion yuan, Geely said on Thursday.\n"
     "CATL will supply the cells for the venture's test packs.")]


def test_a_three_company_deal_whose_reports_name_a_partner_apart_is_one_event(
        engine: Engine) -> None:
    """No briefing: the partners share a paragraph, or one is named without the company."""
    reports = [Labelled(key, f"{key}.example", title, f"{title}\n{text}",
                        T0 + timedelta(hours=n), "venture")
               for n, (key, title, text) in enumerate(_THREE_WAY)]
    ids = _store(engine, reports, T0 + timedelta(hours=3))
    _place(engine, [ids["a"]])
    _place(engine, [ids["b"]])
    assert _story_of(engine, ids["a"]) == _story_of(engine, ids["b"])


def test_reports_of_a_four_company_deal_that_name_all_four_are_one_event(
        engine: Engine) -> None:
    """Two companies lead each side, as in a briefing, but every report names all four."""
    reports = [Labelled(key, f"{key}.example", title, f"{title}\n{text}",
                        T0 + timedelta(hours=n), "alliance")
               for n, (key, title, text) in enumerate([
                   ("a", "Toyota, Mazda, Nvidia and Huawei form software alliance",
                    "Toyota and Mazda will develop car software with Nvidia and Huawei in a "
                    "venture worth 500 billion yen, Toyota said on Monday."),
                   ("b", "Japanese carmakers team up with Nvidia and Huawei on software",
                    "Mazda and Toyota agreed with Huawei and Nvidia to build a common car "
                    "operating system in a 500 billion yen venture based in Nagoya.")])]
    ids = _store(engine, reports, T0 + timedelta(hours=3))
    _place(engine, [ids["a"]])
    _place(engine, [ids["b"]])
    assert _story_of(engine, ids["a"]) == _story_of(engine, ids["b"])


def _recast(article: Labelled, key: str, names: dict[str, str]) -> Labelled:
    """The same text with other company names: one mould, another subject."""
    title, text = article.title, article.text
    for old, new in names.items():
        title, text = title.replace(old, new), text.replace(old, new)
    return Labelled(key, "moulds.example", title, text, article.published_at, key)


def test_company_bits_never_keep_out_an_article_about_a_shared_company() -> None:
    """The bits stored beside the bands may let an article about other companies through
    (ids equal modulo 63 share a bit), never keep out one sharing a company."""
    rng = random.Random(5)
    for _ in range(2000):
        a = set(rng.sample(range(1, 300), rng.randint(1, 5)))
        b = set(rng.sample(range(1, 300), rng.randint(1, 5)))
        if a & b:
            assert records.company_bits(a) & records.company_bits(b)
    assert records.company_bits([4]) & records.company_bits([4 + records.COMPANY_BITS])
    assert not records.company_bits([4]) & records.company_bits([5])
    assert records.company_bits([]) == 0
    assert records.company_bits(None) & records.company_bits([62]) and records.company_bits(None)
    assert 0 < records.company_bits([62]) < 2**63  # fits a signed BIGINT, sign bit unused


_AROUND_T0 = (T0 - timedelta(days=30), T0 + timedelta(days=30))


@pytest.mark.parametrize("at", [datetime(1, 1, 1, 6, tzinfo=UTC),
                                datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
                                datetime(2600, 1, 1, 0, 59, 59, 999999, tzinfo=UTC)])
def test_an_article_dated_at_the_ends_of_time_is_placed(engine: Engine, at: datetime) -> None:
    """A page's bad date (year 1, year 9999) does not stop placing: the windows around it
    are cut to the range of datetimes, and its band rows' hour is exact."""
    rng = random.Random(2)
    odd = dataclasses.replace(report(rng, _event("deal", ("BMW", "Qualcomm"), 2, T0, 8),
                                     "autowire.example", "odd", 0), published_at=at)
    ids = _store(engine, [odd], T0)
    _place(engine, list(ids.values()))
    assert _story_of(engine, ids["odd"]) is not None
    with engine.connect() as conn:
        hours = set(conn.scalars(select(ArticleBand.hour)))
    seconds = (at - datetime(1970, 1, 1, tzinfo=UTC)).days * 86400 + (
        at - datetime(1970, 1, 1, tzinfo=UTC)).seconds
    assert hours == {records.clock_hour(at)} == {seconds // 3600}


def test_colliding_articles_are_those_within_the_copy_window(engine: Engine) -> None:
    """The near-duplicate lookup reads only the colliding articles published within the
    window it is given (both ends included), tested on the band rows in whole hours: a
    copy is never far in time from its original, and a long table is not read all
    through."""
    rng = random.Random(5)
    original = report(rng, _event("deal", ("BMW", "Qualcomm"), 2, T0, 8), "autowire.example",
                      "deal", 0)
    copies = [dataclasses.replace(syndicate(rng, original, f"site{days}.example", f"copy-{days}"),
                                  published_at=original.published_at + timedelta(days=days))
              for days in (1, 7, 12)]
    ids = _store(engine, [original, *copies], T0 + timedelta(days=20))
    _place(engine, list(ids.values()))
    with engine.connect() as conn:
        bands = [band for (band,) in conn.execute(select(ArticleBand.band).where(
            ArticleBand.article_id == ids["deal"]))]
        stored = dict(conn.execute(select(ArticleBand.article_id, ArticleBand.hour)
                                   .distinct()).all())

        def found(start_days: float, end_days: float) -> set[str]:
            window = (original.published_at + timedelta(days=start_days),
                      original.published_at + timedelta(days=end_days))
            keys = {i: key for key, i in ids.items()}
            return {keys[i] for i, _ in records.colliding(conn, bands, -1, window)}

        assert stored == {ids[a.key]: records.clock_hour(a.published_at)
                          for a in [original, *copies]}
        assert found(-30, 30) == {"deal", "copy-1", "copy-7", "copy-12"}  # one text: all collide
        assert found(-7, 7) == {"deal", "copy-1", "copy-7"}  # the end is included
        assert found(0.5, 11) == {"copy-1", "copy-7"}
        assert found(-30, -1) == set()
    assert _story_of(engine, ids["copy-7"]) == _story_of(engine, ids["deal"])


def test_colliding_articles_are_those_naming_one_of_its_companies(engine: Engine) -> None:
    """The near-duplicate lookup reads only the colliding articles that name one of the
    article's companies (or, for an article naming none, those naming none): exactly the
    colliding articles a copy can be, since a copy is about its original's companies."""
    rng = random.Random(11)
    original = report(rng, _event("deal", ("BMW", "Qualcomm"), 2, T0, 8), "autowire.example",
                      "deal", 0)
    articles = [original, syndicate(rng, original, "gridnews.example", "copy"),
                _recast(original, "other", {"BMW": "Ford", "Qualcomm": "Xiaomi"}),
                _recast(original, "half", {"Qualcomm": "Xiaomi"}),
                _recast(original, "none", {"BMW": "the carmaker", "Qualcomm": "the chipmaker"}),
                _recast(original, "none-2", {"BMW": "a carmaker", "Qualcomm": "a chipmaker"})]
    ids = _store(engine, articles, T0 + timedelta(days=1))
    _place(engine, list(ids.values()))
    with engine.connect() as conn:
        bands: dict[int, list[int]] = {}
        for article_id, band in conn.execute(select(ArticleBand.article_id, ArticleBand.band)):
            bands.setdefault(article_id, []).append(band)
        named: dict[int, set[int]] = {i: set() for i in ids.values()}
        for article_id, company in conn.execute(select(CompanyMention.article_id,
                                                       CompanyMention.company_id)):
            named[article_id].add(company)
        stored_bits = dict(conn.execute(select(ArticleBand.article_id,
                                               ArticleBand.companies)).all())
        found = {}
        for key, i in ids.items():
            assert stored_bits[i] == records.company_bits(named[i])
            every = {j for j, _ in records.colliding(conn, bands[i], i, _AROUND_T0)}
            assert every == set(ids.values()) - {i}  # one mould: all collide
            expected = {j for j in every if named[j] & named[i] or not named[j] | named[i]}
            found[key] = {j for j, _ in records.colliding(conn, bands[i], i, _AROUND_T0,
                                                          sorted(named[i]))}
            assert found[key] == expected
    by_id = {i: key for key, i in ids.items()}
    assert {by_id[j] for j in found["deal"]} == {"copy", "half"}
    assert {by_id[j] for j in found["other"]} == {"half"}
    assert {by_id[j] for j in found["none"]} == {"none-2"}


def _sentences(template: str, count: int) -> str:
    return " ".join(template.format(i=i) for i in range(count))


# (original headline, copy headline, body naming no company, the copy's edit)
_HEADLINE_ONLY = {
    "one headline": (
        "Ford and Qualcomm agree on a connected-car platform", None,
        _sentences("The carmaker and the chip designer said sentence {i} of their statement "
                   "covers cells, software and a plant in region {i}.", 25),
        lambda body: body.replace("cells", "batteries", 1) + " Shares rose."),
    "aliases in the headlines": (
        "VW and Xpeng widen their platform deal", "Volkswagen, Xpeng to widen platform deal",
        _sentences("The carmaker and its Chinese partner said phase {i} of the platform deal "
                   "covers cells and code in plant {i}.", 20),
        lambda body: "From our partners: " + body.replace("cells", "batteries", 2)),
    "edits at both ends": (
        "Xiaomi signs pact with Ford", "Ford pact: Xiaomi signs",
        _sentences("The smartphone maker and the carmaker said item {i} of their pact spans "
                   "chips, maps and a lab in city {i}.", 18),
        lambda body: "UPDATED: Here is what we know. " + body + " Edited by our desk."),
}


@pytest.mark.parametrize("case", sorted(_HEADLINE_ONLY))
def test_a_copy_is_found_where_the_text_does_not_repeat_the_headline(engine: Engine,
                                                                      case: str) -> None:
    """An article's companies are those it is tagged with: a company its headline names
    but its text does not is left out of its features, so a copy is looked for (and
    found) among the articles tagged alike."""
    title, copy_title, body, edit = _HEADLINE_ONLY[case]
    original = Labelled("original", "a.example", title, body, T0, "e")
    copy = Labelled("copy", "b.example", copy_title or title, edit(body),
                    T0 + timedelta(hours=2), "e")
    ids = _store(engine, [original, copy], T0 + timedelta(days=1))
    _place(engine, [ids["original"]])
    _place(engine, [ids["copy"]])  # a later batch: the original is looked up in the table
    with engine.connect() as conn:
        marked = conn.execute(select(Article.near_duplicate_of, Article.story_id)
                              .where(Article.id == ids["copy"])).one()
        features = conn.scalar(select(ArticleSignature.features)
                               .where(ArticleSignature.article_id == ids["copy"]))
    assert features["companies"] == {}
    assert marked == (ids["original"], _story_of(engine, ids["original"]))


def test_an_edited_article_moves_and_an_emptied_story_goes(engine: Engine) -> None:
    rng = random.Random(8)
    chips = _event("chips", ("Hyundai", "Nvidia"), 5, T0, 5)
    plant = _event("plant", ("Toyota", "CATL"), 6, T0, 6)
    reports = [report(rng, chips, "autowire.example", "chips-1", 0),
               report(rng, plant, "evdaily.example", "plant-1", 1),
               report(rng, plant, "carbeat.example", "plant-2", 2)]
    ids = _store(engine, reports, T0 + timedelta(hours=5), state=True)
    _place(engine, list(ids.values()))
    moved_from = _story_of(engine, ids["plant-2"])
    assert moved_from == _story_of(engine, ids["plant-1"]) != _story_of(engine, ids["chips-1"])

    # The page of plant-2 now carries another outlet's report of the chips deal.
    edited = report(rng, chips, "carbeat.example", "plant-2", 3)
    item = to_item(CATALOG, edited)
    item.state_url = item.url
    outcome = store_batch(engine, Inserts.for_engine(engine), [item],
                          T0 + timedelta(hours=9), sync_companies(engine, CATALOG))
    assert outcome == [Outcome.UPDATED]
    StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings()).place_pending(engine)
    assert _story_of(engine, ids["plant-2"]) == _story_of(engine, ids["chips-1"])
    assert _story(engine, moved_from).articles == 1
    with engine.connect() as conn:  # its paragraph index is that of its new text
        keys = set(conn.scalars(select(ArticleParagraph.hash)
                                .where(ArticleParagraph.article_id == ids["plant-2"])))
    assert keys == set(paragraph_hashes(edited.title, edited.text))

    # plant-1 is edited into the chips story too: its old story is left empty and deleted.
    item = to_item(CATALOG, report(rng, chips, "evdaily.example", "plant-1", 4))
    item.state_url = item.url
    store_batch(engine, Inserts.for_engine(engine), [item], T0 + timedelta(hours=10),
                sync_companies(engine, CATALOG))
    StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings()).place_pending(engine)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Story)) == 1
        assert conn.scalar(select(Story.articles)) == 3


@pytest.mark.parametrize("alone", [True, False])
def test_an_edited_article_alone_in_its_story_keeps_the_story_s_id(engine: Engine,
                                                                  alone: bool) -> None:
    """A story of one article whose text is edited (a paragraph added): placed again, it
    opens no new story, so consumers see the story change, not go and come back. (A
    story it leaves for another stays with its other articles, and it opens a new one.)"""
    rng = random.Random(9)
    chips = _event("chips", ("Hyundai", "Nvidia"), 5, T0, 5)
    first = report(rng, chips, "autowire.example", "chips-1", 0)
    reports = [first] if alone else [first, report(rng, chips, "evdaily.example", "chips-2", 1)]
    ids = _store(engine, reports, T0 + timedelta(hours=5), state=True)
    _place(engine, list(ids.values()))
    before = _story_of(engine, ids["chips-1"])
    edited = dataclasses.replace(first, text=first.text + "\nHyundai shares rose 2% in Seoul.")
    if not alone:  # now of another event: it leaves its story
        edited = report(rng, _event("plant", ("Toyota", "CATL"), 6, T0, 6),
                        "autowire.example", "chips-1", 2)
    item = to_item(CATALOG, edited)
    item.state_url = item.url
    store_batch(engine, Inserts.for_engine(engine), [item], T0 + timedelta(hours=9),
                sync_companies(engine, CATALOG))
    StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings()).place_pending(engine)
    assert (_story_of(engine, ids["chips-1"]) == before) is alone
    assert _story(engine, before).articles == 1


@pytest.mark.postgres
def test_processes_placing_at_once_place_each_article_once(postgres_url: str) -> None:
    """Two processes of a shared run place the same pending articles at the same time (as
    each does when it closes): one at a time, and what one placed the other leaves."""
    migrate(postgres_url)
    engine = create_db_engine(postgres_url)
    rng = random.Random(11)
    deal = _event("deal", ("Ford", "Xiaomi"), 0, T0, 12)
    articles = [filler(rng, i) for i in range(2 * BATCH + 50)]
    articles += [report(rng, deal, f"site{i}.example", f"deal-{i}", i) for i in range(3)]
    ids = _store(engine, articles, T0 + timedelta(days=130))
    engines = [create_db_engine(postgres_url) for _ in range(2)]
    assigners = [StoryAssigner(CATALOG, sync_companies(e, CATALOG), StorySettings())
                 for e in engines]
    start = threading.Barrier(2)

    def place(number: int) -> int:
        start.wait()
        return assigners[number].place_pending(engines[number])

    with ThreadPoolExecutor(2) as pool:
        placed = list(pool.map(place, range(2)))
    assert sum(placed) == len(ids)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ArticleSignature)) == len(ids)
        assert conn.scalar(select(func.count()).where(Article.story_id.is_(None))) == 0
    assert len({_story_of(engine, ids[f"deal-{i}"]) for i in range(3)}) == 1
    for each in (engine, *engines):
        each.dispose()


def test_rebuild_applies_new_settings_without_crawling(engine: Engine) -> None:
    rng = random.Random(11)
    jv = _event("jv", ("GM", "Baidu"), 3, T0, 7)
    sites = ["autowire.example", "evdaily.example", "gridnews.example"]
    reports = [report(rng, jv, site, f"jv-{i}", 4 * i) for i, site in enumerate(sites)]
    ids = _store(engine, reports, T0 + timedelta(days=1))
    assigner = StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings())
    assigner.place_all(engine, list(ids.values()))
    assert len({_story_of(engine, i) for i in ids.values()}) == 1

    strict = StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings(threshold=5))
    assert strict.rebuild(engine) == 3
    assert len({_story_of(engine, i) for i in ids.values()}) == 3
    assigner.rebuild(engine)
    assert len({_story_of(engine, i) for i in ids.values()}) == 1
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Story)) == 1


def test_stories_command_rebuilds_with_settings_and_refuses_bad_arguments(
        sqlite_url: str, tmp_path: Path) -> None:
    from pipelines.storage.database import create_db_engine, migrate
    migrate(sqlite_url)
    engine = create_db_engine(sqlite_url)
    rng = random.Random(13)
    ev = _event("ev", ("Kia", "Tencent"), 1, T0, 9)
    ids = _store(engine, [report(rng, ev, "autowire.example", f"ev-{i}", i) for i in range(3)],
                 T0 + timedelta(days=1))
    command = [sys.executable, "-m", "scrapy", "stories"]
    environment = crawl_environment(sqlite_url)
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len({_story_of(engine, i) for i in ids.values()}) == 1
    strict = [*command, "--rebuild", "-s", "STORIES_THRESHOLD=5"]
    done = subprocess.run(strict, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len({_story_of(engine, i) for i in ids.values()}) == 3
    bad = subprocess.run([*command, "extra"], cwd=ROOT, env=environment, capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "unexpected arguments: extra" in bad.stderr
    engine.dispose()


def test_stories_command_fails_loudly_on_a_dead_database(tmp_path: Path) -> None:
    environment = crawl_environment("postgresql+psycopg://postgres@127.0.0.1:9/none")
    done = subprocess.run([sys.executable, "-m", "scrapy", "stories"], cwd=ROOT,
                          env=environment, capture_output=True, text=True)
    assert done.returncode == 1 and "stories: failed" in done.stderr


@pytest.mark.parametrize(("setting", "named"), [
    ("STORIES_THRESHOLD=high", "STORIES_THRESHOLD='high'"),
    ("STORIES_NUM_PERM=1.5", "STORIES_NUM_PERM='1.5'"),
    ("STORIES_NEAR_DUPLICATE_DAYS=inf", "STORIES_NEAR_DUPLICATE_DAYS='inf'"),
    ("STORIES_WINDOW_HOURS=nan", "STORIES_WINDOW_HOURS='nan'"),
    ("STORIES_NEAR_DUPLICATE_CONTAINMENT=-1", "from 0 to 1"),
    ("STORIES_MERGE_THRESHOLD=1e400", "STORIES_MERGE_THRESHOLD='1e400'"),
    ("TOPIC_COMPANIES_FILE=/nonexistent/companies.toml", "/nonexistent/companies.toml")])
def test_stories_command_names_a_bad_setting_and_exits_2(sqlite_url: str, setting: str,
                                                        named: str) -> None:
    done = subprocess.run([sys.executable, "-m", "scrapy", "stories", "--rebuild", "-s", setting],
                          cwd=ROOT, env=crawl_environment(sqlite_url), capture_output=True,
                          text=True)
    assert done.returncode == 2, done.stderr
    assert named in done.stderr and "Traceback" not in done.stderr


def test_seed_articles_form_one_story_an_unrelated_one_stays_out(engine: Engine,
                                                                 shared_dir: Path) -> None:
    rng = random.Random(17)
    anchor = Labelled("anchor", "x.example", "", "", T0, "anchor")
    seeds = seed_articles(shared_dir / "seed-articles", anchor)
    unrelated = report(rng, _event("recall", ("Ford", "Xiaomi"), 4, T0, 10),
                       "autowire.example", "recall-1", 2)
    ids = _store(engine, [*seeds, unrelated, filler(rng, 2)], T0 + timedelta(days=1))
    _place(engine, sorted(ids.values()))
    assert len(seeds) == 2
    stories = {key: _story_of(engine, article_id) for key, article_id in ids.items()}
    seed_story = {stories[s.key] for s in seeds}
    assert len(seed_story) == 1
    assert stories["recall-1"] not in seed_story and stories["f2"] not in seed_story


def test_the_extraction_worker_computes_the_story_signals() -> None:
    from pipelines.extract.clean import clean_page
    from pipelines.stories.features import signals
    from pipelines.topics.catalog import DEFAULT_COMPANIES_FILE
    from tests.site.story_site import page
    rng = random.Random(19)
    article = report(rng, _event("ev", ("Ford", "Xiaomi"), 0, T0, 11), "a.example", "ev-1", 0)
    clean = clean_page(page(article), "https://a.example/news/ev-1", str(DEFAULT_COMPANIES_FILE),
                       0.5, 3)
    assert not isinstance(clean, str) and clean.story is not None
    expected = signals(clean.article.title, clean.article.text, clean.topic.companies, CATALOG, 3)
    assert clean.story == expected
    assert {"Ford", "Xiaomi"} <= set(clean.story["features"]["companies"])
    without = clean_page(page(article), "https://a.example/news/ev-1",
                         str(DEFAULT_COMPANIES_FILE), 0.5)
    assert not isinstance(without, str) and without.story is None


def test_the_crawler_s_story_settings_are_the_story_step_s_defaults() -> None:
    """The defaults are written twice (the project's settings, for users to read, and
    ``StorySettings``, for code placing outside Scrapy): they must agree."""
    from crawler import settings
    written = {name: getattr(settings, name) for name in dir(settings)
               if name.startswith("STORIES_")}
    assert StorySettings.from_settings(written) == StorySettings()
