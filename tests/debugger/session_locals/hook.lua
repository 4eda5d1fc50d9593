-- Prints, at every line event lua5.1's line hook reports for the chunk in arg[1] (and
-- functions defined in it), the line, the running function's locals as debug.getlocal gives
-- them (hidden `(for ...)` ones included, temporaries left out), its upvalues, its name as
-- lua5.1's traceback gives it, and its callers with their lines: the oracle for the debug
-- session's frames. Strings are quoted; tables and functions are their type.
local chunk = assert(loadfile(arg[1]))
local source = "@" .. arg[1]
local function show(v)
  local t = type(v)
  if t == "string" then return '"' .. v .. '"' end
  if t == "table" or t == "function" then return t end
  return tostring(v)
end
-- A function's name as lua5.1's traceback gives it. The chunk is called by this script, so
-- it has a name here; the session's main chunk is the host's call: named as a main chunk.
local function called(info)
  if info.what == "main" then
    return "main chunk"
  elseif info.namewhat ~= "" then
    return "function '" .. info.name .. "'"
  end
  return "function <" .. info.short_src .. ":" .. info.linedefined .. ">"
end
local out = {}
debug.sethook(function(_, line)
  if debug.getinfo(2, "S").source ~= source then return end
  local locals = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(2, i)
    if not name or name:sub(1, 2) == "(*" then break end
    locals[#locals + 1] = name .. "=" .. show(value)
    i = i + 1
  end
  local info = debug.getinfo(2, "Snf")
  local upvalues = {}
  for u = 1, math.huge do
    local name, value = debug.getupvalue(info.func, u)
    if not name then break end
    upvalues[#upvalues + 1] = name .. "=" .. show(value)
  end
  -- The callers in the chunk, each at its current line, and where tail calls and C
  -- functions were.
  local callers = {}
  for level = 3, math.huge do
    local caller = debug.getinfo(level, "Snl")
    if caller and caller.what == "tail" then
      callers[#callers + 1] = "(tail call)"
    elseif caller and caller.what == "C" then
      callers[#callers + 1] = "[C]"
    elseif not caller or caller.source ~= source then
      break
    else
      callers[#callers + 1] = caller.currentline .. " " .. called(caller)
    end
  end
  out[#out + 1] = line .. ":" .. table.concat(locals, " ") .. "|"
    .. table.concat(upvalues, " ") .. "|" .. called(info) .. "|" .. table.concat(callers, ", ")
end, "l")
chunk()
debug.sethook()
io.write(table.concat(out, "\n"), "\n")
