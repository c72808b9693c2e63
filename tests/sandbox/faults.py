# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults: rules posted to ``/_sandbox/faults`` and the bodies they send.

A rule ``{"route": "POST /ankoder/job" | "*", "kind": K, "count": 1, ...}`` fires
on the next ``count`` requests whose route key (``"METHOD /template"``) matches,
then is used up.  The first live matching rule fires; one rule per request.

Optional on every kind: ``"probability": P`` (0 < P <= 1) makes a matching rule
fire on that fraction of the requests only (a draw per matching request; a
rule that does not fire lets the next matching rule try); ``"seed": N`` (an
integer, only with ``probability``) makes the draws repeatable.  ``count``
then counts the requests the rule fired on.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random
import threading

KINDS = ("status", "throttle", "drop", "slow", "malformed", "hostile_xml")
AFTER_ACTION_KINDS = ("drop", "malformed")
VARIANTS = ("billion_laughs", "xxe")
MAX_DELAY = 300

_COMMON_KEYS = ("route", "kind", "count", "probability", "seed")
_KIND_KEYS = {
    "status": ("status",),
    "throttle": ("retry_after",),
    "drop": ("after_action",),
    "slow": ("delay",),
    "malformed": ("after_action",),
    "hostile_xml": ("variant",),
}

BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE video [\n'
    '  <!ENTITY lol "lol">\n'
    + "".join(
        '  <!ENTITY lol%d "%s">\n' % (level, ("&lol%s;" % ("" if level == 1 else level - 1)) * 10)
        for level in range(1, 10)
    )
    + ']>\n'
    '<video>\n  <id>1001</id>\n  <filename>&lol9;</filename>\n</video>\n'
).encode("utf-8")

XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE video [\n'
    '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
    ']>\n'
    '<video>\n  <id>1001</id>\n  <filename>&xxe;</filename>\n</video>\n'
).encode("utf-8")


class FaultError(ValueError):
    """A fault rule that cannot be accepted (answered 400)."""


def _integer(data, key, default, minimum, maximum=None):
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultError("%s must be an integer" % key)
    if value < minimum or (maximum is not None and value > maximum):
        raise FaultError("%s out of range" % key)
    return value


def _probability(data):
    """``(probability or None, seed or None)`` of a rule."""
    probability = data.get("probability")
    seed = data.get("seed")
    if probability is not None and (isinstance(probability, bool) or not isinstance(probability, (int, float))
                                    or not 0 < probability <= 1):
        raise FaultError("probability must be a number above 0 and at most 1")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise FaultError("seed must be an integer")
    if seed is not None and probability is None:
        raise FaultError("seed needs probability")
    return probability, seed


def _route(data):
    route = data.get("route", "*")
    if not isinstance(route, str) or not route:
        raise FaultError("route must be a non-empty string")
    if route != "*":
        method, _sep, path = route.partition(" ")
        if not method.isupper() or (not path.startswith("/") and path != "<unknown>"):
            raise FaultError('route must be "*" or "METHOD /path/template"')
    return route


class Fault:
    """One rule; ``remaining`` counts down as it fires."""

    def __init__(self, data):
        if not isinstance(data, dict):
            raise FaultError("a fault is a JSON object")
        kind = data.get("kind")
        if kind not in KINDS:
            raise FaultError("kind must be one of %s" % ", ".join(KINDS))
        unknown = sorted(set(data) - set(_COMMON_KEYS) - set(_KIND_KEYS[kind]))
        if unknown:
            raise FaultError("unknown keys for kind %s: %s" % (kind, ", ".join(unknown)))
        self.kind = kind
        self.route = _route(data)
        self.remaining = _integer(data, "count", 1, 1)
        self.status = _integer(data, "status", 500, 400, 599)
        self.retry_after = _integer(data, "retry_after", 1, 0)
        delay = data.get("delay", 2)
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 <= delay <= MAX_DELAY:
            raise FaultError("delay must be a number of seconds between 0 and %d" % MAX_DELAY)
        self.delay = delay
        self.after_action = data.get("after_action", False)
        if not isinstance(self.after_action, bool):
            raise FaultError("after_action must be true or false")
        self.variant = data.get("variant", VARIANTS[0])
        if self.variant not in VARIANTS:
            raise FaultError("variant must be one of %s" % ", ".join(VARIANTS))
        self.probability, self.seed = _probability(data)
        self._random = random.Random(self.seed) if self.probability is not None else None

    def draw(self):
        """True if the rule fires on this matching request (always, without ``probability``)."""
        return self._random is None or self._random.random() < self.probability

    def matches(self, route_key):
        """True if this rule applies to a request counted under ``route_key``."""
        return self.route in ("*", route_key)

    def as_dict(self):
        """The rule as listed by ``GET /_sandbox/faults``."""
        out = {"route": self.route, "kind": self.kind, "remaining": self.remaining}
        for key in _KIND_KEYS[self.kind]:
            out[key] = getattr(self, key)
        for key in ("probability", "seed"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


class FaultBook:
    """The live rules, in the order they were posted."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, data):
        """Validate and append one rule; return it."""
        fault = Fault(data)
        with self._lock:
            self._rules.append(fault)
        return fault

    def clear(self):
        """Drop every rule."""
        with self._lock:
            self._rules = []

    def listing(self):
        """The live rules as dicts."""
        with self._lock:
            return [fault.as_dict() for fault in self._rules]

    def take(self, route_key):
        """Fire the first live rule matching ``route_key`` (and winning its draw); None if none does."""
        with self._lock:
            for fault in self._rules:
                if fault.matches(route_key) and fault.draw():
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._rules.remove(fault)
                    return fault
        return None


def truncate(body):
    """A non-well-formed prefix of a document (the root element is never closed)."""
    cut = max(len(body) // 2, 1)
    return body[:cut]


def hostile_body(variant):
    """The "billion laughs" or the external-entity document."""
    return XXE if variant == "xxe" else BILLION_LAUGHS
