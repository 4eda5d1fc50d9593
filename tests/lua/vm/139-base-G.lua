print(_G._G == _G, _G.print == print, type(_G))
x_global = 5
print(_G.x_global)
_G.y_global = 6
print(y_global)
