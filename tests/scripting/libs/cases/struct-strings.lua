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
T('s', function() local p = struct.pack('s', 'hello'); return H(p), struct.unpack('s', p) end)
T('s empty', function() local p = struct.pack('s', ''); return H(p), struct.unpack('s', p) end)
T('s with nul', function() local p = struct.pack('s', 'a\0b'); return H(p), struct.unpack('s', p) end)
T('c3', function() local p = struct.pack('c3', 'abcdef'); return H(p), struct.unpack('c3', p) end)
T('c0', function() local p = struct.pack('c0', 'whole'); return H(p), struct.unpack('c5', p) end)
T('c10 short', struct.pack, 'c10', 'abc')
T('c number', function() return H(struct.pack('c4', 12.5)) end)
T('Bc0', struct.unpack, 'Bc0', '\005helloworld')
T('Bc0 short', struct.unpack, 'Bc0', '\009hello')
T('c0 first', struct.unpack, 'c0', 'abc')
T('sBs', function() local p = struct.pack('sBs', 'ab', 7, 'cd'); return H(p), struct.unpack('sBs', p) end)
T('unfinished s', struct.unpack, 's', 'abc')
T('s from number', function() return H(struct.pack('s', 42)) end)
return table.concat(R, '\n')
