"""Copies read on their own text: boilerplate paragraphs aside, in the text's order.

A syndicated copy that adds a stock intro and outro, swaps sentences for stock lines and
cuts its original's close keeps little of its original by containment over all its
words; two independent reports that share an outlet's background paragraphs look like
copies by the same measure. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from array import array
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update

from benchmarks.stories import to_item
from benchmarks.story_set import Labelled
from pipelines.storage.articles import Inserts, store_batch, sync_companies
from pipelines.storage.models import Article
from pipelines.stories import records
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.near_duplicates import (
    kept_in_order,
    own_containment,
    own_sequence,
    paragraph_shingles,
)
from pipelines.stories.paragraphs import MIN_WORDS, keyed, paragraph_hashes, paragraphs
from pipelines.stories.similarity import StorySettings
from pipelines.topics.catalog import load_catalog

CATALOG = load_catalog()
T0 = datetime(2026, 5, 4, 8, tzinfo=UTC)

# Stock lines an aggregator puts on every copy it runs, whatever the story.
INTRO = "Editor's note: this article first appeared on a partner site and is republished here."
SWAPS = ["Company representatives did not respond to further requests for comment on Tuesday.",
         "Details of the financial terms were not made public at the time of writing."]
OUTROS = ["Copyright 2026 Partner Wire. All rights reserved. Not to be redistributed.",
          "This article was syndicated from a partner outlet and edited for length."]
# Background paragraphs an outlet repeats under its stories.
BACKGROUND = [
    "Carmakers have spent the past decade promising that software would become their next "
    "great source of profit, yet development budgets have ballooned while revenue lagged.",
    "Chinese brands have gained market share quickly thanks to cheaper batteries and fast "
    "engineering cycles, forcing foreign rivals to look for local partners in a hurry.",
    "Semiconductor shortages during the pandemic taught the industry a painful lesson about "
    "depending on a handful of suppliers, and many now sign long contracts for capacity.",
    "Tech companies, meanwhile, have discovered that cars are harder than phones, with long "
    "development cycles, safety certification and thin margins humbling several of them."]

ORIGINAL = [
    "Ford will use Xiaomi's HyperOS software in the dashboards of the electric cars it "
    "builds in Europe from 2028, the two companies said in Dearborn on Monday afternoon.",
    "The deal is worth $1.2 billion.",
    "The first model to get the system will be the Explorer EV, which Ford assembles at its "
    "plant in Cologne, with the Puma Gen-E and a new compact crossover to follow it later.",
    "Xiaomi engineers will move to Cologne.",
    "Jim Farley, Ford's chief executive, said the software would let drivers move from their "
    "phones to their cars without noticing, something European buyers have asked for.",
    "Shares of Ford rose 3% in New York after the announcement of the new partnership."]


def _article(key: str, title: str, lines: list[str], hours: float) -> Labelled:
    return Labelled(key, f"{key}.example", title, "\n".join([title, *lines]),
                    T0 + timedelta(hours=hours), key)


def _carriers(lines: list[str]) -> list[Labelled]:
    """Reports of other events (other companies, days before) that carry ``lines``."""
    return [_article("bmw", "BMW picks Qualcomm chips for its driver assistance",
                     ["BMW will fit Qualcomm's Snapdragon Ride chips to the Neue Klasse from "
                      "2027, the carmaker said in Munich.", *lines], -120),
            _article("toyota", "Toyota and Huawei open a cockpit lab in Guangzhou",
                     ["Toyota and Huawei opened a joint laboratory for cockpit software in "
                      "Guangzhou, the two companies said.", *lines], -96)]


def _place(engine: Engine, articles: list[Labelled], order: list[list[str]] | None = None,
           **settings: float) -> dict[str, int]:
    """Store ``articles`` and place them in batches of one (as nights), oldest first; or
    in the batches of keys ``order`` (as a crawl stores them)."""
    items = [to_item(CATALOG, article) for article in articles]
    ids = sync_companies(engine, CATALOG)
    store_batch(engine, Inserts.for_engine(engine), items, T0 + timedelta(days=2), ids)
    with engine.connect() as conn:
        by_url = dict(conn.execute(select(Article.url, Article.id)).all())
    found = {item.url.rsplit("/", 1)[1]: by_url[item.url] for item in items}
    assigner = StoryAssigner(CATALOG, ids, dataclasses.replace(StorySettings(), **settings))
    for keys in order or [[a.key] for a in sorted(articles, key=lambda a: a.published_at)]:
        assigner.place_all(engine, [found[key] for key in keys])
    return found


def _copy_of(engine: Engine, article_id: int) -> int | None:
    with engine.connect() as conn:
        return conn.scalar(select(Article.near_duplicate_of).where(Article.id == article_id))


def test_paragraphs_are_the_body_lines_normalised_and_keyed_from_min_words() -> None:
    title = "Ford and Xiaomi  Sign a Deal"
    text = f"{title}\n  Ford and   Xiaomi signed it.\n\nWhat next?\nFORD AND XIAOMI SIGNED IT."
    assert paragraphs(title, text) == ["ford and xiaomi signed it.", "what next?",
                                       "ford and xiaomi signed it."]
    keys = paragraph_hashes(title, text)
    assert len(keys) == 1 and MIN_WORDS == 4  # one distinct line of four words or more
    assert [key for key, _ in keyed(title, text)] == [keys[0], None, keys[0]]


def test_own_containment_counts_what_the_other_has_in_the_same_order() -> None:
    assert own_containment([1, 2, 3, 4], [9, 1, 2, 3, 4, 8]) == 1.0
    assert own_containment([1, 2, 3, 4], [4, 3, 2, 1]) == 0.25
    assert own_containment([], [1]) == 0.0
    shingled = paragraph_shingles([(7, "ford and xiaomi signed it"), (None, "so?")], 3)
    sequence = own_sequence(shingled, {7})
    assert len(sequence) == 1  # the boilerplate paragraph left out, the short one kept


def test_kept_in_order_is_the_share_of_paragraphs_kept_word_for_word_in_order() -> None:
    def text(*keys: int) -> list[tuple[int | None, array[int]]]:
        return [(key, array("q")) for key in keys]
    assert kept_in_order(text(1, 2, 3, 4), text(9, 1, 3, 8), set()) == 0.5
    assert kept_in_order(text(1, 2, 3, 4), text(3, 1, 2, 4), set()) == 0.0  # reordered
    assert kept_in_order(text(1, 2, 3, 4), text(1, 2, 3, 4), {3, 4}) == 1.0  # boilerplate aside
    assert kept_in_order(text(1, None), text(2), set()) == 0.0


def test_a_copy_with_stock_lines_a_cut_and_swapped_sentences_is_a_copy(engine: Engine) -> None:
    """The copy keeps three of its original's six paragraphs, in order; the rest is an
    aggregator's stock lines, found under other stories. Where those have not been seen
    under any other story, it is their own text, and the copy is none."""
    original = _article("wire", "Ford picks Xiaomi software for its European EVs", ORIGINAL, 0)
    kept = [ORIGINAL[0], SWAPS[0], ORIGINAL[2], SWAPS[1], ORIGINAL[4]]
    copy = _article("copy", "Xiaomi's HyperOS is coming to Ford dashboards",
                    [INTRO, *kept, *OUTROS], 6)
    ids = _place(engine, [*_carriers([INTRO, *SWAPS, *OUTROS]), original, copy])
    assert _copy_of(engine, ids["copy"]) == ids["wire"]
    assert _copy_of(engine, ids["wire"]) is None


RECALL = [  # another event, told in shorter paragraphs
    "Toyota is recalling 41,000 bZ4X crossovers in China because the cockpit software "
    "Huawei supplies can freeze the speed display, the carmaker said on Thursday.",
    "The fix is an over-the-air update.",
    "Owners in Guangzhou and Shenzhen first reported the fault on online forums in "
    "March, and regulators asked both companies for an explanation within two weeks.",
    "Huawei said it had found the cause in a memory routine and tested a patch.",
    "Toyota said no accidents had been linked to the fault, and that dealers would "
    "check cars that cannot receive the update when owners bring them in for service.",
    "The recall is the first for Huawei's cockpit business outside its own brands."]


@pytest.mark.parametrize("edit", ["stock lines between", "cut from the middle"])
def test_copies_of_another_event_edited_otherwise_are_copies(engine: Engine,
                                                             edit: str) -> None:
    """Two more copies of the kind: the stock lines put between the kept paragraphs, or
    two middle paragraphs cut with a stock intro and one outro; another event, other
    companies."""
    original = _article("wire", "Toyota recalls bZ4X cars over Huawei cockpit glitch",
                        RECALL, 0)
    if edit == "stock lines between":
        lines = [RECALL[0], SWAPS[0], RECALL[2], OUTROS[0], RECALL[4], SWAPS[1], RECALL[5]]
    else:
        lines = [INTRO, RECALL[0], RECALL[1], RECALL[4], RECALL[5], OUTROS[1]]
    copy = _article("copy", "Huawei software glitch forces Toyota recall", lines, 3)
    ids = _place(engine, [*_carriers([INTRO, *SWAPS, *OUTROS]), original, copy])
    assert _copy_of(engine, ids["copy"]) == ids["wire"]


def test_the_same_copy_without_known_stock_lines_is_a_copy_by_its_kept_paragraphs(
        engine: Engine) -> None:
    """Its stock lines, seen under no other story, are its own text: it no longer holds
    near_duplicate_containment of its original, but its own text still reaches the
    Jaccard threshold with half its original's paragraphs kept in their order."""
    original = _article("wire", "Ford picks Xiaomi software for its European EVs", ORIGINAL, 0)
    kept = [ORIGINAL[0], SWAPS[0], ORIGINAL[2], SWAPS[1], ORIGINAL[4]]
    copy = _article("copy", "Xiaomi's HyperOS is coming to Ford dashboards",
                    [INTRO, *kept, *OUTROS], 6)
    ids = _place(engine, [original, copy])
    assert _copy_of(engine, ids["copy"]) == ids["wire"]


