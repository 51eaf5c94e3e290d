--[[
  Applies one unit of work atomically (Store.commit): checks every record version first and only
  then writes, so a conflict leaves nothing behind (Redis does not roll a script back).

  KEYS[1..39]  the fixed keys listed in keys.ts `commit`, in that order (28..39: the outbox)
  KEYS[40..]   incident timeline lists referenced by ARGV[1].timeline[*].k
  ARGV[1]      JSON unit prepared by payload.ts:
               { events = { n, at, body, ids[] } | false,
                 alerts = [{ fp, v, doc, ls, st, res, exp }],
                 incidents = [{ id, v, doc, seq, st, pr, cat, open, rd, esc, key }],
                 timeline = [{ k, e }],
                 problems = [{ id, v, doc, seq, st, ok }],
                 notifications = [{ id, doc, st, q, inc, rf, rcv, nx, so }] }
  Returns      '' when applied, else the record in conflict ("alert <fp>", "incident <id>", ...).
  Helpers     NUL, split, bump, stored_version, ntf_*: prelude.lua, prepended by scripts.ts
]]
local u = cjson.decode(ARGV[1])

-- Phase 1: every check, no writes.
for _, a in ipairs(u.alerts) do
  if stored_version(KEYS[5], a.fp) ~= a.v then return 'alert ' .. a.fp end
end
for _, i in ipairs(u.incidents) do
  if stored_version(KEYS[12], i.id) ~= i.v then return 'incident ' .. i.id end
end
local claimed = {}
for _, p in ipairs(u.problems) do
  if stored_version(KEYS[23], p.id) ~= p.v then return 'problem ' .. p.id end
  if p.ok ~= '' then
    local holder = redis.call('HGET', KEYS[26], p.ok)
    if (holder and holder ~= p.id) or (claimed[p.ok] and claimed[p.ok] ~= p.id) then
      return 'problem ' .. p.id
    end
    claimed[p.ok] = p.id
  end
end

-- Phase 2: writes.
if u.events then
  local e = u.events
  redis.call('XADD', KEYS[1], '*', 'at', e.at, 'n', e.n, 'body', e.body)
  redis.call('INCRBY', KEYS[2], e.n)
  for _, id in ipairs(e.ids) do redis.call('HSETNX', KEYS[3], id, e.at) end
end

for _, a in ipairs(u.alerts) do
  local _, old = stored_version(KEYS[5], a.fp)
  if not old or old[2] ~= a.ls or old[3] ~= a.st or table.concat(old, NUL, 4) ~= a.res then
    if old then
      local ols, ost, ores = old[2], old[3], table.concat(old, NUL, 4)
      redis.call('ZREM', KEYS[6], ols .. NUL .. a.fp)
      redis.call('ZREM', KEYS[7], ost .. NUL .. ols .. NUL .. a.fp)
      redis.call('ZREM', KEYS[8], ores .. NUL .. ols .. NUL .. a.fp)
      redis.call('ZREM', KEYS[9], ost .. NUL .. ores .. NUL .. ols .. NUL .. a.fp)
    end
    redis.call('ZADD', KEYS[6], 0, a.ls .. NUL .. a.fp)
    redis.call('ZADD', KEYS[7], 0, a.st .. NUL .. a.ls .. NUL .. a.fp)
    redis.call('ZADD', KEYS[8], 0, a.res .. NUL .. a.ls .. NUL .. a.fp)
    redis.call('ZADD', KEYS[9], 0, a.st .. NUL .. a.res .. NUL .. a.ls .. NUL .. a.fp)
  end
  if a.exp then redis.call('ZADD', KEYS[10], a.exp, a.fp) else redis.call('ZREM', KEYS[10], a.fp) end
  redis.call('HSET', KEYS[4], a.fp, a.doc)
  redis.call('HSET', KEYS[5], a.fp, (a.v + 1) .. NUL .. a.ls .. NUL .. a.st .. NUL .. a.res)
end

for _, i in ipairs(u.incidents) do
  local _, old = stored_version(KEYS[12], i.id)
  local tail = i.seq .. NUL .. i.id
  if old then
    local ost, opr, ocat = old[2], old[3], old[4]
    redis.call('ZREM', KEYS[14], ost .. NUL .. tail)
    redis.call('ZREM', KEYS[15], opr .. NUL .. tail)
    redis.call('ZREM', KEYS[16], tail)
    redis.call('ZREM', KEYS[17], tail)
    if ost ~= 'resolved' and ost ~= 'closed' then bump(KEYS[20], opr .. NUL .. ocat, -1) end
  else
    redis.call('ZADD', KEYS[13], 0, tail)
    if i.key then redis.call('ZADD', KEYS[21], 0, i.key) end
  end
  redis.call('ZADD', KEYS[14], 0, i.st .. NUL .. tail)
  redis.call('ZADD', KEYS[15], 0, i.pr .. NUL .. tail)
  if i.open then
    redis.call('ZADD', KEYS[16], 0, tail)
    bump(KEYS[20], i.pr .. NUL .. i.cat, 1)
  else
    redis.call('ZADD', KEYS[17], 0, tail)
  end
  if i.rd then redis.call('ZADD', KEYS[18], i.rd, i.id) else redis.call('ZREM', KEYS[18], i.id) end
  if i.esc then redis.call('ZADD', KEYS[19], i.esc, tail) else redis.call('ZREM', KEYS[19], tail) end
  redis.call('HSET', KEYS[11], i.id, i.doc)
  redis.call('HSET', KEYS[12], i.id, (i.v + 1) .. NUL .. i.st .. NUL .. i.pr .. NUL .. i.cat)
end

for _, t in ipairs(u.timeline) do redis.call('RPUSH', KEYS[t.k], t.e) end

for _, p in ipairs(u.problems) do
  local _, old = stored_version(KEYS[23], p.id)
  local tail = p.seq .. NUL .. p.id
  if old then
    -- The open key (resource NUL check) holds a NUL itself: it is the rest of the meta fields.
    local oldKey = table.concat(old, NUL, 3)
    redis.call('ZREM', KEYS[25], old[2] .. NUL .. tail)
    bump(KEYS[27], old[2], -1)
    if oldKey ~= '' and redis.call('HGET', KEYS[26], oldKey) == p.id then redis.call('HDEL', KEYS[26], oldKey) end
  else
    redis.call('ZADD', KEYS[24], 0, tail)
  end
  redis.call('ZADD', KEYS[25], 0, p.st .. NUL .. tail)
  bump(KEYS[27], p.st, 1)
  if p.ok ~= '' then redis.call('HSET', KEYS[26], p.ok, p.id) end
  redis.call('HSET', KEYS[22], p.id, p.doc)
  redis.call('HSET', KEYS[23], p.id, (p.v + 1) .. NUL .. p.st .. NUL .. p.ok)
end

-- The unit's notifications (the outbox), with the transitions they come from; an id already
-- queued is the same notification and keeps its first copy, so the unit stays idempotent.
local K = ntf_keys(28)
for _, n in ipairs(u.notifications) do
  if redis.call('HEXISTS', K.meta, n.id) == 0 then
    local m = {
      seq = string.format('%016d', redis.call('INCR', K.seq)), st = n.st, q = n.q, inc = n.inc,
      rf = n.rf, rcv = n.rcv, nx = n.nx, so = n.so, co = '', cu = '',
    }
    redis.call('HSET', K.doc, n.id, n.doc)
    redis.call('HSET', K.meta, n.id, cjson.encode(m))
    ntf_index(K, n.id, m, 1)
    ntf_refresh_head(K, n.q)
  end
end

return ''
