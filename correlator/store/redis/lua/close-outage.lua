--[[
  Ends the open outage of a subject (SlaStore.closeOutage), atomically: it leaves the open hash
  and, unless empty, joins the closed index. An end before the start is clamped to the start.

  KEYS[1..2]  the keys listed in keys.ts `outages`, in that order
  ARGV[1]     subject (field of KEYS[1])
  ARGV[2]     the subject as encoded in KEYS[2] members (JSON string)
  ARGV[3]     the end, zero-padded to 16 digits (lex.ts `pad`), like the stored start
  Returns     1 when an outage was open, else 0.
  Helpers     NUL: prelude.lua, prepended by scripts.ts
]]
local start = redis.call('HGET', KEYS[1], ARGV[1])
if not start then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
-- Equal-width digit strings: byte order is numeric order.
local finish = ARGV[3]
if finish < start then finish = start end
if finish > start then redis.call('ZADD', KEYS[2], 0, ARGV[2] .. NUL .. finish .. NUL .. start) end
return 1
