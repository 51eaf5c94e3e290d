--[[
  Takes the next slot of a scheduled discovery sweep, fenced by the timer lease: only the replica
  whose lease value is in the lease key now may take it, and only if the sweep's last slot is still
  the one it read (compare-and-set), so two replicas never sweep the same slot.

  KEYS[1]  the timer lease (string: owner#token)
  KEYS[2]  the last slot of each sweep (hash: job name -> slot start, ms)
  ARGV[1]  the lease value this replica holds
  ARGV[2]  the job name
  ARGV[3]  the last slot as read ('' when none)
  ARGV[4]  the slot to take, ms
  Returns  1 taken, 0 when another slot was taken since it was read, -1 when this replica does not
           hold the lease.
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if (redis.call('HGET', KEYS[2], ARGV[2]) or '') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
return 1
