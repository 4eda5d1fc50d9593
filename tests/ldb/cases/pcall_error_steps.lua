local function risky(n)
  if n > 1 then
    error("too big: " .. n)
  end
  return n
end
local results = {}
for n = 1, 2 do
  local ok, err = pcall(risky, n)
  results[#results + 1] = tostring(ok) .. ":" .. tostring(err)
end
return results
