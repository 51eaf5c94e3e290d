--[[
  Indexes CIs stored before the list filters existed (state, source, search keys), once each.
  A CI already indexed, gone, or changed since it was read (its commit indexed it) is skipped.

  KEYS[1..16]  the fixed keys listed in keys.ts `cmdb`, in that order
  ARGV[1]      JSON list prepared by payload.ts `reindexCall`:
               [{ id, v (stored version), seq, src[], keys[], termsJson }]
  Returns      how many CIs were indexed
  Helpers      NUL, split: prelude.lua, prepended by scripts.ts
]]
local list = cjson.decode(ARGV[1])
local done = 0

for _, c in ipairs(list) do
  local meta = redis.call('HGET', KEYS[2], c.id)
  if meta and redis.call('HEXISTS', KEYS[16], c.id) == 0 then
    local m = split(meta)
    if tonumber(m[1]) == c.v then
      redis.call('ZADD', KEYS[12], 0, m[3] .. NUL .. c.seq .. NUL .. c.id)
      redis.call('ZADD', KEYS[13], 0, m[2] .. NUL .. m[3] .. NUL .. c.seq .. NUL .. c.id)
      for _, s in ipairs(c.src) do redis.call('ZADD', KEYS[14], 0, s .. NUL .. c.seq .. NUL .. c.id) end
      for _, k in ipairs(c.keys) do redis.call('ZADD', KEYS[15], 0, k .. NUL .. c.seq .. NUL .. c.id) end
      redis.call('HSET', KEYS[16], c.id, c.termsJson)
      done = done + 1
    end
  end
end

return done
