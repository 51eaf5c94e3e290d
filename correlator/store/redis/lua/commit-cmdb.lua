--[[
  Applies one CMDB unit atomically (Store.commitCmdb): version checks first, then writes.

  KEYS[1..16]  the fixed keys listed in keys.ts `cmdb`, in that order
  KEYS[17..]   CI history lists referenced by ARGV[1].history[*].k
  ARGV[1]      JSON unit prepared by payload.ts:
               { cis = [{ id, v, doc, seq, cls, name, st, idents[], identsJson, src[], keys[], termsJson }],
                 relations = [{ f, doc, since, fm, tm }],
                 history = [{ k, e }] }
  Returns      '' when applied, else the record in conflict ("ci <id>").
  Helpers     NUL, split, bump, stored_version: prelude.lua, prepended by scripts.ts
]]
local u = cjson.decode(ARGV[1])

local function unindexTerms(id, seq)
  local terms = redis.call('HGET', KEYS[16], id)
  if not terms then return end
  local t = cjson.decode(terms)
  for _, s in ipairs(t.s) do redis.call('ZREM', KEYS[14], s .. NUL .. seq .. NUL .. id) end
  for _, k in ipairs(t.k) do redis.call('ZREM', KEYS[15], k .. NUL .. seq .. NUL .. id) end
end

for _, c in ipairs(u.cis) do
  local meta = redis.call('HGET', KEYS[2], c.id)
  local version = 0
  if meta then version = tonumber(split(meta)[1]) end
  if version ~= c.v then return 'ci ' .. c.id end
end

for _, c in ipairs(u.cis) do
  local meta = redis.call('HGET', KEYS[2], c.id)
  local cls = c.cls
  if meta then
    -- The class of a CI is the one it was created with; name and state follow the record.
    local old = split(meta)
    cls = old[2]
    redis.call('ZREM', KEYS[5], table.concat(old, NUL, 5) .. NUL .. c.seq .. NUL .. c.id)
    redis.call('ZREM', KEYS[12], old[3] .. NUL .. c.seq .. NUL .. c.id)
    redis.call('ZREM', KEYS[13], cls .. NUL .. old[3] .. NUL .. c.seq .. NUL .. c.id)
    bump(KEYS[8], cls .. NUL .. old[3], -1)
  else
    redis.call('ZADD', KEYS[3], 0, c.seq .. NUL .. c.id)
    redis.call('ZADD', KEYS[4], 0, cls .. NUL .. c.seq .. NUL .. c.id)
  end
  redis.call('ZADD', KEYS[5], 0, c.name .. NUL .. c.seq .. NUL .. c.id)
  redis.call('ZADD', KEYS[12], 0, c.st .. NUL .. c.seq .. NUL .. c.id)
  redis.call('ZADD', KEYS[13], 0, cls .. NUL .. c.st .. NUL .. c.seq .. NUL .. c.id)
  unindexTerms(c.id, c.seq)
  for _, s in ipairs(c.src) do redis.call('ZADD', KEYS[14], 0, s .. NUL .. c.seq .. NUL .. c.id) end
  for _, k in ipairs(c.keys) do redis.call('ZADD', KEYS[15], 0, k .. NUL .. c.seq .. NUL .. c.id) end
  redis.call('HSET', KEYS[16], c.id, c.termsJson)
  bump(KEYS[8], cls .. NUL .. c.st, 1)
  local previous = redis.call('HGET', KEYS[7], c.id)
  if previous then
    for _, field in ipairs(cjson.decode(previous)) do
      if redis.call('HGET', KEYS[6], field) == c.id then redis.call('HDEL', KEYS[6], field) end
    end
  end
  for _, field in ipairs(c.idents) do redis.call('HSET', KEYS[6], field, c.id) end
  redis.call('HSET', KEYS[7], c.id, c.identsJson)
  redis.call('HSET', KEYS[1], c.id, c.doc)
  redis.call('HSET', KEYS[2], c.id, (c.v + 1) .. NUL .. cls .. NUL .. c.st .. NUL .. c.seq .. NUL .. c.name)
end

for _, r in ipairs(u.relations) do
  redis.call('HSETNX', KEYS[10], r.f, r.since)
  redis.call('HSET', KEYS[9], r.f, r.doc)
  redis.call('ZADD', KEYS[11], 0, r.fm, 0, r.tm)
end

for _, h in ipairs(u.history) do redis.call('LPUSH', KEYS[h.k], h.e) end

return ''
