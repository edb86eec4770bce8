"""robots.txt for every request, including those that wait for the file together.

Scrapy 2.19's ``RobotsTxtMiddleware`` hands the parser to waiting requests through one
shared Deferred awaited with ``asFuture``; the first waiter consumes the result and
every later one receives ``None``, which the middleware reads as "no robots.txt":
allow everything. A run that starts with many requests for one site (the due articles
of an incremental run) would then fetch disallowed pages. This subclass reads the
parser from the middleware's table once the wait is over.

Settings read: those of Scrapy's ``RobotsTxtMiddleware`` (``ROBOTSTXT_OBEY``, ...).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with the parser shared by every waiting request."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        resolved = self._parsers.get(urlparse_cached(request).netloc)
        return parser if isinstance(resolved, Deferred) else resolved
