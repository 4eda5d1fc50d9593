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
local cj = cjson.new()
T('get', cj.encode_number_precision)
T('set 5', cj.encode_number_precision, 5)
T('get again', cj.encode_number_precision)
T('encode', cj.encode, math.pi)
T('zero', cj.encode_number_precision, 0)
T('fifteen', cj.encode_number_precision, 15)
T('negative', cj.encode_number_precision, -1)
T('float', cj.encode_number_precision, 3.9)
T('string', cj.encode_number_precision, '7')
T('bad string', cj.encode_number_precision, 'x')
T('table', cj.encode_number_precision, {})
T('bool', cj.encode_number_precision, true)
T('nil', cj.encode_number_precision, nil)
T('too many', cj.encode_number_precision, 3, 4)
T('wrapped', cj.encode_number_precision, 2^32 + 6)
T('named', function() return cj.encode_number_precision(99) end)
T('still', cj.encode_number_precision)
T('global untouched', cjson.encode, math.pi)
return table.concat(R, '\n')
