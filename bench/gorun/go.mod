module gorunbench

go 1.19
