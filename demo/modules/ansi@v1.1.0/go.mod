module example.com/tune/ansi

go 1.19