@pytest.mark.parametrize("carried", [True, False])
def test_reports_sharing_background_paragraphs_are_no_copies(engine: Engine,
                                                             carried: bool) -> None:
    """Two reports of one event in their own words, with four background paragraphs of
    the outlet in common: two thirds of the shorter's words. With the threshold at 0.6,
    they are copies only while the background is not known under other stories."""
    first = _article("first", "Ford picks Xiaomi software for its European EVs", [
        "Ford will put Xiaomi's HyperOS into the dashboards of its European electric cars "
        "from 2028, in a deal the companies value at $1.2 billion.", *BACKGROUND], 0)
    second = _article("second", "Xiaomi wins a $1.2 billion Ford software order", [
        "Xiaomi has won a $1.2 billion order to supply the software for Ford's European "
        "battery models, starting with the Explorer EV built in Cologne.",
        *BACKGROUND], 5)
    carriers = _carriers(BACKGROUND) if carried else []
    ids = _place(engine, [*carriers, first, second], near_duplicate_containment=0.6)
    assert (_copy_of(engine, ids["second"]) == ids["first"]) is not carried


@pytest.mark.parametrize("in_order", [True, False])
def test_reports_sharing_sentences_in_their_own_order_are_no_copies(engine: Engine,
                                                                    in_order: bool) -> None:
    """The same five sentences of the event (a press release's), each report with its own
    paragraph. Their Jaccard similarity is under the threshold, and the shared words are
    about half of each: with the threshold at 0.5, a copy only when the sentences come
    in the same order."""
    facts = ORIGINAL[:5]
    first = _article("first", "Ford picks Xiaomi software for its European EVs", [
        *facts, "Analysts at Bernstein said the agreement showed how far western carmakers "
        "now lean on Chinese suppliers for the software their customers see every day, "
        "and how little time they have left to catch up with the leaders of the market."], 0)
    second = _article("second", "Xiaomi wins a Ford software order", [
        "Xiaomi's shares jumped in Hong Kong trading after the deal, which the company's "
        "founder Lei Jun called the most important in its short history as a supplier of "
        "software to carmakers, according to a post he wrote on his social media account.",
        *(facts if in_order else facts[::-1])], 5)
    ids = _place(engine, [first, second], near_duplicate_containment=0.5)
    assert (_copy_of(engine, ids["second"]) == ids["first"]) is in_order


