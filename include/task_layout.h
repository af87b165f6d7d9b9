/*
 * task_layout.h — where the fields an arch's assembly task_yield touches sit
 * in the scheduler's state and in struct task (kernel/task.c asserts each),
 * and the C it falls back to.
 */
#pragma once

#define LAYOUT_WORD __SIZEOF_POINTER__ /* the compiler's, so assembly has it too */
#define SCHED_CURRENT (0 * LAYOUT_WORD)
#define SCHED_RUN_HEAD (1 * LAYOUT_WORD)
#define SCHED_RUN_TAIL (2 * LAYOUT_WORD)
#define SCHED_SLICING (5 * LAYOUT_WORD)
#define SCHED_RESUME_WORK (5 * LAYOUT_WORD + 1)

#define TASK_SP (0 * LAYOUT_WORD)
#define TASK_NEXT (1 * LAYOUT_WORD)
#define TASK_CANARY (7 * LAYOUT_WORD)
#define TASK_STATE (9 * LAYOUT_WORD + 8)
/* The word at the bottom of every task's stack; the assembly yield checks it too. */
#define STACK_CANARY 0x57ac6a7d
#define TASK_STATE_READY 0
#define TASK_STATE_RUNNING 1

#ifndef __ASSEMBLER__
struct task;
/* The whole of task_yield in C: an assembly task_yield (the arch's
   switch.S) makes the common case itself and jumps here for every other. */
void task_yield_general(void);
/* What a task switched back in does when sched.resume_work is set. */
void sched_resume_work(void);
#endif
