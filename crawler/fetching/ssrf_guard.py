"""A downloader middleware that keeps the crawler from attacking the network it runs in (SSRF).

Every request, redirects included (they pass through the middlewares again), is refused
when its scheme is not http(s) or its host is, or resolves to, a loopback, private,
link-local, cloud-metadata, multicast, reserved or otherwise non-public address.
Host names are resolved through the reactor's own caching resolver, off the reactor
thread, so the address checked is the one Scrapy then connects to. Through an HTTP
proxy the proxy resolves names, so only IP-literal hosts are checked.

Settings read: ``SSRF_GUARD_ENABLED`` (default True), ``SSRF_ALLOWED_NETWORKS`` (CIDR
strings that are allowed although non-public, e.g. ``["127.0.0.0/8"]`` for tests),
``SSRF_CACHE_SIZE`` (host verdicts kept). Stats: ``ssrf/blocked/<reason>``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.fetching.addresses import Network, parse_ip, parse_networks, verdict
from crawler.fetching.resolve import reactor_resolve

logger = logging.getLogger(__name__)
Resolver = Callable[[str], Awaitable[list[str]]]
FETCHED_SCHEMES = frozenset({"http", "https"})


class BlockedRequest(IgnoreRequest):
    """A request the SSRF guard refused; the message names the reason."""


class SsrfGuardMiddleware:
    """Refuses requests to non-public addresses unless their network is explicitly allowed."""

    def __init__(self, stats: StatsCollector | None, allowed: Sequence[Network],
                 resolve: Resolver, cache_size: int = 10_000) -> None:
        self.stats = stats
        self.allowed = tuple(allowed)
        self.resolve = resolve
        self.cache_size = cache_size
        self._verdicts: OrderedDict[str, str | None] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SsrfGuardMiddleware:
        settings = crawler.settings
        if not settings.getbool("SSRF_GUARD_ENABLED", True):
            raise NotConfigured
        allowed = parse_networks(settings.getlist("SSRF_ALLOWED_NETWORKS"))
        return cls(crawler.stats, allowed, reactor_resolve, settings.getint("SSRF_CACHE_SIZE", 10_000))

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme.lower() not in FETCHED_SCHEMES:
            self._block(request, "scheme")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            self._block(request, "no_host")
        address = parse_ip(host)
        if address is not None:
            reason = verdict(address, self.allowed)
        elif request.meta.get("proxy"):
            return  # the proxy resolves the name; it must be trusted to guard its network
        else:
            reason = await self._host_verdict(host.lower())
        if reason is not None:
            self._block(request, reason)

    async def _host_verdict(self, host: str) -> str | None:
        if host in self._verdicts:
            self._verdicts.move_to_end(host)
            return self._verdicts[host]
        addresses = [a for a in map(parse_ip, await self.resolve(host)) if a is not None]
        if not addresses:
            raise CannotResolveHostError(f"no address found for {host}")
        reasons = [verdict(a, self.allowed) for a in addresses]
        reason = next((r for r in reasons if r is not None), None)
        self._verdicts[host] = reason
        if len(self._verdicts) > self.cache_size:
            self._verdicts.popitem(last=False)
        return reason

    def _block(self, request: Request, reason: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"ssrf/blocked/{reason}")
        logger.warning("SSRF guard refused %s (%s)", request.url, reason)
        raise BlockedRequest(f"ssrf_{reason}")