@pytest.mark.parametrize(("threshold", "marked"), [(0.7, True), (0.95, False)])
def test_the_containment_threshold_is_the_setting_s(engine: Engine, threshold: float,
                                                    marked: bool) -> None:
    """A copy with two paragraphs of its own in front and one sentence rewritten has
    about 0.73 of its original's text, in order; their Jaccard similarity is about 0.4."""
    original = _article("wire", "Ford picks Xiaomi software for its European EVs", ORIGINAL, 0)
    copy = _article("copy", "Ford turns to Xiaomi", [
        "Europe's carmakers are running out of time to build the software their buyers "
        "expect, and one of them has now turned to a phone maker from Beijing to close the "
        "gap before its rivals do.",
        "Its executives have said for years that they would rather build the code "
        "themselves, but the bill for doing so has grown faster than their sales.",
        *ORIGINAL[:2], "It will first appear in the Explorer EV from the Cologne factory, "
        "followed by the Puma Gen-E and another crossover.", *ORIGINAL[3:]], 4)
    ids = _place(engine, [original, copy], near_duplicate_containment=threshold)
    assert (_copy_of(engine, ids["copy"]) == ids["wire"]) is marked


def test_boilerplate_is_what_an_article_of_another_story_has(engine: Engine) -> None:
    """Keys under a story outside those given are boilerplate; the rows of the pair
    compared do not count, nor do those of an article that has no story."""
    original = _article("wire", "Ford picks Xiaomi software for its European EVs", ORIGINAL, 0)
    ids = _place(engine, [*_carriers(BACKGROUND[:2]), original])
    with engine.connect() as conn:
        story = dict(conn.execute(select(Article.id, Article.story_id)).all())
    background = set(paragraph_hashes("", "\n".join(BACKGROUND)))
    mine = set(paragraph_hashes("", "\n".join(ORIGINAL)))
    carried = set(paragraph_hashes("", "\n".join(BACKGROUND[:2])))
    wire, bmw, toyota = ids["wire"], ids["bmw"], ids["toyota"]
    with engine.connect() as conn:
        assert records.boilerplate(conn, background | mine, [story[wire]], (wire, wire)) == carried
        # The Toyota report has them too; with it as one of the pair, none is left.
        assert records.boilerplate(conn, background, [story[bmw]], (wire, wire)) == carried
        assert records.boilerplate(conn, background, [story[bmw]], (toyota, wire)) == set()
        assert records.boilerplate(conn, mine, [story[bmw]], (bmw, bmw)) == mine
        assert records.boilerplate(conn, [], [1], (1, 1)) == set()
    with engine.begin() as conn:
        conn.execute(Article.__table__.update().values(story_id=None)
                     .where(Article.id.in_([bmw, toyota])))
    with engine.connect() as conn:
        assert records.boilerplate(conn, background, [story[wire]], (wire, wire)) == set()


