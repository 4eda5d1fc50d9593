local t = {
  a = 1,
  b = {
    c = 2,
  },
}
local s = t.a
  + t.b.c
local f = function(x)
  return x
end
local r = f(
  s
)
if r == 3 and
   s == 3 then
  r = 0
end
