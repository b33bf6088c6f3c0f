"""Every Lua script the bridge runs in Redis, each with its KEYS and ARGV named in its first lines.

A script is one atomic step that a plain command sequence cannot make safe under concurrent
webhooks and workers. :class:`bot.storage.store.Store` registers and calls them; nothing
else does.
"""

# Compare-and-set of a thread's state; a missing thread counts as 'bot'.
# Returns the thread's handoff seq, or -1 when the state did not match.
TRANSITION = """
local thread, events = KEYS[1], KEYS[2]
local expected, new, now, reason, by, bump_seq, events_ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local current = redis.call('HGET', thread, 'state') or 'bot'
local ok = false
for s in string.gmatch(expected, '[^,]+') do if s == current then ok = true end end
if not ok then return -1 end
redis.call('HSET', thread, 'state', new, 'state_since', now, 'updated_at', now)
if reason ~= '' then redis.call('HSET', thread, 'reason', reason) end
local seq = tonumber(redis.call('HGET', thread, 'handoff_seq') or '0')
if bump_seq == '1' then seq = redis.call('HINCRBY', thread, 'handoff_seq', 1) end
redis.call('RPUSH', events, cjson.encode({from=current, to=new, at=tonumber(now), reason=reason, by=by}))
redis.call('LTRIM', events, -200, -1)
redis.call('EXPIRE', events, tonumber(events_ttl))
return seq
"""

# Idempotent ticket creation for a thread's n-th handoff; ARGV after ``now`` are field/value pairs.
# Returns {ticket number, 1 if created now else 0}.
OPEN_TICKET = """
local ticketref, counter, handoffs = KEYS[1], KEYS[2], KEYS[3]
local prefix, now = ARGV[1], ARGV[2]
local existing = redis.call('GET', ticketref)
if existing then return {existing, 0} end
local n = redis.call('INCR', counter)
local key = prefix .. ':ticket:' .. n
redis.call('HSET', key, 'id', n, 'state', 'open', 'created_at', now, 'updated_at', now)
for i = 3, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
redis.call('SET', ticketref, n)
redis.call('ZADD', handoffs, now, n)
return {tostring(n), 1}
"""

# The start of a webhook turn in one round trip. ``handle`` '' keeps the stored one; ``per_minute`` /
# ``per_hour`` 0 means not counted; ``pending`` is the marker a claim holds until its reply is stored.
# A retry returns {0, cached reply}. A new event returns {1, thread fields, held count, rate}
# where rate is 0 (within limits), 1 (the first message over a limit in its window) or 2 (more).
# Without platform ids the same words can be a retry or a new message; a retry always comes
# before the shopper's next message, so it is a retry only while it is the thread's latest event,
# and within the dedupe window by the bridge's clock (``clock``, so tests can travel in time).
BEGIN_TURN = """
local seen, thread, held, rate_minute, rate_hour = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local dedupe_ttl, event_id, synthetic, now, channel, user, handle = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local per_minute, per_hour, pending, clock = tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10], tonumber(ARGV[11])
local claimed = redis.call('SET', seen, pending, 'NX', 'EX', dedupe_ttl)
if not claimed and synthetic == '1' and (redis.call('HGET', thread, 'last_event') ~= event_id
    or clock - tonumber(redis.call('HGET', thread, 'last_event_at') or clock) > tonumber(dedupe_ttl)) then
  claimed = redis.call('SET', seen, pending, 'EX', dedupe_ttl)
end
if not claimed then return {0, redis.call('GET', seen) or ''} end
redis.call('HSETNX', thread, 'state', 'bot')
redis.call('HSETNX', thread, 'created_at', now)
redis.call('HSET', thread, 'channel', channel, 'user', user, 'last_inbound_at', now, 'last_event', event_id,
           'last_event_at', clock)
if handle ~= '' then redis.call('HSET', thread, 'handle', handle) end
local rate = 0
if per_minute > 0 or per_hour > 0 then
  local m = redis.call('INCR', rate_minute)
  if m == 1 then redis.call('EXPIRE', rate_minute, 120) end
  local h = redis.call('INCR', rate_hour)
  if h == 1 then redis.call('EXPIRE', rate_hour, 7200) end
  if (per_minute > 0 and m > per_minute) or (per_hour > 0 and h > per_hour) then
    rate = ((per_minute > 0 and m == per_minute + 1) or (per_hour > 0 and h == per_hour + 1)) and 1 or 2
  end
end
return {1, redis.call('HGETALL', thread), redis.call('LLEN', held), rate}
"""

# Apply a list of write commands, in order, in one call. An op ["#INCR", counter] increments the
# counter and binds its value: in the ops after it, a key that ends with NUMBER and an argument
# that is NUMBER get that value (a new answer's number, without a round trip of its own).
NUMBER = "\u0001#"
APPLY = """
local writes = ARGV[1]  -- JSON list of [command, args...]
local mark, bound = '\1#', nil
for _, op in ipairs(cjson.decode(writes)) do
  if op[1] == '#INCR' then
    bound = tostring(redis.call('INCR', op[2]))
  else
    if bound then
      for i = 2, #op do
        local a = op[i]
        if a == mark then op[i] = bound
        elseif i == 2 and string.sub(a, -2) == mark then op[i] = string.sub(a, 1, -3) .. bound end
      end
    end
    redis.call(unpack(op))
  end
end
return 0
"""

# Release a claim only if this run still holds it (the digest's once-a-day claim).
RELEASE = """
local claim = KEYS[1]
local token = ARGV[1]
if redis.call('GET', claim) == token then return redis.call('DEL', claim) end
return 0
"""
