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
local seed = 505
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return math.floor(seed / 65536) % n end
local words = {'a', 'b', 'key', 'x y', 'name', '1', '2', '', 'k\0', '\195\169', 'long key here', 'id'}
local function scalar()
  local r = rnd(10)
  if r == 0 then return rnd(2) == 1 end
  if r == 1 then return words[1 + rnd(#words)] end
  if r == 2 then return rnd(1000) / 8 end
  if r == 3 then return -rnd(100000) end
  if r == 4 then return 2 ^ rnd(70) end
  if r == 5 then return rnd(3) - 1 + rnd(1000) / 1000 end
  if r == 6 then return cjson.null end
  return rnd(300)
end
local function value(depth)
  if depth > 4 or rnd(5) < 2 then return scalar() end
  local t = {}
  local n = rnd(8)
  local kind = rnd(3)
  for i = 1, n do
    if kind == 0 then t[i] = value(depth + 1)
    elseif kind == 1 then t[words[1 + rnd(#words)]] = value(depth + 1)
    else
      local k = rnd(4)
      if k == 0 then t[rnd(20)] = value(depth + 1)
      elseif k == 1 then t[words[1 + rnd(#words)]] = value(depth + 1)
      elseif k == 2 then t[rnd(5) + 0.5] = value(depth + 1)
      else t[i] = value(depth + 1) end
    end
  end
  return t
end

local out = {}
for i = 1, 150 do
  local v = value(0)
  local p = cmsgpack.pack(v)
  local ok, back = pcall(cmsgpack.unpack, p)
  out[#out + 1] = H(p) .. (ok and (' => ' .. H(cmsgpack.pack(back))) or (' !! ' .. back))
end
R[#R + 1] = table.concat(out, '\n')
return table.concat(R, '\n')
