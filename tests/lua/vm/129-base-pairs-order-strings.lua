local t = {}
for _, w in ipairs({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"}) do t[w] = #w end
for k, v in pairs(t) do print(k, v) end
