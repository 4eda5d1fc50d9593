-- Prints every line event lua5.1's line hook reports for the chunk in arg[1] (and functions
-- defined in it), one line number per line: the oracle for the VM's line events.
local chunk = assert(loadfile(arg[1]))
local source = "@" .. arg[1]
local out = {}
debug.sethook(function(_, line)
  if debug.getinfo(2, "S").source == source then
    out[#out + 1] = line
  end
end, "l")
chunk()
debug.sethook()
io.write(table.concat(out, "\n"), "\n")
