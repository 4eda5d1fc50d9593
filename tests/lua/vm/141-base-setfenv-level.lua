local function inner()
  setfenv(2, {print = print, who = "custom"})
end
local function outer()
  inner()
  print(who)
end
outer()
print(who)
