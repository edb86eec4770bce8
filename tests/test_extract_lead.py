"""The lead (standfirst) between headline and body, and the headline's quote marks and section."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipelines.extract.body.lead import Lead, stated_lead, with_lead
from pipelines.extract.metadata.site import site_keys
from pipelines.extract.metadata.title import choose_title, headline_element

LEAD = "The two companies will share the cost of a central computer from 2028."
BODY = ("The carmaker and the chip designer said on Monday that they would develop a single "
        "central computer for the carmaker's electric models, replacing dozens of control units.")


def _lead(header: str, description: str | None = None) -> tuple[str, ...]:
    page = f"<html><body><article><h1>Carmaker and chip designer agree</h1>{header}<p>{BODY}</p></article></body></html>"
    tree = lxml_html.document_fromstring(page)
    return stated_lead(headline_element(tree), description).lines


@pytest.mark.parametrize(
    ("header", "description", "expected"),
    [
        (f'<p class="article__standfirst">{LEAD}</p>', None, (LEAD,)),
        (f'<div class="ArticleTeaserText_text__x1">{LEAD}</div>', None, (LEAD,)),
        (f"<div><span>Berlin.</span> {LEAD}</div>", LEAD, (f"Berlin. {LEAD}",)),
        (f"<p>{LEAD}</p>", None, ()),
        (f'<div class="photo-box"><img src="x.jpg"><p class="description">{LEAD}</p></div>', LEAD, ()),
        (f'<figure><figcaption class="summary">{LEAD}</figcaption></figure>', LEAD, ()),
        (f'<p class="dek"><a href="/other">{LEAD}</a></p>', None, ()),
        ('<p class="subtitle">By Priya Raman, technology correspondent</p>', None, ()),
        ('<h2 class="teaser__title">Carmaker and chip designer agree on a platform</h2>', None, ()),
        (f'<p class="intro"><script>var x = "{LEAD}";</script></p>', None, ()),
    ],
    ids=["marked", "camel-case-class", "restates-description", "unmarked-unstated",
         "image-description", "caption", "link", "byline", "teaser-title", "script"],
)
def test_the_lead_is_a_marked_or_described_block_never_a_caption_or_link(
        header: str, description: str | None, expected: tuple[str, ...]) -> None:
    assert _lead(header, description) == expected


def test_the_lead_comes_before_the_body() -> None:
    tree = lxml_html.document_fromstring(
        f"<html><body><h1>Headline of the story</h1><p>{BODY}</p><p class='summary'>{LEAD}</p></body></html>")
    assert stated_lead(headline_element(tree), None) == Lead()


def test_a_lead_the_text_already_holds_is_the_lead_only_when_marked_and_apart() -> None:
    assert with_lead([BODY], Lead((LEAD,), marked=False)) == ([LEAD, BODY], (LEAD,))
    assert with_lead([LEAD, BODY], Lead((LEAD,), marked=False)) == ([LEAD, BODY], ())
    assert with_lead([LEAD, BODY], Lead((LEAD,), marked=True)) == ([LEAD, BODY], (LEAD,))
    assert with_lead([BODY, LEAD], Lead((LEAD,), marked=True)) == ([BODY, LEAD], ())
    assert with_lead([BODY], Lead()) == ([BODY], ())


@pytest.mark.parametrize(
    ("page", "marked"),
    [(f"<header><h1>Headline of the story</h1><p class='dek'>{LEAD}</p></header>"
      f"<div class='body'><p>{BODY}</p><p>{BODY}</p></div>", True),
     (f"<div class='body'><h1>Headline of the story</h1><p id='speakable-summary'>{LEAD}</p>"
      f"<p>{BODY}</p><p>{BODY}</p></div>", False)],
    ids=["dek-in-header", "summary-paragraph-of-the-body"],
)
def test_a_marked_lead_among_the_body_paragraphs_is_body_text(page: str, marked: bool) -> None:
    tree = lxml_html.document_fromstring(f"<html><body>{page}</body></html>")
    assert stated_lead(headline_element(tree), None) == Lead((LEAD,), marked)


KEYS = site_keys(["Motor Ledger"], "https://motorledger.example/story")


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (["Chip deal signed | Technology", "Chip deal signed for electric cars"],
         "Chip deal signed | Technology"),
        (["Chip deal signed for electric cars | Technology", "Chip deal signed for electric cars"],
         "Chip deal signed for electric cars"),
        (["Chip deal is ‘software-defined’", "Chip deal is 'software-defined'"],
         "Chip deal is 'software-defined'"),
        (["Chip deal is ‘software-defined’", "Chip deal is ‘software-defined’",
          "Chip deal is 'software-defined'"], "Chip deal is ‘software-defined’"),
    ],
    ids=["short-prefix-kept", "section-dropped", "quotes-tie-typed", "quotes-majority"],
)
def test_the_headline_without_section_and_with_the_agreed_quotes(
        candidates: list[str | None], expected: str) -> None:
    assert choose_title(candidates, KEYS) == expected
