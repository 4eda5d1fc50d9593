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
T('get', cj.encode_sparse_array)
T('convert', cj.encode_sparse_array, true)
T('sparse converted', cj.encode, {[1] = 1, [50] = 2})
T('off', cj.encode_sparse_array, 'off')
T('error again', cj.encode, {[1] = 1, [50] = 2})
T('on string', cj.encode_sparse_array, 'on', 1, 3)
T('ratio 1', cj.encode, {[1] = 1, [2] = 2, [4] = 4})
T('ratio 1 safe', cj.encode, {[1] = 1, [3] = 3})
T('ratio 0', cj.encode_sparse_array, false, 0)
T('never sparse', cj.encode, {[100] = 1})
T('safe 200', cj.encode_sparse_array, nil, 2, 200)
T('within safe', function() return #cj.encode({[150] = 1}) end)
T('partial', cj.encode_sparse_array, nil, 5)
T('get all', cj.encode_sparse_array)
T('bad convert', cj.encode_sparse_array, 'maybe')
T('number convert', cj.encode_sparse_array, 1)
T('bad ratio', cj.encode_sparse_array, true, -1)
T('bad ratio type', cj.encode_sparse_array, true, 'x')
T('bad safe', cj.encode_sparse_array, true, 2, -5)
T('after errors', cj.encode_sparse_array)
T('too many', cj.encode_sparse_array, true, 1, 1, 1)
T('table convert', cj.encode_sparse_array, {})
T('named', function() return cj.encode_sparse_array(false, 1, -1) end)
T('final', cj.encode_sparse_array)
return table.concat(R, '\n')
