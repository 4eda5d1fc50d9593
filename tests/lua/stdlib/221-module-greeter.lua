-- A module for 220-require-modules.lua (run alone it only builds its table).
local M = {}
function M.greet(who) return "hello " .. who end
M.loaded_as = ...
return M
