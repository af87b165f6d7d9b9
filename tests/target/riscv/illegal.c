/* illegal.c (riscv) — an illegal instruction reaches the trap vector. */
int main(void)
{
	__asm__ volatile("unimp");
	return 0;
}
