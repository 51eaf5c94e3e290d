--[[
  Shared helpers of every Redis store script. scripts.ts prepends this file to each script when it
  loads them, so each script sees these locals; the scripts themselves never repeat them.
]]
local NUL = '\0'

-- Splits a NUL-joined string into its fields.
local function split(s)
  local out, from = {}, 1
  while true do
    local at = string.find(s, NUL, from, true)
    if not at then
      out[#out + 1] = string.sub(s, from)
      return out
    end
    out[#out + 1] = string.sub(s, from, at - 1)
    from = at + 1
  end
end

-- Adds `by` to a hash counter, deleting the field when it drops to zero or below.
local function bump(hash, field, by)
  if redis.call('HINCRBY', hash, field, by) <= 0 then redis.call('HDEL', hash, field) end
end

-- The version of a record in a NUL-joined meta hash (0 when absent) and its meta fields.
local function stored_version(hash, id)
  local meta = redis.call('HGET', hash, id)
  if not meta then return 0, nil end
  local f = split(meta)
  return tonumber(f[1]), f
end

-- The version recorded in a JSON meta hash (0 when absent) and the decoded meta.
local function json_meta(hash, id)
  local raw = redis.call('HGET', hash, id)
  if not raw then return 0, nil end
  local meta = cjson.decode(raw)
  return meta.v, meta
end

-- The outbox keys (keys.ts `outbox`) starting at KEYS[first].
local function ntf_keys(first)
  return {
    doc = KEYS[first], meta = KEYS[first + 1], seq = KEYS[first + 2], all = KEYS[first + 3],
    state = KEYS[first + 4], inc = KEYS[first + 5], recv = KEYS[first + 6], pending = KEYS[first + 7],
    due = KEYS[first + 8], head = KEYS[first + 9], counts = KEYS[first + 10], settled = KEYS[first + 11],
  }
end

-- Adds (by = 1) or removes (by = -1) the index members and the count of notification `id` with
-- meta `m`. It is queued (in ntf:pending) while pending with a next attempt, as SQLite's
-- `next_attempt_at IS NOT NULL`.
local function ntf_index(K, id, m, by)
  local tail = m.seq .. NUL .. id
  local members = {
    { K.all, tail }, { K.state, m.st .. NUL .. tail }, { K.inc, m.inc .. NUL .. tail }, { K.recv, m.rf .. NUL .. tail },
  }
  if m.st == 'pending' and m.nx ~= '' then members[#members + 1] = { K.pending, m.q .. NUL .. tail } end
  for _, km in ipairs(members) do
    if by > 0 then redis.call('ZADD', km[1], 0, km[2]) else redis.call('ZREM', km[1], km[2]) end
  end
  if m.so ~= '' then
    if by > 0 then redis.call('ZADD', K.settled, m.so, id) else redis.call('ZREM', K.settled, id) end
  end
  bump(K.counts, m.st .. NUL .. m.rcv, by)
end

-- Makes ntf:due hold exactly the oldest queued notification of queue `q` (incident NUL receiver),
-- scored by its next attempt, so only it is due and a receiver hears an incident in order.
local function ntf_refresh_head(K, q)
  local old = redis.call('HGET', K.head, q)
  local first = redis.call('ZRANGE', K.pending, '[' .. q .. NUL, '[' .. q .. NUL .. '\255', 'BYLEX', 'LIMIT', 0, 1)[1]
  local tail = first and string.sub(first, #q + 2)
  if old and old ~= tail then redis.call('ZREM', K.due, old) end
  if not tail then
    redis.call('HDEL', K.head, q)
    return
  end
  local m = cjson.decode(redis.call('HGET', K.meta, string.sub(tail, 18)))
  redis.call('ZADD', K.due, m.nx, tail)
  redis.call('HSET', K.head, q, tail)
end
