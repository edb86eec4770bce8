"""Layer 1: the pure extraction function on pages of known content."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.extract import extract_article
from pipelines.extract.body.lines import body_lines
from pipelines.extract.metadata.page_meta import clean_authors
from pipelines.extract.metadata.site import site_keys
from pipelines.extract.metadata.title import choose_title, strip_site_suffix
from tests.site import content, pages

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
URL = "https://autoworld.example/news/2026/story"
CHROME = ("We use cookies", "Sign up for our newsletter", "Related Articles", "Share on",
          "min read", "Leave a comment", "All rights reserved", "Log in")


@pytest.mark.parametrize("story", [content.FORD_XIAOMI, content.VW_XPENG], ids=["template-a", "template-b"])
def test_news_page_becomes_headline_then_paragraphs_without_chrome(story: content.Story) -> None:
    html = pages.article_page(story, NOW, URL, [("/news/other-story-here", "Other story")])
    article = extract_article(html, URL)
    assert article is not None
    lines = article.text.splitlines()
    assert lines[0] == story.title == article.title
    assert story.subheading in lines
    for paragraph in story.paragraphs:
        assert paragraph in lines
    assert len(lines) == 1 + len(story.paragraphs) + 1
    for phrase in CHROME:
        assert phrase not in article.text
    assert article.authors == story.authors
    assert article.published_at == pages.published_at(story, NOW)
    assert article.published_at.utcoffset() == timedelta(hours=8)
    assert (article.language, article.site, article.canonical_url) == ("en", "Autoworld News", URL)


def test_open_graph_only_page() -> None:
    body = " ".join(["Volkswagen said on Tuesday it would license Xpeng's software stack."] * 6)
    html = f"""<html><head><meta property="og:title" content="VW licenses Xpeng software - Motor Daily">
    <meta property="og:site_name" content="Motor Daily"><meta name="author" content="By Ana Ruiz">
    <meta property="article:published_time" content="2026-11-20T07:15:00-05:00"></head>
    <body><div><p>{body}</p><p>{body}</p></div></body></html>"""
    article = extract_article(html, URL)
    assert article is not None
    assert article.title == "VW licenses Xpeng software"
    assert article.authors == ("Ana Ruiz",)
    assert article.published_at == datetime(2026, 11, 20, 12, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and John Roe, Staff Writers"], ("Jane Doe", "John Roe")),
        (["Jane Doe; Li Wei", "jane doe"], ("Jane Doe", "Li Wei")),
        (["Updated 12 Nov 2026", "Autoworld News"], ()),
        (["Reuters"], ("Reuters",)),
        (["Elena Oberholzer (obe)", "Trine Jørgensen og Tôrtia Reimer"],
         ("Elena Oberholzer", "Trine Jørgensen", "Tôrtia Reimer")),
        (["신현주 기자"], ("신현주",)),
        (["autoworld.example", "Deutsche Welle (www.dw.com)"], ()),
        (["Autoworld News, Detroit, United States"], ()),
    ],
)
def test_authors_are_names_only(raw: list[str], expected: tuple[str, ...]) -> None:
    assert clean_authors(raw, site_keys(["Autoworld News"], URL)) == expected


def _page(head: str, body: str) -> str:
    paragraph = "Volkswagen said on Tuesday it would license Xpeng's software stack for new models."
    text = "".join(f"<p>{paragraph} Part {i}.</p>" for i in range(6))
    return (f"<html><head><title>VW licenses Xpeng software</title>{head}</head><body><article>"
            f"<h1>VW licenses Xpeng software</h1>{body.replace('TEXT', text)}</article></body></html>")


def _ld(author: str) -> str:
    return ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            f'"VW licenses Xpeng software", "author": {author}}}</script>'
            '<meta property="og:site_name" content="Autoworld News">')


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (_ld('{"@type": "Organization", "name": "Autoworld News"}'), "TEXT", ("Autoworld News",)),
        (_ld('{"@type": "Organization", "name": "Autoworld News"}'),
         '<div class="byline">By Jane Doe</div>TEXT', ("Jane Doe",)),
        (_ld('[{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Gear Team"}]'),
         "TEXT", ("Ana Ruiz", "Gear Team")),
        ("", "<ul><li><strong>Autorin/Autor</strong> Jane Doe</li></ul>TEXT", ("Jane Doe",)),
        ("", "<p>Von Jane Doe, Frankfurt</p>TEXT", ("Jane Doe",)),
        ("", "<p>By clicking you accept our terms</p>TEXT", ()),
        ("", "<div><p><strong>Jane Doe</strong></p>TEXT</div>", ("Jane Doe",)),
        ("", "<div>TEXT<p><strong>Key Facts</strong></p>TEXT</div>", ()),
        ("", "<div><p>Short lead.</p><p><b>Jane Doe/Ana Ruiz</b></p>TEXT</div>",
         ("Jane Doe", "Ana Ruiz")),
        ("", '<ul><li>Von:\n<span><a href="/a">Bill MCCARTHY</a>,</span> '
             '<span><a href="/b">Ana Ruiz</a></span></li></ul>TEXT', ("Bill MCCARTHY", "Ana Ruiz")),
        (_ld('{"@id": "https://autoworld.example/author/admin/", "name": "Site D"}'),
         '<p>by <span class="author vcard"><a href="https://autoworld.example/author/admin/">Site D</a>'
         '</span></p><p>Von Jane Doe, Frankfurt</p>TEXT', ("Jane Doe",)),
    ],
    ids=["newsroom-only", "person-before-newsroom", "named-team", "label-element", "dateline",
         "by-clicking", "bold-signature", "bold-subheading", "two-signed-after-lead", "colon-label",
         "cms-admin-account"],
)
def test_author_signals_in_order_of_trust(head: str, body: str, expected: tuple[str, ...]) -> None:
    article = extract_article(_page(head, body), URL)
    assert article is not None
    assert article.authors == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ford and Xiaomi sign deal - Autoworld News", "Ford and Xiaomi sign deal"),
        ("Ford and Xiaomi sign deal | Autos | autoworld.example", "Ford and Xiaomi sign deal | Autos"),
        ("Ford: the deal - what changes", "Ford: the deal - what changes"),
    ],
)
def test_only_the_site_name_is_stripped_from_titles(title: str, expected: str) -> None:
    assert strip_site_suffix(title, site_keys(["Autoworld News"], URL)) == expected


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (["Olympics: Germany beat France in the final", None, "Germany beat France in the final"],
         "Germany beat France in the final"),
        (["Germany beat France in the final", "Olympics: Germany beat France in the final"],
         "Germany beat France in the final"),
        (["Olympics: Germany beat France", "France in the final"], "Olympics: Germany beat France"),
        (["Ford: the deal", "the deal"], "Ford: the deal"),
        (["Autoworld News", "Ford and Xiaomi sign deal | Autoworld News"], "Ford and Xiaomi sign deal"),
    ],
)
def test_a_kicker_or_a_logo_is_no_headline(candidates: list[str | None],
                                                             expected: str) -> None:
    assert choose_title(candidates, site_keys(["Autoworld News"], URL)) == expected


@pytest.mark.parametrize(
    "html",
    ["", "   ", "\x00\x00", "not html at all", "<html><body><nav>Home</nav></body></html>",
     "<" * 10000, "<html><body>" + "<div>" * 5000 + "x" + "</div>" * 5000 + "</body></html>"],
    ids=["empty", "blank", "nul", "text", "no-article", "brackets", "deep"],
)
def test_no_article_text_gives_none_and_never_raises(html: str) -> None:
    assert extract_article(html, URL) is None


def test_a_script_rendered_page_gives_the_body_its_hydration_data_carries() -> None:
    paragraphs = [f"Paragraph {n} of the partnership story, long enough to be running text in a body."
                  for n in range(1, 5)]
    fragment = "".join(f"<p>{p}</p>" for p in paragraphs)
    data = json.dumps({"article": {"title": "Ford and Xiaomi sign deal", "contentHtml": fragment}})
    html = ("<html><head><title>Ford and Xiaomi sign deal</title></head><body>"
            "<div id='root'><h1>Ford and Xiaomi sign deal</h1></div>"
            f"<script>self.__next_f.push([1,{json.dumps(data)}])</script></body></html>")
    article = extract_article(html, URL)
    assert article is not None
    assert article.text.splitlines() == ["Ford and Xiaomi sign deal", *paragraphs]


def test_a_paragraph_is_whole_when_markup_comments_sit_around_its_links() -> None:
    """React pages put ``<!-- -->`` between text nodes; one before a link cut the paragraph."""
    def p(text: str) -> str:
        return f'<p class="sc-2 b">{text}<!-- --></p>'
    link = '<!-- --><a href="/{0}" class="sc-3 c">{1}<!-- --></a>'
    lines = ["The carmaker and the chip designer agreed to build one central computer for electric models.",
             "The deal matters to investors, who fund the carmaker's plans by buying its bonds every year.",
             "This means some of the carmaker's {} are shared with the chip designer from next year on.",
             "The platform is run by a joint committee.",
             "It has three members, including {}, whose term began in October."]
    blocks = [p(lines[0]), p(lines[1]), p(lines[2].format(link.format("costs", "development costs"))),
              p(lines[3]), p(lines[4].format(link.format("chair", "the chair Jane Doe")))]
    html = ("<html><head><title>Carmaker and chip designer sign deal</title></head><body><article>"
            f'<div class="sc-1 a">{"".join(blocks[:3])}</div><div class="sc-1 a">{"".join(blocks[3:])}</div>'
            "</article></body></html>")
    article = extract_article(html, URL)
    assert article is not None
    assert article.text.splitlines()[1:] == [
        *lines[:2], lines[2].format("development costs"), lines[3], lines[4].format("the chair Jane Doe")]


def test_an_article_laid_out_in_a_table_cell_keeps_its_paragraphs() -> None:
    paragraphs = [f"Paragraph {n} of the partnership story, long enough to be running text in a body."
                  for n in range(1, 5)]
    html = ("<html><head><title>Ford and Xiaomi sign deal</title></head><body><table><tr>"
            "<td class='menu'><a href='/'>Home</a></td><td class='content'><h1>Ford and Xiaomi sign deal</h1>"
            "<div class='date'>November 20, 2026 - 11:28</div>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</td></tr></table></body></html>")
    article = extract_article(html, URL)
    assert article is not None
    assert article.text.splitlines()[-4:] == paragraphs


def test_video_page_has_no_article_text() -> None:
    assert extract_article(pages.video_page(), URL) is None


GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.html"))


@pytest.mark.parametrize("page", GOLDEN, ids=[path.stem for path in GOLDEN])
def test_golden_pages(page: Path) -> None:
    """Hand-made pages for the hard cases: nested/CDATA JSON-LD, compact offsets, entities,
    site suffixes, names joined by "og"/"und", site-as-author meta, chrome after articleBody,
    the newsroom as sole author, a kicker, a body split around an ad row, teaser links."""
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    article = extract_article(page.read_text(encoding="utf-8"), expected["url"])
    assert article is not None
    assert article.title == expected["title"]
    assert list(article.authors) == expected["authors"]
    assert article.published_at == datetime.fromisoformat(expected["published_at"])
    assert article.published_at.utcoffset() == datetime.fromisoformat(expected["published_at"]).utcoffset()
    assert article.text.splitlines() == expected["lines"]


def test_body_lines_drop_chrome_and_the_teaser_block_at_the_end() -> None:
    text = "\n".join([
        "Ford and Xiaomi sign deal", "First paragraph of the story.", "Lesen Sie auch",
        "Second paragraph of the story.", "[button link=\"/tip\"]Send us a tip[/button]",
        "Third paragraph.", "Fourth paragraph.", "Fifth paragraph.", "Sixth paragraph.",
        "You may also like...", "Other story one", "Other story two",
    ])
    assert body_lines(text, "Ford and Xiaomi sign deal") == [
        "First paragraph of the story.", "Second paragraph of the story.", "Third paragraph.",
        "Fourth paragraph.", "Fifth paragraph.", "Sixth paragraph.",
    ]
