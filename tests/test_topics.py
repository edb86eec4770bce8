"""Layer 1: company tagging and relevance."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.topics.catalog import Catalog, CompaniesFileError, load_catalog, mentions
from pipelines.topics.relevance import tag

ROUNDUP = """Week in brief: recalls, phones and earnings
Ford recalls 40,000 F-150 trucks over a faulty seat-belt sensor.
Xiaomi unveils a new foldable phone with a larger battery.
Toyota reports a rise in quarterly profit on strong hybrid sales.
Nvidia shares fell 3% after the chipmaker's earnings call.
Also in the news: the regional government announced a partnership with a local university."""

PARTNERSHIP = """Volkswagen and Xpeng deepen partnership with new EV platform
Volkswagen will co-develop two electric models with Xpeng for the Chinese market, the companies said.
The deal extends the alliance the German automaker began with a stake in Xpeng last year.
Xpeng's software team will work with Volkswagen engineers in Hefei."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_aliases_former_names_and_possessives_count_for_the_company(catalog: Catalog) -> None:
    text = "Ford Motor Co said Ford's partner, XPeng, and Xpeng Motors agreed. Daimler too."
    counts = mentions(catalog, text)
    assert counts["Ford"] == 2
    assert counts["Xpeng"] >= 2
    assert counts["Mercedes-Benz"] == 1  # former name Daimler


def test_hyphenated_pairs_count_for_both(catalog: Catalog) -> None:
    assert mentions(catalog, "Ford-Xiaomi EV Talks Signal Industry Shake-up") == {
        "Ford": 1, "Xiaomi": 1}


def test_words_inside_other_words_do_not_count(catalog: Catalog) -> None:
    assert mentions(catalog, "They could not afford a Fordson tractor.") == {}


def test_partnership_article_is_relevant(catalog: Catalog) -> None:
    topic = tag(catalog, PARTNERSHIP)
    assert topic.relevant and topic.relevance >= 0.5
    assert topic.companies["Volkswagen"] >= 3 and topic.companies["Xpeng"] >= 3


def test_roundup_listing_ford_and_xiaomi_is_not_relevant(catalog: Catalog) -> None:
    topic = tag(catalog, ROUNDUP)
    assert {"Ford", "Xiaomi", "Toyota", "Nvidia"} <= set(topic.companies)
    assert not topic.relevant and topic.relevance < 0.5


def test_both_seed_articles_are_relevant(catalog: Catalog, shared_dir: Path) -> None:
    for path in sorted((shared_dir / "seed-articles").glob("*.txt")):
        topic = tag(catalog, path.read_text(encoding="utf-8"))
        assert topic.relevant, f"{path.name}: relevance {topic.relevance}"
        assert {"Ford", "Xiaomi"} <= set(topic.companies)


def test_shipped_catalog_has_both_kinds(catalog: Catalog) -> None:
    kinds = set(catalog.kinds.values())
    assert kinds == {"automaker", "tech"} and len(catalog.kinds) >= 40


def test_bad_companies_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "companies.toml"
    path.write_text('[[company]]\nname = "A"\nkind = "automaker"\naliases = ["X"]\n'
                    '[[company]]\nname = "B"\nkind = "tech"\naliases = ["X"]\n')
    with pytest.raises(CompaniesFileError, match="'X' names both A and B"):
        load_catalog(path)
    path.write_text('[[company]]\nname = "A"\nkind = "bank"\n')
    with pytest.raises(CompaniesFileError, match="entry 1"):
        load_catalog(path)
