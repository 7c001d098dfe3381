module example.com/gotune-demo

go 1.19
