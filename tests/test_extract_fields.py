"""Dates, authors and language right on pages of kinds the development sets lack
(hand-made inputs; the shared field cases are in test_extract_field_cases)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipelines.extract import extract_article
from pipelines.extract.metadata.authors import clean_authors
from pipelines.extract.metadata.time_text import parse_stated

URL = "https://news.riverton.example/business/2024/07/11/quellbyte-norvia"
HEADLINE = "Quellbyte and Norvia agree on a battery software deal"
TEXT = ("Norvia Motors and the chip designer Quellbyte agreed to build the battery software of "
        "Norvia's next electric car together, the companies said on Thursday afternoon.")
UNDATED_URL = "https://news.riverton.example/business/quellbyte-norvia"
PARAGRAPHS = "".join(f"<p>{TEXT} Part {n}.</p>" for n in range(4))


def page(head: str = "", byline: str = "", after: str = "", lang: str = "en",
         paragraphs: str = PARAGRAPHS) -> str:
    return (f"<html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body>"
            f"<article><h1>{HEADLINE}</h1>{byline}{paragraphs}</article>{after}</body></html>")


def json_ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE, **fields}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(("stated", "expected"), [
    ("Thu, 11 Jul 2024 17:57:00 -0500", datetime(2024, 7, 11, 17, 57, tzinfo=zone(-5))),
    ("Thu, 07/11/2024 - 17:57", datetime(2024, 7, 11, 17, 57)),
    ("July 11, 2024 5:57 pm", datetime(2024, 7, 11, 17, 57)),
    ("11.07.2024 17:57", datetime(2024, 7, 11, 17, 57)),
    ("1720738620", datetime(2024, 7, 11, 22, 57, tzinfo=UTC)),
    ("Thu Jul 11 2024 17:57:00 GMT+0530 (India Standard Time)",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(5.5))),
    ("2024-07-11T17:57-500", datetime(2024, 7, 11, 17, 57, tzinfo=zone(-5))),
    ("2024-07-11 17:57 +05:30", datetime(2024, 7, 11, 17, 57, tzinfo=zone(5.5))),
    ("11 juillet 2024 à 17h57", datetime(2024, 7, 11, 17, 57)),
])
def test_every_common_way_of_stating_a_time_is_read_with_its_offset(stated: str,
                                                                     expected: datetime) -> None:
    parsed = parse_stated(stated)
    assert parsed is not None and parsed.has_time
    assert parsed.when == expected and parsed.when.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("stated", ["11.07.2024", "2024/07/11", "July 11, 2024", "11. Juli 2024"])
def test_a_day_alone_is_read_as_a_day(stated: str) -> None:
    parsed = parse_stated(stated)
    assert parsed is not None and not parsed.has_time and parsed.when.date().isoformat() == "2024-07-11"


@pytest.mark.parametrize("stated", ["vor 3 Stunden", "2 hours ago", "July 2024", "2024", "Part 3"])
def test_no_date_is_made_up(stated: str) -> None:
    assert parse_stated(stated) is None


def test_an_rfc_822_meta_time_keeps_its_offset() -> None:
    head = '<meta property="article:published_time" content="Thu, 11 Jul 2024 17:57:00 +0200">'
    article = extract_article(page(head), URL)
    assert article is not None
    assert article.published_at == datetime(2024, 7, 11, 15, 57, tzinfo=UTC)
    assert article.published_precision == "time"


@pytest.mark.parametrize("head", [json_ld(datePublished="2024-07-11"),
                                  '<meta name="date" content="July 11, 2024">'])
def test_a_stated_day_is_stored_as_a_day_without_an_invented_time(head: str) -> None:
    article = extract_article(page(head), URL)
    assert article is not None
    assert article.published_at == datetime(2024, 7, 11, tzinfo=UTC)
    assert article.published_precision == "day"


def test_a_naive_time_takes_the_offset_another_source_states_for_the_same_day() -> None:
    head = (json_ld(datePublished="2024-07-11") +
            '<meta property="article:published_time" content="2024-07-11T09:15:00+09:00">')
    article = extract_article(page(head), URL)
    assert article is not None and article.published_precision == "time"
    assert article.published_at == datetime(2024, 7, 11, 9, 15, tzinfo=zone(9))


@pytest.mark.parametrize(("raw", "expected"), [
    (["By Ana Y. Ruiz"], ("Ana Y. Ruiz",)),
    (["José Ortega y Gasset"], ("José Ortega y Gasset",)),
    (["Di Zhao"], ("Di Zhao",)),
    (["Von Hagen"], ("Von Hagen",)),
    (["Von Lena Brandt"], ("Lena Brandt",)),
    (["Jon Marlow, Jr. and Tara Quill, MD"], ("Jon Marlow, Jr.", "Tara Quill, MD")),
    (["Marta Gil y Pablo Soto"], ("Marta Gil", "Pablo Soto")),
    (["Sophie Foster", "sophie-foster"], ("Sophie Foster",)),
    (["Corinne Dale | Email the author | View all posts | Follow on X"], ("Corinne Dale",)),
    (["Promoted by Riverton Media"], ()),
])
def test_names_stay_whole_and_interface_text_is_no_name(raw: list[str],
                                                        expected: tuple[str, ...]) -> None:
    assert clean_authors(raw) == expected


def test_a_json_ld_person_is_one_author_and_the_publisher_none() -> None:
    people = [{"@type": "Person", "name": "Luis Ortega y Gasset, Senior Writer"},
              {"@type": "Person", "name": "Ana Y. Ruiz"},
              {"@type": "Organization", "name": "Riverton Daily Media Group"}]
    head = (json_ld(author=people, publisher={"@type": "Organization", "name": "Riverton Daily",
                                              "legalName": "Riverton Daily Media Group"}))
    article = extract_article(page(head), URL)
    assert article is not None and article.authors == ("Luis Ortega y Gasset", "Ana Y. Ruiz")


def test_bylines_of_other_stories_and_comments_are_not_the_authors() -> None:
    byline = "<div class='meta-byline'>By <a rel='author' href='/people/mina-park'>Mina Park</a></div>"
    after = ("<div class='sidebar-latest'><h3>Latest</h3><div class='card'><a href='/x'>Other story</a>"
             "<span class='byline'>By Otto Lind</span></div></div>"
             "<section class='comments'><div class='comment-byline'><a rel='author'>Guest42</a></div>"
             "</section><aside><span itemprop='author'>Ravi Menon</span></aside>")
    article = extract_article(page(byline=byline, after=after), URL)
    assert article is not None and article.authors == ("Mina Park",)


GERMAN = ("<p>Der Autohersteller Norvia und der Chipentwickler Quellbyte wollen die Software für "
          "die Batterien des nächsten Elektroautos gemeinsam entwickeln, teilten beide Unternehmen "
          "am Donnerstag mit. Die Arbeit soll schon im Herbst beginnen.</p>") * 3


def test_the_language_is_the_texts_not_the_templates() -> None:
    article = extract_article(page(paragraphs=GERMAN, lang="en"), URL)
    assert article is not None and article.language == "de"


def test_a_text_too_short_to_tell_keeps_the_declared_language() -> None:
    head = '<meta property="og:type" content="article">'
    article = extract_article(page(head, paragraphs="<p>Norvia y Quellbyte: acuerdo.</p>", lang="es-ES"),
                              URL)
    assert article is not None and article.language == "es"


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("A montadora Norvia e a fabricante de chips Quellbyte vão desenvolver juntas o software "
     "das baterias do próximo carro elétrico, anunciaram as duas empresas nesta quinta-feira. "
     "O trabalho deve começar já no outono, segundo os executivos.", "pt"),
    ("PRODUCENT SAMOCHODÓW NORVIA I PROJEKTANT UKŁADÓW QUELLBYTE BĘDĄ WSPÓLNIE ROZWIJAĆ "
     "OPROGRAMOWANIE BATERII NASTĘPNEGO SAMOCHODU ELEKTRYCZNEGO, POINFORMOWAŁY W CZWARTEK "
     "OBIE FIRMY. PRACE MAJĄ RUSZYĆ JESIENIĄ.", "pl"),
], ids=["portuguese-not-spanish", "polish-in-capitals"])
def test_the_text_decides_against_an_english_template(paragraph: str, expected: str) -> None:
    article = extract_article(page(paragraphs=f"<p>{paragraph}</p>" * 3, lang="en"), URL)
    assert article is not None and article.language == expected


def test_an_undeclared_japanese_page_is_japanese() -> None:
    paragraphs = ("<p>自動車メーカーのノルビアと半導体設計のクエルバイトは、次の電気自動車の電池を"
                  "制御するソフトウェアを共同で開発すると木曜日に発表した。</p>"
                  "<p>作業は秋に始まる予定で、両社はそれぞれ技術者を派遣し、新しい開発拠点を"
                  "名古屋に設けるという。投資額は明らかにしていない。</p>"
                  "<p>ノルビアの広報担当者は、電池の寿命を延ばすことが最大の目標だと説明し、"
                  "最初の車両は再来年に発売されると述べた。</p>")
    html = page(paragraphs=paragraphs).replace("<html lang='en'>", "<html>")
    article = extract_article(html, URL)
    assert article is not None and article.language == "ja"


@pytest.mark.parametrize(("byline", "expected"), [
    ("<p class='byline'>By Jane Doe | July 11, 2024 5:57 PM EDT</p>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))),
    ("<div class='article-date'>Published: 11 Jul 2024 17:57 BST</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(1))),
    ("<span class='Timestamp'>July 11, 2024 10:45 a.m. ET</span>",
     datetime(2024, 7, 11, 10, 45, tzinfo=zone(-4))),
    ("<span class='timestamp'>Jan. 9, 2025 10:45 a.m. ET</span>",
     datetime(2025, 1, 9, 10, 45, tzinfo=zone(-5))),
    ("<div class='meta'>11 July 2024, 17:57 (GMT+8)</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(8))),
    ("<div id='post-date'>Updated 12 July 2024 | Published 17:57 GMT, 11 July 2024</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=UTC)),
    ("<ul class='article-meta'><li>Jane Doe</li><li>2024-07-11 17:57 UTC+02:00</li></ul>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(2))),
    ("<div class='byline'>Published 5:57 PM EDT, Thu July 11, 2024</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))),
    ("<div class='byline'>By Jane Doe / July 11, 2024 / 5:57 PM EDT</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))),
    ("<div class='byline'>July 11, 2024 — 5:57 PM EDT</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))),
    ("<div class='meta'>2024-07-11 17:57 +08:00</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(8))),
    ("<div class='meta'>11 July 2024 5:57pm HKT</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(8))),
    ("<div class='article-date'>11.07.2024, 17:57 Uhr MESZ</div>",
     datetime(2024, 7, 11, 17, 57, tzinfo=zone(2))),
])
def test_a_dateline_shown_by_the_headline_gives_the_time_in_its_zone(byline: str,
                                                                      expected: datetime) -> None:
    """Pages whose markup states no date, and show it by the headline with its zone (their
    URL states none either)."""
    article = extract_article(page(byline=byline), UNDATED_URL)
    assert article is not None and article.published_precision == "time"
    assert article.published_at == expected


def test_a_page_that_states_no_site_name_is_named_by_its_url() -> None:
    """A story's outlets are counted by ``articles.site``: a page without ``og:site_name``
    still has one, its site's domain; a stated name stands."""
    article = extract_article(page(), URL)
    assert article is not None and article.site == "riverton.example"
    named = page(head="<meta property='og:site_name' content='Riverton Daily'>")
    stated = extract_article(named, URL)
    assert stated is not None and stated.site == "Riverton Daily"


