module example.com/tune/table

go 1.19

require example.com/tune/ansi v1.1.0
