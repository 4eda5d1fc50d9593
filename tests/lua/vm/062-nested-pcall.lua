local function deep(n)
  if n == 0 then error("bottom") end
  local ok, e = pcall(deep, n - 1)
  return "level " .. n .. " caught: " .. tostring(e)
end
print(deep(3))
