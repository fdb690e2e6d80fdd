// quake: fast approximate exponential non-linearities (QuAKE). Include this for everything.
#pragma once

#include <quake/config.hpp>
#include <quake/exp.hpp>
