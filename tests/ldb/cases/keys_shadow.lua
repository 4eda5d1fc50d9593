local KEYS = {"mine"}
local ARGV = "local argv"
return KEYS[1]
