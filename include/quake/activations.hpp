// quake's element-wise activations and every other function of the list <quake/functions.inc>
// (sigmoid, tanh, silu, the GELUs, ...): each has its own header; this includes them all.
#pragma once

#include <quake/registry.hpp>
