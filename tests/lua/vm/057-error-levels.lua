local function lvl0() error("zero", 0) end
local function lvl1() error("one", 1) end
local function lvl2() error("two", 2) end
local function calls2() lvl2() end
local function lvl3() error("three", 3) end
local function mid() lvl3() end
local function top() mid() end
print(pcall(lvl0))
print(pcall(lvl1))
print(pcall(calls2))
print(pcall(top))
print(pcall(error, "plain"))
print(pcall(error, "plain", 2))