@pytest.mark.parametrize("count", [520, 3000])
def test_a_copy_of_an_article_of_thousands_of_paragraphs_is_placed(engine: Engine,
                                                                  count: int) -> None:
    """A liveblog or a transcript: every paragraph key is asked about, more than one
    statement can carry (SQLite takes 500 SELECTs in a UNION)."""
    lines = [f"Ford and Xiaomi update number {n} on the software deal" for n in range(count)]
    original = _article("wire", "Ford and Xiaomi: the deal as it happened", lines, 0)
    copy = _article("copy", "Ford and Xiaomi live", [*lines[:-1], "The last entry was changed "
                                                      "by the outlet that ran the copy"], 2)
    ids = _place(engine, [*_carriers(lines[:3]), original, copy])
    assert _copy_of(engine, ids["copy"]) == ids["wire"]


# Short reports and their edited copies: a new headline, an editor's intro and outro
# written for the copy, one sentence reworded, the last paragraph cut. What is left of
# the original is under near_duplicate_containment of it, and the copy's whole-text
# MinHash, its new lines included, falls under the threshold its own text reaches.
SHORT = {
    "hyundai": (
        "Hyundai picks Nvidia for its next driving computer",
        ["Hyundai will build its next driving computer around Nvidia's Thor chip, the "
         "carmaker said in Seoul on Wednesday, starting with the Ioniq 8 in 2028.",
         "The agreement covers about 1.5 million cars over five years, people close to "
         "the talks said, and includes a joint team of engineers in Namyang.",
         "Hyundai has used Nvidia graphics chips in its dashboards since 2016, and the "
         "two companies already test driverless taxis together in Las Vegas.",
         "Shares of Hyundai closed 1.8% higher in Seoul after the announcement."],
        "Nvidia wins Hyundai driving computer order",
        "Readers asked us about the Seoul announcement, so here is the full report.",
        (2, "Hyundai has put Nvidia graphics chips in its dashboards since 2016, and both "
            "firms already test driverless taxis together in Las Vegas."),
        "Follow our coverage of chips in cars on the newsletter page."),
    "volvo": (
        "Volvo Cars to run Google's Gemini in its EX90",
        ["Volvo Cars will put Google's Gemini assistant in the EX90 and the ES90 from "
         "next spring, the Swedish carmaker said in Gothenburg on Friday.",
         "Drivers will be able to ask the assistant to plan charging stops and change "
         "cabin settings, and the system will learn their habits over time.",
         "Volvo said the data would stay in its own cloud, hosted by Google in Finland, "
         "and that owners could switch the assistant off at any time.",
         "The company did not say what the deal was worth to either side."],
        "What Google's Gemini assistant will do in the dashboards of Volvo's big electric SUVs",
        "This report from our partners has been shortened for our readers.",
        (1, "Drivers can ask the assistant to plan charging stops or to change cabin "
            "settings, and the system will learn their habits over time."),
        "Send your questions about electric cars to the motoring desk.")}


