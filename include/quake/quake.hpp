// quake: fast approximate exponential non-linearities (QuAKE). Include this for everything.
#pragma once

#include <quake/config.hpp>
#include <quake/half.hpp>
#include <quake/registry.hpp>
