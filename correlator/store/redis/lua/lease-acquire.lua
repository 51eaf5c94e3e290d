--[[
  Takes the timer lease when nobody holds it (SET NX PX), with the next fencing token: the value
  is `owner#token`, so a renewal or release by a holder whose lease expired and was taken cannot
  match the new holder's value.

  KEYS[1]  the lease (string with a PX expiry)
  KEYS[2]  the fencing counter (last token handed out)
  ARGV[1]  owner (unique per process)
  ARGV[2]  lease time, ms
  Returns  the fencing token when taken, 0 when another owner holds the lease.
]]
local token = tonumber(redis.call('GET', KEYS[2]) or '0') + 1
if not redis.call('SET', KEYS[1], ARGV[1] .. '#' .. token, 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], token)
return token
