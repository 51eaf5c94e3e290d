--[[
  Inserts or updates one change record (ChangeStore.saveChange) with its indexes, atomically:
  the version check comes first, so a stale write changes nothing.

  KEYS[1..4]  the keys listed in keys.ts `changes`, in that order
  ARGV[1]     JSON prepared by redis-changes.ts:
              { id, v, doc, meta, m = [index members], due = deadline string | false, vm }
              `meta` is the JSON string stored in KEYS[2]; it repeats `m` so the next save can
              remove exactly the members this one added.
  Returns     '' when applied, else the record in conflict ("change <id>").
  Helpers     json_meta: prelude.lua, prepended by scripts.ts
]]
local c = cjson.decode(ARGV[1])

local version, old = json_meta(KEYS[2], c.id)
if version ~= c.v then return 'change ' .. c.id end

if old then
  for _, m in ipairs(old.m) do redis.call('ZREM', KEYS[3], m) end
end
for _, m in ipairs(c.m) do redis.call('ZADD', KEYS[3], 0, m) end
if c.due then redis.call('ZADD', KEYS[4], c.due, c.vm) else redis.call('ZREM', KEYS[4], c.vm) end
redis.call('HSET', KEYS[1], c.id, c.doc)
redis.call('HSET', KEYS[2], c.id, c.meta)
return ''
