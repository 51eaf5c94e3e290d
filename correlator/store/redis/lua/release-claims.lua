--[[
  Voids every claim on the notifications first in line (OutboxStore.releaseClaims: `vigil run` at
  start, where a claim left belongs to a process that died). Only the oldest pending notification
  of a queue can be claimed, and ntf:head names each one, so this reads one hash; a claim left on
  a notification an operator's requeue put back in line lapses at its deadline.

  KEYS[1..12]  the outbox keys (keys.ts `outbox`)
  Returns      how many claims were released.
  Helpers      ntf_keys: prelude.lua
]]
local K = ntf_keys(1)
local released = 0
for _, tail in ipairs(redis.call('HVALS', K.head)) do
  local id = string.sub(tail, 18)
  local raw = redis.call('HGET', K.meta, id)
  if raw then
    local m = cjson.decode(raw)
    if m.co ~= '' then
      m.co = ''
      m.cu = ''
      redis.call('HSET', K.meta, id, cjson.encode(m))
      released = released + 1
    end
  end
end
return released
