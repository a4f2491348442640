// FunnelSim's window onto GNU GSL.
//
// Besides GSL's own headers this declares FunnelSim's generator, xoshiro256**, as a GSL
// generator type, so GSL's samplers (gsl_ran_*) draw from it, while Swift code can draw
// uniforms from the very same state without an indirect call. Everything here is
// `static inline` so that each importer gets its own copy and Swift 6 never reads a
// mutable C global (GSL's `gsl_rng_*` type globals are reached through getters).
#ifndef FUNNELSIM_CGSL_SHIM_H
#define FUNNELSIM_CGSL_SHIM_H

#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sf_gamma.h>

/// The 256-bit state of xoshiro256** (Blackman and Vigna, 2018).
typedef struct {
  uint64_t s[4];
} fs_xoshiro_state;

static inline uint64_t fs_rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/// Next 64 random bits.
static inline uint64_t fs_xoshiro_next(fs_xoshiro_state *st) {
  uint64_t *s = st->s;
  const uint64_t result = fs_rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = fs_rotl(s[3], 45);
  return result;
}

/// A uniform double in [0, 1) with 53 random bits.
static inline double fs_xoshiro_uniform(fs_xoshiro_state *st) {
  return (double)(fs_xoshiro_next(st) >> 11) * 0x1.0p-53;
}

/// SplitMix64 step: used to expand one 64-bit seed into a full xoshiro state.
static inline uint64_t fs_splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Seeds a state from 64 bits; the all-zero state cannot come out of SplitMix64's four
/// consecutive outputs, so the generator is always valid.
static inline void fs_xoshiro_seed(fs_xoshiro_state *st, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) st->s[i] = fs_splitmix64(&x);
}

static inline void fs_xoshiro_gsl_set(void *state, unsigned long int seed) {
  fs_xoshiro_seed((fs_xoshiro_state *)state, (uint64_t)seed);
}
static inline unsigned long int fs_xoshiro_gsl_get(void *state) {
  return (unsigned long int)fs_xoshiro_next((fs_xoshiro_state *)state);
}
static inline double fs_xoshiro_gsl_get_double(void *state) {
  return fs_xoshiro_uniform((fs_xoshiro_state *)state);
}

/// xoshiro256** as a GSL generator type. One static instance per importing module is fine:
/// GSL only reads the type's fields.
static inline const gsl_rng_type *fs_xoshiro_rng_type(void) {
  static const gsl_rng_type type = {
      "xoshiro256**", 0xffffffffffffffffUL, 0, sizeof(fs_xoshiro_state),
      &fs_xoshiro_gsl_set, &fs_xoshiro_gsl_get, &fs_xoshiro_gsl_get_double};
  return &type;
}

/// The state of a generator allocated with `fs_xoshiro_rng_type()`.
static inline fs_xoshiro_state *fs_xoshiro_state_of(gsl_rng *r) {
  return (fs_xoshiro_state *)r->state;
}

/// GSL's Mersenne Twister, for comparisons in tests and benchmarks.
static inline const gsl_rng_type *fs_mt19937_rng_type(void) { return gsl_rng_mt19937; }

#endif
