--[[
  Renews the timer lease if it is still ours (compare-and-set on owner#token).

  KEYS[1]  the lease
  ARGV[1]  our value, owner#token
  ARGV[2]  lease time, ms
  Returns  1 when renewed, 0 when the lease expired or another owner holds it.
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
