-- require: search of ./?.lua, package.loaded, results, missing modules, loader errors.
local g = require("221-module-greeter")
print(g.greet("lua"), g.loaded_as, package.loaded["221-module-greeter"] == g)
print(require("221-module-greeter") == g)
print(require("222-module-no-result"), module_side_effect, require("222-module-no-result"), module_side_effect)
local ok, message = pcall(require, "no-such-module")
print(ok, message)
print(pcall(require))
package.preload["virtual"] = function(name) return {name = name} end
print(require("virtual").name)
print(package.loaded.string == string, package.loaded._G == _G, type(package.path), type(package.cpath))
package.path = "./?.lua"
print(pcall(require, "still-missing"))
