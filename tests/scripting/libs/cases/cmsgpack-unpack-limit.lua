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
local p = cmsgpack.pack(10, 20, 30, 40, 50)
for _, c in ipairs({{1, 0}, {2, 0}, {5, 0}, {9, 0}, {2, 1}, {2, 4}, {1, 5}, {0, 0}, {0, 2}, {3, 3}}) do
  T('limit ' .. c[1] .. ' offset ' .. c[2], cmsgpack.unpack_limit, p, c[1], c[2])
end
T('no offset', cmsgpack.unpack_limit, p, 2)
T('no limit', cmsgpack.unpack_limit, p)
T('bad limit', cmsgpack.unpack_limit, p, 'x')
T('negative limit', cmsgpack.unpack_limit, p, -1)
T('negative both', cmsgpack.unpack_limit, p, -1, -2)
T('offset past', cmsgpack.unpack_limit, p, 1, 6)
T('huge offset', cmsgpack.unpack_limit, p, 1, 2^32 + 1)
T('limit 2^32', cmsgpack.unpack_limit, p, 2^32, 0)
T('bad data', cmsgpack.unpack_limit, {}, 1)
T('named', function() return cmsgpack.unpack_limit(p, 1, 99) end)
return table.concat(R, '\n')
