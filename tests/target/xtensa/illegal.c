/* illegal.c (lx106) — an illegal instruction takes the user exception vector. */
int main(void)
{
	__asm__ volatile("ill");
	return 0;
}