@pytest.mark.parametrize("event", sorted(SHORT))
def test_an_edited_copy_of_a_short_report_is_a_copy(engine: Engine, event: str) -> None:
    title, lines, copy_title, intro, (reworded, sentence), outro = SHORT[event]
    kept = [*lines[:-1]]
    kept[reworded] = sentence
    original = _article("wire", title, lines, 0)
    copy = _article("copy", copy_title, [intro, *kept, outro], 3)
    ids = _place(engine, [original, copy])
    assert _copy_of(engine, ids["copy"]) == ids["wire"]
    assert _copy_of(engine, ids["wire"]) is None


@pytest.mark.parametrize("event", ["recall", "software"])
def test_a_copy_dated_only_by_its_day_is_the_copy_of_its_timed_original(engine: Engine,
                                                                        event: str) -> None:
    """A syndicator that shows only the date: its copy is stored at 00:00 of the day, hours
    "before" its original. Placed in one batch, the original still comes first."""
    lines = RECALL if event == "recall" else ORIGINAL
    title = ("Toyota recalls bZ4X cars over Huawei cockpit glitch" if event == "recall"
             else "Ford picks Xiaomi software for its European EVs")
    original = _article("wire", title, lines, 9.5)
    copy = dataclasses.replace(_article("copy", f"{title}: what it means", [
        "This report first ran on a partner site.", *lines[:-1]], 0),
        published_at=T0.replace(hour=0))
    found = _store_with_day_only_copy(engine, original, copy)
    _place_again(engine, sorted(found.values()))
    assert _copy_of(engine, found["copy"]) == found["wire"]
    assert _copy_of(engine, found["wire"]) is None


