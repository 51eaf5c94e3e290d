--[[
  Deletes correlation groups with their index members, atomically: the named ones
  (GroupStore.deleteGroups), and up to a limit of those opened before a time (pruneGroups).

  KEYS[1..5]  the keys listed in keys.ts `groups`, in that order
  ARGV[1]     JSON array of group fields to delete (may be empty)
  ARGV[2]     exclusive upper lex bound of KEYS[5] for pruning, e.g. "(0000001700000000", or ''
  ARGV[3]     most groups to prune in this call
  Returns     how many groups were deleted.
]]
local function drop(field)
  local old = redis.call('HGET', KEYS[2], field)
  if not old then return 0 end
  for i, m in ipairs(cjson.decode(old)) do redis.call('ZREM', KEYS[2 + i], m) end
  redis.call('HDEL', KEYS[1], field)
  redis.call('HDEL', KEYS[2], field)
  return 1
end

local dropped = 0
for _, field in ipairs(cjson.decode(ARGV[1])) do dropped = dropped + drop(field) end
if ARGV[2] ~= '' then
  local due = redis.call('ZRANGEBYLEX', KEYS[5], '-', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
  -- A by-time member is 16 digits, NUL, then the field.
  for _, m in ipairs(due) do dropped = dropped + drop(string.sub(m, 18)) end
end
return dropped
