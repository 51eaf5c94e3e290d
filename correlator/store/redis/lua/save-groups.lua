--[[
  Creates or replaces correlation groups (GroupStore.saveGroups) with their three indexes, all in
  one atomic step.

  KEYS[1..5]  the keys listed in keys.ts `groups`, in that order
  ARGV[1]     JSON [{ f = field, doc, m = [by-key, by-rule, by-time member], ms = JSON of m }]
  Returns     how many groups were saved.
]]
local groups = cjson.decode(ARGV[1])
for _, g in ipairs(groups) do
  local old = redis.call('HGET', KEYS[2], g.f)
  if old then
    for i, m in ipairs(cjson.decode(old)) do redis.call('ZREM', KEYS[2 + i], m) end
  end
  for i, m in ipairs(g.m) do redis.call('ZADD', KEYS[2 + i], 0, m) end
  redis.call('HSET', KEYS[1], g.f, g.doc)
  redis.call('HSET', KEYS[2], g.f, g.ms)
end
return #groups
