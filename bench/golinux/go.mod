module golinux

go 1.19
