local count = 0
local function bump() count = count + 1 return count end
bump() bump()
print(count, bump())
