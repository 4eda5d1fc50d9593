for deg = 0, 360, 30 do
  local r = math.rad(deg)
  print(deg, string.format("%.10f %.10f", math.sin(r), math.cos(r)), math.deg(r))
end
