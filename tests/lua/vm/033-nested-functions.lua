local function outer()
  local a = 1
  local function mid()
    local b = 2
    local function inner() a = a + b return a end
    return inner
  end
  return mid()
end
local f = outer()
print(f(), f(), f())
