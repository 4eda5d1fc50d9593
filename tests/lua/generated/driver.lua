-- Evaluates generated string-library cases read from standard input, one per line, and prints
-- one result line per case. The line format is described in tests/lua/README.md.
local function decode(text)
  return (string.gsub(text, "\\x(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

local function encode(text)
  return (string.gsub(text, "[%z\1-\31\\\127-\255]", function(c)
    return string.format("\\x%02x", string.byte(c))
  end))
end

local function parse_value(field)
  if field == "nil" then return nil end
  if field == "true" then return true end
  if field == "false" then return false end
  local tag, body = string.sub(field, 1, 2), string.sub(field, 3)
  if tag == "s:" then return decode(body) end
  if tag == "n:" then
    if body == "inf" then return 1 / 0 end
    if body == "-inf" then return -1 / 0 end
    if body == "nan" then return 0 / 0 end
    if body == "-0" then return -0 end
    return tonumber(body)
  end
  error("bad field " .. field)
end

local function show_value(v)
  local t = type(v)
  if t == "string" then return "s:" .. encode(v) end
  if t == "number" then return "n:" .. string.format("%.17g", v) end
  return tostring(v)
end

-- Each library function is called from a Lua function by its field name, so that argument
-- errors name it ("bad argument #2 to 'find'").
local callers = {
  find = function(...) return string.find(...) end,
  match = function(...) return string.match(...) end,
  gsub = function(...) return string.gsub(...) end,
  format = function(...) return string.format(...) end,
}

local function pack(...)
  return { n = select("#", ...), ... }
end

local function run_case(line)
  local fields, n = {}, 0
  for field in string.gmatch(line, "[^\t]+") do
    n = n + 1
    fields[n] = field
  end
  local name = fields[1]
  local args = {}
  for i = 2, n do args[i - 1] = parse_value(fields[i]) end
  local results = pack(pcall(callers[name], unpack(args, 1, n - 1)))
  if not results[1] then
    -- The position names this driver's line, not the case, so it is dropped.
    local message = string.gsub(results[2], "^driver%.lua:%d+: ", "")
    return "err\t" .. show_value(message)
  end
  local shown = { "ok" }
  for i = 2, results.n do shown[i] = show_value(results[i]) end
  return table.concat(shown, "\t")
end

for line in io.lines() do
  print(run_case(line))
end
