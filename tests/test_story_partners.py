"""Two partnerships that share their weightiest company are two events.

Same-day reports whose headlines name no company ("Chinese carmaker weighs alliance with
tech group") weigh the company their text names most at 1 and its partner, named less
often, at a quarter: by their company weights alone, Geely with Huawei and Geely with
CATL agree. The partner leading each side of the partnership tells them apart.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from benchmarks.stories import to_item
from benchmarks.story_set import Labelled
from pipelines.storage.articles import Inserts, store_batch, sync_companies
from pipelines.storage.models import Article
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.features import features
from pipelines.stories.partners import (
    briefing_unmatched,
    leads,
    partners_differ,
    several_partnerships,
    sides,
)
from pipelines.stories.similarity import StorySettings, company_similarity
from pipelines.topics.catalog import load_catalog, mentions

CATALOG = load_catalog()
T0 = datetime(2026, 3, 10, 7, tzinfo=UTC)


def test_the_leading_companies_are_each_side_s_weightiest() -> None:
    roles = CATALOG.roles
    # A passing mention weighs under half of its side's weightiest.
    assert leads({"Geely": 1.0, "Huawei": 0.25, "Nvidia": 0.062}, roles) == {
        "automaker": {"Geely"}, "tech": {"Huawei"}}
    # Xpeng stands on both sides: with Volkswagen it leads the tech side only.
    assert leads({"Volkswagen": 1.0, "Xpeng": 0.25}, roles) == {
        "automaker": {"Volkswagen"}, "tech": {"Xpeng"}}
    assert not partners_differ({"Ford": 1.0, "Xiaomi": 0.25, "Huawei": 0.25},
                               {"Ford": 1.0, "Xiaomi": 1.0}, roles)
    assert partners_differ({"Geely": 1.0, "Huawei": 0.25}, {"Geely": 1.0, "CATL": 0.25}, roles)
    # One deal of three companies, each report dwelling on one partner and naming the
    # other once; a partner named once beside a rival named often.
    assert not partners_differ({"Ford": 1.0, "Baidu": 1.0, "Qualcomm": 0.25},
                               {"Ford": 1.0, "Qualcomm": 1.0, "Baidu": 0.25}, roles)
    assert not partners_differ({"Ford": 1.0, "Xiaomi": 1.0},
                               {"Ford": 1.0, "Google": 1.0, "Xiaomi": 0.111}, roles)
    # A brand (Audi) reported as its group's (Volkswagen), named more often than it.
    assert not partners_differ({"Audi": 1.0, "Huawei": 1.0},
                               {"Volkswagen": 1.0, "Audi": 0.25, "Huawei": 1.0}, roles)
    # A company of both kinds stands on the side its partner does not; beside a partner
    # of both kinds too, or alone, it stands on both.
    assert sides({"Xiaomi": 1.0, "Huawei": 0.25}, roles)["Xiaomi"] == {"automaker"}
    assert sides({"Xiaomi": 1.0, "Volkswagen": 0.25}, roles)["Xiaomi"] == {"tech"}
    assert sides({"Xiaomi": 1.0, "Xpeng": 1.0, "Lucid": 0.11}, roles) == {
        "Xiaomi": {"automaker", "tech"}, "Xpeng": {"automaker", "tech"}, "Lucid": {"automaker"}}
    assert sides({"Xpeng": 1.0}, roles)["Xpeng"] == {"automaker", "tech"}
    assert sides({"Xpeng": 1.0, "Intel": 0.5, "Ford": 0.5}, roles)["Xpeng"] == {
        "automaker", "tech"}
    assert leads({"Xiaomi": 1.0, "Huawei": 0.25}, roles) == {
        "automaker": {"Xiaomi"}, "tech": {"Huawei"}}
    assert partners_differ({"Xiaomi": 1.0, "Huawei": 0.25}, {"Xiaomi": 1.0, "CATL": 0.25}, roles)
    # Xpeng supplying Volkswagen is not Xpeng buying from Intel, though Xpeng leads both.
    assert partners_differ({"Xpeng": 1.0, "Volkswagen": 0.25}, {"Xpeng": 1.0, "Intel": 0.25},
                           roles)
    # One deal of two companies of both kinds, each report with a passing mention.
    assert not partners_differ({"Xiaomi": 1.0, "Xpeng": 1.0, "Lucid": 0.11},
                               {"Xiaomi": 1.0, "Xpeng": 1.0, "Baidu": 0.11, "Ford": 0.11}, roles)
    assert not partners_differ({"Xiaomi": 1.0, "Huawei": 0.25},
                               {"Huawei": 1.0, "Xiaomi": 0.25, "Tesla": 0.1}, roles)
    # A briefing of two deals of the day; a three-company deal; one of two companies of
    # both kinds.
    assert several_partnerships({"Ford": 1.0, "Nvidia": 1.0, "Honda": 1.0, "Qualcomm": 0.5},
                                roles) == {"automaker": {"Ford", "Honda"},
                                           "tech": {"Nvidia", "Qualcomm"}}
    assert several_partnerships({"Ford": 1.0, "Baidu": 1.0, "Qualcomm": 0.25}, roles) is None
    assert several_partnerships({"Xiaomi": 1.0, "Xpeng": 1.0, "Lucid": 0.11}, roles) is None
    # One deal of a company of both kinds, weighed against a rival all along.
    assert several_partnerships({"Xiaomi": 1.0, "Nvidia": 1.0, "Tesla": 1.0}, roles) is None
    assert several_partnerships({"Volkswagen": 1.0, "Xpeng": 1.0, "Horizon Robotics": 0.6},
                                roles) is None
    # A report of a four-company deal that leaves one partner out matches its full report;
    # a report of one of a briefing's deals does not match the briefing.
    four = {"Hyundai": 1.0, "Kia": 1.0, "CATL": 1.0, "Nvidia": 1.0}
    assert not briefing_unmatched(four, {"Hyundai": 1.0, "CATL": 1.0, "Nvidia": 0.3}, roles)
    assert briefing_unmatched({"Ford": 1.0, "Nvidia": 1.0, "Honda": 1.0, "Qualcomm": 1.0},
                              {"Ford": 1.0, "Nvidia": 1.0}, roles)
    # A side only one of them names, or a company the catalog does not know, is no evidence.
    assert not partners_differ({"Geely": 1.0}, {"Geely": 1.0, "CATL": 0.25}, roles)
    assert not partners_differ({"Unknown Co": 1.0}, {"Other Co": 1.0}, roles)


# Reports of two events of one day: (key, event, headline, body). The weightiest company
# is named in every sentence, its partner once or twice, the headlines name neither.
# Their words are the beat's: talks, alliance, sources, people familiar with the matter.
_TALKS = "Talks are at an early stage and may not lead to a deal, the people said."
REPORTS = {
    "geely": [
        ("g-huawei", "huawei", "Chinese carmaker weighs alliance with tech group, sources say", [
            "Geely is weighing an alliance with Huawei on driver assistance software, "
            "people familiar with the matter said on Tuesday.",
            "Geely has been looking for a partner since its own software unit missed targets.",
            "Geely declined to comment. Geely shares rose 2% in Hong Kong.",
            _TALKS]),
        ("g-catl", "catl", "Carmaker and tech giant in early partnership talks", [
            "Geely is in early talks with CATL about a partnership on battery swapping, "
            "people familiar with the matter said on Tuesday.",
            "Geely has been looking for a partner since its own battery unit missed targets.",
            "Geely declined to comment. Geely shares rose 2% in Hong Kong.",
            _TALKS])],
    "huawei": [
        ("h-seres", "seres", "Tech giant weighs deeper tie-up with carmaker, people say", [
            "Huawei is weighing a deeper alliance with Seres on its smart cockpit, "
            "people familiar with the matter said on Friday.",
            "Huawei has been looking to sell more of its car software since sales slowed.",
            "Huawei declined to comment on the talks. Huawei is not listed.",
            _TALKS]),
        ("h-chery", "chery", "Tech giant in early talks with carmaker, sources say", [
            "Huawei is in early talks with Chery about an alliance on its smart cockpit, "
            "people familiar with the matter said on Friday.",
            "Huawei has been looking to sell more of its car software since sales slowed.",
            "Huawei declined to comment on the talks. Huawei is not listed.",
            _TALKS])],
    # Companies of both kinds: Xiaomi builds cars, Xpeng licenses its software. The
    # partner tells which side each stands on, and so which partnership it is.
    "xiaomi": [
        ("x-huawei", "huawei", "Phone maker turned carmaker weighs tie-up, sources say", [
            "Xiaomi is weighing a tie-up with Huawei on driver assistance chips, "
            "people familiar with the matter said on Monday.",
            "Xiaomi has been looking for a supplier since its own chip unit fell behind.",
            "Xiaomi declined to comment. Xiaomi shares rose 3% in Hong Kong.",
            _TALKS]),
        ("x-catl", "catl", "Phone maker turned carmaker in early supply talks", [
            "Xiaomi is in early talks with CATL about a supply deal for battery packs, "
            "people familiar with the matter said on Monday.",
            "Xiaomi has been looking for a supplier since its own battery unit fell behind.",
            "Xiaomi declined to comment. Xiaomi shares rose 3% in Hong Kong.",
            _TALKS])],
    "xpeng": [
        ("p-volkswagen", "volkswagen", "Chinese EV maker to license its software, sources say", [
            "Xpeng is set to license its driving software to Volkswagen for cars sold "
            "in China, people familiar with the matter said on Thursday.",
            "Xpeng has been selling its software to other carmakers to fund its research.",
            "Xpeng declined to comment. Xpeng shares rose 4% in New York.",
            _TALKS]),
        ("p-stellantis", "stellantis", "Chinese EV maker in software licensing talks", [
            "Xpeng is in talks to license its driving software to Stellantis for cars "
            "sold in Europe, people familiar with the matter said on Thursday.",
            "Xpeng has been selling its software to other carmakers to fund its research.",
            "Xpeng declined to comment. Xpeng shares rose 4% in New York.",
            _TALKS]),
        ("p-intel", "intel", "Chinese EV maker weighs chip deal, sources say", [
            "Xpeng is weighing a chip supply deal with Intel for its driving computers, "
            "people familiar with the matter said on Thursday.",
            "Xpeng has been selling its software to other carmakers to fund its research.",
            "Xpeng declined to comment. Xpeng shares rose 4% in New York.",
            _TALKS])]}


# One deal of three companies: each report dwells on one technology partner and names
# the other once. They are one event.
THREE_WAY = [
    ("a", "deal", "Ford signs $1.2 billion software deal for China-built EVs", [
        "Ford said on Tuesday it will use Baidu navigation and Qualcomm chips in the "
        "electric cars it builds in Chongqing from 2027, in a deal worth $1.2 billion.",
        "Baidu will supply its Apollo maps and voice assistant; Baidu has supplied maps to "
        "carmakers since 2019.",
        "Ford has struggled in China, where Ford sales fell 20% last year and Ford cut jobs.",
        "Ford China chief Sun Wei said the deal gives Ford local software at last."]),
    ("b", "deal", "Ford strikes $1.2 billion tech deal for its Chongqing EVs", [
        "Ford will put Qualcomm Snapdragon chips and Baidu maps in electric cars built in "
        "Chongqing from 2027, the carmaker said on Tuesday, in a $1.2 billion deal.",
        "Qualcomm, which already supplies cockpit chips to a dozen carmakers, said its "
        "Snapdragon Ride platform will run the cars' driver assistance.",
        "Ford has struggled in China, where Ford sales fell 20% last year and Ford cut jobs.",
        "Ford China chief Sun Wei said the deal gives Ford local software at last."])]


def _place(engine: Engine, reports: list[tuple[str, str, str, list[str]]], **settings: float
           ) -> dict[str, int | None]:
    """Store the reports an hour apart and place them; key -> story id."""
    articles = [Labelled(key, f"{key}.example", title, "\n".join([title, *body]),
                         T0 + timedelta(hours=hour), event)
                for hour, (key, event, title, body) in enumerate(reports)]
    items = [to_item(CATALOG, article) for article in articles]
    ids = sync_companies(engine, CATALOG)
    store_batch(engine, Inserts.for_engine(engine), items, T0 + timedelta(days=1), ids)
    StoryAssigner(CATALOG, ids, StorySettings(**settings)).place_all(  # type: ignore[arg-type]
        engine, _ids(engine))
    with engine.connect() as conn:
        stored = dict(conn.execute(select(Article.url, Article.story_id)).all())
    return {item.url.rsplit("/", 1)[1]: stored[item.url] for item in items}


def _ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return sorted(conn.scalars(select(Article.id)))


@pytest.mark.parametrize("company", sorted(REPORTS))
def test_same_day_partnerships_of_one_company_with_others_stay_apart(engine: Engine,
                                                                     company: str) -> None:
    reports = REPORTS[company]
    weights = [features(title, "\n".join([title, *body]), to_item(CATALOG, Labelled(
        key, "x.example", title, "\n".join([title, *body]), T0, event)).companies,
        CATALOG).companies for key, event, title, body in reports]
    # By their company weights alone, they are about the same companies.
    assert all(company_similarity(weights[0], other) >= StorySettings().min_company_similarity
               for other in weights[1:])
    stories = _place(engine, reports, threshold=0.1)
    assert len({stories[key] for key, *_ in reports}) == len(reports)


def test_reports_of_a_three_company_deal_dwelling_on_either_partner_are_one_event(
        engine: Engine) -> None:
    stories = _place(engine, THREE_WAY)
    assert stories["a"] == stories["b"]


@pytest.mark.parametrize(("body", "apart"), [
    (["CATL will supply Ford with LFP cells for its Kentucky plant from 2027, Ford said.",
      "Ford expects the CATL cells to cut battery costs by a fifth.",
      "CATL also signed a deal to supply Stellantis with cells for its Italian plants.",
      "Stellantis did not give a value for its CATL deal, a Stellantis spokesman said."],
     {"Ford", "Stellantis"}),
    (["Ford and Stellantis will buy LFP cells from CATL through a joint venture.",
      "CATL will supply Ford and Stellantis from a plant in Spain from 2027."], set()),
    (["CATL will supply Ford with LFP cells for its Kentucky plant from 2027, Ford said.",
      "Ford expects the CATL cells to cut battery costs by a fifth.",
      "Stellantis has used LFP cells in its small cars since 2024, and says it is happy."],
     set()),
])
def test_a_company_s_partners_reported_apart_are_read_from_the_body(body: list[str],
                                                                    apart: set[str]) -> None:
    """A round-up of CATL's two deals names each carmaker in paragraphs of its own with
    CATL; a deal of three names them together; a rival named alone is no partner."""
    text = "\n".join(["CATL wins battery orders", *body])
    counts = dict(mentions(CATALOG, text))
    found = features("CATL wins battery orders", text, counts, CATALOG)
    assert found.apart == apart
    assert (several_partnerships(found.companies, CATALOG.roles, found.apart) is not None
            ) == bool(apart)
