--[[
  Stores a notification after an attempt or a requeue (OutboxStore.recordNotification) with its
  timeline entry, releases its claim and moves its queue's head; with a claim check, only if that
  claim still holds it, so a replica whose claim was taken over cannot queue it again.

  KEYS[1..12]  the outbox keys (keys.ts `outbox`)
  KEYS[13]     the incident's timeline list (only with ARGV[4])
  ARGV[1]      JSON { id, doc, st, nx, so } prepared by redis-outbox.ts
  ARGV[2]      '1' to check the claim, '' not to
  ARGV[3]      the claim owner to check
  ARGV[4]      timeline entry JSON, or ''
  Returns      1 when stored, 0 when the id is unknown or the claim is not held.
  Helpers      ntf_keys, ntf_index, ntf_refresh_head: prelude.lua
]]
local K = ntf_keys(1)
local n = cjson.decode(ARGV[1])
local raw = redis.call('HGET', K.meta, n.id)
if not raw then return 0 end
local old = cjson.decode(raw)
if ARGV[2] == '1' and old.co ~= ARGV[3] then return 0 end
ntf_index(K, n.id, old, -1)
local m = {
  seq = old.seq, st = n.st, q = old.q, inc = old.inc, rf = old.rf, rcv = old.rcv,
  nx = n.nx, so = n.so, co = '', cu = '',
}
redis.call('HSET', K.doc, n.id, n.doc)
redis.call('HSET', K.meta, n.id, cjson.encode(m))
ntf_index(K, n.id, m, 1)
ntf_refresh_head(K, old.q)
if ARGV[4] ~= '' then redis.call('RPUSH', KEYS[13], ARGV[4]) end
return 1
