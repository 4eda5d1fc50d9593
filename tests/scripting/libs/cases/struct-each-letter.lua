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
local values = {b = -100, B = 200, h = -30000, H = 60000, l = -2^40, L = 2^40, T = 123456, i = -70000, I = 4000000000, f = 0.25, d = 1/3}
for _, letter in ipairs({'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I', 'f', 'd'}) do
  T(letter, function()
    local p = struct.pack(letter, values[letter])
    return H(p), struct.size(letter), struct.unpack(letter, p)
  end)
end
T('x', function() return H(struct.pack('bxb', 1, 2)), struct.unpack('bxb', '\001\000\002') end)
T('spaces', function() return H(struct.pack(' b  b ', 1, 2)) end)
return table.concat(R, '\n')
