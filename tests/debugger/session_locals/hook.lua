-- Prints, at every line event lua5.1's line hook reports for the chunk in arg[1] (and
-- functions defined in it), the line and the running function's locals as debug.getlocal
-- gives them (hidden `(for ...)` ones included, temporaries left out): the oracle for the
-- debug session's register names. Strings are quoted; tables and functions are their type.
local chunk = assert(loadfile(arg[1]))
local source = "@" .. arg[1]
local function show(v)
  local t = type(v)
  if t == "string" then return '"' .. v .. '"' end
  if t == "table" or t == "function" then return t end
  return tostring(v)
end
local out = {}
debug.sethook(function(_, line)
  if debug.getinfo(2, "S").source ~= source then return end
  local parts = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(2, i)
    if not name or name:sub(1, 2) == "(*" then break end
    parts[#parts + 1] = name .. "=" .. show(value)
    i = i + 1
  end
  out[#out + 1] = line .. ":" .. table.concat(parts, " ")
end, "l")
chunk()
debug.sethook()
io.write(table.concat(out, "\n"), "\n")
