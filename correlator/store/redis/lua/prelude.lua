--[[
  Shared helpers of every Redis store script. scripts.ts prepends this file to each script when it
  loads them, so each script sees these locals; the scripts themselves never repeat them.
]]
local NUL = '\0'

-- Splits a NUL-joined string into its fields.
local function split(s)
  local out, from = {}, 1
  while true do
    local at = string.find(s, NUL, from, true)
    if not at then
      out[#out + 1] = string.sub(s, from)
      return out
    end
    out[#out + 1] = string.sub(s, from, at - 1)
    from = at + 1
  end
end

-- Adds `by` to a hash counter, deleting the field when it drops to zero or below.
local function bump(hash, field, by)
  if redis.call('HINCRBY', hash, field, by) <= 0 then redis.call('HDEL', hash, field) end
end

-- The version of a record in a NUL-joined meta hash (0 when absent) and its meta fields.
local function stored_version(hash, id)
  local meta = redis.call('HGET', hash, id)
  if not meta then return 0, nil end
  local f = split(meta)
  return tonumber(f[1]), f
end

-- The version recorded in a JSON meta hash (0 when absent) and the decoded meta.
local function json_meta(hash, id)
  local raw = redis.call('HGET', hash, id)
  if not raw then return 0, nil end
  local meta = cjson.decode(raw)
  return meta.v, meta
end
