"""A token bucket kept in Redis, so every run and process on one JIRA instance shares its rate."""

import logging
import threading
from collections import Counter

from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.redis_support import redis_errors, report_down, shared_redis

logger = logging.getLogger("jirasync.jira")

# Why a small script of our own and not pyrate-limiter 4.x (whose GCRA/Redis store is sound):
# its bucket admits or rejects, so a process that must wait polls Redis again (two or more round
# trips per request under contention, and no fairness between processes), its rate is fixed per
# bucket object, and it reads each host's wall clock. This script *reserves* a slot (one round
# trip per request, even when waiting: the caller sleeps the returned time), keeps the slowed-down
# rate in Redis so a 429 seen by one process slows every process, and uses Redis's own clock.
# It is GCRA: `tat` is the theoretical arrival time; a request may start `burst` intervals early.
RESERVE_LUA = """
if redis.replicate_commands then redis.replicate_commands() end
local configured = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local feedback = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'tat', 'rate')
local rate = math.min(tonumber(state[2]) or configured, configured)
if feedback == 'slow' then
  rate = math.max(configured / 8, rate / 2)
elseif feedback == 'ok' then
  rate = math.min(configured, rate * 1.05)
end
local interval = 1000000 / rate
local tat = math.max(tonumber(state[1]) or now, now) + interval
local wait = math.max(0, tat - burst * interval - now)
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', tat), 'rate', tostring(rate))
redis.call('PEXPIRE', KEYS[1], math.ceil((tat - now) / 1000) + 60000)
return {string.format('%.0f', wait), tostring(rate)}
"""


# With Redis down, runs cannot see each other's requests: each keeps to this share of the rate.
# Half, because the default per-site run limit (jirasync/instance) lets two runs sync one site.
DEFAULT_FALLBACK_SHARE = 0.5


class SharedTokenBucket:
    """`rate` requests per second for instance `key` across processes; a share of it in-process if Redis fails."""

    def __init__(self, redis_url: str, key: str, rate: float, burst: float | None = None, log=logger,
                 fallback_share: float = DEFAULT_FALLBACK_SHARE):
        self.redis_url = redis_url
        self.key = f"jirasync:ratelimit:{key}"
        self.local = TokenBucket(rate, burst)  # mirrors the shared rate, which the script is told
        self.fallback = process_bucket(key, rate * fallback_share)
        self.log = log
        self.reservations: Counter[str] = Counter()  # "redis" or "process": which limiter paced each request
        self._counting = threading.Lock()  # sliced reads reserve from several threads
        self._feedback = ""  # applied by the next reservation, so feedback costs no round trip
        self._script = None

    @property
    def configured_rate(self) -> float:
        """The rate asked for."""
        return self.local.configured_rate

    @property
    def rate(self) -> float:
        """The current (possibly slowed-down) rate."""
        return self.local.rate

    def acquire(self) -> float:
        """Reserve the next slot in Redis and sleep until it; returns the seconds slept."""
        return self.local.pause(self.reserve())

    def reserve(self) -> float:
        """Reserve the next slot in Redis (in this process when Redis fails); the seconds until it."""
        client = shared_redis(self.redis_url) if self.local.configured_rate > 0 else None
        if client is None:
            return self._reserve_in_process()
        feedback, self._feedback = self._feedback, ""
        try:
            if self._script is None:
                self._script = client.register_script(RESERVE_LUA)
            wait_us, rate = self._script(keys=[self.key], args=[self.configured_rate, self.local.burst, feedback])
        except redis_errors() as exc:
            report_down(self.redis_url, exc, self.log)
            return self._reserve_in_process()
        self._count("redis")
        self.local.rate = float(rate)
        return int(wait_us) / 1e6

    def _reserve_in_process(self) -> float:
        self._count("process")
        return self.fallback.reserve()

    def _count(self, limiter: str) -> None:
        with self._counting:
            self.reservations[limiter] += 1

    def slow_down(self) -> None:
        """Halve the shared rate with the next reservation (never below 1/8 of the setting)."""
        self._feedback = "slow"
        self.local.slow_down()
        self.fallback.slow_down()

    def recover(self) -> None:
        """Creep back towards the configured rate with the next reservation."""
        if self.local.rate < self.local.configured_rate and self._feedback != "slow":
            self._feedback = "ok"
        self.local.recover()
        self.fallback.recover()


_local_buckets: dict[tuple[str, float], TokenBucket] = {}
_local_lock = threading.Lock()


def process_bucket(instance_key: str, rate: float) -> TokenBucket:
    """This process's one in-process bucket for `instance_key` at `rate`."""
    # Partitions of one site synced side by side in a run share one budget, as JIRA counts it.
    with _local_lock:
        return _local_buckets.setdefault((instance_key, rate), TokenBucket(rate))


def rate_limiter(instance_key: str, rate: float, redis_url: str | None, log=logger,
                 fallback_share: float = DEFAULT_FALLBACK_SHARE):
    """The limiter for one instance: shared through Redis when `redis_url` is set, else by this process's clients."""
    if redis_url and rate > 0:
        return SharedTokenBucket(redis_url, instance_key, rate, log=log, fallback_share=fallback_share)
    return process_bucket(instance_key, rate)
