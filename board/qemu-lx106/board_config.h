/*
 * board_config.h (qemu-lx106) — the ESP8266's layout, with the counter rate
 * of QEMU's lx60 board: CCOUNT at 40 MHz (facts/qemu-lx106.md), which the
 * board checks against its clock register at boot.
 */
#pragma once

#define BOARD_COUNTER_HZ 40000000u
#include "../esp8266/board_config.h"
