-- A module for 220-require-modules.lua that returns nothing.
module_side_effect = (module_side_effect or 0) + 1