@pytest.mark.parametrize(("event", "order"), [
    ("recall", [["copy"], ["later"], ["wire"]]), ("software", [["copy"], ["later"], ["wire"]]),
    ("recall", [["copy"], ["later", "wire"]]), ("software", [["copy"], ["wire", "later"]])])
def test_a_copy_placed_before_its_original_points_to_it_once_the_original_comes(
        engine: Engine, event: str, order: list[list[str]]) -> None:
    """A crawl stores its sites' pages in no particular order, and a run may meet a copy
    nights before the original it was made from: the copy, placed first, is marked once
    the older original is placed, and so are the copies that took it for theirs, placed
    before the original or with it."""
    lines, title = ((RECALL, "Toyota recalls bZ4X cars over Huawei cockpit glitch")
                    if event == "recall" else
                    (ORIGINAL, "Ford picks Xiaomi software for its European EVs"))
    original = _article("wire", title, lines, 0)
    copy = _article("copy", f"{title}: what we know", [INTRO, *lines[:-1]], 3)
    later = _article("later", f"Why it matters: {title}", [*lines[:-1], OUTROS[0]], 5)
    ids = _place(engine, [original, copy, later], order=order)
    assert _copy_of(engine, ids["copy"]) == ids["wire"]
    assert _copy_of(engine, ids["later"]) == ids["wire"]
    assert _copy_of(engine, ids["wire"]) is None
    with engine.connect() as conn:
        rows = conn.execute(select(Article.story_id, Article.near_duplicate_similarity)
                            .where(Article.id.in_(ids.values()))).all()
    assert len({story for story, _ in rows}) == 1
    assert all(0.5 <= similarity <= 1 for _, similarity in rows if similarity is not None)


@pytest.mark.parametrize("hours", [9.5, 17])
def test_a_copy_dated_only_by_its_day_placed_nights_before_its_timed_original(
        engine: Engine, hours: float) -> None:
    """Placed first, a copy whose syndicator shows only the date (stored at 00:00 UTC of
    the day) still becomes the copy of the timed original of that day, also when the
    original's time is on the next day in UTC (01:00: the evening before in America)."""
    title = "Ford picks Xiaomi software for its European EVs"
    original = _article("wire", title, ORIGINAL, hours)
    copy = dataclasses.replace(_article("copy", f"{title}: what it means",
                                        [INTRO, *ORIGINAL[:-1]], 0),
                               published_at=T0.replace(hour=0))
    found = _store_with_day_only_copy(engine, original, copy)
    _place_again(engine, [found["copy"]])
    _place_again(engine, [found["wire"]])
    assert _copy_of(engine, found["copy"]) == found["wire"]
    assert _copy_of(engine, found["wire"]) is None


def test_an_edited_original_placed_again_stays_the_original_of_its_copy(
        engine: Engine) -> None:
    """An edit places the original again after its copy: it finds the copy, which copies
    it, and must not become the copy of its own copy."""
    title = "Toyota recalls bZ4X cars over Huawei cockpit glitch"
    original = _article("wire", title, RECALL, 0)
    copy = _article("copy", f"{title}: what we know", [INTRO, *RECALL[:-1]], 3)
    ids = _place(engine, [original, copy])
    assert _copy_of(engine, ids["copy"]) == ids["wire"]
    with engine.begin() as conn:
        conn.execute(update(Article).where(Article.id == ids["wire"]).values(
            text=Article.text + "\nThe update reaches cars from Monday.",
            fingerprint="edited"))
    StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings()).place_all(
        engine, [ids["wire"]])
    assert _copy_of(engine, ids["wire"]) is None
    assert _copy_of(engine, ids["copy"]) == ids["wire"]


