"""Layers 1-2: the SSRF guard's address rules and the middleware on requests."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.fetching.addresses import blocked_reason, parse_ip, parse_networks, verdict
from crawler.fetching.ssrf_guard import BlockedRequest, SsrfGuardMiddleware


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"), ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("0x7f000001", "127.0.0.1"),
        ("10.1", "10.0.0.1"), ("169.254.169.254.", "169.254.169.254"), ("[::1]", "::1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"), ("0", "0.0.0.0"),
    ],
)
def test_every_spelling_of_an_ip_address_is_recognised(host: str, address: str) -> None:
    assert parse_ip(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "127.0.0.1.nip.io", "1.2.3.4.5", "256.1.1.1",
                                  "0x7g.1", "news.example-auto.test", "12e3", ""])
def test_names_are_not_mistaken_for_addresses(host: str) -> None:
    assert parse_ip(host) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
        ("fd12::1", "private"), ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
        ("169.254.1.1", "link_local"), ("fe80::1", "link_local"), ("0.0.0.0", "unspecified"),
        ("::", "unspecified"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
        ("240.0.0.1", "private"), ("100.64.0.1", "not_global"), ("64:ff9b::a00:1", "private"),
        ("2002:7f00:1::", "loopback"), ("8.8.8.8", None), ("2606:4700::1111", None),
    ],
)
def test_non_public_addresses_are_refused_with_a_reason(address: str, reason: str | None) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == reason


def test_an_allowed_network_is_let_through_and_nothing_else() -> None:
    allowed = parse_networks(["127.0.0.0/8", " "])
    assert verdict(ipaddress.ip_address("127.0.0.2"), allowed) is None
    assert verdict(ipaddress.ip_address("::ffff:127.0.0.1"), allowed) is None
    assert verdict(ipaddress.ip_address("10.0.0.1"), allowed) == "private"
    with pytest.raises(ValueError):
        parse_networks(["not-a-network"])


async def system_resolve(host: str) -> list[str]:
    """The operating system's answer, looked up in a thread."""
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, None)
    except socket.gaierror:
        return []
    return [str(info[4][0]) for info in infos]


def guard(*allowed: str) -> SsrfGuardMiddleware:
    return SsrfGuardMiddleware(MemoryStatsCollector(get_crawler()), parse_networks(allowed),
                               system_resolve)


def outcome(middleware: SsrfGuardMiddleware, request: Request) -> str | None:
    try:
        asyncio.run(middleware.process_request(request))
    except BlockedRequest as blocked:
        return str(blocked)
    return None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "ssrf_metadata"),
        ("http://127.1:8080/admin", "ssrf_loopback"),
        ("http://2130706433/", "ssrf_loopback"),
        ("http://0x7f.1/", "ssrf_loopback"),
        ("http://[::1]:6379/", "ssrf_loopback"),
        ("http://[::ffff:127.0.0.1]/", "ssrf_loopback"),
        ("https://10.0.0.7/", "ssrf_private"),
        ("http://localhost:5432/", "ssrf_loopback"),
        ("http://LOCALHOST./", "ssrf_loopback"),
        ("file:///etc/passwd", "ssrf_scheme"),
        ("ftp://example.com/x", "ssrf_scheme"),
        ("http://8.8.8.8/", None),
    ],
)
def test_requests_to_non_public_hosts_are_refused_and_counted(url: str, reason: str | None) -> None:
    middleware = guard()
    assert outcome(middleware, Request(url)) == reason
    if reason:
        key = f"ssrf/blocked/{reason.removeprefix('ssrf_')}"
        assert middleware.stats.get_value(key) == 1  # type: ignore[union-attr]


def test_allowed_networks_open_the_loopback_for_tests_only() -> None:
    middleware = guard("127.0.0.0/8")
    assert outcome(middleware, Request("http://127.0.0.1:8080/feed.xml")) is None
    assert outcome(middleware, Request("http://localhost:8080/feed.xml")) is None
    assert outcome(middleware, Request("http://169.254.169.254/")) == "ssrf_metadata"


def test_through_a_proxy_names_are_left_to_the_proxy_but_addresses_are_checked() -> None:
    middleware = guard()
    proxied = {"proxy": "http://127.0.0.1:3128"}
    assert outcome(middleware, Request("http://news.example-auto.test/a", meta=proxied)) is None
    assert outcome(middleware, Request("http://localhost/", meta=proxied)) is None
    assert outcome(middleware, Request("http://10.0.0.1/", meta=proxied)) == "ssrf_private"


def test_a_name_that_does_not_resolve_fails_like_a_dns_error() -> None:
    with pytest.raises(CannotResolveHostError):
        asyncio.run(guard().process_request(Request("http://no-such-host.invalid/")))


def test_verdicts_are_cached_per_host() -> None:
    lookups: list[str] = []

    async def counting_resolve(host: str) -> list[str]:
        lookups.append(host)
        return await system_resolve(host)

    middleware = SsrfGuardMiddleware(None, (), counting_resolve, cache_size=1)

    async def run() -> None:
        for url in ("http://localhost/a", "http://localhost/b", "http://127.0.0.1.invalid/"):
            try:
                await middleware.process_request(Request(url))
            except (BlockedRequest, CannotResolveHostError):
                pass

    asyncio.run(run())
    assert lookups == ["localhost", "127.0.0.1.invalid"]
