"""Who a partnership is between, read from an article's company weights.

An article's companies (``features.company_weights``) stand on the sides of a
partnership, the catalog's kinds (automaker, tech; ``Catalog.roles``), and the weightiest
on each side lead it. Two reports of one company's partnerships with others (Geely with
Huawei, Geely with CATL) agree by their weights alone, as each names Geely in every
sentence; the partners leading each side tell them apart (``partners_differ``). A
company of both kinds (Xiaomi builds cars, Xpeng licenses its software) stands on the
side its partner leaves (``sides``). An article in which two companies or more lead each
side, four or more in all, reports several partnerships, as a briefing of the day's
deals does, and so does one whose body reports one company's partners apart
(``several_partnerships``); it is no report of any one of them (``briefing_unmatched``).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

LEAD_SHARE = 0.5  # of its side's top weight: a company this weighty leads the side


def sides(companies: Mapping[str, float], roles: Mapping[str, frozenset[str]]
          ) -> dict[str, frozenset[str]]:
    """Company -> the sides of a partnership (catalog kinds: automaker, tech) it stands on
    in an article. A company of one kind stands on its side. A company of two
    (``Catalog.roles``: Xiaomi, which builds cars, or Xpeng, which licenses its software)
    stands on the side its partners do not: its partners are the other companies leading
    the article (weighing at least LEAD_SHARE of the weightiest of them), and a partner
    of one kind takes its side. With Huawei, Xiaomi is the automaker; with Volkswagen,
    Xpeng is the technology partner. Where its partners take both sides or none (a
    partner of two kinds, or no other company), it stands on both: the text does not say."""
    placed: dict[str, frozenset[str]] = {}
    for name in companies:
        found = roles.get(name, frozenset())
        if len(found) > 1:
            taken = {side for partner in _partners(name, companies)
                     if len(kinds := roles.get(partner, ())) == 1 for side in kinds}
            found = (found - taken) or found
        placed[name] = found
    return placed


def _partners(name: str, companies: Mapping[str, float]) -> list[str]:
    """The companies other than ``name`` weighing at least LEAD_SHARE of the weightiest
    of them."""
    others = {other: weight for other, weight in companies.items() if other != name}
    top = max(others.values(), default=0.0)
    return [other for other, weight in others.items() if weight >= LEAD_SHARE * top > 0]


def leads(companies: Mapping[str, float], roles: Mapping[str, frozenset[str]]
          ) -> dict[str, set[str]]:
    """Side of a partnership -> the companies leading it in an article: those standing
    on the side (``sides``) that weigh at least LEAD_SHARE of its weightiest."""
    return _leads(companies, sides(companies, roles))


def _leads(companies: Mapping[str, float], standing: Mapping[str, frozenset[str]]
           ) -> dict[str, set[str]]:
    top: dict[str, float] = {}
    for name, weight in companies.items():
        for side in standing[name]:
            top[side] = max(weight, top.get(side, 0.0))
    found: dict[str, set[str]] = {side: set() for side in top}
    for name, weight in companies.items():
        for side in standing[name]:
            if weight >= LEAD_SHARE * top[side]:
                found[side].add(name)
    return found


def partners_differ(a: Mapping[str, float], b: Mapping[str, float],
                    roles: Mapping[str, frozenset[str]]) -> bool:
    """Whether two articles are about other partnerships: on a side both name, neither
    names on that side (``sides``) a company leading it in the other. Geely with Huawei
    and Geely with CATL differ, however much Geely dominates both, and so do Xpeng
    supplying Volkswagen and Xpeng buying from Intel; a report that dwells on one partner
    of a three-company deal and names the other once does not differ from one that
    dwells on the other, nor one that names the partner once beside a rival named often."""
    standing_a, standing_b = sides(a, roles), sides(b, roles)
    on_a, on_b = _named_on(standing_a), _named_on(standing_b)
    mine, theirs = _leads(a, standing_a), _leads(b, standing_b)
    return any(not mine[side] & on_b[side] and not theirs[side] & on_a[side]
               for side in mine.keys() & theirs.keys())


def _named_on(standing: Mapping[str, frozenset[str]]) -> dict[str, set[str]]:
    """Side -> the companies standing on it (``sides``)."""
    named: dict[str, set[str]] = {}
    for name, found in standing.items():
        for side in found:
            named.setdefault(side, set()).add(name)
    return named


def several_partnerships(companies: Mapping[str, float], roles: Mapping[str, frozenset[str]],
                         apart: AbstractSet[str] = frozenset()) -> dict[str, set[str]] | None:
    """Side -> the companies leading it, of an article that reports several partnerships,
    or None: a briefing of the day's deals (two companies or more lead each side, four or
    more in all), or a round-up of one company's deals with two partners or more, which
    its body reports apart (``apart``: ``features.reported_apart``). Three leading
    companies are otherwise one deal: a company of both kinds stands on both sides beside
    its partner and a rival it is weighed against, or in a deal of three."""
    found = leads(companies, roles)
    if len(found) < 2:
        return None
    if any(len(names & apart) > 1 for names in found.values()):
        return found
    if (any(len(names) < 2 for names in found.values())
            or len(set().union(*found.values())) < 4):
        return None
    return found


def briefing_unmatched(a: Mapping[str, float], b: Mapping[str, float],
                       roles: Mapping[str, frozenset[str]],
                       apart: tuple[AbstractSet[str], AbstractSet[str]] = (frozenset(),
                                                                           frozenset())
                       ) -> bool:
    """Whether one of two articles reports several partnerships (``several_partnerships``,
    ``apart``: what each body reports apart) and the other names at most one company
    leading each of its sides: a briefing of two deals of the day is no report of either,
    nor a link between their reports, while a report of a four-company deal that leaves
    one partner out still names two of a side."""
    return any(leading is not None and all(len(names & other.keys()) < 2
                                           for names in leading.values())
               for leading, other in ((several_partnerships(a, roles, apart[0]), b),
                                      (several_partnerships(b, roles, apart[1]), a)))