def test_a_copy_closer_to_a_copy_met_first_than_to_their_original_points_to_the_original(
        engine: Engine) -> None:
    """The copy met first (published last) is the closest text of a copy published
    before it, placed with the original: both point to the original, and the copy met
    first is not taken for a copy of the other copy."""
    title = "Toyota recalls bZ4X cars over Huawei cockpit glitch"
    original = _article("wire", title, RECALL, 0)
    first = _article("first", f"{title}: what we know", [INTRO, *RECALL[:-1]], 5)
    close = _article("close", f"{title}: the details", [INTRO, *RECALL[:-1], OUTROS[0]], 3)
    ids = _place(engine, [original, first, close], order=[["first"], ["wire", "close"]])
    assert _copy_of(engine, ids["first"]) == ids["wire"]
    assert _copy_of(engine, ids["close"]) == ids["wire"]
    assert _copy_of(engine, ids["wire"]) is None


@pytest.mark.parametrize("order", [[["head"], ["tail"], ["wire"]], [["head", "tail"], ["wire"]]])
def test_every_copy_met_before_the_original_points_to_it(engine: Engine,
                                                         order: list[list[str]]) -> None:
    """Two syndicators cut the wire story differently (its head with a new intro, its tail
    with a new outro): neither copies the other, and both are met before the original.
    Both become its copies, not only the closer one."""
    title = "Toyota recalls bZ4X cars over Huawei cockpit glitch"
    original = _article("wire", title, RECALL, 0)
    head = _article("head", f"{title}: what we know", [INTRO, *RECALL[:4]], 3)
    tail = _article("tail", f"{title}, and what comes next", [*RECALL[2:], OUTROS[0]], 4)
    ids = _place(engine, [original, head, tail], order=order[:-1])
    assert _copy_of(engine, ids["head"]) is None and _copy_of(engine, ids["tail"]) is None
    _place_again(engine, [ids[key] for key in order[-1]])
    assert _copy_of(engine, ids["head"]) == ids["wire"]
    assert _copy_of(engine, ids["tail"]) == ids["wire"]
    assert _copy_of(engine, ids["wire"]) is None


def test_an_original_met_after_a_copy_of_a_copy_is_the_original_of_both(engine: Engine) -> None:
    """A short copy, then a copy of it that carries the whole wire text, are met before the
    wire story itself, which is too unlike the short copy to be found with it: the wire
    story is the original of both, not a copy of the second."""
    title = "Toyota recalls bZ4X cars over Huawei cockpit glitch"
    original = _article("wire", title, RECALL, 0)
    short = _article("short", f"{title}: the gist", [INTRO, *RECALL[:3]], 3)
    full = _article("full", f"{title}: the full report", [INTRO, *RECALL], 5)
    ids = _place(engine, [original, short, full], order=[["short"], ["full"]])
    assert _copy_of(engine, ids["full"]) == ids["short"]
    _place_again(engine, [ids["wire"]])
    assert _copy_of(engine, ids["wire"]) is None
    assert _copy_of(engine, ids["short"]) == ids["wire"]
    assert _copy_of(engine, ids["full"]) == ids["wire"]


def _place_again(engine: Engine, article_ids: list[int]) -> None:
    """Place stored articles (stored by ``_place`` with the others) in one batch."""
    StoryAssigner(CATALOG, sync_companies(engine, CATALOG), StorySettings()).place_all(
        engine, article_ids)


def _store_with_day_only_copy(engine: Engine, original: Labelled, copy: Labelled
                              ) -> dict[str, int]:
    """Store ``original`` and ``copy``, the copy dated only by its day; key -> id."""
    items = [to_item(CATALOG, article) for article in (original, copy)]
    items[1].published_precision = "day"
    store_batch(engine, Inserts.for_engine(engine), items, T0 + timedelta(days=1),
                sync_companies(engine, CATALOG))
    with engine.connect() as conn:
        return {url.rsplit("/", 1)[1]: i for url, i in conn.execute(
            select(Article.url, Article.id)).all()}
