// Everything is in the header; SwiftPM wants a source file in a C target.
#include "fs_prefetch.h"
