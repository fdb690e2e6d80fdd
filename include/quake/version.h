/* quake's version, for C and C++: written only here (CMakeLists.txt reads it from here). */
#ifndef QUAKE_VERSION_H
#define QUAKE_VERSION_H

#define QUAKE_VERSION_MAJOR 0
#define QUAKE_VERSION_MINOR 1
#define QUAKE_VERSION_PATCH 0
/* "MAJOR.MINOR.PATCH" */
#define QUAKE_VERSION_STRING "0.1.0"

#endif
