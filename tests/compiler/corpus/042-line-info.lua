local t = {
  1,
  2,
  f(
    3,
    4
  ),
}
local x =
  a +
  b *
  c
f(
  x
)(
  y
)
if
  x
then
  y = 1
elseif
  z
then
  y = 2
end
for i =
  1,
  3
do
  g(i)
end
local function
  spread(a,
         b)
  return a
    + b
end
