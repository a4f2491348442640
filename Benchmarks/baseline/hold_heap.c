/* Reference point for FunnelSim's engine: the hold model on a plain binary min-heap of
 * (time, id) pairs, with xoshiro256** uniforms and Exp(1) = -log(u).
 * Usage: hold_heap EVENTS PENDING [MEAN_DAYS]   (prints events per second of wall time, the
 * seconds, the final clock and events per second of processor time; filling is not timed). With MEAN_DAYS, delays are whole days, ceil(MEAN_DAYS x Exp(1)), as in
 * `funnelsim bench engine --whole-days MEAN_DAYS`: ties of time are then broken by id. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { double t; uint64_t id; } item;
static item *h; static size_t n;
static uint64_t s[4] = {0x9e3779b97f4a7c15u, 0xbf58476d1ce4e5b9u, 0x94d049bb133111ebu, 1};

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static uint64_t next64(void) {
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
  return r;
}
static double expo(void) {
  double u;
  do u = (double)(next64() >> 11) * 0x1.0p-53; while (u == 0);
  return -log(u);
}
static int less(item a, item b) { return a.t < b.t || (a.t == b.t && a.id < b.id); }
static void push(item x) {
  size_t i = n++;
  while (i > 0 && less(x, h[(i - 1) / 2])) { h[i] = h[(i - 1) / 2]; i = (i - 1) / 2; }
  h[i] = x;
}
static item pop(void) {
  item top = h[0], x = h[--n];
  size_t i = 0, c;
  while ((c = 2 * i + 1) < n) {
    if (c + 1 < n && less(h[c + 1], h[c])) c++;
    if (!less(h[c], x)) break;
    h[i] = h[c]; i = c;
  }
  h[i] = x;
  return top;
}

int main(int argc, char **argv) {
  long events = argc > 1 ? atol(argv[1]) : 10000000, pending = argc > 2 ? atol(argv[2]) : 1000;
  double days = argc > 3 ? atof(argv[3]) : 0;
  h = malloc(sizeof(item) * (size_t)pending);
  uint64_t seq = 0;
  for (long k = 0; k < pending; k++) push((item){days > 0 ? ceil(expo() * days) : expo(), seq++});
  struct timespec a, b, ca, cb;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
  double now = 0;
  if (days > 0)
    for (long e = 0; e < events; e++) { now = pop().t; push((item){now + ceil(expo() * days), seq++}); }
  else
    for (long e = 0; e < events; e++) { now = pop().t; push((item){now + expo(), seq++}); }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double secs = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
  double cpu = (double)(cb.tv_sec - ca.tv_sec) + 1e-9 * (double)(cb.tv_nsec - ca.tv_nsec);
  printf("%.0f %.6f %.6f %.0f\n", (double)events / secs, secs, now, (double)events / cpu);
  return 0;
}
