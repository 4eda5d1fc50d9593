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
T('add field', function() local t = cjson.decode('{"a":1,"b":[1,2]}'); t.c = 3; table.insert(t.b, 3); return cjson.encode(t) end)
T('null to nil', function() local t = cjson.decode('[1,null,3]'); t[2] = nil; return cjson.encode(t) end)
T('pairs count', function() local n = 0; for _ in pairs(cjson.decode('{"a":1,"b":null,"c":false}')) do n = n + 1 end; return n end)
T('array part', function() local t = cjson.decode('[5,6,7]'); return #t, t[1], t[3] end)
T('key types', function() local t = cjson.decode('{"1":1}'); return t[1], t['1'] end)
T('order of decoded object', function() local t = cjson.decode('{"z":1,"y":2,"x":3,"w":4,"v":5}'); local ks = {}; for k in pairs(t) do ks[#ks + 1] = k end; return table.concat(ks, ',') end)
return table.concat(R, '\n')
