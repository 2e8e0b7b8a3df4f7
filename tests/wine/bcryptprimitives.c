/*
 * Test-only stand-in for bcryptprimitives.dll under Wine 8, which lacks
 * ProcessPrng (Rust's std imports it for randomness). Placed beside the .exe
 * in the Wine tests only; never shipped: real Windows 10+ has the function.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
