-- The whole keyspace, sorted by key: each key's type, its TTL in seconds and its contents,
-- so two servers can be compared after a run.
local keys = redis.call("KEYS", "*")
table.sort(keys)
local out = {}
for _, key in ipairs(keys) do
  local kind = redis.call("TYPE", key).ok
  local value
  if kind == "string" then
    value = redis.call("GET", key)
  elseif kind == "list" then
    value = redis.call("LRANGE", key, 0, -1)
  elseif kind == "set" then
    value = redis.call("SMEMBERS", key)
    table.sort(value)
  elseif kind == "hash" then
    local flat = redis.call("HGETALL", key)
    local fields = {}
    for i = 1, #flat, 2 do
      table.insert(fields, flat[i] .. "=" .. flat[i + 1])
    end
    table.sort(fields)
    value = fields
  elseif kind == "zset" then
    value = redis.call("ZRANGE", key, 0, -1, "WITHSCORES")
  elseif kind == "stream" then
    value = redis.call("XRANGE", key, "-", "+")
  end
  table.insert(out, {key, kind, redis.call("TTL", key), value})
end
return out