@pytest.mark.parametrize(("wrapped", "byline"), [
    ("{}", "<div class='info'>17:57 GMT, 11 July 2024</div>"),
    ("{}", "<span>By Zhang Wei | 11 Jul 2024 17:57 GMT</span>"),
    ("{}", "<p>By Jane Doe and John Smith, July 11, 2024 1:57 PM EDT</p>"),
    ("<header><div>{}</div></header>", "<div><span>Li Na</span> · <span>2024-07-11 "
                                      "17:57 UTC</span></div>"),
    ("<div class='top'>{}</div>", "<section><small>11.07.2024, 19:57 MESZ</small></section>"),
    ("{}", "<div>By <a href='/authors/jane-doe'>Jane Doe</a> — 11 July 2024 17:57 GMT</div>"),
    ("{}", "<p>NANTES, France · Thu 11 July 2024, 19:57 CEST</p>"),
    ("{}", "<p>Lena Ruiz · 11 July 2024 17:57 GMT · 4 min read</p>"),
])
def test_a_dateline_by_the_headline_is_read_though_nothing_names_it(wrapped: str,
                                                                     byline: str) -> None:
    """An element named by none of the dateline's names, right by the headline, whose text
    is a dateline and a byline's name at most."""
    html = page(byline=byline).replace(f"<h1>{HEADLINE}</h1>", wrapped.format(
        f"<h1>{HEADLINE}</h1>"))
    article = extract_article(html, UNDATED_URL)
    assert article is not None and article.published_precision == "time"
    assert article.published_at == datetime(2024, 7, 11, 17, 57, tzinfo=UTC)


