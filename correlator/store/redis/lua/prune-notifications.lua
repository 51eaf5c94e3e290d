--[[
  Deletes delivered and dead notifications settled before a bound (OutboxStore.pruneNotifications,
  `notify.retention`), with their index members and counts; pending ones are never in ntf:settled
  and are checked again here.

  KEYS[1..12]  the outbox keys (keys.ts `outbox`)
  ARGV[1]      bound, ms (exclusive)
  ARGV[2]      at most this many
  Returns      how many were deleted.
  Helpers      ntf_keys, ntf_index: prelude.lua
]]
local K = ntf_keys(1)
local ids = redis.call('ZRANGEBYSCORE', K.settled, '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local deleted = 0
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', K.meta, id)
  if not raw then
    redis.call('ZREM', K.settled, id)
  else
    local m = cjson.decode(raw)
    if m.st ~= 'pending' then
      ntf_index(K, id, m, -1)
      redis.call('HDEL', K.doc, id)
      redis.call('HDEL', K.meta, id)
      deleted = deleted + 1
    end
  end
end
return deleted
