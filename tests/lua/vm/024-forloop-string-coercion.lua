for i = "1", "3" do io.write(i, type(i), " ") end print()
