-- Prelude shared by the library cases (see ../README.md): S shows a value with its type,
-- T records what a protected call returned, H shows bytes in hex.
local R = {}
local function H(s)
  return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end))
end
local function S(v, depth)
  depth = depth or 0
  local t = type(v)
  if t == 'number' then return string.format('%.17g', v) end
  if t == 'string' then return string.format('%q', v) end
  if t == 'table' then
    if depth > 12 then return '{...}' end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == 'number' or ta == 'string' then return a < b end
      return tostring(a) < tostring(b)
    end)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = '[' .. S(k, depth + 1) .. ']=' .. S(v[k], depth + 1) end
    return '{' .. table.concat(parts, ',') .. '}'
  end
  if v == cjson.null then return 'null' end
  return t .. ':' .. tostring(v)
end
local function T(label, f, ...)
  local r = {n = 0}
  local function keep(...) r.n = select('#', ...); for i = 1, r.n do r[i] = select(i, ...) end end
  keep(pcall(f, ...))
  local parts = {}
  for i = 2, r.n do parts[#parts + 1] = S(r[i]) end
  R[#R + 1] = label .. (r[1] and ' ok ' or ' err ') .. table.concat(parts, ' ')
end
local x = 0
for i = 0, 31, 3 do x = bit.bor(x, bit.lshift(1, i)) end
T('built', bit.tohex, x)
T('popcount', function()
  local n, v = 0, 0xdeadbeef
  while v ~= 0 do n = n + bit.band(v, 1); v = bit.rshift(v, 1) end
  return n
end)
T('xor swap', function()
  local a, b = 12345, -678
  a = bit.bxor(a, b); b = bit.bxor(a, b); a = bit.bxor(a, b)
  return a, b
end)
T('mask', bit.band, bit.bnot(0), bit.lshift(-1, 8))
T('sign', bit.arshift, bit.lshift(0xff, 24), 24)
T('tobit of sum', bit.tobit, 0x7fffffff + 1)
return table.concat(R, '\n')
