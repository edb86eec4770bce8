"""Name resolution through the running reactor, awaitable from a coroutine.

Scrapy installs a caching resolver on the reactor; asking it (instead of the operating
system directly) means a check sees the very addresses the download then connects to,
and the lookup runs in the reactor's thread pool, never blocking the reactor.
"""

from __future__ import annotations

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer  # type: ignore[import-untyped]


@implementer(IResolutionReceiver)
class _Collector:
    """Gathers the addresses a host name resolves to, then fires ``done``."""

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.done: Deferred[list[str]] = Deferred()

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        """Nothing to do until addresses arrive."""

    def addressResolved(self, address: IAddress) -> None:
        host = getattr(address, "host", None)
        if host:
            self.addresses.append(host)

    def resolutionComplete(self) -> None:
        self.done.callback(self.addresses)


async def reactor_resolve(host: str) -> list[str]:
    """The addresses ``host`` resolves to (empty when it does not resolve)."""
    from twisted.internet import reactor

    collector = _Collector()
    reactor.nameResolver.resolveHostName(collector, host, 0)  # type: ignore[attr-defined]
    return await maybe_deferred_to_future(collector.done)
