local function pass(...) return ... end
print(pass(1, nil, 3))
print(select('#', pass(nil, nil, nil)))
