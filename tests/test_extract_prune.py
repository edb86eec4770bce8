"""Layer 1: the DOM passes that run before trafilatura, and the chrome lines dropped after it."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipelines.extract.body.lines import body_lines, without_author_note, without_self_description
from pipelines.extract.body.prune import (
    drop_inline_popups,
    drop_link_lists,
    drop_signup_boxes,
    flatten_ruby,
    join_split_body,
    unwrap_layout_tables,
)
from pipelines.extract.metadata.site import site_keys

LONG = "A paragraph of the article that is long enough to count as running text in a body. "


def test_a_list_of_bare_links_goes_and_a_list_with_text_stays() -> None:
    tree = lxml_html.document_fromstring(
        '<html><body><ul id="teasers"><li><a href="/a">Other story</a></li>'
        '<li><a href="/b">More</a></li></ul><ul id="facts">'
        '<li><a href="/c">Ford</a> sells cars</li><li>Xpeng makes software</li></ul></body></html>')
    drop_link_lists(tree)
    assert tree.xpath('//ul/@id') == ["facts"]


def test_a_link_list_padded_with_unicode_spaces_goes_and_a_menu_of_glued_links_stays() -> None:
    tree = lxml_html.document_fromstring(
        '<html><body><ul id="padded"><li><a href="/a">Other story</a>\u00a0</li>'
        '<li>\u2009<a href="/b">More</a></li></ul><ul id="menu">'
        '<li><a href="/p">Politics</a><a href="/e">Europe</a></li><li><a href="/w">World</a></li>'
        '</ul></body></html>')
    drop_link_lists(tree)
    assert tree.xpath('//ul/@id') == ["menu"]  # glued link texts are not one link text


def test_body_blocks_of_one_class_are_joined_in_order() -> None:
    block = '<div class="article__body"><p>{0} one {1}</p><p>{0} two {1}</p></div>'
    tree = lxml_html.document_fromstring(
        f'<html><body>{block.format(LONG, 1)}<div class="ad">Advertisement</div>'
        f'{block.format(LONG, 2)}</body></html>')
    join_split_body(tree)
    bodies = tree.xpath('//div[@class="article__body"]')
    assert len(bodies) == 1
    assert [p.text.split()[-1] for p in bodies[0].findall("p")] == ["1", "1", "2", "2"]


@pytest.mark.parametrize(
    "line",
    ["Read more: Carmaker picks lidar supplier", "SEE MORE: Xpeng shares jump",
     "Lesen Sie auch: Ford baut um", "Follow Newsbeat on Instagram, Facebook and Twitter.",
     "Sign up for breaking news, reviews and more.", "Email Jane Doe at jane@example.com.",
     "02:57 Min.. Verfügbar bis 06.05.2024.",
     "Ministers met in Brussels on Thursday. 18.04.2024 | 0:21 min",
     "Trade talks: Ford and Xiaomi sign deal", "$$ARTICLEAD$$", "{{ ad_slot }}",
     "Ford and Xiaomi sign ‘deal’", "Tags:", "© 2026 Autoworld Media", "copyright Autoworld 2026 - ISSN 1234",
     "Copyright 2026 Autoworld. All rights reserved.", "segunda-feira, 22 de janeiro de 2026 às 0:13",
     "Xpeng shares jump after the deal [INSIGHT]|"],
)
def test_teaser_and_promotion_lines_are_chrome(line: str) -> None:
    text = f"First paragraph.\n{line}\nLast paragraph."
    assert body_lines(text, "Ford and Xiaomi sign 'deal'", "Ford and Xiaomi sign deal") == [
        "First paragraph.", "Last paragraph."]


@pytest.mark.parametrize(
    "line", ["He said: the deal is done.", "More than 450,000 people were affected.",
             "Follow the money, analysts say.",
             "NEW DELHI: Nearly 150 Indians returned home on Wednesday after being deported for "
             "violating visa norms or entering the United States illegally.",
             "Copyright holders sued the company in 2019.", "Tags are sold out.",
             "The talks began in 2026 and ended at 10:30.",
             "The code reads [ERROR] when it fails, engineers said.",
             "https://news.example/2026/source-document"])
def test_sentences_that_look_alike_stay(line: str) -> None:
    assert line in body_lines(f"First paragraph.\n{line}", "Title")


def test_a_press_release_ends_without_the_publishers_self_description() -> None:
    keys = site_keys(["Acme Robotics"], "https://www.acme.example/news/1")
    lines = ["Acme and Ford sign a deal.", "Ford is a carmaker, analysts say.", "About Acme",
             "Acme is a global provider of robots.", "Acme is headquartered in Baar."]
    assert without_self_description(lines, keys) == lines[:2]


def test_a_last_paragraph_about_someone_else_stays() -> None:
    keys = site_keys(["Acme Robotics"], "https://www.acme.example/news/1")
    lines = ["Acme and Ford sign a deal.", "Ford is a carmaker with plants in Europe."]
    assert without_self_description(lines, keys) == lines


def test_a_hover_card_inside_a_paragraph_goes_and_the_name_stays() -> None:
    tree = lxml_html.document_fromstring(
        '<html><body><p>Talks with <a class="rollover-link" href="/p/1">Jane Doe</a>'
        '<span class="rollover-block"><img src="j.jpg"><a href="/a/2">Other story</a></span>'
        ' went on.</p></body></html>')
    drop_inline_popups(tree)
    assert tree.xpath("string(//p)") == "Talks with Jane Doe went on."


def test_the_closing_note_on_the_author_goes_with_what_follows_it() -> None:
    lines = ["Ford and Xiaomi sign a deal.", "Jane Doe said the talks took a year.",
             "Jane Doe is a reporter covering carmakers.", "You must log in to comment."]
    assert without_author_note(lines, ("Jane Doe",)) == lines[:2]
    assert without_author_note(lines, ("Jane",)) == lines


def test_a_ruby_reading_stays_inline_in_its_paragraph() -> None:
    tree = lxml_html.document_fromstring(
        "<html><body><p>韓国の<ruby><rb>尹錫悦</rb><rp>（</rp><rt>ユンソンニョル</rt><rp>）</rp></ruby>"
        "大統領は</p></body></html>")
    flatten_ruby(tree)
    assert [p.text_content() for p in tree.iter("p")] == ["韓国の尹錫悦（ユンソンニョル）大統領は"]
    assert not list(tree.iter("ruby", "rt"))


def test_a_layout_table_becomes_blocks_and_a_data_table_stays() -> None:
    tree = lxml_html.document_fromstring(
        f"<html><body><table id='layout'><tbody><tr><td><h1>Headline</h1><p>{LONG}</p>"
        "<table id='data'><tr><th>Model</th><th>Range</th></tr><tr><td>ID.3</td><td>426 km</td></tr></table>"
        "</td><td>Side column</td></tr></tbody></table></body></html>")
    unwrap_layout_tables(tree)
    assert not tree.xpath("//*[@id='layout']//*[self::tbody or self::tr or self::td][not(ancestor::table)]")
    assert tree.xpath("//div[@id='layout']") and tree.xpath("//table[@id='data']//td")


@pytest.mark.parametrize("box", [
    '<div class="inline-signup"><p><strong>Get Wheel Weekly in your inbox.</strong> The '
    'week in cars, every Friday.</p><a href="/subscribe">Sign up</a></div>',
    '<aside id="subscribe-cta"><h4>Never miss a story</h4><form><input type="email">'
    '<button>Subscribe</button></form></aside>',
    '<section class="promo sign-up_box"><p>Join 40,000 readers: sign up for free.</p></section>',
])
def test_a_sign_up_box_between_the_paragraphs_goes(box: str) -> None:
    tree = lxml_html.document_fromstring(
        f'<html><body><article><p id="a">{LONG}</p>{box}<p id="b">{LONG}</p></article>'
        '</body></html>')
    drop_signup_boxes(tree)
    assert [p.get("id") for p in tree.iter("p")] == ["a", "b"]
    assert "sign" not in tree.text_content().lower() and "inbox" not in tree.text_content()


def test_a_paywalled_body_and_a_story_about_subscriptions_stay() -> None:
    tree = lxml_html.document_fromstring(
        f'<html><body><div class="subscriber-content"><p>{LONG}</p><p>{LONG}</p></div>'
        f'<div class="subscribe-wall"><p>{LONG * 4}</p></div>'
        '<p class="lead">Tesla will sign up 2,000 new buyers for its subscription plan.</p>'
        '</body></html>')
    drop_signup_boxes(tree)
    assert len(tree.xpath("//p")) == 4
