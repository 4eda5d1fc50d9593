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
for _, s in ipairs({'\192\193', '\193', '\196\001a', '\199\001\001a', '\212\001\001', '\204', '\205\001', '\206\001\002\003', '\207', '\208', '\209\001', '\210', '\211\001\002', '\202\001', '\203\001\002', '\217', '\217\005abc', '\218\000', '\218\000\005ab', '\219\000\000\000\009abc', '\220\000', '\220\000\002\001', '\221\000\000\000\002\001', '\222\000\001\001', '\223\000\000\000\001\001\001', '\165abc', '\146\001', '\129\001'}) do
  T(H(s), cmsgpack.unpack, s)
end
T('named', function() return cmsgpack.unpack('\193') end)
T('named missing', function() return cmsgpack.unpack('\146') end)
T('no arg', cmsgpack.unpack)
T('number arg', cmsgpack.unpack, 5)
T('table arg', cmsgpack.unpack, {})
return table.concat(R, '\n')