@pytest.mark.parametrize("byline", [
    # a standfirst: a sentence that mentions a time, not a dateline
    "<p>Norvia said on July 11, 2024 at 9:00 EDT that it had opened talks with suppliers in "
    "China.</p>",
    "<p>Talks ended on July 11, 2024 at 9:00 EDT.</p>",
    # labels of other times than the publication's
    "<p>Investor webcast: July 11, 2024, 9:00 EDT</p>",
    "<div>Embargo lifted 11 July 2024 14:00 BST</div>",
    "<p>First aired July 11, 2024 9:00 EDT on Channel Four</p>",
    "<p>Last update: 11 July 2024 14:00 GMT</p>",
    "<p>Revised 11 July 2024 14:00 GMT</p>",
    "<p>Mise à jour le 11/07/2024 à 14:00 UTC</p>",
    "<p>Stand: 11.07.2024, 14:00 Uhr MESZ</p>",
    # a caption, a table of figures, another story's teaser
    "<figure><img src='p.jpg'><figcaption>Nantes, 11 July 2024 09:15 GMT. Photo: Lena Ruiz"
    "</figcaption></figure>",
    "<table><tr><td>Norvia closed, 11 July 2024 20:00 GMT</td><td>11.02</td></tr></table>",
    "<div><a href='/other'>Quellbyte chips</a> <span>11 July 2024 08:00 GMT</span></div>",
    "<p>See also: <a href='/x'>Norvia recall</a> (11 July 2024 08:00 GMT)</p>",
    # an unnamed date in the body: past the first long element after the headline
    f"{PARAGRAPHS}<div>July 11, 2024 9:00 EDT</div>",
    f"<div>{PARAGRAPHS}<p>Signed 11 July 2024, 10:00 GMT.</p></div>",
])
def test_an_unnamed_date_that_is_no_dateline_by_the_headline_is_not_read(byline: str) -> None:
    """The page's day is the URL's: no time is taken from text that is no dateline."""
    article = extract_article(page(byline=byline), URL)
    assert article is not None and article.published_precision == "day"
    assert article.published_at == datetime(2024, 7, 11, tzinfo=UTC)


