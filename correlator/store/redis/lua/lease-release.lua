--[[
  Gives the timer lease up at shutdown if it is still ours (compare-and-delete), so another
  replica takes over at once instead of after the lease time.

  KEYS[1]  the lease
  ARGV[1]  our value, owner#token
  Returns  1 when released, 0 when it was not ours (any more).
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
