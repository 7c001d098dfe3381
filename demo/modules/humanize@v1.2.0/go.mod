module example.com/tune/humanize

go 1.19
