-- Extend a lock the caller still owns. KEYS: resources; ARGV[1]: token, ARGV[2]: ttl ms.
for _, key in ipairs(KEYS) do
  if redis.call("GET", key) ~= ARGV[1] then
    return 0
  end
end
for _, key in ipairs(KEYS) do
  redis.call("PEXPIRE", key, ARGV[2])
end
return #KEYS
