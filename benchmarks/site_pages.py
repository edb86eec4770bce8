"""HTML of the benchmark site: article pages in three templates, topic pages, the home page.

Pages carry what real news pages carry, so that parsing and extraction cost what they cost
in production (about 47 KB an article page): inline CSS and analytics, a JSON-LD
NewsArticle, a preloaded-state script, a mega menu, a "most read" sidebar, related links,
comments and a long footer. All links lead to pages of the site.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from benchmarks.site_text import TOPICS, Story

SITE_NAME = "Motor & Circuit"
STATIC_PAGES = ("about-us", "contact", "privacy", "terms", "advertise", "careers", "newsletter")
_CSS = "\n".join(
    f".c{i} .item-{i} > a:hover, .grid-{i} .card-{i} {{ margin: {i % 7}px {i % 5}px; "
    f"padding: {i % 4}px; color: #{(i * 7919) % 0xFFFFFF:06x}; font-size: {12 + i % 6}px; }}"
    for i in range(120)
)
_ICON = ('<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M18 '
         '16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11c'
         '.54.5 1.25.81 2.04.81 1.66 0 3-1.34 3-3s-1.34-3-3-3-3 1.34-3 3c0 .24.04.47.09.7L8.04 '
         '9.81C7.5 9.31 6.79 9 6 9c-1.66 0-3 1.34-3 3s1.34 3 3 3c.79 0 1.5-.31 2.04-.81l7.12 '
         '4.16c-.05.21-.08.43-.08.65 0 1.61 1.31 2.92 2.92 2.92s2.92-1.31 2.92-2.92-1.31-2.92'
         '-2.92-2.92z"/></svg>')
SHARE = '<div class="share">' + "".join(
    f'<button class="share-{n}" data-network="{n}">{_ICON}<span>{n.title()}</span></button>'
    for n in ("x", "facebook", "linkedin", "email")) + "</div>"
_ANALYTICS = "\n".join(
    f"window.dataLayer=window.dataLayer||[];dataLayer.push({{'event':'slot_{i}',"
    f"'adUnit':'/2156/motorcircuit/{TOPICS[i % len(TOPICS)]}/slot{i}','sizes':[[300,250],"
    f"[728,90]],'targeting':{{'pos':'{i}','kw':'ev,auto,tech'}}}});"
    for i in range(40)
)


def _link(href: str, text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{href}"{attr}>{escape(text)}</a>'


def _nav() -> str:
    columns = []
    for topic in TOPICS:
        items = "".join(f"<li>{_link(f'/topics/{topic}/#{n}', f'{topic.title()} {label}')}</li>"
                        for n, label in enumerate(("news", "analysis", "reviews", "video",
                                                   "podcasts", "guides", "deals", "opinion")))
        columns.append(f'<div class="mega-col"><h4>{_link(f"/topics/{topic}/", topic.title())}'
                       f'</h4><ul class="mega-list">{items}</ul></div>')
    return (f'<header class="site-header"><div class="logo">{_link("/", SITE_NAME)}</div>'
            f'<nav class="mega-menu" aria-label="Main">{"".join(columns)}</nav>'
            f'<form class="search"><input type="search" name="q"><button>Search</button></form>'
            f"</header>")


def _footer() -> str:
    groups = "".join(
        f'<div class="footer-group"><h5>{title}</h5><ul>'
        + "".join(f"<li>{_link(f'/{page}/', page.replace('-', ' ').title())}</li>"
                  for page in STATIC_PAGES) + "</ul></div>"
        for title in ("Company", "Help", "Legal", "More"))
    return (f'<footer class="site-footer"><div class="footer-groups">{groups}</div><p class="copy">'
            f"© 2026 {SITE_NAME}. All rights reserved. Prices and specifications are subject to "
            f"change without notice.</p></footer>")


def _head(title: str, extra: str = "") -> str:
    return (f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>{escape(title)} | {SITE_NAME}</title><style>{_CSS}</style>{extra}"
            f"<script>{_ANALYTICS}</script></head>")


def _teasers(stories: Sequence[Story], cls: str) -> str:
    items = "".join(
        f'<li class="teaser"><div class="thumb"><img src="/img/{s.index}.jpg" alt=""></div>'
        f'<div class="teaser-body">{_link(path(s), s.title)}<p class="dek">'
        f"{escape(s.paragraphs[0][:160])}</p></div></li>" for s in stories)
    return f'<ul class="{cls}">{items}</ul>'


def path(story: Story) -> str:
    """The URL path of a story: dated, with a slug."""
    return f"/{story.topic}/{story.published:%Y/%m/%d}/{story.slug}"


def _json_ld(story: Story, url: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "datePublished": story.published.isoformat(), "mainEntityOfPage": url,
            "author": [{"@type": "Person", "name": n} for n in story.authors],
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "articleSection": story.topic}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _state(story: Story, related: Sequence[Story]) -> str:
    state = {"page": {"type": "article", "id": story.index, "section": story.topic},
             "related": [{"id": s.index, "title": s.title, "dek": s.paragraphs[0],
                          "url": path(s)} for s in related],
             "flags": {f"experiment_{i}": i % 3 == 0 for i in range(60)}}
    return f'<script id="__STATE__" type="application/json">{json.dumps(state)}</script>'


def _body(story: Story) -> str:
    parts = [f"<p>{escape(p)}</p>" for p in story.paragraphs]
    parts.insert(2, f'<figure><img src="/img/{story.index}-1.jpg" alt=""><figcaption>'
                    f"Photo: {SITE_NAME} archive</figcaption></figure>")
    parts.insert(5, f"<h2>What the {story.topic} deal means</h2>")
    return "\n".join(parts)


def _byline(story: Story) -> str:
    names = " and ".join(_link(f"/author/{n.lower().replace(' ', '-')}/", n)
                         for n in story.authors)
    return (f'<div class="byline">By {names} · <time datetime="{story.published.isoformat()}">'
            f"{story.published:%B %d, %Y %H:%M}</time></div>")


def _comments(story: Story) -> str:
    items = "".join(f'<div class="comment"><b>reader{story.index % 97 + n}</b><p>Comment {n}: '
                    f"interesting move, let us see if it ships on time.</p></div>"
                    for n in range(4))
    return f'<section class="comments"><h3>Comments</h3>{items}</section>'


def article_page(story: Story, base: str, related: Sequence[Story],
                 most_read: Sequence[Story]) -> str:
    """A full article page in one of three templates."""
    url = base + path(story)
    head = _head(story.title, f'<link rel="canonical" href="{url}">'
                              f'<meta property="og:title" content="{escape(story.title)}">'
                              f'<meta name="description" content="'
                              f'{escape(story.paragraphs[0][:150])}">' + _json_ld(story, url))
    title = f"<h1>{escape(story.title)}</h1>{SHARE}"
    aside = f'<aside class="most-read"><h3>Most read</h3>{_teasers(most_read, "rank")}</aside>'
    more = f'<section class="related"><h3>Related</h3>{_teasers(related, "cards")}</section>'
    if story.template == 0:
        main = (f'<main><article class="post">{title}{_byline(story)}<div class="entry-content">'
                f"{_body(story)}</div></article>{more}{_comments(story)}</main>{aside}")
    elif story.template == 1:
        main = (f'<div class="layout"><div class="story-wrap"><div class="kicker">{story.topic}'
                f'</div>{title}{_byline(story)}<div class="story-body">{_body(story)}</div></div>'
                f'<div class="rail">{aside}</div></div>{more}')
    else:
        main = (f'<div id="content"><section class="hero">{title}<p class="standfirst">'
                f"{escape(story.paragraphs[0][:120])}</p>{_byline(story)}</section><section "
                f'class="text">{_body(story)}</section>{more}{aside}{_comments(story)}</div>')
    return (f'<!DOCTYPE html><html lang="en">{head}<body class="c{story.template}">{_nav()}'
            f"{main}{_footer()}{_state(story, related)}</body></html>")


def listing_page(title: str, stories: Sequence[Story], next_path: str | None) -> str:
    """A topic page (or the home page): teasers of articles, and a link to the next page."""
    more = (f'<a class="next" rel="next" href="{next_path}">Older stories</a>'
            if next_path else "")
    head = _head(title, f'<link rel="next" href="{next_path}">' if next_path else "")
    return (f'<!DOCTYPE html><html lang="en">{head}<body>{_nav()}<main><h1>{escape(title)}</h1>'
            f'{_teasers(stories, "river")}{more}</main>{_footer()}</body></html>')


def static_page(name: str) -> str:
    """A page such as 'About us'."""
    title = name.replace("-", " ").title()
    return (f'<!DOCTYPE html><html lang="en">{_head(title)}<body>{_nav()}<main><h1>{title}</h1>'
            f"<p>{SITE_NAME} covers cars and technology.</p></main>{_footer()}</body></html>")
