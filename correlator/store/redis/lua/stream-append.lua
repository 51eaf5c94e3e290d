--[[
  Appends one accepted ingest batch to the ingest stream (`vigil server`), unless the stream
  already holds `max` entries: then nothing is written and the API answers 503. vigil never trims
  with XADD MAXLEN, which would drop entries no replica has processed yet; processed entries are
  trimmed by the lease holder (XTRIM MINID, docs/redis.md "Ingest stream").

  KEYS[1]  ingest stream
  ARGV[1]  most entries the stream may hold (0: no limit)
  ARGV[2]  number of events in the batch
  ARGV[3]  JSON array of native events, each with its id fixed
  ARGV[4]  the adapter that accepted it (events, prometheus, alertmanager, pagerduty)
  ARGV[5]  accept time, ms since epoch
  Returns  the entry id, or the stream length as a number when the stream is full.
]]
local max = tonumber(ARGV[1])
if max > 0 then
  local length = redis.call('XLEN', KEYS[1])
  if length >= max then return length end
end
return redis.call('XADD', KEYS[1], '*', 'n', ARGV[2], 'via', ARGV[4], 'at', ARGV[5], 'body', ARGV[3])
