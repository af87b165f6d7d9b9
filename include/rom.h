/*
 * rom.h — the ESP8266 boot ROM functions 8266go calls (addresses in
 * board/esp8266/rom.ld). Only the esp8266 board may use them: under QEMU the
 * ROM window is empty.
 */
#pragma once
#include <stdint.h>

void Cache_Read_Enable(uint8_t odd_even, uint8_t mb_count, uint8_t no);
void rom_i2c_writeReg(uint8_t block, uint8_t host_id, uint8_t reg, uint8_t data);
uint8_t rom_i2c_readReg(uint8_t block, uint8_t host_id, uint8_t reg);
/* Polled flash read (len a multiple of 4); 0 on success. */
int SPIRead(uint32_t flash_addr, uint32_t *dst, uint32_t len);
void ets_update_cpu_frequency(uint32_t mhz);
void ets_wdt_disable(void);
void ets_delay_us(uint32_t us);
int ets_printf(const char *fmt, ...);
__attribute__((noreturn)) void software_reset(void);
