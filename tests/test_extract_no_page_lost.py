"""No article page lost, and its text clean: pages of the kinds that made extractors return
nothing or markup (hand-made inputs; the shared field cases are in test_extract_field_cases)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from pipelines.extract.article import extract, extract_article
from pipelines.extract.results import NO_ARTICLE_REASONS

URL = "https://www.motorpress.example/2025/03/04/halvorsen-lidar-deal"
HEADLINE = "Halvorsen Motors picks Brightlane lidar for its vans"
PARAGRAPHS = [
    "Halvorsen Motors will fit lidar sensors made by Brightlane to its electric delivery vans "
    "from next spring, the two companies said on Tuesday.",
    "The carmaker tested sensors from three suppliers over two winters before it chose the "
    "smaller firm, whose units cost less to cool.",
    "Brightlane will open an office near the van plant so that its engineers can work with the "
    "carmaker's software team every day.",
]


def page(head: str = "", body: str = "", before: str = "", paragraphs: list[str] = PARAGRAPHS) -> str:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"{before}<html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
            f"<article>{body}{text}</article></body></html>")


@pytest.mark.parametrize("declaration", [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    "\ufeff<?xml version='1.0' encoding='iso-8859-1' standalone='yes' ?>\r\n",
], ids=["utf-8", "bom-latin-1"])
def test_an_xml_declaration_with_an_encoding_still_gives_the_article(declaration: str) -> None:
    html = declaration + page(f"<title>{HEADLINE}</title>", f"<h1>{HEADLINE}</h1>")
    article = extract_article(html, URL)
    assert article is not None
    assert article.text.splitlines() == [HEADLINE, *PARAGRAPHS]


def test_a_title_the_parser_puts_into_the_body_is_still_the_headline() -> None:
    html = ("<script>window.ads = [];</script>" + page(f"<title>{HEADLINE}</title>"))
    article = extract_article(html, URL)
    assert article is not None and article.title == HEADLINE


@pytest.mark.parametrize("head", [
    f'<meta property="og:site_name" content="{HEADLINE}"><title>{HEADLINE}</title>',
    f'<meta property="og:site_name" content="{HEADLINE} | Motorpress"><title>{HEADLINE}</title>',
], ids=["equal", "with-suffix"])
def test_a_site_name_equal_to_the_headline_keeps_the_headline(head: str) -> None:
    article = extract_article(page(head, f"<h1>{HEADLINE}</h1>"), URL)
    assert article is not None and article.title == HEADLINE


def test_every_headline_statement_being_the_site_name_still_gives_an_article() -> None:
    head = '<meta property="og:site_name" content="Motorpress"><title>Motorpress</title>'
    article = extract_article(page(head, "<h1>Motorpress</h1>"), URL)
    assert article is not None and article.text.splitlines()[1:] == PARAGRAPHS
    assert "Motorpress" not in article.title and PARAGRAPHS[0].startswith(article.title.rstrip("."))


@pytest.mark.parametrize("head", [
    '<meta property="og:site_name" content="Gazette"><title>Gazette</title>',  # name only
    "<title> | Gazette</title>",  # a template whose headline part is empty
    '<title>– Gazette</title><meta property="og:title" content="| Gazette">',
], ids=["site-name-only", "empty-part-bar", "empty-part-dash"])
def test_a_page_whose_statements_hold_no_headline_takes_its_first_line(head: str) -> None:
    article = extract_article(page(head), URL)
    assert article is not None and "Gazette" not in article.title
    assert PARAGRAPHS[0].startswith(article.title.rstrip("."))


def test_a_page_without_any_headline_takes_its_first_line() -> None:
    long_first = "The deal. " + PARAGRAPHS[0]
    article = extract_article(page(paragraphs=[long_first, *PARAGRAPHS[1:]]), URL)
    assert article is not None
    assert article.title == "The deal."
    assert article.text.splitlines()[1:] == [long_first, *PARAGRAPHS[1:]]


def test_control_characters_are_stripped_and_the_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Škoda and Citroën agreed in Zürich.")
    html = page(f"<title>{HEADLINE}\x07</title>", f"<h1>{HEADLINE}\x07</h1>",
                paragraphs=[f"{decomposed}\x07 {PARAGRAPHS[0]}\x1b", *PARAGRAPHS[1:]])
    article = extract_article(html, URL)
    assert article is not None
    assert article.title == HEADLINE
    assert article.text.splitlines()[1] == f"Škoda and Citroën agreed in Zürich. {PARAGRAPHS[0]}"
    assert unicodedata.is_normalized("NFC", article.text)


def test_a_short_article_that_says_it_is_one_is_kept() -> None:
    html = page(f'<meta property="og:type" content="article"><title>{HEADLINE}</title>',
                paragraphs=["„Are we done?“ – „Yes.“"])
    article = extract_article(html, URL)
    assert article is not None and article.text.splitlines()[1:] == ["„Are we done?“ – „Yes.“"]


@pytest.mark.parametrize(("html", "reason"), [
    ("", "empty_page"),
    ("<html><body><div> </div></body></html>", "no_text"),
    (page("<title>Clips</title>", paragraphs=["Watch the clips."]), "short_text"),
])
def test_a_page_without_an_article_says_why(html: str, reason: str) -> None:
    extraction = extract(html, URL)
    assert (extraction.article, extraction.reason) == (None, reason)
    assert reason in NO_ARTICLE_REASONS


def test_html_in_a_json_ld_article_body_never_reaches_the_text() -> None:
    """A page that shows only the first paragraph; articleBody, as HTML, holds them all."""
    body = "".join(f"<p>{p} <a href='/x'>More</a>&amp; more.</p>" for p in PARAGRAPHS * 4)
    data = {"@type": "NewsArticle", "headline": HEADLINE, "articleBody": body}
    html = page(f"<script type='application/ld+json'>{json.dumps(data)}</script>",
                f"<h1>{HEADLINE}</h1>", paragraphs=PARAGRAPHS[:1])
    article = extract_article(html, URL)
    assert article is not None
    assert "<" not in article.text and "&amp;" not in article.text


@pytest.mark.parametrize("ruby", [
    "<ruby>子<rt>こども</rt></ruby>", "<ruby>子<rp>(</rp><rt>こども</rt><rp>)</rp></ruby>",
    "<ruby><rb>子</rb><rp>（</rp><rt>こども</rt><rp>）</rp></ruby>",
], ids=["bare", "ascii-parentheses", "full-width-parentheses"])
def test_ruby_readings_come_out_one_way(ruby: str) -> None:
    sentence = f"その{ruby}たちは新しい電気自動車の工場を見学し、技術者の説明を長い時間熱心に聞いた。" * 3
    article = extract_article(page(f"<title>{HEADLINE}</title>", paragraphs=[sentence, *PARAGRAPHS]), URL)
    assert article is not None
    assert "その子（こども）たちは" in article.text and "子こども" not in article.text


def test_a_list_the_article_introduces_stays_and_a_list_of_links_goes() -> None:
    models = ["Halvorsen V2 Cargo", "Halvorsen V3 Long", "Halvorsen V4 Crew"]
    listing = "".join(f"<li><a href='https://shop.halvorsen.example/{n}'>{m}</a></li>"
                      for n, m in enumerate(models))
    related = ("<p>More on this:</p><ul><li><a href='/a'>Another story on vans</a></li>"
               "<li><a href='https://www.motorpress.example/b'>More news</a></li></ul>")
    html = page(f"<title>{HEADLINE}</title>", paragraphs=PARAGRAPHS[:2]).replace(
        "</article>", f"<p>The sensors go into three models:</p><ul>{listing}</ul>"
                      f"<p>{PARAGRAPHS[2]}</p>{related}</article>")
    article = extract_article(html, URL)
    assert article is not None
    lines = article.text.splitlines()
    assert all(f"- {model}" in lines for model in models)  # trafilatura marks list items
    assert "Another story on vans" not in article.text


def test_a_dateline_and_byline_line_is_no_lead() -> None:
    description = "Halvorsen Motors will fit lidar sensors made by Brightlane to its vans."
    html = page(f'<title>{HEADLINE}</title><meta name="description" content="{description}">',
                f"<h1>{HEADLINE}</h1><div class='intro'>4. März 2025 – von Jana Berg</div>"
                f"<p class='teaser'>{description}</p>")
    article = extract_article(html, URL)
    assert article is not None
    assert article.lead == (description,)
    assert "4. März 2025 – von Jana Berg" not in article.text
