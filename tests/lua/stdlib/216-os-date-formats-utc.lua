local t = 951782400
for _, f in ipairs({"%Y", "%m", "%d", "%H", "%M", "%S", "%j", "%w", "%a", "%b", "%y", "%p", "%I", "%U", "%W", "%%", "%D"}) do
  print(f, os.date("!" .. f, t))
end
