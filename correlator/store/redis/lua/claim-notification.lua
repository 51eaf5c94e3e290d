--[[
  Claims one notification for an attempt (OutboxStore.claimNotification): only while it is
  pending, due, the oldest queued one of its incident and receiver, and not held by an unexpired
  claim of someone else; so two replicas never send it at once.

  KEYS[1..12]  the outbox keys (keys.ts `outbox`)
  ARGV[1]      notification id
  ARGV[2]      claim owner (unique per claim)
  ARGV[3]      the claimer's now, ms
  ARGV[4]      claim deadline, ms
  Returns      the entry's JSON when claimed, false when not.
  Helpers      ntf_keys, NUL: prelude.lua
]]
local K = ntf_keys(1)
local raw = redis.call('HGET', K.meta, ARGV[1])
if not raw then return false end
local m = cjson.decode(raw)
local now = tonumber(ARGV[3])
if m.st ~= 'pending' or m.nx == '' or tonumber(m.nx) > now then return false end
if redis.call('HGET', K.head, m.q) ~= m.seq .. NUL .. ARGV[1] then return false end
if m.co ~= '' and tonumber(m.cu) >= now then return false end
m.co = ARGV[2]
m.cu = ARGV[4]
redis.call('HSET', K.meta, ARGV[1], cjson.encode(m))
return redis.call('HGET', K.doc, ARGV[1])
