-- Acquire a lock on several resources at once (all or nothing), redlock style.
-- KEYS: the resources. ARGV[1]: the owner's token, ARGV[2]: time to live in ms.
for _, key in ipairs(KEYS) do
  if redis.call("EXISTS", key) == 1 then
    return 0
  end
end
for _, key in ipairs(KEYS) do
  redis.call("SET", key, ARGV[1], "PX", ARGV[2])
end
return #KEYS