@pytest.mark.parametrize("byline", [
    "<p class='posted'>Posted on July 11, 2024 at 5:57 pm</p>",
    "<div class='datum'>11.07.2024, 17:57 Uhr</div>",
])
def test_a_dateline_without_a_zone_gives_its_day_only(byline: str) -> None:
    """The wall clock could be any zone's: no time is invented."""
    article = extract_article(page(byline=byline), URL)
    assert article is not None and article.published_precision == "day"
    assert article.published_at == datetime(2024, 7, 11, tzinfo=UTC)


def test_a_stated_day_takes_the_time_of_the_dateline_of_that_day() -> None:
    head = '<meta name="date" content="2024-07-11">'
    byline = "<p class='byline'>By Jane Doe, July 11, 2024 5:57 PM EDT</p>"
    article = extract_article(page(head=head, byline=byline), URL)
    assert article is not None and article.published_precision == "time"
    assert article.published_at == datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))
    other_day = byline.replace("July 11", "July 14")
    article = extract_article(page(head=head, byline=other_day), URL)
    assert article is not None and article.published_precision == "day"
    assert article.published_at == datetime(2024, 7, 11, tzinfo=UTC)


def test_dates_of_other_stories_teased_beside_the_article_are_not_its_time() -> None:
    teasers = ("<aside><ul>" + "".join(
        f"<li><a href='/other-{n}'>Another carmaker signs a chip supply deal {n}</a>"
        f"<span class='date'>July {n}, 2024 9:00 AM EDT</span></li>" for n in (1, 2)) +
        "</ul></aside><section class='more'><ul><li><a href='/more'>More news about "
        "batteries and chips</a> <span class='date'>July 3, 2024 8:00 AM EDT</span></li>"
        "</ul></section>")
    own = "<p class='byline'>By Jane Doe | July 11, 2024 5:57 PM EDT</p>"
    article = extract_article(page(byline=own, after=teasers), URL)
    assert article is not None
    assert article.published_at == datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))
    article = extract_article(page(after=teasers), URL)
    assert article is not None and article.published_precision != "time"


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_a_dateline_is_found_however_deep_the_headline_is_wrapped(depth: int) -> None:
    """The headline wrapped in 0 to 3 elements more: the dateline is found every time."""
    wrapped = f"{'<div>' * depth}<h1>{HEADLINE}</h1>{'</div>' * depth}"
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><header>{wrapped}"
            "<div class='byline'>By Jane Doe | Jul 11, 2024 5:57 PM EDT</div></header>"
            f"{PARAGRAPHS}</article></body></html>")
    for _ in range(3):  # the same page, read again: the same answer
        article = extract_article(html, URL)
        assert article is not None and article.published_precision == "time"
        assert article.published_at == datetime(2024, 7, 11, 17, 57, tzinfo=zone(-4))


@pytest.mark.parametrize("byline", [
    # another story's date just under the headline, its link too short for a teaser
    "<ul class='related'><li><a href='/a'>Ford recalls Bronco</a> <time>July 2, 2024</time>"
    "</li></ul><p>By Jane Doe</p><p>Published July 11, 2024</p>",
    # an event the article is about, in a box named like a dateline, and in the future
    "<div class='event-meta'>Event: CES, January 7, 2027</div>",
    # the update first, labelled with the weekday or an article in between
    "<p class='dateline'>Updated: Fri, July 12, 2024 | Published: Thu, July 11, 2024</p>",
    "<p class='meta'>Mis à jour le 12/07/2024 | Publié le 11/07/2024</p>",
    "<p class='meta'>Actualizado 12/07/2024 · Publicado 11/07/2024</p>",
])
def test_a_dateline_that_disagrees_with_the_page_s_day_gives_way(byline: str) -> None:
    """Dates by the headline that are not the publication's (another story's, an event's,
    an update's): the page's day (htmldate's, from the URL here) wins."""
    article = extract_article(page(byline=byline), URL)
    assert article is not None
    assert article.published_at is not None and article.published_at.date().isoformat() == (
        "2024-07-11")


