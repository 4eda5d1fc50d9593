-- args: , x
return nil
