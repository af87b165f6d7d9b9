/* exit.c — main's return value is the run's exit status. */
int main(void)
{
	return 42;
}
