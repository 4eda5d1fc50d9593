local obj = {name = "box"}
function obj:describe(suffix) return self.name .. suffix end
print(obj:describe("!"), obj.describe(obj, "?"))
