// A cache prefetch for the event queue's sift-down, which Swift cannot express itself.
// `static inline`, so each importer compiles it to the one instruction it stands for.
#ifndef FUNNELSIM_PREFETCH_H
#define FUNNELSIM_PREFETCH_H

/// Asks the processor to start loading the cache line holding `address` for a read. A hint:
/// it never faults, whatever the address, and has no effect on the program's results.
static inline void fs_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
