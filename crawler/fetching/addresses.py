"""Which network addresses a crawler may connect to: pure functions, no I/O.

Host names are parsed the way browsers and ``inet_aton`` read them, so that ``127.1``,
``2130706433`` and ``0x7f.0.0.1`` are recognised as the loopback address they are.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _ipv4_part(part: str) -> int | None:
    """One dot-separated part of an IPv4 address in decimal, octal (``0``) or hex (``0x``)."""
    text = part.lower()
    try:
        if text.startswith("0x"):
            return int(text[2:] or "0", 16)
        if len(text) > 1 and text.startswith("0"):
            return int(text[1:], 8)
        return int(text, 10) if text.isdigit() else None
    except ValueError:
        return None


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """``host`` as an IPv4 address in any of its short or numeric forms, else None."""
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_ipv4_part(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def parse_ip(host: str) -> IPAddress | None:
    """``host`` (as in a URL, IPv6 in brackets or not) as an IP address, else None."""
    text = host.strip().strip("[]")
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text.split("%", 1)[0])
        except ValueError:
            return None
    return parse_ipv4(text) if text else None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def effective(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address wraps (mapped, 6to4, Teredo, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        return _embedded_ipv4(address) or address
    return address


def blocked_reason(address: IPAddress) -> str | None:
    """Why a crawler must not connect to ``address``; None for a public unicast address."""
    address = effective(address)
    checks = (
        ("metadata", address in METADATA_ADDRESSES),
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link_local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not_global", not address.is_global),
    )
    return next((reason for reason, hit in checks if hit), None)


def parse_networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """CIDR strings (``127.0.0.0/8``, ``::1/128``) as networks; a bad one raises ValueError."""
    return tuple(ipaddress.ip_network(spec.strip(), strict=False) for spec in specs if spec.strip())


def verdict(address: IPAddress, allowed: Iterable[Network]) -> str | None:
    """The reason to refuse ``address``, or None when it is public or explicitly allowed."""
    address = effective(address)
    if any(address.version == net.version and address in net for net in allowed):
        return None
    return blocked_reason(address)
