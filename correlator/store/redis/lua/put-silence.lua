--[[
  Stores or replaces a silence (SuppressionStore.putSilence) with its two indexes, atomically.

  KEYS[1..4]  the keys listed in keys.ts `silences`, in that order
  ARGV[1]     silence id
  ARGV[2]     JSON record
  ARGV[3]     its member in KEYS[3] (createdAt NUL id)
  ARGV[4]     endsAt (the KEYS[4] score)
  Returns     1
]]
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then redis.call('ZREM', KEYS[3], old) end
redis.call('ZADD', KEYS[3], 0, ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
