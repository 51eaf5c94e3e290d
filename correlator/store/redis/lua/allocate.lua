--[[
  Reserves `count` consecutive numbers of a named counter (Store.allocate).

  KEYS[1]  counters hash (keys.ts `counters`)
  ARGV[1]  counter name
  ARGV[2]  how many numbers (a positive integer)
  Returns  the last number reserved; the first is last - count + 1.
]]
return redis.call('HINCRBY', KEYS[1], ARGV[1], tonumber(ARGV[2]))
