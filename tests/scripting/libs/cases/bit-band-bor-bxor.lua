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
T('band', bit.band, 0xff00ff00, 0x0ff00ff0)
T('bor', bit.bor, 0xff00ff00, 0x0ff00ff0)
T('bxor', bit.bxor, 0xff00ff00, 0x0ff00ff0)
T('band one', bit.band, 0x12345)
T('bor one', bit.bor, -1)
T('bxor one', bit.bxor, 2^32 + 7)
T('band many', bit.band, -1, 0xfffffff0, 0xffffff0f, 0x7fffffff, 0x3ffffff5)
T('bor many', bit.bor, 1, 2, 4, 8, 16, 32, 2^31)
T('bxor many', bit.bxor, 1, 3, 7, 15, 31, 63)
T('band neg', bit.band, -1, -2)
T('bor strings', bit.bor, '1', '2', '0x10')
T('band none', bit.band)
T('bor nil first', bit.bor, nil, 1)
T('band bad 2', bit.band, 1, 'x')
T('band bad 2 and 3', bit.band, 1, 'x', {})
T('bxor bad last', bit.bxor, 1, 2, 3, nil)
T('bor named', function() return bit.bor(1, 2, true) end)
return table.concat(R, '\n')
